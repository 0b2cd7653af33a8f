"""Two-factor sign-in: who must enrol, enrolment with the QR code, the code after the password, backup codes, the
admin behind the same check, and recovery by an admin."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa.models import DeviceReset
from tests.conftest import make_user
from tests.factories import PASSWORD
from tests.fixtures.mfa import give_device, reauthenticate, totp_code
from tests.html import alerts, field_error, soup

pytestmark = pytest.mark.django_db

VERIFY = reverse("mfa:verify")
ENROL = reverse("mfa:enrol")


def password_only(user) -> Client:
    """A client that has done only the password step, as the login form leaves it."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return client


def current_code(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.mark.parametrize("role", ["practitioner", "catalogadmin"])
def test_a_practitioner_or_catalog_admin_without_a_device_is_sent_to_enrol_and_can_do_nothing_else(role, users):
    client = password_only(users[role])
    for url in (reverse("home"), reverse("patients:patient_search"), reverse("catalog:index"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == 200


def test_the_front_desk_is_not_asked_but_may_turn_it_on_from_their_account(frontdesk_user):
    client = password_only(frontdesk_user)
    assert client.get(reverse("patients:patient_search")).status_code == 200
    page = client.get(reverse("mfa:account"))
    assert "Off: you sign in with your password only." in page.content.decode()
    assert soup(page).find("a", href=ENROL)
    assert soup(client.get(reverse("patients:patient_search"))).find("a", href=reverse("mfa:account"))  # user menu


def test_enrolment_shows_a_server_drawn_qr_code_and_the_first_code_confirms_it(practitioner_user):
    client = password_only(practitioner_user)
    page = client.get(ENROL)
    html = page.content.decode()
    qr = soup(page).select_one(".mfa-qr-box svg")
    assert qr is not None and qr.find("path") is not None
    assert "style=" not in str(qr) and "<script" not in str(soup(page).find("main"))
    device = TOTPDevice.objects.get(user=practitioner_user, confirmed=False)
    assert soup(page).select_one("[data-testid=totp-secret]").get_text().replace(" ", "") in html.replace(" ", "")
    # the wrong code: refused next to the field, still unconfirmed
    response = client.post(ENROL, {"code": "000000" if current_code(device) != "000000" else "111111"})
    assert field_error(response, "code").startswith("That code is not right")
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0
    device.save()
    response = client.post(ENROL, {"code": current_code(device), "next": "/patients/"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa:backup_codes_new"))
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"])
    codes = [c.get_text() for c in soup(codes_page).select("[data-testid=backup-code]")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=practitioner_user).values_list("token", flat=True))
    # shown once only
    again = client.get(reverse("mfa:backup_codes_new"))
    assert again.status_code == 302
    # the session that enrolled is verified: the app opens
    assert client.get(reverse("patients:patient_search")).status_code == 200


def test_with_a_device_the_code_is_asked_after_the_password_and_the_next_page_is_kept(practitioner_user):
    device = give_device(practitioner_user)
    client = password_only(practitioner_user)
    response = client.get(reverse("patients:patient_search"))
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fpatients%2F"
    wrong = client.post(VERIFY, {"code": "12345x", "next": "/patients/"})
    assert field_error(wrong, "code").startswith("That code is not right")
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    ok = client.post(VERIFY, {"code": totp_code(practitioner_user), "next": "/patients/"})
    assert ok.status_code == 302 and ok["Location"] == "/patients/"
    assert client.get("/patients/").status_code == 200


def test_a_used_app_code_is_refused_the_second_time(practitioner_user):
    device = give_device(practitioner_user)
    code = totp_code(practitioner_user)
    assert password_only(practitioner_user).post(VERIFY, {"code": code}).status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    replay = password_only(practitioner_user).post(VERIFY, {"code": code})
    assert replay.status_code == 200 and field_error(replay, "code").startswith("That code is not right")


def test_the_verify_step_refuses_an_outside_next_address(practitioner_user):
    give_device(practitioner_user)
    client = password_only(practitioner_user)
    response = client.post(VERIFY, {"code": totp_code(practitioner_user), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_backup_code_works_once(practitioner_user):
    give_device(practitioner_user)
    from mfa import services

    codes = services.backup_codes_generate(user=practitioner_user)
    client = password_only(practitioner_user)
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + "-" + codes[0][4:]}, follow=True)  # typed loosely
    assert any("backup code; 9 left" in a for a in alerts(response))
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    StaticDevice.objects.filter(user=practitioner_user).update(throttling_failure_count=0)
    again = password_only(practitioner_user).post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and field_error(again, "code").startswith("That code is not right")


def test_new_backup_codes_need_a_current_code_and_replace_the_old_ones(practitioner_client, practitioner_user):
    from mfa import services

    old = services.backup_codes_generate(user=practitioner_user)
    refused = practitioner_client.post(reverse("mfa:backup_codes_regenerate"), {"regenerate-code": "000001"})
    assert refused.status_code == 400 and StaticToken.objects.filter(token=old[0]).exists()
    TOTPDevice.objects.filter(user=practitioner_user).update(throttling_failure_count=0)
    response = practitioner_client.post(
        reverse("mfa:backup_codes_regenerate"), {"regenerate-code": totp_code(practitioner_user)}
    )
    assert response.status_code == 302
    shown = soup(practitioner_client.get(response["Location"]))
    new = [c.get_text() for c in shown.select("[data-testid=backup-code]")]
    assert len(new) == 10 and not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_the_django_admin_is_behind_the_same_check(catalogadmin_user):
    give_device(catalogadmin_user)
    client = password_only(catalogadmin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": totp_code(catalogadmin_user)})
    assert client.get("/admin/").status_code == 200


def test_a_required_role_cannot_turn_it_off_but_the_front_desk_can(practitioner_client, frontdesk_user):
    assert practitioner_client.post(reverse("mfa:turn_off"), {}).status_code == 403
    give_device(frontdesk_user)
    client = password_only(frontdesk_user)
    client.post(VERIFY, {"code": totp_code(frontdesk_user)})
    response = client.post(
        reverse("mfa:turn_off"), {"off-password": PASSWORD, "off-otp_code": totp_code(frontdesk_user)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=frontdesk_user).exists()


def test_an_htmx_request_is_told_to_redirect_the_whole_page(practitioner_user):
    give_device(practitioner_user)
    client = password_only(practitioner_user)
    response = client.get(reverse("patients:patient_search"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(VERIFY)


# --- recovery ------------------------------------------------------------------------------------------------------


def test_a_catalog_admin_resets_a_practitioners_devices_and_the_audit_says_who_whose_and_when(
    catalogadmin_client, catalogadmin_user, practitioner_user, caplog
):
    give_device(practitioner_user)
    url = reverse("mfa:reset_user", args=[practitioner_user.pk])
    first = catalogadmin_client.get(url)  # re-authentication first
    assert first.status_code == 302 and first["Location"].startswith(reverse("mfa:reauth"))
    reauthenticate(catalogadmin_client)
    empty = catalogadmin_client.post(url, {"reason": ""})
    assert field_error(empty, "reason")
    with caplog.at_level(logging.INFO, logger="harmony.security"):
        response = catalogadmin_client.post(url, {"reason": "lost phone"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=practitioner_user).exists()
    entry = DeviceReset.objects.get()
    assert (entry.user, entry.reset_by, entry.reason, entry.devices_removed) == (
        practitioner_user,
        catalogadmin_user,
        "lost phone",
        1,
    )
    assert any("mfa_reset" in r.getMessage() and "practitioner" in r.getMessage() for r in caplog.records)
    listing = catalogadmin_client.get(reverse("mfa:reset_list")).content.decode()
    assert "lost phone" in listing
    # the practitioner enrols again at the next sign-in
    assert password_only(practitioner_user).get("/patients/")["Location"].startswith(ENROL)


def test_nobody_else_resets_devices_and_nobody_resets_their_own(
    practitioner_client, frontdesk_client, catalogadmin_client, catalogadmin_user, practitioner_user
):
    url = reverse("mfa:reset_user", args=[practitioner_user.pk])
    for client in (practitioner_client, frontdesk_client):
        reauthenticate(client)
        assert client.get(url).status_code == 403
        assert client.get(reverse("mfa:reset_list")).status_code == 403
    reauthenticate(catalogadmin_client)
    assert catalogadmin_client.get(reverse("mfa:reset_user", args=[catalogadmin_user.pk])).status_code == 403
    boss = make_user("boss", None)
    boss.is_superuser = True
    boss.save()
    assert catalogadmin_client.get(reverse("mfa:reset_user", args=[boss.pk])).status_code == 403


def test_a_reset_entry_cannot_be_changed(catalogadmin_user, practitioner_user):
    from mfa import services

    entry = services.devices_reset(user=practitioner_user, by=catalogadmin_user, reason="new phone")
    entry.reason = "something else"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()


def test_the_qr_code_holds_the_clinic_name_and_the_key(practitioner_user, settings):
    from mfa.services import totp_enrolment

    device = totp_enrolment(user=practitioner_user)
    assert re.match(r"otpauth://totp/.+\?secret=[A-Z2-7]+", device.config_url)
    assert "issuer=" in device.config_url
