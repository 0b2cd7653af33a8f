"""A database made by the code before the patients app existed upgrades with `manage.py migrate`, keeping every record.

The test exports that commit (`BEFORE_PATIENTS_APP`) from this repository's own history, lets it build a database
the way a clinic's would be (`migrate`, `load_catalog`, `load_demo`), snapshots every table, then runs today's
`migrate` on it and compares: every row of every table, history tables included, is still there with the same
values; the moved tables only changed their names (clinic_* -> patients_*) and the moved content types their app.

It runs against a throwaway database of the same engine as the suite (SQLite file, or a new PostgreSQL database).
"""

import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
BEFORE_PATIENTS_APP = "7d98c3b"  # the last commit with patients inside the clinic package
MOVED = ("patient", "consultation", "previoustreatment")
# Tables whose rows the upgrade itself is meant to change: the migration log and the moved content types' app.
CHANGED_BY_DESIGN = {"django_migrations", "django_content_type"}


def _new_name(table: str) -> str:
    if table.startswith("clinic_") and any(m in table for m in MOVED):
        return "patients_" + table.removeprefix("clinic_")
    return table


@pytest.fixture
def database_url(tmp_path):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        yield f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
        return
    import psycopg2

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"harmony_upgrade_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"], password=config["PASSWORD"]
    )
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _export(commit: str, target: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.fail("this test reads the repository's history: run it from a git clone")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=False)
    if archive.returncode != 0:
        pytest.fail(f"commit {commit} is not in this clone's history: {archive.stderr.decode()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def _manage(cwd: Path, url: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_SETTINGS", "PYTEST"))}
    env |= {"DATABASE_URL": url, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "clinic.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed in {cwd}:\n{done.stdout}\n{done.stderr}"


def _snapshot(url: str) -> dict[str, list[dict[str, str]]]:
    """Every table's rows as column -> value (as text, so both engines compare alike)."""
    config = dj_database_url.parse(url)
    if "sqlite" in config["ENGINE"]:
        import sqlite3

        connection = sqlite3.connect(config["NAME"])
        tables_sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    else:
        import psycopg2

        connection = psycopg2.connect(
            dbname=config["NAME"], user=config["USER"], host=config["HOST"], port=config["PORT"]
        )
        tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    try:
        cursor = connection.cursor()
        cursor.execute(tables_sql)
        tables = [row[0] for row in cursor.fetchall()]
        snapshot = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [c[0] for c in cursor.description]
            snapshot[table] = [dict(zip(columns, map(str, row), strict=True)) for row in cursor.fetchall()]
        return snapshot
    finally:
        connection.close()


def test_a_database_made_before_the_patients_app_keeps_every_record(tmp_path, database_url):
    old_code = tmp_path / "before"
    _export(BEFORE_PATIENTS_APP, old_code)
    shutil.copy(REPO / "manage.py", old_code / "manage.py")  # unchanged; copied so a missing file cannot mislead
    for command in (("migrate", "--noinput"), ("load_catalog",), ("load_demo",)):
        _manage(old_code, database_url, *command)
    before = _snapshot(database_url)
    assert len(before["clinic_patient"]) > 0 and len(before["clinic_historicalpatient"]) > 0, "no demo data to keep"

    _manage(REPO, database_url, "migrate", "--noinput")
    after = _snapshot(database_url)

    for table, rows in before.items():
        if table in CHANGED_BY_DESIGN:
            continue
        moved_to = _new_name(table)
        assert moved_to in after, f"{table} is gone"
        columns = sorted(rows[0]) if rows else []
        kept = {tuple(row.get(c) for c in columns) for row in after[moved_to]}  # later columns may have been added
        lost = [row for row in rows if tuple(row[c] for c in columns) not in kept]
        assert not lost, f"{table} (now {moved_to}) lost or changed {len(lost)} of {len(rows)} rows, e.g. {lost[0]}"
        if table != moved_to:
            assert len(after[moved_to]) == len(rows)
    assert not [t for t in after if t.startswith("clinic_")], "a clinic_ table was left behind"

    def content_types(snapshot):
        return {row["id"]: (row["app_label"], row["model"]) for row in snapshot["django_content_type"]}

    old_types, new_types = content_types(before), content_types(after)
    for pk, (app, model) in old_types.items():
        expected = ("patients", model) if app == "clinic" and any(m in model for m in MOVED) else (app, model)
        assert new_types[pk] == expected
    # The migrations that ran before are all still recorded, and the new ones were added.
    applied = {(r["app"], r["name"]) for r in after["django_migrations"]}
    assert {(r["app"], r["name"]) for r in before["django_migrations"]} <= applied
    assert ("patients", "0002_own_tables") in applied
