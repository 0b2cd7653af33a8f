"""Changes to treatment plans: validated, atomic, audited (django-simple-history) and version-checked.

Every write that changes a plan passes the plan version the user saw (`expected_version`). The version is bumped
with `UPDATE ... WHERE version = seen`, so when two practitioners edit the same plan the second, stale edit is
refused with a clear message and the first person's change is kept.

A record's own rules (lengths, ranges, steps, dates, the side an area has) are the model's: every change here is
validated with full_clean() before it is saved (planning.models). The rules here are those between records: the
plan's status and version, the catalog's eligibility, the safety checks. The catalog is read through
catalog.selectors.

Every refusal is a ValidationError keyed by the field it belongs to, or NON_FIELD_ERRORS (a stale version is a
StalePlanError, a ValidationError too): views put it next to the field with clinic.formtools.add_service_errors, or
in a message, never a 500.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeGuard

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from catalog.models import (
    CombinationTemplate,
    DoseUnit,
    FacialArea,
    Product,
    Side,
    TemplateItemPoint,
    Treatment,
    TreatmentArea,
)
from catalog.rules import Target, applicable_range, fired_rules, implausible_dose
from catalog.selectors import (
    concern_area_ids,
    default_dose_for,
    dose_range_for,
    dose_ranges,
    eligible_products,
    is_given_in,
    lists_product,
    offered_treatment,
    points_text,
    template_by_id,
    template_lines,
    template_points,
    treatment_areas,
)
from clinic.formatting import amount, quantity
from patients.models import Consultation, ConsultationStatus
from planning.guards import PLAN_ACCEPT_GUARDS, SESSION_START_GUARDS
from planning.models import (
    EDITABLE_STATUSES,
    MAX_INJECTION_POINTS,
    MAX_RATIONALE,
    PLAN_TRANSITIONS,
    InjectionPoint,
    PerformedItem,
    PerformedPoint,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
    TreatmentSession,
)
from stock import services as stock_services
from stock.models import ProductLot, Vial

STALE_MESSAGE = (
    "Someone else changed this plan while you were editing it, so your change was not saved. "
    "Their change is kept: reload the plan to see it, then make your change again."
)


class StalePlanError(ValidationError):
    """The plan changed since the user loaded it (optimistic locking): a refusal for the whole form, code "stale"."""

    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__({NON_FIELD_ERRORS: ValidationError(message, code="stale")})


# --- helpers -------------------------------------------------------------------------------------------------


def _refusal(message: str, *, code: str | None = None) -> ValidationError:
    """A refusal of the whole change, for the top of the form (NON_FIELD_ERRORS)."""
    return ValidationError({NON_FIELD_ERRORS: ValidationError(message, code=code)})


def _audit(instance, *, by, reason: str = ""):
    """Tell simple-history who made the change and why (works outside a request too)."""
    instance._history_user = by
    if reason:
        instance._change_reason = reason[:100]


def _claim_version(plan: TreatmentPlan, expected_version, *, require_editable: bool = True) -> None:
    """Bump the plan's version only if it is still the one the user saw; refuse otherwise.

    Must run inside transaction.atomic(): the UPDATE's row lock holds until the caller's writes commit.
    """
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise StalePlanError("The form was missing the plan's version: reload the plan and try again.") from None
    qs = TreatmentPlan.objects.filter(pk=plan.pk, version=expected)
    if require_editable:
        qs = qs.filter(status__in=EDITABLE_STATUSES)
    if qs.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        current = TreatmentPlan.objects.filter(pk=plan.pk).values("version", "status").first()
        if current and current["version"] == expected and require_editable:
            raise _refusal(_not_editable_message(current["status"]), code="not_editable")
        raise StalePlanError()
    plan.version = expected + 1


def _not_editable_message(status: str) -> str:
    label = PlanStatus(status).label.lower()
    return f"This plan is {label}: only draft plans can be changed. Move it back to draft first, if allowed."


def _ensure_editable(plan: TreatmentPlan) -> None:
    if plan.status not in EDITABLE_STATUSES:
        raise _refusal(_not_editable_message(plan.status), code="not_editable")


def _decimal_or_none(value) -> Decimal | None:
    try:
        return Decimal(str(_typed(value)))
    except (ArithmeticError, ValueError):
        return None


def _typed(dose):
    """A dose typed with a decimal comma ("1,5") reads as 1.5; anything else goes to the model's field as given."""
    return dose.strip().replace(",", ".") if isinstance(dose, str) else dose


