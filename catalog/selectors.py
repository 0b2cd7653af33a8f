"""What the read-only catalog shows: active rows only, each page in a fixed number of queries.

Retired (is_active=False) areas, products, treatments and templates are hidden from browsing; they stay in the
database and in the history, and saved plans keep pointing at them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from catalog.models import (
    CombinationTemplate,
    Concern,
    ContraindicationRule,
    DoseUnit,
    FacialArea,
    Product,
    ProductKind,
    Region,
    Side,
    TemplateItem,
    TemplateItemPoint,
    Treatment,
    TreatmentArea,
)
from catalog.rules import ALWAYS, CONTRAINDICATED, Rule, Target, applicable_range, rule_applies
from clinic.formatting import amount

LABEL_RESTRICTION = "Label restriction"  # the name shown for a rule without a screening answer (as in FLOORS)


def _active_treatments():
    return Treatment.objects.active()


def _active_ranges():
    return (
        TreatmentArea.objects.filter(treatment__is_active=True, area__is_active=True)
        .filter(Q(product__isnull=True) | Q(product__is_active=True))
        .select_related("area", "product", "treatment")
    )


@dataclass(frozen=True)
class ChartPoint:
    """One dot on the front-view face chart (percent coordinates; bilateral areas get a mirrored twin)."""

    slug: str
    name: str
    x: float
    y: float
    modality: str
    high_risk: bool
    mirrored: bool = False


def chart_points(areas) -> list[ChartPoint]:
    points = []
    for area in areas:
        x, y = float(area.chart_x), float(area.chart_y)
        base = {"slug": area.slug, "name": area.name, "modality": area.modality, "high_risk": area.is_high_risk}
        points.append(ChartPoint(x=x, y=y, **base))
        if area.bilateral and x != 50:
            points.append(ChartPoint(x=100 - x, y=y, mirrored=True, **base))
    return points


def catalog_index() -> dict:
    """Treatments grouped by facial area (within regions) and by concern, plus the templates teaser."""
    areas = list(
        FacialArea.objects.active().prefetch_related(
            Prefetch("treatments", queryset=_active_treatments().distinct(), to_attr="active_treatments")
        )
    )
    regions = [
        {"value": value, "label": label, "areas": [a for a in areas if a.region == value]}
        for value, label in Region.choices
    ]
    concerns = Concern.objects.active().prefetch_related(
        Prefetch("treatments", queryset=_active_treatments(), to_attr="active_treatments")
    )
    templates = CombinationTemplate.objects.active().prefetch_related("concerns").annotate(n_items=Count("items"))
    return {
        "regions": [r for r in regions if r["areas"]],
        "concerns": concerns,
        "templates": templates,
        "chart_points": chart_points(areas),
        "area_count": len(areas),
        "treatment_count": _active_treatments().count(),
    }


def rule_from_row(row: ContraindicationRule) -> Rule:
    """A catalog ContraindicationRule row as the rule book's plain Rule (select_related its contraindication).

    A rule without its own source cites its screening answer's.
    """
    answer = row.contraindication
    return Rule(
        slug=answer.slug if answer else ALWAYS,
        severity=row.severity,
        reason=row.reason,
        source=row.source or (answer.source if answer else ""),
        evidence_flag=row.evidence_flag or (answer.evidence_flag if answer else ""),
        name=answer.name if answer else LABEL_RESTRICTION,
        treatment_id=row.treatment_id,
        modality=row.modality,
        substance=row.substance,
        product_id=row.product_id,
        area_id=row.area_id,
        only_with_lidocaine=row.only_with_lidocaine,
    )


@dataclass(frozen=True)
class ShownRule:
    """One contraindication rule as a catalog page shows it."""

    answer: str  # the screening answer's name, or LABEL_RESTRICTION for a rule that always applies
    description: str
    severity: str
    severity_display: str
    scope: str
    reason: str  # in plain words, "{product}" filled in
    source: str
    evidence_flag: str
    product_ids: frozenset[int] = frozenset()  # the products on the page it is about (rules that name products)
    product_names: tuple[str, ...] = ()  # their names, where the rule names a substance or lidocaine


@dataclass(frozen=True)
class ShownAnswer:
    """A screening answer (or LABEL_RESTRICTION) with its rules on a page, most severe first."""

    answer: str
    description: str
    rules: tuple[ShownRule, ...]

    @property
    def severity(self) -> str:
        return self.rules[0].severity

    @property
    def severity_display(self) -> str:
        return self.rules[0].severity_display

    @property
    def mixed(self) -> bool:
        """Its rules differ in severity (e.g. contraindicated for one product, a caution for the rest)."""
        return len({r.severity for r in self.rules}) > 1


def _rule_rows() -> list[tuple[ContraindicationRule, Rule]]:
    """The rule book, without rules about retired treatments, products or areas (one query)."""
    rows = ContraindicationRule.objects.select_related("contraindication", "treatment", "product", "area").filter(
        Q(treatment__isnull=True) | Q(treatment__is_active=True),
        Q(product__isnull=True) | Q(product__is_active=True),
        Q(area__isnull=True) | Q(area__is_active=True),
    )
    return [(row, rule_from_row(row)) for row in rows]


def _about_products(row: ContraindicationRule) -> bool:
    """The rule names the products it is about (by name, substance or lidocaine), not only a treatment or area."""
    return bool(row.product_id or row.substance or row.only_with_lidocaine)


def _about_a_modality(row: ContraindicationRule) -> bool:
    """The rule is about every toxin or every filler (wherever it is used)."""
    return bool(row.modality and not row.treatment_id and not _about_products(row))


def _target(product: Product | None, *, kind: str, treatment_id: int | None, area_id: int | None) -> Target:
    if product is None:
        return Target(
            kind=kind, substance="", product_id=None, product_name="", treatment_id=treatment_id, area_id=area_id
        )
    return Target(
        kind=product.kind,
        substance=product.substance,
        product_id=product.pk,
        product_name=product.name,
        contains_lidocaine=product.contains_lidocaine,
        treatment_id=treatment_id,
        area_id=area_id,
    )


def _shown(row: ContraindicationRule, rule: Rule, products: list[Product]) -> ShownRule:
    named = [row.product.name] if row.product is not None else [p.name for p in products]
    answer = row.contraindication
    return ShownRule(
        answer=answer.name if answer else LABEL_RESTRICTION,
        description=answer.description if answer else "",
        severity=row.severity,
        severity_display=row.get_severity_display(),
        scope=row.scope_display,
        reason=row.reason.replace("{product}", " / ".join(named) or "the product").strip().rstrip("."),
        source=rule.source,
        evidence_flag=rule.evidence_flag,
        product_ids=frozenset(p.pk for p in products),
        product_names=() if row.product_id else tuple(p.name for p in products),
    )


def _most_severe_first(rules: list[ShownRule]) -> list[ShownRule]:
    return sorted(rules, key=lambda r: (r.severity != CONTRAINDICATED, r.answer, r.scope))


def _by_answer(rules: list[ShownRule]) -> list[ShownAnswer]:
    grouped: dict[str, list[ShownRule]] = {}
    for rule in _most_severe_first(rules):
        grouped.setdefault(rule.answer, []).append(rule)
    answers = [ShownAnswer(answer=name, description=rs[0].description, rules=tuple(rs)) for name, rs in grouped.items()]
    return sorted(answers, key=lambda a: (a.severity != CONTRAINDICATED, a.answer))


def treatment_rules(treatment: Treatment, *, products: list[Product], area_ids: list[int]) -> list[ShownRule]:
    """The rules that can fire for an item of this treatment: one of its eligible products in one of its areas.

    Whether a rule matches an item is catalog.rules.rule_applies, the decision the safety checks make.
    """
    targets = [
        (product, _target(product, kind=treatment.modality, treatment_id=treatment.pk, area_id=area_id))
        for product in products or (None,)
        for area_id in area_ids or (None,)
    ]
    shown = []
    for row, rule in _rule_rows():
        hits = [product for product, target in targets if rule_applies(rule, target)]
        if hits:
            about = list({p.pk: p for p in hits if p is not None}.values()) if _about_products(row) else []
            shown.append(_shown(row, rule, about))
    return _most_severe_first(shown)


def _anywhere(product: Product | None, row: ContraindicationRule, *, kind: str = "") -> Target:
    """The product (or any product of a kind) in the treatment and area the rule names: matching the rule against
    it asks whether the rule is about that product, wherever the rule applies."""
    return _target(product, kind=kind, treatment_id=row.treatment_id, area_id=row.area_id)


class ProductRules(NamedTuple):
    """A product with the contraindication rules about it, most severe first (the catalog pages list them as
    `{% for product, rules in products %}`)."""

    product: Product
    rules: list


@dataclass(frozen=True)
class TemplateItemRow:
    """A template item as the catalog pages show it: its dose unit (the product's, or the treatment's when no
    product is named) and the range its default dose is read against (template detail only)."""

    item: TemplateItem
    unit: str
    reference_range: TreatmentArea | None = None
    points: tuple[TemplateItemPoint, ...] = ()  # its standard point pattern (template detail only)

    @property
    def points_text(self) -> str:
        return points_text([p.dose for p in self.points], self.unit)


def points_text(doses: Sequence[Decimal], unit: str) -> str:
    """How a set of injection points reads in one line: "5 points of 4 U", "6 points, 24 U in all" when their doses
    differ, or "" for none (the catalog's template patterns and a plan's points alike)."""
    if not doses:
        return ""
    count = len(doses)
    if len(set(doses)) == 1:
        return f"{count} point{'' if count == 1 else 's'} of {amount(doses[0], unit)}"
    return f"{count} points, {amount(sum(doses, Decimal('0')), unit)} in all"


@dataclass(frozen=True)
class TemplateWithItems:
    template: CombinationTemplate
    rows: list[TemplateItemRow]


def treatment_detail(*, slug: str) -> dict:
    treatment = get_object_or_404(_active_treatments(), slug=slug)
    ranges = list(_active_ranges().filter(treatment=treatment).order_by("area__display_order", "product__name", "pk"))
    products = list(treatment.products.filter(is_active=True).order_by("kind", "name"))
    rules = treatment_rules(treatment, products=products, area_ids=list(dict.fromkeys(r.area_id for r in ranges)))
    return {
        "treatment": treatment,
        "ranges": ranges,
        "products": [ProductRules(product, [r for r in rules if product.pk in r.product_ids]) for product in products],
        "contraindications": _by_answer(rules),
        "concerns": list(treatment.concerns.filter(is_active=True)),
        "templates": list(CombinationTemplate.objects.active().filter(items__treatment=treatment).distinct()),
    }


def area_detail(*, slug: str) -> dict:
    area = get_object_or_404(FacialArea.objects.active(), slug=slug)
    ranges = list(_active_ranges().filter(area=area).order_by("treatment__display_order", "product__name", "pk"))
    treatments: dict[Treatment, list[TreatmentArea]] = {}
    for dose_range in ranges:
        treatments.setdefault(dose_range.treatment, []).append(dose_range)
    return {
        "area": area,
        "treatments": treatments,
        "concerns": list(area.concerns.filter(is_active=True)),
        "chart_points": chart_points([area]),
    }


def concern_detail(*, slug: str) -> dict:
    concern = get_object_or_404(Concern.objects.active(), slug=slug)
    treatments = list(
        concern.treatments.filter(is_active=True).prefetch_related(
            Prefetch("dose_ranges", queryset=_active_ranges(), to_attr="active_ranges")
        )
    )
    templates = list(
        concern.templates.filter(is_active=True).prefetch_related("concerns").annotate(n_items=Count("items"))
    )
    areas = list(concern.areas.filter(is_active=True))
    return {
        "concern": concern,
        "treatments": treatments,
        "templates": templates,
        "areas": areas,
        "chart_points": chart_points(areas),
    }


def treatment_unit(treatment: Treatment) -> str:
    """The unit a treatment is dosed in: toxins in the product's own units (U), fillers in mL."""
    return DoseUnit.UNITS if treatment.modality == ProductKind.TOXIN else DoseUnit.ML


