"""Session limits: the idle logout, the 12-hour absolute limit, one's own sessions (list, sign out one, sign out
everywhere else), and a deactivated user's sessions ending at once. Time is "frozen" by editing the session's
stamps (accesslog.sessions.SIGNED_IN / LAST_SEEN), as if the browser had been idle or signed in that long ago."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accesslog import sessions
from accesslog.models import UserSession
from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.html import soup

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


def _stamp(client, **ago):
    """Move the session's stamps back: signed_in=seconds ago, last_seen=seconds ago."""
    session = client.session
    now = time.time()
    if "signed_in" in ago:
        session[sessions.SIGNED_IN] = now - ago["signed_in"]
    if "last_seen" in ago:
        session[sessions.LAST_SEEN] = now - ago["last_seen"]
    session.save()


def _signed_out(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def page():
    return reverse("patients:patient_search")


def test_signing_in_lists_the_session_with_its_device_and_address(client, frontdesk_user):
    response = client.post(
        reverse("login"),
        {"username": "frontdesk", "password": PASSWORD},
        HTTP_USER_AGENT="Mozilla/5.0 (iPad) Harmony-test",
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    row = UserSession.objects.get(user=frontdesk_user)
    assert row.session_key == client.session.session_key
    assert (row.user_agent, row.address) == ("Mozilla/5.0 (iPad) Harmony-test", "198.51.100.7")
    assert client.session[sessions.SIGNED_IN] == pytest.approx(time.time(), abs=30)


def test_a_session_idle_past_thirty_minutes_is_signed_out_with_a_message(frontdesk_user, page):
    client = client_for(frontdesk_user)
    key = client.session.session_key
    _stamp(client, last_seen=31 * MINUTE)
    response = client.get(page)
    assert _signed_out(response)
    assert "next=" in response["Location"]
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=frontdesk_user).exists()
    login_page = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in login_page.content.decode()
    assert _signed_out(client.get(page))


def test_a_session_used_within_the_idle_limit_stays_and_counts_as_activity(frontdesk_user, page):
    client = client_for(frontdesk_user)
    _stamp(client, last_seen=29 * MINUTE)
    assert client.get(page).status_code == 200
    assert client.session[sessions.LAST_SEEN] == pytest.approx(time.time(), abs=30)
    row = UserSession.objects.get(user=frontdesk_user)
    assert row.last_seen_at.timestamp() == pytest.approx(time.time(), abs=30)


def test_the_clinic_sets_the_idle_limit(frontdesk_user, page, settings):
    settings.HARMONY_IDLE_MINUTES = 10
    client = client_for(frontdesk_user)
    _stamp(client, last_seen=11 * MINUTE)
    assert _signed_out(client.get(page))


def test_a_session_survives_hours_of_normal_use_but_not_twelve_hours_and_a_minute(frontdesk_user, page):
    client = client_for(frontdesk_user)
    # eleven hours and fifty minutes in, used five minutes ago: still signed in
    _stamp(client, signed_in=11 * HOUR + 50 * MINUTE, last_seen=5 * MINUTE)
    assert client.get(page).status_code == 200
    # twelve hours and a minute after signing in, used a second ago: signed out whatever the activity
    _stamp(client, signed_in=12 * HOUR + MINUTE, last_seen=1)
    response = client.get(page)
    assert _signed_out(response)
    assert "12 hours after signing in" in client.get(response["Location"]).content.decode()


def test_an_expired_htmx_request_is_sent_to_the_login_page(frontdesk_user, page):
    client = client_for(frontdesk_user)
    _stamp(client, last_seen=31 * MINUTE)
    response = client.post(page, {"q": "Martin"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")


def test_asking_for_the_status_is_not_activity_but_keep_alive_is(frontdesk_user):
    client = client_for(frontdesk_user)
    _stamp(client, last_seen=27 * MINUTE)
    state = client.get(reverse("accesslog:session_status"), HTTP_ACCEPT="application/json").json()
    assert state["ends_by"] == "idle"
    assert 170 <= state["seconds"] <= 185
    assert state["warning_seconds"] == 120
    assert client.session[sessions.LAST_SEEN] < time.time() - 26 * MINUTE  # unchanged
    state = client.post(reverse("accesslog:session_keep_alive"), HTTP_ACCEPT="application/json").json()
    assert state["seconds"] >= 30 * MINUTE - 5
    assert client.session[sessions.LAST_SEEN] == pytest.approx(time.time(), abs=30)


def test_keep_alive_cannot_extend_the_absolute_limit(frontdesk_user):
    client = client_for(frontdesk_user)
    _stamp(client, signed_in=12 * HOUR - 100)
    state = client.post(reverse("accesslog:session_keep_alive"), HTTP_ACCEPT="application/json").json()
    assert state["ends_by"] == "absolute"
    assert state["seconds"] <= 100


def test_an_expired_status_request_answers_401_for_the_script(frontdesk_user):
    client = client_for(frontdesk_user)
    _stamp(client, last_seen=31 * MINUTE)
    response = client.get(reverse("accesslog:session_status"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["signed_out"] is True


def test_pages_load_the_idle_warning_script_with_the_limits(frontdesk_client, page):
    html = soup(frontdesk_client.get(page).content)
    tag = html.select_one("script[data-idle-timeout]")
    assert tag["src"].endswith("js/idle-timeout.js")
    assert tag["data-idle-seconds"] == "1800"
    assert tag["data-warning-seconds"] == "120"
    assert tag["data-keepalive-url"] == reverse("accesslog:session_keep_alive")
    assert all(s.get("src") for s in html.find_all("script"))  # no inline script


def test_the_sessions_page_lists_only_ones_own_sessions_this_one_first(frontdesk_user, practitioner_user):
    mine = client_for(frontdesk_user)
    client_for(frontdesk_user)  # another browser
    client_for(practitioner_user)  # somebody else
    html = soup(mine.get(reverse("accesslog:sessions")).content)
    rows = html.select("tbody tr")
    assert len(rows) == 2
    assert "This session" in rows[0].get_text()
    assert "This session" not in rows[1].get_text()
    assert html.find("button", string="Sign out everywhere else")


def test_sign_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(frontdesk_user, page):
    mine, laptop, tablet = (client_for(frontdesk_user) for _ in range(3))
    response = mine.post(reverse("accesslog:session_end_others"))
    assert response.status_code == 302
    assert _signed_out(laptop.get(page))
    assert _signed_out(tablet.get(page))
    assert mine.get(page).status_code == 200
    assert list(UserSession.objects.filter(user=frontdesk_user).values_list("session_key", flat=True)) == [
        mine.session.session_key
    ]


def test_one_session_can_be_signed_out_but_not_somebody_elses(frontdesk_user, practitioner_user, page):
    mine, other = client_for(frontdesk_user), client_for(frontdesk_user)
    theirs = client_for(practitioner_user)
    other_row = UserSession.objects.get(session_key=other.session.session_key)
    their_row = UserSession.objects.get(session_key=theirs.session.session_key)
    assert mine.post(reverse("accesslog:session_end", args=[their_row.code])).status_code == 404
    assert theirs.get(page).status_code == 200
    assert mine.post(reverse("accesslog:session_end", args=[other_row.code])).status_code == 302
    assert _signed_out(other.get(page))
    assert mine.get(page).status_code == 200


def test_signing_out_this_session_from_the_list_signs_out(frontdesk_user, page):
    mine = client_for(frontdesk_user)
    row = UserSession.objects.get(session_key=mine.session.session_key)
    assert _signed_out(mine.post(reverse("accesslog:session_end", args=[row.code])))
    assert _signed_out(mine.get(page))
    assert not UserSession.objects.filter(pk=row.pk).exists()


def test_signing_out_removes_the_session_from_the_list(frontdesk_user):
    client = client_for(frontdesk_user)
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=frontdesk_user).exists()


def test_deactivating_a_user_ends_all_their_sessions_at_once(frontdesk_user, practitioner_user, page):
    first, second = client_for(frontdesk_user), client_for(frontdesk_user)
    keys = [first.session.session_key, second.session.session_key]
    colleague = client_for(practitioner_user)
    frontdesk_user.is_active = False
    frontdesk_user.save()
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=frontdesk_user).exists()
    assert _signed_out(first.get(page))
    assert _signed_out(second.get(page))
    assert colleague.get(reverse("planning:plan_list")).status_code == 200


def test_deactivating_a_user_in_the_admin_ends_their_sessions(admin_user, frontdesk_user, page):
    admin_client = client_for(admin_user)
    victim = client_for(frontdesk_user)
    frontdesk_user.refresh_from_db()
    data = {
        "username": frontdesk_user.username,
        "first_name": frontdesk_user.first_name,
        "last_name": frontdesk_user.last_name,
        "email": frontdesk_user.email,
        "is_active": "",  # unticked
        "groups": list(frontdesk_user.groups.values_list("pk", flat=True)),
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": frontdesk_user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": frontdesk_user.date_joined.strftime("%H:%M:%S"),
    }
    response = admin_client.post(reverse("admin:auth_user_change", args=[frontdesk_user.pk]), data)
    assert response.status_code == 302, soup(response.content).select(".errorlist")
    frontdesk_user.refresh_from_db()
    assert not frontdesk_user.is_active
    assert _signed_out(victim.get(page))


def test_a_password_change_keeps_the_session_listed_under_its_new_key(frontdesk_user):
    client = client_for(frontdesk_user)
    old_key = client.session.session_key
    new_password = "a much longer passphrase for the test 9371"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    new_key = client.session.session_key
    assert new_key != old_key
    assert list(UserSession.objects.filter(user=frontdesk_user).values_list("session_key", flat=True)) == [new_key]
