"""Recompute Patient.search_text after fold_text learned to drop apostrophes and split on hyphens."""

from django.db import migrations


def refold(apps, schema_editor):
    from patients.models import fold_text

    Patient = apps.get_model("clinic", "Patient")
    batch = []
    for patient in Patient.objects.only("pk", "given_name", "family_name", "preferred_name").iterator(chunk_size=2000):
        patient.search_text = fold_text(f"{patient.given_name} {patient.family_name} {patient.preferred_name}")[:260]
        batch.append(patient)
        if len(batch) >= 2000:
            Patient.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Patient.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0004_patient_search_trigram")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
