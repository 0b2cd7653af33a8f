"""Toxin checks over time and across products: the 90-day cumulative maximum, the re-treatment interval (and the
touch-up that is not a re-treatment), the catalog's own repeat intervals, brand switches, toxins typed by name whose
units cannot be added, and the labelled pairing of forehead with glabellar lines.

Decisions (clinical reference sections as in docs/clinical-sources.md):
- Toxin units are product-specific and never converted (§2c, §2e). Units are added up only for the same product
  or the same substance. Other BoNT products in the window get their own note; one typed by name that the catalog
  does not know ("other toxin") gets a caution, since its units cannot be added at all.
- "Within 90 days" of a date d means 0 <= (d - treated_on).days < 90: 89 days before counts, 90 days does not. The
  same rule drives the re-treatment floor: 89 days is a finding, 90 days is none.
- The 90-day label floor is the minimum interval; a treatment's own repeat interval is used where it is longer.
- A top-up of the same product in the same area within the treatment's review window (§5: about two weeks) is a
  touch-up, named as such (an info), not a re-treatment; it still counts toward the 90-day total.
- Both ways in time: a toxin already booked (another accepted plan) or recorded less than 90 days AFTER a session
  counts as much as one before it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import (
    CAUTION,
    INFO,
    STOP,
    TOXIN,
    Finding,
    HistoryEntry,
    ItemInput,
    PlanInput,
    ProductInfo,
    cite,
    fmt_date,
    fmt_dose,
    in_window,
    plural,
    session_date,
    toxin_items,
)

RETREATMENT_DAYS = 90
CUMULATIVE_WINDOW_DAYS = 90
OTHER_TOXIN = "other_toxin"  # patients.models.OTHER_TOXIN: a toxin typed by name the catalog does not know

SOURCE_RETREATMENT = (
    "Clinical reference §2c, §5: re-treatment not more often than every 3 months / ≥90 days "
    "(BOTOX Cosmetic, Xeomin, Jeuveau, Daxxify, Dysport labels) · LABEL-2°"
)
SOURCE_TOUCH_UP = "Clinical reference §5: toxin review / touch-up at about 2 weeks (10–14 days) · PRACTICE"
SOURCE_UNITS = (
    "Clinical reference §2c, §2e: units are product-specific and not interchangeable (every US label) · LABEL-2°"
)
SOURCE_CROSS_PRODUCT = (
    "Clinical reference §2c: consider the cumulative dose across BoNT products (Jeuveau, Daxxify labels); "
    "effect of different BoNT products within several months unknown (druglib BOTOX interactions) · LABEL-2°"
)
SOURCE_FOREHEAD = (
    "Clinical reference §2a: BOTOX Cosmetic forehead lines must be given with glabellar lines (20 U + 20 U); "
    "Xeomin upper facial lines GL + FHL + LCL · LABEL-2°"
)
FOREHEAD, GLABELLA = "forehead", "glabella"


def _same_units(entry_product_id: int | None, entry_substance: str, product: ProductInfo) -> bool:
    """Units may only be added up for the same product, or the same substance; never across brands."""
    if entry_product_id is not None and entry_product_id == product.id:
        return True
    return bool(entry_substance) and entry_substance == product.substance


def _is_toxin(entry: HistoryEntry) -> bool:
    return entry.kind == TOXIN


def check_toxin_90_days(plan: PlanInput) -> list[Finding]:
    """Cumulative units of the same product or substance within 90 days up to each toxin session's date."""
    findings = []
    items = toxin_items(plan)
    reported: set[int] = set()
    other_noted: set[tuple[int, int]] = set()
    for number in sorted({i.session_number for i in items}):
        day = session_date(plan, number)
        for item in (i for i in items if i.session_number == number):
            product = item.product
            window_history = [e for e in plan.history if _is_toxin(e) and in_window(e.on, day, CUMULATIVE_WINDOW_DAYS)]
            others = [e for e in window_history if not _same_units(e.product_id, e.substance, product)]
            if others and (number, product.id) not in other_noted:
                other_noted.add((number, product.id))
                findings.append(_other_toxins_finding(number, item, others))
            limit = product.max_units_90_days
            if limit is None or product.id in reported:
                continue
            # Every 90-day window that holds this session: the one ending on the session's day, and those ending
            # on a later toxin of the same units already booked or recorded less than 90 days after it.
            ends = sorted(
                {day}
                | {
                    e.on
                    for e in plan.history
                    if _is_toxin(e)
                    and _same_units(e.product_id, e.substance, product)
                    and in_window(day, e.on, CUMULATIVE_WINDOW_DAYS)
                }
            )
            candidates = []
            for end in ends:
                window = [
                    e
                    for e in plan.history
                    if _is_toxin(e)
                    and in_window(e.on, end, CUMULATIVE_WINDOW_DAYS)
                    and _same_units(e.product_id, e.substance, product)
                ]
                finding = _cumulative_finding(plan, item, items, window, end)
                if finding is not None:
                    candidates.append(finding)
            if candidates:  # the first window over the maximum, else the first with an unrecorded dose
                reported.add(product.id)
                findings.append(next((f for f in candidates if f.severity == STOP), candidates[0]))
    return findings


