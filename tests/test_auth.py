import pytest
from django.core.management import call_command
from django.test import Client

from clinic.roles import CATALOG_ADMIN, FRONT_DESK, PRACTITIONER


@pytest.mark.django_db
def test_roles_are_created_by_migrations_with_real_permissions():
    from django.contrib.auth.models import Group

    groups = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert {"add_patient", "change_consultation"} <= groups[FRONT_DESK]
    assert "add_treatmentplan" not in groups[FRONT_DESK]
    assert {"add_treatmentplan", "change_planitem", "view_clinical_notes"} <= groups[PRACTITIONER]
    assert {"change_treatment", "add_product"} <= groups[CATALOG_ADMIN]
    assert not {"view_patient", "view_consultation"} & groups[CATALOG_ADMIN]


@pytest.mark.django_db
def test_create_role_user_command_makes_a_catalog_admin_staff():
    from django.contrib.auth import get_user_model

    call_command("create_role_user", "cathy", "catalogadmin", "--password", "a-long-enough-pass-1", verbosity=0)
    cathy = get_user_model().objects.get(username="cathy")
    assert cathy.is_staff and not cathy.is_superuser
    assert cathy.groups.filter(name=CATALOG_ADMIN).exists()
    assert cathy.check_password("a-long-enough-pass-1")


@pytest.mark.django_db
def test_create_role_user_rejects_an_unknown_role():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown role"):
        call_command("create_role_user", "x", "surgeon", verbosity=0)


@pytest.mark.django_db
def test_load_demo_refuses_when_debug_is_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_demo")


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(settings, seeded_catalog):
    from django.contrib.auth import get_user_model

    from patients.models import Consultation, Patient

    settings.DEBUG = True
    call_command("load_demo", stdout=__import__("io").StringIO())
    counts = (get_user_model().objects.count(), Patient.objects.count(), Consultation.objects.count())
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert counts == (get_user_model().objects.count(), Patient.objects.count(), Consultation.objects.count())
    assert set(get_user_model().objects.values_list("username", flat=True)) >= {
        "frontdesk",
        "practitioner",
        "catalogadmin",
    }


@pytest.mark.django_db
def test_five_failed_logins_lock_that_username_from_that_address_only(frontdesk_user):
    client = Client(REMOTE_ADDR="10.0.0.5")
    codes = [
        client.post("/accounts/login/", {"username": "frontdesk", "password": "nope"}).status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]  # the form again four times; the fifth failure locks
    response = client.post("/accounts/login/", {"username": "frontdesk", "password": "test-password-123"})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    # A colleague at the same address signs in fine: the lock is on username + address together.
    other = Client(REMOTE_ADDR="10.0.0.5")
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("colleague", password="test-password-123")
    response = other.post("/accounts/login/", {"username": "colleague", "password": "test-password-123"})
    assert response.status_code == 302
    # The same username from another address is not locked either.
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    response = elsewhere.post("/accounts/login/", {"username": "frontdesk", "password": "test-password-123"})
    assert response.status_code == 302
