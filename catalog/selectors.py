"""What the read-only catalog shows: active rows only, each page in a fixed number of queries.

Retired (is_active=False) areas, products, treatments and templates are hidden from browsing; they stay in the
database and in the history, and saved plans keep pointing at them.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from catalog.models import (
    CombinationTemplate,
    Concern,
    FacialArea,
    Product,
    Region,
    TemplateItem,
    Treatment,
    TreatmentArea,
    TreatmentContraindication,
)


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


def treatment_detail(*, slug: str) -> dict:
    treatment = get_object_or_404(_active_treatments(), slug=slug)
    ranges = list(_active_ranges().filter(treatment=treatment).order_by("area__display_order", "product__name", "pk"))
    products = list(
        treatment.products.filter(is_active=True).prefetch_related("contraindications").order_by("kind", "name")
    )
    links = list(
        TreatmentContraindication.objects.filter(treatment=treatment)
        .select_related("contraindication")
        .order_by("severity", "contraindication__name")
    )
    return {
        "treatment": treatment,
        "ranges": ranges,
        "products": products,
        "contraindication_links": links,
        "concerns": list(treatment.concerns.filter(is_active=True)),
        "templates": list(CombinationTemplate.objects.active().filter(items__treatment=treatment).distinct()),
    }


def area_detail(*, slug: str) -> dict:
    area = get_object_or_404(FacialArea.objects.active(), slug=slug)
    ranges = list(_active_ranges().filter(area=area).order_by("treatment__display_order", "product__name", "pk"))
    treatments = {}
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


def _template_items():
    return TemplateItem.objects.select_related("treatment", "area", "product").prefetch_related(
        Prefetch("treatment__dose_ranges", queryset=TreatmentArea.objects.select_related("product"))
    )


def template_list() -> list[CombinationTemplate]:
    return list(
        CombinationTemplate.objects.active().prefetch_related("concerns", Prefetch("items", queryset=_template_items()))
    )


def template_detail(*, slug: str) -> dict:
    template = get_object_or_404(CombinationTemplate.objects.active(), slug=slug)
    items = list(_template_items().filter(template=template))
    for item in items:
        item.reference_range = matching_range(item)
    sessions = {}
    for item in items:
        sessions.setdefault(item.session_number, []).append(item)
    return {
        "template": template,
        "sessions": sessions,
        "concerns": list(template.concerns.filter(is_active=True)),
        "has_retired_parts": any(not i.treatment.is_active or (i.product and not i.product.is_active) for i in items),
    }


def matching_range(item) -> TreatmentArea | None:
    """The dose range a template item's default dose is read against: the product's own, else the generic one."""
    ranges = [r for r in item.treatment.dose_ranges.all() if r.area_id == item.area_id]
    own = [r for r in ranges if item.product_id and r.product_id == item.product_id]
    generic = [r for r in ranges if r.product_id is None]
    return (own or generic or [None])[0]


def product_list() -> dict:
    products = list(Product.objects.active().prefetch_related("contraindications"))
    return {
        "product_groups": [
            ("Botulinum toxins (units are product-specific)", [p for p in products if p.is_toxin]),
            ("Dermal fillers", [p for p in products if not p.is_toxin]),
        ]
    }
