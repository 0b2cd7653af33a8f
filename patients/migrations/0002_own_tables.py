"""Rename the moved tables from clinic_* to patients_* and move their content types to this app.

Renaming keeps every row, every history entry and every id; the content types keep their ids too, so the role
groups' permissions and the admin's log still point at the same models.
"""

from django.db import migrations

MODELS = (
    "patient",
    "historicalpatient",
    "consultation",
    "historicalconsultation",
    "historicalconsultation_concerns",
    "previoustreatment",
    "historicalprevioustreatment",
)


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_types(apps, "clinic", "patients")


def backwards(apps, schema_editor):
    _move_content_types(apps, "patients", "clinic")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("patients", "0001_initial"),
        ("clinic", "0007_patients_moved_out"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        *(migrations.AlterModelTable(name=model, table=None) for model in MODELS),
    ]
