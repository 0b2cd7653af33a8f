"""Planning's pieces on other apps' pages (the patient and consultation pages include these), and the filters the
plan templates use to show doses with their units, money and severities."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import reverse

from planning.models import PlanStatus

register = template.Library()

STATUS_BADGES = {
    PlanStatus.DRAFT: "text-bg-secondary",
    PlanStatus.PROPOSED: "text-bg-info",
    PlanStatus.ACCEPTED: "text-bg-primary",
    PlanStatus.IN_PROGRESS: "text-bg-warning",
    PlanStatus.COMPLETED: "text-bg-success",
    PlanStatus.DECLINED: "text-bg-light border",
    PlanStatus.CANCELLED: "text-bg-light border",
}
SEVERITY_CLASSES = {"stop": "danger", "caution": "warning", "info": "info"}
SEVERITY_LABELS = {"stop": "Stop", "caution": "Caution", "info": "Info"}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.filter
def severity_class(severity: str) -> str:
    return SEVERITY_CLASSES.get(severity, "secondary")


@register.filter
def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity.title())


@register.filter
def dose(value) -> str:
    """4.00 -> "4", 1.50 -> "1.5" (the unit is printed beside it)."""
    if value in (None, ""):
        return ""
    value = Decimal(value).normalize()
    return f"{value:f}"


@register.filter
def money(value) -> str:
    if value in (None, ""):
        return ""
    symbol = settings.HARMONY_CURRENCY_SYMBOL
    return f"{symbol}{Decimal(value):,.2f}"


@register.inclusion_tag("planning/_patient_plans.html", takes_context=True)
def patient_plans(context, patient):
    from planning.selectors import can_see_clinical, plans_for_user

    user = context["user"]
    plans = list(plans_for_user(user=user).filter(patient=patient).order_by("-created_at")[:30])
    new_plan_url = ""
    if user.has_perm("planning.add_treatmentplan"):
        latest = patient.consultations.order_by("-scheduled_at").first()
        if latest is not None:
            new_plan_url = reverse("planning:plan_create", kwargs={"consultation_code": latest.code})
    return {
        "patient": patient,
        "plans": plans,
        "user": user,
        "new_plan_url": new_plan_url,
        "clinical": can_see_clinical(user),
    }


@register.inclusion_tag("planning/_consultation_plans.html", takes_context=True)
def consultation_plans(context, consultation):
    from planning.selectors import can_see_clinical, plans_for_user

    user = context["user"]
    plans = list(plans_for_user(user=user).filter(consultation=consultation).order_by("title"))
    new_plan_url = ""
    if user.has_perm("planning.add_treatmentplan"):
        new_plan_url = reverse("planning:plan_create", kwargs={"consultation_code": consultation.code})
    return {
        "consultation": consultation,
        "plans": plans,
        "user": user,
        "new_plan_url": new_plan_url,
        "clinical": can_see_clinical(user),
    }
