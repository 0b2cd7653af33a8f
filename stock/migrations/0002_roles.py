"""Give the practitioner and catalog admin roles the stock permissions clinic.roles lists (stock/access.py)."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("stock", "0001_initial"), ("clinic", "0002_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