def validate_item_choice(*, treatment: Treatment, area: FacialArea, product: Product) -> None:
    """The area belongs to the treatment, the product is eligible for it, and all three are in use. A refusal always
    says why (retired, not given there, the wrong kind of product, a label restriction, or not listed)."""
    errors = {}
    if not treatment.is_active:
        errors["treatment"] = f"{treatment.name} is retired from the catalog and cannot be planned."
    if not area.is_active:
        errors["area"] = f"{area.name} is retired from the catalog and cannot be planned."
    elif not is_given_in(treatment, area):
        errors["area"] = f"{treatment.name} is not given in the {area.name.lower()} area."
    if not product.is_active:
        errors["product"] = f"{product.name} is retired from the catalog and cannot be planned."
    elif product.kind != treatment.modality:
        errors["product"] = (
            f"{product.name} is not an eligible product for {treatment.name}: it is a "
            f"{product.get_kind_display().lower()}, and this is a {treatment.get_modality_display().lower()} treatment."
        )
    elif not lists_product(treatment, product):
        restriction = _label_restriction(product=product, area=area, treatment=treatment)
        why = (
            f": {restriction}"
            if restriction
            else (": the catalog does not list it for this treatment (a catalog admin can add it if its label allows)")
        )
        errors["product"] = f"{product.name} is not an eligible product for {treatment.name}{why}."
    if errors:
        raise ValidationError(errors)


def _label_restriction(*, product: Product, area: FacialArea, treatment: Treatment) -> str:
    """The reason of a rule that always applies (a label restriction) to this product here, or ""."""
    from planning.check_data import catalog_rules

    target = _target(product, treatment, area)
    fired = [f for f in fired_rules(catalog_rules(), screening=(), target=target) if f.contraindicated]
    return "; ".join(fired[0].reasons) if fired else ""


def check_plausible_dose(*, dose: Decimal, treatment: Treatment, area: FacialArea, product: Product, side: str):
    """Refuse, at the dose field, a dose that is orders of magnitude off (a typing error, not a clinical limit)."""
    message = implausible_dose(
        dose,
        unit=product.dose_unit,
        dose_range=dose_range_for(treatment, area, product),
        bilateral=area.bilateral,
        side=side,
        session_max=product.max_units_per_session,
    )
    if message:
        raise ValidationError({"dose": message})


def _new_item(
    *,
    plan: TreatmentPlan,
    by,
    treatment: Treatment,
    area: FacialArea,
    product: Product,
    dose,
    side: str,
    session_number,
    injection_points=None,
    rationale: str = "",
    template: CombinationTemplate | None = None,
    reason: str = "",
) -> PlanItem:
    validate_item_choice(treatment=treatment, area=area, product=product)
    item = PlanItem(
        plan=plan,
        treatment=treatment,
        area=area,
        product=product,
        dose=_typed(dose),
        dose_unit=product.dose_unit,
        side=side,
        session_number=session_number,
        injection_points=injection_points,
        rationale=(rationale or "").strip(),
        template=template,
        # The price snapshot: a later catalog price change never alters this item.
        unit_price=product.price_per_unit,
        price_is_example=product.price_is_example,
    )
    item.full_clean(exclude=["price"])  # PlanItem.clean() works the price out from the validated dose
    check_plausible_dose(dose=item.dose, treatment=treatment, area=area, product=product, side=item.side)
    item.order = (plan.items.aggregate(m=Max("order"))["m"] or 0) + 1
    _audit(item, by=by, reason=reason or f"Added {treatment.name} · {area.name}")
    item.save()
    return item


# --- plans ---------------------------------------------------------------------------------------------------


def next_plan_title(consultation: Consultation) -> str:
    return TreatmentPlan.next_title(consultation.pk)


def plan_create(
    *,
    consultation: Consultation,
    by,
    title: str,
    planned_for: dt.date | None = None,
    session_gap_days: int = 14,
    notes: str = "",
) -> TreatmentPlan:
    if consultation.status == ConsultationStatus.CANCELLED:
        raise _refusal("This consultation was cancelled: plans can only be made from a held consultation.")
    if consultation.patient.is_archived:
        raise _refusal("This patient's record is archived: restore it before planning.")
    title = (title or "").strip()
    plan = TreatmentPlan(
        consultation=consultation,
        patient=consultation.patient,
        practitioner=by,
        title=title,
        planned_for=planned_for,
        session_gap_days=session_gap_days,
        notes=(notes or "").strip(),
        status=PlanStatus.DRAFT,
        status_changed_at=timezone.now(),
        status_changed_by=by,
    )
    plan.full_clean()
    _audit(plan, by=by, reason="Plan created")
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # a second click or a colleague took the title a moment ago
        raise ValidationError({"title": f"This consultation already has “{title}”."}) from None
    return plan


def plan_update_details(
    *,
    plan: TreatmentPlan,
    by,
    expected_version,
    title: str,
    planned_for: dt.date | None,
    session_gap_days: int,
    notes: str = "",
    patient_notes: str = "",
) -> TreatmentPlan:
    plan.title = (title or "").strip()
    plan.planned_for = planned_for
    plan.session_gap_days = session_gap_days
    plan.notes = (notes or "").strip()
    plan.patient_notes = (patient_notes or "").strip()
    try:
        plan.full_clean()
        with transaction.atomic():
            _claim_version(plan, expected_version, require_editable=False)
            _audit(plan, by=by, reason="Plan details changed")
            plan.save()
    except ValidationError:
        plan.refresh_from_db()  # a refused change leaves the plan as it is saved
        raise
    return plan


