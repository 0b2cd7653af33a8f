"""Changes to clinical photos: upload a batch, edit, archive, log a serve. Validated, atomic, audited.

Files and rows are written together or not at all: a file is written only after the photo passed every check,
and if the database write then fails, the files just written are deleted again, so no orphan is left on disk.
"""

import logging
import os
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clinic.formatting import day
from patients.models import Consultation, Patient
from photos.models import Photo, PhotoAccess, PhotoStage, PhotoView
from photos.processing import PhotoLimits, PhotoRejected, ProcessedPhoto, process_photo
from photos.storage import private_storage, random_name

logger = logging.getLogger(__name__)

MAX_FILES_PER_BATCH = 20
VARIANTS = ("image", "thumb", "original")

NO_CLINICAL_CONSENT = (
    "This patient has not consented to photos for the clinical record, so photos cannot be uploaded. "
    "Record the consent on the patient's page first."
)


@dataclass
class UploadOutcome:
    saved: list[Photo] = field(default_factory=list)
    rejected: list[PhotoRejected] = field(default_factory=list)


def display_name(uploaded) -> str:
    """The file's own name, only to name it in messages (never stored, never used as a path)."""
    name = os.path.basename(str(getattr(uploaded, "name", "") or "")).strip()
    return (name or "unnamed file")[:120]


def _check_taken_on(*, patient: Patient, taken_on: date) -> None:
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "The date taken cannot be in the future."})
    if patient.date_of_birth and taken_on < patient.date_of_birth:
        raise ValidationError({"taken_on": "The date taken is before the patient's date of birth."})


def _write_files(processed: ProcessedPhoto) -> dict[str, str]:
    written: dict[str, str] = {}
    try:
        written["image"] = private_storage.save(random_name(".jpg"), ContentFile(processed.image))
        written["thumbnail"] = private_storage.save(random_name(".jpg"), ContentFile(processed.thumbnail))
        if processed.original is not None:
            written["original"] = private_storage.save(
                random_name(processed.original_suffix), ContentFile(processed.original)
            )
    except Exception:
        _delete_files(written.values())
        raise
    return written


def _delete_files(names) -> None:
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:  # pragma: no cover - logged, nothing else to do
            logger.exception("Could not delete photo file %s", name)


def photo_upload_batch(
    *,
    patient: Patient,
    files: list,
    view: str,
    stage: str,
    taken_on: date,
    by,
    consultation: Consultation | None = None,
    session=None,
    limits: PhotoLimits | None = None,
) -> UploadOutcome:
    """Check, normalise and store each file; the good ones are kept even when others in the batch are refused.

    Raises ValidationError (nothing stored) when the batch as a whole cannot be accepted: no clinical-photo
    consent, a consultation or session of another patient, a bad date, an unknown view or stage, too many files.
    """
    if not patient.consent_photos_clinical:
        raise ValidationError(NO_CLINICAL_CONSENT)
    if patient.is_archived:
        raise ValidationError("This patient's record is archived; restore it before adding photos.")
    if consultation is not None and consultation.patient_id != patient.pk:
        raise ValidationError("That consultation belongs to another patient.")
    if session is not None:
        if session.patient_id != patient.pk:
            raise ValidationError("That treatment session belongs to another patient.")
        # A session's photos also belong to the consultation its plan came from.
        consultation = consultation or session.plan.consultation
    if view not in PhotoView.values:
        raise ValidationError({"view": "Choose one of the standard views."})
    if stage not in PhotoStage.values:
        raise ValidationError({"stage": "Choose before, after or progress."})
    _check_taken_on(patient=patient, taken_on=taken_on)
    if not files:
        raise ValidationError({"files": "Choose at least one photo."})
    if len(files) > MAX_FILES_PER_BATCH:
        raise ValidationError({"files": f"Upload at most {MAX_FILES_PER_BATCH} photos at a time."})

    limits = limits or PhotoLimits.from_settings()
    outcome = UploadOutcome()
    for uploaded in files:
        name = display_name(uploaded)
        try:
            processed = process_photo(uploaded, name=name, limits=limits)
        except PhotoRejected as rejection:
            outcome.rejected.append(rejection)
            continue
        duplicate = (
            Photo.objects.filter(patient=patient, sha256=processed.sha256, is_archived=False).only("taken_on").first()
        )
        if duplicate is not None:
            outcome.rejected.append(
                PhotoRejected(
                    name,
                    f"this exact file is already among this patient’s photos (taken {day(duplicate.taken_on)}).",
                )
            )
            continue
        try:
            written = _write_files(processed)
        except OSError:
            logger.exception("Could not write photo files for patient %s", patient.pk)
            outcome.rejected.append(PhotoRejected(name, "the photo could not be stored (disk problem). Try again."))
            continue
        try:
            with transaction.atomic():
                photo = Photo(
                    patient=patient,
                    consultation=consultation,
                    session=session,
                    view=view,
                    stage=stage,
                    taken_on=taken_on,
                    image=written["image"],
                    thumbnail=written["thumbnail"],
                    original=written.get("original", ""),
                    width=processed.width,
                    height=processed.height,
                    sha256=processed.sha256,
                    uploaded_by=by,
                )
                photo._history_user = by  # type: ignore[attr-defined]  # django-simple-history's, untyped
                photo.save()
        except Exception:
            _delete_files(written.values())
            logger.exception("Could not record an uploaded photo for patient %s", patient.pk)
            outcome.rejected.append(PhotoRejected(name, "the photo could not be saved. Try again."))
            continue
        outcome.saved.append(photo)
    return outcome


def photo_update(
    *,
    photo: Photo,
    by,
    view: str,
    stage: str,
    taken_on: date,
    notes: str = "",
    consent_marketing: bool = False,
    include_in_print: bool = False,
) -> Photo:
    """Edit a photo's description and its per-photo consents (which the patient's own consents must allow)."""
    patient = photo.patient
    errors: dict[str, str | list[str]] = {}
    if consent_marketing and not photo.consent_marketing and not patient.consent_photos_marketing:
        errors["consent_marketing"] = (
            "The patient has not consented to marketing use of photos; record that consent on the patient first."
        )
    if include_in_print and not photo.include_in_print and not patient.consent_photos_clinical:
        errors["include_in_print"] = "The patient has not consented to clinical photos, so none can be printed."
    try:
        _check_taken_on(patient=patient, taken_on=taken_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    photo.view, photo.stage, photo.taken_on, photo.notes = view, stage, taken_on, notes
    photo.consent_marketing, photo.include_in_print = consent_marketing, include_in_print
    try:
        photo.full_clean(exclude=list(errors))  # the fields' own rules (choices, length)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        photo.refresh_from_db()  # the page shows the photo as stored, the form what was typed
        raise ValidationError(errors)
    with transaction.atomic():
        photo._history_user = by  # type: ignore[attr-defined]  # django-simple-history's, untyped
        photo.save()
    return photo


def photo_set_archived(*, photo: Photo, by, archived: bool) -> Photo:
    """Archive (hide from gallery, compare and print) or restore a photo. Photos are never deleted."""
    with transaction.atomic():
        photo.is_archived = archived
        if archived:
            photo.include_in_print = False
        photo._history_user = by  # type: ignore[attr-defined]  # django-simple-history's, untyped
        photo.save(update_fields=["is_archived", "include_in_print"])
    return photo


def photo_log_access(*, photo: Photo, user, variant: str) -> PhotoAccess:
    if variant not in VARIANTS:
        raise ValueError(f"Unknown photo variant {variant!r}")
    return PhotoAccess.objects.create(photo=photo, user=user, variant=variant)
