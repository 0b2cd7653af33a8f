"""Booking, recording and reading consultations (concerns, goals, medical screening, previous treatments)."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accesslog.models import RecordKind
from accesslog.services import access_record
from clinic import formatting
from clinic.roles import PRACTITIONER, role_names
from clinic.security import safe_next_path
from patients import selectors, services
from patients.forms import (
    MAX_PREVIOUS_ROWS,
    PREVIOUS_PREFIX,
    ConsultationForm,
    PreviousTreatmentForm,
    PreviousTreatmentFormSet,
)
from patients.models import Consultation, ConsultationStatus
from patients.pages import CONSULTATION_PAGE


def _next_slot():
    """Default booking time: the next whole hour, clinic time."""
    now = timezone.localtime()
    slot = datetime.combine(now.date(), time(now.hour)) + timedelta(hours=1)
    return slot.date(), slot.time()


def _render_form(request, form, formset, consultation, patient):
    return render(
        request,
        "patients/consultation_form.html",
        {
            "form": form,
            "formset": formset,
            "consultation": consultation,
            "patient": patient,
        },
    )


@permission_required("patients.add_consultation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consultation_create(request, code):
    patient, _ = selectors.get_patient_for_user(user=request.user, code=code)
    if patient.is_archived:
        messages.error(request, "This patient's record is archived: restore it before booking a consultation.")
        return redirect("patients:patient_detail", code=patient.code)
    data = request.POST if request.method == "POST" else None
    day, slot = _next_slot()
    initial = {"when_date": day, "when_time": slot}
    if PRACTITIONER in role_names(request.user):
        initial["practitioner"] = request.user.pk
    draft = Consultation(patient=patient)
    form = ConsultationForm(data, instance=draft, initial=initial)
    formset = PreviousTreatmentFormSet(data, instance=draft, prefix=PREVIOUS_PREFIX)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            consultation, created = services.consultation_create(
                patient=patient,
                by=request.user,
                concerns=form.cleaned_data["concerns"],
                previous_treatments=formset.save(commit=False),
                submission_key=form.cleaned_data.get("submission_key"),
                **form.consultation_fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                at = consultation.scheduled_at
                when = f"{formatting.weekday(at)} at {formatting.clock(at)}"
                messages.success(request, f"Consultation booked for {patient.display_name} on {when}.")
            return redirect("patients:consultation_detail", code=consultation.code)
    return _render_form(request, form, formset, None, patient)


@permission_required("patients.view_consultation", raise_exception=True)
def consultation_detail(request, code):
    consultation, can_edit = selectors.get_consultation_for_user(user=request.user, code=code)
    access_record(request=request, kind=RecordKind.CONSULTATION, code=consultation.code, patient=consultation.patient)
    answers = consultation.screening_answers()
    return render(
        request,
        "patients/consultation_detail.html",
        {
            "consultation": consultation,
            "patient": consultation.patient,
            "can_edit": can_edit,
            "positives": [(field, label) for field, label, answer in answers if answer],
            "negatives": [(field, label) for field, label, answer in answers if not answer],
            "previous_treatments": list(consultation.previous_treatments.select_related("product", "area")),
            "history": selectors.record_history(record=consultation),
            "statuses": ConsultationStatus,
            "sections": CONSULTATION_PAGE.render(request=request, consultation=consultation),
        },
    )


@permission_required("patients.change_consultation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consultation_edit(request, code):
    consultation, _ = selectors.get_consultation_for_user(user=request.user, code=code)
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(data, instance=consultation)
    formset = PreviousTreatmentFormSet(data, instance=consultation, prefix=PREVIOUS_PREFIX)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            services.consultation_update(
                consultation=consultation,
                by=request.user,
                concerns=form.cleaned_data["concerns"],
                previous_treatments=formset.save(commit=False),
                expected_version=form.expected_version,
                **form.consultation_fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The consultation is saved.")
            return redirect("patients:consultation_detail", code=consultation.code)
    return _render_form(request, form, formset, consultation, consultation.patient)


@permission_required("patients.change_consultation", raise_exception=True)
@require_POST
def consultation_status(request, code):
    """Quick status changes from the dashboard and the consultation page (start, complete, cancel)."""
    consultation, _ = selectors.get_consultation_for_user(user=request.user, code=code)
    status = request.POST.get("status", "")
    # Where to go next is decided before anything is written: a target that is not a path on this site (a bare
    # word, another site) falls back to the consultation's page instead of failing after the change was saved.
    target = safe_next_path(request, request.POST.get("next", ""))
    try:
        services.consultation_set_status(consultation=consultation, by=request.user, status=status)
    except ValidationError:
        return HttpResponseBadRequest("Unknown status.")
    messages.success(request, f"Consultation marked {consultation.get_status_display().lower()}.")
    if target:
        return HttpResponseRedirect(target)
    return redirect("patients:consultation_detail", code=consultation.code)


@permission_required("patients.add_previoustreatment", raise_exception=True)
@require_GET
def previous_treatment_row(request):
    """One more empty previous-treatment row for the formset (htmx); patients.js then counts it in TOTAL_FORMS."""
    try:
        index = int(request.GET.get(f"{PREVIOUS_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest("Row count missing.")
    if not 0 <= index < MAX_PREVIOUS_ROWS:
        return HttpResponseBadRequest(f"At most {MAX_PREVIOUS_ROWS} previous treatments per consultation.")
    form = PreviousTreatmentForm(
        prefix=f"{PREVIOUS_PREFIX}-{index}", empty_permitted=True, use_required_attribute=False
    )
    return render(
        request,
        "patients/_previous_treatment_row.html",
        {"row": form, "index": index},
    )
