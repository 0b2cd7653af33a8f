"""Who may open the patient view, witness a signature and see what patients signed: the one home of these decisions.

The consents views, the consents sections on other apps' pages and the guards' links ask here.

- Practitioners and the front desk open a plan's patient view on the clinic's tablet for the patient (the plan must
  be one they may see: the front desk never sees drafts, planning.access), and witness the patient's signatures
  there: the signed-in staff member is recorded as the witness.
- They see the signed consents and plan acceptances of the patients they may see, as a page and as a PDF.
- Catalog admins keep the consent texts in the Django admin (consents.change_consenttext); they open no patient
  view and see no signatures.
- Nobody changes or deletes a signature (no permission grants it; the models refuse it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from planning import access as plan_access
from planning.models import PlanStatus, TreatmentPlan

VIEW_SIGNED = "consents.view_signedconsent"
VIEW_ACCEPTANCE = "consents.view_planacceptance"
ADD_SIGNED = "consents.add_signedconsent"
ADD_ACCEPTANCE = "consents.add_planacceptance"
CHANGE_TEXT = "consents.change_consenttext"
# The plans a patient view opens: proposed (to accept and consent), then accepted or in progress (a consent may
# need renewing before a later session).
PATIENT_VIEW_STATUSES = (PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS)


def _has(user, *perms: str) -> bool:
    return bool(user and user.is_authenticated and all(user.has_perm(perm) for perm in perms))


def can_witness(*, user) -> bool:
    """May hand the tablet to the patient and witness their signature."""
    return _has(user, ADD_SIGNED, ADD_ACCEPTANCE, "patients.view_patient")


def can_open_patient_view(*, user, plan: TreatmentPlan) -> bool:
    return can_witness(user=user) and plan_access.may_see(user=user, plan=plan)


def can_see_signed(*, user) -> bool:
    return _has(user, VIEW_SIGNED, VIEW_ACCEPTANCE, "patients.view_patient")


def require_see_signed(*, user) -> None:
    if not can_see_signed(user=user):
        raise PermissionDenied


def require_patient_view(*, user, plan: TreatmentPlan) -> None:
    """403 for a user who may not witness signatures (the plan itself was found through planning's access)."""
    if not can_open_patient_view(user=user, plan=plan):
        raise PermissionDenied


def can_edit_texts(*, user) -> bool:
    return _has(user, CHANGE_TEXT)
