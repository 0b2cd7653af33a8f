"""Response headers (CSP base-uri, Permissions-Policy, HSTS) and cookie names, in development and in production."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


def test_every_page_says_no_camera_microphone_geolocation_or_payment(client):
    for response in (client.get("/accounts/login/"), client.get("/healthz"), client.get("/no-such-page/")):
        features = policy(response)
        assert features["camera"] == "()"
        assert {features[f] for f in ("microphone", "geolocation", "payment", "usb")} == {"()"}


def test_the_photo_upload_page_may_use_the_camera_of_this_site_only(patient, practitioner_user):
    response = client_for(practitioner_user).get(reverse("photos:upload", kwargs={"code": patient.code}))
    assert response.status_code == 200
    assert policy(response)["camera"] == "(self)"
    assert policy(response)["microphone"] == "()"


def test_the_content_security_policy_forbids_base_and_still_lets_forms_post(client):
    csp = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'" and directives["script-src"] == "'self'"


def test_development_keeps_plain_cookie_names_over_http():
    assert (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME) == ("sessionid", "csrftoken")


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "prod-like-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "clinic.example",
    "DJANGO_SETTINGS_MODULE": "clinic.settings",
    "DATABASE_URL": "sqlite:///:memory:",
    "DJANGO_DEBUG": "0",  # explicit: a developer's .env may say 1, and settings only fill in what is unset
}


def run_production(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HARMONY_"))} | PRODUCTION_ENV
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_check_deploy_passes_at_warning_level_in_production_mode():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_PROBE = """
import json, django
from django.conf import settings
# No collectstatic here: plain static URLs instead of the production manifest (nothing else changes).
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
django.setup()
from django.test import Client
response = Client().get("/accounts/login/", secure=True, HTTP_HOST="clinic.example")
csrf = response.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "debug": settings.DEBUG,
    "session": settings.SESSION_COOKIE_NAME,
    "csrf": settings.CSRF_COOKIE_NAME,
    "csrf_secure": bool(csrf["secure"]), "csrf_path": csrf["path"], "csrf_domain": csrf["domain"],
    "hsts": response.get("Strict-Transport-Security", ""),
    "permissions": response.get("Permissions-Policy", ""),
    "status": response.status_code,
}))
"""


def test_production_cookies_take_the_host_prefix_and_hsts_asks_for_preload():
    result = run_production("-c", PRODUCTION_PROBE)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False and seen["status"] == 200
    assert (seen["session"], seen["csrf"]) == ("__Host-sessionid", "__Host-csrftoken")
    # What a browser requires of a __Host- cookie: Secure, Path=/, no Domain.
    assert (seen["csrf_secure"], seen["csrf_path"], seen["csrf_domain"]) == (True, "/", "")
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "camera=()" in seen["permissions"]


def test_passwords_need_twelve_characters_and_must_not_be_common():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak, why in (("Xk3#pQ9!zL2", "at least 12 characters"), ("password1234", "too common")):
        with pytest.raises(ValidationError) as refused:
            validate_password(weak)
        assert any(why in message for message in refused.value.messages)
    validate_password("plum-harbour-lantern")  # length over composition: a long phrase is fine
