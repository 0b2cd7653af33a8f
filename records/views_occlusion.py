"""The timed record of a suspected vascular occlusion: started from a session's record (or the patient page),
prefilled from the session's filler; each round logged with its hyaluronidase (taken from stock) and a timer to the
next reassessment; ended by the adverse event with its outcome and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clinic.formatting import moment
from clinic.formtools import add_service_errors
from planning.models import TreatmentSession
from records import access, selectors, services
from records.forms import OcclusionEndForm, OcclusionRoundForm, OcclusionStartForm, item_label, point_label
from records.models import OcclusionProtocol
from stock.selectors import kit_lots


def _require(user) -> None:
    if not access.can_run_occlusion(user=user):
        raise PermissionDenied


@never_cache
@require_http_methods(["GET", "POST"])
def occlusion_start(request, code):
    _require(request.user)
    session = get_object_or_404(TreatmentSession.objects.select_related("patient", "plan"), code=code)
    existing = selectors.open_case(session=session)
    if existing is not None:
        return redirect("records:occlusion_case", code=existing.code)
    form = OcclusionStartForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.occlusion_start(
                session=session,
                by=request.user,
                onset_at=data["onset_at"],
                area=data.get("area"),
                items=data.get("items") or (),
                points=data.get("points") or (),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.warning(request, "Occlusion record started. Stop injecting; record the first round now.")
            return redirect("records:occlusion_case", code=case.code)
    return render(
        request,
        "records/occlusion_start.html",
        {
            "session": session,
            "form": form,
            "protocol": OcclusionProtocol.objects.filter(is_current=True).first(),
            "fillers": selectors.filler_items(session=session),
            "record_url": reverse("records:session_detail", kwargs={"code": session.code}),
        },
    )


def _next_due(case, rounds):
    """When the next reassessment is due: now for the first round, then the protocol's interval after the last."""
    if not rounds:
        return case.started_at
    return rounds[-1].assessed_at + case.protocol.reassess_every


@never_cache
@require_http_methods(["GET", "POST"])
def occlusion_case(request, code):
    if not access.can_see_occlusion(user=request.user):
        raise PermissionDenied
    case = selectors.get_case(code=code)
    can_run = access.can_run_occlusion(user=request.user) and case.is_open
    rounds = selectors.case_rounds(case=case)
    lots = kit_lots()
    round_form = end_form = None
    just_recorded = None
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "round":
            round_form = OcclusionRoundForm(request.POST, lots=lots, number=len(rounds) + 1)
            if round_form.is_valid():
                data = round_form.cleaned_data
                try:
                    just_recorded = services.occlusion_round_record(
                        case=case,
                        by=request.user,
                        expected_number=data["expected_number"],
                        assessed_at=data["assessed_at"],
                        capillary_refill=data["capillary_refill"],
                        skin_colour=data["skin_colour"],
                        pain=data["pain"],
                        visual_symptoms=data["visual_symptoms"],
                        lot=data.get("lot"),
                        units=data.get("units"),
                        note=data.get("note", ""),
                    )
                except ValidationError as exc:
                    add_service_errors(round_form, exc)
                else:
                    rounds = selectors.case_rounds(case=case)
                    due = moment(_next_due(case, rounds))
                    text = f"Round {just_recorded.number} recorded. Next reassessment due {due}."
                    if not just_recorded.visual_symptoms:
                        messages.success(request, text)
                        return redirect(request.path)
                    # A change in vision: the escalation is shown on this very response, not after a redirect.
                    messages.error(request, text)
                    round_form = None
        elif action == "end":
            end_form = OcclusionEndForm(request.POST)
            if end_form.is_valid():
                data = end_form.cleaned_data
                try:
                    services.occlusion_end(case=case, by=request.user, **data)
                except ValidationError as exc:
                    add_service_errors(end_form, exc)
                else:
                    messages.success(request, "Occlusion record ended; the adverse event is on the session's record.")
                    return redirect(request.path)
        else:
            messages.error(request, "That action could not be read: reload the page and try again.")
            return redirect(request.path)
        lots = kit_lots()  # a round may have used up a lot
    if can_run:
        round_form = round_form or OcclusionRoundForm(lots=lots, number=len(rounds) + 1)
        end_form = end_form or OcclusionEndForm()
    session = case.session
    due = _next_due(case, rounds) if case.is_open else None
    return render(
        request,
        "records/occlusion_case.html",
        {
            "case": case,
            "session": session,
            "protocol": case.protocol,
            "rounds": rounds,
            "items": [item_label(i) for i in case.items.select_related("product", "area").order_by("pk")],
            "points": [point_label(p) for p in case.points.select_related("performed_item__area").order_by("pk")],
            "visual_alert": any(r.visual_symptoms for r in rounds),
            "just_recorded": just_recorded,
            "due": due,
            "overdue": due is not None and due <= timezone.now() and bool(rounds),
            "resolved": bool(rounds) and rounds[-1].resolved_signs,
            "total_units": sum((r.units for r in rounds if r.units), 0),
            "round_form": round_form,
            "end_form": end_form,
            "no_lots": can_run and not lots.exists(),
            "record_url": reverse("records:session_detail", kwargs={"code": session.code}),
            "patient_url": reverse("patients:patient_detail", kwargs={"code": session.patient.code}),
        },
    )
