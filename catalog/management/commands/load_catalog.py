from django.core.management.base import BaseCommand

from catalog.loader import load_catalog


class Command(BaseCommand):
    help = (
        "Load the seed treatment catalog (catalog/seed.py) and bring the seed's own rows up to date. Creates missing "
        "rows; updates a row only while the seed wrote it last, so an admin's edits survive. Safe to run again."
    )

    def handle(self, *args, **options):
        result = load_catalog()
        self.stdout.write(f"Catalog seed: {result}.")
