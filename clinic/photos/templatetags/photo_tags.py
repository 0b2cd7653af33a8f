"""Photo pieces on other apps' pages (patient, consultation and plan print pages include these)."""

from django import template
from django.urls import reverse

from clinic.photos import selectors

register = template.Library()


def _can_see(user) -> bool:
    return bool(user and user.is_authenticated and selectors.can_see_photos(user))


@register.inclusion_tag("photos/_patient_gallery.html", takes_context=True)
def patient_gallery(context, patient, on_gallery_page=False):
    user = context.get("user")
    if not _can_see(user):
        return {"hidden": True}
    days = selectors.gallery_for_patient(patient=patient)
    count = sum(len(photos) for day in days for _, photos in day.views)
    return {
        "patient": patient,
        "days": days,
        "count": count,
        "can_upload": user.has_perm("photos.add_photo") and patient.consent_photos_clinical,
        "consent_missing": not patient.consent_photos_clinical,
        "can_compare": count >= 2,
        "on_gallery_page": on_gallery_page,
        "gallery_url": reverse("photos:gallery", args=[patient.code]),
    }


@register.inclusion_tag("photos/_consultation_photos.html", takes_context=True)
def consultation_photos(context, consultation):
    user = context.get("user")
    if not _can_see(user):
        return {"hidden": True}
    patient = consultation.patient
    return {
        "consultation": consultation,
        "patient": patient,
        "photos": list(selectors.photos_for_consultation(consultation=consultation)),
        "can_upload": user.has_perm("photos.add_photo") and patient.consent_photos_clinical,
        "consent_missing": not patient.consent_photos_clinical,
    }


@register.inclusion_tag("photos/_plan_print_photos.html", takes_context=True)
def plan_print_photos(context, plan):
    # The printed plan is handed to the patient: only photos chosen for print, only with clinical-photo consent.
    user = context.get("user")
    if not _can_see(user):
        return {"photos": []}
    return {"plan": plan, "photos": selectors.print_photos_for_plan(plan=plan)}
