"""Plan pages: the list, creating a plan from a consultation, the plan page, its details, status, print and PDF."""

from __future__ import annotations

from copy import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from accesslog.models import RecordKind
from accesslog.services import access_record
from clinic.formtools import add_service_errors
from clinic.pdf import html_to_pdf, pdf_response
from patients.models import Consultation
from planning import access
from planning.forms import PlanCreateForm, PlanDetailsForm, StatusForm
from planning.models import PLAN_TRANSITIONS, PlanStatus
from planning.pages import PLAN_PAGE, PLAN_PRINT, SESSION_DONE
from planning.selectors import get_plan_for_user, plans_for_user, require_edit
from planning.services import next_plan_title, plan_create, plan_set_status, plan_update_details
from planning.suggestions import suggestions_for_consultation
from planning.views.common import plan_context, plan_url
from planning.views.points import points_context

LIST_LIMIT = 50
# The face chart's SVG is drawn in the PDF with its own styles only (clinic.pdf): planning.css's rule for the printed
# sheet, which marks only what is planned, said again inside it.
PDF_CHART_CSS = ".chart-point:not(.is-planned) { display: none; }"


@permission_required("planning.view_treatmentplan", raise_exception=True)
def plan_list(request):
    """Practitioners: their own plans by status. Front desk: the plans to discuss and book (proposed, accepted)."""
    clinical = access.can_see_clinical(user=request.user)
    qs = plans_for_user(user=request.user).order_by("-updated_at")
    if clinical:
        qs = qs.filter(practitioner=request.user)
        order = [PlanStatus.DRAFT, PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS]
    else:
        order = [PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS]
    groups = []
    for status in order:
        plans = list(qs.filter(status=status)[:LIST_LIMIT])
        groups.append({"status": status, "label": PlanStatus(status).label, "plans": plans})
    return render(request, "planning/plan_list.html", {"groups": groups, "clinical": clinical})


