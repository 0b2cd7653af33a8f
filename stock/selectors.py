"""What the stock pages and the session record read: usable lots and vials, the stock overview, a lot's ledger.

`usable_lots` / `usable_vials` are what a practitioner may choose from: an expired or empty lot, and a vial that is
empty, discarded, past its beyond-use time or from an expired lot, are left out (stock.models decides, once). The
stock services refuse the same rows, should one be chosen anyway.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from catalog.models import Product, ProductKind
from stock import access
from stock.models import (
    KIT_MINIMUM_DEFAULT,
    KIT_MINIMUM_SOURCE,
    EmergencyKitSetting,
    ProductLot,
    StockMovement,
    StockSetting,
    Vial,
    low_stock_threshold,
    packages_of,
)


def usable_lots(*, product: Product, on: dt.date | None = None) -> QuerySet[ProductLot]:
    """The product's lots that can be used on day `on` (today by default), the first to expire first."""
    on = on or timezone.localdate()
    return (
        ProductLot.objects.usable(on)
        .filter(product=product)
        .select_related("product")
        .order_by("expiry", "received_at", "pk")
    )


def usable_vials(*, product: Product, at: dt.datetime | None = None) -> QuerySet[Vial]:
    """The product's opened vials that can be drawn from at `at` (now by default), the first to go off first."""
    at = at or timezone.now()
    return (
        Vial.objects.usable(at)
        .filter(lot__product=product)
        .select_related("lot__product")
        .order_by("beyond_use_at", "opened_at", "pk")
    )


@dataclass
class ProductStock:
    """One product's line on the stock page."""

    product: Product
    lots: list[ProductLot] = field(default_factory=list)  # lots with something left, usable or not
    vials: list[Vial] = field(default_factory=list)  # opened vials still holding units, not discarded
    usable_quantity: Decimal = Decimal(0)  # in the product's unit, in lots usable today
    threshold: Decimal = Decimal(1)  # packages

    @property
    def unit(self) -> str:
        return self.product.dose_unit

    @property
    def usable_packages(self) -> Decimal:
        return packages_of(self.usable_quantity, self.product)

    @property
    def is_low(self) -> bool:
        return self.product.is_active and self.usable_packages < self.threshold

    @property
    def expiring_lots(self) -> list[ProductLot]:
        return [lot for lot in self.lots if getattr(lot, "soon", False)]


def stock_overview(*, on: dt.date | None = None, at: dt.datetime | None = None) -> list[ProductStock]:
    """Every active product (and any retired one still holding stock) with its lots and opened vials: four queries."""
    on = on or timezone.localdate()
    at = at or timezone.now()
    lots = list(ProductLot.objects.filter(quantity_left__gt=0).order_by("expiry", "lot_number", "pk"))
    vials = list(
        Vial.objects.filter(units_left__gt=0, discarded_at__isnull=True)
        .select_related("lot")
        .order_by("beyond_use_at", "opened_at", "pk")
    )
    products = Product.objects.filter(Q(is_active=True) | Q(pk__in={lot.product_id for lot in lots})).order_by(
        "kind", "name"
    )
    settings_by_product = {s.product_id: s for s in StockSetting.objects.all()}
    lines = {
        product.pk: ProductStock(product=product, threshold=low_stock_threshold(settings_by_product.get(product.pk)))
        for product in products
    }
    for lot in lots:
        line = lines[lot.product_id]
        lot.product = line.product  # the product row is already here: no query per lot
        line.lots.append(lot)
        lot.expired, lot.soon = lot.is_expired(on), lot.expires_soon(on)
        if not lot.unusable_reason(on=on):
            line.usable_quantity += lot.quantity_left
    for vial in vials:
        holder = lines.get(vial.lot.product_id)
        if holder is not None:
            vial.lot.product = holder.product
            vial.usable_now = not vial.unusable_reason(at=at)
            holder.vials.append(vial)
    return list(lines.values())


