"""Builds the plain data the safety checks read (planning.checks.PlanInput) from the database.

The number of queries is fixed, whatever the number of items or history rows: every related row is fetched in
one query per kind (items, dose ranges, contraindication links, history), never per item.

History, for cumulative toxin units, the re-treatment interval and the brand last used:
- the patient's PreviousTreatment rows (recorded at consultation);
- PerformedItem rows of the patient's TreatmentSessions, dated at the session's day in the clinic's time zone
  (sessions of this plan are left out: this plan's own items already stand for them);
- items of the patient's OTHER plans that are accepted or in progress, dated planned_for +
  (session_number - 1) * session_gap_days; an undated plan counts as today (it is about to happen); a session of
  such a plan that has already been performed is taken from its PerformedItems instead, so nothing counts twice.
A previous treatment typed by name without a catalog product is treated as a toxin when its unit is U.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from catalog.models import Contraindication, Product, TreatmentArea, TreatmentContraindication
from catalog.models import Substance as SubstanceChoices
from clinic.models import SCREENING_QUESTIONS, PreviousTreatment
from planning.checks import (
    ContraindicationRule,
    DoseRange,
    Finding,
    HistoryEntry,
    ItemInput,
    PlanInput,
    ProductInfo,
    run_checks,
)
from planning.models import PerformedItem, PlanItem, PlanStatus, TreatmentPlan

ORIGIN_CONSULTATION = "recorded at consultation"
ORIGIN_SESSION = "performed session"
ORIGIN_PLAN = "planned in"
HISTORY_PLAN_STATUSES = (PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS)

# Generic toxin ranges are in onabotulinumtoxinA-type units unless their note says otherwise (reference §2f).
DEFAULT_TOXIN_REFERENCE_SUBSTANCE = SubstanceChoices.ONA.value


def reference_substance_of(note: str) -> str:
    """The substance a generic toxin range's note names (by value or label), else onabotulinumtoxinA (§2f)."""
    folded = (note or "").casefold()
    for value, label in SubstanceChoices.choices:
        if value.casefold() in folded or label.casefold().split("-")[0] in folded:
            return value
    return DEFAULT_TOXIN_REFERENCE_SUBSTANCE


def _rule(contraindication: Contraindication, severity: str, note: str = "") -> ContraindicationRule:
    return ContraindicationRule(
        slug=contraindication.slug,
        name=contraindication.name,
        severity=severity,
        source=contraindication.source,
        evidence_flag=contraindication.evidence_flag,
        note=note,
    )


def _product_info(product: Product, rules: tuple[ContraindicationRule, ...]) -> ProductInfo:
    return ProductInfo(
        id=product.pk,
        name=product.name,
        kind=product.kind,
        substance=product.substance,
        unit=product.dose_unit,
        contains_lidocaine=product.contains_lidocaine,
        max_units_per_session=product.max_units_per_session,
        max_units_90_days=product.max_units_90_days,
        limit_source=product.limit_source,
        limit_evidence_flag=product.limit_evidence_flag,
        contraindications=rules,
    )


def _product_rules(products: dict[int, Product], everything: list[Contraindication]) -> dict[int, tuple]:
    """Per product: the contraindications linked to it, and those for all toxins / all fillers. One query."""
    linked: dict[int, set[int]] = defaultdict(set)
    through = Contraindication.products.through
    for product_id, contraindication_id in through.objects.filter(product_id__in=products).values_list(
        "product_id", "contraindication_id"
    ):
        linked[product_id].add(contraindication_id)
    result = {}
    for product_id, product in products.items():
        rules = []
        for contraindication in everything:
            specific = contraindication.pk in linked[product_id]
            general = (product.kind == "toxin" and contraindication.applies_to_toxins) or (
                product.kind == "filler" and contraindication.applies_to_fillers
            )
            if not (specific or general):
                continue
            if contraindication.slug == "lidocaine-allergy" and not specific and not product.contains_lidocaine:
                # "All fillers" must not rule out a filler without lidocaine for a lidocaine allergy.
                continue
            rules.append(_rule(contraindication, contraindication.default_severity))
        result[product_id] = tuple(rules)
    return result


