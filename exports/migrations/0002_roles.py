"""Give practitioners the export permission clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("exports", "0001_record_export"), ("clinic", "0007_patients_moved_out")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
