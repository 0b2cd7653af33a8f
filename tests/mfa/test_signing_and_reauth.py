"""The second factor re-checked where a signature is made (the session record, a consent's witness), and the
re-authentication window before exporting or archiving."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consents.models import PlanAcceptance
from consents.signatures import data_url
from mfa import reauth
from records import services as records_services
from records.models import SessionSignature
from tests.consents.conftest import hidden_values, post_sign
from tests.factories import PASSWORD
from tests.fixtures.mfa import give_device, reauthenticate, totp_code
from tests.fixtures.planning import signature_png
from tests.html import field_error

pytestmark = pytest.mark.django_db


def sign_url(session):
    return reverse("records:session_detail", args=[session.code])


def test_signing_a_session_record_needs_a_current_code_as_well_as_the_password(
    performed_session, practitioner_client, practitioner_user
):
    url = sign_url(performed_session)
    missing = practitioner_client.post(url, {"action": "sign", "password": PASSWORD})
    assert field_error(missing, "otp_code").startswith("Enter the 6-digit code")
    wrong = practitioner_client.post(url, {"action": "sign", "password": PASSWORD, "otp_code": "000000"})
    assert field_error(wrong, "otp_code").startswith("That code is not right")
    assert not SessionSignature.objects.exists()
    ok = practitioner_client.post(
        url, {"action": "sign", "password": PASSWORD, "otp_code": totp_code(practitioner_user)}, follow=True
    )
    assert SessionSignature.objects.filter(session=performed_session, signed_by=practitioner_user).exists()
    assert ok.status_code == 200


def test_the_service_refuses_a_signature_without_the_code_for_a_user_with_a_device(
    performed_session, practitioner_user
):
    give_device(practitioner_user)
    with pytest.raises(ValidationError) as refused:
        records_services.session_sign(session=performed_session, by=practitioner_user, password=PASSWORD)
    assert "otp_code" in refused.value.message_dict
    records_services.session_sign(
        session=performed_session, by=practitioner_user, password=PASSWORD, otp_code=totp_code(practitioner_user)
    )


def test_a_backup_code_signs_too_and_only_once(performed_session, practitioner_user):
    from mfa import services as mfa_services

    give_device(practitioner_user)
    code = mfa_services.backup_codes_generate(user=practitioner_user)[0]
    records_services.session_sign(session=performed_session, by=practitioner_user, password=PASSWORD, otp_code=code)
    assert mfa_services.code_check(user=practitioner_user, code=code) is None


def test_a_practitioner_witnessing_a_consent_gives_their_code(proposed_plan, practitioner_client):
    page = practitioner_client.get(reverse("consents:sign", args=[proposed_plan.code, "plan"]))
    assert 'name="witness_code"' in page.content.decode()
    data = {**hidden_values(page), "typed_name": "Zoë Martin", "signature": data_url(signature_png())}
    response = practitioner_client.post(reverse("consents:sign", args=[proposed_plan.code, "plan"]), data)
    assert field_error(response, "witness_code").startswith("Enter the 6-digit code")
    assert not PlanAcceptance.objects.exists()
    assert post_sign(practitioner_client, proposed_plan, "plan").status_code == 302  # with the code (conftest)
    assert PlanAcceptance.objects.filter(plan=proposed_plan).exists()


def test_a_front_desk_witness_without_a_device_is_not_asked_for_a_code(proposed_plan, frontdesk_client):
    page = frontdesk_client.get(reverse("consents:sign", args=[proposed_plan.code, "plan"]))
    assert 'name="witness_code"' not in page.content.decode()
    assert post_sign(frontdesk_client, proposed_plan, "plan").status_code == 302


# --- re-authentication ----------------------------------------------------------------------------------------------


def test_archiving_asks_for_the_password_and_code_then_works_for_five_minutes(
    practitioner_client, practitioner_user, patient
):
    archive = reverse("patients:patient_archive", args=[patient.code])
    response = practitioner_client.post(archive, {"archive": "1"})
    patient.refresh_from_db()
    assert not patient.is_archived
    assert response["Location"].startswith(reverse("mfa:reauth"))
    form = practitioner_client.get(response["Location"])
    assert 'name="otp_code"' in form.content.decode()
    next_url = reverse("patients:patient_detail", args=[patient.code])
    wrong = practitioner_client.post(reverse("mfa:reauth"), {"password": "nope", "next": next_url})
    assert field_error(wrong, "password") == "That is not your password."
    no_code = practitioner_client.post(reverse("mfa:reauth"), {"password": PASSWORD, "next": next_url})
    assert field_error(no_code, "otp_code")
    done = practitioner_client.post(
        reverse("mfa:reauth"), {"password": PASSWORD, "otp_code": totp_code(practitioner_user), "next": next_url}
    )
    assert done["Location"] == next_url
    practitioner_client.post(archive, {"archive": "1"})
    patient.refresh_from_db()
    assert patient.is_archived
    # restoring needs no confirmation
    practitioner_client.post(archive, {"archive": "0"})
    patient.refresh_from_db()
    assert not patient.is_archived


def test_the_re_authentication_expires_after_five_minutes(practitioner_client, patient):
    reauthenticate(practitioner_client)
    session = practitioner_client.session
    session[reauth.SESSION_KEY] = time.time() - 5 * 60 - 1
    session.save()
    response = practitioner_client.post(reverse("patients:patient_archive", args=[patient.code]), {"archive": "1"})
    patient.refresh_from_db()
    assert not patient.is_archived and response["Location"].startswith(reverse("mfa:reauth"))


def test_a_user_without_a_device_re_authenticates_with_the_password_alone(frontdesk_client, patient):
    page = frontdesk_client.get(reverse("mfa:reauth"))
    assert 'name="otp_code"' not in page.content.decode()
    response = frontdesk_client.post(reverse("mfa:reauth"), {"password": PASSWORD, "next": "/patients/"})
    assert response["Location"] == "/patients/"
    assert frontdesk_client.session[reauth.SESSION_KEY] <= time.time()
