"""What a practitioner builds for one patient: treatment plans, their items, and the sessions actually done.

State changes go through planning.services (checked transitions, audit entries); models hold data and the rules
the database can hold.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from catalog.models import DoseUnit, FacialArea, Product, Side, Treatment
from patients.models import Consultation, Patient


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


# Allowed status changes; anything else is refused by planning.services.plan_set_status.
PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.PROPOSED, PlanStatus.CANCELLED},
    PlanStatus.PROPOSED: {PlanStatus.ACCEPTED, PlanStatus.DECLINED, PlanStatus.DRAFT, PlanStatus.CANCELLED},
    PlanStatus.ACCEPTED: {PlanStatus.IN_PROGRESS, PlanStatus.CANCELLED},
    PlanStatus.IN_PROGRESS: {PlanStatus.COMPLETED, PlanStatus.CANCELLED},
    PlanStatus.COMPLETED: set(),
    PlanStatus.DECLINED: {PlanStatus.DRAFT},
    PlanStatus.CANCELLED: set(),
}
EDITABLE_STATUSES = {PlanStatus.DRAFT}
# The front desk sees these plans (with prices, without clinical notes).
FRONT_DESK_VISIBLE_STATUSES = {
    PlanStatus.PROPOSED,
    PlanStatus.ACCEPTED,
    PlanStatus.IN_PROGRESS,
    PlanStatus.COMPLETED,
}


class TreatmentPlan(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="plans")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="plans")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=120, default="Plan A")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    planned_for = models.DateField("first session date", null=True, blank=True)
    session_gap_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days between sessions (e.g. toxin first, filler two weeks later)."
    )
    notes = models.TextField("clinical notes", blank=True, max_length=4000)
    patient_notes = models.TextField("notes for the patient", blank=True, max_length=4000)
    override_reason = models.TextField(
        blank=True, max_length=2000, help_text="Why the plan was proposed despite a stop finding."
    )
    # Optimistic locking: every write bumps it; an edit made against an older version is refused.
    version = models.PositiveIntegerField(default=1)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("view_clinical_notes", "Can see a plan's clinical notes and findings")]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "title"], name="plan_title_unique_per_consultation"),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_from_one"),
        ]

    def __str__(self):
        return f"{self.title} · {self.patient}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PlanItem(models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="items")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.BOTH)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    dose = models.DecimalField(
        max_digits=7, decimal_places=2, help_text="In the product's own unit: U in steps of 1, mL in steps of 0.1."
    )
    dose_unit = models.CharField(max_length=2, choices=DoseUnit.choices, editable=False)
    injection_points = models.PositiveSmallIntegerField(null=True, blank=True)
    session_number = models.PositiveSmallIntegerField(default=1)
    # Snapshot at the moment the item was added: later catalog price changes never alter a saved plan.
    unit_price = models.DecimalField(max_digits=9, decimal_places=2, editable=False)
    price = models.DecimalField(max_digits=10, decimal_places=2, editable=False)
    price_is_example = models.BooleanField(default=False, editable=False)
    rationale = models.CharField(max_length=300, blank=True)
    template = models.ForeignKey(
        "catalog.CombinationTemplate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session_number", "area__display_order", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(dose__gt=0), name="plan_item_dose_positive"),
            models.CheckConstraint(condition=Q(session_number__gte=1), name="plan_item_session_from_one"),
            models.CheckConstraint(condition=Q(unit_price__gte=0) & Q(price__gte=0), name="plan_item_price_ok"),
            models.CheckConstraint(
                condition=Q(injection_points__isnull=True) | Q(injection_points__gte=1),
                name="plan_item_points_positive",
            ),
        ]

    def __str__(self):
        return f"{self.treatment} · {self.area} · {self.dose:g} {self.dose_unit}"

    @staticmethod
    def price_for(dose: Decimal, unit_price: Decimal) -> Decimal:
        return (dose * unit_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # money: half a penny rounds up


class TreatmentSession(models.Model):
    """A session actually performed: what was done (with product lots) and when to review."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="sessions")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sessions")
    session_number = models.PositiveSmallIntegerField(default=1)
    performed_at = models.DateTimeField()
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField("review date", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-performed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(session_number__gte=1), name="session_number_from_one"),
        ]

    def __str__(self):
        return f"Session {self.session_number} · {self.patient}"


class PerformedItem(models.Model):
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="items")
    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.BOTH)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    dose = models.DecimalField(max_digits=7, decimal_places=2)
    dose_unit = models.CharField(max_length=2, choices=DoseUnit.choices)
    lot_number = models.CharField(max_length=40)
    lot_expiry = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(dose__gt=0), name="performed_dose_positive"),
            models.CheckConstraint(condition=~Q(lot_number=""), name="performed_lot_required"),
        ]

    def __str__(self):
        return f"{self.product} {self.dose:g} {self.dose_unit} (lot {self.lot_number})"
