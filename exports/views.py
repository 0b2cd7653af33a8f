"""The patient's whole record as a JSON file and as a PDF (the right of access).

Both need the export permission (exports.access) and a re-authentication in the last 5 minutes (mfa.reauth); each
download writes an access-log entry (accesslog), an export row with the file's SHA-256 (exports.models) and a
security event. File names carry the patient's code, never their name.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accesslog.models import RecordKind
from accesslog.services import access_record
from clinic.pdf import pdf_response, render_pdf
from exports import access, printable
from exports.builder import record_export
from exports.models import ExportFormat, RecordExport
from mfa.events import security_event
from mfa.reauth import recent_auth_required
from patients.selectors import get_patient_for_user

REAUTH_MESSAGE = "Exporting a patient's whole record: confirm it is you first."


def _patient(request, code):
    if not access.can_export(user=request.user):
        raise PermissionDenied
    patient, _ = get_patient_for_user(user=request.user, code=code)
    return patient


def _logged(request, patient, fmt: str, content: bytes) -> None:
    with transaction.atomic():
        RecordExport(
            patient=patient,
            exported_by=request.user,
            format=fmt,
            sha256=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
        ).save()
        access_record(request=request, kind=RecordKind.EXPORT, code=patient, patient=patient)
    security_event(request, "record_export", format=fmt, patient=str(patient.code))


def _filename(patient, ext: str) -> str:
    return f"harmony-record-{patient.code}-{timezone.localdate():%Y%m%d}.{ext}"


def _check_first(view):
    """The permission and the patient are checked before asking to re-authenticate (no re-auth page for a 403)."""

    def wrapped(request, code):
        _patient(request, code)
        return view(request, code)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _back(request, code):
    return reverse("patients:patient_detail", args=[code])


@never_cache
@require_GET
@_check_first
@recent_auth_required(back=_back, message=REAUTH_MESSAGE)
def record_json(request, code):
    patient = _patient(request, code)
    data = record_export(patient=patient, by=request.user)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    _logged(request, patient, ExportFormat.JSON, content)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(patient, "json")}"'
    return response


@never_cache
@require_GET
@_check_first
@recent_auth_required(back=_back, message=REAUTH_MESSAGE)
def record_pdf(request, code):
    patient = _patient(request, code)
    data = record_export(patient=patient, by=request.user)
    context = {"patient": patient, "export": data["export"], "sections": printable.sections(data)}
    pdf = render_pdf("exports/record_pdf.html", context, request=request)
    _logged(request, patient, ExportFormat.PDF, pdf)
    response = pdf_response(pdf, filename=_filename(patient, "pdf"))
    response["Content-Disposition"] = response["Content-Disposition"].replace("inline;", "attachment;")
    return response
