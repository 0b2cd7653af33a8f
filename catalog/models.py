"""What the clinic offers: facial areas, concerns, products, treatments and combination templates.

Clinical numbers (dose ranges, intervals, per-session maxima) always carry the source row and evidence flag of
../shared/reference/clinical-reference.md they came from, so a clinician can check them and an admin can correct
them. A PRACTICE or GK value is a hint for a default, never a hard limit.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Region(models.TextChoices):
    UPPER = "upper", "Upper face"
    MID = "mid", "Mid face"
    LOWER = "lower", "Lower face"
    NECK = "neck", "Neck"


class Modality(models.TextChoices):
    TOXIN = "toxin", "Botulinum toxin"
    FILLER = "filler", "Dermal filler"
    BOTH = "both", "Toxin or filler"


class ProductKind(models.TextChoices):
    TOXIN = "toxin", "Botulinum toxin"
    FILLER = "filler", "Dermal filler"


class DoseUnit(models.TextChoices):
    UNITS = "U", "U"
    ML = "mL", "mL"


class Substance(models.TextChoices):
    HYALURONIC_ACID = "hyaluronic_acid", "Hyaluronic acid"
    CAHA = "calcium_hydroxylapatite", "Calcium hydroxylapatite"
    PLLA = "poly_l_lactic_acid", "Poly-L-lactic acid"
    ONA = "onabotulinumtoxinA", "onabotulinumtoxinA"
    ABO = "abobotulinumtoxinA", "abobotulinumtoxinA"
    INCO = "incobotulinumtoxinA", "incobotulinumtoxinA"
    PRA = "prabotulinumtoxinA", "prabotulinumtoxinA-xvfs"
    DAXI = "daxibotulinumtoxinA", "daxibotulinumtoxinA-lanm"
    LETI = "letibotulinumtoxinA", "letibotulinumtoxinA-wlbg"


class EvidenceFlag(models.TextChoices):
    LABEL = "LABEL", "LABEL (FDA label / IFU)"
    LABEL_2 = "LABEL-2", "LABEL-2° (label via reproduction)"
    TRIAL = "TRIAL", "TRIAL (clinical study)"
    REVIEW = "REVIEW", "REVIEW (review / consensus)"
    PRACTICE = "PRACTICE", "PRACTICE (typical practice only)"
    DERIVED = "DERIVED", "DERIVED (computed from labels)"
    GK = "GK", "GK (unverified general knowledge)"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both sides"
    MIDLINE = "midline", "Midline"


class Severity(models.TextChoices):
    CONTRAINDICATED = "contraindicated", "Contraindicated"
    CAUTION = "caution", "Caution"


def _positive(instance, field: str, message: str) -> dict[str, str]:
    """{field: message} when the field holds a number that is not above zero (None is left to the field)."""
    value = getattr(instance, field)
    return {field: message} if value is not None and value <= 0 else {}


def _related(obj, name: str):
    """The related object behind a foreign key, or None while the form has not set it yet."""
    try:
        return getattr(obj, name)
    except models.ObjectDoesNotExist:
        return None


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class FacialArea(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    common_name = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=10, choices=Region.choices)
    modality = models.CharField(max_length=10, choices=Modality.choices)
    bilateral = models.BooleanField(
        default=True, help_text="Paired area (left and right): typical doses are given per side."
    )
    key_structure = models.CharField("key muscle or structure", max_length=160, blank=True)
    is_high_risk = models.BooleanField("high-risk for filler", default=False)
    risk_note = models.TextField(blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    chart_x = models.DecimalField(
        "front chart x (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Horizontal position on the front-view face chart, 0 (left edge) to 100 (right edge).",
    )
    chart_y = models.DecimalField(
        "front chart y (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Vertical position on the front-view face chart, 0 (top) to 100 (bottom).",
    )
    profile_x = models.DecimalField(
        "profile chart x (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    profile_y = models.DecimalField(
        "profile chart y (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(max_length=300, blank=True)
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag.choices, blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(chart_x__gte=0, chart_x__lte=100, chart_y__gte=0, chart_y__lte=100),
                name="facialarea_chart_within_diagram",
            ),
            models.CheckConstraint(
                condition=(Q(profile_x__isnull=True) & Q(profile_y__isnull=True))
                | (Q(profile_x__gte=0, profile_x__lte=100, profile_y__gte=0, profile_y__lte=100)),
                name="facialarea_profile_both_or_neither",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.profile_x is None) != (self.profile_y is None):
            missing = "profile_y" if self.profile_y is None else "profile_x"
            raise ValidationError({missing: "Give both profile coordinates, or neither."})


class Concern(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(FacialArea, blank=True, related_name="concerns")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[areas])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class Product(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    manufacturer = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=ProductKind.choices)
    substance = models.CharField(max_length=30, choices=Substance.choices)
    dose_unit = models.CharField(
        max_length=2,
        choices=DoseUnit.choices,
        help_text="Toxins are dosed in the product's own units (U), never converted; fillers in mL.",
    )
    package_size = models.DecimalField(
        max_digits=7, decimal_places=2, help_text="How much one package holds, in the dose unit."
    )
    package_description = models.CharField(max_length=120, blank=True, help_text="e.g. 1.0 mL syringe, 100 U vial")
    price_per_package = models.DecimalField(max_digits=9, decimal_places=2)
    price_per_unit = models.DecimalField(
        max_digits=9, decimal_places=2, help_text="Price charged per U or per mL planned."
    )
    price_is_example = models.BooleanField(
        default=True, help_text="Seeded prices are examples; untick once the clinic has set its own."
    )
    contains_lidocaine = models.BooleanField(default=False)
    other_allergens = models.CharField(max_length=200, blank=True, help_text="e.g. cow's milk protein, human albumin")
    typical_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_units_per_session = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="Toxins: per-session maximum (U)."
    )
    max_units_90_days = models.DecimalField(
        "max cumulative units in 90 days",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Toxins: cumulative maximum over a 3-month interval (U).",
    )
    limit_source = models.CharField(max_length=300, blank=True)
    limit_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag.choices, blank=True)
    indications = models.TextField(blank=True)
    description = models.TextField(blank=True, help_text="Shown in the catalog; say here when prices are examples.")
    source = models.CharField(max_length=300, blank=True)
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag.choices, blank=True)
    is_active = models.BooleanField(default=True, help_text="Retired products stay in history but not in new plans.")
    history = HistoricalRecords()

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(package_size__gt=0), name="product_package_size_positive"),
            models.CheckConstraint(condition=Q(price_per_package__gt=0), name="product_package_price_positive"),
            models.CheckConstraint(condition=Q(price_per_unit__gt=0), name="product_unit_price_positive"),
            models.CheckConstraint(
                condition=(Q(kind="toxin") & Q(dose_unit="U")) | (Q(kind="filler") & Q(dose_unit="mL")),
                name="product_unit_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(max_units_per_session__isnull=True) | Q(max_units_per_session__gt=0),
                name="product_session_max_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_units_90_days__isnull=True) | Q(max_units_90_days__gt=0),
                name="product_90_day_max_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The database holds these rules too; here they become messages next to the field in the admin.
        errors = {}
        errors.update(_positive(self, "package_size", "A package must hold more than zero."))
        errors.update(_positive(self, "price_per_package", "Enter a price above zero."))
        errors.update(_positive(self, "price_per_unit", "Enter a price above zero."))
        errors.update(_positive(self, "max_units_per_session", "Leave the maximum empty, or enter more than zero."))
        errors.update(_positive(self, "max_units_90_days", "Leave the maximum empty, or enter more than zero."))
        expected = {ProductKind.TOXIN: DoseUnit.UNITS, ProductKind.FILLER: DoseUnit.ML}.get(self.kind)
        if expected and self.dose_unit and self.dose_unit != expected:
            errors["dose_unit"] = f"A {self.get_kind_display().lower()} is dosed in {expected}."
        if errors:
            raise ValidationError(errors)

    @property
    def is_toxin(self) -> bool:
        return self.kind == ProductKind.TOXIN


class Contraindication(models.Model):
    """Something in a patient's screening that rules out or calls for care with a treatment or product.

    `slug` is the key the consultation's screening answers map onto (see clinic.models.SCREENING_QUESTIONS).
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    applies_to_toxins = models.BooleanField(default=False)
    applies_to_fillers = models.BooleanField(default=False)
    products = models.ManyToManyField(
        Product,
        blank=True,
        related_name="contraindications",
        help_text="Specific products it applies to (e.g. cow's milk protein allergy: Dysport).",
    )
    default_severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.CAUTION)
    source = models.CharField(max_length=300, blank=True)
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag.choices, blank=True)
    history = HistoricalRecords(m2m_fields=[products])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Treatment(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    modality = models.CharField(max_length=10, choices=ProductKind.choices)
    description = models.TextField(blank=True)
    goal = models.CharField(max_length=240, blank=True)
    areas = models.ManyToManyField(FacialArea, through="TreatmentArea", related_name="treatments")
    concerns = models.ManyToManyField(Concern, blank=True, related_name="treatments")
    products = models.ManyToManyField(Product, blank=True, related_name="treatments", verbose_name="eligible products")
    contraindications = models.ManyToManyField(
        Contraindication, through="TreatmentContraindication", blank=True, related_name="treatments"
    )
    review_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    repeat_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_source = models.CharField(max_length=300, blank=True)
    review_interval_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag.choices, blank=True)
    interval_source = models.CharField(
        "repeat interval source", max_length=300, blank=True, help_text="Where the repeat interval comes from."
    )
    interval_evidence_flag = models.CharField(
        "repeat interval evidence flag", max_length=10, choices=EvidenceFlag.choices, blank=True
    )
    downtime = models.CharField(max_length=200, blank=True)
    aftercare = models.TextField(blank=True, help_text="Printed for the patient.")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Retired treatments stay in history but not in new plans.")
    history = HistoricalRecords(m2m_fields=[concerns, products])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_days__isnull=True) | Q(review_interval_days__gt=0),
                name="treatment_review_interval_positive",
            ),
            models.CheckConstraint(
                condition=Q(repeat_interval_days__isnull=True) | Q(repeat_interval_days__gt=0),
                name="treatment_repeat_interval_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        errors.update(_positive(self, "review_interval_days", "Leave the interval empty, or enter at least 1 day."))
        errors.update(_positive(self, "repeat_interval_days", "Leave the interval empty, or enter at least 1 day."))
        if errors:
            raise ValidationError(errors)


class TreatmentArea(models.Model):
    """A typical dose range for a treatment in one area, in the product's unit (per side where bilateral).

    `product` narrows a range to one brand: toxin units are product-specific (Dysport's 50 U glabella dose is
    not Botox's 20 U). A range without a product applies to every eligible product of that unit, and its note
    says which reference units it is in.
    """

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="dose_ranges")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="dose_ranges")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="dose_ranges")
    dose_min = models.DecimalField(max_digits=7, decimal_places=2)
    dose_max = models.DecimalField(max_digits=7, decimal_places=2)
    default_dose = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=2, choices=DoseUnit.choices)
    per_side = models.BooleanField(default=True, help_text="The range is per side (bilateral areas).")
    injection_points = models.CharField(max_length=60, blank=True, help_text="e.g. 4 U × 5 sites")
    source = models.CharField(max_length=300, help_text="Row of the clinical reference this range comes from.")
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag.choices)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["treatment", "area__display_order", "product__name"]
        verbose_name = "dose range"
        constraints = [
            models.CheckConstraint(condition=Q(dose_min__gt=0), name="dose_range_min_positive"),
            models.CheckConstraint(condition=Q(dose_min__lte=F("dose_max")), name="dose_range_min_le_max"),
            models.CheckConstraint(
                condition=Q(default_dose__isnull=True)
                | (Q(default_dose__gte=F("dose_min")) & Q(default_dose__lte=F("dose_max"))),
                name="dose_range_default_within",
            ),
            models.UniqueConstraint(fields=["treatment", "area", "product"], name="dose_range_unique_per_product"),
            models.UniqueConstraint(
                fields=["treatment", "area"],
                condition=Q(product__isnull=True),
                name="dose_range_unique_generic",
            ),
        ]

    def __str__(self):
        return f"{self.treatment} · {self.area}: {self.range_display}"

    @property
    def range_display(self) -> str:
        side = " per side" if self.per_side else " total"
        if self.dose_min == self.dose_max:
            return f"{self.dose_min.normalize():f} {self.unit}{side}"
        return f"{self.dose_min.normalize():f}–{self.dose_max.normalize():f} {self.unit}{side}"

    def clean(self):
        errors = {}
        treatment, product, area = _related(self, "treatment"), _related(self, "product"), _related(self, "area")
        if treatment is not None and self.unit:
            expected = DoseUnit.UNITS if treatment.modality == ProductKind.TOXIN else DoseUnit.ML
            if self.unit != expected:
                errors["unit"] = f"A {treatment.get_modality_display().lower()} treatment is dosed in {expected}."
        if product is not None and self.unit and product.dose_unit != self.unit:
            errors["product"] = f"{product} is dosed in {product.dose_unit}, not {self.unit}."
        if self.per_side and area is not None and not area.bilateral:
            errors["per_side"] = f"{area} is not a paired area: give the total dose."
        errors.update(_positive(self, "dose_min", "The minimum dose must be above zero."))
        if self.dose_min is not None and self.dose_max is not None and self.dose_min > self.dose_max:
            errors["dose_max"] = f"The maximum must be at least the minimum ({self.dose_min.normalize():f})."
        low, high, default = self.dose_min, self.dose_max, self.default_dose
        if None not in (low, high, default) and low <= high and not low <= default <= high:
            errors["default_dose"] = f"The default dose must lie within the range ({self.range_display})."
        if errors:
            raise ValidationError(errors)

    @property
    def suggested_dose(self) -> Decimal:
        if self.default_dose is not None:
            return self.default_dose
        step = Decimal("1") if self.unit == DoseUnit.UNITS else Decimal("0.1")
        return ((self.dose_min + self.dose_max) / 2).quantize(step)