def plan_add_item(
    *,
    plan: TreatmentPlan,
    by,
    treatment: Treatment,
    area: FacialArea,
    product: Product,
    dose,
    side: str,
    session_number: int = 1,
    injection_points: int | None = None,
    rationale: str = "",
    template: CombinationTemplate | None = None,
    expected_version,
) -> PlanItem:
    _ensure_editable(plan)
    try:
        with transaction.atomic():
            _claim_version(plan, expected_version)
            return _new_item(
                plan=plan,
                by=by,
                treatment=treatment,
                area=area,
                product=product,
                dose=dose,
                side=side,
                session_number=session_number,
                injection_points=injection_points,
                rationale=rationale,
                template=template,
            )
    except ValidationError:
        plan.refresh_from_db(fields=["version"])  # the refused change took no version
        raise


def plan_update_item(
    *,
    item: PlanItem,
    by,
    expected_version,
    dose,
    side: str,
    session_number: int,
    injection_points: int | None = None,
    rationale: str = "",
    product: Product | None = None,
) -> PlanItem:
    plan = item.plan
    _ensure_editable(plan)
    new_product = product or item.product
    if new_product.pk != item.product_id:
        validate_item_choice(treatment=item.treatment, area=item.area, product=new_product)
    old_product, old_dose, old_side, old_session = item.product, item.dose, item.side, item.session_number
    old_side_label = item.get_side_display().lower()
    if new_product.pk != item.product_id:
        item.product = new_product
        # A different product is a new choice: it takes that product's current price. Otherwise the unit price of
        # the snapshot stays and only the quantity changes (PlanItem.clean() works the price out).
        item.unit_price = new_product.price_per_unit
        item.price_is_example = new_product.price_is_example
    item.dose = _typed(dose)
    item.side = side
    item.session_number = session_number
    item.injection_points = injection_points
    item.rationale = (rationale or "").strip()
    try:
        item.full_clean()
        check_plausible_dose(
            dose=item.dose, treatment=item.treatment, area=item.area, product=new_product, side=item.side
        )
        changes = []
        if new_product.pk != old_product.pk:
            changes.append(f"product {old_product.name} → {new_product.name}")
        if item.dose != old_dose:
            changes.append(f"dose {quantity(old_dose)} → {amount(item.dose, item.dose_unit)}")
        if item.side != old_side:
            changes.append(f"side {old_side_label} → {Side(item.side).label.lower()}")
        if item.session_number != old_session:
            changes.append(f"session {old_session} → {item.session_number}")
        with transaction.atomic():
            _claim_version(plan, expected_version)
            _audit(item, by=by, reason=("Changed " + ", ".join(changes)) if changes else "Item details changed")
            item.save()
    except ValidationError:
        item.refresh_from_db()  # a refused change leaves the item as it is saved
        raise
    return item


def plan_remove_item(*, item: PlanItem, by, expected_version) -> None:
    plan = item.plan
    _ensure_editable(plan)
    with transaction.atomic():
        _claim_version(plan, expected_version)
        _audit(item, by=by, reason=f"Removed {item.treatment.name} · {item.area.name}")
        item.delete()


# --- injection points ----------------------------------------------------------------------------------------


def _point_text(point: InjectionPoint) -> str:
    """ "4 U at front 45 %, 28 %" for the history."""
    return f"{amount(point.dose, point.item.dose_unit)} at {point.view} {quantity(point.x)} %, {quantity(point.y)} %"


def _fill_point(
    point: InjectionPoint, *, view, x, y, dose, depth, technique, instrument, gauge, note
) -> InjectionPoint:
    point.view = view
    point.x, point.y, point.dose = _typed(x), _typed(y), _typed(dose)
    point.depth, point.technique, point.instrument = depth or "", technique or "", instrument or ""
    point.gauge = None if gauge in ("", None) else gauge
    point.note = (note or "").strip()
    return point


def point_add(
    *,
    item: PlanItem,
    by,
    expected_version,
    view: str,
    x,
    y,
    dose,
    depth: str = "",
    technique: str = "",
    instrument: str = "",
    gauge: int | None = None,
    note: str = "",
) -> InjectionPoint:
    """Add an injection point to a draft plan's item: where on the face chart (`view` and x/y in percent of that
    diagram), the dose in the item's unit, and how (depth, technique, instrument and gauge, a note)."""
    plan = item.plan
    _ensure_editable(plan)
    point = _fill_point(
        InjectionPoint(item=item),
        view=view,
        x=x,
        y=y,
        dose=dose,
        depth=depth,
        technique=technique,
        instrument=instrument,
        gauge=gauge,
        note=note,
    )
    point.full_clean(exclude=["order"])
    try:
        with transaction.atomic():
            _claim_version(plan, expected_version)  # its row lock keeps two adds from taking one order
            existing = item.points.aggregate(count=Count("id"), last=Max("order"))
            if existing["count"] >= MAX_INJECTION_POINTS:
                raise _refusal(f"An item has at most {MAX_INJECTION_POINTS} injection points.", code="too_many")
            point.order = (existing["last"] or 0) + 1
            _audit(
                point, by=by, reason=f"Point added to {item.treatment.name} · {item.area.name}: {_point_text(point)}"
            )
            point.save()
    except ValidationError:
        plan.refresh_from_db(fields=["version"])  # the refused change took no version
        raise
    return point


