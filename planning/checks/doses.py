"""Dose checks: typical ranges (added up per treatment, area and session), labelled maxima per session and per
year, and a dose that is another brand's labelled dose.

Which range applies is decided by catalog.rules.applicable_range, the same function the add-item form, the
services and the catalog pages use. A typical range is a hint: above it is a caution, below it an info, never a
stop; exactly at a limit is inside. A labelled maximum (per session, per year) is a stop.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from catalog.rules import applicable_range, ranges_in_other_units

from .base import (
    CAUTION,
    INFO,
    STOP,
    TOXIN,
    DoseRange,
    Finding,
    ItemInput,
    PlanInput,
    cite,
    fmt_amount,
    fmt_date,
    fmt_dose,
    in_window,
    plural,
    range_text,
    session_date,
)

SOURCE_UNITS = (
    "Clinical reference §2c, §2e: units are product-specific and not interchangeable (every US label) · LABEL-2°"
)
YEAR_DAYS = 365


def chosen_range(item: ItemInput) -> DoseRange | None:
    product = item.product
    return applicable_range(item.dose_ranges, product_id=product.id, unit=product.unit, substance=product.substance)


def _side_sums(members: list[ItemInput]) -> dict[str, Decimal]:
    """Each side's dose in a paired area: an item on both sides gives half to each."""
    sums: dict[str, Decimal] = {}
    for member in members:
        if member.side == "both":
            for side in ("left", "right"):
                sums[side] = sums.get(side, Decimal(0)) + member.dose / 2
        else:
            sums[member.side] = sums.get(member.side, Decimal(0)) + member.dose
    return sums


def check_dose_ranges(plan: PlanInput) -> list[Finding]:
    """Items of the same treatment and area in one session are added up before they are read against the range
    (per side for a per-side range)."""
    findings = []
    groups: dict[tuple, list[ItemInput]] = defaultdict(list)
    ranges: dict[tuple, DoseRange] = {}
    for item in plan.items:
        product = item.product
        chosen = chosen_range(item)
        if chosen is None:
            foreign = ranges_in_other_units(
                item.dose_ranges, product_id=product.id, unit=product.unit, substance=product.substance
            )
            if foreign:
                described = "; ".join(
                    f"{r.product_name or r.unit_substance or 'generic'} {range_text(r)}" for r in foreign
                )
                findings.append(
                    Finding(
                        INFO,
                        "dose-range-other-units",
                        f"No typical range for {product.name} in {item.area_name} is recorded; the ranges there "
                        f"({described}) are in other products' units, and toxin units are not interchangeable, so "
                        f"the {fmt_dose(item.dose, product.unit)} planned was not compared.",
                        item.key,
                        SOURCE_UNITS,
                    )
                )
            continue
        key = (item.session_number, item.treatment_id, item.area_id, chosen.product_id, chosen.unit)
        groups[key].append(item)
        ranges[key] = chosen
    for key, members in groups.items():
        findings.extend(_range_findings(members, ranges[key]))
    return findings


def _range_findings(members: list[ItemInput], chosen: DoseRange) -> list[Finding]:
    first, last = members[0], members[-1]
    unit = first.product.unit
    whose = f" for {first.product.name}" if chosen.product_id is not None else ""
    where = f"{first.treatment_name} in {first.area_name}"
    several = len(members) > 1
    compared: list[tuple[Decimal, str]] = []  # (amount, how it was worked out)
    if chosen.per_side and first.area_bilateral:
        sums = _side_sums(members)
        if several and set(sums) == {"left", "right"} and sums["left"] == sums["right"]:
            # Both sides alike: say it once, per side.
            per_side = fmt_dose(sums["left"], unit)
            sums = {"left": sums["left"]}
            compared.append(
                (sums["left"], f"the {plural(len(members), 'item')} here give {per_side} per side, which is")
            )
        for side in ("left", "right") if not compared else ():
            if side not in sums:
                continue
            if several:
                given = fmt_dose(sums[side], unit)
                what = f"the {plural(len(members), 'item')} here give {given} on the {side} side, which is"
            elif first.side == "both":
                what = f"{fmt_dose(first.dose, unit)} for both sides is {fmt_dose(sums[side], unit)} per side, which is"
            else:
                what = f"{fmt_dose(first.dose, unit)} on one side is"
            compared.append((sums[side], what))
        if not several and first.side == "both":
            compared = compared[:1]  # both sides are the same: say it once
    else:
        total = sum((m.dose for m in members), Decimal(0))
        what = (
            f"the {plural(len(members), 'item')} here add up to {fmt_dose(total, unit)}, which is"
            if several
            else f"{fmt_dose(total, unit)} is"
        )
        compared.append((total, what))
    findings = []
    for amount, what in compared:
        if amount > chosen.dose_max:
            findings.append(
                Finding(
                    CAUTION,
                    "dose-above-range",
                    f"{where}: {what} above the typical range{whose} of {range_text(chosen)}. "
                    "A typical range is a hint, not a limit: check the dose is intended.",
                    last.key,
                    cite(chosen.source, chosen.evidence_flag),
                )
            )
        elif amount < chosen.dose_min:
            findings.append(
                Finding(
                    INFO,
                    "dose-below-range",
                    f"{where}: {what} below the typical range{whose} of {range_text(chosen)}.",
                    last.key,
                    cite(chosen.source, chosen.evidence_flag),
                )
            )
    return findings


