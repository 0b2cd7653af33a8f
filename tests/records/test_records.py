"""The signed session record: adverse events, the practitioner's signature (password re-entered), read-only once
signed, and amendments that keep the original."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from records import services
from records.models import AdverseEvent, SessionAmendment, SessionSignature
from tests.conftest import make_user
from tests.factories import PASSWORD
from tests.fixtures.mfa import totp_code
from tests.html import alerts, field_error, field_value, section, soup, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(performed_session):
    return performed_session


def url(session):
    return reverse("records:session_detail", kwargs={"code": session.code})


def test_a_practitioner_notes_a_bruise_and_signs_with_their_password(session, practitioner_user, practitioner_client):
    response = practitioner_client.post(
        url(session),
        {"action": "event", "kind": "bruising", "severity": "mild", "details": "left brow", "action_taken": "pressure"},
        follow=True,
    )
    assert alerts(response) == ["Adverse event noted."]
    events = section(response, "Adverse events during the session").get_text(" ", strip=True)
    assert "Bruising · mild · left brow" in events and "Action: pressure" in events

    response = practitioner_client.post(
        url(session), {"action": "sign", "password": PASSWORD, "otp_code": totp_code(practitioner_user)}, follow=True
    )
    assert alerts(response) == ["Record signed. It is now read-only; corrections are amendments."]
    signature = SessionSignature.objects.get(session=session)
    assert signature.signed_by == practitioner_user and signature.record_hash == services.record_hash(session)
    assert "The record above is exactly what was signed." in section(response, "Signature").get_text(" ", strip=True)


def test_a_wrong_password_is_refused_next_to_the_field_and_nothing_is_signed(session, practitioner_client):
    response = practitioner_client.post(url(session), {"action": "sign", "password": "not-it"})
    assert response.status_code == 200
    assert field_error(response, "password") == "That is not your password. Enter it again to sign."
    assert not SessionSignature.objects.filter(session=session).exists()


def test_only_the_practitioner_who_performed_the_session_signs_it(session, practitioner_user):
    other = make_user("other-practitioner", "Practitioner", "Olu", "Other")
    with pytest.raises(ValidationError) as caught:
        services.session_sign(session=session, by=other, password=PASSWORD)
    assert caught.value.message_dict == {
        "password": ["Only the practitioner who performed the session signs its record."]
    }


def test_a_signed_record_is_read_only_and_corrected_by_an_amendment_that_keeps_the_original(
    session, practitioner_user, practitioner_client
):
    services.session_sign(
        session=session, by=practitioner_user, password=PASSWORD, otp_code=totp_code(practitioner_user)
    )
    with pytest.raises(ValidationError, match="signed and cannot be changed"):
        services.adverse_event_add(
            session=session, by=practitioner_user, kind="swelling", severity="mild", action_taken="none"
        )
    # The page no longer offers the event form, and a forged post is refused.
    page = practitioner_client.get(url(session))
    assert soup(page).select('form[aria-label="Note an adverse event"]') == []
    forged = {"action": "event", "kind": "swelling", "severity": "mild", "action_taken": "none"}
    assert practitioner_client.post(url(session), forged).status_code == 403

    response = practitioner_client.post(
        url(session),
        {"action": "amend", "correction": "The lot was C1234, not C1243.", "reason": "typing error"},
        follow=True,
    )
    assert alerts(response) == ["Amendment added; the signed original is kept as it was."]
    amendment = SessionAmendment.objects.get(session=session)
    assert (amendment.made_by, amendment.reason) == (practitioner_user, "typing error")
    # The original stays as it was signed, beside the amendment.
    given = table_rows(response, "Products given in this session")
    assert given[0][-1] == "C1243"
    assert "The lot was C1234, not C1243." in section(response, "Amendments").get_text(" ", strip=True)
    assert services.signature_intact(session)
    with pytest.raises(ValidationError):
        SessionSignature.objects.get(session=session).save()  # a signature never changes


def test_an_amendment_needs_a_reason_and_keeps_what_was_typed(session, practitioner_user, practitioner_client):
    services.session_sign(
        session=session, by=practitioner_user, password=PASSWORD, otp_code=totp_code(practitioner_user)
    )
    response = practitioner_client.post(url(session), {"action": "amend", "correction": "Lot C1234.", "reason": ""})
    assert field_error(response, "reason") == "This field is required."
    assert "Lot C1234." in soup(response).select_one('textarea[name="correction"]').get_text()
    assert not SessionAmendment.objects.exists()


def test_an_other_event_needs_its_details(session, practitioner_client):
    response = practitioner_client.post(
        url(session), {"action": "event", "kind": "other", "severity": "severe", "action_taken": "called 999"}
    )
    assert field_error(response, "details") == "Say what happened."
    assert "called 999" in soup(response).select_one('textarea[name="action_taken"]').get_text()  # kept
    assert field_value(response, "severity") == "severe"
    assert not AdverseEvent.objects.exists()


def test_a_changed_record_no_longer_matches_its_signature(session, practitioner_user):
    services.session_sign(
        session=session, by=practitioner_user, password=PASSWORD, otp_code=totp_code(practitioner_user)
    )
    session.items.update(lot_number="ZZZ")  # written behind the app's back
    assert not services.signature_intact(session)


@pytest.mark.parametrize("role", ["frontdesk", "catalogadmin"])
def test_the_record_is_clinical(role, session, role_client):
    assert role_client(role).get(url(session)).status_code == 403


def test_the_plan_page_links_each_session_to_its_record(session, practitioner_client):
    page = practitioner_client.get(reverse("planning:plan_detail", kwargs={"code": session.plan.code}))
    links = [a for a in soup(page).select("#sessions a") if a.get("href") == url(session)]
    assert [a.get_text(" ", strip=True) for a in links] == ["Open record to sign of session 1"]
