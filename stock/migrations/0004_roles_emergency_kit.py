"""Give the roles the emergency-kit setting's permissions that clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        # After the patients tables and content types moved (patients 0002), or the roles would get new, empty
        # permissions for them in place of the ones the groups hold.
        ("patients", "0002_own_tables"),
        ("stock", "0003_emergency_kit_setting"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
