"""Consent texts and what patients signed: the plan they accepted and their informed consent per kind of treatment.

- ConsentText: the words a patient reads before consenting, one row per version of each kind (toxin, filler,
  photos). Exactly one version of a kind is current (a partial unique constraint). A catalog admin edits them in the
  Django admin, and an edit is always a new version (consents.services.consent_text_publish); a version that has
  been signed never changes (save() refuses it, and the admin shows it read-only), so a signature always points at
  the words that were read. The source note is internal: where the facts come from, never shown to patients.
- PlanAcceptance: the patient accepted one version of a plan, signing for its summary as shown.
- SignedConsent: the patient's informed consent to one kind of treatment (or to clinical photos), signed for the
  current text and the plan summary as shown, in force until `valid_until` (HARMONY_CONSENT_VALID_DAYS after it
  was signed).

A signature (PlanAcceptance, SignedConsent) is kept with what was shown (its plain text and SHA-256 hash), the typed
full name, the drawn signature as a PNG (or the typed name alone, for a patient who cannot draw), when, and which
staff member witnessed it. Signed records never change and are never deleted: save() refuses an update and
delete() refuses always; a renewed consent is a new row beside the old one, which stays as the history.
"""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.formatting import day
from consents.shown import sha256
from consents.signatures import BLANK, validate_signature_png
from patients.models import Patient
from planning.models import TreatmentPlan

MAX_TITLE = 160
MAX_BODY = 20000
MAX_TYPED_NAME = 120
SIGNED_TEXT_MESSAGE = "This version has been signed, so it never changes: write a new version instead."
SIGNED_RECORD_MESSAGE = "A signed record never changes: sign again to record a new one."
TYPED_NAME_MESSAGE = "Type your full name, as you would sign it."


class ConsentKind(models.TextChoices):
    # The treatment kinds use the values of catalog.ProductKind, so a session's products name the consents it needs.
    TOXIN = "toxin", "Botulinum toxin treatment"
    FILLER = "filler", "Dermal filler treatment"
    PHOTOS = "photos", "Clinical photos"


TREATMENT_KINDS = (ConsentKind.TOXIN, ConsentKind.FILLER)


def _related(instance, name: str):
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


class ConsentText(models.Model):
    """One version of the words a patient reads before consenting to one kind of treatment (or to photos)."""

    CONTENT_FIELDS = ("kind", "version", "title", "body", "source_note")

    kind = models.CharField(
        max_length=10, choices=ConsentKind, error_messages={"invalid_choice": "Choose toxin, filler or photos."}
    )
    version = models.PositiveSmallIntegerField(editable=False)
    title = models.CharField(
        max_length=MAX_TITLE,
        help_text="Shown to the patient as the heading, e.g. “Your consent to dermal filler treatment”.",
        error_messages={
            "blank": "Give the consent a title the patient reads as its heading.",
            "max_length": f"Keep the title under {MAX_TITLE} characters.",
        },
    )
    body = models.TextField(
        max_length=MAX_BODY,
        validators=[MaxLengthValidator(MAX_BODY)],
        help_text="Plain words the patient reads and signs. A blank line starts a new paragraph. No sources or notes.",
        error_messages={
            "blank": "Write the text the patient reads before consenting.",
            "max_length": f"Keep the text under {MAX_BODY:,} characters.",
        },
    )
    source_note = models.TextField(
        "internal source note",
        blank=True,
        max_length=MAX_BODY,
        validators=[MaxLengthValidator(MAX_BODY)],
        help_text="For the clinic only, never shown to patients: where each fact of the text comes from.",
    )
    is_current = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_text_version_unique"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_current=True), name="consent_text_one_current_per_kind"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="consent_text_version_from_one"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}{' (current)' if self.is_current else ''}"

    def save(self, *args, **kwargs):
        changed = self._changed_content()
        if changed and self.is_used:
            raise ValidationError(SIGNED_TEXT_MESSAGE, code="signed")
        super().save(*args, **kwargs)

    @property
    def is_used(self) -> bool:
        """Signed at least once: its words then never change."""
        return bool(self.pk) and self.signatures.exists()

    def _changed_content(self) -> list[str]:
        if self._state.adding or not self.pk:
            return []
        stored = ConsentText.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
        if stored is None:
            return []
        return [name for name in self.CONTENT_FIELDS if stored[name] != getattr(self, name)]

    def clean(self):
        changed = self._changed_content()
        if changed and self.is_used:
            shown = ("title", "body", "source_note")  # the admin form's fields; kind and version are not typed
            raise ValidationError(
                {(name if name in shown else NON_FIELD_ERRORS): SIGNED_TEXT_MESSAGE for name in changed}
            )