def _item_history(row, *, on: dt.date, origin: str) -> HistoryEntry:
    """A history entry from a performed item or a planned item (both carry product, area, dose and unit)."""
    return HistoryEntry(
        on=on,
        product_id=row.product_id,
        product_name=row.product.name,
        kind=row.product.kind,
        substance=row.product.substance,
        area_id=row.area_id,
        area_name=row.area.name,
        dose=row.dose,
        unit=row.dose_unit,
        origin=origin,
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _history(plan: TreatmentPlan, today: dt.date) -> tuple[HistoryEntry, ...]:
    entries: list[HistoryEntry] = []
    previous = PreviousTreatment.objects.filter(patient_id=plan.patient_id).select_related("product", "area")
    for row in previous:
        product = row.product
        unit = row.dose_unit or (product.dose_unit if product else "")
        kind = product.kind if product else ("toxin" if unit == "U" else "")
        entries.append(
            HistoryEntry(
                on=row.treated_on,
                product_id=product.pk if product else None,
                product_name=product.name if product else row.product_name,
                kind=kind,
                substance=product.substance if product else "",
                area_id=row.area_id,
                area_name=row.area.name if row.area else "",
                dose=row.dose,
                unit=unit,
                origin=ORIGIN_CONSULTATION,
            )
        )
    performed = (
        PerformedItem.objects.filter(session__patient_id=plan.patient_id)
        .exclude(session__plan_id=plan.pk)
        .select_related("session", "product", "area")
    )
    performed_sessions: set[tuple[int, int]] = set()
    for row in performed:
        performed_sessions.add((row.session.plan_id, row.session.session_number))
        entries.append(_item_history(row, on=_local_date(row.session.performed_at), origin=ORIGIN_SESSION))
    other_plans = (
        PlanItem.objects.filter(plan__patient_id=plan.patient_id, plan__status__in=HISTORY_PLAN_STATUSES)
        .exclude(plan_id=plan.pk)
        .select_related("plan", "product", "area")
    )
    for row in other_plans:
        if (row.plan_id, row.session_number) in performed_sessions:
            continue
        start = row.plan.planned_for or today
        entries.append(
            _item_history(
                row,
                on=start + dt.timedelta(days=(row.session_number - 1) * row.plan.session_gap_days),
                origin=f"{ORIGIN_PLAN} “{row.plan.title}” ({row.plan.get_status_display().lower()})",
            )
        )
    entries.sort(key=lambda e: (e.on, e.product_name, e.origin))
    return tuple(entries)


def plan_input_for(plan: TreatmentPlan) -> PlanInput:
    """Everything the checks need about `plan`, in a fixed number of queries (8, or 9 if the consultation is not
    loaded yet)."""
    today = timezone.localdate()
    items = list(plan.items.select_related("treatment", "area", "product"))
    treatment_ids = {i.treatment_id for i in items}
    area_ids = {i.area_id for i in items}
    products = {i.product_id: i.product for i in items}

    everything = list(Contraindication.objects.all())  # a short catalog table: names, general rules
    by_id = {c.pk: c for c in everything}

    ranges: dict[tuple[int, int], list[DoseRange]] = defaultdict(list)
    treatment_rules: dict[int, list[ContraindicationRule]] = defaultdict(list)
    product_rules: dict[int, tuple] = {}
    if items:
        dose_ranges = (
            TreatmentArea.objects.filter(treatment_id__in=treatment_ids, area_id__in=area_ids)
            .select_related("product")
            .order_by("pk")
        )
        for row in dose_ranges:
            generic_toxin = row.product_id is None and row.unit == "U"
            ranges[(row.treatment_id, row.area_id)].append(
                DoseRange(
                    dose_min=row.dose_min,
                    dose_max=row.dose_max,
                    unit=row.unit,
                    per_side=row.per_side,
                    source=row.source,
                    evidence_flag=row.evidence_flag,
                    product_id=row.product_id,
                    note=row.note,
                    product_name=row.product.name if row.product else "",
                    reference_substance=reference_substance_of(row.note) if generic_toxin else "",
                )
            )
        links = TreatmentContraindication.objects.filter(treatment_id__in=treatment_ids).order_by("pk")
        for link in links:
            treatment_rules[link.treatment_id].append(_rule(by_id[link.contraindication_id], link.severity, link.note))
        product_rules = _product_rules(products, everything)

    product_infos = {pk: _product_info(product, product_rules.get(pk, ())) for pk, product in products.items()}
    item_inputs = tuple(
        ItemInput(
            key=str(i.pk),
            treatment_id=i.treatment_id,
            treatment_name=i.treatment.name,
            area_id=i.area_id,
            area_name=i.area.name,
            area_bilateral=i.area.bilateral,
            area_high_risk=i.area.is_high_risk,
            area_risk_note=i.area.risk_note,
            side=i.side,
            product=product_infos[i.product_id],
            dose=i.dose,
            session_number=i.session_number,
            dose_ranges=tuple(ranges[(i.treatment_id, i.area_id)]),
            treatment_contraindications=tuple(treatment_rules[i.treatment_id]),
        )
        for i in items
    )

    slugs = frozenset(plan.consultation.positive_screening_slugs())
    names = {slug: label for _, label, slug in SCREENING_QUESTIONS if slug in slugs}
    names.update({c.slug: c.name for c in everything if c.slug in slugs})
    return PlanInput(
        planned_date=plan.planned_for or today,
        session_gap_days=plan.session_gap_days,
        items=item_inputs,
        history=_history(plan, today),
        screening_slugs=slugs,
        screening_names=names,
    )


def findings_for_plan(plan: TreatmentPlan) -> list[Finding]:
    """The plan's safety findings, most severe first."""
    return run_checks(plan_input_for(plan))


def findings_by_item(findings: list[Finding]) -> dict[str | None, list[Finding]]:
    """Findings grouped by the item they are about (the item's pk as a string); None holds the plan-wide ones.
    Each list keeps the most-severe-first order."""
    grouped: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.item_key].append(finding)
    return dict(grouped)


__all__ = ["findings_by_item", "findings_for_plan", "plan_input_for", "reference_substance_of"]
