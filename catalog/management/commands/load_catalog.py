from django.core.management.base import BaseCommand

from catalog.loader import load_catalog


class Command(BaseCommand):
    help = (
        "Load the seed treatment catalog (catalog/seed.py). Idempotent: creates missing rows only and never "
        "changes a row that exists, so an admin's later edits survive."
    )

    def handle(self, *args, **options):
        result = load_catalog()
        self.stdout.write(f"Catalog seed: created {result.created} / kept {result.kept} existing rows.")