def point_update(
    *,
    point: InjectionPoint,
    by,
    expected_version,
    view: str,
    x,
    y,
    dose,
    depth: str = "",
    technique: str = "",
    instrument: str = "",
    gauge: int | None = None,
    note: str = "",
) -> InjectionPoint:
    """Change a point of a draft plan's item: every value is replaced by the one given (as plan_update_item)."""
    item = point.item
    plan = item.plan
    _ensure_editable(plan)
    before = _point_text(point)
    _fill_point(
        point,
        view=view,
        x=x,
        y=y,
        dose=dose,
        depth=depth,
        technique=technique,
        instrument=instrument,
        gauge=gauge,
        note=note,
    )
    try:
        point.full_clean()
        with transaction.atomic():
            _claim_version(plan, expected_version)
            after = _point_text(point)
            reason = f"Point changed: {before} → {after}" if after != before else "Point details changed"
            _audit(point, by=by, reason=reason)
            point.save()
    except ValidationError:
        point.refresh_from_db()  # a refused change leaves the point as it is saved
        plan.refresh_from_db(fields=["version"])
        raise
    return point


def point_remove(*, point: InjectionPoint, by, expected_version) -> None:
    item = point.item
    plan = item.plan
    _ensure_editable(plan)
    with transaction.atomic():
        _claim_version(plan, expected_version)
        _audit(
            point, by=by, reason=f"Point removed from {item.treatment.name} · {item.area.name}: {_point_text(point)}"
        )
        point.delete()


def _copy_points(item: PlanItem, pattern: list[TemplateItemPoint], *, by, template: CombinationTemplate):
    """The template item's standard points, copied onto the plan item it became (validated as any point is)."""
    copied = []
    for order, source in enumerate(pattern, start=1):
        point = InjectionPoint(
            item=item,
            view=source.view,
            x=source.x,
            y=source.y,
            dose=source.dose,
            depth=source.depth,
            technique=source.technique,
            instrument=source.instrument,
            gauge=source.gauge,
            note=source.label,
            order=order,
        )
        point.full_clean()
        _audit(point, by=by, reason=f"Point from template {template.name}")
        point.save()
        copied.append(point)
    return copied


@dataclass(frozen=True)
class ProductChoice:
    product: Product | None
    swapped_from: Product | None = None  # the product the template or catalog would have used
    why: str = ""  # why it was swapped, or why even the chosen one is ruled out


def _target(product: Product, treatment: Treatment, area: FacialArea) -> Target:
    return Target(
        kind=product.kind,
        substance=product.substance,
        product_id=product.pk,
        product_name=product.name,
        contains_lidocaine=product.contains_lidocaine,
        treatment_id=treatment.pk,
        area_id=area.pk,
        area_slug=area.slug,
    )


def pick_product(
    *,
    treatment: Treatment,
    area: FacialArea,
    preferred: Product | None,
    eligible: list[Product],
    ranges: list[TreatmentArea],
    screening=(),
    rules=(),
) -> ProductChoice:
    """The product a template line or a suggestion uses (plain data in, no queries): the preferred one if it is
    active, eligible and allowed by the screening; else the first eligible product with a range here that the
    screening allows, saying which product it replaces and why. With no allowed product, the first candidate
    (the checks will then say stop)."""
    eligible_ids = {p.pk for p in eligible if p.is_active}
    units = {r.unit for r in ranges}
    candidates: list[Product] = []
    if preferred is not None and preferred.is_active and preferred.pk in eligible_ids:
        candidates.append(preferred)
    # A range with a product_id has its product; django-stubs types a nullable foreign key as Product | None.
    candidates += [r.product for r in ranges if r.product_id and r.product_id in eligible_ids]  # type: ignore[misc]
    candidates += sorted(
        (p for p in eligible if p.is_active and (not units or p.dose_unit in units)), key=lambda p: p.name
    )
    candidates = list({p.pk: p for p in candidates}.values())
    if not candidates:
        return ProductChoice(None)
    first = candidates[0]
    screening = frozenset(screening)
    if not screening and not rules:
        return ProductChoice(first)

    def ruled_out(product: Product) -> str:
        target = _target(product, treatment, area)
        fired = [f for f in fired_rules(rules, screening=screening, target=target) if f.contraindicated]
        if not fired:
            return ""
        if not fired[0].slug:
            return f"label restriction — {fired[0].reasons[0]}"
        return f"{fired[0].name} recorded — {fired[0].reasons[0]}"

    why = ruled_out(first)
    if not why:
        return ProductChoice(first)
    for product in candidates[1:]:
        if not ruled_out(product) and (
            product.dose_unit != "U"
            or applicable_range(ranges, product_id=product.pk, unit=product.dose_unit, substance=product.substance)
        ):
            return ProductChoice(product, swapped_from=first, why=why)
    return ProductChoice(first, why=why)


