"""A backup (manage.py backup: pg_dump custom format, the private media store, a manifest of hashes) restored into
a fresh database and a fresh directory (manage.py restore) gives back every table's rows and every file, byte for
byte. The procedure is docs/backup.md.

PostgreSQL only (the `postgres` marker): production runs on it, and pg_dump / pg_restore are what the clinic runs.
"""

import io
import json
import subprocess
import uuid

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clinic.management.commands.backup import tree_hashes
from patients.models import Patient
from tests.fixtures.photos import store_photo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def table_rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f'SELECT * FROM "{table}"')  # table names from the schema itself
    return sorted(cursor.fetchall(), key=repr)


@pytest.fixture
def fresh_database():
    name = f"harmony_restore_{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    subprocess.run(["createdb", *args, name], check=True)
    yield name
    subprocess.run(["dropdb", "--if-exists", *args, name], check=True)


@pytest.fixture
def seeded(settings, private_media, practitioner_user):
    """The seed catalog, the demo clinic, and one stored photo (its image and thumbnail files)."""
    out = io.StringIO()
    call_command("load_catalog", stdout=out)
    settings.DEBUG = True
    call_command("load_demo", stdout=out)
    settings.DEBUG = False
    photo = store_photo(patient=Patient.objects.order_by("pk").first(), by=practitioner_user)
    return photo


def test_a_restored_backup_has_every_row_and_every_file_of_the_original(
    seeded, private_media, tmp_path, fresh_database
):
    backup = tmp_path / "backup-2026-06-15"
    call_command("backup", str(backup), stdout=io.StringIO())

    manifest = json.loads((backup / "manifest.json").read_text())
    originals = tree_hashes(private_media)
    assert len(originals) >= 2  # the photo's image and its thumbnail at least
    assert manifest["media"]["files"] == originals
    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(backup), database=fresh_database, media_root=str(restored_media), stdout=io.StringIO())

    assert tree_hashes(restored_media) == originals
    db = connection.settings_dict
    copy = psycopg2.connect(
        dbname=fresh_database, host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"] or None
    )
    try:
        tables = connection.introspection.table_names()
        with connection.cursor() as here, copy.cursor() as there:
            there.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            assert sorted(t for (t,) in there.fetchall()) == sorted(tables)
            checked = 0
            for table in tables:
                original = table_rows(here, table)
                assert table_rows(there, table) == original, f"{table} differs after the restore"
                checked += len(original)
        assert Patient.objects.count() > 1 and checked > 1000  # the comparison saw the seeded clinic
    finally:
        copy.close()


def test_a_damaged_backup_is_refused_before_anything_is_restored(seeded, tmp_path, fresh_database):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    victim = next(p for p in (backup / "media").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes()[:-1] + b"\x00")

    with pytest.raises(CommandError, match="media files do not match the manifest"):
        call_command("restore", str(backup), database=fresh_database, media_root=str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()


def test_restoring_over_a_database_that_has_tables_is_refused(seeded, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="restore into a new, empty database"):
        call_command("restore", str(backup), database=connection.settings_dict["NAME"], media_root=str(tmp_path / "m"))