def _template_items():
    return TemplateItem.objects.select_related("treatment", "area", "product").prefetch_related(
        Prefetch("treatment__dose_ranges", queryset=TreatmentArea.objects.select_related("product"))
    )


def _item_unit(item: TemplateItem) -> str:
    return item.product.dose_unit if item.product is not None else treatment_unit(item.treatment)


def template_list() -> list[TemplateWithItems]:
    templates = CombinationTemplate.objects.active().prefetch_related(
        "concerns", Prefetch("items", queryset=_template_items())
    )
    return [
        TemplateWithItems(template, [TemplateItemRow(item, _item_unit(item)) for item in template.items.all()])
        for template in templates
    ]


def template_detail(*, slug: str) -> dict:
    template = get_object_or_404(CombinationTemplate.objects.active(), slug=slug)
    items = list(_template_items().filter(template=template))
    points = template_points(items)
    sessions: dict[int, list[TemplateItemRow]] = {}
    for item in items:
        row = TemplateItemRow(item, _item_unit(item), matching_range(item), tuple(points.get(item.pk, ())))
        sessions.setdefault(item.session_number, []).append(row)
    return {
        "template": template,
        "sessions": sessions,
        "concerns": list(template.concerns.filter(is_active=True)),
        "has_retired_parts": any(not i.treatment.is_active or (i.product and not i.product.is_active) for i in items),
    }


