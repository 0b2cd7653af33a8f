"""Security events and the client's real address, in one place for every app.

`security_event(request, event, **details)` writes one line to the "harmony.security" logger: who (user id and
username, or the username that was tried), what (the event and its details), when (UTC, ISO 8601) and from where
(the client's real address, `client_address`). Details are identifiers and short reasons only: a patient's code
may be named, never a name, a date of birth or a note. Every value is quoted and escaped, so a typed username
cannot forge a second log line.

Sign-in events (success, failure without the password, lockout, sign-out) are wired here to Django's and axes'
signals (`connect_signals`, called from ClinicConfig.ready); 403 answers are logged by
`clinic.middleware.SecurityEventMiddleware`. Other apps call `security_event` themselves (mfa, exports).

Login throttling: `LoginThrottleHandler` lets each of axes' lockout parameter sets have its own limit
(settings.HARMONY_LOGIN_THROTTLES).
"""

from __future__ import annotations

import ipaddress
import json
import logging
from datetime import UTC, datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger("harmony.security")

#: Events that are a sign of an attack or a misconfiguration are warnings; the rest (a sign-in, an export) info.
WARNING_EVENTS = frozenset({"login_failed", "login_locked_out", "permission_denied", "csrf_failed"})
MAX_VALUE_LENGTH = 200  # a 10,000-character username is logged as its first 200 characters


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind HARMONY_PROXY_COUNT trusted reverse proxies, the address the
    outermost of them saw (X-Forwarded-For's N-th entry from the right).

    Each proxy appends the address it received the request from, so with N proxies the last N entries were written
    by proxies we run and anything to their left was typed by the client. With no proxy configured, the header is
    ignored (anyone could send it). A header shorter than N entries (a request that bypassed a proxy) or an entry
    that is not an address falls back to REMOTE_ADDR, never to a value the client chose.
    """
    if request is None:
        return ""
    meta = getattr(request, "META", {}) or {}
    remote = str(meta.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "HARMONY_PROXY_COUNT", 0) or 0
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def axes_client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the same address the security log shows."""
    return client_address(request)


def _clean(value) -> str:
    text = "" if value is None else str(value)
    return text[:MAX_VALUE_LENGTH]


def _who(request, user=None) -> tuple[str, str]:
    if user is None:
        user = getattr(request, "user", None) if request is not None else None
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.pk), _clean(user.get_username())
    return "", ""


def security_event(request, event: str, *, user=None, **details) -> dict:
    """Log one security event (see the module docstring) and return what was logged, as a dict.

    `user` names the account when the request's user is not it yet or any more (a sign-in, a sign-out); failed
    sign-ins pass `attempted_username=` instead. Never pass patient data in `details`.
    """
    user_id, username = _who(request, user)
    record = {
        "event": _clean(event),
        "user_id": user_id,
        "username": username,
        "at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "ip": client_address(request),
        "http_method": _clean(getattr(request, "method", "") or ""),
        # The path only: a query string may hold what was searched for (a patient's name).
        "path": _clean(getattr(request, "path", "") or ""),
    }
    for key, value in details.items():
        # A detail never overwrites who, when or where: one named like them is kept beside them.
        record[f"detail_{key}" if key in record else key] = _clean(value)
    level = logging.WARNING if event in WARNING_EVENTS else logging.INFO
    message = " ".join(f"{key}={json.dumps(value, ensure_ascii=True)}" for key, value in record.items() if value)
    logger.log(level, "security %s", message, extra={"security_event": record})
    return record


