"""Writing the access log, and ending sessions.

`access_record` is the one function every app calls when a page shows a patient's record: one INSERT, no reads.
"""

from __future__ import annotations

import uuid
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accesslog.addresses import client_address
from accesslog.models import AccessEntry, RecordKind, UserSession


def _code(value: Any, what: str) -> uuid.UUID:
    value = getattr(value, "code", value)
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ValueError(f"{what} must be a record's UUID code (or have a .code), not {value!r}") from exc


def access_record(*, request, kind: str, code: Any, patient: Any, page: str | None = None) -> AccessEntry:
    """Log that `request.user` opened a record of `kind` (RecordKind) with this `code`, belonging to `patient`.

    `code` and `patient` are UUID codes or objects with a `.code` (a plan, the patient). `page` defaults to the URL
    name the request resolved to ("planning:plan_print"). The address is the real client address
    (accesslog.addresses). A single INSERT: the user is not re-read and nothing else is queried.
    """
    if kind not in RecordKind.values:
        raise ValueError(f"Unknown record kind {kind!r}; use one of {', '.join(RecordKind.values)}")
    if page is None:
        match = getattr(request, "resolver_match", None)
        page = match.view_name if match is not None else request.path
    entry = AccessEntry(
        user=request.user,
        kind=kind,
        record_code=_code(code, "code"),
        patient_code=_code(patient, "patient"),
        address=client_address(request),
        page=page[:120],
    )
    try:
        entry.full_clean(exclude=["user"])  # the user is the signed-in request.user: validating it would read it again
    except ValidationError as exc:
        raise ValueError(f"Access entry refused: {exc.messages}") from exc
    entry.save(force_insert=True)
    return entry


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session_end(*, session_key: str) -> None:
    """End one session: its stored data (so its cookie signs nobody in) and its row in the sessions list."""
    with transaction.atomic():
        _session_store()(session_key=session_key).delete()
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end_for_user(*, user, keep: str | None = None) -> int:
    """End every session of `user` except the one with key `keep`; returns how many ended."""
    keys = list(
        UserSession.objects.filter(user=user).exclude(session_key=keep or "").values_list("session_key", flat=True)
    )
    for key in keys:
        session_end(session_key=key)
    return len(keys)
