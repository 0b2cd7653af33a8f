"""What each role may see and do with follow-ups and aftercare: the one home of these decisions.

- The front desk and practitioners see the follow-ups worklist and each patient's follow-ups and aftercare
  messages; they book a follow-up (a consultation: they also need patients.add_consultation), record that the patient
  declined it (with the reason) or mark it done, and print or send the aftercare again.
- What a complication was stays clinical: the worklist says "complication check", and only clinical staff
  (planning.access.can_see_clinical) see the adverse event behind it.
- Catalog admins and users without a role see none of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from planning import access as planning_access

VIEW_PERM = "followups.view_followup"
CHANGE_PERM = "followups.change_followup"
VIEW_AFTERCARE_PERM = "followups.view_aftercaremessage"
SEND_AFTERCARE_PERM = "followups.add_aftercaremessage"
BOOK_PERM = "patients.add_consultation"


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_view(*, user) -> bool:
    return _has(user, VIEW_PERM)


def can_change(*, user) -> bool:
    """Decline a follow-up, or mark it done."""
    return can_view(user=user) and _has(user, CHANGE_PERM)


def can_book(*, user) -> bool:
    return can_change(user=user) and _has(user, BOOK_PERM)


def can_view_aftercare(*, user) -> bool:
    return _has(user, VIEW_AFTERCARE_PERM)


def can_send_aftercare(*, user) -> bool:
    return can_view_aftercare(user=user) and _has(user, SEND_AFTERCARE_PERM)


def can_see_complication(*, user) -> bool:
    return planning_access.can_see_clinical(user=user)


def require(allowed: bool) -> None:
    """403 unless `allowed` (one of the can_* answers above)."""
    if not allowed:
        raise PermissionDenied


@dataclass(frozen=True)
class FollowupAccess:
    """What the user may do on the follow-up pages and sections; templates read it as `can`."""

    change: bool
    book: bool
    send_aftercare: bool
    see_complication: bool

    @classmethod
    def of(cls, *, user) -> FollowupAccess:
        return cls(
            change=can_change(user=user),
            book=can_book(user=user),
            send_aftercare=can_send_aftercare(user=user),
            see_complication=can_see_complication(user=user),
        )
