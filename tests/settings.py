"""Test configuration: the app's settings plus what only tests need."""

import os
import tempfile

# Playwright's sync API runs an event loop in the test thread; the ORM calls made from that thread are safe here
# because nothing else runs concurrently. Test configuration only: never in the app's settings.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from clinic.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
PRIVATE_MEDIA_ROOT = MEDIA_ROOT = __import__("pathlib").Path(tempfile.mkdtemp(prefix="harmony-test-media-"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
