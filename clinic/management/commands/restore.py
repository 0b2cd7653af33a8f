"""`manage.py restore DIR --database NAME --media-root PATH`: a backup made by `manage.py backup` into a fresh,
empty database and an empty (or new) media directory, checking every hash of the manifest before and after.

It never restores over live data: the database must have no tables, the media directory no files. Point the app at
the restored database and directory afterwards (DATABASE_URL, HARMONY_PRIVATE_MEDIA_ROOT). See docs/backup.md.
"""

import json
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic.management.commands.backup import DUMP, MANIFEST, pg_environment, require_postgresql, sha256, tree_hashes


def verify(backup: Path) -> dict:
    """The manifest, once every file of the backup matches it."""
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise CommandError(f"{backup / MANIFEST} cannot be read: {exc}") from None
    if sha256(backup / DUMP) != manifest["database"]["sha256"]:
        raise CommandError("The database dump does not match the manifest: the backup is damaged.")
    found = tree_hashes(backup / manifest["media"]["directory"])
    if found != manifest["media"]["files"]:
        damaged = sorted(set(found.items()) ^ set(manifest["media"]["files"].items()))
        raise CommandError(f"The media files do not match the manifest: {damaged[:5]} ...")
    return manifest


class Command(BaseCommand):
    help = "Restore a backup into a fresh database and media directory, checking the manifest's hashes."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The backup directory (made by manage.py backup).")
        parser.add_argument("--database", required=True, help="The name of a new, empty PostgreSQL database.")
        parser.add_argument("--media-root", required=True, help="A new or empty directory for the media files.")

    def handle(self, *args, directory, database, media_root, **options):
        db = require_postgresql()  # the server and credentials; the database restored into is --database
        backup = Path(directory)
        manifest = verify(backup)
        env = pg_environment(db)
        tables = subprocess.run(  # noqa: S603
            ["psql", "--no-psqlrc", "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database],  # noqa: S607
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if tables != "0":
            raise CommandError(f"Database {database} has {tables} tables: restore into a new, empty database.")
        media = Path(media_root)
        if media.exists() and any(media.iterdir()):
            raise CommandError(f"{media} is not empty: restore into a new or empty directory.")
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={database}",
                str(backup / DUMP),
            ],
            check=True,
            env=env,
        )
        shutil.copytree(backup / manifest["media"]["directory"], media, dirs_exist_ok=True)
        if tree_hashes(media) != manifest["media"]["files"]:
            raise CommandError(f"The media files restored into {media} do not match the manifest.")
        self.stdout.write(
            f"Restored {manifest['database']['name']} (backed up {manifest['created_at']}) into {database}, "
            f"and {len(manifest['media']['files'])} media files into {media}; every hash matches the manifest."
        )
