"""Changes to the clinic's records: validated, atomic, and audited by django-simple-history.

Each function takes keyword arguments only and the user making the change (`by`), which becomes the history
entry's user even outside a request (management commands, tests).
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

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


def patient_update(*, patient: Patient, by, **fields: Any) -> Patient:
    unknown = set(fields) - set(PATIENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown patient fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.updated_by = by
    patient.full_clean(exclude=["submission_key"])
    with transaction.atomic():
        _audited(patient, by).save()
    return patient


def patient_set_archived(*, patient: Patient, by, archived: bool) -> Patient:
    """Archive (hide from search and the dashboard) or restore a patient. Records are never deleted."""
    if patient.is_archived != archived:
        patient.is_archived = archived
        patient.updated_by = by
        with transaction.atomic():
            _audited(patient, by).save(update_fields=["is_archived", "updated_by", "updated_at"])
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
    **fields: Any,
) -> Consultation:
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultation fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.full_clean(exclude=["submission_key"])
    with transaction.atomic():
        _audited(consultation, by).save()
        if concerns is not None:
            consultation.concerns.set(list(concerns))
        _save_previous_treatments(consultation=consultation, rows=previous_treatments, by=by)
    return consultation


def consultation_set_status(*, consultation: Consultation, by, status: str) -> Consultation:
    if status not in ConsultationStatus.values:
        raise ValidationError({"status": "Unknown status."})
    if consultation.status != status:
        consultation.status = status
        with transaction.atomic():
            _audited(consultation, by).save(update_fields=["status", "updated_at"])
    return consultation
