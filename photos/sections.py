"""Photo sections on the pages of the apps below photos: the patient and consultation pages and the printed plan
(registered in photos/apps.py; see clinic/sections.py). The gallery page uses the patient's section too."""

from django.template.loader import render_to_string
from django.urls import reverse

from photos import access, selectors


def patient_gallery(*, request, patient, on_gallery_page: bool = False) -> str:
    user = request.user
    if not access.can_see_photos(user=user):
        return ""
    days = selectors.gallery_for_patient(patient=patient)
    count = sum(len(photos) for day in days for _, photos in day.views)
    context = {
        "patient": patient,
        "days": days,
        "count": count,
        "can_upload": access.can_upload(user=user, patient=patient),
        "consent_missing": not patient.consent_photos_clinical,
        "can_compare": count >= 2,
        "on_gallery_page": on_gallery_page,
        "gallery_url": reverse("photos:gallery", args=[patient.code]),
    }
    return render_to_string("photos/_patient_gallery.html", context, request=request)


def consultation_photos(*, request, consultation) -> str:
    user = request.user
    if not access.can_see_photos(user=user):
        return ""
    patient = consultation.patient
    context = {
        "consultation": consultation,
        "patient": patient,
        "photos": list(selectors.photos_for_consultation(consultation=consultation)),
        "can_upload": access.can_upload(user=user, patient=patient),
        "consent_missing": not patient.consent_photos_clinical,
    }
    return render_to_string("photos/_consultation_photos.html", context, request=request)


def session_upload_link(*, request, session) -> str:
    """ "Add photos" beside a session performed, for those who may upload this patient's photos."""
    if not access.can_upload(user=request.user, patient=session.patient):
        return ""
    return render_to_string("photos/_session_upload_link.html", {"session": session}, request=request)


def session_photos(*, request, session) -> str:
    """The before and after photos of a session, on its record page."""
    user = request.user
    if not access.can_see_photos(user=user):
        return ""
    patient = session.patient
    context = {
        "session": session,
        "patient": patient,
        "photos": selectors.photos_for_session(session=session),
        "can_upload": access.can_upload(user=user, patient=patient),
        "consent_missing": not patient.consent_photos_clinical,
    }
    return render_to_string("photos/_session_photos.html", context, request=request)


def plan_print_photos(*, request, plan) -> str:
    # The printed plan is handed to the patient: only photos chosen for print, only with clinical-photo consent.
    if not access.can_see_photos(user=request.user):
        return ""
    photos = selectors.print_photos_for_plan(plan=plan)
    if not photos:
        return ""
    return render_to_string("photos/_plan_print_photos.html", {"plan": plan, "photos": photos}, request=request)
