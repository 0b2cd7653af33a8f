"""The patient view of a plan on the clinic's tablet: the plan in plain words, nothing internal, what to sign."""

import pytest
from django.urls import reverse

from consents.models import ConsentText
from planning.models import PlanStatus
from planning.services import plan_update_details
from tests.consents.conftest import patient_view_url, sign_url
from tests.fixtures.planning import add_item, move_to, sign_for_treatment
from tests.html import main, section, soup, table_rows, text, texts_of

pytestmark = pytest.mark.django_db

INTERNAL = ("Clinical note SECRET", "Rationale SECRET", "Override SECRET")
CITATIONS = ("§", "LABEL", "REVIEW", "PRACTICE", "Heydenrych", "PMC", "drugs.com", "source")


@pytest.fixture
def plan_with_internals(plan, consultation, practitioner_user):
    """A proposed plan with clinical notes, an item rationale, a stop finding (lidocaine allergy) and its override
    reason: everything the patient must never see."""
    consultation.allergy_lidocaine = True
    consultation.save(update_fields=["allergy_lidocaine"])
    item = add_item(plan, practitioner_user, dose="3.2")
    item.plan.items.update(rationale="Rationale SECRET")
    add_item(
        plan,
        practitioner_user,
        treatment="frown-lines",
        area="glabella",
        product="botox-cosmetic",
        dose="20",
        side="midline",
        session=2,
    )
    plan.refresh_from_db()
    plan_update_details(
        plan=plan,
        by=practitioner_user,
        expected_version=plan.version,
        title=plan.title,
        planned_for=plan.planned_for,
        session_gap_days=14,
        notes="Clinical note SECRET",
        patient_notes="Please avoid alcohol the day before.",
    )
    return move_to(plan, practitioner_user, PlanStatus.PROPOSED, override_reason="Override SECRET")


@pytest.mark.parametrize("role", ["practitioner", "frontdesk"])
def test_the_patient_view_shows_the_plan_in_plain_words_and_nothing_internal(plan_with_internals, role_client, role):
    response = role_client(role).get(patient_view_url(plan_with_internals))
    assert response.status_code == 200
    page = main(response)
    html = str(page)
    for marker in (*INTERNAL, *CITATIONS):
        assert marker not in html, marker
    assert not page.select(".finding, .findings, [class*=finding-]")
    assert "Stop" not in text(page) and "Caution" not in text(page)
    assert text(page.h1) == "Your treatment plan, Zoë Martin"
    # The items by session, with prices and the total.
    item, subtotal = table_rows(page, "What is planned in session 1")
    assert item[:3] == ["Chin", "Chin augmentation Juvéderm Voluma XC", "3.2 mL"]
    assert item[3].startswith("£")
    assert subtotal[0] == "Session 1 subtotal"
    assert "Botox Cosmetic" in table_rows(page, "What is planned in session 2")[0][1]
    assert text(page.select_one(".patient-total")).startswith("Total £")
    # The face chart, not interactive; the practitioner's notes for the patient; the aftercare.
    chart = page.select_one("#face-chart")
    assert chart is not None and not chart.select("a.chart-link")
    assert len(chart.select("circle.is-planned")) >= 2
    assert "Please avoid alcohol the day before." in text(section(page, "Notes from your practitioner"))
    assert "Contact the clinic at once" in text(section(page, "Aftercare"))


def test_the_patient_is_asked_to_sign_the_plan_and_a_consent_per_kind_of_treatment_and_photos(
    plan_with_internals, practitioner_client
):
    page = main(practitioner_client.get(patient_view_url(plan_with_internals)))
    rows = texts_of(page, ".sign-row .sign-label")
    assert rows == [
        "I accept this treatment plan",
        "Your consent to botulinum toxin treatment",
        "Your consent to dermal filler treatment",
        "Your consent to clinical photos",
    ]
    links = [a["href"] for a in page.select(".sign-row a.sign-button")]
    assert links == [sign_url(plan_with_internals, w) for w in ("plan", "toxin", "filler", "photos")]
    assert "(if you agree)" in text(page.select(".sign-row")[3])