def _product_for(
    treatment: Treatment, area: FacialArea, preferred: Product | None, *, screening=(), rules=()
) -> ProductChoice:
    """pick_product with the catalog read from the database."""
    ranges = dose_ranges(treatment, area)
    return pick_product(
        treatment=treatment,
        area=area,
        preferred=preferred,
        eligible=eligible_products(treatment),
        ranges=ranges,
        screening=screening,
        rules=rules,
    )


def _units_differ(template_product: Product | None, product: Product) -> TypeGuard[Product]:
    """True when a template line's toxin dose cannot be carried over to `product` (another toxin substance)."""
    return (
        template_product is not None
        and template_product.pk != product.pk
        and template_product.dose_unit == DoseUnit.UNITS
        and template_product.substance != product.substance
    )


@dataclass
class ApplyResult:
    added: list[PlanItem]
    skipped: list[str]
    swapped: list[str] = field(default_factory=list)  # "Voluma → Sculptra (lidocaine allergy — ...)"
    points: dict[int, list[InjectionPoint]] = field(default_factory=dict)  # the points copied, by plan item id


def plan_apply_template(*, plan: TreatmentPlan, template: CombinationTemplate, by, expected_version) -> ApplyResult:
    """Add every item of a combination template (all adjustable afterwards), with its standard injection points.

    Template lines whose treatment or product was retired are skipped and named, rather than blocking the rest. A
    line's points are copied onto its plan item, except when the item takes another toxin brand (the points' doses
    are in the template brand's units, which are not interchangeable: §2c).
    """
    _ensure_editable(plan)
    if not template.is_active:
        raise _refusal(f"The template “{template.name}” is retired and cannot be applied.")
    lines = template_lines(template)
    if not lines:
        raise _refusal(f"The template “{template.name}” has no items yet.")
    added, skipped, swapped = [], [], []
    copied: dict[int, list[InjectionPoint]] = {}
    screening, rules = _screening_and_rules(plan)
    patterns = template_points(lines)
    with transaction.atomic():
        _claim_version(plan, expected_version)
        for line in lines:
            choice = _product_for(line.treatment, line.area, line.product, screening=screening, rules=rules)
            product = choice.product
            if product is None:
                skipped.append(f"{line.treatment.name} · {line.area.name}: no active eligible product")
                continue
            side = line.side if line.area.bilateral else Side.MIDLINE
            dose: Decimal | None
            dose, rationale = line.default_dose, ""
            if choice.swapped_from is not None:
                swapped.append(f"{choice.swapped_from.name} → {product.name} ({choice.why})")
                rationale = f"Swapped from {choice.swapped_from.name} for the screening: {choice.why}."[:MAX_RATIONALE]
            if _units_differ(line.product, product):
                # The template's dose is in its own brand's units: another brand takes its own catalog dose.
                dose = default_dose_for(line.treatment, line.area, product, side)
                if dose is None:
                    skipped.append(
                        f"{line.treatment.name} · {line.area.name}: {line.product.name} is retired and "
                        f"{product.name} has no dose of its own in the catalog (toxin units are not "
                        "interchangeable): add it yourself"
                    )
                    continue
                rationale = (
                    f"The template's {amount(line.default_dose, line.product.dose_unit)} was for "
                    f"{line.product.name}; {product.name}'s own catalog dose is used: units are not interchangeable. "
                    + rationale
                )[:MAX_RATIONALE]
            try:
                with transaction.atomic():
                    item = _new_item(
                        plan=plan,
                        by=by,
                        treatment=line.treatment,
                        area=line.area,
                        product=product,
                        dose=dose,
                        side=side,
                        session_number=line.session_number,
                        rationale=rationale,
                        template=template,
                        reason=f"Added {line.treatment.name} · {line.area.name} from template {template.name}",
                    )
                    added.append(item)
            except ValidationError as exc:
                skipped.append(f"{line.treatment.name} · {line.area.name}: {' '.join(exc.messages)}")
                continue
            pattern = patterns.get(line.pk, [])
            # The pattern's doses are in the template product's units: another brand's units are not the same.
            if pattern and not _units_differ(line.product, product):
                try:
                    with transaction.atomic():
                        copied[item.pk] = _copy_points(item, pattern, by=by, template=template)
                except ValidationError as exc:
                    skipped.append(
                        f"{line.treatment.name} · {line.area.name}: the template's points ({' '.join(exc.messages)})"
                    )
    return ApplyResult(added=added, skipped=skipped, swapped=swapped, points=copied)


def _screening_and_rules(plan: TreatmentPlan):
    from planning.check_data import catalog_rules

    return frozenset(plan.consultation.positive_screening_slugs()), catalog_rules()


