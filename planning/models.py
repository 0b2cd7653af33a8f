"""What a practitioner builds for one patient: treatment plans, their items, and the sessions actually done.

State changes go through planning.services (checked transitions, version checks, audit entries). The rules about a
record's own values live here, where full_clean() (every service calls it) and the ModelForms apply them: field
validators and messages, clean() for the rules between fields, and check constraints for what the database can hold.

A clean() only raises for fields that are set (a ModelForm validates a half-filled instance and may not show a
field the error would belong to), and builds on values that passed the fields' own checks.
"""

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from catalog.models import ChartView, Depth, DoseUnit, FacialArea, Instrument, Product, Side, Technique, Treatment
from clinic.formatting import amount, quantity
from patients.models import Consultation, Patient

MAX_SESSIONS = 6
MAX_SESSION_GAP_DAYS = 365
MAX_INJECTION_POINTS = 200
MAX_RATIONALE = 300
MAX_POINT_NOTE = 200
# What a needle or cannula gauge number can be: a sanity bound for typing errors, not a clinical choice.
MAX_GAUGE = 50
PLANNED_FOR_MAX_YEARS_AHEAD = 5
MAX_DOSE = Decimal("99999")  # what the database column holds; a sanity bound for typing errors, not a clinical limit
DOSE_STEP: dict[str, Decimal] = {DoseUnit.UNITS: Decimal("1"), DoseUnit.ML: Decimal("0.1")}
# A session recorded a few minutes ahead of the server's clock is a clock difference, not a session to come.
PERFORMED_AT_GRACE = dt.timedelta(minutes=5)

SESSION_MESSAGE = f"Choose a session from 1 to {MAX_SESSIONS}."
SESSION_NUMBER_MESSAGES = {
    "invalid": "Enter the session number, e.g. 1 or 2.",
    "null": "Enter the session number, e.g. 1 or 2.",
    "min_value": SESSION_MESSAGE,
    "max_value": SESSION_MESSAGE,
}
DOSE_MESSAGES = {
    "invalid": "Enter the dose as a number, e.g. 4 or 1.0.",
    "null": "Enter the dose as a number, e.g. 4 or 1.0.",
    # Beyond what the column holds; a dose the column holds but above MAX_DOSE is refused by clean(), with its unit.
    "max_whole_digits": f"%(value)s cannot be right: enter a dose below {MAX_DOSE:,}.",
}


def dose_above_zero(value: Decimal) -> None:
    if value <= 0:
        raise ValidationError("Enter a dose above zero.", code="min_value")


def dose_problem(dose: Decimal, unit: str) -> str:
    """Why a dose in `unit` cannot be planned or given as typed (a size no one means, or off the unit's step), or ""."""
    if dose > MAX_DOSE:
        return f"{quantity(dose)} {unit} cannot be right: enter a dose below {MAX_DOSE:,} {unit}."
    step = DOSE_STEP.get(unit, Decimal("0.1"))
    if dose % step != 0:
        what = "whole units (1 U steps)" if unit == DoseUnit.UNITS else "steps of 0.1 mL"
        return f"{unit} doses are planned in {what}: {amount(dose, unit)} is not."
    return ""