def matching_range(item) -> TreatmentArea | None:
    """The dose range a template item's default dose is read against (catalog.rules.applicable_range decides):
    its product's own range, else a generic one in its product's units. An item without a product is read against
    the generic range of its treatment and area, in the treatment's unit."""
    ranges = [r for r in item.treatment.dose_ranges.all() if r.area_id == item.area_id]
    product = item.product
    if product is None:
        return applicable_range(ranges, product_id=None, unit=treatment_unit(item.treatment), substance="")
    return applicable_range(ranges, product_id=product.pk, unit=product.dose_unit, substance=product.substance)


PRODUCT_GROUPS = (
    (ProductKind.TOXIN, "Botulinum toxins (units are product-specific)"),
    (ProductKind.FILLER, "Dermal fillers"),
)


def product_list() -> dict:
    """Products by kind. Each product carries the rules about it (by name, substance or lidocaine); the rules about
    every product of a kind are listed once, with its group. Whether a rule matches is catalog.rules.rule_applies."""
    rows = _rule_rows()
    products = [
        ProductRules(
            product,
            _most_severe_first(
                [
                    _shown(row, rule, [product])
                    for row, rule in rows
                    if _about_products(row) and rule_applies(rule, _anywhere(product, row))
                ]
            ),
        )
        for product in Product.objects.active()
    ]
    groups = []
    for kind, heading in PRODUCT_GROUPS:
        every = [
            _shown(row, rule, [])
            for row, rule in rows
            if _about_a_modality(row) and rule_applies(rule, _anywhere(None, row, kind=kind))
        ]
        members = [p for p in products if p.product.kind == kind]
        groups.append({"heading": heading, "products": members, "rules": _most_severe_first(every)})
    return {"product_groups": groups}


