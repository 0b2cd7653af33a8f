"""The URL × role × expected-status matrix, one module per app; tests/test_permission_matrix.py runs the union.

A row names a URL (by its URL name), how to build it (a function of pytest's `request`, so it can ask for
fixtures such as `patient`), the HTTP method, and the status each role gets. Every named URL of the project must
appear in some row (a meta-test enforces it), so every new page joins the matrix.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

ANON = "anonymous"
LOGIN = "login"  # expected outcome: a redirect to the login page


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int | str]
    url: Callable | None = None
    method: str = "get"
    data: Callable | None = None
    id: str = ""
    extra: dict = field(default_factory=dict)

    def build_url(self, request) -> str:
        return self.url(request) if self.url else reverse(self.name)

    @property
    def label(self) -> str:
        return self.id or f"{self.method.upper()} {self.name}"


def staff_page(*, frontdesk=200, practitioner=200, catalogadmin=403, outsider=403, anonymous=LOGIN):
    """Expected statuses for a page; defaults suit a page for front desk and practitioners only."""
    return {
        ANON: anonymous,
        "outsider": outsider,
        "frontdesk": frontdesk,
        "practitioner": practitioner,
        "catalogadmin": catalogadmin,
    }
