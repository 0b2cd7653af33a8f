"""The photos a user asks for, and the read models of the photo pages. Every photo view goes through these helpers;
who may see and do what is decided in photos/access.py."""

from collections import OrderedDict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from patients.models import Consultation, Patient
from photos import access
from photos.models import Photo, PhotoView

VIEW_ORDER = {value: index for index, value in enumerate(PhotoView.values)}


def get_patient_for_photos(*, user, code) -> Patient:
    """The patient whose photos the user wants; 403 without the photo permission, 404 for an unknown code."""
    if not access.can_see_photos(user=user):
        raise PermissionDenied
    return get_object_or_404(Patient, code=code)


def get_consultation_of(*, patient: Patient, code) -> Consultation:
    """A consultation of this patient (404 for another patient's, so codes cannot be mixed up)."""
    return get_object_or_404(Consultation, code=code, patient=patient)


def get_session_of(*, patient: Patient, code):
    """A treatment session of this patient (404 for another patient's)."""
    from planning.models import TreatmentSession

    return get_object_or_404(TreatmentSession.objects.select_related("plan"), code=code, patient=patient)


def get_photo_for_user(*, user, code, for_change: bool = False) -> tuple[Photo, bool]:
    """(photo, can_change): 404 for an unknown code, 403 without the permission to see (or change) photos."""
    if not access.can_see_photos(user=user):
        raise PermissionDenied
    photo = get_object_or_404(
        Photo.objects.select_related("patient", "consultation", "session__plan", "uploaded_by"), code=code
    )
    can_change = access.can_change_photos(user=user)
    if for_change and not can_change:
        raise PermissionDenied
    return photo, can_change


def photos_for_patient(*, patient: Patient, include_archived: bool = False):
    qs = Photo.objects.filter(patient=patient)
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return qs.order_by("-taken_on", "view", "-created_at")


@dataclass
class GalleryDay:
    taken_on: object
    views: list  # [(view label, [photos])]


def gallery_for_patient(*, patient: Patient) -> list[GalleryDay]:
    """The patient's photos grouped by date taken (newest first), then by standard view (front, obliques, ...)."""
    days: OrderedDict = OrderedDict()
    for photo in photos_for_patient(patient=patient):
        days.setdefault(photo.taken_on, {}).setdefault(photo.view, []).append(photo)
    return [
        GalleryDay(
            taken_on=day,
            views=[
                (PhotoView(view).label, photos)
                for view, photos in sorted(by_view.items(), key=lambda i: VIEW_ORDER[i[0]])
            ],
        )
        for day, by_view in days.items()
    ]


def photos_for_consultation(*, consultation: Consultation):
    return Photo.objects.filter(consultation=consultation, is_archived=False).order_by("view", "-created_at")


def photos_for_session(*, session) -> list[Photo]:
    """A session's photos (not archived), before ones first, then by view."""
    photos = Photo.objects.filter(session=session, is_archived=False).order_by("view", "-created_at")
    return sorted(photos, key=lambda p: (p.stage != "before", p.stage))


def print_photos_for_plan(*, plan) -> list[Photo]:
    """Photos chosen for the printed plan, only while the patient consents to clinical photos."""
    patient = plan.patient
    if not patient.consent_photos_clinical:
        return []
    return list(
        Photo.objects.filter(patient=patient, include_in_print=True, is_archived=False).order_by("taken_on", "view")
    )


def compare_choices(*, patient: Patient, view: str | None = None):
    """Photos that can be compared (not archived), oldest first, optionally of one view."""
    qs = Photo.objects.filter(patient=patient, is_archived=False)
    if view:
        qs = qs.filter(view=view)
    return qs.order_by("taken_on", "created_at")