class _Preview(Exception):
    """Raised to roll a preview back."""


@dataclass(frozen=True)
class PreviewLine:
    key: str
    session_number: int
    treatment: str
    area: str
    product: str
    dose: Decimal
    unit: str
    side: str
    rationale: str
    points: tuple[Decimal, ...] = ()  # the doses of the template's points it would copy, in the item's unit

    @property
    def points_text(self) -> str:
        """ "5 points of 4 U" (or "6 points, 24 U in all"), or "" when the template has no points for it."""
        return points_text(self.points, self.unit)


@dataclass
class TemplatePreview:
    lines: list[PreviewLine]
    skipped: list[str]
    swapped: list[str]
    findings: list  # planning.checks.Finding, as the plan would have them with the template's items

    @property
    def new_findings(self) -> list:
        keys = {line.key for line in self.lines}
        return [f for f in self.findings if f.item_key in keys]


def plan_preview_template(
    *, plan: TreatmentPlan, template: CombinationTemplate, by, expected_version
) -> TemplatePreview:
    """What applying the template would add and the findings the plan would then have, without changing anything:
    plan_apply_template itself runs inside a transaction that is rolled back, so the preview cannot differ."""
    from planning.check_data import findings_for_plan

    captured: list[TemplatePreview] = []
    try:
        with transaction.atomic():
            result = plan_apply_template(plan=plan, template=template, by=by, expected_version=expected_version)
            lines = [
                PreviewLine(
                    key=str(i.pk),
                    session_number=i.session_number,
                    treatment=i.treatment.name,
                    area=i.area.name,
                    product=i.product.name,
                    dose=i.dose,
                    unit=i.dose_unit,
                    side=i.get_side_display(),
                    rationale=i.rationale,
                    points=tuple(p.dose for p in result.points.get(i.pk, ())),
                )
                for i in result.added
            ]
            findings = findings_for_plan(TreatmentPlan.objects.get(pk=plan.pk))
            captured.append(TemplatePreview(lines, result.skipped, result.swapped, findings))
            raise _Preview
    except _Preview:
        pass
    plan.version = int(expected_version)
    return captured[0]


def plan_apply_suggestion(*, plan: TreatmentPlan, kind: str, suggestion_id: int, by, expected_version) -> ApplyResult:
    """One click on a suggestion: a template adds its items; a treatment adds one item per concerned area."""
    if kind == "template":
        template = template_by_id(suggestion_id)
        if template is None:
            raise _refusal("That suggestion is no longer in the catalog.")
        return plan_apply_template(plan=plan, template=template, by=by, expected_version=expected_version)
    if kind != "treatment":
        raise _refusal("Unknown kind of suggestion.")
    _ensure_editable(plan)
    treatment = offered_treatment(suggestion_id)
    if treatment is None:
        raise _refusal("That treatment is no longer offered.")
    # The areas of the patient's concerns where the treatment is given; else the first area it is given in.
    concern_areas = concern_area_ids(plan.consultation.concerns.all())
    given = treatment_areas(treatment)
    areas = [area for area in given if not concern_areas or area.pk in concern_areas] or given[:1]
    if not areas:
        raise _refusal(f"{treatment.name} has no areas in the catalog yet.")
    added, skipped, swapped = [], [], []
    screening, rules = _screening_and_rules(plan)
    with transaction.atomic():
        _claim_version(plan, expected_version)
        for area in areas:
            choice = _product_for(treatment, area, None, screening=screening, rules=rules)
            product = choice.product
            if choice.swapped_from is not None and product is not None:
                swapped.append(f"{choice.swapped_from.name} → {product.name} ({choice.why})")
            dose = default_dose_for(treatment, area, product, Side.BOTH) if product else None
            if product is None or dose is None:
                skipped.append(f"{treatment.name} · {area.name}: no active eligible product with a dose range")
                continue
            added.append(
                _new_item(
                    plan=plan,
                    by=by,
                    treatment=treatment,
                    area=area,
                    product=product,
                    dose=dose,
                    side=Side.BOTH if area.bilateral else Side.MIDLINE,
                    session_number=1,
                    rationale="Suggested for the patient's concerns",
                    reason=f"Added {treatment.name} · {area.name} from a suggestion",
                )
            )
    return ApplyResult(added=added, skipped=skipped, swapped=swapped)