def _related(instance, name: str):
    """The object behind a foreign key, or None while it is not set (a ModelForm's instance, half filled)."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def _checked(instance, name: str):
    """The field's value once it passes the field's own checks, else None: clean_fields() reports those, and clean()
    adds its rules on top without saying the same thing twice."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    try:
        return field.clean(value, instance)
    except ValidationError:
        return None


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
    title = models.CharField(
        max_length=120,
        default="Plan A",
        error_messages={
            "blank": "Give the plan a title, e.g. Plan A.",
            "max_length": "Keep the title under 120 characters.",
        },
    )
    status = models.CharField(max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT)
    planned_for = models.DateField("first session date", null=True, blank=True)
    session_gap_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Days between sessions (e.g. toxin first, filler two weeks later).",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_GAP_DAYS)],
        error_messages={
            "min_value": f"Enter between 1 and {MAX_SESSION_GAP_DAYS} days between sessions.",
            "max_value": f"Enter between 1 and {MAX_SESSION_GAP_DAYS} days between sessions.",
        },
    )
    notes = models.TextField("clinical notes", blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    patient_notes = models.TextField(
        "notes for the patient", blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    override_reason = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Why the plan was proposed despite a stop finding.",
        validators=[MaxLengthValidator(2000)],
        error_messages={"max_length": "Keep the override reason under 2000 characters."},
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
            models.CheckConstraint(
                condition=Q(session_gap_days__gte=1, session_gap_days__lte=MAX_SESSION_GAP_DAYS),
                name="plan_session_gap_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.title} · {self.patient}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @classmethod
    def next_title(cls, consultation_id) -> str:
        """The first free "Plan A", "Plan B"… of the consultation."""
        taken = set(cls.objects.filter(consultation_id=consultation_id).values_list("title", flat=True))
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if f"Plan {letter}" not in taken:
                return f"Plan {letter}"
        return f"Plan {len(taken) + 1}"

    def clean(self):
        errors = {}
        today, day = timezone.localdate(), self.planned_for if isinstance(self.planned_for, dt.date) else None
        if day and self._state.adding and day < today - dt.timedelta(days=365):
            errors["planned_for"] = "The first session date is more than a year ago."
        # A mistyped year (9999) would put later sessions past the calendar's end and break every plan page.
        elif day and day > today + dt.timedelta(days=365 * PLANNED_FOR_MAX_YEARS_AHEAD):
            errors["planned_for"] = (
                f"The first session date is more than {PLANNED_FOR_MAX_YEARS_AHEAD} years ahead: check the year."
            )
        # The unique constraint holds the titles apart; this says so next to the title, naming a free one.
        if self.consultation_id and self.title:
            others = TreatmentPlan.objects.filter(consultation_id=self.consultation_id, title=self.title)
            if others.exclude(pk=self.pk).exists():
                errors["title"] = f"This consultation already has “{self.title}”."
                if self._state.adding:
                    errors["title"] += f" Name the alternative, e.g. {self.next_title(self.consultation_id)}."
        if errors:
            raise ValidationError(errors)


class PlanItem(models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="items")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(
        max_length=10,
        choices=Side.choices,
        default=Side.BOTH,
        error_messages={"invalid_choice": "Choose left, right, both sides or midline."},
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    dose = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        help_text="In the product's own unit: U in steps of 1, mL in steps of 0.1.",
        validators=[dose_above_zero],
        error_messages=DOSE_MESSAGES,
    )
    dose_unit = models.CharField(max_length=2, choices=DoseUnit.choices, editable=False)
    injection_points = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INJECTION_POINTS)],
        error_messages={
            "invalid": "Enter a whole number of injection points.",
            "min_value": f"Enter between 1 and {MAX_INJECTION_POINTS} injection points, or leave it empty.",
            "max_value": f"Enter between 1 and {MAX_INJECTION_POINTS} injection points, or leave it empty.",
        },
    )
    session_number = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)],
        error_messages=SESSION_NUMBER_MESSAGES,
    )
    # Snapshot at the moment the item was added: later catalog price changes never alter a saved plan.
    unit_price = models.DecimalField(max_digits=9, decimal_places=2, editable=False)
    price = models.DecimalField(max_digits=10, decimal_places=2, editable=False)
    price_is_example = models.BooleanField(default=False, editable=False)
    rationale = models.CharField(
        max_length=MAX_RATIONALE,
        blank=True,
        error_messages={"max_length": f"Keep the rationale under {MAX_RATIONALE} characters."},
    )
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
            models.CheckConstraint(condition=Q(session_number__lte=MAX_SESSIONS), name="plan_item_session_at_most_max"),
            models.CheckConstraint(condition=Q(unit_price__gte=0) & Q(price__gte=0), name="plan_item_price_ok"),
            models.CheckConstraint(
                condition=Q(injection_points__isnull=True) | Q(injection_points__gte=1),
                name="plan_item_points_positive",
            ),
            models.CheckConstraint(
                condition=Q(injection_points__isnull=True) | Q(injection_points__lte=MAX_INJECTION_POINTS),
                name="plan_item_points_at_most_max",
            ),
        ]

    def __str__(self):
        return f"{self.treatment} · {self.area} · {self.dose:g} {self.dose_unit}"

    @staticmethod
    def price_for(dose: Decimal, unit_price: Decimal) -> Decimal:
        return (dose * unit_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # money: half a penny rounds up

    def clean(self):
        """The dose in the product's unit and step, the side the area has, and the price the dose comes to.

        The dose unit is the product's, and the price is the dose at the item's unit price (the snapshot taken
        when the product was chosen): both follow here from the validated values.
        """
        errors = {}
        product, area = _related(self, "product"), _related(self, "area")
        if product is not None:
            self.dose_unit = product.dose_unit
        if self.injection_points == "":
            self.injection_points = None
        dose = _checked(self, "dose")
        if dose is not None and self.dose_unit:
            problem = dose_problem(dose, self.dose_unit)
            if problem:
                errors["dose"] = problem
            else:
                self.dose = dose.quantize(Decimal("0.01"))
                if self.unit_price is not None:
                    self.price = self.price_for(self.dose, self.unit_price)
        if area is not None and self.side in Side.values:
            if not area.bilateral:
                # A midline area (chin, glabella) has no left or right: store it as midline whatever was picked.
                self.side = Side.MIDLINE
            elif self.side == Side.MIDLINE:
                errors["side"] = f"{area.name} is a paired area: choose left, right or both sides."
        if errors:
            raise ValidationError(errors)


POSITION_MESSAGE = "Place the point on the diagram: from 0 to 100 percent across and down."
POSITION_MESSAGES = {
    "invalid": POSITION_MESSAGE,
    "null": POSITION_MESSAGE,
    "min_value": POSITION_MESSAGE,
    "max_value": POSITION_MESSAGE,
    "max_digits": POSITION_MESSAGE,
    "max_whole_digits": POSITION_MESSAGE,
}
GAUGE_MESSAGE = f"Enter the gauge as a whole number from 1 to {MAX_GAUGE} (e.g. 30), or leave it empty."


class PointDetails(models.Model):
    """Where and how one injection point is given: a view of the face chart and x/y in percent of that diagram's
    drawing box (the catalog's chart_x/chart_y coordinates), the dose in its item's unit, depth and technique. A
    planned point (InjectionPoint) and a point as performed (PerformedPoint) both have them."""

    view = models.CharField(
        max_length=10,
        choices=ChartView,
        default=ChartView.FRONT,
        error_messages={"invalid_choice": "Choose the front or the profile view.", "blank": "Choose the view."},
    )
    x = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text="Percent of the diagram's width (0–100).",
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        error_messages=POSITION_MESSAGES,
    )
    y = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text="Percent of the diagram's height (0–100).",
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        error_messages=POSITION_MESSAGES,
    )
    dose = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        help_text="In the item's unit (U or mL).",
        validators=[dose_above_zero],
        error_messages=DOSE_MESSAGES,
    )
    depth = models.CharField(
        max_length=20, choices=Depth, blank=True, error_messages={"invalid_choice": "Choose a depth from the list."}
    )
    technique = models.CharField(
        max_length=20,
        choices=Technique,
        blank=True,
        error_messages={"invalid_choice": "Choose a technique from the list."},
    )
    instrument = models.CharField(
        max_length=10,
        choices=Instrument,
        blank=True,
        error_messages={"invalid_choice": "Choose a needle or a cannula."},
    )
    gauge = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Needle or cannula gauge (e.g. 30).",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_GAUGE)],
        error_messages={"invalid": GAUGE_MESSAGE, "min_value": GAUGE_MESSAGE, "max_value": GAUGE_MESSAGE},
    )
    note = models.CharField(
        max_length=MAX_POINT_NOTE,
        blank=True,
        error_messages={"max_length": f"Keep the note under {MAX_POINT_NOTE} characters."},
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def clean_details(self, unit: str) -> dict[str, str]:
        """The dose within what the column holds, in the item's unit; a gauge only with the instrument it sizes."""
        errors = {}
        dose = _checked(self, "dose")
        if dose is not None and unit:
            if dose > MAX_DOSE:
                errors["dose"] = f"{quantity(dose)} {unit} cannot be right: enter a dose below {MAX_DOSE:,}."
            else:
                self.dose = dose.quantize(Decimal("0.01"))
        if self.note:
            self.note = self.note.strip()
        gauge = _checked(self, "gauge")
        if gauge is not None and not self.instrument:
            errors["instrument"] = f"Say what the {gauge} G is: a needle or a cannula."
        return errors

    @property
    def how(self) -> str:
        """ "intramuscular · bolus · needle 30 G": the depth and technique, as the record and the chart say them."""
        parts = [
            self.get_depth_display().lower() if self.depth else "",
            self.get_technique_display().lower() if self.technique else "",
        ]
        if self.instrument:
            parts.append(f"{self.get_instrument_display().lower()}{f' {self.gauge} G' if self.gauge else ''}")
        return " · ".join(p for p in parts if p)


class InjectionPoint(PointDetails):
    """One planned injection point of a plan item: where on the face chart (a view and x/y in percent of that
    diagram's drawing box, the catalog's chart_x/chart_y coordinates), how much (in the item's own unit) and how.

    The item's dose is the sum of its points, or planning.checks.points says they differ. The points change only
    with their item's plan, through planning.services (point_add, point_update, point_remove), while it is a draft.
    """

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="points")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item_id", "order", "id"]  # not "item": that would sort by the items' own ordering, a join
        constraints = [
            models.CheckConstraint(condition=Q(dose__gt=0), name="injection_point_dose_positive"),
            models.CheckConstraint(
                condition=Q(x__gte=0, x__lte=100, y__gte=0, y__lte=100), name="injection_point_on_the_diagram"
            ),
            models.CheckConstraint(
                condition=Q(gauge__isnull=True) | Q(gauge__gte=1, gauge__lte=MAX_GAUGE),
                name="injection_point_gauge_in_range",
            ),
            models.CheckConstraint(condition=Q(view__in=ChartView.values), name="injection_point_view_known"),
        ]

    def __str__(self):
        unit = self.item.dose_unit if self.item_id else ""
        return f"Point {self.order} · {quantity(self.dose)} {unit}".strip()

    @property
    def unit(self) -> str:
        return self.item.dose_unit

    def clean(self):
        item = _related(self, "item")
        errors = self.clean_details(item.dose_unit if item is not None else "")
        if errors:
            raise ValidationError(errors)