def validate_typed_name(value: str) -> None:
    name = (value or "").strip()
    if len(name) < 2 or not any(ch.isalpha() for ch in name):
        raise ValidationError(TYPED_NAME_MESSAGE, code="typed_name")


class SignedRecord(models.Model):
    """What every signature keeps; never changed and never deleted once saved."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    typed_name = models.CharField(
        "your full name",
        max_length=MAX_TYPED_NAME,
        validators=[validate_typed_name],
        error_messages={"blank": TYPED_NAME_MESSAGE, "max_length": f"Keep the name under {MAX_TYPED_NAME} characters."},
    )
    # The drawn signature as a PNG (consents.signatures), empty when the patient typed their name instead.
    signature = models.BinaryField(blank=True, editable=True, validators=[validate_signature_png])
    signed_by_typing = models.BooleanField("type my name instead of drawing", default=False)
    shown_text = models.TextField(editable=False)
    shown_hash = models.CharField("SHA-256 of what was shown", max_length=64, editable=False)
    signed_at = models.DateTimeField(default=timezone.now, editable=False)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(SIGNED_RECORD_MESSAGE, code="signed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A signed record is never deleted.", code="signed")

    def clean(self):
        errors = {}
        if not self.signed_by_typing and not self.signature:
            errors["signature"] = ValidationError(BLANK, code="signature_blank")
        if self.shown_text and self.shown_hash and sha256(self.shown_text) != self.shown_hash:
            errors[NON_FIELD_ERRORS] = ValidationError(
                "What was shown does not match its hash: the page is out of date. Read it again, then sign.",
                code="shown_changed",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def signed_on(self):
        return timezone.localdate(self.signed_at)


class PlanAcceptance(SignedRecord):
    """The patient accepted this version of the plan, signing for its summary as shown."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="acceptances")
    plan_version = models.PositiveIntegerField(editable=False)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "plan_version"], name="plan_acceptance_once_per_version"),
        ]

    def __str__(self):
        return f"{self.plan.title} accepted by {self.typed_name} on {day(self.signed_at)}"

    @property
    def patient(self) -> Patient:
        return self.plan.patient

    @property
    def what(self) -> str:
        return f"Acceptance of {self.plan.title}"


class SignedConsent(SignedRecord):
    """The patient's informed consent to one kind of treatment (or to clinical photos), on one text version."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="signed_consents")
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="signed_consents")
    plan_version = models.PositiveIntegerField(editable=False)
    kind = models.CharField(max_length=10, choices=ConsentKind, editable=False)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="signatures", editable=False)
    valid_until = models.DateField(editable=False)

    class Meta:
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["patient", "kind", "valid_until"], name="consent_patient_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} consent of {self.patient} on {day(self.signed_at)}"

    @property
    def what(self) -> str:
        return self.text.title if self.text_id else self.get_kind_display()

    def in_force_on(self, when) -> bool:
        """Signed on or before `when` (a date), not past its end, and on the consent text in use now."""
        return self.signed_on <= when <= self.valid_until and self.text.is_current

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        text, plan = _related(self, "text"), _related(self, "plan")
        if text is not None and self.kind and text.kind != self.kind:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError("The consent text is for another kind of consent.", code="wrong_text")
            )
        if plan is not None and self.patient_id and plan.patient_id != self.patient_id:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError("The plan belongs to another patient.", code="wrong_patient")
            )
        if errors:
            raise ValidationError(errors)
