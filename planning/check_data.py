"""Builds the plain data the safety checks read (planning.checks.PlanInput) from the database.

The number of queries is fixed, whatever the number of items or history rows: every related row is fetched in
one query per kind (items, their injection points, dose ranges, contraindication links, history), never per item.

History, for cumulative toxin units, the re-treatment interval and the brand last used:
- the patient's PreviousTreatment rows (recorded at consultation);
- PerformedItem rows of the patient's TreatmentSessions, dated at the session's day in the clinic's time zone
  (sessions of this plan are left out: this plan's own items already stand for them);
- items of the patient's OTHER plans that are accepted or in progress, dated planned_for +
  (session_number - 1) * session_gap_days; an undated plan counts as today (it is about to happen); a session of
  such a plan that has already been performed is taken from its PerformedItems instead, so nothing counts twice.
A previous treatment typed by name is matched to a catalog product by its name or an alias ("Botox" is BOTOX
Cosmetic); otherwise its recorded substance says what it was, and an unknown toxin counts as "other toxin", whose
units are never added to a catalog product's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from catalog.lookups import fold_name, products_by_name
from catalog.models import ContraindicationRule, Product, TreatmentArea
from catalog.rules import Rule
from catalog.screening import FLOORS, SCREENING_NAMES
from catalog.selectors import rule_from_row
from patients.models import OTHER_FILLER, TOXIN_SUBSTANCES, Consultation, PreviousTreatment
from planning.checks import DoseRange, Finding, HistoryEntry, ItemInput, PlanInput, ProductInfo, run_checks
from planning.models import InjectionPoint, PerformedItem, PlanItem, PlanStatus, TreatmentPlan
from planning.pages import LAST_TIME_NOTES

ORIGIN_CONSULTATION = "recorded at consultation"
ORIGIN_SESSION = "performed session"
ORIGIN_PLAN = "planned in"
HISTORY_PLAN_STATUSES = (PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS)


def catalog_rules() -> tuple[Rule, ...]:
    """The contraindication rule book: every ContraindicationRule row (one query) plus the built-in floors."""
    rows = ContraindicationRule.objects.select_related("contraindication").order_by("pk")
    return (*(rule_from_row(row) for row in rows), *FLOORS)


def _product_info(product: Product) -> ProductInfo:
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
        yearly_max=product.yearly_max,
        yearly_max_body_weight_kg=product.yearly_max_body_weight_kg,
        yearly_limit_group=product.yearly_limit_group,
        yearly_limit_source=product.yearly_limit_source,
        yearly_limit_evidence_flag=product.yearly_limit_evidence_flag,
        min_age=product.min_age,
        max_age=product.max_age,
        age_source=product.age_source,
        age_evidence_flag=product.age_evidence_flag,
    )


def _dose_range(row: TreatmentArea) -> DoseRange:
    return DoseRange(
        dose_min=row.dose_min,
        dose_max=row.dose_max,
        unit=row.unit,
        per_side=row.per_side,
        source=row.source,
        evidence_flag=row.evidence_flag,
        product_id=row.product_id,
        note=row.note,
        product_name=row.product.name if row.product is not None else "",
        unit_substance=row.unit_substance,
        treatment_name=row.treatment.name,
    )


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
        yearly_limit_group=row.product.yearly_limit_group,
        points=getattr(row, "point_count", 0),
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _previous_entry(row: PreviousTreatment, by_name: dict[str, Product]) -> HistoryEntry:
    """A previous treatment as history. One typed by name is matched to a catalog product by name or alias
    ("Botox" is BOTOX Cosmetic); otherwise its recorded substance says what it was ("other_toxin" when unknown)."""
    product = row.product
    if product is None and row.product_name:
        product = by_name.get(fold_name(row.product_name))
    if product is not None:
        return HistoryEntry(
            on=row.treated_on,
            product_id=product.pk,
            product_name=product.name,
            kind=product.kind,
            substance=product.substance,
            area_id=row.area_id,
            area_name=row.area.name if row.area else "",
            dose=row.dose,
            unit=row.dose_unit or product.dose_unit,
            origin=ORIGIN_CONSULTATION,
            yearly_limit_group=product.yearly_limit_group,
        )
    substance = row.substance
    if substance:
        kind = "toxin" if substance in TOXIN_SUBSTANCES else "filler"
    else:
        # Recorded before substances were asked for: a dose in U can only be a toxin, and its units are unknown.
        kind = "toxin" if row.dose_unit == "U" else ("filler" if row.dose_unit == "mL" else "")
        substance = "other_toxin" if kind == "toxin" else (OTHER_FILLER if kind == "filler" else "")
    return HistoryEntry(
        on=row.treated_on,
        product_id=None,
        product_name=row.product_name,
        kind=kind,
        substance=substance,
        area_id=row.area_id,
        area_name=row.area.name if row.area else "",
        dose=row.dose,
        unit=row.dose_unit,
        origin=ORIGIN_CONSULTATION,
    )


@dataclass(frozen=True)
class LastTime:
    """The patient's most recent treatment in an area, as the plan page shows it beside the area."""

    product: str
    dose: Decimal | None
    unit: str
    on: dt.date
    origin: str  # "recorded at consultation" or "performed here"
    points: int = 0  # injection points given, when performed here with points recorded
    outcome: str = ""  # the outcome at review there, from the apps above (planning.pages.LAST_TIME_NOTES)


