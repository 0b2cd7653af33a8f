"""The occlusion and recall permissions clinic.roles lists, and version 1 of the vascular occlusion protocol
(records/protocol.py, from §4c)."""

from django.db import migrations

from clinic.roles import sync_roles
from records.protocol import seed_protocol


class Migration(migrations.Migration):
    dependencies = [
        # After the patients tables and content types moved (patients 0002), or the roles would get new, empty
        # permissions for them in place of the ones the groups hold.
        ("patients", "0002_own_tables"),
        ("records", "0003_later_events_occlusion_recall"),
        ("stock", "0004_roles_emergency_kit"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(seed_protocol, migrations.RunPython.noop),
    ]