def plan_set_status(*, plan: TreatmentPlan, to: str, by, override_reason: str = "", expected_version) -> TreatmentPlan:
    """Move a plan along PLAN_TRANSITIONS, recording who and when.

    Proposing needs at least one item, and a written override reason when a safety check says stop.
    """
    if to not in PlanStatus.values:
        raise ValidationError({"to": "Unknown status."})
    allowed = PLAN_TRANSITIONS.get(plan.status, set())
    if to not in allowed:
        raise ValidationError(
            {"to": f"A {plan.get_status_display().lower()} plan cannot become {PlanStatus(to).label.lower()}."}
        )
    override_reason = (override_reason or "").strip()
    if to == PlanStatus.PROPOSED:
        if not plan.items.exists():
            raise ValidationError({"to": "Add at least one item before proposing the plan."})
        from planning.check_data import findings_for_plan
        from planning.checks import STOP

        stops = [f for f in findings_for_plan(plan) if f.severity == STOP]
        if stops and not override_reason:
            raise ValidationError(
                {
                    "override_reason": (
                        f"{len(stops)} safety check{'s' if len(stops) != 1 else ''} say stop. "
                        "Write why this plan is proposed anyway; the reason is kept with the plan."
                    )
                }
            )
        if not stops:
            override_reason = ""
    if to == PlanStatus.ACCEPTED:
        PLAN_ACCEPT_GUARDS.check(plan=plan)  # e.g. consents: the patient signed this version of the plan
    previous = plan.status
    plan.status = to
    if to == PlanStatus.PROPOSED:
        plan.override_reason = override_reason
    plan.status_changed_at = timezone.now()
    plan.status_changed_by = by
    reason = f"Status {PlanStatus(previous).label.lower()} → {PlanStatus(to).label.lower()}"
    try:
        plan.full_clean()
        with transaction.atomic():
            _claim_version(plan, expected_version, require_editable=False)
            with_override = " with override" if to == PlanStatus.PROPOSED and override_reason else ""
            _audit(plan, by=by, reason=reason + with_override)
            plan.save()
    except ValidationError:
        plan.refresh_from_db()  # a refused change leaves the plan as it is saved
        raise
    return plan


# --- sessions performed --------------------------------------------------------------------------------------


def _take_from_stock(done: PerformedItem, *, by, session: TreatmentSession) -> None:
    """Deduct what was given from its vial or lot, in the session's transaction (stock.services locks the row): when
    the stock cannot cover it, the whole record is refused with the reason next to that item's stock field."""
    reference = f"Session {session.session_number} of {session.plan.title} ({session.patient})"
    try:
        if done.vial is not None:
            stock_services.use_from_vial(vial=done.vial, units=done.dose, by=by, reference=reference, used_for=done)
        elif done.stock_lot is not None:
            stock_services.use_from_lot(lot=done.stock_lot, amount=done.dose, by=by, reference=reference, used_for=done)
    except ValidationError as exc:
        raise ValidationError({f"stock_{done.plan_item_id}": exc.messages}) from exc


@dataclass(frozen=True)
class PerformedPointLine:
    """One planned point as it was given; None keeps what the plan says."""

    planned_point: InjectionPoint
    dose: Decimal | None = None
    depth: str | None = None
    technique: str | None = None
    instrument: str | None = None
    gauge: int | None = None


@dataclass(frozen=True)
class PerformedLine:
    plan_item: PlanItem
    lot_number: str
    dose: Decimal | None = None  # None: as planned (with points: their sum)
    lot_expiry: dt.date | None = None
    stock_lot: ProductLot | None = None  # the lot it was taken from (its number and expiry fill the two above)
    vial: Vial | None = None  # or the opened vial (toxins)
    deviation_reason: str = ""  # why the dose, or a point, differs from the plan
    points: tuple[PerformedPointLine, ...] = ()  # the item's planned points as given; the item's dose is their sum


# The session form's fields for one performed item, by the model's field names (others go to the top of the form).
LINE_FIELDS = {
    "lot_number": "lot_{pk}",
    "dose": "dose_{pk}",
    "lot_expiry": "expiry_{pk}",
    "stock_lot": "stock_{pk}",
    "vial": "stock_{pk}",
    "amount": "stock_{pk}",
    "units": "stock_{pk}",
    "lot": "stock_{pk}",
    "deviation_reason": "reason_{pk}",
}
# ... and for one performed point, by the planned point's pk.
POINT_FIELDS = {
    "dose": "pdose_{pk}",
    "depth": "pdepth_{pk}",
    "technique": "ptech_{pk}",
    "instrument": "pinst_{pk}",
    "gauge": "pgauge_{pk}",
}


def _performed_points(line: PerformedLine, done: PerformedItem, errors: dict) -> list[PerformedPoint]:
    """The line's points as given, validated (errors keyed by the point's form fields), with each toxin point's
    volume at the chosen vial's concentration."""
    points = []
    for order, given in enumerate(line.points, start=1):
        planned = given.planned_point
        if planned.item_id != line.plan_item.pk:
            errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError("A point does not belong to its item."))
            continue
        point = PerformedPoint(
            performed_item=done,
            planned_point=planned,
            view=planned.view,
            x=planned.x,
            y=planned.y,
            dose=planned.dose if given.dose is None else _typed(given.dose),
            depth=planned.depth if given.depth is None else given.depth,
            technique=planned.technique if given.technique is None else given.technique,
            instrument=planned.instrument if given.instrument is None else given.instrument,
            gauge=planned.gauge if given.gauge is None else given.gauge,
            note=planned.note,
            order=order,
        )
        try:
            point.full_clean(exclude=["performed_item"])
        except ValidationError as exc:
            for name, point_errors in exc.error_dict.items():
                key = POINT_FIELDS.get(name, LINE_FIELDS["dose"]).format(pk=planned.pk)
                errors.setdefault(key, []).extend(point_errors)
            continue
        if line.vial is not None and done.dose_unit == DoseUnit.UNITS:
            point.volume_ml = line.vial.volume_for(point.dose)
        points.append(point)
    return points