@permission_required("planning.add_treatmentplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_create_view(request, consultation_code):
    consultation = get_object_or_404(Consultation.objects.select_related("patient"), code=consultation_code)
    if request.method == "POST":
        form = PlanCreateForm(request.POST)
        if form.is_valid():
            try:
                plan = plan_create(consultation=consultation, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{plan.title} created. Add items by hand, from a template or a suggestion.")
                return redirect(plan_url(plan))
    else:
        form = PlanCreateForm(
            initial={
                "title": next_plan_title(consultation),
                "planned_for": timezone.localtime(consultation.scheduled_at).date(),
                "session_gap_days": 14,
            }
        )
    existing = plans_for_user(user=request.user).filter(consultation=consultation)
    return render(
        request,
        "planning/plan_create.html",
        {"form": form, "consultation": consultation, "patient": consultation.patient, "existing": existing},
    )


@permission_required("planning.view_treatmentplan", raise_exception=True)
def plan_detail(request, code):
    plan, _ = get_plan_for_user(user=request.user, code=code)
    access_record(request=request, kind=RecordKind.PLAN, code=plan.code, patient=plan.patient)
    context = plan_context(plan, request.user)
    can = context["can"]
    context.update(
        {
            "suggestions": suggestions_for_consultation(plan.consultation) if can.edit_items else [],
            "status_form": _status_form(plan, can.change, context["has_stop"]),
            "sections": PLAN_PAGE.render(request=request, plan=plan),
            "sessions_done": [
                (session, SESSION_DONE.render(request=request, session=session))
                for session in plan.sessions.select_related("patient")
                .order_by("-performed_at")
                .prefetch_related("items__product")
            ]
            if context["show_clinical"]
            else [],
        }
    )
    context.update(points_context(context))
    return render(request, "planning/plan_detail.html", context)


def _status_form(plan, can_edit, has_stop, data=None):
    if not can_edit or not PLAN_TRANSITIONS.get(plan.status):
        return None
    show_override = has_stop and PlanStatus.PROPOSED in PLAN_TRANSITIONS[plan.status]
    return StatusForm(data, plan=plan, show_override=show_override, initial={"version": plan.version})


@permission_required("planning.change_treatmentplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_edit(request, code):
    plan = require_edit(user=request.user, code=code)
    if request.method == "POST":
        form = PlanDetailsForm(request.POST)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            try:
                plan_update_details(plan=plan, by=request.user, expected_version=fields.pop("version"), **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Plan details saved.")
                return redirect(plan_url(plan))
    else:
        form = PlanDetailsForm(
            initial={
                "version": plan.version,
                "title": plan.title,
                "planned_for": plan.planned_for,
                "session_gap_days": plan.session_gap_days,
                "notes": plan.notes,
                "patient_notes": plan.patient_notes,
            }
        )
    return render(request, "planning/plan_edit.html", {"form": form, "plan": plan})


@permission_required("planning.change_treatmentplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_status(request, code):
    plan = require_edit(user=request.user, code=code)
    if not PLAN_TRANSITIONS.get(plan.status):
        messages.info(request, f"A {plan.get_status_display().lower()} plan does not change status any more.")
        return redirect(plan_url(plan))
    context = plan_context(plan, request.user, with_history=False)
    form = _status_form(plan, True, context["has_stop"], request.POST if request.method == "POST" else None)
    if request.method == "GET" and request.GET.get("to") in {c[0] for c in form.fields["to"].choices}:
        form.initial["to"] = request.GET["to"]
    if request.method == "POST" and form.is_valid():
        try:
            plan_set_status(
                plan=plan,
                to=form.cleaned_data["to"],
                by=request.user,
                override_reason=form.cleaned_data["override_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            # A guard of an app above planning (planning.guards) may say where to do what is missing.
            for step in getattr(exc, "next_steps", ()):
                form.add_error("to", format_html('<a href="{}">{}</a>', step.url, step.label))
        else:
            messages.success(request, f"{plan.title} is now {plan.get_status_display().lower()}.")
            return redirect(plan_url(plan))
    context.update({"status_form": form})
    return render(request, "planning/plan_status.html", context, status=200)


@permission_required("planning.view_treatmentplan", raise_exception=True)
def plan_print(request, code):
    """The patient's copy: no clinical notes, findings or override reasons, whoever prints it. `?copy=practitioner`
    is the practitioner's copy for clinical users: the same sheet with the injection points (dose, depth,
    technique) on the chart and in a table; anybody else gets the patient's copy."""
    plan, _ = get_plan_for_user(user=request.user, code=code)  # the front desk never sees declined or cancelled
    # plan_pdf renders through this view: its one entry names the PDF's URL (the request's resolver match).
    access_record(request=request, kind=RecordKind.PLAN_PRINT, code=plan.code, patient=plan.patient)
    practitioner_copy = request.GET.get("copy") == "practitioner" and access.can_see_clinical(user=request.user)
    context = plan_context(plan, request.user, with_history=False, for_print=True, practitioner_copy=practitioner_copy)
    context.update(points_context(context, with_forms=False))
    context["practitioner_copy"] = practitioner_copy
    treatments = []
    for item in context["items"]:
        if item.treatment not in treatments:
            treatments.append(item.treatment)
    context.update(
        {
            "aftercare": [t for t in treatments if t.aftercare],
            "printed_on": timezone.localdate(),
            "clinic_name": settings.HARMONY_CLINIC_NAME,
            "sections": PLAN_PRINT.render(request=request, plan=plan),
        }
    )
    return render(request, "planning/plan_print.html", context)


@permission_required("planning.view_treatmentplan", raise_exception=True)
@require_GET
def plan_pdf(request, code):
    """The patient's copy as a PDF: the print page itself (whatever it shows, to whom), laid out for A4."""
    patients_copy = copy(request)
    patients_copy.GET = QueryDict()  # never the practitioner's copy
    page = plan_print(patients_copy, code)
    pdf = html_to_pdf(
        page.content.decode(), request=request, svg_stylesheets=("planning/planning.css",), svg_css=PDF_CHART_CSS
    )
    return pdf_response(pdf, filename="treatment-plan.pdf")
