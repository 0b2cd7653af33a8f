"""Give practitioners the export permission clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        # After the patients tables and content types moved (patients 0002), or the roles would get new, empty
        # permissions for them in place of the ones the groups hold.
        ("patients", "0002_own_tables"),
        ("exports", "0001_record_export"),
        ("clinic", "0007_patients_moved_out"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
