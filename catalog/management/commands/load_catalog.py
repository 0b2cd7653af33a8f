from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the seed treatment catalog (filled in by the catalog work)."

    def handle(self, *args, **options):
        self.stdout.write("Catalog seed: nothing to load yet.")
