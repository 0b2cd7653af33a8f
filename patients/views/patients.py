"""Patient search, registration, editing, archiving and the patient page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accesslog import access as accesslog_access
from accesslog import selectors as accesslog_selectors
from accesslog.models import RecordKind
from accesslog.services import access_record
from mfa.reauth import is_recent as recently_reauthenticated
from mfa.reauth import reauth_url
from patients import access, selectors, services
from patients.forms import PatientForm, PatientSearchForm
from patients.pages import PATIENT_PAGE


@permission_required("patients.view_patient", raise_exception=True)
@require_http_methods(["GET", "POST"])
def patient_search(request):
    """Search by POST only: a patient's name or date of birth must never sit in a URL, history or access log."""
    form = PatientSearchForm(request.POST or None)
    context = {
        "form": form,
        "searched": False,
        "results": [],
        "more": False,
        "parsed": None,
        "can_register": access.can_register(user=request.user),
        "can_book": access.can_book(user=request.user),
    }
    if request.method == "POST" and form.is_valid():
        parsed, results, more = selectors.search_patients(
            user=request.user,
            query=form.cleaned_data["q"],
            include_archived=form.cleaned_data["include_archived"],
        )
        if parsed.message:
            form.add_error("q", parsed.message)
        context.update(searched=bool(parsed.kind), results=results, more=more, parsed=parsed)
    if request.htmx and request.method == "POST":
        return render(request, "patients/_search_results.html", context)
    return render(request, "patients/patient_search.html", context)


@permission_required("patients.add_patient", raise_exception=True)
@require_http_methods(["GET", "POST"])
def patient_create(request):
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patient, created = services.patient_create(
                by=request.user, submission_key=form.cleaned_data.get("submission_key"), **form.patient_fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(request, f"{patient.display_name} is registered.")
            else:
                messages.info(request, f"{patient.display_name} was already registered by this form.")
            return redirect("patients:patient_detail", code=patient.code)
    return render(request, "patients/patient_form.html", {"form": form, "patient": None})


@permission_required("patients.view_patient", raise_exception=True)
def patient_detail(request, code):
    patient, can_edit = selectors.get_patient_for_user(user=request.user, code=code)
    access_record(request=request, kind=RecordKind.PATIENT, code=patient.code, patient=patient)
    accesses, accesses_more = [], False
    if accesslog_access.can_see_accesses(user=request.user):
        accesses, accesses_more = accesslog_selectors.recent_patient_accesses(patient_code=patient.code)
    return render(
        request,
        "patients/patient_detail.html",
        {
            "can_see_accesses": accesslog_access.can_see_accesses(user=request.user),
            "accesses": accesses,
            "accesses_more": accesses_more,
            "patient_code": patient.code,
            "patient": patient,
            "can_edit": can_edit,
            "can_book": access.can_book(user=request.user, patient=patient),
            "consultations": selectors.patient_consultations(patient=patient),
            "previous_treatments": selectors.patient_previous_treatments(patient=patient),
            "history": selectors.record_history(record=patient),
            "sections": PATIENT_PAGE.render(request=request, patient=patient),
        },
    )


@permission_required("patients.change_patient", raise_exception=True)
@require_http_methods(["GET", "POST"])
def patient_edit(request, code):
    patient, _ = selectors.get_patient_for_user(user=request.user, code=code)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(
                patient=patient, by=request.user, expected_version=form.expected_version, **form.patient_fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{patient.display_name}'s record is saved.")
            return redirect("patients:patient_detail", code=patient.code)
    return render(request, "patients/patient_form.html", {"form": form, "patient": patient})


@permission_required("patients.change_patient", raise_exception=True)
@require_POST
def patient_archive(request, code):
    patient, _ = selectors.get_patient_for_user(user=request.user, code=code)
    archive = request.POST.get("archive") != "0"
    if archive and not patient.is_archived and not recently_reauthenticated(request):
        # Archiving hides a record from every search: the user confirms it is them first (mfa.reauth, 5 minutes),
        # then presses Archive again. Restoring needs no confirmation.
        messages.info(request, "Archiving a patient's record: confirm it is you, then archive it again.")
        return redirect(reauth_url(reverse("patients:patient_detail", args=[patient.code])))
    services.patient_set_archived(patient=patient, by=request.user, archived=archive)
    if archive:
        messages.success(request, f"{patient.display_name}'s record is archived: it no longer appears in searches.")
    else:
        messages.success(request, f"{patient.display_name}'s record is restored.")
    return redirect("patients:patient_detail", code=patient.code)
