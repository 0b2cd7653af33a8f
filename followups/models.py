"""After the treatment: the follow-up visits a signed session calls for, and the aftercare the patient was sent.

A follow-up is one visit to offer the patient (a review, a repeat or maintenance visit, or a check after a
complication), due on a day, listing what was given that it follows up. The front desk books it (a consultation),
or records that the patient declined (with the reason); it is done when the booked consultation is completed, or
when marked done by hand. "Overdue" is not stored: it is a follow-up still due after its day (see `is_overdue`).

An aftercare message is one copy of the patient's aftercare for a session, as composed: to whom, what it said,
and whether it went (sent, not sent for want of an address, or failed, with the error's class).
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from patients.models import Consultation, Patient
from planning.models import PerformedItem, TreatmentSession
from records.models import AdverseEvent


class FollowupKind(models.TextChoices):
    REVIEW = "review", "Review"
    REPEAT = "repeat", "Repeat or maintenance visit"
    COMPLICATION = "complication", "Complication check"


class FollowupStatus(models.TextChoices):
    DUE = "due", "Due"
    BOOKED = "booked", "Booked"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = (FollowupStatus.DUE, FollowupStatus.BOOKED)


class Followup(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="followups")
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="followups")
    kind = models.CharField(max_length=12, choices=FollowupKind)
    due_on = models.DateField("due")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who treated the patient, and sees them again unless the booking says otherwise.",
    )
    items = models.ManyToManyField(PerformedItem, blank=True, related_name="+", verbose_name="what it follows up")
    adverse_event = models.ForeignKey(
        AdverseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    status = models.CharField(max_length=10, choices=FollowupStatus, default=FollowupStatus.DUE)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
        help_text="The consultation booked for it.",
    )
    decline_reason = models.CharField(
        "why the patient declined",
        max_length=300,
        blank=True,
        error_messages={"max_length": "Keep the reason to 300 characters."},
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[items])

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="followup_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="followup_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="booked") | Q(consultation__isnull=False), name="followup_booked_has_consultation"
            ),
            # Signing schedules once: one review (or repeat visit) per session and day.
            models.UniqueConstraint(
                fields=["session", "kind", "due_on"],
                condition=~Q(kind="complication"),
                name="followup_one_visit_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.patient} due {self.due_on:%d/%m/%Y}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == FollowupStatus.DUE and self.due_on < (today or timezone.localdate())

    @property
    def status_label(self) -> str:
        return "Overdue" if self.is_overdue() else self.get_status_display()

    def clean(self):
        errors = {}
        if self.status == FollowupStatus.DECLINED and not (self.decline_reason or "").strip():
            errors["decline_reason"] = "Say why the patient declined (e.g. 'happy with the result, will call')."
        if self.status == FollowupStatus.BOOKED and self.consultation_id is None:
            errors["status"] = "A booked follow-up needs its consultation."
        if self.kind == FollowupKind.COMPLICATION and self.adverse_event_id is None:
            errors["adverse_event"] = "A complication check follows up an adverse event."
        if errors:
            raise ValidationError(errors)


class AftercareStatus(models.TextChoices):
    PENDING = "pending", "Sending when the signature is saved"
    SENT = "sent", "Sent"
    NO_EMAIL = "no_email", "Not sent: no email address"
    FAILED = "failed", "Not sent: sending failed"


class AftercareMessage(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="aftercare_messages")
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="aftercare_messages")
    to_address = models.EmailField("to", max_length=254, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=AftercareStatus, default=AftercareStatus.PENDING)
    error = models.CharField(
        max_length=120, blank=True, help_text="What kind of error stopped the sending (its class), when it failed."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="aftercare_sent_at"),
            models.CheckConstraint(condition=~Q(status="sent") | ~Q(to_address=""), name="aftercare_sent_has_address"),
        ]

    def __str__(self):
        return f"Aftercare for {self.patient} ({self.get_status_display().lower()})"