def test_the_patient_view_takes_as_many_queries_for_a_long_plan_as_for_a_short_one(
    two_kind_plan, consultation, practitioner_client, practitioner_user
):
    from planning.services import plan_create

    short_plan = plan_create(consultation=consultation, by=practitioner_user, title="Plan B")
    add_item(short_plan, practitioner_user)
    move_to(short_plan, practitioner_user, PlanStatus.PROPOSED)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(plan):
        practitioner_client.get(patient_view_url(plan))  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            assert practitioner_client.get(patient_view_url(plan)).status_code == 200
        return len(queries)

    short = count(short_plan)
    sign_for_treatment(two_kind_plan, practitioner_user, kinds=["filler", "toxin"])
    assert count(two_kind_plan) == short


def test_a_filler_only_plan_asks_for_no_toxin_consent(proposed_plan, practitioner_client):
    page = main(practitioner_client.get(patient_view_url(proposed_plan)))
    assert "Your consent to botulinum toxin treatment" not in text(page)


def test_what_is_signed_shows_when_and_until_when_and_is_not_asked_again(
    proposed_plan, practitioner_client, practitioner_user
):
    sign_for_treatment(proposed_plan, practitioner_user)
    page = main(practitioner_client.get(patient_view_url(proposed_plan)))
    done = page.select(".sign-row.is-done")
    assert len(done) == 2  # the plan and the filler consent; the photo consent is still open
    assert "in force until" in text(done[1])
    assert len(page.select(".sign-row a.sign-button")) == 1
    assert "everything your treatment needs is signed" in text(page)  # the photo consent is the patient's choice


def test_the_signing_page_shows_the_current_text_and_the_plan_but_not_the_source_note(
    plan_with_internals, frontdesk_client
):
    response = frontdesk_client.get(sign_url(plan_with_internals, "filler"))
    page = main(response)
    text_row = ConsentText.objects.get(kind="filler", is_current=True)
    assert text(page.h1) == text_row.title
    assert "hyaluronidase" in text(page.select_one(".consent-text"))
    assert "Total: £" in text(page.select_one(".plan-summary"))
    html = str(page)
    for marker in (*INTERNAL, "Heydenrych", "§", "LABEL"):
        assert marker not in html, marker
    # The signature pad: a canvas, its hidden input, a clear button, and the typed name with a real label.
    assert page.select_one("canvas[data-signature-canvas]") is not None
    assert page.select_one("button[data-signature-clear]") is not None
    assert page.find("label", attrs={"for": "id_typed_name"}) is not None
    assert page.find("label", attrs={"for": "id_signed_by_typing"}) is not None
    scripts = [s.get("src", "") for s in soup(response).find_all("script")]
    assert "/static/consents/signature.js" in scripts and all(scripts)  # no inline script


def test_a_draft_has_no_patient_view(plan_item, practitioner_client, frontdesk_client):
    response = practitioner_client.get(patient_view_url(plan_item.plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_detail", args=[plan_item.plan.code])
    assert frontdesk_client.get(patient_view_url(plan_item.plan)).status_code == 404  # drafts are not theirs to see


def test_the_patient_page_lists_what_was_signed_with_its_page_and_pdf(
    proposed_plan, practitioner_user, frontdesk_client, patient
):
    acceptance, (consent,) = sign_for_treatment(proposed_plan, practitioner_user)
    page = soup(frontdesk_client.get(reverse("patients:patient_detail", args=[patient.code])))
    signed = section(page, "Signed consents and acceptances")
    hrefs = {a["href"] for a in signed.find_all("a")}
    assert reverse("consents:signed_detail", args=[consent.code]) in hrefs
    assert reverse("consents:signed_pdf", args=[acceptance.code]) in hrefs
    assert patient_view_url(proposed_plan) in hrefs


def test_the_catalog_admin_sees_no_signatures_on_any_page(proposed_plan, practitioner_user, catalogadmin_client):
    _, (consent,) = sign_for_treatment(proposed_plan, practitioner_user)
    assert catalogadmin_client.get(reverse("consents:signed_detail", args=[consent.code])).status_code == 403
    assert catalogadmin_client.get(patient_view_url(proposed_plan)).status_code == 403
