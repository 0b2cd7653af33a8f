"""The filters the plan templates use to show statuses and severities (doses and money: clinic/formatting.py)."""

from django import template

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