def session_record(
    *,
    plan: TreatmentPlan,
    by,
    session_number: int,
    performed_at: dt.datetime,
    lines: list[PerformedLine],
    review_on: dt.date | None = None,
    notes: str = "",
    expected_version,
) -> TreatmentSession:
    """Record what was actually done in one session, with product lots; an accepted plan moves to in progress.

    The review date defaults to the performed date plus the shortest review interval of the treatments given.
    """
    if plan.status not in (PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS):
        raise _refusal("Only an accepted plan (or one in progress) can have sessions recorded.")
    if any(line.plan_item.plan_id != plan.pk for line in lines):
        raise _refusal("An item does not belong to this plan.")
    # e.g. consents: the patient's consent to each kind of treatment given is signed and in force
    modalities = frozenset(line.plan_item.product.kind for line in lines)
    SESSION_START_GUARDS.check(plan=plan, modalities=modalities)
    session = TreatmentSession(
        plan=plan,
        patient_id=plan.patient_id,
        session_number=session_number,
        performed_at=performed_at,
        performed_by=by,
        review_on=review_on,
        notes=(notes or "").strip(),
    )
    if review_on is None:
        intervals = [i for i in (line.plan_item.treatment.review_interval_days for line in lines) if i]
        session.review_on = session.performed_on + dt.timedelta(days=min(intervals)) if intervals else None
    errors: dict[str, list[ValidationError]] = {}
    try:
        session.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if not lines:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError("Tick at least one item that was done in this session.")
        )
    performed = []
    for line in lines:
        item = line.plan_item
        source_lot = line.vial.lot if line.vial is not None else line.stock_lot
        if source_lot is not None and source_lot.product_id != item.product_id:
            errors.setdefault(f"stock_{item.pk}", []).append(
                ValidationError(f"That stock is not {item.product.name}: choose a lot or vial of it.")
            )
        dose = item.dose if line.dose is None else _typed(line.dose)
        if line.points:  # the item's dose is what its points add up to (a point's unreadable dose is its own error)
            given = [_decimal_or_none(p.planned_point.dose if p.dose is None else p.dose) for p in line.points]
            readable = [d for d in given if d is not None and d.is_finite() and d > 0]
            if len(readable) == len(given):
                dose = sum(readable, Decimal("0"))
            # else a point's own dose is refused at that point, not as the item's differing from the plan
        done = PerformedItem(
            session=session,
            plan_item=item,
            treatment_id=item.treatment_id,
            area_id=item.area_id,
            side=item.side,
            product_id=item.product_id,
            dose=dose,
            dose_unit=item.dose_unit,
            lot_number=(line.lot_number or "").strip() or (source_lot.lot_number if source_lot else ""),
            lot_expiry=line.lot_expiry or (source_lot.expiry if source_lot else None),
            stock_lot=line.stock_lot,
            vial=line.vial,
            deviation_reason=(line.deviation_reason or "").strip(),
        )
        try:
            done.full_clean(exclude=["session"])  # saved with the session, below
            if line.dose is not None:
                check_plausible_dose(
                    dose=done.dose, treatment=item.treatment, area=item.area, product=item.product, side=item.side
                )
        except ValidationError as exc:
            for name, line_errors in exc.error_dict.items():
                errors.setdefault(LINE_FIELDS.get(name, NON_FIELD_ERRORS).format(pk=item.pk), []).extend(line_errors)
        points = _performed_points(line, done, errors)
        if (
            any(p.differs_from_plan() for p in points)
            and not done.deviation_reason
            and f"reason_{item.pk}" not in errors
        ):
            errors.setdefault(f"reason_{item.pk}", []).append(
                ValidationError("A point was given otherwise than planned: say why.")
            )
        performed.append((done, points))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _claim_version(plan, expected_version, require_editable=False)
        _audit(session, by=by, reason=f"Session {session.session_number} recorded")
        session.save()
        for done, points in performed:
            _audit(done, by=by, reason=f"Session {session.session_number}")
            done.save()
            for point in points:
                point.performed_item = done
                _audit(point, by=by, reason=f"Session {session.session_number}")
                point.save()
            _take_from_stock(done, by=by, session=session)
        if plan.status == PlanStatus.ACCEPTED:
            plan.refresh_from_db()
            plan.status = PlanStatus.IN_PROGRESS
            plan.status_changed_at = timezone.now()
            plan.status_changed_by = by
            plan.full_clean()
            _audit(plan, by=by, reason=f"Status accepted → in progress (session {session.session_number} recorded)")
            plan.save()
    return session
