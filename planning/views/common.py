"""What the plan pages share: the page context (in a fixed number of queries) and turning service errors into
messages."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from catalog.selectors import active_templates
from planning.access import PlanAccess
from planning.check_data import findings_for_plan, patient_history, plan_points
from planning.checks import STOP
from planning.face_chart import chart_points, face_chart
from planning.selectors import chart_areas, group_items, item_rows, plan_history, plan_items


def plan_url(plan, name: str = "planning:plan_detail", **kwargs) -> str:
    return reverse(name, kwargs={"code": plan.code, **kwargs})


def fail(request, plan, exc: ValidationError, anchor: str = ""):
    messages.error(request, " ".join(exc.messages))
    return redirect(plan_url(plan) + anchor)


def plan_context(
    plan, user, *, with_history: bool = True, for_print: bool = False, practitioner_copy: bool = False
) -> dict:
    """Everything a plan page shows, in a fixed number of queries. The patient's treatment history is read once
    and handed to the checks, the "last time in this area" notes and the face chart's area list; the injection
    points once, for the checks, the chart and the points table.

    Injection points are clinical detail: only clinical users see them, on the plan pages and on the practitioner's
    printed copy (`practitioner_copy`), never on the patient's."""
    can = PlanAccess.of(user=user, plan=plan)
    clinical = can.see_clinical and not for_print
    show_points = can.see_clinical and (not for_print or practitioner_copy)
    items = plan_items(plan)
    areas = chart_areas()
    history = patient_history(plan)
    last = history.last_times({a.pk for a in areas} | {i.area_id for i in items})
    points = plan_points(plan) if show_points and items else {}
    findings = findings_for_plan(plan, history=history, points=points) if clinical else []
    rows = item_rows(items, findings)
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("stop", "caution", "info")}
    return {
        "plan": plan,
        "can": can,
        "items": items,
        "rows": rows,
        "sessions": group_items(plan, rows, last),
        "total": sum((i.price for i in items), Decimal("0")),
        "has_example_prices": any(i.price_is_example for i in items),
        "show_clinical": clinical,
        "findings": findings,
        "plan_findings": [f for f in findings if f.item_key is None],
        "finding_counts": counts,
        "has_stop": counts["stop"] > 0,
        "chart": face_chart(areas, items, last_times=last),
        "chart_areas": areas,
        "show_points": show_points,
        "points": points,
        "chart_points": chart_points(items, points) if show_points else None,
        "history": plan_history(plan) if (clinical and with_history) else [],
        "templates": active_templates() if clinical and can.edit_items else [],
        "STOP": STOP,
    }