def check_session_limit(plan: PlanInput) -> list[Finding]:
    """One product's total in one session of this plan above the product's labelled per-session maximum: stop."""
    findings = []
    totals: dict[tuple[int, int], list[ItemInput]] = defaultdict(list)
    for item in plan.items:
        if item.product.max_units_per_session is not None:
            totals[(item.session_number, item.product.id)].append(item)
    for (number, _), members in totals.items():
        product = members[0].product
        total = sum((m.dose for m in members), Decimal(0))
        limit = product.max_units_per_session
        assert limit is not None  # only items with a per-session maximum were grouped
        if total <= limit:
            continue
        findings.append(
            Finding(
                STOP,
                "toxin-session-limit" if product.kind == TOXIN else "session-limit",
                f"Session {number}: {fmt_dose(total, product.unit)} of {product.name} planned, above "
                f"its maximum of {fmt_dose(limit, product.unit)} per session.",
                members[-1].key,
                cite(product.limit_source, product.limit_evidence_flag),
            )
        )
    return findings


def _group(product) -> str:
    return product.yearly_limit_group or f"product:{product.id}"


def check_yearly_volume(plan: PlanInput) -> list[Finding]:
    """Products with a labelled yearly maximum (Juvéderm gels: 20 mL per 60 kg of body weight a year): the plan and
    the history in any 12 months that hold a session, scaled by the recorded weight. No weight: not checked, said."""
    findings = []
    reported: set[str] = set()
    for item in plan.items:
        product = item.product
        group = _group(product)
        if product.yearly_max is None or group in reported:
            continue
        reported.add(group)
        name = product.yearly_limit_group or product.name
        source = cite(product.yearly_limit_source, product.yearly_limit_evidence_flag)
        per_kg = product.yearly_max_body_weight_kg
        if per_kg is not None and plan.body_weight_kg is None:
            findings.append(
                Finding(
                    INFO,
                    "yearly-volume-unchecked",
                    f"{name}: the label allows at most {fmt_dose(product.yearly_max, product.unit)} per "
                    f"{fmt_amount(per_kg)} kg of body weight a year, but no weight is recorded, so the yearly "
                    "volume could not be checked. Record the weight in the consultation.",
                    item.key,
                    source,
                )
            )
            continue
        limit = product.yearly_max
        if per_kg is not None:
            assert plan.body_weight_kg is not None  # no weight: reported as unchecked above
            limit = (product.yearly_max * plan.body_weight_kg / per_kg).quantize(Decimal("0.1"))
        members = [i for i in plan.items if i.product.yearly_max is not None and _group(i.product) == group]
        history = [e for e in plan.history if e.dose is not None and _history_group(e) == group]
        finding = _yearly_finding(plan, item, members, history, limit, name, source)
        if finding is not None:
            findings.append(finding)
    return findings


def _history_group(entry) -> str:
    if entry.yearly_limit_group:
        return entry.yearly_limit_group
    return f"product:{entry.product_id}" if entry.product_id is not None else ""


def _yearly_finding(plan, item, members, history, limit, name, source) -> Finding | None:
    unit = item.product.unit
    days = {session_date(plan, m.session_number) for m in members}
    ends = set(days) | {e.on for e in history if any(0 < (e.on - d).days < YEAR_DAYS for d in days)}
    for end in sorted(ends):
        planned = sum(
            (m.dose for m in members if in_window(session_date(plan, m.session_number), end, YEAR_DAYS)), Decimal(0)
        )
        if not planned:
            continue
        earlier = [e for e in history if in_window(e.on, end, YEAR_DAYS)]
        total = planned + sum((e.dose for e in earlier), Decimal(0))
        if total > limit:
            weight = f" for {fmt_amount(plan.body_weight_kg)} kg" if plan.body_weight_kg is not None else ""
            listed = "; ".join(f"{fmt_dose(e.dose, e.unit)} on {fmt_date(e.on)} ({e.origin})" for e in earlier)
            return Finding(
                STOP,
                "yearly-volume-limit",
                f"{name}: {fmt_dose(planned, unit)} in this plan"
                + (f" plus {listed}" if earlier else "")
                + f" makes {fmt_dose(total, unit)} in the 12 months to {fmt_date(end)}, above the labelled "
                f"maximum of {fmt_dose(limit, unit)}{weight}.",
                item.key,
                source,
            )
    return None


def check_other_brand_dose(plan: PlanInput) -> list[Finding]:
    """A toxin dose that is exactly another brand's labelled dose for the area, and not this brand's: units are
    not interchangeable, so say so (50 U of BOTOX Cosmetic in the glabella is Dysport's dose)."""
    findings = []
    for item in plan.items:
        product = item.product
        if product.kind != TOXIN:
            continue
        own = chosen_range(item)
        if own is not None and own.dose_min <= item.dose <= own.dose_max:
            continue
        seen = set()
        for other in (*item.dose_ranges, *item.area_label_doses):
            if (
                other.product_id is None
                or other.product_id == product.id
                or other.unit != product.unit
                or other.dose_min != other.dose_max
                or other.dose_min != item.dose
                or other.product_id in seen
            ):
                continue
            seen.add(other.product_id)
            own_text = f" ({product.name}'s own is {range_text(own)})" if own is not None else ""
            findings.append(
                Finding(
                    CAUTION,
                    "other-brand-dose",
                    f"{fmt_dose(item.dose, product.unit)} of {product.name} in {item.area_name} is "
                    f"{other.product_name or 'another product'}'s labelled dose{own_text}. Units are not "
                    "interchangeable: check the dose was not carried over from another brand.",
                    item.key,
                    SOURCE_UNITS + "; " + cite(other.source, other.evidence_flag),
                )
            )
    return findings


__all__ = [
    "check_dose_ranges",
    "check_other_brand_dose",
    "check_session_limit",
    "check_yearly_volume",
    "chosen_range",
]
