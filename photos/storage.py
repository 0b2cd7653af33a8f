"""Where photo files live: PRIVATE_MEDIA_ROOT, which no URL maps to. Only photos.views hands the bytes out."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateMediaStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT (read on every use, so tests can point it at a
    temporary directory), with no public URL: `url()` raises instead of guessing one."""

    def __init__(self):
        super().__init__(base_url=None, file_permissions_mode=0o640, directory_permissions_mode=0o750)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Photos have no public URL; link to photos:file instead.")


private_storage = PrivateMediaStorage()


def get_private_storage():
    return private_storage


def random_name(suffix: str) -> str:
    """A server-made name: the name the browser sent may hold the patient's name, so it is never used."""
    token = uuid.uuid4().hex
    return f"photos/{token[:2]}/{token}{suffix}"