def _other_toxins_finding(number: int, item: ItemInput, others: list[HistoryEntry]) -> Finding:
    listed = "; ".join(
        f"{e.product_name or 'unknown product'} {fmt_dose(e.dose, e.unit)} on {fmt_date(e.on)}, {e.origin}"
        for e in sorted(others, key=lambda e: e.on)
    )
    unknown = [e for e in others if e.substance == OTHER_TOXIN or not e.substance]
    if unknown:
        return Finding(
            CAUTION,
            "toxin-unknown-product",
            f"Other toxin within 90 days before session {number} ({listed}): "
            f"{'it is' if len(unknown) == 1 else 'some are'} not a product the catalog knows, so "
            f"{'its' if len(unknown) == 1 else 'their'} units cannot be added to {item.product.name}'s and the "
            "cumulative dose cannot be checked. Find out what was given.",
            item.key,
            SOURCE_UNITS,
        )
    return Finding(
        INFO,
        "toxin-other-products-in-window",
        f"Other toxin within 90 days before session {number} ({listed}): its units cannot be added "
        f"to {item.product.name}'s, but consider the cumulative dose across BoNT products.",
        item.key,
        SOURCE_CROSS_PRODUCT,
    )


def _cumulative_finding(
    plan: PlanInput, item: ItemInput, items: list[ItemInput], same: list[HistoryEntry], end: dt.date
) -> Finding | None:
    """A stop when this product's units in the 90 days up to `end` pass its maximum; a caution when an earlier
    dose in that window is not recorded; else None."""
    product = item.product
    limit = product.max_units_90_days
    assert limit is not None  # check_toxin_90_days asks only for a product with a 90-day maximum
    plan_units = sum(
        (
            i.dose
            for i in items
            if in_window(session_date(plan, i.session_number), end, CUMULATIVE_WINDOW_DAYS)
            and _same_units(i.product.id, i.product.substance, product)
        ),
        Decimal(0),
    )
    history_units = sum((e.dose for e in same if e.dose is not None), Decimal(0))
    unknown = [e for e in same if e.dose is None]
    total = plan_units + history_units
    if total > limit:
        earlier = "; ".join(
            f"{e.product_name} {fmt_dose(e.dose, e.unit)} on {fmt_date(e.on)} ({e.origin})"
            for e in sorted(same, key=lambda e: e.on)
        )
        return Finding(
            STOP,
            "toxin-90-day-limit",
            f"{product.name}: {fmt_dose(plan_units, product.unit)} in this plan"
            + (f" plus {fmt_dose(history_units, product.unit)} in the same 90 days ({earlier})" if same else "")
            + f" makes {fmt_dose(total, product.unit)} by {fmt_date(end)}, above the cumulative maximum "
            f"of {fmt_dose(limit, product.unit)} in 90 days.",
            item.key,
            cite(product.limit_source, product.limit_evidence_flag),
        )
    if unknown:
        listed = "; ".join(f"{fmt_date(e.on)} ({e.origin})" for e in sorted(unknown, key=lambda e: e.on))
        return Finding(
            CAUTION,
            "toxin-90-day-unknown-dose",
            f"{product.name}: the dose of another treatment in the 90-day window is not recorded "
            f"({listed}), so the cumulative total ({fmt_dose(total, product.unit)} known) may be "
            f"higher than shown; the maximum is {fmt_dose(limit, product.unit)} in 90 days.",
            item.key,
            cite(product.limit_source, product.limit_evidence_flag),
        )
    return None


