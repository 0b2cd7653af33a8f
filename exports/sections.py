"""The export card on the patient page (patients.pages.PATIENT_PAGE)."""

from django.template.loader import render_to_string

from exports import access


def patient_export(*, request, patient) -> str:
    if not access.can_export(user=request.user):
        return ""
    return render_to_string("exports/_patient_export.html", {"patient": patient}, request=request)