def active_templates() -> list[CombinationTemplate]:
    """The combination templates a plan may apply, in the catalog's order."""
    return list(CombinationTemplate.objects.active())


# --- what planning reads: the choices for a plan item, its dose ranges and defaults, templates and suggestions ---


def plannable_areas() -> QuerySet[FacialArea]:
    """The active areas where some active treatment is given: the first choice when adding a plan item."""
    return FacialArea.objects.filter(is_active=True, dose_ranges__treatment__is_active=True).distinct()


def treatments_in_area(area: FacialArea) -> QuerySet[Treatment]:
    """The active treatments given in the area."""
    return Treatment.objects.filter(is_active=True, dose_ranges__area=area).distinct()


def dose_ranges(treatment: Treatment, area: FacialArea) -> list[TreatmentArea]:
    """The catalog's dose ranges for the treatment in the area, with their products (catalog.rules picks one)."""
    return list(TreatmentArea.objects.filter(treatment=treatment, area=area).select_related("product"))


def plannable_products(treatment: Treatment, ranges: Iterable[TreatmentArea]) -> QuerySet[Product]:
    """The treatment's active eligible products, in the units of its dose ranges there (`ranges`, from
    dose_ranges); any unit where the area has no range."""
    products = treatment.products.filter(is_active=True)
    units = {r.unit for r in ranges}
    return products.filter(dose_unit__in=units) if units else products


