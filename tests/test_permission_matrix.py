"""One matrix of URL × role × expected status for every page (pretix's test_permissions pattern)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ROLES
from tests.matrix import (
    LOGIN,
    accesslog,
    catalog,
    consents,
    core,
    exports,
    followups,
    mfa,
    outcomes,
    patients,
    photos,
    planning,
    records,
    stock,
)

ALL_ROWS = [
    *core.ROWS,
    *accesslog.ROWS,
    *catalog.ROWS,
    *patients.ROWS,
    *planning.ROWS,
    *photos.ROWS,
    *records.ROWS,
    *stock.ROWS,
    *consents.ROWS,
    *followups.ROWS,
    *outcomes.ROWS,
    *mfa.ROWS,
    *exports.ROWS,
]

# Named URLs that need no row: Django admin's own model pages (the admin index row stands for the admin's
# permission gate) and auth views that only exist as redirects.
EXEMPT_PREFIXES = ("admin:",)


def _named_urls(resolver=None, namespace="") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            names |= _named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_is_in_the_permission_matrix():
    covered = {row.name for row in ALL_ROWS}
    missing = sorted(n for n in _named_urls() - covered if not n.startswith(EXEMPT_PREFIXES))
    assert not missing, f"Add these URLs to a tests/matrix module: {missing}"


CASES = [pytest.param(row, role, id=f"{row.label}-{role}") for row in ALL_ROWS for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), CASES)
def test_permission_matrix(row, role, role_client, request):
    url = row.build_url(request)
    data = row.data(request) if row.data else None
    client = role_client(role)
    response = getattr(client, row.method)(url, data=data) if data is not None else getattr(client, row.method)(url)
    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} {url}: {response.status_code}"
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
    else:
        assert response.status_code == expected, f"{role} {row.method.upper()} {url}: got {response.status_code}"
        if expected == 403:
            assert b"can&#x27;t open this page" in response.content or b"can't open this page" in response.content
