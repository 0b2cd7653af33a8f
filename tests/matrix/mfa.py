"""Two-factor and re-authentication pages × roles. The cast's practitioner and catalog admin have an authenticator
app and a verified session (tests/fixtures/mfa.py); the front desk and the outsider have none (it is optional for
them). Anonymous users go to the login page."""

from django.urls import reverse

from tests.matrix import Row, staff_page

EVERYONE = staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200)
REDIRECT = staff_page(frontdesk=302, practitioner=302, catalogadmin=302, outsider=302)


def _practitioner(request):
    return reverse("mfa:reset_user", args=[request.getfixturevalue("practitioner_user").pk])


ROWS = [
    Row("mfa:account", EVERYONE),
    Row("mfa:verify", REDIRECT),  # verified, or nothing to verify: on to the next page
    Row("mfa:enrol", staff_page(frontdesk=200, practitioner=302, catalogadmin=302, outsider=200)),
    Row("mfa:backup_codes_new", REDIRECT),  # no new codes to show: to the account page
    Row(
        "mfa:backup_codes_regenerate",
        staff_page(frontdesk=400, practitioner=400, catalogadmin=400, outsider=400),  # no code given
        method="post",
    ),
    Row(
        "mfa:turn_off",
        staff_page(frontdesk=400, practitioner=403, catalogadmin=403, outsider=400),
        method="post",
    ),
    Row("mfa:reauth", EVERYONE),
    Row("mfa:reset_list", staff_page(frontdesk=403, practitioner=403, catalogadmin=200, outsider=403)),
    Row(
        "mfa:reset_user",
        staff_page(frontdesk=403, practitioner=403, catalogadmin=302, outsider=403),  # 302: re-authenticate first
        url=_practitioner,
    ),
]
