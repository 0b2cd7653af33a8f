"""Give the front desk and practitioners the access log's view permission clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0001_access_log_and_sessions"), ("clinic", "0007_patients_moved_out")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
