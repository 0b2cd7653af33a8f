"""The consents' guards on planning's changes: a plan is accepted only once the patient signed it, and a session is
recorded only while the patient's consent to each kind of treatment given is in force."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic.formatting import day
from consents import services as consent_services
from consents.models import ConsentText
from planning.guards import PLAN_ACCEPT_GUARDS, SESSION_START_GUARDS, GuardRefusal
from planning.models import PlanStatus
from planning.services import PerformedLine, plan_update_details, session_record
from tests.consents.conftest import patient_view_url
from tests.fixtures.planning import move_to, sign_for_treatment
from tests.html import field_error, soup

pytestmark = pytest.mark.django_db


def _record(plan, by, *, kinds=None, when=None):
    plan.refresh_from_db()
    items = [i for i in plan.items.select_related("product") if kinds is None or i.product.kind in kinds]
    return session_record(
        plan=plan,
        by=by,
        session_number=items[0].session_number,
        performed_at=when or timezone.now() - dt.timedelta(minutes=30),
        lines=[PerformedLine(plan_item=item, lot_number="LOT1") for item in items],
        expected_version=plan.version,
    )


def test_the_guards_are_registered_by_the_consents_app():
    from consents import guards

    assert guards.plan_is_signed in list(PLAN_ACCEPT_GUARDS)
    assert guards.session_consents_in_force in list(SESSION_START_GUARDS)


# --- accepting ------------------------------------------------------------------------------------------------


def test_a_plan_the_patient_has_not_signed_cannot_be_accepted(proposed_plan, practitioner_user):
    with pytest.raises(GuardRefusal) as exc:
        move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)
    assert "has not signed this version of the plan" in " ".join(exc.value.message_dict["to"])
    assert exc.value.next_steps[0].url == patient_view_url(proposed_plan)
    assert proposed_plan.status == PlanStatus.PROPOSED


def test_a_signed_plan_is_accepted(proposed_plan, practitioner_user):
    sign_for_treatment(proposed_plan, practitioner_user, kinds=[])
    assert move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED).status == PlanStatus.ACCEPTED


def test_a_signature_for_an_earlier_version_of_the_plan_does_not_accept_it(proposed_plan, practitioner_user):
    sign_for_treatment(proposed_plan, practitioner_user, kinds=[])
    proposed_plan.refresh_from_db()
    plan_update_details(
        plan=proposed_plan,
        by=practitioner_user,
        expected_version=proposed_plan.version,
        title="Plan A",
        planned_for=proposed_plan.planned_for,
        session_gap_days=21,
    )
    with pytest.raises(ValidationError):
        move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)


def test_the_status_form_says_to_get_the_signature_on_the_patient_view_with_a_link(proposed_plan, practitioner_client):
    response = practitioner_client.post(
        reverse("planning:plan_status", args=[proposed_plan.code]), {"to": "accepted", "version": proposed_plan.version}
    )
    assert response.status_code == 200
    assert "has not signed this version of the plan" in field_error(response, "to")
    link = soup(response).find("a", string="Open the patient view for the patient's signature")
    assert link is not None and link["href"] == patient_view_url(proposed_plan)
    proposed_plan.refresh_from_db()
    assert proposed_plan.status == PlanStatus.PROPOSED


def test_once_signed_the_patient_view_offers_the_practitioner_to_accept_the_plan(
    proposed_plan, practitioner_client, practitioner_user, frontdesk_client
):
    sign_for_treatment(proposed_plan, practitioner_user)
    page = soup(practitioner_client.get(patient_view_url(proposed_plan)))
    form = page.select_one("form.staff-accept")
    assert form["action"] == reverse("planning:plan_status", args=[proposed_plan.code])
    # The front desk witnesses signatures but does not change plans: they are told who does.
    desk = soup(frontdesk_client.get(patient_view_url(proposed_plan)))
    assert desk.select_one("form.staff-accept") is None
    assert "the practitioner now moves it to accepted" in desk.select_one("p.staff-accept").get_text()
    data = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    response = practitioner_client.post(form["action"], data)
    assert response.status_code == 302
    proposed_plan.refresh_from_db()
    assert proposed_plan.status == PlanStatus.ACCEPTED


# --- recording a session ----------------------------------------------------------------------------------------


def test_a_session_is_refused_without_the_patients_consent_to_its_treatment(proposed_plan, practitioner_user):
    sign_for_treatment(proposed_plan, practitioner_user, kinds=[])  # the plan, but no filler consent
    move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)
    with pytest.raises(ValidationError) as exc:
        _record(proposed_plan, practitioner_user)
    message = " ".join(exc.value.messages)
    assert "has not signed the consent to dermal filler treatment" in message
    assert "patient view" in message
    assert not proposed_plan.sessions.exists()


def test_a_session_is_recorded_with_the_consent_in_force(accepted_plan, practitioner_user):
    session = _record(accepted_plan, practitioner_user)
    accepted_plan.refresh_from_db()
    assert session.pk and accepted_plan.status == PlanStatus.IN_PROGRESS


def test_each_kind_of_treatment_given_needs_its_own_consent(two_kind_plan, practitioner_user):
    sign_for_treatment(two_kind_plan, practitioner_user, kinds=["filler"])
    move_to(two_kind_plan, practitioner_user, PlanStatus.ACCEPTED)
    assert _record(two_kind_plan, practitioner_user, kinds={"filler"}).pk  # session 1: the chin filler
    with pytest.raises(ValidationError) as exc:
        _record(two_kind_plan, practitioner_user, kinds={"toxin"})  # session 2: the frown lines
    assert "consent to botulinum toxin treatment" in " ".join(exc.value.messages)
    sign_for_treatment(two_kind_plan, practitioner_user, accept=False, kinds=["toxin"])
    assert _record(two_kind_plan, practitioner_user, kinds={"toxin"}).pk


def test_a_consent_runs_out_after_the_clinics_number_of_days(proposed_plan, practitioner_user, settings, monkeypatch):
    settings.HARMONY_CONSENT_VALID_DAYS = 30
    signed = timezone.now() - dt.timedelta(days=31)
    monkeypatch.setattr(consent_services, "_now", lambda: signed)
    _, (consent,) = sign_for_treatment(proposed_plan, practitioner_user)
    monkeypatch.undo()
    assert consent.valid_until == timezone.localdate(signed) + dt.timedelta(days=30)
    move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)
    with pytest.raises(ValidationError) as exc:
        _record(proposed_plan, practitioner_user)
    assert f"ran out on {day(consent.valid_until)}" in " ".join(exc.value.messages)
    assert not proposed_plan.sessions.exists()


def test_the_clinics_longer_validity_keeps_an_older_consent_in_force(
    proposed_plan, practitioner_user, settings, monkeypatch
):
    settings.HARMONY_CONSENT_VALID_DAYS = 365
    monkeypatch.setattr(consent_services, "_now", lambda: timezone.now() - dt.timedelta(days=31))
    sign_for_treatment(proposed_plan, practitioner_user)
    monkeypatch.undo()
    move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)
    assert _record(proposed_plan, practitioner_user).pk


def test_a_consent_signed_on_a_replaced_text_must_be_signed_again(accepted_plan, practitioner_user, catalogadmin_user):
    old = ConsentText.objects.get(kind="filler", is_current=True)
    consent_services.consent_text_publish(
        kind="filler", title=old.title, body=old.body + "\n\nNew.", by=catalogadmin_user
    )
    with pytest.raises(ValidationError) as exc:
        _record(accepted_plan, practitioner_user)
    assert "earlier version of its text" in " ".join(exc.value.messages)
    sign_for_treatment(accepted_plan, practitioner_user, accept=False)
    assert _record(accepted_plan, practitioner_user).pk


def test_a_session_entered_late_is_recorded_while_the_consent_is_in_force(proposed_plan, practitioner_user):
    sign_for_treatment(proposed_plan, practitioner_user)
    move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)
    assert _record(proposed_plan, practitioner_user, when=timezone.now() - dt.timedelta(days=3)).pk


def test_the_session_form_shows_the_refusal_at_the_top_keeping_what_was_typed(
    proposed_plan, practitioner_user, practitioner_client
):
    sign_for_treatment(proposed_plan, practitioner_user, kinds=[])
    move_to(proposed_plan, practitioner_user, PlanStatus.ACCEPTED)
    item = proposed_plan.items.get()
    now = timezone.localtime() - dt.timedelta(minutes=10)
    response = practitioner_client.post(
        reverse("planning:session_record", args=[proposed_plan.code]),
        {
            "version": proposed_plan.version,
            "session_number": 1,
            "performed_on": now.strftime("%d/%m/%Y"),
            "performed_time": now.strftime("%H:%M"),
            f"done_{item.pk}": "on",
            f"lot_{item.pk}": "VB123A",
        },
    )
    assert response.status_code == 200
    page = soup(response)
    assert "has not signed the consent to dermal filler treatment" in page.get_text()
    assert page.find("input", attrs={"name": f"lot_{item.pk}"})["value"] == "VB123A"
    assert not proposed_plan.sessions.exists()
    # ... with a link to the patient view, where the patient signs what is missing.
    link = page.select_one("div.alert-danger a")
    assert link["href"] == reverse("consents:patient_view", args=[proposed_plan.code])


def test_the_plan_page_opens_the_patient_view_once_the_plan_is_proposed(
    plan, plan_item, practitioner_user, practitioner_client
):
    def patient_view_links():
        page = soup(practitioner_client.get(reverse("planning:plan_detail", args=[plan.code])))
        return page.select(f"a[href='{reverse('consents:patient_view', args=[plan.code])}']")

    assert patient_view_links() == []  # a draft is not shown to the patient
    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    assert [" ".join(a.get_text().split()) for a in patient_view_links()] == ["Patient view for signing on the tablet"]
