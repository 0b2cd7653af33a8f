"""Patients, consultations and previous treatments now belong to the patients app (see patients/migrations/0001).

State only: the tables stay where they are until patients 0002 renames them, so no row or history entry is touched.
"""

from django.db import migrations

MOVED = (
    "HistoricalConsultation_concerns",
    "HistoricalConsultation",
    "HistoricalPatient",
    "HistoricalPreviousTreatment",
    "PreviousTreatment",
    "Consultation",
    "Patient",
)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0006_previous_treatment_substance"),
        ("patients", "0001_initial"),
        ("planning", "0002_patients_app"),
        ("photos", "0003_patients_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        )
    ]
