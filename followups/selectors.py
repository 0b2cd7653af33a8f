"""Reads of follow-ups and aftercare messages, for the worklist, the patient page and the session record."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from followups import access
from followups.models import OPEN_STATUSES, AftercareMessage, Followup, FollowupStatus
from planning.models import PerformedItem

# The worklist's status filter: a stored status, or a view over them.
OPEN, OVERDUE, ALL = "open", "overdue", "all"
STATUS_FILTERS = [
    (OPEN, "To book (due and overdue)"),
    (OVERDUE, "Overdue"),
    (FollowupStatus.DUE.value, "Due, not yet overdue"),
    (FollowupStatus.BOOKED.value, "Booked"),
    (FollowupStatus.DONE.value, "Done"),
    (FollowupStatus.DECLINED.value, "Declined"),
    (ALL, "All"),
]


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _with_details(followups: QuerySet[Followup]) -> QuerySet[Followup]:
    items = PerformedItem.objects.select_related("treatment", "area", "product").order_by("pk")
    return followups.select_related("patient", "practitioner", "consultation", "adverse_event").prefetch_related(
        Prefetch("items", queryset=items)
    )


def followups_for_user(*, user) -> QuerySet[Followup]:
    if not access.can_view(user=user):
        return Followup.objects.none()
    return Followup.objects.all()


def worklist(
    *,
    user,
    status: str = OPEN,
    practitioner=None,
    week: dt.date | None = None,
    today: dt.date | None = None,
) -> QuerySet[Followup]:
    """The follow-ups the front desk works through, soonest due first (overdue ones are the soonest)."""
    today = today or timezone.localdate()
    followups = followups_for_user(user=user)
    if status == OPEN:
        followups = followups.filter(status=FollowupStatus.DUE)
    elif status == OVERDUE:
        followups = followups.filter(status=FollowupStatus.DUE, due_on__lt=today)
    elif status == FollowupStatus.DUE:
        followups = followups.filter(status=FollowupStatus.DUE, due_on__gte=today)
    elif status in FollowupStatus.values:
        followups = followups.filter(status=status)
    if practitioner is not None:
        followups = followups.filter(practitioner=practitioner)
    if week is not None:
        monday, sunday = week_of(week)
        followups = followups.filter(due_on__range=(monday, sunday))
    order = ["due_on", "pk"] if status in (OPEN, OVERDUE, FollowupStatus.DUE) else ["-due_on", "-pk"]
    return _with_details(followups).order_by(*order)


def patient_followups(*, user, patient, closed_limit: int = 5) -> tuple[list[Followup], list[Followup]]:
    """(open, recently closed) follow-ups of a patient: every open one, and the last few done or declined."""
    mine = _with_details(followups_for_user(user=user).filter(patient=patient))
    open_ = list(mine.filter(status__in=OPEN_STATUSES).order_by("due_on", "pk"))
    closed = list(mine.exclude(status__in=OPEN_STATUSES).order_by("-due_on", "-pk")[:closed_limit])
    return open_, closed


def session_followups(*, user, session) -> list[Followup]:
    return list(_with_details(followups_for_user(user=user).filter(session=session)).order_by("due_on", "pk"))


def aftercare_for_user(*, user) -> QuerySet[AftercareMessage]:
    if not access.can_view_aftercare(user=user):
        return AftercareMessage.objects.none()
    return AftercareMessage.objects.select_related("session", "patient", "created_by")


def patient_aftercare(*, user, patient, limit: int = 10) -> list[AftercareMessage]:
    return list(aftercare_for_user(user=user).filter(patient=patient)[:limit])


def session_aftercare(*, user, session) -> list[AftercareMessage]:
    return list(aftercare_for_user(user=user).filter(session=session))
