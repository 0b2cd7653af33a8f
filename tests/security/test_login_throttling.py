"""Login throttling by username (any address), by username on one address, and by the real client address behind
the reverse proxies HARMONY_PROXY_COUNT says we run (clinic/security.py, settings AXES_* and HARMONY_LOGIN_*)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from clinic.security import client_address
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(username, password="wrong-password", **meta):
    return Client(**meta).post(LOGIN, {"username": username, "password": password}).status_code


# --- the client's address ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy configured: the header is the client's to forge, ignored
        (1, "203.0.113.7", "203.0.113.7"),  # nginx appended the address it saw
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own "6.6.6.6" is left of what nginx wrote
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # load balancer then nginx
        (2, "203.0.113.7", "10.0.0.2"),  # shorter than the proxy chain: a request that bypassed one
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_x_forwarded_for_only_through_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.HARMONY_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_axes_records_the_real_client_address_behind_the_proxy(settings, frontdesk_user):
    settings.HARMONY_PROXY_COUNT = 1
    attempt("frontdesk", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.4"]


# --- one account, one address ------------------------------------------------------------------------------------
def test_behind_the_proxy_one_clients_failures_lock_that_client_not_everyone_behind_the_same_proxy(
    settings, frontdesk_user
):
    settings.HARMONY_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    codes = [attempt("frontdesk", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy) for _ in range(5)]
    assert codes[-1] == 429
    # The colleague at the clinic comes through the same nginx from another address: signs in.
    assert attempt("frontdesk", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77", **proxy) == 302


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_does_not_escape_the_lock(settings, frontdesk_user):
    settings.HARMONY_PROXY_COUNT = 0
    codes = [attempt("frontdesk", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(6)]
    assert codes[4:] == [429, 429]


# --- one account from many addresses -------------------------------------------------------------------------------
def test_a_guess_at_one_account_spread_over_many_addresses_locks_that_account_after_twenty(frontdesk_user):
    codes = [attempt("frontdesk", REMOTE_ADDR=f"198.51.100.{n}") for n in range(1, 21)]
    assert codes[:19] == [200] * 19 and codes[19] == 429
    # Locked from any address, with the right password too, for the cool-off...
    assert attempt("frontdesk", PASSWORD, REMOTE_ADDR="192.0.2.50") == 429
    # ...but other accounts are not.
    from tests.conftest import make_user

    make_user("colleague", None)
    assert attempt("colleague", PASSWORD, REMOTE_ADDR="192.0.2.50") == 302


def test_a_lock_ends_after_the_cool_off_and_failures_while_locked_do_not_extend_it(settings, frontdesk_user):
    for n in range(1, 21):
        attempt("frontdesk", REMOTE_ADDR=f"198.51.100.{n}")
    last_counted = AccessAttempt.objects.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    # The attacker keeps trying while the account is locked: nothing is counted, the lock does not move.
    assert attempt("frontdesk", REMOTE_ADDR="198.51.100.99") == 429
    assert AccessAttempt.objects.order_by("-attempt_time").values_list("attempt_time", flat=True).first() == (
        last_counted
    )
    assert not AccessAttempt.objects.filter(ip_address="198.51.100.99").exists()
    # The cool-off passes: the colleague signs in.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert attempt("frontdesk", PASSWORD, REMOTE_ADDR="192.0.2.50") == 302


# --- one address, many accounts (spraying) -------------------------------------------------------------------------
def test_one_address_trying_many_usernames_is_locked_after_fifty(frontdesk_user):
    codes = [attempt(f"guess{n}", "Spring2026!", REMOTE_ADDR="203.0.113.66") for n in range(50)]
    assert codes[:49] == [200] * 49 and codes[49] == 429
    # That address may not try a real account now, even with its password; another address may.
    assert attempt("frontdesk", PASSWORD, REMOTE_ADDR="203.0.113.66") == 429
    assert attempt("frontdesk", PASSWORD, REMOTE_ADDR="203.0.113.67") == 302


def test_a_sprayer_signing_in_to_its_own_account_does_not_wipe_its_addresss_count(frontdesk_user):
    for n in range(49):
        attempt(f"guess{n}", REMOTE_ADDR="203.0.113.66")
    assert attempt("frontdesk", PASSWORD, REMOTE_ADDR="203.0.113.66") == 302
    assert attempt("guess-after", REMOTE_ADDR="203.0.113.66") == 429


def test_a_successful_sign_in_forgets_that_accounts_own_failures(frontdesk_user):
    for _ in range(4):
        attempt("frontdesk", REMOTE_ADDR="192.0.2.8")
    assert attempt("frontdesk", PASSWORD, REMOTE_ADDR="192.0.2.8") == 302
    assert [attempt("frontdesk", REMOTE_ADDR="192.0.2.8") for _ in range(4)] == [200] * 4
