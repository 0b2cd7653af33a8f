"""What each role may see and do with patients and consultations: the one home of these decisions.

Selectors, views, templates (the flags below, handed to the pages) and the navigation ask here.

- The front desk and practitioners see every patient and consultation, register patients, book, edit and record
  consultations with their screening and previous treatments.
- An archived patient keeps their record and can be found, but no new consultation is booked for them.
- Catalog admins see no patient records.
"""

from __future__ import annotations

from patients.models import Consultation, Patient

VIEW_PATIENT = "patients.view_patient"
ADD_PATIENT = "patients.add_patient"
CHANGE_PATIENT = "patients.change_patient"
VIEW_CONSULTATION = "patients.view_consultation"
ADD_CONSULTATION = "patients.add_consultation"
CHANGE_CONSULTATION = "patients.change_consultation"
ADD_PREVIOUS_TREATMENT = "patients.add_previoustreatment"


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_register(*, user) -> bool:
    return _has(user, ADD_PATIENT)


def can_change_patient(*, user, patient: Patient | None = None) -> bool:
    return _has(user, CHANGE_PATIENT)


def can_book(*, user, patient: Patient | None = None) -> bool:
    """Book a consultation (for this patient: not once they are archived)."""
    return _has(user, ADD_CONSULTATION) and not (patient is not None and patient.is_archived)


def can_change_consultation(*, user, consultation: Consultation | None = None) -> bool:
    return _has(user, CHANGE_CONSULTATION)
