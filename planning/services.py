"""Changes to treatment plans: validated, atomic, audited (django-simple-history) and version-checked.

Every write that changes a plan passes the plan version the user saw (`expected_version`). The version is bumped
with `UPDATE ... WHERE version = seen`, so when two practitioners edit the same plan the second, stale edit is
refused with a clear message and the first person's change is kept.

Errors are django ValidationErrors (StalePlanError for a version conflict): views turn them into messages next to
the field, never a 500.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeGuard

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from catalog.models import CombinationTemplate, DoseUnit, FacialArea, Product, Side, Treatment, TreatmentArea
from catalog.rules import Target, applicable_range, fired_rules, implausible_dose
from patients.models import Consultation, ConsultationStatus
from planning.models import (
    EDITABLE_STATUSES,
    PLAN_TRANSITIONS,
    PerformedItem,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
    TreatmentSession,
)

MAX_SESSIONS = 6
MAX_DOSE = Decimal("99999")  # what the database column holds; a sanity bound for typing errors, not a clinical limit
DOSE_STEP: dict[str, Decimal] = {DoseUnit.UNITS: Decimal("1"), DoseUnit.ML: Decimal("0.1")}

STALE_MESSAGE = (
    "Someone else changed this plan while you were editing it, so your change was not saved. "
    "Their change is kept: reload the plan to see it, then make your change again."
)


class StalePlanError(ValidationError):
    """The plan changed since the user loaded it (optimistic locking)."""

    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message, code="stale")


# --- helpers -------------------------------------------------------------------------------------------------


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
            raise ValidationError(_not_editable_message(current["status"]), code="not_editable")
        raise StalePlanError()
    plan.version = expected + 1


def _not_editable_message(status: str) -> str:
    label = PlanStatus(status).label.lower()
    return f"This plan is {label}: only draft plans can be changed. Move it back to draft first, if allowed."


def _ensure_editable(plan: TreatmentPlan) -> None:
    if plan.status not in EDITABLE_STATUSES:
        raise ValidationError(_not_editable_message(plan.status), code="not_editable")


def parse_dose(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"dose": "Enter the dose as a number, e.g. 4 or 1.0."}) from None


def validate_dose(dose, unit: str) -> Decimal:
    dose = parse_dose(dose)
    if not dose.is_finite() or dose <= 0:
        raise ValidationError({"dose": "Enter a dose above zero."})
    if dose > MAX_DOSE:
        raise ValidationError({"dose": f"{dose} {unit} cannot be right: enter a dose below {MAX_DOSE:,} {unit}."})
    step = DOSE_STEP.get(unit, Decimal("0.1"))
    if dose % step != 0:
        what = "whole units (1 U steps)" if unit == DoseUnit.UNITS else "steps of 0.1 mL"
        raise ValidationError({"dose": f"{unit} doses are planned in {what}: {dose.normalize():f} {unit} is not."})
    return dose.quantize(Decimal("0.01"))


def _validate_side(side: str, area: FacialArea) -> str:
    if side not in Side.values:
        raise ValidationError({"side": "Choose left, right, both sides or midline."})
    if not area.bilateral:
        # A midline area (chin, glabella) has no left or right: store it as midline whatever was picked.
        return Side.MIDLINE
    if side == Side.MIDLINE:
        raise ValidationError({"side": f"{area.name} is a paired area: choose left, right or both sides."})
    return side


def _validate_session_number(session_number) -> int:
    try:
        number = int(session_number)
    except (TypeError, ValueError):
        raise ValidationError({"session_number": "Enter the session number, e.g. 1 or 2."}) from None
    if not 1 <= number <= MAX_SESSIONS:
        raise ValidationError({"session_number": f"Choose a session from 1 to {MAX_SESSIONS}."})
    return number


def _validate_points(injection_points) -> int | None:
    if injection_points in (None, ""):
        return None
    try:
        points = int(injection_points)
    except (TypeError, ValueError):
        raise ValidationError({"injection_points": "Enter a whole number of injection points."}) from None
    if not 1 <= points <= 200:
        raise ValidationError({"injection_points": "Enter between 1 and 200 injection points, or leave it empty."})
    return points


def validate_item_choice(*, treatment: Treatment, area: FacialArea, product: Product) -> None:
    """The area belongs to the treatment, the product is eligible for it, and all three are in use. A refusal always
    says why (retired, not given there, the wrong kind of product, a label restriction, or not listed)."""
    errors = {}
    if not treatment.is_active:
        errors["treatment"] = f"{treatment.name} is retired from the catalog and cannot be planned."
    if not area.is_active:
        errors["area"] = f"{area.name} is retired from the catalog and cannot be planned."
    elif not TreatmentArea.objects.filter(treatment=treatment, area=area).exists():
        errors["area"] = f"{treatment.name} is not given in the {area.name.lower()} area."
    if not product.is_active:
        errors["product"] = f"{product.name} is retired from the catalog and cannot be planned."
    elif product.kind != treatment.modality:
        errors["product"] = (
            f"{product.name} is not an eligible product for {treatment.name}: it is a "
            f"{product.get_kind_display().lower()}, and this is a {treatment.get_modality_display().lower()} treatment."
        )
    elif not treatment.products.filter(pk=product.pk).exists():
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
    dose = validate_dose(dose, product.dose_unit)
    side = _validate_side(side, area)
    check_plausible_dose(dose=dose, treatment=treatment, area=area, product=product, side=side)
    session_number = _validate_session_number(session_number)
    points = _validate_points(injection_points)
    rationale = (rationale or "").strip()
    if len(rationale) > 300:
        raise ValidationError({"rationale": "Keep the rationale under 300 characters."})
    order = (plan.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = PlanItem(
        plan=plan,
        treatment=treatment,
        area=area,
        product=product,
        dose=dose,
        dose_unit=product.dose_unit,
        side=side,
        session_number=session_number,
        injection_points=points,
        rationale=rationale,
        template=template,
        order=order,
        # The price snapshot: a later catalog price change never alters this item.
        unit_price=product.price_per_unit,
        price=PlanItem.price_for(dose, product.price_per_unit),
        price_is_example=product.price_is_example,
    )
    _audit(item, by=by, reason=reason or f"Added {treatment.name} · {area.name}")
    item.save()
    return item


# --- plans ---------------------------------------------------------------------------------------------------


def next_plan_title(consultation: Consultation) -> str:
    taken = set(TreatmentPlan.objects.filter(consultation=consultation).values_list("title", flat=True))
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if f"Plan {letter}" not in taken:
            return f"Plan {letter}"
    return f"Plan {len(taken) + 1}"


def plan_create(
    *,
    consultation: Consultation,
    by,
    title: str,
    planned_for: dt.date | None = None,
    session_gap_days: int = 14,
    notes: str = "",
) -> TreatmentPlan:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Give the plan a title, e.g. Plan A."})
    if len(title) > 120:
        raise ValidationError({"title": "Keep the title under 120 characters."})
    if consultation.status == ConsultationStatus.CANCELLED:
        raise ValidationError("This consultation was cancelled: plans can only be made from a held consultation.")
    if consultation.patient.is_archived:
        raise ValidationError("This patient's record is archived: restore it before planning.")
    if planned_for and planned_for < timezone.localdate() - dt.timedelta(days=365):
        raise ValidationError({"planned_for": "The first session date is more than a year ago."})
    if not 1 <= int(session_gap_days) <= 365:
        raise ValidationError({"session_gap_days": "Enter between 1 and 365 days between sessions."})
    if TreatmentPlan.objects.filter(consultation=consultation, title=title).exists():
        suggestion = next_plan_title(consultation)
        raise ValidationError(
            {"title": f"This consultation already has “{title}”. Name the alternative, e.g. {suggestion}."}
        )
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
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Give the plan a title, e.g. Plan A."})
    if not 1 <= int(session_gap_days) <= 365:
        raise ValidationError({"session_gap_days": "Enter between 1 and 365 days between sessions."})
    if TreatmentPlan.objects.filter(consultation_id=plan.consultation_id, title=title).exclude(pk=plan.pk).exists():
        raise ValidationError({"title": f"This consultation already has “{title}”."})
    with transaction.atomic():
        _claim_version(plan, expected_version, require_editable=False)
        plan.refresh_from_db()
        plan.title = title
        plan.planned_for = planned_for
        plan.session_gap_days = session_gap_days
        plan.notes = (notes or "").strip()
        plan.patient_notes = (patient_notes or "").strip()
        _audit(plan, by=by, reason="Plan details changed")
        plan.save()
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
    dose = validate_dose(dose, new_product.dose_unit)
    side = _validate_side(side, item.area)
    check_plausible_dose(dose=dose, treatment=item.treatment, area=item.area, product=new_product, side=side)
    session_number = _validate_session_number(session_number)
    points = _validate_points(injection_points)
    rationale = (rationale or "").strip()
    if len(rationale) > 300:
        raise ValidationError({"rationale": "Keep the rationale under 300 characters."})
    with transaction.atomic():
        _claim_version(plan, expected_version)
        changes = []
        if new_product.pk != item.product_id:
            changes.append(f"product {item.product.name} → {new_product.name}")
            item.product = new_product
            item.dose_unit = new_product.dose_unit
            # A different product is a new choice: it takes that product's current price.
            item.unit_price = new_product.price_per_unit
            item.price_is_example = new_product.price_is_example
        if dose != item.dose:
            changes.append(f"dose {item.dose.normalize():f} → {dose.normalize():f} {item.dose_unit}")
        if side != item.side:
            changes.append(f"side {item.get_side_display().lower()} → {Side(side).label.lower()}")
        if session_number != item.session_number:
            changes.append(f"session {item.session_number} → {session_number}")
        item.dose = dose
        item.side = side
        item.session_number = session_number
        item.injection_points = points
        item.rationale = rationale
        # Keep the unit price of the snapshot; only the quantity changed.
        item.price = PlanItem.price_for(dose, item.unit_price)
        _audit(item, by=by, reason=("Changed " + ", ".join(changes)) if changes else "Item details changed")
        item.save()
    return item


def plan_remove_item(*, item: PlanItem, by, expected_version) -> None:
    plan = item.plan
    _ensure_editable(plan)
    with transaction.atomic():
        _claim_version(plan, expected_version)
        _audit(item, by=by, reason=f"Removed {item.treatment.name} · {item.area.name}")
        item.delete()


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
    ranges = list(TreatmentArea.objects.filter(treatment=treatment, area=area).select_related("product"))
    eligible = list(treatment.products.filter(is_active=True).order_by("name"))
    return pick_product(
        treatment=treatment,
        area=area,
        preferred=preferred,
        eligible=eligible,
        ranges=ranges,
        screening=screening,
        rules=rules,
    )


def dose_range_for(treatment: Treatment, area: FacialArea, product: Product) -> TreatmentArea | None:
    """The catalog's typical range for this product in this area (catalog.rules.applicable_range decides)."""
    ranges = TreatmentArea.objects.filter(treatment=treatment, area=area).select_related("product")
    return applicable_range(ranges, product_id=product.pk, unit=product.dose_unit, substance=product.substance)


