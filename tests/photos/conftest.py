"""The browser fixtures (Debian's Chromium through Playwright) for the photo browser test."""

from tests.browser.conftest import browser, page  # noqa: F401  (pytest fixtures, used by name)
