"""Planning tests share the browser fixtures (Playwright on Debian's Chromium) with tests/browser."""

from tests.browser.conftest import browser, page  # noqa: F401  (pytest fixtures, used by name)