def default_dose_for(treatment: Treatment, area: FacialArea, product: Product, side: str = Side.BOTH) -> Decimal | None:
    """The catalog's default (or the bottom of the typical range) for the item as planned.

    A per-side range on "both sides" doubles: an item's dose is what is given in total.
    """
    chosen = dose_range_for(treatment, area, product)
    if chosen is None:
        return None
    dose = chosen.default_dose or chosen.dose_min
    if chosen.per_side and area.bilateral and side == Side.BOTH:
        dose = dose * 2
    return dose


def _units_differ(template_product: Product | None, product: Product) -> TypeGuard[Product]:
    """True when a template line's toxin dose cannot be carried over to `product` (another toxin substance)."""
    return (
        template_product is not None
        and template_product.pk != product.pk
        and template_product.dose_unit == DoseUnit.UNITS
        and template_product.substance != product.substance
    )


def fmt_qty(value: Decimal) -> str:
    """Decimal("20.00") -> "20", Decimal("0.50") -> "0.5"."""
    return f"{value.normalize():f}"


@dataclass
class ApplyResult:
    added: list[PlanItem]
    skipped: list[str]
    swapped: list[str] = field(default_factory=list)  # "Voluma → Sculptra (lidocaine allergy — ...)"


def plan_apply_template(*, plan: TreatmentPlan, template: CombinationTemplate, by, expected_version) -> ApplyResult:
    """Add every item of a combination template (all adjustable afterwards).

    Template lines whose treatment or product was retired are skipped and named, rather than blocking the rest.
    """
    _ensure_editable(plan)
    if not template.is_active:
        raise ValidationError(f"The template “{template.name}” is retired and cannot be applied.")
    lines = list(template.items.select_related("treatment", "area", "product").order_by("session_number", "order"))
    if not lines:
        raise ValidationError(f"The template “{template.name}” has no items yet.")
    added, skipped, swapped = [], [], []
    screening, rules = _screening_and_rules(plan)
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
                rationale = f"Swapped from {choice.swapped_from.name} for the screening: {choice.why}."[:300]
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
                    f"The template's {fmt_qty(line.default_dose)} {line.product.dose_unit} was for "
                    f"{line.product.name}; {product.name}'s own catalog dose is used: units are not interchangeable. "
                    + rationale
                )[:300]
            try:
                with transaction.atomic():
                    added.append(
                        _new_item(
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
                    )
            except ValidationError as exc:
                skipped.append(f"{line.treatment.name} · {line.area.name}: {' '.join(exc.messages)}")
    return ApplyResult(added=added, skipped=skipped, swapped=swapped)


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
        template = CombinationTemplate.objects.filter(pk=suggestion_id).first()
        if template is None:
            raise ValidationError("That suggestion is no longer in the catalog.")
        return plan_apply_template(plan=plan, template=template, by=by, expected_version=expected_version)
    if kind != "treatment":
        raise ValidationError("Unknown kind of suggestion.")
    _ensure_editable(plan)
    treatment = Treatment.objects.filter(pk=suggestion_id, is_active=True).first()
    if treatment is None:
        raise ValidationError("That treatment is no longer offered.")
    concern_areas = set(
        FacialArea.objects.filter(concerns__consultations=plan.consultation_id).values_list("pk", flat=True)
    )
    ranges = list(
        TreatmentArea.objects.filter(treatment=treatment, area__is_active=True)
        .select_related("area")
        .order_by("area__display_order")
    )
    areas = []
    for r in ranges:
        if r.area not in areas and (not concern_areas or r.area_id in concern_areas):
            areas.append(r.area)
    if not areas and ranges:
        areas = [ranges[0].area]
    if not areas:
        raise ValidationError(f"{treatment.name} has no areas in the catalog yet.")
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
    if len(override_reason) > 2000:
        raise ValidationError({"override_reason": "Keep the override reason under 2000 characters."})
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
    with transaction.atomic():
        _claim_version(plan, expected_version, require_editable=False)
        previous = plan.status
        plan.refresh_from_db()
        if plan.status != previous:  # pragma: no cover - the version check catches this first
            raise StalePlanError()
        plan.status = to
        if to == PlanStatus.PROPOSED:
            plan.override_reason = override_reason
        plan.status_changed_at = timezone.now()
        plan.status_changed_by = by
        reason = f"Status {PlanStatus(previous).label.lower()} → {PlanStatus(to).label.lower()}"
        _audit(plan, by=by, reason=reason + (" with override" if to == PlanStatus.PROPOSED and override_reason else ""))
        plan.save()
    return plan


# --- sessions performed --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerformedLine:
    plan_item: PlanItem
    lot_number: str
    dose: Decimal | None = None  # None: as planned
    lot_expiry: dt.date | None = None


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
        raise ValidationError("Only an accepted plan (or one in progress) can have sessions recorded.")
    session_number = _validate_session_number(session_number)
    if performed_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"performed_at": "A session cannot be recorded before it happened."})
    if not lines:
        raise ValidationError("Tick at least one item that was done in this session.")
    errors = {}
    for line in lines:
        if line.plan_item.plan_id != plan.pk:
            raise ValidationError("An item does not belong to this plan.")
        lot = (line.lot_number or "").strip()
        if not lot:
            errors[f"lot_{line.plan_item.pk}"] = "Enter the lot number from the product's label."
        elif len(lot) > 40:
            errors[f"lot_{line.plan_item.pk}"] = "A lot number is at most 40 characters."
        if line.dose is not None:
            item = line.plan_item
            try:
                dose = validate_dose(line.dose, item.dose_unit)
                check_plausible_dose(
                    dose=dose, treatment=item.treatment, area=item.area, product=item.product, side=item.side
                )
            except ValidationError as exc:
                errors[f"dose_{item.pk}"] = " ".join(exc.messages)
        if line.lot_expiry and line.lot_expiry < timezone.localtime(performed_at).date():
            errors[f"expiry_{line.plan_item.pk}"] = "This lot had expired before the session date."
    if errors:
        raise ValidationError(errors)
    performed_day = timezone.localtime(performed_at).date()
    if review_on is None:
        given = [line.plan_item.treatment.review_interval_days for line in lines]
        intervals = [i for i in given if i]
        review_on = performed_day + dt.timedelta(days=min(intervals)) if intervals else None
    elif review_on < performed_day:
        raise ValidationError({"review_on": "The review date must be on or after the session date."})
    with transaction.atomic():
        _claim_version(plan, expected_version, require_editable=False)
        session = TreatmentSession(
            plan=plan,
            patient_id=plan.patient_id,
            session_number=session_number,
            performed_at=performed_at,
            performed_by=by,
            review_on=review_on,
            notes=(notes or "").strip(),
        )
        _audit(session, by=by, reason=f"Session {session_number} recorded")
        session.save()
        for line in lines:
            item = line.plan_item
            performed = PerformedItem(
                session=session,
                plan_item=item,
                treatment_id=item.treatment_id,
                area_id=item.area_id,
                side=item.side,
                product_id=item.product_id,
                dose=validate_dose(line.dose, item.dose_unit) if line.dose is not None else item.dose,
                dose_unit=item.dose_unit,
                lot_number=line.lot_number.strip(),
                lot_expiry=line.lot_expiry,
            )
            _audit(performed, by=by, reason=f"Session {session_number}")
            performed.save()
        if plan.status == PlanStatus.ACCEPTED:
            plan.refresh_from_db()
            plan.status = PlanStatus.IN_PROGRESS
            plan.status_changed_at = timezone.now()
            plan.status_changed_by = by
            _audit(plan, by=by, reason=f"Status accepted → in progress (session {session_number} recorded)")
            plan.save()
    return session
