"""What each role may see and do with outcomes at review: the one home of these decisions.

- Practitioners (clinical staff, planning.access.can_see_clinical) see the outcome of every performed session and
  record or correct both ratings: their own and the patient's, which they enter on the patient's behalf.
- The report (aggregates by treatment and product, no patient named) is for practitioners and catalog admins, who
  manage the clinic's offer (permission outcomes.view_outcome_report).
- The front desk sees no outcomes (they are clinical).
"""

from __future__ import annotations

from planning import access as planning_access

VIEW_PERM = "outcomes.view_outcomerating"
ADD_PERM = "outcomes.add_outcomerating"
CHANGE_PERM = "outcomes.change_outcomerating"
REPORT_PERM = "outcomes.view_outcome_report"


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_see_outcomes(*, user) -> bool:
    return planning_access.can_see_clinical(user=user) and _has(user, VIEW_PERM)


def can_rate(*, user) -> bool:
    """Record a rating and correct one (a correction keeps the earlier one in the history)."""
    return can_see_outcomes(user=user) and _has(user, ADD_PERM) and _has(user, CHANGE_PERM)


def can_see_report(*, user) -> bool:
    return _has(user, REPORT_PERM)
