"""Recording a session that was performed: which items were done, with product lot numbers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from clinic.formatting import day
from clinic.formtools import add_service_errors
from planning.forms import SessionRecordForm
from planning.models import PlanStatus
from planning.selectors import plan_items, require_edit
from planning.services import PerformedLine, session_record
from planning.views.common import plan_url
from stock.models import ProductLot, Vial


@permission_required("planning.add_treatmentsession", raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_record_view(request, code):
    plan = require_edit(user=request.user, code=code)
    if plan.status not in (PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS):
        messages.info(request, "Sessions are recorded once the patient has accepted the plan.")
        return redirect(plan_url(plan))
    items = plan_items(plan)
    prefetch_related_objects(items, "points")  # the planned points, shown beside each item
    done_numbers = set(plan.sessions.values_list("session_number", flat=True))
    next_number = min((i.session_number for i in items if i.session_number not in done_numbers), default=1)
    if request.method == "POST":
        form = SessionRecordForm(request.POST, items=items)
        if form.is_valid():
            data = form.cleaned_data
            lines = [
                PerformedLine(
                    plan_item=item,
                    lot_number=data[f"lot_{item.pk}"],
                    dose=data[f"dose_{item.pk}"],
                    lot_expiry=data[f"expiry_{item.pk}"],
                    stock_lot=source if isinstance(source := data[f"stock_{item.pk}"], ProductLot) else None,
                    vial=source if isinstance(source, Vial) else None,
                    deviation_reason=data[f"reason_{item.pk}"],
                    points=form.point_lines(item),
                )
                for item in items
                if data[f"done_{item.pk}"]
            ]
            try:
                session = session_record(
                    plan=plan,
                    by=request.user,
                    session_number=data["session_number"],
                    performed_at=data["performed_at"],
                    lines=lines,
                    review_on=data["review_on"],
                    notes=data["notes"],
                    expected_version=data["version"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                # A guard of an app above planning (planning.guards) may say where to do what is missing, e.g.
                # the patient view where the patient signs a consent that has run out.
                for step in getattr(exc, "next_steps", ()):
                    form.add_error(None, format_html('<a href="{}">{}</a>', step.url, step.label))
            else:
                review = f" Review on {day(session.review_on)}." if session.review_on else ""
                messages.success(request, f"Session {session.session_number} recorded.{review}")
                return redirect(plan_url(plan) + "#sessions")
    else:
        initial = {"version": plan.version, "session_number": next_number}
        initial.update({f"done_{i.pk}": True for i in items if i.session_number == next_number})
        form = SessionRecordForm(initial=initial, items=items)
    return render(request, "planning/session_record.html", {"plan": plan, "form": form})
