"""The occlusion and recall permissions clinic.roles lists, and version 1 of the vascular occlusion protocol
(records/protocol.py, from §4c)."""

from django.db import migrations

from clinic.roles import sync_roles
from records.protocol import seed_protocol


class Migration(migrations.Migration):
    dependencies = [("records", "0003_later_events_occlusion_recall"), ("stock", "0004_roles_emergency_kit")]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(seed_protocol, migrations.RunPython.noop),
    ]
