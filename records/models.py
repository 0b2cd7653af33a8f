"""The signed record of a treatment session: adverse events (noted during it, or recorded any time after), the
practitioner's signature, amendments made after signing, and the timed record of a suspected vascular occlusion.

A session (planning.TreatmentSession, with what was given) is open until its practitioner signs it, re-entering
their password. A signed record is read-only: a correction is an amendment saying who, when and why, and the
original stays as it was, visible beside it. Every row here keeps its history (django-simple-history).
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from catalog.models import FacialArea, ProductKind
from clinic.formatting import day
from planning.models import PerformedItem, PerformedPoint, TreatmentSession

# A time typed a few minutes ahead of the server's clock is a clock difference, not a time to come.
CLOCK_GRACE = dt.timedelta(minutes=5)


class EventKind(models.TextChoices):
    BRUISING = "bruising", "Bruising"
    SWELLING = "swelling", "Swelling"
    BLANCHING = "blanching", "Blanching or other signs of vascular compromise"
    PTOSIS = "ptosis", "Ptosis (eyelid or brow droop)"
    ASYMMETRY = "asymmetry", "Asymmetry"
    NODULE = "nodule", "Lumps or nodules"
    INFECTION = "infection", "Infection"
    ALLERGY = "allergy", "Allergic reaction"
    VISION = "vision", "Change in vision"
    OTHER = "other", "Other"


class EventSeverity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class EventOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    IMPROVING = "improving", "Improving"
    ONGOING = "ongoing", "Ongoing"
    REFERRED = "referred", "Referred on"


class AdverseEvent(models.Model):
    """Something that went wrong after a treatment, how bad, what was done about it and how it stands.

    An event noted before the record is signed is part of the signed record (records.services.record_hash); one
    recorded after signing is a separate, later entry (`recorded_after_signing`), so the signature stays intact. It is
    linked to the session and, where known, to what was given: the performed items (their product and lot) and points.
    """

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
    onset_at = models.DateTimeField(
        "started", null=True, blank=True, help_text="When it started. Empty for an event noted during the session."
    )
    area = models.ForeignKey(
        FacialArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="area affected"
    )
    items = models.ManyToManyField(
        PerformedItem, blank=True, related_name="adverse_events", verbose_name="what was given there"
    )
    points = models.ManyToManyField(
        PerformedPoint, blank=True, related_name="adverse_events", verbose_name="injection points involved"
    )
    outcome = models.CharField(
        "outcome so far",
        max_length=10,
        choices=EventOutcome,
        blank=True,
        error_messages={"invalid_choice": "Choose resolved, improving, ongoing or referred on."},
    )
    follow_up_on = models.DateField("follow-up date", null=True, blank=True)
    follow_up_note = models.CharField(
        "follow-up note",
        max_length=300,
        blank=True,
        help_text="What to check at the follow-up, e.g. 'review capillary refill and photos'.",
        error_messages={"max_length": "Keep the follow-up note to 300 characters."},
    )
    # Set by records.services under the session's row lock: a later entry is never part of the signed record.
    recorded_after_signing = models.BooleanField(default=False, editable=False)
    noted_at = models.DateTimeField(auto_now_add=True)
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(m2m_fields=[items, points])

    class Meta:
        ordering = ["session", "noted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_after_signing=False) | (Q(onset_at__isnull=False) & ~Q(outcome="")),
                name="later_adverse_event_has_onset_and_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_severity_display().lower()})"

    def clean(self):
        errors = {}
        if self.kind == EventKind.OTHER and not (self.details or "").strip():
            errors["details"] = "Say what happened."
        now = timezone.now()
        onset = self.onset_at if isinstance(self.onset_at, dt.datetime) else None
        session = self.session if self.session_id else None
        if onset is not None:
            if onset > now + CLOCK_GRACE:
                errors["onset_at"] = "It cannot have started in the future: enter when it started."
            elif session is not None and timezone.localdate(onset) < session.performed_on:
                errors["onset_at"] = f"It cannot have started before the session on {day(session.performed_on)}."
        if self.recorded_after_signing:
            if onset is None and "onset_at" not in errors:
                errors["onset_at"] = "Enter when it started."
            if not self.outcome:
                errors["outcome"] = "Say how it stands now: resolved, improving, ongoing or referred on."
        note = (self.follow_up_note or "").strip()
        if note and not self.follow_up_on:
            errors["follow_up_on"] = "Give the follow-up date for this note."
        if (
            isinstance(self.follow_up_on, dt.date)
            and onset is not None
            and self.follow_up_on < timezone.localdate(onset)
        ):
            errors["follow_up_on"] = "The follow-up cannot be before the event started."
        if errors:
            raise ValidationError(errors)


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

    class Meta:
        permissions = [("recall_lot", "Can list the patients and sessions that received a lot or a vial (recall)")]

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


# --- Suspected vascular occlusion --------------------------------------------------------------------------------
# The clinic's protocol text is a versioned row, like consents.ConsentText: the catalog admin publishes a new version
# in the Django admin, and a case keeps the version it was run with. Version 1 is records/protocol.py (§4c).

MAX_PROTOCOL = 8000


class OcclusionProtocol(models.Model):
    """One version of the clinic's protocol for a suspected filler vascular occlusion, shown on each case."""

    CONTENT_FIELDS = ("title", "body", "source_note", "reassess_minutes", "reassess_source")

    version = models.PositiveSmallIntegerField(editable=False)
    title = models.CharField(
        max_length=120, error_messages={"blank": "Give the protocol a title.", "max_length": "At most 120 characters."}
    )
    body = models.TextField(
        max_length=MAX_PROTOCOL,
        validators=[MaxLengthValidator(MAX_PROTOCOL)],
        help_text="The steps, in plain clinical words; one step a line. Sources go in the source note.",
        error_messages={"blank": "Write the protocol's steps.", "max_length": f"At most {MAX_PROTOCOL:,} characters."},
    )
    source_note = models.TextField(
        blank=True,
        max_length=MAX_PROTOCOL,
        validators=[MaxLengthValidator(MAX_PROTOCOL)],
        help_text="Where each step comes from (reference section, row, source and evidence flag).",
    )
    reassess_minutes = models.PositiveSmallIntegerField(
        "reassess every (minutes)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text="The timer to the next round. 60: the high-dose pulsed protocol repeats hourly (§4c, DeLorenzi).",
        error_messages={
            "min_value": "Reassess at least every 5 minutes' interval (5 or more).",
            "max_value": "Enter at most 240 minutes.",
        },
    )
    reassess_source = models.CharField(max_length=300, blank=True)
    is_current = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = "vascular occlusion protocol"
        constraints = [
            models.UniqueConstraint(fields=["version"], name="occlusion_protocol_version_unique"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="occlusion_protocol_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.title}, version {self.version}{' (current)' if self.is_current else ''}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = OcclusionProtocol.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
            if stored and any(stored[name] != getattr(self, name) for name in self.CONTENT_FIELDS):
                raise ValidationError("A protocol version never changes: publish a new version instead.")
        super().save(*args, **kwargs)

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    @property
    def reassess_every(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.reassess_minutes)


class OcclusionCase(models.Model):
    """The guided, timed record of one suspected vascular occlusion after a session's filler: what was given where,
    each reassessment round with its hyaluronidase, and, at the end, the adverse event with its outcome."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="occlusion_cases")
    protocol = models.ForeignKey(OcclusionProtocol, on_delete=models.PROTECT, related_name="cases")
    onset_at = models.DateTimeField("signs noticed")
    area = models.ForeignKey(
        FacialArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="area affected"
    )
    items = models.ManyToManyField(PerformedItem, blank=True, related_name="+", verbose_name="filler given there")
    points = models.ManyToManyField(PerformedPoint, blank=True, related_name="+", verbose_name="injection points")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    event = models.OneToOneField(
        AdverseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="occlusion_case"
    )
    history = HistoricalRecords(m2m_fields=[items, points])

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"], condition=Q(ended_at__isnull=True), name="occlusion_one_open_case_per_session"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, event__isnull=True) | Q(ended_at__isnull=False, event__isnull=False),
                name="occlusion_ended_with_its_event",
            ),
        ]

    def __str__(self):
        return f"Suspected vascular occlusion · {self.session}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def clean(self):
        errors = {}
        onset = self.onset_at if isinstance(self.onset_at, dt.datetime) else None
        if onset is not None:
            if onset > timezone.now() + CLOCK_GRACE:
                errors["onset_at"] = "The signs cannot have been noticed in the future: enter when they were."
            elif self.session_id and timezone.localdate(onset) < self.session.performed_on:
                errors["onset_at"] = f"That is before the session on {day(self.session.performed_on)}."
        if errors:
            raise ValidationError(errors)


class CapillaryRefill(models.TextChoices):
    NORMAL = "normal", "Normal (brisk)"
    DELAYED = "delayed", "Delayed"
    ABSENT = "absent", "Absent"


class SkinColour(models.TextChoices):
    NORMAL = "normal", "Normal for the patient"
    BLANCHED = "blanched", "Pale or blanched"
    DUSKY = "dusky", "Dusky or bluish"
    MOTTLED = "mottled", "Mottled (reticular)"


class PainLevel(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe or out of proportion"


class OcclusionRound(models.Model):
    """One reassessment of the ischaemic area: capillary refill, skin colour, pain, any change in vision, and the
    hyaluronidase given in this round (its stock lot and units, deducted from stock in the same transaction)."""

    case = models.ForeignKey(OcclusionCase, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(editable=False)
    assessed_at = models.DateTimeField("assessed")
    capillary_refill = models.CharField(
        max_length=10, choices=CapillaryRefill, error_messages={"invalid_choice": "Choose from the list."}
    )
    skin_colour = models.CharField(
        max_length=10, choices=SkinColour, error_messages={"invalid_choice": "Choose from the list."}
    )
    pain = models.CharField(
        max_length=10, choices=PainLevel, error_messages={"invalid_choice": "Choose from the list."}
    )
    visual_symptoms = models.BooleanField(
        "any change in vision",
        default=False,
        help_text="Blurred, lost or double vision, eye pain, a drooping eyelid: tick it and refer at once.",
    )
    lot = models.ForeignKey(
        "stock.ProductLot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hyaluronidase lot",
    )
    units = models.DecimalField(
        "hyaluronidase given (U)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Scaled to the ischaemic area; no fixed dose per round. Empty when none was given in this round.",
        error_messages={
            "invalid": "Enter the units as a number, e.g. 150.",
            "min_value": "Enter the units given, above 0 U, or leave it empty.",
            "max_decimal_places": "Enter at most two decimal places.",
            "max_digits": "That is more units than a round holds.",
            "max_whole_digits": "That is more units than a round holds.",
        },
    )
    movement = models.OneToOneField(
        "stock.StockMovement", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    note = models.CharField(
        max_length=300, blank=True, error_messages={"max_length": "Keep the note to 300 characters."}
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="occlusion_round_number_unique"),
            models.CheckConstraint(condition=Q(units__isnull=True) | Q(units__gt=0), name="occlusion_units_positive"),
            models.CheckConstraint(
                condition=Q(lot__isnull=True, units__isnull=True) | Q(lot__isnull=False, units__isnull=False),
                name="occlusion_round_lot_with_units",
            ),
        ]

    def __str__(self):
        return f"Round {self.number} · {self.case}"

    @property
    def resolved_signs(self) -> bool:
        """Capillary refill, colour and pain back to normal: the protocol's end point (§4c, DeLorenzi)."""
        return (
            self.capillary_refill == CapillaryRefill.NORMAL
            and self.skin_colour == SkinColour.NORMAL
            and self.pain == PainLevel.NONE
            and not self.visual_symptoms
        )

    def clean(self):
        errors = {}
        if self.units is not None and not self.lot_id:
            errors["lot"] = "Choose the hyaluronidase lot the units came from."
        if self.lot_id and self.units is None:
            errors["units"] = "Enter the units given from this lot."
        if self.lot_id and self.lot.product.kind != ProductKind.ENZYME:
            errors["lot"] = f"{self.lot.product.name} is not hyaluronidase: choose a hyaluronidase lot."
        at = self.assessed_at if isinstance(self.assessed_at, dt.datetime) else None
        if at is not None:
            if at > timezone.now() + CLOCK_GRACE:
                errors["assessed_at"] = "A round cannot be recorded before it happens: enter when you assessed."
            elif self.case_id and timezone.localdate(at) < self.case.session.performed_on:
                errors["assessed_at"] = "That is before the session."
        if errors:
            raise ValidationError(errors)
