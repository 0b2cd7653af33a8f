"""Stock: product lots as received, toxin vials once opened, and a ledger row for every change to either.

Quantities are in the product's own unit (U for toxins, mL for fillers), as plans and sessions dose them; a package
count is derived from Product.package_size. Changes go through stock.services (row locks, full_clean(), atomic,
history); reads through stock.selectors.

Whether a lot or a vial can still be used is decided here, once: `ProductLot.unusable_reason` / `Vial.unusable_reason`
say why not for one row, and the querysets' `usable()` filter many rows the same way. The beyond-use time of an
opened vial comes from `beyond_use` (the label's time, or the clinic's policy HARMONY_VIAL_USE_HOURS, or none on
record: never an invented one).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from catalog.models import Product
from clinic.formatting import amount, day, moment, quantity

# Lots expiring this soon are highlighted on the stock page (a stock-keeping horizon, not a clinical number).
EXPIRY_WARNING_DAYS = 30
# A vial recorded as opened a few minutes ahead of the server's clock is a clock difference, not a future opening.
OPENED_AT_GRACE = dt.timedelta(minutes=5)
MAX_PACKAGES = 999  # per receipt: a bound for typing errors
TENTH_ML = Decimal("0.1")
HUNDREDTH = Decimal("0.01")
NO_BEYOND_USE = "no beyond-use time on record"

QUANTITY_MESSAGES = {
    "invalid": "Enter a number, e.g. 20 or 0.5.",
    "max_decimal_places": "Enter at most two decimal places.",
    "max_digits": "That number is too large for a stock count.",
    "max_whole_digits": "That number is too large for a stock count.",
}


def _quantity_field(verbose_name: str, messages: dict | None = None, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=9, decimal_places=2, error_messages={**QUANTITY_MESSAGES, **(messages or {})}, **kwargs
    )


def _related(obj, name: str):
    """The related object behind a foreign key, or None while it is not set yet (a form's half-built instance)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def packages_of(value: Decimal, product: Product) -> Decimal:
    """How many packages of `product` a quantity in its unit makes (2 dp): 250 U of a 100 U vial is 2.5."""
    return (Decimal(value) / product.package_size).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def packages_text(value: Decimal, product: Product) -> str:
    """ "2.5 packages", "1 package"."""
    count = packages_of(value, product)
    return f"{quantity(count)} package{'' if count == 1 else 's'}"


def beyond_use(*, product: Product, opened_at: dt.datetime) -> tuple[dt.datetime | None, str]:
    """When a vial of `product` opened at `opened_at` may last be used, and on what authority.

    The clinic's policy (HARMONY_VIAL_USE_HOURS) wins when it is set: the §2b consensus row allows a longer policy
    than the label. Otherwise the product's label (Product.use_within_hours, with its §2b source). With neither there
    is no beyond-use time on record: (None, "").
    """
    policy = getattr(settings, "HARMONY_VIAL_USE_HOURS", None)
    if policy:
        return opened_at + dt.timedelta(hours=policy), f"{policy} h after opening, the clinic's policy"
    if product.use_within_hours:
        hours = product.use_within_hours
        return opened_at + dt.timedelta(hours=hours), f"{hours} h after opening, the label's time"
    return None, ""


class MovementKind(models.TextChoices):
    RECEIVED = "received", "Received"
    USED = "used", "Used"
    OPENED_VIAL = "opened_vial", "Vial opened"
    ADJUSTED = "adjusted", "Count corrected"
    DISCARDED = "discarded", "Discarded"


class LotQuerySet(models.QuerySet):
    def usable(self, on: dt.date):
        """Lots with something left that have not expired on day `on` (a lot may be used on its expiry date)."""
        return self.filter(quantity_left__gt=0, expiry__gte=on)


class ProductLot(models.Model):
    """One lot of a product as received: its number and expiry from the label, and how much of it is left."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="lots")
    lot_number = models.CharField(
        "lot number",
        max_length=40,
        help_text="As printed on the package (often marked LOT).",
        error_messages={
            "blank": "Enter the lot number from the package's label.",
            "max_length": "A lot number is at most 40 characters.",
        },
    )
    expiry = models.DateField(
        "expiry date",
        help_text="From the package's label: the last day the lot may be used.",
        error_messages={"null": "Enter the expiry date from the package's label."},
    )
    quantity_received = _quantity_field(
        "quantity received",
        {"min_value": "Enter a quantity above zero."},
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="In the product's unit.",
    )
    quantity_left = _quantity_field(
        "quantity left",
        {"min_value": "A lot cannot have less than nothing left: enter 0 or more."},
        validators=[MinValueValidator(Decimal(0))],
        help_text="In the product's unit.",
    )
    received_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(
        max_length=300, blank=True, error_messages={"max_length": "Keep the note to 300 characters."}
    )
    history = HistoricalRecords()

    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["product__name", "expiry", "lot_number"]
        verbose_name = "product lot"
        permissions = [("use_productlot", "Can use stock from a lot (a treatment, or a vial opened)")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "lot_number"],
                name="stock_lot_number_unique_per_product",
                violation_error_message="This lot of the product was already received.",
            ),
            models.CheckConstraint(condition=Q(quantity_received__gt=0), name="stock_lot_received_positive"),
            models.CheckConstraint(condition=Q(quantity_left__gte=0), name="stock_lot_left_not_negative"),
            models.CheckConstraint(
                condition=Q(quantity_left__lte=F("quantity_received")), name="stock_lot_left_at_most_received"
            ),
            models.CheckConstraint(condition=~Q(lot_number=""), name="stock_lot_number_required"),
        ]

    def __str__(self):
        return f"{self.product} lot {self.lot_number}"

    @property
    def unit(self) -> str:
        return self.product.dose_unit

    @property
    def packages_left(self) -> Decimal:
        return packages_of(self.quantity_left, self.product)

    @property
    def packages_received(self) -> Decimal:
        return packages_of(self.quantity_received, self.product)

    @property
    def left_text(self) -> str:
        """ "250 U (2.5 packages)"."""
        return f"{amount(self.quantity_left, self.unit)} ({packages_text(self.quantity_left, self.product)})"

    def is_expired(self, on: dt.date) -> bool:
        return on > self.expiry

    def expires_soon(self, on: dt.date) -> bool:
        """Still usable on `on`, but expiring within EXPIRY_WARNING_DAYS."""
        return not self.is_expired(on) and self.expiry <= on + dt.timedelta(days=EXPIRY_WARNING_DAYS)

    def unusable_reason(self, *, on: dt.date) -> str:
        """Why nothing can be taken from this lot on day `on`, or "" when it can (LotQuerySet.usable agrees)."""
        if self.is_expired(on):
            return f"Lot {self.lot_number} of {self.product.name} expired on {day(self.expiry)}; choose another lot."
        if self.quantity_left <= 0:
            return f"Lot {self.lot_number} of {self.product.name} is used up; choose another lot or vial."
        return ""

    def clean(self):
        errors = {}
        product = _related(self, "product")
        if product is not None and self.lot_number:
            # Labels are read by eye: "abc123" and "ABC123" are the same lot.
            same = (
                ProductLot.objects.filter(product=product, lot_number__iexact=self.lot_number)
                .exclude(pk=self.pk)
                .first()
            )
            if same is not None:
                errors["lot_number"] = (
                    f"Lot {same.lot_number} of {product.name} was already received on {day(same.received_at)}. "
                    "Check the number on the label; to correct that lot's count, open it from the stock page."
                )
        if self._state.adding:
            if product is not None and not product.is_active:
                errors["product"] = f"{product.name} is retired from the catalog: no new stock of it is received."
            if isinstance(self.expiry, dt.date) and self.expiry < timezone.localdate():
                errors["expiry"] = f"This lot expired on {day(self.expiry)}: expired stock cannot be received."
        received, left = self.quantity_received, self.quantity_left
        if isinstance(received, Decimal) and isinstance(left, Decimal) and left > received and product is not None:
            errors["quantity_left"] = (
                f"A lot cannot hold more than it was received with ({amount(received, product.dose_unit)})."
            )
        if errors:
            raise ValidationError(errors)


class StockSetting(models.Model):
    """A product's own stock-keeping settings (without a row, the clinic's defaults apply)."""

    product = models.OneToOneField(Product, on_delete=models.PROTECT, related_name="stock_setting")
    low_stock_packages = models.DecimalField(
        "low stock below (packages)",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="The product is flagged on the stock page when fewer packages than this are left in usable lots "
        "(opened vials not counted). 0 never flags it. Without a setting: HARMONY_LOW_STOCK_PACKAGES.",
        error_messages={
            "invalid": "Enter a number of packages, e.g. 2 or 0.5.",
            "min_value": "Enter 0 or more packages.",
            "max_decimal_places": "Enter at most two decimal places.",
            "max_digits": "That is more packages than a threshold needs.",
            "max_whole_digits": "That is more packages than a threshold needs.",
        },
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "stock setting"
        constraints = [
            models.CheckConstraint(condition=Q(low_stock_packages__gte=0), name="stock_threshold_not_negative"),
        ]

    def __str__(self):
        return f"Stock setting for {self.product}"


def low_stock_threshold(setting: StockSetting | None) -> Decimal:
    """The packages below which a product is low on stock: its own setting, else HARMONY_LOW_STOCK_PACKAGES."""
    if setting is not None:
        return setting.low_stock_packages
    return Decimal(getattr(settings, "HARMONY_LOW_STOCK_PACKAGES", 1))


# The emergency kit's least hyaluronidase, a default hint: §4c "stock enough for repeated high-dose rounds"
# (vindoctraining.com; insidemedspa.com, PRACTICE) and "totals up to ~1500 U cited" (ACE Group guideline v2.4,
# PMC6011868; CMAC, JCAD 2021; REVIEW / PRACTICE). The clinic sets its own (EmergencyKitSetting).
KIT_MINIMUM_DEFAULT = Decimal(1500)
KIT_MINIMUM_SOURCE = (
    "§4c: keep enough hyaluronidase for repeated high-dose rounds (vindoctraining.com; insidemedspa.com, PRACTICE); "
    "high-dose protocols cite totals up to about 1500 U (ACE Group v2.4, PMC6011868; CMAC, JCAD 2021)"
)


class EmergencyKitSetting(models.Model):
    """The clinic's emergency kit: the least hyaluronidase it keeps in usable lots (one row; without it, the default
    hint KIT_MINIMUM_DEFAULT applies)."""

    minimum_units = models.DecimalField(
        "keep at least (U of hyaluronidase)",
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="The stock page warns when less than this is left in usable hyaluronidase lots. 0 never warns.",
        error_messages={
            "invalid": "Enter a number of units, e.g. 1500.",
            "min_value": "Enter 0 U or more.",
            "max_decimal_places": "Enter at most two decimal places.",
            "max_digits": "That is more units than a kit holds.",
            "max_whole_digits": "That is more units than a kit holds.",
        },
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "emergency kit setting"
        constraints = [models.CheckConstraint(condition=Q(minimum_units__gte=0), name="stock_kit_minimum_not_negative")]

    def __str__(self):
        return f"Emergency kit: at least {amount(self.minimum_units, 'U')} of hyaluronidase"


class VialQuerySet(models.QuerySet):
    def usable(self, at: dt.datetime):
        """Vials that can still be drawn from at `at`: not empty or discarded, before their beyond-use time (or
        with none on record), opened by then, and from a lot that has not expired (Vial.unusable_reason agrees)."""
        return self.filter(
            Q(beyond_use_at__isnull=True) | Q(beyond_use_at__gt=at),
            units_left__gt=0,
            discarded_at__isnull=True,
            opened_at__lte=at,
            lot__expiry__gte=timezone.localdate(at),
        )


class Vial(models.Model):
    """A toxin vial reconstituted from one package of a lot: it can serve several patients until its beyond-use time."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lot = models.ForeignKey(ProductLot, on_delete=models.PROTECT, related_name="vials")
    diluent_ml = models.DecimalField(
        "diluent (mL)",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Saline added to the vial; it sets the concentration.",
        error_messages={
            "invalid": "Enter the diluent volume in mL, e.g. 2.5.",
            "min_value": "Enter a diluent volume above zero.",
            "max_decimal_places": "Enter the volume to two decimal places at most, e.g. 2.5.",
            "max_digits": "Enter a diluent volume below 100 mL.",
            "max_whole_digits": "Enter a diluent volume below 100 mL.",
        },
    )
    units = _quantity_field("units in the vial", help_text="One package of the lot.")
    units_left = _quantity_field(
        "units left", {"min_value": "A vial cannot have less than nothing left."}, validators=[MinValueValidator(0)]
    )
    opened_at = models.DateTimeField("opened", default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    beyond_use_at = models.DateTimeField(
        "beyond-use time",
        null=True,
        blank=True,
        help_text="Worked out when the vial is opened: the label's time, or the clinic's policy when one is set. "
        "Empty: no beyond-use time on record.",
    )
    beyond_use_basis = models.CharField("beyond-use time from", max_length=120, blank=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = VialQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(condition=Q(units__gt=0), name="stock_vial_units_positive"),
            models.CheckConstraint(condition=Q(units_left__gte=0), name="stock_vial_left_not_negative"),
            models.CheckConstraint(condition=Q(units_left__lte=F("units")), name="stock_vial_left_at_most_units"),
            models.CheckConstraint(condition=Q(diluent_ml__gt=0), name="stock_vial_diluent_positive"),
            models.CheckConstraint(
                condition=Q(beyond_use_at__isnull=True) | Q(beyond_use_at__gt=F("opened_at")),
                name="stock_vial_beyond_use_after_opening",
            ),
        ]

    def __str__(self):
        return f"Vial of {self.lot} opened {moment(self.opened_at)}"

    @property
    def label(self) -> str:
        """ "the vial of lot ABC123 opened 2 Dec 2026, 14:30" (clinic time)."""
        return f"the vial of lot {self.lot.lot_number} opened {moment(self.opened_at)}"

    @property
    def units_per_tenth_ml(self) -> Decimal:
        """The concentration, as injectors say it: units per 0.1 mL (100 U in 2.5 mL is 4 U per 0.1 mL)."""
        return (self.units / self.diluent_ml * TENTH_ML).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def concentration_text(self) -> str:
        return f"{quantity(self.units_per_tenth_ml)} U per 0.1 mL"

    def volume_for(self, units) -> Decimal:
        """The volume (mL, to 0.01 mL) that holds `units` at this vial's concentration: 20 U at 4 U/0.1 mL is 0.5."""
        return (Decimal(units) * self.diluent_ml / self.units).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def beyond_use_text(self) -> str:
        """ "3 Dec 2026, 14:30 (24 h after opening, the label's time)", or "no beyond-use time on record"."""
        if self.beyond_use_at is None:
            return NO_BEYOND_USE
        return f"{moment(self.beyond_use_at)} ({self.beyond_use_basis})"

    def is_past_beyond_use(self, at: dt.datetime) -> bool:
        return self.beyond_use_at is not None and at >= self.beyond_use_at

    def unusable_reason(self, *, at: dt.datetime) -> str:
        """Why nothing can be drawn from this vial at `at`, or "" when it can (VialQuerySet.usable agrees)."""
        if self.discarded_at is not None:
            return f"This vial was discarded on {moment(self.discarded_at)}; open a new vial."
        if self.is_past_beyond_use(at):
            return (
                f"This vial passed its beyond-use time on {moment(self.beyond_use_at)} ({self.beyond_use_basis}), "
                "so it cannot be used: discard it and open a new vial."
            )
        if self.units_left <= 0:
            return "This vial is empty; open a new vial or choose another lot."
        if at < self.opened_at:
            return f"This vial was only opened on {moment(self.opened_at)}."
        if self.lot.is_expired(timezone.localdate(at)):
            lot = self.lot
            return f"This vial's lot {lot.lot_number} expired on {day(lot.expiry)}; open a vial of another lot."
        return ""

    def clean(self):
        errors = {}
        if isinstance(self.opened_at, dt.datetime) and self.opened_at > timezone.now() + OPENED_AT_GRACE:
            errors["opened_at"] = "The opening time is in the future: enter when the vial was opened."
        units, left = self.units, self.units_left
        if isinstance(units, Decimal) and isinstance(left, Decimal) and left > units:
            errors["units_left"] = f"A vial cannot hold more than its {amount(units, 'U')}."
        if errors:
            raise ValidationError(errors)


class StockMovement(models.Model):
    """One change to a lot or a vial, for the ledger: never changed or deleted once written.

    `quantity` is signed, in the product's unit: received +, used, opened into a vial or discarded -, a count
    correction either way. A row with a vial is drawn from or discards that vial, except the "vial opened" row,
    which moves a package out of the lot into the vial. `lot_left_after` / `vial_left_after` are the balances the row
    left (empty where it did not touch one).
    """

    lot = models.ForeignKey(ProductLot, on_delete=models.PROTECT, related_name="movements")
    vial = models.ForeignKey(Vial, on_delete=models.PROTECT, null=True, blank=True, related_name="movements")
    kind = models.CharField(max_length=12, choices=MovementKind)
    quantity = _quantity_field("quantity")
    lot_left_after = _quantity_field("lot left after", null=True, blank=True)
    vial_left_after = _quantity_field("vial left after", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(
        max_length=300, blank=True, error_messages={"max_length": "Keep the reason to 300 characters."}
    )
    reference = models.CharField(
        max_length=120,
        blank=True,
        help_text="What used it, e.g. “session 3f2a…”.",
        error_messages={"max_length": "Keep the reference to 120 characters."},
    )
    used_for_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    used_for_id = models.PositiveBigIntegerField(null=True, blank=True)
    used_for = GenericForeignKey("used_for_type", "used_for_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "stock movement"
        indexes = [models.Index(fields=["used_for_type", "used_for_id"], name="stock_movement_used_for")]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stock_movement_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.RECEIVED) | Q(quantity__gt=0), name="stock_movement_received_positive"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[MovementKind.USED, MovementKind.OPENED_VIAL, MovementKind.DISCARDED])
                | Q(quantity__lt=0),
                name="stock_movement_taken_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.ADJUSTED) | ~Q(reason=""), name="stock_movement_adjust_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.OPENED_VIAL) | Q(vial__isnull=False),
                name="stock_movement_opening_names_vial",
            ),
            models.CheckConstraint(
                condition=Q(used_for_type__isnull=True, used_for_id__isnull=True)
                | Q(used_for_type__isnull=False, used_for_id__isnull=False),
                name="stock_movement_used_for_both_or_neither",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {amount(self.quantity, self.unit)} · {self.lot}"

    @property
    def unit(self) -> str:
        return self.lot.product.dose_unit

    @property
    def changes_lot(self) -> bool:
        """The row moved stock into or out of the lot itself (not drawn from, or discarded from, a vial)."""
        return self.vial_id is None or self.kind == MovementKind.OPENED_VIAL
