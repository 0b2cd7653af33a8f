"""What each role may see and do with a session's record: the one home of these decisions.

- Practitioners (clinical staff, planning.access.can_see_clinical) read every session record, note adverse events
  on a record not yet signed, and amend a signed one.
- Only the practitioner who performed the session signs it, re-entering their password; once signed, the record
  is read-only and corrections are amendments.
- Practitioners record an adverse event at any time, also after signing: a later event is a separate entry that
  leaves the signature intact. They open the timed record of a suspected vascular occlusion, log its rounds (which
  take hyaluronidase from stock, so they also need stock's "use" permission) and end it.
- The front desk and catalog admins see no session records (they are clinical).
- Practitioners and catalog admins look up a lot's or a vial's recall list (who received it, when, how much).
"""

from __future__ import annotations

from planning import access as planning_access
from planning.models import TreatmentSession
from stock import access as stock_access

RECALL_PERM = "records.recall_lot"


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_see_records(*, user) -> bool:
    return planning_access.can_see_clinical(user=user) and _has(user, "records.view_sessionsignature")


def is_signed(session: TreatmentSession) -> bool:
    return hasattr(session, "signature")


def can_note_events(*, user, session: TreatmentSession) -> bool:
    return can_see_records(user=user) and _has(user, "records.add_adverseevent") and not is_signed(session)


def can_sign(*, user, session: TreatmentSession) -> bool:
    return (
        can_see_records(user=user)
        and _has(user, "records.add_sessionsignature")
        and session.performed_by_id == user.pk
        and not is_signed(session)
    )


def can_amend(*, user, session: TreatmentSession) -> bool:
    return can_see_records(user=user) and _has(user, "records.add_sessionamendment") and is_signed(session)


def can_record_later_events(*, user, session: TreatmentSession) -> bool:
    """An adverse event recorded after the record was signed, as a separate entry."""
    return can_see_records(user=user) and _has(user, "records.add_adverseevent") and is_signed(session)


def can_run_occlusion(*, user) -> bool:
    """Open, log and end the timed record of a suspected vascular occlusion (its rounds take stock)."""
    return (
        can_see_records(user=user)
        and _has(user, "records.add_occlusioncase")
        and _has(user, "records.add_occlusionround")
        and _has(user, "records.add_adverseevent")
        and stock_access.can_use(user=user)
    )


def can_see_occlusion(*, user) -> bool:
    return can_see_records(user=user) and _has(user, "records.view_occlusioncase")


def can_recall(*, user) -> bool:
    return _has(user, RECALL_PERM)
