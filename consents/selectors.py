"""Reads for consents: the current texts, which consents a plan needs, which are in force, what a user may open.

Who may see and do what is decided in consents/access.py; this module asks it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from consents import access
from consents.models import TREATMENT_KINDS, ConsentKind, ConsentText, PlanAcceptance, SignedConsent
from planning.models import PlanStatus, TreatmentPlan


def current_text(kind: str) -> ConsentText | None:
    return ConsentText.objects.filter(kind=kind, is_current=True).first()


def current_texts() -> dict[str, ConsentText]:
    return {text.kind: text for text in ConsentText.objects.filter(is_current=True)}


def treatment_kinds(items) -> list[str]:
    """The treatment consents the items need (their products' kinds: toxin, filler), in ConsentKind's order."""
    kinds = {item.product.kind for item in items}
    return [kind for kind in TREATMENT_KINDS if kind in kinds]


def kinds_for_plan(items) -> list[str]:
    """Every consent the patient view asks for a plan with these items: one per kind of treatment, then photos."""
    return [*treatment_kinds(items), ConsentKind.PHOTOS]


def acceptance_of(plan: TreatmentPlan, *, version: int | None = None) -> PlanAcceptance | None:
    """The patient's acceptance of the plan's `version` (default: its current version)."""
    version = plan.version if version is None else version
    return PlanAcceptance.objects.filter(plan=plan, plan_version=version).first()


def latest_acceptance(plan: TreatmentPlan) -> PlanAcceptance | None:
    return plan.acceptances.order_by("-signed_at").first()


def consents_in_force(*, patient, kinds, on: dt.date | None = None) -> dict[str, SignedConsent]:
    """The patient's latest consent of each kind in force on `on` (today by default): signed on or before that day,
    not past its valid_until, on the current version of its text."""
    on = on or timezone.localdate()
    found: dict[str, SignedConsent] = {}
    qs = (
        SignedConsent.objects.filter(
            patient=patient, kind__in=list(kinds), valid_until__gte=on, text__is_current=True, signed_at__date__lte=on
        )
        .select_related("text", "witnessed_by")
        .order_by("-signed_at")
    )
    for consent in qs:
        if consent.kind not in found and consent.in_force_on(on):
            found[consent.kind] = consent
    return found


@dataclass
class ToSign:
    """One signature the patient view asks for: the plan's acceptance, or a consent of one kind."""

    what: str  # "plan" or a ConsentKind value
    label: str
    text: ConsentText | None = None
    done: PlanAcceptance | SignedConsent | None = None
    needed: bool = True  # False: asked, but the plan goes ahead without it (the photo consent)
    unavailable: str = ""  # why it cannot be signed now (no current text, the plan is not proposed)

    @property
    def can_sign(self) -> bool:
        return self.done is None and not self.unavailable


def signing_status(plan: TreatmentPlan, items) -> list[ToSign]:
    """What the patient view asks the patient to sign for the plan, each with the signature already given."""
    texts = current_texts()
    acceptance = acceptance_of(plan) or (latest_acceptance(plan) if plan.status != PlanStatus.PROPOSED else None)
    rows = [
        ToSign(
            what="plan",
            label="I accept this treatment plan",
            done=acceptance,
            unavailable=""
            if plan.status == PlanStatus.PROPOSED or acceptance
            else f"This plan is {plan.get_status_display().lower()}: only a proposed plan is accepted here.",
        )
    ]
    kinds = kinds_for_plan(items)
    # The photo consent is for the clinical record: this plan's sessions never wait for it.
    in_force = consents_in_force(patient=plan.patient, kinds=kinds)
    for kind in kinds:
        text = texts.get(kind)
        rows.append(
            ToSign(
                what=kind,
                label=text.title if text else ConsentKind(kind).label,
                text=text,
                done=in_force.get(kind),
                needed=kind != ConsentKind.PHOTOS,
                unavailable="" if text else "The clinic has no current text for this consent yet.",
            )
        )
    return rows


def signed_for_patient(*, user, patient) -> tuple[list[PlanAcceptance], list[SignedConsent]]:
    """The patient's signatures, newest first, for the patient page; none for a user who may not see them."""
    if not access.can_see_signed(user=user):
        return [], []
    acceptances = list(
        PlanAcceptance.objects.filter(plan__patient=patient)
        .select_related("plan", "witnessed_by")
        .order_by("-signed_at")[:50]
    )
    consents = list(
        SignedConsent.objects.filter(patient=patient)
        .select_related("text", "plan", "witnessed_by")
        .order_by("-signed_at")[:50]
    )
    return acceptances, consents


def get_signed_for_user(*, user, code) -> PlanAcceptance | SignedConsent:
    """A signed consent or plan acceptance by its code: 403 for a user who may see none, 404 when there is none."""
    access.require_see_signed(user=user)
    record = (
        SignedConsent.objects.select_related("patient", "plan__practitioner", "text", "witnessed_by")
        .filter(code=code)
        .first()
    ) or PlanAcceptance.objects.select_related("plan__patient", "plan__practitioner", "witnessed_by").filter(
        code=code
    ).first()
    if record is None:
        raise Http404("No such signed record.")
    return record
