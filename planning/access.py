"""What each role may see and do with treatment plans: the one home of these decisions.

Everything that shows or changes a plan asks here: the selectors (which plans a query returns), the views (404 for
a plan the user may not see, 403 for one they may see but not change), the templates (through `PlanAccess`, handed
to every plan page as `can`), the plan sections on the patient and consultation pages, and the admin.

- Practitioners (permission planning.view_clinical_notes) see every plan, with its clinical notes, safety
  findings, override reasons, history and the sessions performed.
- The front desk sees plans from "proposed" on (`FRONT_DESK_VISIBLE_STATUSES`: proposed, accepted, in progress,
  completed) with their items and prices, to discuss and book them; never drafts, declined or cancelled plans, and
  never anything clinical. Their printed copy is the patient's copy, which holds nothing clinical for anybody.
- Changing a plan (details, status) needs planning.change_treatmentplan; its items change only while it is a
  draft; a session is recorded only on an accepted or in-progress plan.
- The admin lists plans read-only, and only to clinical staff (a front-desk member who also keeps the catalog is
  staff, and the model permission alone would show them drafts and clinical notes there).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from planning.models import FRONT_DESK_VISIBLE_STATUSES, PlanStatus, TreatmentPlan

VIEW_PERM = "planning.view_treatmentplan"
CLINICAL_PERM = "planning.view_clinical_notes"
ADD_PERM = "planning.add_treatmentplan"
CHANGE_PERM = "planning.change_treatmentplan"
RECORD_SESSION_PERM = "planning.add_treatmentsession"
SESSION_STATUSES = (PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS)


def can_view_plans(*, user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(VIEW_PERM))


def can_see_clinical(*, user) -> bool:
    """Clinical notes, findings, override reasons, plan history and sessions performed."""
    return bool(user and user.is_authenticated and user.has_perm(CLINICAL_PERM))


def can_create_plan(*, user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(ADD_PERM))


def visible(plans: QuerySet[TreatmentPlan], *, user) -> QuerySet[TreatmentPlan]:
    """The plans of `plans` the user may see."""
    if not can_view_plans(user=user):
        return plans.none()
    if can_see_clinical(user=user):
        return plans
    return plans.filter(status__in=FRONT_DESK_VISIBLE_STATUSES)


def may_see(*, user, plan: TreatmentPlan) -> bool:
    if not can_view_plans(user=user):
        return False
    return can_see_clinical(user=user) or plan.status in FRONT_DESK_VISIBLE_STATUSES


def can_change(*, user, plan: TreatmentPlan) -> bool:
    return may_see(user=user, plan=plan) and user.has_perm(CHANGE_PERM)


def can_edit_items(*, user, plan: TreatmentPlan) -> bool:
    return can_change(user=user, plan=plan) and plan.is_editable


def can_record_session(*, user, plan: TreatmentPlan) -> bool:
    return can_change(user=user, plan=plan) and user.has_perm(RECORD_SESSION_PERM) and plan.status in SESSION_STATUSES


def require_visible(*, user, plan: TreatmentPlan | None) -> TreatmentPlan:
    """The plan, or 403 for a user who may see no plans at all and 404 for a plan this user may not see."""
    if not can_view_plans(user=user):
        raise PermissionDenied
    if plan is None or not may_see(user=user, plan=plan):
        raise Http404("No such plan.")
    return plan


@dataclass(frozen=True)
class PlanAccess:
    """What the user may do with one plan; plan templates read it as `can` (`{% if can.edit_items %}`)."""

    see_clinical: bool
    change: bool
    edit_items: bool
    record_session: bool
    new_alternative: bool

    @classmethod
    def of(cls, *, user, plan: TreatmentPlan) -> PlanAccess:
        change = can_change(user=user, plan=plan)
        return cls(
            see_clinical=can_see_clinical(user=user),
            change=change,
            edit_items=can_edit_items(user=user, plan=plan),
            record_session=can_record_session(user=user, plan=plan),
            new_alternative=change and can_create_plan(user=user),
        )
