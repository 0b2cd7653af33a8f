"""The consents' sections on lower apps' pages (clinic/sections.py), added in ConsentsConfig.ready.

- The patient page: the plans waiting for the patient's signature (with their patient view) and what the patient
  signed, each with its page and PDF.
- The printed plan: the patient's signatures for this plan, in plain words.
- The plan page: a "Patient view" button, to hand the tablet to the patient.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from consents import access
from consents.models import ConsentKind
from consents.selectors import latest_acceptance, signed_for_patient
from planning.models import PlanStatus
from planning.selectors import plans_for_user


def patient_signatures(*, request, patient) -> str:
    user = request.user
    if not access.can_see_signed(user=user):
        return ""
    acceptances, consents = signed_for_patient(user=user, patient=patient)
    open_plans = []
    if access.can_witness(user=user):
        plans = plans_for_user(user=user).filter(patient=patient, status__in=access.PATIENT_VIEW_STATUSES)
        open_plans = list(plans.order_by("-created_at")[:10])
    return render_to_string(
        "consents/_patient_signatures.html",
        {"patient": patient, "acceptances": acceptances, "consents": consents, "open_plans": open_plans},
        request=request,
    )


def plan_print_signatures(*, request, plan) -> str:
    if not access.can_see_signed(user=request.user):
        return ""
    acceptance = latest_acceptance(plan)
    consents = list(plan.signed_consents.select_related("text").order_by("kind", "-signed_at"))
    latest = {}
    for consent in consents:
        latest.setdefault(consent.kind, consent)
    ordered = [latest[kind] for kind in ConsentKind.values if kind in latest]
    if acceptance is None and not ordered:
        return ""
    return render_to_string(
        "consents/_plan_print_signatures.html",
        {"plan": plan, "acceptance": acceptance, "consents": ordered},
        request=request,
    )


def plan_patient_view_link(*, request, plan) -> str:
    """ "Patient view" on the plan page: the tablet view where the patient reads, accepts and signs the plan."""
    if plan.status not in (PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS):
        return ""
    if not access.can_open_patient_view(user=request.user, plan=plan):
        return ""
    return render_to_string("consents/_plan_patient_view_link.html", {"plan": plan}, request=request)