# --- sign-in signals ----------------------------------------------------------------------------------------------
def _on_login(sender, request, user, **kwargs):
    security_event(request, "login_succeeded", user=user)


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        security_event(request, "logout", user=user)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` with stars; only the username is read from it.
    attempted = (credentials or {}).get("username", "")
    locked = bool(getattr(request, "axes_locked_out", False))
    security_event(
        request,
        "login_failed",
        attempted_username=attempted,
        reason="locked_out" if locked else "bad_credentials",
    )


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event(request, "login_locked_out", attempted_username=username or "")


def connect_signals() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(_on_login, dispatch_uid="harmony-security-login")
    user_logged_out.connect(_on_logout, dispatch_uid="harmony-security-logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="harmony-security-login-failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="harmony-security-locked-out")


# --- login throttling ---------------------------------------------------------------------------------------------
class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with one failure limit per lockout parameter set.

    axes compares the largest failure count over AXES_LOCKOUT_PARAMETERS with a single AXES_FAILURE_LIMIT. Here
    each set's count is scaled to that limit first (count * AXES_FAILURE_LIMIT // its own limit), so a set is
    locked exactly when its own count reaches its own limit: a username on one address after a few failures (a
    typo-prone colleague is not locked out with the whole clinic), a username from any address after more (a
    distributed guess at one account is slowed), an address after many (one address spraying one password over
    many usernames).
    """

    def get_failures(self, request, credentials=None) -> int:
        attempts_list = self.get_user_attempts(request, credentials)
        limits = [limit for _, limit in settings.HARMONY_LOGIN_THROTTLES]
        base = get_failure_limit(request, credentials)
        worst = 0
        for attempts, limit in zip(attempts_list, limits, strict=True):
            failures = sum(attempts.values_list("failures_since_start", flat=True))
            worst = max(worst, failures * base // limit)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful sign-in (AXES_RESET_ON_SUCCESS), forget that account's failures but not the address's:
        a sprayer who owns one valid account must not wipe the count of the usernames it tried by signing in."""
        attempts_list = self.filter_user_attempts(request, credentials)
        count = 0
        for attempts, (parameters, _) in zip(attempts_list, settings.HARMONY_LOGIN_THROTTLES, strict=True):
            if "username" in parameters:
                deleted, _ = attempts.delete()
                count += deleted
        return count


def safe_next_path(request, target: str) -> str:
    """`target` when it is a path on this site ("/dashboard/"), else "" (the caller's default page).

    A bare word ("dashboard") would be taken by `redirect()` for a URL name and fail; another site
    ("https://evil", "//evil") would be an open redirect. Decide this before writing anything.
    """
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")) or len(target) > 2000:
        return ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return target


# --- the admin: bounded inlines, autocomplete that survives hostile values -------------------------------------
ADMIN_INLINE_MAX_ROWS = 100  # more rows than any catalog parent has (tests/security/test_hostile_input.py)


class BoundedInlineMixin:
    """An admin inline whose formset refuses more than `max_num` rows with a message, and never builds more forms
    than that whatever TOTAL_FORMS says (Django's own ceiling is max_num + 1000 forms)."""

    max_num = ADMIN_INLINE_MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        limit = self.get_max_num(request, obj, **kwargs) or ADMIN_INLINE_MAX_ROWS
        kwargs.setdefault("max_num", limit)
        kwargs.setdefault("validate_max", True)
        kwargs.setdefault("absolute_max", limit)
        return super().get_formset(request, obj, **kwargs)


def _acceptable_values(widget, values) -> list:
    """The submitted values that can be ids of the related model: the others ("abc" for a number) are dropped
    before the widget looks its options up, so the form shows its "Select a valid choice" error, not a 500."""
    remote = widget.field.remote_field
    opts = remote.model._meta
    target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
    acceptable = []
    for value in values:
        try:
            python_value = target.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        if isinstance(python_value, int) and not -(2**63) <= python_value < 2**63:
            continue  # no row has it, and SQLite cannot even compare with it
        if "\x00" not in str(value):
            acceptable.append(value)
    return acceptable


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _acceptable_values(self, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _acceptable_values(self, value), attr)


class SafeAutocompleteMixin:
    """For a ModelAdmin or an inline with autocomplete_fields: a non-id value posted for such a field, or a search
    term with a NUL character (PostgreSQL refuses it in a query), is an error message or no match, never a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))
