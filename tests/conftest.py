"""The test cast, built once per test: a user per role plus an outsider (signed in, no role).

App-specific fixtures live in tests/fixtures/<app>.py (registered below) so every test module, including the
shared permission matrix, can ask for a patient, a consultation, a plan or a photo by name.
"""

import pytest
from django.test import Client

from clinic.roles import CATALOG_ADMIN, FRONT_DESK, PRACTITIONER
from tests.factories import UserFactory
from tests.fixtures.mfa import sign_in

pytest_plugins = [
    "tests.fixtures.catalog",
    "tests.fixtures.patients",
    "tests.fixtures.planning",
    "tests.fixtures.photos",
    "tests.fixtures.records",
    "tests.fixtures.followups",
    "tests.fixtures.stock",
    "tests.fixtures.browser",
    "tests.fixtures.mfa",
]

ROLE_USERS = {
    "frontdesk": (FRONT_DESK, "Fran", "Desk"),
    "practitioner": (PRACTITIONER, "Priya", "Shah"),
    "catalogadmin": (CATALOG_ADMIN, "Cato", "Admin"),
    "outsider": (None, "Otto", "Side"),
}
ROLES = ("anonymous", "outsider", "frontdesk", "practitioner", "catalogadmin")


def make_user(username: str, role: str | None, first: str = "", last: str = ""):
    """A user with the test password (tests.factories.PASSWORD), in the role's group; a catalog admin is also staff."""
    return UserFactory(username=username, first_name=first, last_name=last, role=role)


@pytest.fixture
def frontdesk_user(db):
    return make_user("frontdesk", *ROLE_USERS["frontdesk"])


@pytest.fixture
def practitioner_user(db):
    return make_user("practitioner", *ROLE_USERS["practitioner"])


@pytest.fixture
def other_practitioner(db):
    return make_user("practitioner2", PRACTITIONER, "Omar", "Haddad")


@pytest.fixture
def catalogadmin_user(db):
    return make_user("catalogadmin", *ROLE_USERS["catalogadmin"])


@pytest.fixture
def outsider_user(db):
    return make_user("outsider", *ROLE_USERS["outsider"])


@pytest.fixture
def users(frontdesk_user, practitioner_user, catalogadmin_user, outsider_user):
    return {
        "frontdesk": frontdesk_user,
        "practitioner": practitioner_user,
        "catalogadmin": catalogadmin_user,
        "outsider": outsider_user,
    }


def client_for(user) -> Client:
    """A client signed in as `user`, past the two-factor step for a role that needs it (tests/fixtures/mfa.py)."""
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's superuser client, past the two-factor step the admin requires."""
    return client_for(admin_user)


@pytest.fixture
def frontdesk_client(frontdesk_user):
    return client_for(frontdesk_user)


@pytest.fixture
def practitioner_client(practitioner_user):
    return client_for(practitioner_user)


@pytest.fixture
def catalogadmin_client(catalogadmin_user):
    return client_for(catalogadmin_user)


@pytest.fixture
def outsider_client(outsider_user):
    return client_for(outsider_user)


@pytest.fixture
def role_client(users):
    """role_client("frontdesk") -> a Client signed in as that role; "anonymous" -> signed out."""

    def _client(role: str) -> Client:
        return client_for(None if role == "anonymous" else users[role])

    return _client


def pytest_addoption(parser, pluginmanager):
    """`-p no:xdist` runs the tests in this one process: pyproject's `-n auto --dist ...` are then accepted, unused."""
    if not pluginmanager.has_plugin("xdist"):
        group = parser.getgroup("xdist")
        # pytest keeps lowercase short options for itself and its plugins: `-n` is declared as xdist declares it.
        group._addoption("-n", "--numprocesses", dest="numprocesses", help="ignored: xdist is disabled (-p no:xdist)")
        group.addoption("--dist", help="ignored: xdist is disabled (-p no:xdist)")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip, with their reason shown (-ra), when the suite runs on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (.ci/run does)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
