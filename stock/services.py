"""Changes to stock: receiving lots, opening vials, using stock, correcting counts, discarding vials.

Every change locks the row it changes (select_for_update() inside transaction.atomic()), re-reads the quantity under
the lock, refuses what would take more than is left, writes one StockMovement ledger row, and records history (who,
why) with django-simple-history. Inside a caller's transaction (recording a treatment session) the atomic block is a
savepoint: the stock is deducted, or refused, together with the caller's own writes, and the row lock holds until the
caller commits, so two people taking the last units of a lot at once cannot both have them. The database holds the
same rule (quantities never below zero, nor above what was received).

Every refusal is a ValidationError keyed by the argument it is about ("lot", "vial", "amount", "units", "packages",
"diluent_ml", "quantity_left", "reason", ...): views put it next to the field with clinic.formtools.add_service_errors,
and a caller such as the session record maps it to its own fields. Never a 500.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from catalog.models import Product
from clinic.formatting import amount as with_unit
from clinic.formatting import moment
from clinic.formatting import quantity as plain
from stock.models import (
    MAX_PACKAGES,
    EmergencyKitSetting,
    MovementKind,
    ProductLot,
    StockMovement,
    StockSetting,
    Vial,
    beyond_use,
    packages_text,
)

MAX_REFERENCE: int = StockMovement._meta.get_field("reference").max_length or 120
MAX_REASON: int = StockMovement._meta.get_field("reason").max_length or 300


def _audit(instance, *, by, reason: str = "") -> None:
    """Tell simple-history who made the change and why (works outside a request too)."""
    instance._history_user = by
    if reason:
        instance._change_reason = reason[:100]


def _number(value, *, field: str, example: str) -> Decimal:
    """A quantity as typed or passed ("1,5" reads as 1.5), or a refusal at `field`."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        number = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"Enter a number, e.g. {example}."}) from None
    if not number.is_finite():
        raise ValidationError({field: f"Enter a number, e.g. {example}."})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: "Enter at most two decimal places."})
    return number


def _taken(value, *, field: str, unit: str) -> Decimal:
    """An amount to take (above zero), in `unit`."""
    number = _number(value, field=field, example="20 or 0.5")
    if number <= 0:
        raise ValidationError({field: f"Enter how much was taken, above 0 {unit}."})
    return number


