"""Give the practitioner and catalog admin roles the outcome permissions clinic.roles lists."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        # After the patients tables and content types moved (patients 0002), or the roles would get new, empty
        # permissions for them in place of the ones the groups hold.
        ("patients", "0002_own_tables"),
        ("outcomes", "0001_gais_ratings"),
        # After the other apps' role migrations, so the groups get every app's permissions at once.
        ("records", "0002_roles"),
        ("stock", "0002_roles"),
        ("consents", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
