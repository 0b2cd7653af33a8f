"""The consents' say in planning's changes, added to planning/guards.py's lists in ConsentsConfig.ready.

- A plan becomes accepted only with the patient's signed acceptance of the plan's current version (signed on the
  patient view; a practitioner then moves the plan to accepted, as before).
- A session is recorded only while the patient's consent to each kind of treatment given in it is in force: signed
  on the current consent text and not past its valid_until (HARMONY_CONSENT_VALID_DAYS after signing). It is checked
  when the session is recorded, which may be after the day it was performed (a session entered late).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from clinic.formatting import day
from consents.models import TREATMENT_KINDS, ConsentKind, SignedConsent
from consents.selectors import acceptance_of, consents_in_force
from planning.guards import GuardRefusal, NextStep


def patient_view_step(plan) -> NextStep:
    return NextStep(
        "Open the patient view for the patient's signature", reverse("consents:patient_view", args=[plan.code])
    )


def plan_is_signed(*, plan) -> None:
    if acceptance_of(plan) is None:
        raise GuardRefusal(
            {
                "to": (
                    "The patient has not signed this version of the plan yet. Hand them the patient view to read and "
                    "sign it, then move the plan to accepted."
                )
            },
            next_steps=[patient_view_step(plan)],
        )


def _why_not(patient, kind: str, on: dt.date) -> str:
    """Why the patient's consent of this kind is not in force on `on`, in words for the practitioner."""
    label = ConsentKind(kind).label.lower()
    latest = (
        SignedConsent.objects.filter(patient=patient, kind=kind, signed_at__date__lte=on)
        .select_related("text")
        .order_by("-signed_at")
        .first()
    )
    if latest is None:
        return f"the patient has not signed the consent to {label}"
    if latest.valid_until < on:
        return f"the patient's consent to {label} ran out on {day(latest.valid_until)}"
    return f"the patient's consent to {label} was signed on an earlier version of its text"


def session_consents_in_force(*, plan, modalities) -> None:
    kinds = [kind for kind in TREATMENT_KINDS if kind in set(modalities)]
    if not kinds:
        return
    on = timezone.localdate()
    in_force = consents_in_force(patient=plan.patient, kinds=kinds, on=on)
    reasons = [_why_not(plan.patient, kind, on) for kind in kinds if kind not in in_force]
    if reasons:
        raise GuardRefusal(
            f"This session cannot be recorded yet: {'; '.join(reasons)}. Ask the patient to read and sign it on "
            "the patient view, then record the session.",
            next_steps=[patient_view_step(plan)],
        )
