"""`manage.py backup DIR`: the database (pg_dump, custom format) and the private media store (patient photos and
signatures) into a new directory, with a manifest of every file's SHA-256 so a restore can prove it is whole.

See docs/backup.md. PostgreSQL only: production runs on it (a SQLite development database is one file to copy).
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under `root` (relative POSIX path -> SHA-256), symlinks refused: a media store holds none."""
    hashes = {}
    if not root.exists():
        return hashes
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            raise CommandError(f"{path} is a symbolic link: the media store should hold only files.")
        if path.is_file():
            hashes[path.relative_to(root).as_posix()] = sha256(path)
    return hashes


def pg_environment(db: dict) -> dict[str, str]:
    """libpq's environment for the database settings (the password never appears on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def require_postgresql() -> dict:
    if connection.vendor != "postgresql":
        raise CommandError("Backups use pg_dump: set DATABASE_URL to the PostgreSQL database (docs/backup.md).")
    return connection.settings_dict


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format) and the private media store, with a manifest of hashes."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory that does not exist yet; the backup is written into it.")

    def handle(self, *args, directory, **options):
        db = require_postgresql()
        target = Path(directory)
        if target.exists():
            raise CommandError(f"{target} already exists: a backup is written into a new directory.")
        target.mkdir(parents=True)
        target.chmod(0o700)  # health data: readable by the backup's owner only
        dump = target / DUMP
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", db["NAME"]],  # noqa: S607
            check=True,
            env=pg_environment(db),
        )
        media_root = Path(settings.PRIVATE_MEDIA_ROOT)
        if media_root.exists():
            shutil.copytree(media_root, target / MEDIA, symlinks=False)
        else:
            (target / MEDIA).mkdir()
        files = tree_hashes(target / MEDIA)
        if files != tree_hashes(media_root):
            raise CommandError("The media store changed while it was copied: run the backup again.")
        migrations = MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name")
        manifest = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "database": {"engine": "postgresql", "name": db["NAME"], "file": DUMP, "sha256": sha256(dump)},
            "migrations": [f"{app}.{name}" for app, name in migrations],
            "media": {"source": str(media_root), "directory": MEDIA, "files": files},
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        self.stdout.write(f"Backed up {db['NAME']} and {len(files)} media files to {target}.")
