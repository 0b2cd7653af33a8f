"""What the clinic offers: facial areas, concerns, products, treatments and combination templates.

Clinical numbers (dose ranges, intervals, per-session maxima) always carry the source row and evidence flag they
came from (all listed, by section, in docs/clinical-sources.md), so a clinician can check them and an admin can
correct them. A PRACTICE or GK value is a hint for a default, never a hard limit.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from clinic.formatting import amount, money, quantity


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
    # The emergency kit's enzyme (§4c): kept in stock and given to reverse HA filler, never planned as a treatment.
    ENZYME = "enzyme", "Hyaluronidase (emergency kit)"


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
    HYALURONIDASE = "hyaluronidase", "Hyaluronidase"


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


class Depth(models.TextChoices):
    """Where an injection point's product goes (the plane or layer)."""

    INTRADERMAL = "intradermal", "Intradermal"
    SUBDERMAL = "subdermal", "Subdermal"
    SUBCUTANEOUS = "subcutaneous", "Subcutaneous"
    INTRAMUSCULAR = "intramuscular", "Intramuscular"
    SUPRAPERIOSTEAL = "supraperiosteal", "Supraperiosteal"


class Technique(models.TextChoices):
    """How an injection point is given."""

    BOLUS = "bolus", "Bolus"
    LINEAR_THREADING = "linear_threading", "Linear threading"
    FANNING = "fanning", "Fanning"
    SERIAL_PUNCTURE = "serial_puncture", "Serial puncture"


class Instrument(models.TextChoices):
    NEEDLE = "needle", "Needle"
    CANNULA = "cannula", "Cannula"


class ChartView(models.TextChoices):
    """The face-chart diagram a point is placed on; x and y are percent of that diagram."""

    FRONT = "front", "Front"
    PROFILE = "profile", "Profile"


class Severity(models.TextChoices):
    CONTRAINDICATED = "contraindicated", "Contraindicated"
    CAUTION = "caution", "Caution"


PENNY = Decimal("0.01")
PENNY_HALF = Decimal("0.005")


def unit_price_for(price_per_package: Decimal, package_size: Decimal) -> Decimal:
    """The price of one U or mL when a package of `package_size` costs `price_per_package` (to the penny)."""
    return (Decimal(price_per_package) / Decimal(package_size)).quantize(PENNY, rounding=ROUND_HALF_UP)


