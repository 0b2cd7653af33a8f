"""Create the staff roles (Front desk, Practitioner, Catalog admin) with their model permissions."""

from django.db import migrations

from clinic.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("clinic", "0001_initial"),
        ("catalog", "0001_initial"),
        ("photos", "0001_initial"),
        ("planning", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
