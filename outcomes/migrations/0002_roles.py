"""Give the practitioner and catalog admin roles the outcome permissions clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_gais_ratings"),
        # After the other apps' role migrations, so the groups get every app's permissions at once.
        ("records", "0002_roles"),
        ("stock", "0002_roles"),
        ("consents", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