def _earlier_toxins(
    plan: PlanInput, day: dt.date, number: int
) -> list[tuple[dt.date, str, str, str, int | None, int | None]]:
    """(date, product name, dose text, origin, product id, area id) of every toxin on or before `day`, from the
    history and from earlier sessions of this plan."""
    found = [
        (e.on, e.product_name or "unknown product", fmt_dose(e.dose, e.unit), e.origin, e.product_id, e.area_id)
        for e in plan.history
        if _is_toxin(e) and e.on <= day
    ]
    found += [
        (
            session_date(plan, i.session_number),
            i.product.name,
            fmt_dose(i.dose, i.product.unit),
            f"session {i.session_number} of this plan",
            i.product.id,
            i.area_id,
        )
        for i in toxin_items(plan)
        if i.session_number < number
    ]
    return found


def _is_touch_up(item: ItemInput, day: dt.date, earlier) -> tuple | None:
    """The earlier toxin this item tops up: same product, same area, within the treatment's review window."""
    window = item.review_interval_days
    if not window:
        return None
    matches = [
        e for e in earlier if e[4] == item.product.id and e[5] == item.area_id and 0 <= (day - e[0]).days <= window
    ]
    return max(matches, key=lambda e: e[0]) if matches else None


def check_retreatment_interval(plan: PlanInput) -> list[Finding]:
    findings = []
    items = toxin_items(plan)
    for number in sorted({i.session_number for i in items}):
        day = session_date(plan, number)
        in_session = [i for i in items if i.session_number == number]
        earlier = _earlier_toxins(plan, day, number)
        if earlier:
            latest = max(e[0] for e in earlier)
            days = (day - latest).days
            if days < RETREATMENT_DAYS:
                retreated = []
                for item in in_session:
                    topped = _is_touch_up(item, day, earlier)
                    if topped is None:
                        retreated.append(item)
                        continue
                    gap = (day - topped[0]).days
                    findings.append(
                        Finding(
                            INFO,
                            "touch-up",
                            f"Touch-up: {item.product.name} in {item.area_name} {plural(gap, 'day')} after "
                            f"{topped[2]} there on {fmt_date(topped[0])} ({topped[3]}), within the "
                            f"{item.review_interval_days}-day review window: not a re-treatment. It still counts "
                            "toward the 90-day total.",
                            item.key,
                            SOURCE_TOUCH_UP,
                        )
                    )
                if retreated:
                    same_day = sorted((e for e in earlier if e[0] == latest), key=lambda e: (e[1], e[2]))
                    doses = ", ".join(f"{e[1]} {e[2]}" for e in same_day)
                    findings.append(
                        Finding(
                            CAUTION,
                            "retreatment-interval",
                            f"Toxin in session {number} ({fmt_date(day)}) is {plural(days, 'day')} after the "
                            f"last toxin ({doses} on {fmt_date(latest)}, {same_day[0][3]}): re-treat no more often "
                            f"than every {RETREATMENT_DAYS} days.",
                            retreated[0].key,
                            SOURCE_RETREATMENT,
                        )
                    )
        upcoming = _next_toxin_after(plan, day)
        if upcoming is not None and (upcoming[0] - day).days < RETREATMENT_DAYS:
            on, doses, origin = upcoming
            days = (on - day).days
            findings.append(
                Finding(
                    CAUTION,
                    "retreatment-interval",
                    f"Toxin in session {number} ({fmt_date(day)}) is {plural(days, 'day')} before "
                    f"another toxin already planned or recorded ({doses} on {fmt_date(on)}, {origin}): re-treat no "
                    f"more often than every {RETREATMENT_DAYS} days.",
                    in_session[0].key,
                    SOURCE_RETREATMENT,
                )
            )
    return findings


