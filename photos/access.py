"""What each role may see and do with clinical photos: the one home of these decisions.

The photo views, the photo sections on other apps' pages and the file-serving view ask here.

- The front desk and practitioners see a patient's photos (they need to see the patient too), upload them and
  change their details (view, stage, marketing consent, print choice, archive).
- A photo is uploaded only when the patient consented to photos for the clinical record.
- The original file, kept only when HARMONY_PHOTO_KEEP_ORIGINAL is on, is served only to those who may change
  photos; every serve is logged.
- Catalog admins see no photos.
"""

from __future__ import annotations

VIEW_PHOTO = "photos.view_photo"
ADD_PHOTO = "photos.add_photo"
CHANGE_PHOTO = "photos.change_photo"


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_see_photos(*, user) -> bool:
    return _has(user, VIEW_PHOTO) and _has(user, "patients.view_patient")


def can_upload(*, user, patient) -> bool:
    return can_see_photos(user=user) and _has(user, ADD_PHOTO) and patient.consent_photos_clinical


def can_change_photos(*, user) -> bool:
    return can_see_photos(user=user) and _has(user, CHANGE_PHOTO)


def can_fetch(*, user, variant: str) -> bool:
    """The normalised image and thumbnail to anyone who may see photos; the original to those who may change them."""
    if variant == "original":
        return can_change_photos(user=user)
    return can_see_photos(user=user)