@dataclass(frozen=True)
class PatientHistory:
    """The patient's treatment history around one plan, read once for the plan page and handed to the checks, the
    "last time in this area" notes and the face chart's area list.

    `entries` is what the checks read (the module docstring lists what it holds; this plan's own performed
    sessions are left out, since its items stand for them). `own_sessions` holds those performed sessions, which
    do count for "last time in this area"."""

    entries: tuple[HistoryEntry, ...]
    own_sessions: tuple[HistoryEntry, ...] = ()
    plan: TreatmentPlan | None = field(default=None, compare=False, repr=False)  # whose patient the notes are for

    def last_times(self, area_ids: set[int]) -> dict[int, LastTime]:
        """The most recent treatment recorded or performed in each of these areas (planned ones do not count)."""
        found: dict[int, LastTime] = {}
        for entry in (*self.entries, *self.own_sessions):
            if entry.area_id not in area_ids or entry.origin not in (ORIGIN_CONSULTATION, ORIGIN_SESSION):
                continue
            current = found.get(entry.area_id)
            if current is None or entry.on > current.on:
                found[entry.area_id] = LastTime(
                    product=entry.product_name or "Unknown product",
                    dose=entry.dose,
                    unit=entry.unit,
                    on=entry.on,
                    origin="performed here" if entry.origin == ORIGIN_SESSION else entry.origin,
                    points=entry.points,
                )
        if found and self.plan is not None:
            # Each registered app answers once for the whole page (one query), never per area; an area with no
            # earlier treatment has no outcome either, so a patient without history costs nothing.
            notes: dict[int, list[str]] = defaultdict(list)
            for note_for in LAST_TIME_NOTES:
                for area_id, text in note_for(patient=self.plan.patient).items():
                    notes[area_id].append(text)
            found = {a: replace(last, outcome="; ".join(notes[a])) if a in notes else last for a, last in found.items()}
        return found


def patient_history(plan: TreatmentPlan, today: dt.date | None = None) -> PatientHistory:
    """The patient's history around `plan`, in a fixed number of queries (3, or 4 when a typed name needs the
    product table)."""
    today = today or timezone.localdate()
    entries: list[HistoryEntry] = []
    own: list[HistoryEntry] = []
    previous = list(PreviousTreatment.objects.filter(patient_id=plan.patient_id).select_related("product", "area"))
    # One read of the (short) product table matches every typed name (catalog.lookups' rules).
    by_name = products_by_name(Product.objects.all()) if any(not row.product_id for row in previous) else {}
    entries += [_previous_entry(row, by_name) for row in previous]
    performed = (
        PerformedItem.objects.filter(session__patient_id=plan.patient_id)
        .select_related("session", "product", "area")
        .annotate(point_count=Count("points"))
    )
    performed_sessions: set[tuple[int, int]] = set()
    for row in performed:
        entry = _item_history(row, on=_local_date(row.session.performed_at), origin=ORIGIN_SESSION)
        if row.session.plan_id == plan.pk:
            own.append(entry)
            continue
        performed_sessions.add((row.session.plan_id, row.session.session_number))
        entries.append(entry)
    other_plans = (
        PlanItem.objects.filter(plan__patient_id=plan.patient_id, plan__status__in=HISTORY_PLAN_STATUSES)
        .exclude(plan_id=plan.pk)
        .select_related("plan", "product", "area")
    )
    for planned in other_plans:
        if (planned.plan_id, planned.session_number) in performed_sessions:
            continue
        start = planned.plan.planned_for or today
        entries.append(
            _item_history(
                planned,
                on=start + dt.timedelta(days=(planned.session_number - 1) * planned.plan.session_gap_days),
                origin=f"{ORIGIN_PLAN} “{planned.plan.title}” ({planned.plan.get_status_display().lower()})",
            )
        )
    entries.sort(key=lambda e: (e.on, e.product_name, e.origin))
    return PatientHistory(entries=tuple(entries), own_sessions=tuple(own), plan=plan)


