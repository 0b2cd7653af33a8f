"""Re-authentication before a sensitive step (exporting a patient's record, archiving a patient).

The user enters their password again, and a current code when they have a device; the proof is kept in their
session for HARMONY_REAUTH_SECONDS (5 minutes). A view guarded by `recent_auth_required` sends a user without a
fresh proof to the re-authentication page, which brings them back to where they were going (a GET page) or to
`back` (for a POST: the page the form was on), to do it again.
"""

from __future__ import annotations

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "harmony_reauth_at"


def window_seconds() -> int:
    return int(getattr(settings, "HARMONY_REAUTH_SECONDS", 300))


def mark(request) -> None:
    request.session[SESSION_KEY] = time.time()


def is_recent(request) -> bool:
    at = request.session.get(SESSION_KEY)
    if not isinstance(at, int | float):
        return False
    return 0 <= time.time() - at <= window_seconds()


def safe_next(request, value: str | None, default: str = "/") -> str:
    allowed = value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if allowed and value.startswith("/") and not value.startswith("//") else default


def reauth_url(next_url: str) -> str:
    return f"{reverse('mfa:reauth')}?{urlencode({'next': next_url})}"


def recent_auth_required(back=None, message: str = "Confirm it is you to continue."):
    """Decorator: the view runs only within the window after re-authentication.

    `back(request, *args, **kwargs) -> str` is where to return after re-authenticating when the request was a POST
    (its data is not replayed); a GET returns to itself.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if is_recent(request):
                return view(request, *args, **kwargs)
            if request.method == "GET":
                target = request.get_full_path()
            else:
                target = back(request, *args, **kwargs) if back else "/"
            messages.info(request, message)
            return redirect(reauth_url(target))

        return wrapped

    return decorator
