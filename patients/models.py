"""The clinic's own records: patients, consultations with their medical screening, and earlier treatments.

Patient records are never deleted (foreign keys PROTECT, `is_archived` hides them) and every change is kept by
django-simple-history. URLs use the random `code`, never the integer id.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from catalog.lookups import fold_name
from catalog.models import Concern, DoseUnit, FacialArea, Product, Substance
from catalog.screening import SCREENING_QUESTIONS
from clinic import formatting


def fold_text(value: str) -> str:
    """Lower-case, accent-free form used for search: "Zoë O'Brien-Smith" -> "zoe obrien smith".

    Apostrophes vanish ("O'Brien" is found by "obrien" and "o'brien"); hyphens and dots split words. One folding for
    names of people and of products: catalog.lookups.fold_name.
    """
    return fold_name(value)


def digits_only(value: str) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{6,25}$",
    "Enter a phone number of 6 to 25 digits; spaces, brackets, dashes and a leading + are fine.",
)


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex / other"
    NOT_STATED = "not_stated", "Prefer not to say"


class Patient(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_name = models.CharField("first name", max_length=80)
    family_name = models.CharField("last name", max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=12, choices=Sex, default=Sex.NOT_STATED)
    phone = models.CharField(max_length=25, blank=True, validators=[phone_validator])
    email = models.EmailField(max_length=254, blank=True)
    address = models.TextField(blank=True, max_length=500)
    notes = models.TextField(blank=True, max_length=4000)
    consent_treatment_data = models.BooleanField("consents to processing of treatment data", default=False)
    consent_photos_clinical = models.BooleanField("consents to photos for the clinical record", default=False)
    consent_photos_marketing = models.BooleanField(
        "consents to photos for marketing", default=False, help_text="Separate consent; off unless the patient opts in."
    )
    guardian_consent = models.BooleanField(
        "guardian consent recorded", default=False, help_text="Required for patients under 18."
    )
    is_archived = models.BooleanField(default=False)
    # Optimistic locking, as a plan's: every change bumps it, and an edit made against an older version is refused
    # (patients.services), so two people editing one record never silently undo each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Idempotency key of the form that created the record: a second submit of the same form finds this record
    # instead of creating a twin (the unique constraint holds even when two submits race).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Derived, for fast accent- and case-insensitive search (trigram-indexed on PostgreSQL).
    search_text = models.CharField(max_length=260, editable=False, db_index=True, default="")
    phone_digits = models.CharField(max_length=25, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["search_text", "phone_digits", "submission_key"])

    class Meta:
        ordering = ["family_name", "given_name", "date_of_birth"]
        indexes = [models.Index(fields=["date_of_birth"], name="patient_dob_idx")]
        constraints = [models.CheckConstraint(condition=Q(version__gte=1), name="patient_version_from_one")]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_text = fold_text(f"{self.given_name} {self.family_name} {self.preferred_name}")[:260]
        self.phone_digits = digits_only(self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "phone_digits"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "The date of birth is in the future."
        elif self.date_of_birth and self.date_of_birth.year < 1900:
            errors["date_of_birth"] = "Enter a date of birth after 1900."
        elif self.date_of_birth and self.is_minor and not self.guardian_consent:
            errors["guardian_consent"] = "This patient is under 18: record the guardian's consent to continue."
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.given_name} ({self.preferred_name}) {self.family_name}"
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day=None) -> int:
        day = day or timezone.localdate()
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int:
        return self.age_on()

    @property
    def is_minor(self) -> bool:
        return self.age < 18


class ConsultationStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


def _screening_answers_model():
    """An abstract model with one yes/no field per screening question (catalog.screening.SCREENING_QUESTIONS), so
    adding a question is one line there: each answer maps onto the catalog Contraindication with its slug."""
    fields = {field: models.BooleanField(default=False) for field, _, _ in SCREENING_QUESTIONS}
    meta = type("Meta", (), {"abstract": True})
    return type("ScreeningAnswers", (models.Model,), {"__module__": __name__, "Meta": meta, **fields})


ScreeningAnswers = _screening_answers_model()


class Consultation(ScreeningAnswers):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consultations")
    scheduled_at = models.DateTimeField("date and time")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations_to_plan",
        help_text="Who will plan the treatment.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=ConsultationStatus, default=ConsultationStatus.BOOKED)
    concerns = models.ManyToManyField(Concern, blank=True, related_name="consultations")
    goals = models.TextField("goals in the patient's words", blank=True, max_length=4000)
    priorities = models.TextField(blank=True, max_length=2000)
    budget = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Medical screening: one yes/no field per catalog.screening.SCREENING_QUESTIONS, from ScreeningAnswers.
    screening_notes = models.TextField(blank=True, max_length=4000)
    body_weight_kg = models.DecimalField(
        "body weight (kg)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(400)],
    )
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking, as Patient.version
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[concerns], excluded_fields=["submission_key"])

    class Meta:
        ordering = ["-scheduled_at"]
        indexes = [models.Index(fields=["scheduled_at"], name="consultation_when_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="consultation_budget_ok"),
            models.CheckConstraint(condition=Q(version__gte=1), name="consultation_version_from_one"),
        ]

    def __str__(self):
        return f"{self.patient} · {formatting.moment(self.scheduled_at)}"

    def screening_answers(self) -> list[tuple[str, str, bool]]:
        """(field, label, answer) for every screening question."""
        return [(field, label, getattr(self, field)) for field, label, _ in SCREENING_QUESTIONS]

    def positive_screening_slugs(self) -> set[str]:
        """Slugs of the catalog contraindications that this screening flags."""
        return {slug for field, _, slug in SCREENING_QUESTIONS if getattr(self, field)}


OTHER_TOXIN = "other_toxin"
OTHER_FILLER = "other_filler"
PREVIOUS_SUBSTANCE_CHOICES = [
    *Substance.choices,
    (OTHER_TOXIN, "Another or unknown botulinum toxin"),
    (OTHER_FILLER, "Another or unknown filler"),
]
TOXIN_SUBSTANCES = {
    Substance.ONA,
    Substance.ABO,
    Substance.INCO,
    Substance.PRA,
    Substance.DAXI,
    Substance.LETI,
    OTHER_TOXIN,
}


class PreviousTreatment(models.Model):
    """An aesthetic treatment the patient had before (elsewhere or here), recorded at consultation.

    Planning uses it for cumulative toxin units, re-treatment intervals and "last time in this area".
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="previous_treatments")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="previous_treatments"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    product_name = models.CharField(
        max_length=120, blank=True, help_text="If the product is not in the catalog, as the patient named it."
    )
    substance = models.CharField(
        max_length=30,
        choices=PREVIOUS_SUBSTANCE_CHOICES,
        blank=True,
        help_text="For a product typed by name: what it is, so toxin units and filler volumes are counted right.",
    )
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dose = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    dose_unit = models.CharField(max_length=2, choices=DoseUnit.choices, blank=True)
    treated_on = models.DateField("date treated")
    notes = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-treated_on"]
        constraints = [
            models.CheckConstraint(condition=Q(dose__isnull=True) | Q(dose__gt=0), name="previous_dose_positive"),
        ]

    def __str__(self):
        product = self.product or self.product_name or "Unknown product"
        return f"{product} on {formatting.day(self.treated_on)}"

    @property
    def is_toxin(self) -> bool:
        if self.product_id:
            return self.product.is_toxin
        return self.substance in TOXIN_SUBSTANCES

    def clean(self):
        errors = {}
        if not self.product_id and not self.product_name:
            errors["product"] = "Choose the product from the catalog, or type its name."
        elif not self.product_id and not self.substance:
            errors["substance"] = "Say what it was (which toxin or filler), or choose the product from the catalog."
        if self.product_id and self.substance and self.substance != self.product.substance:
            self.substance = self.product.substance
        if self.treated_on and self.treated_on > timezone.localdate():
            errors["treated_on"] = "A previous treatment cannot be in the future."
        if self.dose is not None and self.product_id and not self.dose_unit:
            self.dose_unit = self.product.dose_unit
        if self.dose is not None and not self.dose_unit and self.substance:
            self.dose_unit = DoseUnit.UNITS if self.is_toxin else DoseUnit.ML
        if not self.product_id and self.substance and self.dose_unit:
            expected = DoseUnit.UNITS if self.is_toxin else DoseUnit.ML
            if self.dose_unit != expected:
                errors["dose_unit"] = f"A {'toxin' if self.is_toxin else 'filler'} dose is in {expected}."
        if errors:
            raise ValidationError(errors)
