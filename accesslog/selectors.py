"""Reading the access log and one's own sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet

from accesslog.models import AccessEntry, UserSession
from accesslog.sessions import limits

PATIENT_PAGE_LIMIT = 20


def patient_accesses(*, patient_code) -> QuerySet[AccessEntry]:
    """Every access to anything of this patient's, newest first, with who opened it."""
    return AccessEntry.objects.for_patient(patient_code).select_related("user")


def recent_patient_accesses(*, patient_code, limit: int = PATIENT_PAGE_LIMIT) -> tuple[list[AccessEntry], bool]:
    """The latest `limit` accesses and whether there are more: one query."""
    rows = list(patient_accesses(patient_code=patient_code)[: limit + 1])
    return rows[:limit], len(rows) > limit


def active_sessions(*, user, now: datetime) -> QuerySet[UserSession]:
    """The user's sessions that are still within the idle and absolute limits, most recently used first."""
    rules = limits()
    return UserSession.objects.filter(
        user=user,
        last_seen_at__gt=now - timedelta(seconds=rules.idle + rules.touch_every),
        signed_in_at__gt=now - timedelta(seconds=rules.absolute),
    ).order_by("-last_seen_at")
