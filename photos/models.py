"""Clinical photos. Files live under PRIVATE_MEDIA_ROOT with server-made random names and are only ever served
by a permission-checked view (photos.views), never from a public URL."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from clinic.formatting import day, moment
from patients.models import Consultation, Patient
from photos.storage import get_private_storage


class PhotoView(models.TextChoices):
    FRONT = "front", "Front"
    LEFT_OBLIQUE = "left_oblique", "Left oblique"
    RIGHT_OBLIQUE = "right_oblique", "Right oblique"
    LEFT_PROFILE = "left_profile", "Left profile"
    RIGHT_PROFILE = "right_profile", "Right profile"
    OTHER = "other", "Other"


class PhotoStage(models.TextChoices):
    BEFORE = "before", "Before"
    AFTER = "after", "After"
    PROGRESS = "progress", "Progress"


class Photo(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="photos")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    session = models.ForeignKey(
        "planning.TreatmentSession", on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    view = models.CharField(
        max_length=16,
        choices=PhotoView,
        default=PhotoView.FRONT,
        error_messages={"invalid_choice": "Choose one of the standard views."},
    )
    stage = models.CharField(
        max_length=10,
        choices=PhotoStage,
        default=PhotoStage.BEFORE,
        error_messages={"invalid_choice": "Choose before, after or progress."},
    )
    taken_on = models.DateField("date taken")
    image = models.FileField(storage=get_private_storage, max_length=200)
    thumbnail = models.FileField(storage=get_private_storage, max_length=200)
    original = models.FileField(storage=get_private_storage, max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    consent_marketing = models.BooleanField(
        "may be used for marketing", default=False, help_text="Separate per-photo consent; off unless given."
    )
    include_in_print = models.BooleanField(default=False, help_text="Show on the printed plan (needs photo consent).")
    notes = models.CharField(max_length=300, blank=True, error_messages={"max_length": "Keep notes to 300 characters."})
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_archived = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["image", "thumbnail", "original"])

    class Meta:
        ordering = ["-taken_on", "view", "-created_at"]
        indexes = [models.Index(fields=["patient", "is_archived", "taken_on"], name="photo_patient_idx")]

    def __str__(self):
        return f"{self.get_view_display()} · {self.get_stage_display()} · {day(self.taken_on)}"

    @property
    def marketing_allowed(self) -> bool:
        """Both consents hold today: the photo's own and the patient's (which the patient may withdraw)."""
        return self.consent_marketing and self.patient.consent_photos_marketing


class PhotoAccess(models.Model):
    """One row per served photo file: who looked at which patient's photo, when."""

    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    variant = models.CharField(max_length=12)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} viewed {self.photo} ({self.variant}) at {moment(self.at)}"