class TreatmentContraindication(models.Model):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="contraindication_links")
    contraindication = models.ForeignKey(Contraindication, on_delete=models.PROTECT, related_name="treatment_links")
    severity = models.CharField(max_length=20, choices=Severity.choices)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["treatment", "contraindication"]
        constraints = [
            models.UniqueConstraint(fields=["treatment", "contraindication"], name="treatment_contraindication_once")
        ]

    def __str__(self):
        return f"{self.treatment}: {self.contraindication} ({self.get_severity_display()})"


class CombinationTemplate(models.Model):
    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    concerns = models.ManyToManyField(
        Concern, blank=True, related_name="templates", verbose_name="concerns it balances"
    )
    is_active = models.BooleanField(default=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[concerns])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class TemplateItem(models.Model):
    template = models.ForeignKey(CombinationTemplate, on_delete=models.CASCADE, related_name="items")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="template_items")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="template_items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="template_items")
    default_dose = models.DecimalField(max_digits=7, decimal_places=2)
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.BOTH)
    session_number = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "session_number", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(default_dose__gt=0), name="template_item_dose_positive"),
            models.CheckConstraint(condition=Q(session_number__gte=1), name="template_item_session_from_one"),
        ]

    def __str__(self):
        return f"{self.treatment} – {self.area} ({self.get_side_display()})"

    def clean(self):
        errors = {}
        treatment, product, area = _related(self, "treatment"), _related(self, "product"), _related(self, "area")
        if treatment is not None and product is not None and product.kind != treatment.modality:
            errors["product"] = f"{treatment} needs a {treatment.get_modality_display().lower()} product."
        can_check = treatment is not None and treatment.pk and area is not None
        if can_check and not treatment.dose_ranges.filter(area=area).exists():
            errors["area"] = f"{treatment} has no dose range for {area}; add one to the treatment first."
        errors.update(_positive(self, "default_dose", "The default dose must be above zero."))
        if self.session_number is not None and self.session_number < 1:
            errors["session_number"] = "Sessions are numbered from 1."
        if errors:
            raise ValidationError(errors)