def prices_agree(price_per_package: Decimal, price_per_unit: Decimal, package_size: Decimal) -> bool:
    """True when the two prices say the same thing, to within half a penny per unit (the unit price's rounding)."""
    if not package_size or package_size <= 0:
        return True
    difference = abs(Decimal(price_per_package) - Decimal(price_per_unit) * Decimal(package_size))
    return difference <= package_size * PENNY_HALF


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
    region = models.CharField(max_length=10, choices=Region)
    modality = models.CharField(max_length=10, choices=Modality)
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
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
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
    kind = models.CharField(max_length=10, choices=ProductKind)
    substance = models.CharField(max_length=30, choices=Substance)
    dose_unit = models.CharField(
        max_length=2,
        choices=DoseUnit,
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
    aliases = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other names patients and other clinics use for it, comma-separated (e.g. Botox). A previous "
        "treatment typed with one of these names is linked to this product.",
    )
    other_allergens = models.CharField(max_length=200, blank=True, help_text="e.g. cow's milk protein, human albumin")
    typical_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_units_per_session = models.DecimalField(
        "maximum per session",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="In the product's unit (U or mL), only where a label gives one: above it is a stop.",
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
    limit_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    yearly_max = models.DecimalField(
        "yearly maximum",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Label limit over 12 months, in the product's unit (e.g. Juvéderm gels: 20 mL per 60 kg).",
    )
    yearly_max_body_weight_kg = models.DecimalField(
        "per body weight (kg)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The yearly maximum is for this much body weight and scales with the patient's (empty: flat).",
    )
    yearly_limit_group = models.CharField(
        max_length=80,
        blank=True,
        help_text="Products that share one yearly limit carry the same group name (e.g. Juvéderm gels).",
    )
    yearly_limit_source = models.CharField(max_length=300, blank=True)
    yearly_limit_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    min_age = models.PositiveSmallIntegerField(
        "youngest labelled or studied age", null=True, blank=True, help_text="In whole years, inclusive."
    )
    max_age = models.PositiveSmallIntegerField(
        "oldest labelled or studied age", null=True, blank=True, help_text="In whole years, inclusive."
    )
    age_source = models.CharField(max_length=300, blank=True)
    age_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    reconstitution_ml = models.DecimalField(
        "diluent for one package (mL)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Toxins: the labelled saline volume for one vial (BOTOX 100 U + 2.5 mL gives 4 U per 0.1 mL).",
    )
    use_within_hours = models.PositiveSmallIntegerField(
        "use within (hours) once reconstituted",
        null=True,
        blank=True,
        help_text="Toxins: the label's beyond-use time for an opened vial (BOTOX, Jeuveau: 24 h). Empty: none given.",
    )
    reconstitution_source = models.CharField(max_length=300, blank=True)
    reconstitution_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    indications = models.TextField(blank=True)
    description = models.TextField(blank=True, help_text="Shown in the catalog; say here when prices are examples.")
    source = models.CharField(max_length=300, blank=True)
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
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
                condition=(Q(kind__in=["toxin", "enzyme"]) & Q(dose_unit="U")) | (Q(kind="filler") & Q(dose_unit="mL")),
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
            models.CheckConstraint(
                condition=Q(yearly_max__isnull=True) | Q(yearly_max__gt=0), name="product_yearly_max_positive"
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="product_age_range_ordered",
            ),
            # The package price and the unit price say the same thing: they agree to within half a penny per unit.
            models.CheckConstraint(
                condition=Q(
                    price_per_package__gte=F("price_per_unit") * F("package_size") - F("package_size") * PENNY_HALF,
                    price_per_package__lte=F("price_per_unit") * F("package_size") + F("package_size") * PENNY_HALF,
                ),
                name="product_prices_agree",
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
        errors.update(_positive(self, "yearly_max", "Leave the maximum empty, or enter more than zero."))
        expected = {
            ProductKind.TOXIN: DoseUnit.UNITS,
            ProductKind.FILLER: DoseUnit.ML,
            ProductKind.ENZYME: DoseUnit.UNITS,
        }.get(self.kind)
        if expected and self.dose_unit and self.dose_unit != expected:
            errors["dose_unit"] = f"A {self.get_kind_display().lower()} is dosed in {expected}."
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = f"The oldest age must be at least the youngest ({self.min_age})."
        if self.yearly_max_body_weight_kg is not None and self.yearly_max is None:
            errors["yearly_max"] = "Give the yearly maximum that this body weight refers to."
        prices = (self.price_per_package, self.price_per_unit, self.package_size)
        prices_ok = not {"price_per_unit", "price_per_package", "package_size"} & set(errors) and None not in prices
        if prices_ok and not prices_agree(*prices):
            unit, derived = self.dose_unit or "unit", unit_price_for(self.price_per_package, self.package_size)
            errors["price_per_unit"] = (
                f"A {amount(self.package_size, unit)} package at {money(self.price_per_package)} makes "
                f"{money(derived)} per {unit}, not {money(self.price_per_unit)}: change one price so they agree."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_toxin(self) -> bool:
        return self.kind == ProductKind.TOXIN

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in (self.aliases or "").split(",") if a.strip()]


class Contraindication(models.Model):
    """A screening answer that rules out, or calls for care with, some treatments or products.

    `slug` is the key the consultation's screening answers map onto (catalog.screening.SCREENING_QUESTIONS). What it
    applies to, and how severely, is said by its rules (ContraindicationRule), one row per scope.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Treatment(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    modality = models.CharField(max_length=10, choices=ProductKind)
    description = models.TextField(blank=True)
    goal = models.CharField(max_length=240, blank=True)
    areas = models.ManyToManyField(FacialArea, through="TreatmentArea", related_name="treatments")
    concerns = models.ManyToManyField(Concern, blank=True, related_name="treatments")
    products = models.ManyToManyField(Product, blank=True, related_name="treatments", verbose_name="eligible products")
    review_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    repeat_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_source = models.CharField(max_length=300, blank=True)
    review_interval_evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    interval_source = models.CharField(
        "repeat interval source", max_length=300, blank=True, help_text="Where the repeat interval comes from."
    )
    interval_evidence_flag = models.CharField(
        "repeat interval evidence flag", max_length=10, choices=EvidenceFlag, blank=True
    )
    downtime = models.CharField(max_length=200, blank=True)
    aftercare = models.TextField(
        blank=True, help_text="Printed and emailed for the patient after treatment: plain words, no citations."
    )
    aftercare_source = models.CharField(
        max_length=300, blank=True, help_text="Where the aftercare advice comes from (for the catalog admin only)."
    )
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
        if self.modality == ProductKind.ENZYME:
            errors["modality"] = "Hyaluronidase is kept for emergencies, not planned: choose toxin or filler."
        if errors:
            raise ValidationError(errors)


class TreatmentArea(models.Model):
    """A typical dose range for a treatment in one area, in the product's unit (per side where bilateral).

    `product` narrows a range to one brand: toxin units are product-specific (Dysport's 50 U glabella dose is
    not Botox's 20 U). A range without a product applies to every eligible product of that unit; a toxin range
    without a product says in `unit_substance` whose units it is written in, and is used only for products of that
    substance. Which range applies to an item is decided in one place: catalog.rules.applicable_range.
    """

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="dose_ranges")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="dose_ranges")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="dose_ranges")
    dose_min = models.DecimalField(max_digits=7, decimal_places=2)
    dose_max = models.DecimalField(max_digits=7, decimal_places=2)
    default_dose = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=2, choices=DoseUnit)
    unit_substance = models.CharField(
        "units of",
        max_length=30,
        choices=Substance,
        blank=True,
        help_text="Toxin ranges without a product: the substance whose units the range is in. It is never used for "
        "another substance's product (toxin units are not interchangeable).",
    )
    per_side = models.BooleanField(default=True, help_text="The range is per side (bilateral areas).")
    injection_points = models.CharField(max_length=60, blank=True, help_text="e.g. 4 U × 5 sites")
    source = models.CharField(max_length=300, help_text="Row of the clinical reference this range comes from.")
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag)
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
            models.CheckConstraint(
                condition=Q(unit="mL") | Q(product__isnull=False) | ~Q(unit_substance=""),
                name="dose_range_generic_toxin_names_its_units",
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
            return f"{amount(self.dose_min, self.unit)}{side}"
        return f"{quantity(self.dose_min)}–{amount(self.dose_max, self.unit)}{side}"

    def clean(self):
        errors = {}
        treatment, product, area = _related(self, "treatment"), _related(self, "product"), _related(self, "area")
        if treatment is not None and self.unit:
            expected = DoseUnit.UNITS if treatment.modality == ProductKind.TOXIN else DoseUnit.ML
            if self.unit != expected:
                errors["unit"] = f"A {treatment.get_modality_display().lower()} treatment is dosed in {expected}."
        if product is not None and self.unit and product.dose_unit != self.unit:
            errors["product"] = f"{product} is dosed in {product.dose_unit}, not {self.unit}."
        if product is None and self.unit == DoseUnit.UNITS and not self.unit_substance:
            errors["unit_substance"] = "Say whose units this range is in: toxin units are not interchangeable."
        if product is not None and self.unit_substance and self.unit_substance != product.substance:
            errors["unit_substance"] = f"{product} is {product.get_substance_display()}: leave this empty."
        if self.unit == DoseUnit.ML and self.unit_substance:
            errors["unit_substance"] = "Only toxin ranges name the substance of their units."
        if self.per_side and area is not None and not area.bilateral:
            errors["per_side"] = f"{area} is not a paired area: give the total dose."
        errors.update(_positive(self, "dose_min", "The minimum dose must be above zero."))
        if self.dose_min is not None and self.dose_max is not None and self.dose_min > self.dose_max:
            errors["dose_max"] = f"The maximum must be at least the minimum ({quantity(self.dose_min)})."
        low, high, default = self.dose_min, self.dose_max, self.default_dose
        if None not in (low, high, default) and low <= high and not low <= default <= high:
            errors["default_dose"] = f"The default dose must lie within the range ({self.range_display})."
        if errors:
            raise ValidationError(errors)


class ContraindicationRule(models.Model):
    """One rule of the contraindication rule book: when it applies, how severe it is, why, and the source.

    A rule applies to a planned item when every scope it sets matches (treatment, modality, substance, product,
    area, lidocaine); an empty scope matches everything. With a screening answer (`contraindication`) it applies
    only when the consultation's screening records that answer; without one it always applies (a label
    restriction, e.g. Sculptra is not for the lip vermilion). The same answer may have rules of different severity
    for different products (keloid scarring: contraindicated for Sculptra, a caution for the rest); the most severe
    matching rule decides. planning.checks.contraindications and planning.suggestions both read these rules, with
    the built-in floors of catalog.screening, through catalog.rules.
    """

    contraindication = models.ForeignKey(
        Contraindication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name="screening answer",
        help_text="Empty: the rule always applies (a label restriction).",
    )
    treatment = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, null=True, blank=True, related_name="contraindication_rules"
    )
    modality = models.CharField(max_length=10, choices=ProductKind, blank=True)
    substance = models.CharField(max_length=30, choices=Substance, blank=True)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="contraindication_rules"
    )
    area = models.ForeignKey(
        FacialArea, on_delete=models.PROTECT, null=True, blank=True, related_name="contraindication_rules"
    )
    only_with_lidocaine = models.BooleanField(
        default=False, help_text="Applies only to products that contain lidocaine."
    )
    severity = models.CharField(max_length=20, choices=Severity)
    reason = models.CharField(
        max_length=300, blank=True, help_text="In plain words, shown in the finding (e.g. “its label excludes it”)."
    )
    source = models.CharField(max_length=300, blank=True)
    evidence_flag = models.CharField(max_length=10, choices=EvidenceFlag, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contraindication__name", "treatment__name", "product__name", "pk"]
        verbose_name = "contraindication rule"
        constraints = [
            models.CheckConstraint(
                condition=Q(contraindication__isnull=False)
                | Q(product__isnull=False)
                | ~Q(substance="")
                | Q(treatment__isnull=False),
                name="contraindication_rule_unconditional_needs_scope",
            )
        ]

    def __str__(self):
        answer = self.contraindication or "Always"
        return f"{answer}: {self.scope_display} ({self.get_severity_display()})"

    @property
    def scope_display(self) -> str:
        parts = []
        if self.treatment_id:
            parts.append(str(self.treatment))
        if self.modality:
            parts.append(f"all {self.get_modality_display().lower()}s")
        if self.substance:
            parts.append(self.get_substance_display())
        if self.product_id:
            parts.append(str(self.product))
        if self.area_id:
            parts.append(f"in {self.area}")
        if self.only_with_lidocaine:
            parts.append("with lidocaine")
        return ", ".join(parts) or "everything"

    def clean(self):
        errors = {}
        treatment, product = _related(self, "treatment"), _related(self, "product")
        if self.contraindication_id is None and not (product or self.substance or treatment):
            errors["product"] = "A rule without a screening answer always applies: name the product or substance."
        if product is not None and self.modality and product.kind != self.modality:
            errors["modality"] = f"{product} is a {product.get_kind_display().lower()}."
        if product is not None and self.substance and product.substance != self.substance:
            errors["substance"] = f"{product} is {product.get_substance_display()}."
        if treatment is not None and self.modality and treatment.modality != self.modality:
            errors["modality"] = f"{treatment} is a {treatment.get_modality_display().lower()} treatment."
        if treatment is not None and product is not None and product.kind != treatment.modality:
            errors["product"] = f"{product} can never be given in {treatment}: one is a toxin, the other a filler."
        if errors:
            raise ValidationError(errors)


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
    side = models.CharField(max_length=10, choices=Side, default=Side.BOTH)
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


class TemplateItemPoint(models.Model):
    """One injection point of a template item's standard pattern (e.g. the glabellar label pattern: five points
    of 4 U). Applying the template copies the points onto the plan item."""

    item = models.ForeignKey(TemplateItem, on_delete=models.CASCADE, related_name="points")
    view = models.CharField(max_length=10, choices=ChartView, default=ChartView.FRONT)
    x = models.DecimalField(max_digits=5, decimal_places=2, help_text="Percent of the diagram's width (0–100).")
    y = models.DecimalField(max_digits=5, decimal_places=2, help_text="Percent of the diagram's height (0–100).")
    dose = models.DecimalField(max_digits=7, decimal_places=2, help_text="In the item's unit (U or mL).")
    depth = models.CharField(max_length=20, choices=Depth, blank=True)
    technique = models.CharField(max_length=20, choices=Technique, blank=True)
    instrument = models.CharField(max_length=10, choices=Instrument, blank=True)
    gauge = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Needle or cannula gauge (e.g. 30).")
    label = models.CharField(max_length=60, blank=True, help_text="e.g. 'procerus', 'left corrugator'.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(dose__gt=0), name="template_point_dose_positive"),
            models.CheckConstraint(
                condition=Q(x__gte=0, x__lte=100, y__gte=0, y__lte=100), name="template_point_on_the_diagram"
            ),
        ]

    def __str__(self):
        return f"{self.label or 'Point'} · {quantity(self.dose)} ({self.item})"
