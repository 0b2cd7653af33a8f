"""Security review: access to records across views, fragments, print and admin; IDOR between plans and patients;
redirects; clinical text kept out of URLs; and no 500 on malformed input, for every role.

The first tests each pin a problem the review found (they failed before the fix); the rest guard what held."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from clinic.roles import CATALOG_ADMIN, FRONT_DESK, PRACTITIONER
from patients import services as clinic_services
from planning import services as planning_services
from planning.models import TreatmentPlan
from tests.conftest import client_for, make_user
from tests.fixtures.planning import add_item

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
HUGE = "9" * 30


def plan_url(name, plan, **kwargs):
    return reverse(f"planning:{name}", kwargs={"code": plan.code, **kwargs})


def set_details(plan, by, **changes):
    plan.refresh_from_db()
    fields = {
        "title": plan.title,
        "planned_for": plan.planned_for,
        "session_gap_days": plan.session_gap_days,
        "notes": plan.notes,
        "patient_notes": plan.patient_notes,
        **changes,
    }
    return planning_services.plan_update_details(plan=plan, by=by, expected_version=plan.version, **fields)


# --- problems found by the review -------------------------------------------------------------------------------


def test_saving_a_plans_details_saves_them_instead_of_failing_with_a_server_error(plan, practitioner_client):
    response = practitioner_client.post(
        plan_url("plan_edit", plan),
        {
            "version": plan.version,
            "title": "Plan A (revised)",
            "planned_for": "",
            "session_gap_days": "21",
            "notes": "Reviewed",
            "patient_notes": "",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.session_gap_days, plan.notes) == ("Plan A (revised)", 21, "Reviewed")


def test_a_stale_plan_details_form_is_refused_with_a_message_not_a_server_error(plan, practitioner_client):
    data = {"version": plan.version + 5, "title": "Plan A", "session_gap_days": "14"}
    response = practitioner_client.post(plan_url("plan_edit", plan), data)
    assert response.status_code == 200
    assert "reload" in response.content.decode().lower()


@pytest.mark.parametrize("name", ["plan_create", "plan_edit"])
def test_a_first_session_date_thousands_of_years_ahead_is_refused_next_to_the_field(
    name, plan, consultation, practitioner_client
):
    url = (
        reverse("planning:plan_create", kwargs={"consultation_code": consultation.code})
        if name == "plan_create"
        else plan_url("plan_edit", plan)
    )
    data = {"version": plan.version, "title": "Plan Z", "planned_for": "9999-12-31", "session_gap_days": "365"}
    response = practitioner_client.post(url, data)
    assert response.status_code == 200
    assert 'value="9999-12-31"' in response.content.decode()  # what was typed is kept
    assert "First session date" in response.content.decode()
    assert response.context["form"].errors["planned_for"]
    assert not TreatmentPlan.objects.filter(planned_for__year=9999).exists()


def test_the_plan_page_and_print_survive_a_stored_session_date_past_the_calendars_end(
    plan, practitioner_user, practitioner_client
):
    add_item(plan, practitioner_user, session=3)
    # Stored before the model bounded the year (the services now refuse it): written straight to the table.
    TreatmentPlan.objects.filter(pk=plan.pk).update(planned_for=dt.date(9999, 12, 20), session_gap_days=365)
    assert practitioner_client.get(plan_url("plan_detail", plan)).status_code == 200
    assert practitioner_client.get(plan_url("plan_print", plan)).status_code == 200


@pytest.fixture
def desk_and_catalog_user(db):
    """One person on two roles, as in a small patients: the receptionist also keeps the catalog (is_staff)."""
    user = make_user("deskcatalog", FRONT_DESK, "Dana", "Both")
    user.groups.add(Group.objects.get(name=CATALOG_ADMIN))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_a_front_desk_member_with_admin_access_cannot_read_plans_or_their_notes_in_the_admin(
    plan, practitioner_user, desk_and_catalog_user
):
    set_details(plan, practitioner_user, notes="Clinical note only practitioners read")
    client = client_for(desk_and_catalog_user)
    assert client.get("/admin/catalog/").status_code == 200  # the catalog admin still works for them
    for url in (
        "/admin/planning/treatmentplan/",
        f"/admin/planning/treatmentplan/{plan.pk}/change/",
        f"/admin/planning/treatmentplan/{plan.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url  # the admin refuses: no planning permission on either role
        assert "Clinical note only practitioners read" not in response.content.decode()
    assert "Treatment plans" not in client.get("/admin/").content.decode()


def test_a_practitioner_with_admin_access_still_reads_plans_in_the_admin(plan, db):
    user = make_user("practadmin", PRACTITIONER, "Pat", "Both")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    assert client_for(user).get(f"/admin/planning/treatmentplan/{plan.pk}/change/").status_code == 200


def test_choosing_the_next_item_choice_keeps_the_typed_rationale_and_dose_out_of_the_url(
    plan, practitioner_client, seeded_catalog
):
    html = practitioner_client.get(plan_url("item_add", plan)).content.decode()
    cascading = re.findall(r"<select[^>]*hx-(?:get|post)=[^>]*>", html)
    assert cascading, "the area select cascades with htmx"
    assert all("hx-get" not in tag for tag in cascading), "a GET would put the rationale and dose in the URL"


def test_the_htmx_cascade_post_shows_the_next_choices_without_saving(plan, practitioner_client, seeded_catalog):
    from catalog.models import FacialArea

    chin = FacialArea.objects.get(slug="chin")
    response = practitioner_client.post(
        plan_url("item_add", plan),
        {"version": plan.version, "area": chin.pk, "rationale": "Asymmetry since surgery", "next": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="area",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a treatment…" in html
    assert "Asymmetry since surgery" in html  # kept
    assert plan.items.count() == 0


# --- what held: guards ------------------------------------------------------------------------------------------


@pytest.fixture
def two_plans(proposed_plan, consultation, practitioner_user):
    """The proposed plan A (with an item) and a draft plan B with its own item, on the same consultation."""
    plan_b = planning_services.plan_create(consultation=consultation, by=practitioner_user, title="Plan B")
    return proposed_plan, add_item(plan_b, practitioner_user)


@pytest.mark.parametrize(
    "name,method", [("item_edit", "get"), ("item_edit", "post"), ("item_row", "get"), ("item_remove", "post")]
)
def test_an_item_of_one_plan_cannot_be_reached_through_another_plans_url(name, method, two_plans, practitioner_client):
    plan_a, item_b = two_plans
    url = plan_url(name, plan_a, item_id=item_b.pk)
    response = getattr(practitioner_client, method)(url, {"version": plan_a.version, "dose": "1"}, **HTMX)
    assert response.status_code == 404
    assert item_b.plan.items.filter(pk=item_b.pk).exists()


def test_a_consultation_or_session_of_another_patient_cannot_be_used_to_upload_photos(
    consultation, frontdesk_user, frontdesk_client
):
    other, _ = clinic_services.patient_create(
        by=frontdesk_user, given_name="Ola", family_name="Berg", date_of_birth=dt.date(1990, 1, 1)
    )
    url = reverse("photos:upload", args=[other.code])
    assert frontdesk_client.get(f"{url}?consultation={consultation.code}").status_code == 404
    assert frontdesk_client.get(f"{url}?session={consultation.code}").status_code == 404
    assert frontdesk_client.get(f"{url}?consultation=not-a-uuid").status_code == 404


CLINICAL_MARKERS = ("Clinical note SECRET", "Rationale SECRET", "Plan B", "Change history", "Safety checks")


def test_the_front_desk_never_sees_clinical_text_or_drafts_on_any_page_or_fragment(
    two_plans, practitioner_user, frontdesk_client, patient, consultation
):
    plan_a, item_b = two_plans
    set_details(plan_a, practitioner_user, notes="Clinical note SECRET", patient_notes="See you soon")
    plan_a.items.update(rationale="Rationale SECRET")
    pages = [
        plan_url("plan_detail", plan_a),
        plan_url("plan_print", plan_a),
        reverse("planning:plan_list"),
        reverse("patients:patient_detail", args=[patient.code]),
        reverse("patients:consultation_detail", args=[consultation.code]),
        reverse("patients:dashboard"),
    ]
    for url in pages:
        for extra in ({}, HTMX):
            html = frontdesk_client.get(url, **extra).content.decode()
            leaked = [m for m in CLINICAL_MARKERS if m in html]
            assert not leaked, (url, leaked)
    assert "See you soon" in frontdesk_client.get(plan_url("plan_detail", plan_a)).content.decode()
    assert frontdesk_client.get(plan_url("plan_detail", item_b.plan)).status_code == 404
    assert frontdesk_client.get(plan_url("plan_print", item_b.plan)).status_code == 404


def test_the_catalog_admin_reaches_no_patient_record_from_the_catalog_or_the_admin(
    proposed_plan, patient, consultation, catalogadmin_client
):
    for url in ("/catalog/", "/admin/", "/admin/catalog/", reverse("catalog:template_list")):
        html = catalogadmin_client.get(url).content.decode()
        assert patient.family_name not in html and str(patient.code) not in html, url
    for url in (
        "/admin/planning/treatmentplan/",
        f"/admin/planning/treatmentplan/{proposed_plan.pk}/change/",
        plan_url("plan_detail", proposed_plan),
        reverse("patients:patient_detail", args=[patient.code]),
        reverse("photos:gallery", args=[patient.code]),
    ):
        assert catalogadmin_client.get(url).status_code == 403, url  # refused, not hidden, for staff off its role


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x", "/\\evil.example", "javascript:x"])
def test_the_consultation_status_form_never_redirects_off_site(target, consultation, frontdesk_client):
    url = reverse("patients:consultation_status", args=[consultation.code])
    response = frontdesk_client.post(url, {"status": "in_progress", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:consultation_detail", args=[consultation.code])


def test_a_photo_file_is_served_under_a_neutral_name_and_never_for_an_unknown_variant(photo, frontdesk_client):
    response = frontdesk_client.get(reverse("photos:file", args=[photo.code, "image"]))
    assert response["Content-Disposition"] == 'inline; filename="photo-image.jpg"'
    assert frontdesk_client.get(f"/photos/file/{photo.code}/..%2F..%2Fsettings.py/").status_code == 404


def _malformed_requests(plan, item, consultation, patient, photo):
    code = plan.code
    return [
        ("post", plan_url("plan_edit", plan), {}),
        ("post", plan_url("plan_edit", plan), {"version": HUGE, "title": "x" * 500, "session_gap_days": HUGE}),
        ("post", plan_url("plan_status", plan), {"to": "nonsense", "version": HUGE}),
        ("get", plan_url("plan_status", plan) + "?to=" + HUGE, None),
        ("post", plan_url("item_add", plan), {"area": HUGE, "treatment": HUGE, "product": HUGE, "dose": HUGE}),
        ("post", plan_url("item_add", plan), {"next": "1", "area": HUGE}),
        ("get", plan_url("item_add", plan) + f"?area={HUGE}&treatment=x&product=1e9&version=x", None),
        ("get", f"/plans/{code}/items/{HUGE}/edit/", None),
        ("post", f"/plans/{code}/items/{HUGE}/remove/", {}),
        ("post", plan_url("item_edit", plan, item_id=item.pk), {"dose": HUGE, "product": HUGE, "version": HUGE}),
        ("post", plan_url("item_remove", plan, item_id=item.pk), {"version": HUGE}),
        ("post", plan_url("template_apply", plan), {"template": HUGE, "version": HUGE}),
        ("post", plan_url("suggestion_apply", plan), {"kind": "template", "id": HUGE, "version": "x"}),
        ("post", plan_url("suggestion_apply", plan), {"kind": "nonsense"}),
        (
            "post",
            plan_url("session_record", plan),
            {"version": HUGE, "session_number": HUGE, "performed_on": "x", "performed_time": HUGE},
        ),
        ("post", reverse("planning:plan_create", args=[consultation.code]), {"session_gap_days": HUGE}),
        ("post", reverse("patients:consultation_status", args=[consultation.code]), {}),
        ("post", reverse("patients:patient_search"), {"q": "x" * 10000}),
        ("post", reverse("patients:patient_search"), {"q": "31/02/1990"}),
        ("post", reverse("patients:patient_edit", args=[patient.code]), {"date_of_birth": "0001-01-01"}),
        ("post", reverse("patients:consultation_edit", args=[consultation.code]), {"previous-TOTAL_FORMS": HUGE}),
        ("post", reverse("patients:consultation_create", args=[patient.code]), {"when_date": "9999-12-31"}),
        ("get", reverse("patients:previous_treatment_row") + f"?previous-TOTAL_FORMS={HUGE}", None),
        ("get", reverse("photos:compare", args=[patient.code]) + f"?view=zz&left=zz&right={HUGE}", None),
        ("post", reverse("photos:detail", args=[photo.code]), {"taken_on": "99999-01-01"}),
        ("post", reverse("photos:upload", args=[patient.code]), {"taken_on": "x", "view": "x"}),
        ("get", reverse("catalog:treatment_detail", args=["no-such-treatment"]), None),
    ]


@pytest.mark.parametrize("role", ["outsider", "frontdesk", "practitioner", "catalogadmin"])
def test_no_endpoint_answers_malformed_input_with_a_server_error(
    role, users, proposed_plan, plan_item, consultation, patient, photo
):
    client = client_for(users[role])
    for method, url, data in _malformed_requests(proposed_plan, plan_item, consultation, patient, photo):
        for extra in ({}, HTMX):
            response = getattr(client, method)(url, data or {}, **extra)
            assert response.status_code < 500, (role, method, url)


def test_a_photo_of_another_patient_cannot_be_set_in_this_patients_comparison(
    photo_pair, frontdesk_user, frontdesk_client
):
    from tests.fixtures.photos import store_photo

    other, _ = clinic_services.patient_create(
        by=frontdesk_user,
        given_name="Ola",
        family_name="Berg",
        date_of_birth=dt.date(1990, 1, 1),
        consent_photos_clinical=True,
    )
    foreign = store_photo(patient=other, by=frontdesk_user)
    before, after = photo_pair
    url = reverse("photos:compare", args=[before.patient.code])
    response = frontdesk_client.get(url, {"view": "front", "left": str(foreign.code), "right": str(after.code)})
    assert response.status_code == 200
    assert response.context["left"] is None
    assert str(foreign.code) not in response.content.decode()


def test_a_patients_name_in_a_flash_message_is_not_stored_in_a_browser_cookie(frontdesk_client):
    import base64

    data = {"given_name": "Zoe", "family_name": "Cookiename", "date_of_birth": "12/04/1988", "sex": "female"}
    response = frontdesk_client.post(reverse("patients:patient_create"), data)
    assert response.status_code == 302
    cookie = response.cookies.get("messages")
    payload = cookie.value.split(":")[0] if cookie else ""
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)) if payload else b""
    assert b"Cookiename" not in decoded
    assert "messages" not in response.cookies  # kept in the server-side session instead