def get_lot(*, user, code) -> ProductLot:
    """The lot with this code for a user who may see stock: 403 for anyone else, 404 for an unknown code."""
    access.require(access.can_view_stock(user=user))
    if code is None:
        raise Http404
    return get_object_or_404(ProductLot.objects.select_related("product", "received_by"), code=code)


def get_vial(*, user, code) -> Vial:
    access.require(access.can_view_stock(user=user))
    if code is None:
        raise Http404
    return get_object_or_404(Vial.objects.select_related("lot__product", "opened_by", "discarded_by"), code=code)


def lot_ledger(*, lot: ProductLot) -> list[StockMovement]:
    """Every change to the lot and to the vials opened from it, newest first (one query)."""
    movements = list(lot.movements.select_related("by", "vial").order_by("-at", "-id"))
    for movement in movements:
        movement.lot = lot
    return movements


def vial_ledger(*, vial: Vial) -> list[StockMovement]:
    movements = list(vial.movements.select_related("by").order_by("-at", "-id"))
    for movement in movements:
        movement.lot, movement.vial = vial.lot, vial
    return movements


def lot_vials(*, lot: ProductLot) -> list[Vial]:
    vials = list(lot.vials.select_related("opened_by").order_by("-opened_at"))
    for vial in vials:
        vial.lot = lot
    return vials


def receivable_products() -> QuerySet[Product]:
    """The products stock can be received for: those in use in the catalog."""
    return Product.objects.active().order_by("kind", "name")


def stock_setting(*, product: Product) -> StockSetting | None:
    return StockSetting.objects.filter(product=product).first()


# --- the emergency kit (hyaluronidase, §4c) ------------------------------------------------------------------------


@dataclass
class KitStatus:
    """What the stock page says about the emergency kit: how much hyaluronidase is usable, against the clinic's
    minimum, and which of its lots expire soon or have expired."""

    minimum: Decimal
    minimum_is_default: bool
    usable_units: Decimal
    has_product: bool
    expiring: list[ProductLot]
    expired: list[ProductLot]
    source: str = KIT_MINIMUM_SOURCE

    @property
    def short(self) -> bool:
        return self.minimum > 0 and self.usable_units < self.minimum

    @property
    def needs_attention(self) -> bool:
        return self.short or bool(self.expiring) or bool(self.expired) or not self.has_product


def kit_minimum() -> tuple[Decimal, bool]:
    """The least hyaluronidase (U) the clinic keeps, and whether it is the default hint (no setting yet)."""
    setting = EmergencyKitSetting.objects.order_by("pk").first()
    if setting is None:
        return KIT_MINIMUM_DEFAULT, True
    return setting.minimum_units, False


def kit_lots(*, on: dt.date | None = None) -> QuerySet[ProductLot]:
    """The hyaluronidase lots usable on day `on`, the first to expire first: what an occlusion round draws from."""
    on = on or timezone.localdate()
    return (
        ProductLot.objects.usable(on)
        .filter(product__kind=ProductKind.ENZYME)
        .select_related("product")
        .order_by("expiry", "received_at", "pk")
    )


def emergency_kit(*, lines: list[ProductStock], on: dt.date | None = None) -> KitStatus:
    """The emergency kit on day `on`, from the stock overview's lines (no query but the clinic's minimum): usable
    hyaluronidase against the minimum, lots expiring within EXPIRY_WARNING_DAYS, and lots that have expired with units
    still on the shelf."""
    on = on or timezone.localdate()
    minimum, is_default = kit_minimum()
    kit = [line for line in lines if line.product.kind == ProductKind.ENZYME]
    lots = [lot for line in kit for lot in line.lots]
    return KitStatus(
        minimum=minimum,
        minimum_is_default=is_default,
        usable_units=sum((line.usable_quantity for line in kit), Decimal(0)),
        has_product=any(line.product.is_active or line.lots for line in kit),
        expiring=[lot for lot in lots if lot.expires_soon(on)],
        expired=[lot for lot in lots if lot.is_expired(on)],
    )
