"""The "harmony.security" log: who, what, when (UTC), from where, for every security event, and no secrets."""

import logging
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from clinic.security import security_event
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

UTC_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def events(caplog, name=None):
    found = [r.security_event for r in caplog.records if r.name == "harmony.security"]
    return [e for e in found if name is None or e["event"] == name]


@pytest.fixture
def seclog(caplog):
    caplog.set_level(logging.INFO, logger="harmony.security")
    return caplog


def test_a_failed_sign_in_logs_the_attempted_username_and_real_address_never_the_password(
    settings, seclog, frontdesk_user
):
    settings.HARMONY_PROXY_COUNT = 1
    Client(REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": "198.51.100.4"}).post(
        "/accounts/login/", {"username": "frontdesk", "password": "hunter2-Secret"}
    )
    (event,) = events(seclog, "login_failed")
    assert event["attempted_username"] == "frontdesk"
    assert event["ip"] == "198.51.100.4"
    assert event["user_id"] == "" and event["reason"] == "bad_credentials"
    assert UTC_ISO.match(event["at"])
    assert "hunter2-Secret" not in seclog.text
    assert [r.levelname for r in seclog.records if r.name == "harmony.security"] == ["WARNING"]


def test_a_successful_sign_in_and_sign_out_log_the_user(seclog, frontdesk_user):
    client = Client(REMOTE_ADDR="192.0.2.8")
    client.post("/accounts/login/", {"username": "frontdesk", "password": PASSWORD})
    client.post("/accounts/logout/")
    (login,) = events(seclog, "login_succeeded")
    (logout,) = events(seclog, "logout")
    for event in (login, logout):
        assert (event["user_id"], event["username"], event["ip"]) == (str(frontdesk_user.pk), "frontdesk", "192.0.2.8")
    assert PASSWORD not in seclog.text


def test_a_lockout_is_logged_once_the_limit_is_reached(seclog, frontdesk_user):
    for _ in range(5):
        Client(REMOTE_ADDR="192.0.2.9").post("/accounts/login/", {"username": "frontdesk", "password": "nope"})
    locked = events(seclog, "login_locked_out")
    assert locked and locked[0]["attempted_username"] == "frontdesk" and locked[0]["ip"] == "192.0.2.9"


def test_a_refused_page_logs_who_was_refused(seclog, outsider_user):
    response = client_for(outsider_user).get(reverse("patients:dashboard") + "?q=Zo%C3%AB+Martin")
    assert response.status_code == 403
    (event,) = events(seclog, "permission_denied")
    assert (event["user_id"], event["username"]) == (str(outsider_user.pk), "outsider")
    assert event["path"] == reverse("patients:dashboard")  # the path only: the query may name a patient
    assert "Martin" not in seclog.text


def test_a_csrf_failure_is_logged(seclog, frontdesk_user):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.10")
    response = client.post("/accounts/login/", {"username": "frontdesk", "password": PASSWORD})
    assert response.status_code == 403
    (event,) = events(seclog, "csrf_failed")
    assert event["ip"] == "192.0.2.10" and event["reason"]


def test_a_logged_value_cannot_forge_another_line_and_is_cut_short(seclog):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.11")
    record = security_event(request, "login_failed", attempted_username="x\nevent=login_succeeded " + "y" * 500)
    (line,) = [r.getMessage() for r in seclog.records if r.name == "harmony.security"]
    assert "\n" not in line and '"x\\nevent=login_succeeded' in line
    assert len(record["attempted_username"]) == 200


def test_other_apps_events_carry_the_same_who_and_where(seclog, frontdesk_user):
    request = RequestFactory().get("/account/two-factor/", REMOTE_ADDR="192.0.2.12")
    request.user = frontdesk_user
    security_event(request, "mfa_verified", method="app")
    (event,) = events(seclog, "mfa_verified")
    assert event == {
        "event": "mfa_verified",
        "user_id": str(frontdesk_user.pk),
        "username": "frontdesk",
        "at": event["at"],
        "ip": "192.0.2.12",
        "http_method": "GET",
        "path": "/account/two-factor/",
        "method": "app",
    }
    security_event(request, "odd", ip="1.2.3.4")
    (odd,) = events(seclog, "odd")
    assert (odd["ip"], odd["detail_ip"]) == ("192.0.2.12", "1.2.3.4")