def eligible_products(treatment: Treatment) -> list[Product]:
    """The treatment's active eligible products, by name."""
    return list(treatment.products.filter(is_active=True).order_by("name"))


def is_given_in(treatment: Treatment, area: FacialArea) -> bool:
    """Whether the catalog gives the treatment in the area (it has a dose range there)."""
    return TreatmentArea.objects.filter(treatment=treatment, area=area).exists()


def lists_product(treatment: Treatment, product: Product) -> bool:
    """Whether the product is among the treatment's eligible products (active or not)."""
    return treatment.products.filter(pk=product.pk).exists()


def dose_range_for(treatment: Treatment, area: FacialArea, product: Product) -> TreatmentArea | None:
    """The catalog's typical range for this product in this area (catalog.rules.applicable_range decides)."""
    return applicable_range(
        dose_ranges(treatment, area), product_id=product.pk, unit=product.dose_unit, substance=product.substance
    )


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


def template_lines(template: CombinationTemplate) -> list[TemplateItem]:
    """The template's items, session by session, with their treatment, area and product."""
    return list(template.items.select_related("treatment", "area", "product").order_by("session_number", "order"))


def template_points(items: Iterable[TemplateItem]) -> dict[int, list[TemplateItemPoint]]:
    """The standard injection-point patterns of these template items, by item id, in their order: one query."""
    points: dict[int, list[TemplateItemPoint]] = {}
    for point in TemplateItemPoint.objects.filter(item__in=[i.pk for i in items]).order_by("item_id", "order", "pk"):
        points.setdefault(point.item_id, []).append(point)
    return points


def template_by_id(template_id: int) -> CombinationTemplate | None:
    """The template, active or retired, or None."""
    return CombinationTemplate.objects.filter(pk=template_id).first()


def offered_treatment(treatment_id: int) -> Treatment | None:
    """The treatment if it is still offered (active), else None."""
    return Treatment.objects.filter(pk=treatment_id, is_active=True).first()


def treatment_areas(treatment: Treatment) -> list[FacialArea]:
    """The active areas the treatment is given in, in the face's display order, each once."""
    ranges = (
        TreatmentArea.objects.filter(treatment=treatment, area__is_active=True)
        .select_related("area")
        .order_by("area__display_order")
    )
    return list({r.area_id: r.area for r in ranges}.values())


def concern_area_ids(concerns: Iterable[Concern] | QuerySet[Concern]) -> set[int]:
    """The ids of the areas these concerns are about."""
    return set(FacialArea.objects.filter(concerns__in=concerns).values_list("pk", flat=True))
