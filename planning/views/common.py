"""What the plan pages share: the page context (in a fixed number of queries) and turning service errors into
messages."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from catalog.models import CombinationTemplate, Side
from planning.check_data import findings_by_item, findings_for_plan
from planning.checks import SEVERITY_ORDER, STOP
from planning.selectors import (
    can_see_clinical,
    chart_areas,
    face_chart,
    group_items,
    last_times,
    plan_history,
    plan_items,
)


def plan_url(plan, name: str = "planning:plan_detail", **kwargs) -> str:
    return reverse(name, kwargs={"code": plan.code, **kwargs})


def fail(request, plan, exc: ValidationError, anchor: str = ""):
    messages.error(request, " ".join(exc.messages))
    return redirect(plan_url(plan) + anchor)


def per_side_text(item) -> str:
    """ "8 U" on both sides of a paired area is 4 U a side: say so, since ranges are per side."""
    if item.side == Side.BOTH and item.area.bilateral:
        half = (item.dose / 2).normalize()
        return f"{half:f} {item.dose_unit} per side"
    return ""


def plan_context(plan, user, *, with_history: bool = True, for_print: bool = False) -> dict:
    items = plan_items(plan)
    last = last_times(plan, {i.area_id for i in items})
    sessions = group_items(plan, items, last)
    clinical = can_see_clinical(user) and not for_print
    findings = findings_for_plan(plan) if clinical else []
    by_item = findings_by_item(findings) if clinical else {}
    for item in items:
        item.findings = sorted(by_item.get(str(item.pk), []), key=lambda f: -SEVERITY_ORDER[f.severity])
        item.per_side = per_side_text(item)
    plan_findings = [f for f in findings if f.item_key is None]
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("stop", "caution", "info")}
    total = sum((i.price for i in items), Decimal("0"))
    return {
        "plan": plan,
        "items": items,
        "sessions": sessions,
        "total": total,
        "has_example_prices": any(i.price_is_example for i in items),
        "show_clinical": clinical,
        "findings": findings,
        "plan_findings": plan_findings,
        "finding_counts": counts,
        "has_stop": counts["stop"] > 0,
        "chart": face_chart(chart_areas(), items),
        "history": plan_history(plan) if (clinical and with_history) else [],
        "templates": list(CombinationTemplate.objects.filter(is_active=True)) if clinical and plan.is_editable else [],
        "STOP": STOP,
    }
