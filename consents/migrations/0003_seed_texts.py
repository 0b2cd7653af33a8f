"""Version 1 of each consent text (toxin, filler, photos): consents/seed.py holds the words and their sources."""

from django.db import migrations

from consents.seed import seed_texts


class Migration(migrations.Migration):
    dependencies = [("consents", "0002_roles")]

    operations = [migrations.RunPython(seed_texts, migrations.RunPython.noop)]
