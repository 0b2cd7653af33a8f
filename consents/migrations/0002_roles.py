"""Give the roles the consents permissions clinic.roles lists: the front desk and practitioners witness and see
signatures, catalog admins keep the consent texts."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("consents", "0001_initial"), ("clinic", "0007_patients_moved_out")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