def _text(value, *, field: str, limit: int, what: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise ValidationError({field: f"Keep the {what} to {limit} characters."})
    return text


def _packages(value) -> int | None:
    """A whole number of packages from 1 to MAX_PACKAGES ("2" and 2 alike), or None."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.to_integral_value() or not 1 <= number <= MAX_PACKAGES:
        return None
    return int(number)


def _lock_lot(lot: ProductLot) -> ProductLot:
    """The lot re-read under a row lock (only the lot's row: the product row stays free for everyone else)."""
    return ProductLot.objects.select_for_update(of=("self",)).select_related("product").get(pk=lot.pk)


def _lock_vial(vial: Vial) -> Vial:
    return Vial.objects.select_for_update(of=("self",)).select_related("lot__product").get(pk=vial.pk)


def _used_for(instance: models.Model | None) -> dict:
    if instance is None:
        return {}
    if instance.pk is None:
        raise ValidationError({"used_for": "Save the record that uses the stock before linking it."})
    return {"used_for_type": ContentType.objects.get_for_model(instance), "used_for_id": instance.pk}


def _record(movement: StockMovement, *, by) -> StockMovement:
    movement.full_clean()
    _audit(movement, by=by, reason=movement.get_kind_display())
    movement.save()
    return movement


def _duplicate_message(*, product: Product, lot_number: str) -> str | None:
    try:
        ProductLot(product=product, lot_number=lot_number).clean()
    except ValidationError as exc:
        return " ".join(exc.message_dict.get("lot_number", [])) or None
    return None


# --- lots ----------------------------------------------------------------------------------------------------------


def receive_lot(*, product: Product, lot_number: str, expiry: dt.date, packages, by, note: str = "") -> ProductLot:
    """Receive `packages` whole packages of one lot: quantity received = packages × the product's package size.

    Refused, at the field: an expired lot, a lot number already received for this product, a retired product, a
    package count that is not a whole number from 1 to MAX_PACKAGES.
    """
    errors: dict[str, list] = {}
    count = _packages(packages)
    if count is None:
        errors["packages"] = [f"Enter the number of whole packages received, from 1 to {MAX_PACKAGES}."]
    now = timezone.now()
    lot = ProductLot(
        product=product,
        lot_number=" ".join((lot_number or "").split()),
        expiry=expiry,
        note=(note or "").strip(),
        received_at=now,
        received_by=by,
    )
    if count is not None:
        lot.quantity_received = lot.quantity_left = count * product.package_size
    try:
        lot.full_clean(exclude=None if count is not None else ["quantity_received", "quantity_left"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    total = with_unit(lot.quantity_received, lot.unit)
    received = f"Received {packages_text(lot.quantity_received, product)} ({total})"
    try:
        with transaction.atomic():
            _audit(lot, by=by, reason=received)
            lot.save()
            _record(
                StockMovement(
                    lot=lot,
                    kind=MovementKind.RECEIVED,
                    quantity=lot.quantity_received,
                    lot_left_after=lot.quantity_left,
                    by=by,
                    at=now,
                    reason=received,
                ),
                by=by,
            )
    except IntegrityError:
        # A colleague received the same lot a moment ago (the unique constraint): say so at the field.
        message = _duplicate_message(product=product, lot_number=lot.lot_number)
        if message is None:
            raise
        raise ValidationError({"lot_number": message}) from None
    return lot


def use_from_lot(
    *, lot: ProductLot, amount, by, reference: str = "", used_for: models.Model | None = None
) -> StockMovement:
    """Take `amount` (in the product's unit) from a lot: a filler, or a toxin drawn without a vial record.

    `reference` says what used it ("session 3f2a…"); `used_for` optionally links that record itself.
    """
    unit = lot.product.dose_unit
    taken = _taken(amount, field="amount", unit=unit)
    reference = _text(reference, field="reference", limit=MAX_REFERENCE, what="reference")
    link = _used_for(used_for)
    with transaction.atomic():
        locked = _lock_lot(lot)
        problem = locked.unusable_reason(on=timezone.localdate())
        if problem:
            raise ValidationError({"lot": problem})
        if taken > locked.quantity_left:
            raise ValidationError(
                {
                    "amount": f"Only {with_unit(locked.quantity_left, unit)} left in lot {locked.lot_number}; "
                    "choose another lot or vial."
                }
            )
        locked.quantity_left -= taken
        _audit(locked, by=by, reason=f"Used {with_unit(taken, unit)}" + (f" ({reference})" if reference else ""))
        locked.save(update_fields=["quantity_left"])
        movement = _record(
            StockMovement(
                lot=locked,
                kind=MovementKind.USED,
                quantity=-taken,
                lot_left_after=locked.quantity_left,
                by=by,
                reference=reference,
                **link,
            ),
            by=by,
        )
    lot.quantity_left = locked.quantity_left
    return movement


def adjust_lot(*, lot: ProductLot, quantity_left, by, reason: str) -> StockMovement:
    """Correct a lot's count to what is really there (after counting the shelf, a breakage, a write-off)."""
    errors: dict[str, list] = {}
    unit = lot.product.dose_unit
    new = None
    try:
        new = _number(quantity_left, field="quantity_left", example="200 or 2.5")
        if new < 0:
            raise ValidationError({"quantity_left": f"Enter what is left: 0 {unit} or more."})
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
        new = None
    try:
        reason = _text(reason, field="reason", limit=MAX_REASON, what="reason")
        if not reason:
            raise ValidationError(
                {"reason": "Say why the count changes, e.g. “counted on the shelf” or “expired, destroyed”."}
            )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    assert new is not None
    with transaction.atomic():
        locked = _lock_lot(lot)
        if new > locked.quantity_received:
            raise ValidationError(
                {
                    "quantity_left": f"Lot {locked.lot_number} was received with "
                    f"{with_unit(locked.quantity_received, unit)}: it cannot hold more than that."
                }
            )
        if new == locked.quantity_left:
            same = f"Lot {locked.lot_number} has {with_unit(new, unit)} left already: nothing to correct."
            raise ValidationError({"quantity_left": same})
        change = new - locked.quantity_left
        locked.quantity_left = new
        _audit(locked, by=by, reason=f"Count corrected to {with_unit(new, unit)}: {reason}")
        locked.save(update_fields=["quantity_left"])
        movement = _record(
            StockMovement(
                lot=locked,
                kind=MovementKind.ADJUSTED,
                quantity=change,
                lot_left_after=new,
                by=by,
                reason=reason,
            ),
            by=by,
        )
    lot.quantity_left = locked.quantity_left
    return movement


def set_low_stock_threshold(*, product: Product, packages, by) -> StockSetting:
    """The product's own low-stock threshold, in packages (0 never flags it)."""
    threshold = _number(packages, field="low_stock_packages", example="2 or 0.5")
    for attempt in (1, 2):
        setting = StockSetting.objects.filter(product=product).first() or StockSetting(product=product)
        setting.low_stock_packages = threshold
        setting.full_clean(validate_unique=False)
        _audit(setting, by=by, reason=f"Low stock below {plain(threshold)} packages")
        try:
            with transaction.atomic():
                setting.save()
        except IntegrityError:  # a colleague created the product's setting a moment ago: change theirs
            if attempt == 2:
                raise
            continue
        break
    return setting


def set_kit_minimum(*, units, by) -> EmergencyKitSetting:
    """The least hyaluronidase (U) the clinic keeps in its emergency kit (0 never warns). One row, locked."""
    minimum = _number(units, field="minimum_units", example="1500")
    with transaction.atomic():
        setting = EmergencyKitSetting.objects.select_for_update().order_by("pk").first() or EmergencyKitSetting()
        setting.minimum_units = minimum
        setting.full_clean()
        _audit(setting, by=by, reason=f"Emergency kit: keep at least {with_unit(minimum, 'U')}")
        setting.save()
    return setting


# --- vials ---------------------------------------------------------------------------------------------------------


def open_vial(*, lot: ProductLot, by, diluent_ml=None, opened_at: dt.datetime | None = None) -> Vial:
    """Reconstitute one package of a toxin lot: its units move out of the lot into a new vial.

    The diluent defaults to the product's labelled volume (Product.reconstitution_ml); the beyond-use time is the
    label's or the clinic's policy (stock.models.beyond_use), or none on record.
    """
    opened_at = opened_at or timezone.now()
    product = lot.product
    errors: dict[str, list] = {}
    diluent: Decimal | None = None
    if diluent_ml in (None, ""):
        diluent = product.reconstitution_ml
        if diluent is None and product.is_toxin:
            errors["diluent_ml"] = [
                f"The catalog has no labelled diluent volume for {product.name}: enter the saline volume added, in mL."
            ]
    else:
        try:
            diluent = _number(diluent_ml, field="diluent_ml", example="2.5")
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    with transaction.atomic():
        locked = _lock_lot(lot)
        product = locked.product
        package = product.package_size
        problem = ""
        if not product.is_toxin:
            problem = (
                f"{product.name} is a {product.get_kind_display().lower()}: vials are opened for toxins only. "
                "Use it straight from the lot."
            )
        else:
            problem = locked.unusable_reason(on=timezone.localdate(opened_at))
            if not problem and locked.quantity_left < package:
                problem = (
                    f"Only {with_unit(locked.quantity_left, 'U')} left in lot {locked.lot_number}, and a vial takes "
                    f"a whole {with_unit(package, 'U')} package: choose another lot, or correct this lot's count."
                )
        if problem:
            errors.setdefault("lot", []).append(problem)
        when, basis = beyond_use(product=product, opened_at=opened_at)
        vial = Vial(
            lot=locked,
            diluent_ml=diluent,  # type: ignore[misc]  # None only with an error for the field, refused below
            units=package,
            units_left=package,
            opened_at=opened_at,
            opened_by=by,
            beyond_use_at=when,
            beyond_use_basis=basis,
        )
        try:
            vial.full_clean(exclude=["diluent_ml"] if diluent is None or "diluent_ml" in errors else None)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        locked.quantity_left -= package
        _audit(locked, by=by, reason=f"Vial opened ({with_unit(package, 'U')})")
        locked.save(update_fields=["quantity_left"])
        _audit(vial, by=by, reason=f"Opened with {with_unit(diluent, 'mL')} diluent")
        vial.save()
        _record(
            StockMovement(
                lot=locked,
                vial=vial,
                kind=MovementKind.OPENED_VIAL,
                quantity=-package,
                lot_left_after=locked.quantity_left,
                vial_left_after=vial.units_left,
                by=by,
                at=opened_at,
                reason=f"{with_unit(diluent, 'mL')} diluent: {vial.concentration_text}",
            ),
            by=by,
        )
    lot.quantity_left = locked.quantity_left
    return vial


def use_from_vial(*, vial: Vial, units, by, reference: str = "", used_for: models.Model | None = None) -> StockMovement:
    """Draw `units` from an opened vial, before its beyond-use time; the vial serves several patients until then."""
    taken = _taken(units, field="units", unit="U")
    reference = _text(reference, field="reference", limit=MAX_REFERENCE, what="reference")
    link = _used_for(used_for)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_vial(vial)
        problem = locked.unusable_reason(at=now)
        if problem:
            raise ValidationError({"vial": problem})
        if taken > locked.units_left:
            raise ValidationError(
                {
                    "units": f"Only {with_unit(locked.units_left, 'U')} left in {locked.label}; "
                    "choose another lot or vial."
                }
            )
        locked.units_left -= taken
        volume = locked.volume_for(taken)
        _audit(locked, by=by, reason=f"Used {with_unit(taken, 'U')}" + (f" ({reference})" if reference else ""))
        locked.save(update_fields=["units_left"])
        movement = _record(
            StockMovement(
                lot=locked.lot,
                vial=locked,
                kind=MovementKind.USED,
                quantity=-taken,
                vial_left_after=locked.units_left,
                by=by,
                at=now,
                reason=f"{with_unit(volume, 'mL')} at {locked.concentration_text}",
                reference=reference,
                **link,
            ),
            by=by,
        )
    vial.units_left = locked.units_left
    return movement


def discard_vial(*, vial: Vial, by, reason: str = "") -> StockMovement:
    """Throw away what is left in a vial (past its beyond-use time, or contaminated); it can no longer be used."""
    reason = _text(reason, field="reason", limit=MAX_REASON, what="reason")
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_vial(vial)
        if locked.discarded_at is not None:
            raise ValidationError({"vial": f"This vial was already discarded on {moment(locked.discarded_at)}."})
        if locked.units_left <= 0:
            raise ValidationError({"vial": "This vial is empty: there is nothing left to discard."})
        left = locked.units_left
        if not reason:
            reason = "Past its beyond-use time" if locked.is_past_beyond_use(now) else "Discarded"
        locked.units_left = Decimal(0)
        locked.discarded_at = now
        locked.discarded_by = by
        _audit(locked, by=by, reason=f"Discarded {with_unit(left, 'U')}: {reason}")
        locked.save(update_fields=["units_left", "discarded_at", "discarded_by"])
        movement = _record(
            StockMovement(
                lot=locked.lot,
                vial=locked,
                kind=MovementKind.DISCARDED,
                quantity=-left,
                vial_left_after=Decimal(0),
                by=by,
                at=now,
                reason=reason,
            ),
            by=by,
        )
    vial.units_left, vial.discarded_at, vial.discarded_by = locked.units_left, locked.discarded_at, by
    return movement
