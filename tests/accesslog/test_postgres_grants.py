"""docs/access-log.md: the app's database role can be denied UPDATE and DELETE on the access log, and the app still
reads and writes it. PostgreSQL only (superusers ignore privileges, so the test plays a non-superuser role)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accesslog.models import AccessEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROLE = "harmony_app_revoke_test"
TABLE = AccessEntry._meta.db_table


@pytest.fixture
def app_role():
    """A role with the app's usual rights on every table, minus UPDATE/DELETE/TRUNCATE on the access log (the
    statements of docs/access-log.md), played with SET ROLE for the test. Rolled back with the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {ROLE}")
        cursor.execute(f"SET ROLE {ROLE}")
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_the_app_reads_and_writes_the_log_while_the_role_may_not_change_it(practitioner_client, patient, app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (ROLE, False)
    url = reverse("patients:patient_detail", args=[patient.code])
    assert practitioner_client.get(url).status_code == 200
    assert practitioner_client.get(url).status_code == 200  # reads the log (the list) and inserts again
    entry = AccessEntry.objects.filter(patient_code=patient.code).first()
    assert AccessEntry.objects.filter(patient_code=patient.code).count() == 2
    for statement in (f"UPDATE {TABLE} SET page = 'forged' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as c:
            c.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as c:
        c.execute(f"TRUNCATE {TABLE}")
    entry.refresh_from_db()
    assert entry.page == "patients:patient_detail"