class TreatmentSession(models.Model):
    """A session actually performed: what was done (with product lots) and when to review."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="sessions")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sessions")
    session_number = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)],
        error_messages=SESSION_NUMBER_MESSAGES,
    )
    performed_at = models.DateTimeField()
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField("review date", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-performed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(session_number__gte=1), name="session_number_from_one"),
            models.CheckConstraint(condition=Q(session_number__lte=MAX_SESSIONS), name="session_number_at_most_max"),
        ]

    def __str__(self):
        return f"Session {self.session_number} · {self.patient}"

    @property
    def performed_on(self) -> dt.date:
        return timezone.localtime(self.performed_at).date()

    def clean(self):
        errors = {}
        if isinstance(self.performed_at, dt.datetime):
            if self.performed_at > timezone.now() + PERFORMED_AT_GRACE:
                errors["performed_at"] = "A session cannot be recorded before it happened."
            elif isinstance(self.review_on, dt.date) and self.review_on < self.performed_on:
                errors["review_on"] = "The review date must be on or after the session date."
        if errors:
            raise ValidationError(errors)


class PerformedItem(models.Model):
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="items")
    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.BOTH)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    dose = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[dose_above_zero], error_messages=DOSE_MESSAGES
    )
    dose_unit = models.CharField(max_length=2, choices=DoseUnit.choices)
    lot_number = models.CharField(
        max_length=40,
        error_messages={
            "blank": "Enter the lot number from the product's label.",
            "max_length": "A lot number is at most 40 characters.",
        },
    )
    lot_expiry = models.DateField(null=True, blank=True)
    # The stock it came from, when the clinic keeps its stock in Harmony: a lot (fillers, or a toxin drawn without a
    # vial record) or an opened vial; recording the session takes the dose from it in the same transaction.
    stock_lot = models.ForeignKey("stock.ProductLot", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    vial = models.ForeignKey("stock.Vial", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deviation_reason = models.CharField(
        "why it differs from the plan",
        max_length=300,
        blank=True,
        error_messages={"max_length": "Keep the reason to 300 characters."},
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(dose__gt=0), name="performed_dose_positive"),
            models.CheckConstraint(condition=~Q(lot_number=""), name="performed_lot_required"),
        ]

    def __str__(self):
        return f"{self.product} {self.dose:g} {self.dose_unit} (lot {self.lot_number})"

    def clean(self):
        errors = {}
        dose = _checked(self, "dose")
        if dose is not None and self.dose_unit:
            problem = dose_problem(dose, self.dose_unit)
            if problem:
                errors["dose"] = problem
            else:
                self.dose = dose.quantize(Decimal("0.01"))
        session = _related(self, "session")
        performed_at = session.performed_at if session is not None else None
        performed_on = session.performed_on if isinstance(performed_at, dt.datetime) else None
        if isinstance(self.lot_expiry, dt.date) and performed_on and self.lot_expiry < performed_on:
            errors["lot_expiry"] = "This lot had expired before the session date."
        planned = _related(self, "plan_item")
        if (
            planned is not None
            and dose is not None
            and "dose" not in errors
            and dose != planned.dose
            and not (self.deviation_reason or "").strip()
        ):
            errors["deviation_reason"] = (
                f"The plan says {amount(planned.dose, planned.dose_unit)}: say why a different dose was given."
            )
        if errors:
            raise ValidationError(errors)


class PerformedPoint(PointDetails):
    """One injection point as it was given in a session: where, how much, how deep and with what, prefilled from the
    planned point it follows (if any). For a toxin drawn from an opened vial, the volume injected at that vial's
    concentration is kept beside the units (20 U at 4 U per 0.1 mL is 0.5 mL)."""

    performed_item = models.ForeignKey(PerformedItem, on_delete=models.PROTECT, related_name="points")
    planned_point = models.ForeignKey(
        InjectionPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    volume_ml = models.DecimalField(
        "volume (mL)", max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["performed_item_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(dose__gt=0), name="performed_point_dose_positive"),
            models.CheckConstraint(
                condition=Q(x__gte=0, x__lte=100, y__gte=0, y__lte=100), name="performed_point_on_the_diagram"
            ),
            models.CheckConstraint(
                condition=Q(gauge__isnull=True) | Q(gauge__gte=1, gauge__lte=MAX_GAUGE),
                name="performed_point_gauge_in_range",
            ),
            models.CheckConstraint(condition=Q(view__in=ChartView.values), name="performed_point_view_known"),
        ]

    def __str__(self):
        return f"Point {self.order} · {quantity(self.dose)} {self.unit}".strip()

    @property
    def unit(self) -> str:
        return self.performed_item.dose_unit if self.performed_item_id else ""

    def differs_from_plan(self) -> bool:
        """Whether it was given otherwise than planned: another dose, depth, technique, instrument or gauge."""
        planned = self.planned_point
        if planned is None:
            return False
        return any(
            getattr(self, name) != getattr(planned, name)
            for name in ("dose", "depth", "technique", "instrument", "gauge")
        )

    def clean(self):
        item = _related(self, "performed_item")
        errors = self.clean_details(item.dose_unit if item is not None else "")
        if errors:
            raise ValidationError(errors)
