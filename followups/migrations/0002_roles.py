"""Give the front desk and practitioners the follow-up and aftercare permissions clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_followups_and_aftercare"), ("clinic", "0007_patients_moved_out")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
