"""The browser fixtures (Playwright + Debian's Chromium) for tests/catalog/test_catalog_browser.py."""

from tests.browser.conftest import browser, page  # noqa: F401
