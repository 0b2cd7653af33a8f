"""Give catalog admins the two-factor reset permission clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("mfa", "0001_device_reset"), ("clinic", "0007_patients_moved_out")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
