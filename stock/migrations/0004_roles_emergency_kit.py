"""Give the roles the emergency-kit setting's permissions that clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("stock", "0003_emergency_kit_setting")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