def _body_weight(plan: TreatmentPlan):
    """The weight recorded at this plan's consultation, else the patient's latest recorded one."""
    if plan.consultation.body_weight_kg is not None:
        return plan.consultation.body_weight_kg
    return (
        Consultation.objects.filter(patient_id=plan.patient_id, body_weight_kg__isnull=False)
        .order_by("-scheduled_at")
        .values_list("body_weight_kg", flat=True)
        .first()
    )


def plan_points(plan: TreatmentPlan) -> dict[int, list[InjectionPoint]]:
    """The injection points of every item of the plan, by item id, in their order: one query, whatever the number
    of items or points (the checks read their doses, the face chart and the points table the rest)."""
    points: dict[int, list[InjectionPoint]] = defaultdict(list)
    for point in InjectionPoint.objects.filter(item__plan_id=plan.pk).order_by("item_id", "order", "id"):
        points[point.item_id].append(point)
    return dict(points)


def plan_input_for(
    plan: TreatmentPlan,
    *,
    history: PatientHistory | None = None,
    points: dict[int, list[InjectionPoint]] | None = None,
) -> PlanInput:
    """Everything the checks need about `plan`, in a fixed number of queries, whatever the number of items.
    `history` is the patient's history and `points` the plan's injection points (plan_points) when the caller has
    read them already (the plan page)."""
    today = timezone.localdate()
    items = list(plan.items.select_related("treatment", "area", "product"))
    if points is None:
        points = plan_points(plan) if items else {}
    area_ids = {i.area_id for i in items}
    products = {i.product_id: _product_info(i.product) for i in items}

    ranges: dict[tuple[int, int], list[DoseRange]] = defaultdict(list)
    label_doses: dict[int, list[DoseRange]] = defaultdict(list)
    if items:
        # Every range in the plan's areas: this item's treatment's, and other brands' single labelled doses there.
        rows = TreatmentArea.objects.filter(area_id__in=area_ids).select_related("product", "treatment").order_by("pk")
        for row in rows:
            dose_range = _dose_range(row)
            ranges[(row.treatment_id, row.area_id)].append(dose_range)
            if row.product_id and row.dose_min == row.dose_max:
                label_doses[row.area_id].append(dose_range)

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
            product=products[i.product_id],
            dose=i.dose,
            session_number=i.session_number,
            dose_ranges=tuple(ranges[(i.treatment_id, i.area_id)]),
            area_slug=i.area.slug,
            review_interval_days=i.treatment.review_interval_days,
            repeat_interval_days=i.treatment.repeat_interval_days,
            interval_source=i.treatment.interval_source,
            interval_evidence_flag=i.treatment.interval_evidence_flag,
            area_label_doses=tuple(label_doses[i.area_id]),
            point_doses=tuple(p.dose for p in points.get(i.pk, ())),
        )
        for i in items
    )

    slugs = frozenset(plan.consultation.positive_screening_slugs())
    rules = catalog_rules() if items else FLOORS
    names = {slug: SCREENING_NAMES.get(slug, slug) for slug in slugs}
    names.update({r.slug: r.name for r in rules if r.slug in slugs and r.name})
    return PlanInput(
        planned_date=plan.planned_for or today,
        session_gap_days=plan.session_gap_days,
        items=item_inputs,
        history=(history or patient_history(plan, today)).entries,
        screening_slugs=slugs,
        screening_names=names,
        rules=rules,
        birth_date=plan.patient.date_of_birth,
        body_weight_kg=_body_weight(plan) if any(p.yearly_max_body_weight_kg for p in products.values()) else None,
    )


def findings_for_plan(
    plan: TreatmentPlan,
    *,
    history: PatientHistory | None = None,
    points: dict[int, list[InjectionPoint]] | None = None,
) -> list[Finding]:
    """The plan's safety findings, most severe first."""
    return run_checks(plan_input_for(plan, history=history, points=points))


def findings_by_item(findings: list[Finding]) -> dict[str | None, list[Finding]]:
    """Findings grouped by the item they are about (the item's pk as a string); None holds the plan-wide ones.
    Each list keeps the most-severe-first order."""
    grouped: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.item_key].append(finding)
    return dict(grouped)


__all__ = [
    "LastTime",
    "PatientHistory",
    "catalog_rules",
    "findings_by_item",
    "findings_for_plan",
    "patient_history",
    "plan_input_for",
    "plan_points",
]
