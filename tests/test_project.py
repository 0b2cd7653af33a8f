"""Project-wide guarantees: migrations match the models, settings fail closed, every page is sane."""

import re
import subprocess
import sys
from collections import deque
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.conftest import client_for


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Models and migrations differ:\n{out.getvalue()} (exit {exc.code})")


def _run_settings(env: dict) -> subprocess.CompletedProcess:
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='clinic.settings'; django.setup(); print('ok')"
    clean = {k: v for k, v in __import__("os").environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_settings({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "clinic.example"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = _run_settings(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "clinic.example",
            "DJANGO_SECRET_KEY": "dev-only-insecure-key-never-use-in-production",
        }
    )
    assert result.returncode != 0
    assert "development default" in result.stderr


def test_production_check_deploy_is_clean():
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="clinic.example",
        DJANGO_SECRET_KEY="x8#kq2!vR9mZ$wL4pT7nB1cF6hJ0sD3gY5uE8aQ2iO9rK4zX7-long-random-test-value",
        DJANGO_SETTINGS_MODULE="clinic.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(practitioner_client):
    response = practitioner_client.get("/dashboard/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "max-age=0"} <= directives  # never kept by a browser or a shared cache


# --- Walk every page reachable by links, as each role ----------------------------------------------------------

LINK_RE = re.compile(r'href="(/[^"#]*)"')
SKIP_PREFIXES = ("/static/", "/admin/", "/accounts/logout", "/photos/file/")


def _walk(client, start="/", limit=400):
    seen, queue, problems = set(), deque([start]), []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        h1_count = len(re.findall(r"<h1[\s>]", html))
        if h1_count != 1:
            problems.append(f"{url}: {h1_count} <h1> elements")
        for href in LINK_RE.findall(html):
            href = href.replace("&amp;", "&")
            if href.startswith(SKIP_PREFIXES):
                continue
            if urlsplit(href).path and href not in seen:
                queue.append(href)
    return seen, problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["frontdesk", "practitioner", "catalogadmin", "outsider"])
def test_walk_every_linked_page_renders_with_one_h1(role, users, demo_world):
    seen, problems = _walk(client_for(users[role]))
    assert not problems, problems
    assert len(seen) >= (1 if role == "outsider" else 2)


@pytest.mark.django_db
def test_unknown_page_shows_the_friendly_404(practitioner_client):
    response = practitioner_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Back to Harmony" in response.content


@pytest.mark.django_db
def test_server_error_page_is_in_the_house_style(rf, practitioner_user):
    from clinic.views.core import error_500

    request = rf.get("/")
    request.user = practitioner_user
    response = error_500(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"bootstrap" in response.content  # the same base layout as every page


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_with_next(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_dotenv_fills_in_missing_variables_but_never_overrides_the_environment(tmp_path, monkeypatch):
    from clinic.settings import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nHARMONY_TEST_A=from-file\nHARMONY_TEST_B='quoted'\nnot a setting\n")
    monkeypatch.setenv("HARMONY_TEST_A", "from-environment")
    monkeypatch.delenv("HARMONY_TEST_B", raising=False)
    load_dotenv(env_file)
    assert __import__("os").environ["HARMONY_TEST_A"] == "from-environment"
    assert __import__("os").environ["HARMONY_TEST_B"] == "quoted"
    monkeypatch.delenv("HARMONY_TEST_B")
