"""The signed record of a treatment session: adverse events noted during it, the practitioner's signature, and
amendments made after signing.

A session (planning.TreatmentSession, with what was given) is open until its practitioner signs it, re-entering
their password. A signed record is read-only: a correction is an amendment saying who, when and why, and the
original stays as it was, visible beside it. Every row here keeps its history (django-simple-history).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from planning.models import TreatmentSession


class EventKind(models.TextChoices):
    BRUISING = "bruising", "Bruising"
    SWELLING = "swelling", "Swelling"
    BLANCHING = "blanching", "Blanching or other signs of vascular compromise"
    PTOSIS = "ptosis", "Ptosis (eyelid or brow droop)"
    ASYMMETRY = "asymmetry", "Asymmetry"
    OTHER = "other", "Other"


class EventSeverity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class AdverseEvent(models.Model):
    """Something that happened during the session, how bad, and what was done about it."""

    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="adverse_events")
    kind = models.CharField(
        max_length=12, choices=EventKind, error_messages={"invalid_choice": "Choose what happened from the list."}
    )
    severity = models.CharField(
        max_length=10, choices=EventSeverity, error_messages={"invalid_choice": "Choose mild, moderate or severe."}
    )
    details = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where and what exactly, e.g. 'left lateral brow, pea-sized'.",
        error_messages={"max_length": "Keep the details to 300 characters."},
    )
    action_taken = models.TextField(
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text="What was done, e.g. 'pressure and cold pack; reviewed after 10 minutes'.",
        error_messages={
            "blank": "Say what was done about it (or 'none needed').",
            "max_length": "At most 2000 characters.",
        },
    )
    noted_at = models.DateTimeField(auto_now_add=True)
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "noted_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_severity_display().lower()})"

    def clean(self):
        if self.kind == EventKind.OTHER and not (self.details or "").strip():
            raise ValidationError({"details": "Say what happened."})


class SessionSignature(models.Model):
    """The practitioner's signature on a session's record: from then on the record is read-only."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.OneToOneField(TreatmentSession, on_delete=models.PROTECT, related_name="signature")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    record_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the record as signed (what was given, lots, events), to show it is intact."
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.session} signed by {self.signed_by}"

    def save(self, *args, **kwargs):
        if self.pk is not None and SessionSignature.objects.filter(pk=self.pk).exists():
            raise ValidationError("A signature never changes; correct the record with an amendment.")
        super().save(*args, **kwargs)


class SessionAmendment(models.Model):
    """A correction to a signed record: what is corrected and why. The signed original stays as it was."""

    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="amendments")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    correction = models.TextField(
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text="What the record should say, e.g. 'Lot of the Botox was C1234, not C1243.'",
        error_messages={"blank": "Write the correction.", "max_length": "At most 2000 characters."},
    )
    reason = models.CharField(
        max_length=300,
        help_text="Why the record is corrected, e.g. 'typing error, checked against the vial box'.",
        error_messages={
            "blank": "Say why the record is corrected.",
            "max_length": "Keep the reason to 300 characters.",
        },
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "made_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_a_reason")]

    def __str__(self):
        return f"Amendment to {self.session} by {self.made_by}"

    def save(self, *args, **kwargs):
        if self.pk is not None and SessionAmendment.objects.filter(pk=self.pk).exists():
            raise ValidationError("An amendment never changes; add another one.")
        super().save(*args, **kwargs)