def check_treatment_interval(plan: PlanInput) -> list[Finding]:
    """A treatment whose catalog repeat interval is longer than the label floor, repeated in the same area sooner
    than that interval (toxin or filler)."""
    findings = []
    for item in plan.items:
        interval = item.repeat_interval_days
        if not interval or (item.product.kind == TOXIN and interval <= RETREATMENT_DAYS):
            continue
        day = session_date(plan, item.session_number)
        previous = [
            e for e in plan.history if e.area_id == item.area_id and e.kind == item.product.kind and e.on <= day
        ]
        previous += [
            # earlier sessions of this plan in the same area, as history entries
            HistoryEntry(
                session_date(plan, i.session_number),
                i.product.id,
                i.product.name,
                i.product.kind,
                i.product.substance,
                i.area_id,
                i.area_name,
                i.dose,
                i.product.unit,
                f"session {i.session_number} of this plan",
            )
            for i in plan.items
            if i.area_id == item.area_id
            and i.session_number < item.session_number
            and i.product.kind == item.product.kind
        ]
        if not previous:
            continue
        last = max(previous, key=lambda e: e.on)
        days = (day - last.on).days
        floor = RETREATMENT_DAYS if item.product.kind == TOXIN else 0
        if floor <= days < interval and not (item.review_interval_days and days <= item.review_interval_days):
            findings.append(
                Finding(
                    CAUTION,
                    "treatment-interval",
                    f"{item.treatment_name} in {item.area_name} is {plural(days, 'day')} after "
                    f"{last.product_name} {fmt_dose(last.dose, last.unit)} there on {fmt_date(last.on)} "
                    f"({last.origin}); the catalog repeats it no sooner than every {interval} days.",
                    item.key,
                    cite(item.interval_source, item.interval_evidence_flag),
                )
            )
    return findings


def _next_toxin_after(plan: PlanInput, day: dt.date) -> tuple[dt.date, str, str] | None:
    """(date, doses text, origin) of the earliest toxin in the history after `day` (e.g. another accepted plan)."""
    later = [e for e in plan.history if _is_toxin(e) and e.on > day]
    if not later:
        return None
    earliest = min(e.on for e in later)
    same_day = sorted((e for e in later if e.on == earliest), key=lambda e: (e.product_name, str(e.dose)))
    doses = ", ".join(f"{e.product_name or 'unknown product'} {fmt_dose(e.dose, e.unit)}" for e in same_day)
    return earliest, doses, same_day[0].origin


def check_brand_switch(plan: PlanInput) -> list[Finding]:
    """A toxin product other than the one used last time: units are not interchangeable."""
    findings = []
    seen: set[int] = set()
    for item in toxin_items(plan):
        if item.product.id in seen:
            continue
        day = session_date(plan, item.session_number)
        previous = [e for e in plan.history if _is_toxin(e) and e.on <= day and (e.product_id or e.product_name)]
        if not previous:
            continue
        latest_day = max(e.on for e in previous)
        last = sorted((e for e in previous if e.on == latest_day), key=lambda e: (e.product_name, str(e.dose)))
        if any(_same_product(e, item.product) for e in last):
            continue
        seen.add(item.product.id)
        described = "; ".join(f"{e.product_name or 'unknown product'} {fmt_dose(e.dose, e.unit)}" for e in last)
        findings.append(
            Finding(
                CAUTION,
                "brand-switch",
                f"Brand switch: last toxin was {described} on {fmt_date(latest_day)} ({last[0].origin}); this plan "
                f"uses {item.product.name}. Units are not interchangeable: do not carry the dose over.",
                item.key,
                SOURCE_UNITS,
            )
        )
    return findings


def _same_product(entry: HistoryEntry, product: ProductInfo) -> bool:
    if entry.product_id is not None:
        return entry.product_id == product.id
    return entry.product_name.strip().casefold() == product.name.strip().casefold()


def check_forehead_with_glabella(plan: PlanInput) -> list[Finding]:
    """Toxin for forehead lines in a session without toxin for the glabellar lines: the labels give them together."""
    findings = []
    items = toxin_items(plan)
    for number in sorted({i.session_number for i in items}):
        in_session = [i for i in items if i.session_number == number]
        if any(i.area_slug == GLABELLA for i in in_session):
            continue
        for item in (i for i in in_session if i.area_slug == FOREHEAD):
            findings.append(
                Finding(
                    CAUTION,
                    "forehead-without-glabella",
                    f"Session {number}: toxin for {item.area_name.lower()} without the glabellar lines. The label "
                    "doses forehead lines together with the glabellar lines: add them, or check this is intended.",
                    item.key,
                    SOURCE_FOREHEAD,
                )
            )
    return findings
