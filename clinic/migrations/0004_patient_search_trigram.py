"""Trigram (pg_trgm) GIN indexes for patient search, on PostgreSQL only.

Search filters `search_text LIKE '%fragment%'` (the column already holds the accent-free, case-folded name, so no
UPPER() is needed) and `phone_digits LIKE '%digits%'`; a plain B-tree cannot serve a leading wildcard, a trigram
GIN index can. SQLite has no pg_trgm, so the SQL runs only when the database is PostgreSQL; the model state is
unchanged, so `makemigrations --check` stays clean on both databases.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS clinic_patient_search_trgm ON clinic_patient USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS clinic_patient_phone_trgm ON clinic_patient USING gin (phone_digits gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS clinic_patient_phone_trgm",
    "DROP INDEX IF EXISTS clinic_patient_search_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_submission_keys")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
