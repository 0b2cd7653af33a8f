"""Helpers for browser tests. The `browser` and `page` fixtures are in tests/fixtures/browser.py (a plugin)."""

from tests.fixtures.browser import (  # noqa: F401  (re-exported for the browser tests)
    CHROMIUM,
    SCREENSHOTS,
    assert_accessible,
    assert_no_csp_errors,
    login,
    screenshot,
)
