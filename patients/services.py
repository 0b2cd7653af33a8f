"""Changes to the clinic's records: validated, atomic, and audited by django-simple-history.

Each function takes keyword arguments only and the user making the change (`by`), which becomes the history
entry's user even outside a request (management commands, tests).
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from catalog.models import Concern
from patients.models import SCREENING_QUESTIONS, Consultation, ConsultationStatus, Patient, PreviousTreatment

PATIENT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "address",
    "notes",
    "consent_treatment_data",
    "consent_photos_clinical",
    "consent_photos_marketing",
    "guardian_consent",
)


def _audited(record, by):
    record._history_user = by
    return record


STALE_MESSAGES = {
    "patient": (
        "Someone else saved this patient's record while you were editing it, so your changes were not saved. "
        "What you typed is kept below: reload the record to see their change, then make yours again."
    ),
    "consultation": (
        "Someone else saved this consultation while you were editing it, so your changes were not saved. "
        "What you typed is kept below: reload the consultation to see their change, then make yours again."
    ),
}


class StaleRecordError(ValidationError):
    """The record changed since the user loaded the form (optimistic locking, as planning's StalePlanError): a
    refusal for the whole form, code "stale"."""

    def __init__(self, message: str):
        super().__init__({NON_FIELD_ERRORS: ValidationError(message, code="stale")})


def _claim_version(record: Patient | Consultation, expected_version) -> None:
    """Bump the record's version only if it is still the one the user saw (planning.services._claim_version).

    Must run inside transaction.atomic(): the UPDATE's row lock holds until the caller's save commits, so of two
    edits made from the same version exactly one is saved. `expected_version=None` (a change that is not an edit
    form: archiving, a status button, another app's service) claims whatever version the record has now.
    """
    model = type(record)
    if expected_version is None:
        expected = model.objects.select_for_update().values_list("version", flat=True).get(pk=record.pk)
    else:
        try:
            expected = int(expected_version)
        except (TypeError, ValueError):
            missing = "The form was missing the record's version: reload the page and try again."
            raise StaleRecordError(missing) from None
    if model.objects.filter(pk=record.pk, version=expected).update(version=F("version") + 1) != 1:
        raise StaleRecordError(STALE_MESSAGES[str(model._meta.model_name)])
    record.version = expected + 1


def patient_create(*, by, submission_key: uuid.UUID | None = None, **fields: Any) -> tuple[Patient, bool]:
    """Create a patient; returns (patient, created).

    With a `submission_key` (the form's one-time key), a repeated submit of the same form returns the patient the
    first submit created instead of a second record, even when both submits arrive at once.
    """
    unknown = set(fields) - set(PATIENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown patient fields: {sorted(unknown)}")
    if submission_key is not None:
        existing = Patient.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    patient = _audited(Patient(**fields, created_by=by, updated_by=by, submission_key=submission_key), by)
    patient.full_clean(exclude=["submission_key"])
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError:
        if submission_key is None:
            raise
        # The twin submit won the race: hand back its record.
        return Patient.objects.get(submission_key=submission_key), False
    return patient, True


def patient_update(*, patient: Patient, by, expected_version: int | None = None, **fields: Any) -> Patient:
    """Change a patient's record. `expected_version` is the version the edit form showed: a stale one is refused
    (StaleRecordError) and nothing is saved. Without it (a change made by another service, e.g. a signed photo
    consent) the named fields are set on the record as it is now, under its row lock, so nothing else is undone."""
    unknown = set(fields) - set(PATIENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown patient fields: {sorted(unknown)}")
    seen = patient.version
    try:
        with transaction.atomic():
            if expected_version is None:
                _claim_version(patient, None)
                patient.refresh_from_db()
            else:
                _claim_version(patient, expected_version)
            for name, value in fields.items():
                setattr(patient, name, value)
            patient.updated_by = by
            patient.full_clean(exclude=["submission_key"])
            _audited(patient, by).save()
    except Exception:
        patient.version = seen  # the refused change took no version
        raise
    return patient


def patient_set_archived(*, patient: Patient, by, archived: bool) -> Patient:
    """Archive (hide from search and the dashboard) or restore a patient. Records are never deleted."""
    if patient.is_archived != archived:
        with transaction.atomic():
            _claim_version(patient, None)  # an edit form opened before the archive is now stale
            patient.is_archived = archived
            patient.updated_by = by
            _audited(patient, by).save(update_fields=["is_archived", "updated_by", "updated_at", "version"])
    return patient


CONSULTATION_FIELDS = (
    "scheduled_at",
    "practitioner",
    "status",
    "goals",
    "priorities",
    "budget",
    "screening_notes",
    "body_weight_kg",
    *(field for field, _, _ in SCREENING_QUESTIONS),
)


def _save_previous_treatments(*, consultation: Consultation, rows: Iterable[PreviousTreatment], by) -> None:
    for row in rows:
        row.consultation = consultation
        row.patient_id = consultation.patient_id
        if row.dose is not None and not row.dose_unit and row.product is not None:
            row.dose_unit = row.product.dose_unit
        row.full_clean()
        _audited(row, by).save()


def consultation_create(
    *,
    patient: Patient,
    by,
    scheduled_at: datetime,
    concerns: Iterable[Concern] = (),
    previous_treatments: Iterable[PreviousTreatment] = (),
    submission_key: uuid.UUID | None = None,
    **fields: Any,
) -> tuple[Consultation, bool]:
    """Book or record a consultation for a patient; returns (consultation, created). See patient_create."""
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultation fields: {sorted(unknown)}")
    if patient.is_archived:
        raise ValidationError("This patient's record is archived: restore it before booking.")
    if submission_key is not None:
        existing = Consultation.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    fields.setdefault("status", ConsultationStatus.BOOKED)
    consultation = _audited(
        Consultation(
            patient=patient, scheduled_at=scheduled_at, recorded_by=by, submission_key=submission_key, **fields
        ),
        by,
    )
    consultation.full_clean(exclude=["submission_key"])
    try:
        with transaction.atomic():
            consultation.save()
            consultation.concerns.set(list(concerns))
            _save_previous_treatments(consultation=consultation, rows=previous_treatments, by=by)
    except IntegrityError:
        if submission_key is None:
            raise
        return Consultation.objects.get(submission_key=submission_key), False
    return consultation, True


def consultation_update(
    *,
    consultation: Consultation,
    by,
    concerns: Iterable[Concern] | None = None,
    previous_treatments: Iterable[PreviousTreatment] = (),
    expected_version: int | None = None,
    **fields: Any,
) -> Consultation:
    """Change a consultation, its concerns and its previous treatments in one transaction. `expected_version` as
    in patient_update: a stale edit is refused whole (the previous treatments too)."""
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultation fields: {sorted(unknown)}")
    seen = consultation.version
    try:
        with transaction.atomic():
            if expected_version is None:
                _claim_version(consultation, None)
                consultation.refresh_from_db()
            else:
                _claim_version(consultation, expected_version)
            for name, value in fields.items():
                setattr(consultation, name, value)
            consultation.full_clean(exclude=["submission_key"])
            _audited(consultation, by).save()
            if concerns is not None:
                consultation.concerns.set(list(concerns))
            _save_previous_treatments(consultation=consultation, rows=previous_treatments, by=by)
    except Exception:
        consultation.version = seen  # the refused change took no version
        raise
    return consultation


def consultation_set_status(*, consultation: Consultation, by, status: str) -> Consultation:
    if status not in ConsultationStatus.values:
        raise ValidationError({"status": "Unknown status."})
    if consultation.status != status:
        with transaction.atomic():
            _claim_version(consultation, None)  # an edit form opened before the change is now stale
            consultation.status = status
            _audited(consultation, by).save(update_fields=["status", "updated_at", "version"])
    return consultation
