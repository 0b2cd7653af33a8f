"""The patient timeline: consultations, plans, consents, sessions, photos, outcomes, follow-ups and adverse events in
one chronological page, and per facial area what was done each time (patients/timeline.py)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from accesslog.models import RecordKind
from accesslog.services import access_record
from patients import selectors
from patients.timeline import KINDS, PATIENT_TIMELINE, by_area


@permission_required("patients.view_patient", raise_exception=True)
def patient_timeline(request, code):
    patient, _ = selectors.get_patient_for_user(user=request.user, code=code)
    access_record(request=request, kind=RecordKind.PATIENT, code=patient.code, patient=patient)
    entries = PATIENT_TIMELINE.entries(request=request, patient=patient)
    present = {e.kind for e in entries}
    kinds = [(kind, label) for kind, label in KINDS.items() if kind in present]
    shown = request.GET.get("kind", "")
    listed = [e for e in entries if e.kind == shown] if shown in present else entries
    return render(
        request,
        "patients/patient_timeline.html",
        {
            "patient": patient,
            "entries": listed,
            "kinds": kinds,
            "shown": shown if shown in present else "",
            "areas": by_area(entries),
        },
    )
