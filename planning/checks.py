"""Safety checks for a treatment plan: plain functions over plain data, no Django request or ORM in here.

planning.check_data builds a PlanInput from the database (in a fixed number of queries); run_checks turns it
into findings. Every finding says what and why, and cites the catalog source of the number it used.

CONTRACT (shared by planning.check_data, planning.views and the tests; change only with care):
- run_checks(plan: PlanInput) -> list[Finding], most severe first, deterministic.
- summarise(findings) -> FindingSummary (counts per severity, worst_severity) for the summary at the top.
- worst_severity(findings) -> "stop" | "caution" | "info" | None.

Decisions, written down so a clinician can check them against ../shared/reference/clinical-reference.md:
- A typical dose range (TreatmentArea) is a hint: above it is a caution, below it an info, never a stop. Exactly
  at a limit is inside. A per-side range is compared per side: an item on "both" sides is halved first.
- Toxin units are product-specific and never converted (§2c, §2e). Units are added up only for the same product
  or the same substance (e.g. BOTOX and BOTOX Cosmetic). Other BoNT products in the window get their own note.
- "Within 90 days" of a date d means 0 <= (d - treated_on).days < 90: a treatment 89 days before counts, one 90
  days before does not. The same rule drives the re-treatment interval: 89 days is a finding, 90 days is none.
- Each plan session is dated planned_date + (session_number - 1) * session_gap_days; the 90-day window and the
  re-treatment interval are checked at the date of each session that holds toxin.
- Some screening answers are checked even if a catalog link is missing (defence in depth): lidocaine allergy
  against a product containing lidocaine, pregnancy or breastfeeding against any toxin or filler (§4a, §4b),
  cow's milk protein allergy against abobotulinumtoxinA (Dysport, §4a), neuromuscular disorder against any
  toxin (at least a caution, §4a), and keloid / hypertrophic scarring against poly-L-lactic acid (Sculptra, a label
  contraindication, §4b; the catalog's single severity for that answer is a caution, shared with Volux and toxins).
  The catalog may make these stricter, never milder.
- The interval and the 90-day maximum look both ways: a toxin already booked (another accepted plan) or recorded
  less than 90 days AFTER a session counts as much as one before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

INFO = "info"
CAUTION = "caution"
STOP = "stop"
SEVERITY_ORDER = {INFO: 0, CAUTION: 1, STOP: 2}

TOXIN = "toxin"
FILLER = "filler"
CONTRAINDICATED = "contraindicated"  # catalog.models.Severity values
RULE_CAUTION = "caution"

RETREATMENT_DAYS = 90
CUMULATIVE_WINDOW_DAYS = 90

# Citations for the rules that are not a catalog row's own number.
SOURCE_RETREATMENT = (
    "Clinical reference §2c, §5: re-treatment not more often than every 3 months / ≥90 days "
    "(BOTOX Cosmetic, Xeomin, Jeuveau, Daxxify, Dysport labels) · LABEL-2°"
)
SOURCE_UNITS = (
    "Clinical reference §2c, §2e: units are product-specific and not interchangeable (every US label) · LABEL-2°"
)
SOURCE_CROSS_PRODUCT = (
    "Clinical reference §2c: consider the cumulative dose across BoNT products (Jeuveau, Daxxify labels); "
    "effect of different BoNT products within several months unknown (druglib BOTOX interactions) · LABEL-2°"
)
SOURCE_HIGH_RISK = (
    "Clinical reference §4c: Juvéderm labelling, glabella and nose: embolisation, occlusion, blindness · LABEL-2°"
)
SOURCE_DUPLICATE = "Plan consistency check (no clinical number used)"

# Screening answers checked even without a catalog link: slug -> (applies(product), minimum severity, source).
_BUILTIN_SOURCES = {
    "lidocaine-allergy": (
        "Clinical reference §4b: lidocaine allergy, lidocaine-containing fillers (Voluma DFU; Kysse IFU) · LABEL"
    ),
    "pregnancy-breastfeeding": (
        "Clinical reference §4a: pregnancy, practice is to defer; lactation, use cannot be recommended · "
        "LABEL-2°/PRACTICE; §4b: pregnancy/breastfeeding, safety not established · LABEL-2°"
    ),
    "cows-milk-protein-allergy": (
        "Clinical reference §4a: cow's milk protein allergy, Dysport (lactose + albumin excipients) · REVIEW/LABEL-2°"
    ),
    "neuromuscular-disorder": (
        "Clinical reference §4a: neuromuscular disorders, higher risk of serious systemic effects · LABEL-2°"
    ),
    "keloid-scarring": (
        "Clinical reference §4b: keloid / hypertrophic scarring, contraindication for Sculptra (Sculptra PI) · LABEL"
    ),
}
ABOBOTULINUMTOXIN = "abobotulinumtoxinA"
POLY_L_LACTIC_ACID = "poly_l_lactic_acid"


@dataclass(frozen=True)
class DoseRange:
    dose_min: Decimal
    dose_max: Decimal
    unit: str  # "U" or "mL"
    per_side: bool
    source: str
    evidence_flag: str
    product_id: int | None = None  # None: a generic range for every eligible product of that unit
    note: str = ""
    product_name: str = ""  # for a product-specific range, the product's name (used in messages)
    # For a generic toxin range: the substance whose units it is in. A generic range in another substance's units
    # is never compared with this product's dose (units are not interchangeable). "" means the builder did not say:
    # the range is then compared as given (planning.check_data always says, defaulting to §2f's ona-type units).
    reference_substance: str = ""


@dataclass(frozen=True)
class ContraindicationRule:
    slug: str
    name: str
    severity: str  # "contraindicated" or "caution" (catalog.models.Severity)
    source: str = ""
    evidence_flag: str = ""
    note: str = ""


@dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    kind: str  # "toxin" or "filler"
    substance: str
    unit: str
    contains_lidocaine: bool = False
    max_units_per_session: Decimal | None = None
    max_units_90_days: Decimal | None = None
    limit_source: str = ""
    limit_evidence_flag: str = ""
    # Contraindications that apply to this product itself (product-specific, or to all toxins / all fillers).
    contraindications: tuple[ContraindicationRule, ...] = ()


@dataclass(frozen=True)
class ItemInput:
    key: str  # stable id of the plan item (its pk as a string), used to show findings beside the item
    treatment_id: int
    treatment_name: str
    area_id: int
    area_name: str
    area_bilateral: bool
    area_high_risk: bool
    area_risk_note: str
    side: str  # "left", "right", "both", "midline"
    product: ProductInfo
    dose: Decimal
    session_number: int = 1
    dose_ranges: tuple[DoseRange, ...] = ()  # the treatment's ranges for this area (generic and per product)
    treatment_contraindications: tuple[ContraindicationRule, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    """A toxin or filler treatment before or around the planned date."""

    on: dt.date
    product_id: int | None
    product_name: str
    kind: str  # "toxin", "filler" or "" if unknown
    substance: str
    area_id: int | None
    area_name: str
    dose: Decimal | None
    unit: str
    origin: str  # "recorded at consultation", "performed session", "planned in “Plan B” (accepted)"


@dataclass(frozen=True)
class PlanInput:
    planned_date: dt.date
    session_gap_days: int
    items: tuple[ItemInput, ...]
    history: tuple[HistoryEntry, ...] = ()
    screening_slugs: frozenset[str] = frozenset()
    screening_names: dict[str, str] = field(default_factory=dict)  # slug -> readable name


@dataclass(frozen=True)
class Finding:
    severity: str  # INFO, CAUTION or STOP
    code: str  # e.g. "dose-above-range", "toxin-90-day-limit", "retreatment-interval", "brand-switch",
    #            "contraindication", "high-risk-area", "duplicate-area"
    message: str
    item_key: str | None = None  # None: about the whole plan
    source: str = ""  # the catalog source (and evidence flag) of the number or rule used


@dataclass(frozen=True)
class FindingSummary:
    stop: int = 0
    caution: int = 0
    info: int = 0
    worst_severity: str | None = None

    @property
    def total(self) -> int:
        return self.stop + self.caution + self.info

    @property
    def has_stop(self) -> bool:
        return self.stop > 0


# --- helpers -------------------------------------------------------------------------------------------------


def fmt_amount(value: Decimal) -> str:
    """Decimal("2.50") -> "2.5", Decimal("20.00") -> "20" (no exponent, no trailing zeros)."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_dose(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "dose not recorded"
    return f"{fmt_amount(value)} {unit}".strip()


def fmt_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def range_text(dose_range: DoseRange) -> str:
    """ "1–3 mL per side", or "20 U" when the range is a single labelled dose."""
    low, high = fmt_amount(dose_range.dose_min), fmt_amount(dose_range.dose_max)
    amount = low if low == high else f"{low}–{high}"
    return f"{amount} {dose_range.unit}{' per side' if dose_range.per_side else ''}"


def cite(source: str, evidence_flag: str) -> str:
    source = (source or "").strip()
    evidence_flag = (evidence_flag or "").strip()
    if source and evidence_flag:
        return f"{source} · {evidence_flag}"
    return source or evidence_flag or "no source recorded in the catalog"


def session_date(plan: PlanInput, session_number: int) -> dt.date:
    return plan.planned_date + dt.timedelta(days=(max(session_number, 1) - 1) * plan.session_gap_days)


def in_window(on: dt.date, until: dt.date, days: int = CUMULATIVE_WINDOW_DAYS) -> bool:
    """True when `on` lies within `days` days up to `until`: 0 <= (until - on).days < days."""
    return 0 <= (until - on).days < days


def _same_units(entry_product_id: int | None, entry_substance: str, product: ProductInfo) -> bool:
    """Units may only be added up for the same product, or the same substance; never across brands."""
    if entry_product_id is not None and entry_product_id == product.id:
        return True
    return bool(entry_substance) and entry_substance == product.substance


def _is_toxin(entry: HistoryEntry) -> bool:
    return entry.kind == TOXIN


def _screening_name(plan: PlanInput, slug: str, fallback: str = "") -> str:
    return plan.screening_names.get(slug) or fallback or slug.replace("-", " ").capitalize()


# --- the checks ----------------------------------------------------------------------------------------------


def _choose_range(item: ItemInput) -> tuple[DoseRange | None, list[DoseRange]]:
    """The range to compare with, and (when there is none) the ranges that exist in another brand's units."""
    product = item.product
    specific = [r for r in item.dose_ranges if r.product_id == product.id and r.unit == product.unit]
    if specific:
        return specific[0], []
    generic = [r for r in item.dose_ranges if r.product_id is None and r.unit == product.unit]
    if product.kind != TOXIN:
        return (generic[0] if generic else None), []
    usable = [r for r in generic if not r.reference_substance or r.reference_substance == product.substance]
    if usable:
        return usable[0], []
    foreign = [r for r in item.dose_ranges if r.unit == product.unit and r.product_id != product.id]
    return None, foreign


def check_dose_ranges(plan: PlanInput) -> list[Finding]:
    findings = []
    for item in plan.items:
        unit = item.product.unit
        chosen, foreign = _choose_range(item)
        if chosen is None:
            if foreign:
                described = "; ".join(
                    f"{r.product_name or r.reference_substance or 'generic'} {range_text(r)}" for r in foreign
                )
                findings.append(
                    Finding(
                        INFO,
                        "dose-range-other-units",
                        f"No typical range for {item.product.name} in {item.area_name} is recorded; the ranges "
                        f"there ({described}) are in other products' units, and toxin units are not "
                        f"interchangeable, so the {fmt_dose(item.dose, unit)} planned was not compared.",
                        item.key,
                        SOURCE_UNITS,
                    )
                )
            continue
        halved = chosen.per_side and item.side == "both"
        compared = item.dose / 2 if halved else item.dose
        if halved:
            what = f"{fmt_dose(item.dose, unit)} for both sides is {fmt_dose(compared, unit)} per side, which is"
        else:
            one_side = " on one side" if chosen.per_side and item.side in ("left", "right") else ""
            what = f"{fmt_dose(item.dose, unit)}{one_side} is"
        whose = f" for {item.product.name}" if chosen.product_id is not None else ""
        where = f"{item.treatment_name} in {item.area_name}"
        if compared > chosen.dose_max:
            findings.append(
                Finding(
                    CAUTION,
                    "dose-above-range",
                    f"{where}: {what} above the typical range{whose} of {range_text(chosen)}. "
                    "A typical range is a hint, not a limit: check the dose is intended.",
                    item.key,
                    cite(chosen.source, chosen.evidence_flag),
                )
            )
        elif compared < chosen.dose_min:
            findings.append(
                Finding(
                    INFO,
                    "dose-below-range",
                    f"{where}: {what} below the typical range{whose} of {range_text(chosen)}.",
                    item.key,
                    cite(chosen.source, chosen.evidence_flag),
                )
            )
    return findings


def _toxin_items(plan: PlanInput) -> list[ItemInput]:
    return [i for i in plan.items if i.product.kind == TOXIN]


def check_toxin_session_limit(plan: PlanInput) -> list[Finding]:
    """Units of one product in one session of this plan above the product's per-session maximum: stop."""
    findings = []
    totals: dict[tuple[int, int], Decimal] = {}
    reported: set[tuple[int, int]] = set()
    for item in _toxin_items(plan):
        product = item.product
        group = (item.session_number, product.id)
        totals[group] = totals.get(group, Decimal(0)) + item.dose
        limit = product.max_units_per_session
        if limit is None or group in reported or totals[group] <= limit:
            continue
        reported.add(group)
        total = sum((i.dose for i in _toxin_items(plan) if (i.session_number, i.product.id) == group), Decimal(0))
        findings.append(
            Finding(
                STOP,
                "toxin-session-limit",
                f"Session {item.session_number}: {fmt_dose(total, product.unit)} of {product.name} planned, above "
                f"its maximum of {fmt_dose(limit, product.unit)} per session.",
                item.key,
                cite(product.limit_source, product.limit_evidence_flag),
            )
        )
    return findings


def check_toxin_90_days(plan: PlanInput) -> list[Finding]:
    """Cumulative units of the same product or substance within 90 days up to each toxin session's date."""
    findings = []
    toxin_items = _toxin_items(plan)
    reported: set[int] = set()
    other_noted: set[tuple[int, int]] = set()
    sessions = sorted({i.session_number for i in toxin_items})
    for number in sessions:
        day = session_date(plan, number)
        in_session = [i for i in toxin_items if i.session_number == number]
        for item in in_session:
            product = item.product
            window_history = [e for e in plan.history if _is_toxin(e) and in_window(e.on, day)]
            # Other toxin brands in the window: never added up, but the labels ask to consider them.
            others = [e for e in window_history if not _same_units(e.product_id, e.substance, product)]
            if others and (number, product.id) not in other_noted:
                other_noted.add((number, product.id))
                listed = "; ".join(
                    f"{e.product_name or 'unknown product'} {fmt_dose(e.dose, e.unit)} on {fmt_date(e.on)}, {e.origin}"
                    for e in sorted(others, key=lambda e: e.on)
                )
                findings.append(
                    Finding(
                        INFO,
                        "toxin-other-products-in-window",
                        f"Other toxin within 90 days before session {number} ({listed}): its units cannot be added "
                        f"to {product.name}'s, but consider the cumulative dose across BoNT products.",
                        item.key,
                        SOURCE_CROSS_PRODUCT,
                    )
                )
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
                    if _is_toxin(e) and _same_units(e.product_id, e.substance, product) and in_window(day, e.on)
                }
            )
            candidates = []
            for end in ends:
                window = [
                    e
                    for e in plan.history
                    if _is_toxin(e) and in_window(e.on, end) and _same_units(e.product_id, e.substance, product)
                ]
                finding = _cumulative_finding(plan, item, toxin_items, window, end)
                if finding is not None:
                    candidates.append(finding)
            if candidates:  # the first window over the maximum, else the first with an unrecorded dose
                reported.add(product.id)
                findings.append(next((f for f in candidates if f.severity == STOP), candidates[0]))
    return findings


def _cumulative_finding(
    plan: PlanInput, item: ItemInput, toxin_items: list[ItemInput], same: list[HistoryEntry], end: dt.date
) -> Finding | None:
    """A stop when this product's units in the 90 days up to `end` pass its maximum; a caution when an earlier
    dose in that window is not recorded; else None."""
    product = item.product
    limit = product.max_units_90_days
    plan_units = sum(
        (
            i.dose
            for i in toxin_items
            if in_window(session_date(plan, i.session_number), end)
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


def _last_toxin_before(plan: PlanInput, day: dt.date, number: int) -> tuple[dt.date, str, str, str] | None:
    """(date, product name, dose text, origin) of the latest toxin on or before `day`, from history or from an
    earlier session of this plan."""
    candidates: list[tuple[dt.date, str, str, str, int | None]] = []
    for entry in plan.history:
        if _is_toxin(entry) and entry.on <= day:
            candidates.append(
                (
                    entry.on,
                    entry.product_name or "unknown product",
                    fmt_dose(entry.dose, entry.unit),
                    entry.origin,
                    entry.product_id,
                )
            )
    for item in _toxin_items(plan):
        if item.session_number < number:
            candidates.append(
                (
                    session_date(plan, item.session_number),
                    item.product.name,
                    fmt_dose(item.dose, item.product.unit),
                    f"session {item.session_number} of this plan",
                    item.product.id,
                )
            )
    if not candidates:
        return None
    latest = max(c[0] for c in candidates)
    same_day = [c for c in candidates if c[0] == latest]
    # Several on the same day: one line naming each product (doses of different products are listed, not added).
    names = sorted({c[1] for c in same_day})
    doses = ", ".join(f"{c[1]} {c[2]}" for c in sorted(same_day, key=lambda c: (c[1], c[2])))
    return latest, " / ".join(names), doses, same_day[0][3]


def check_retreatment_interval(plan: PlanInput) -> list[Finding]:
    findings = []
    for number in sorted({i.session_number for i in _toxin_items(plan)}):
        day = session_date(plan, number)
        last = _last_toxin_before(plan, day, number)
        if last is not None and (day - last[0]).days < RETREATMENT_DAYS:
            on, _names, doses, origin = last
            days = (day - on).days
            first = next(i for i in _toxin_items(plan) if i.session_number == number)
            findings.append(
                Finding(
                    CAUTION,
                    "retreatment-interval",
                    f"Toxin in session {number} ({fmt_date(day)}) is {days} day{'s' if days != 1 else ''} after the "
                    f"last toxin ({doses} on {fmt_date(on)}, {origin}): re-treat no more often than every "
                    f"{RETREATMENT_DAYS} days.",
                    first.key,
                    SOURCE_RETREATMENT,
                )
            )
        upcoming = _next_toxin_after(plan, day)
        if upcoming is not None and (upcoming[0] - day).days < RETREATMENT_DAYS:
            on, doses, origin = upcoming
            days = (on - day).days
            first = next(i for i in _toxin_items(plan) if i.session_number == number)
            findings.append(
                Finding(
                    CAUTION,
                    "retreatment-interval",
                    f"Toxin in session {number} ({fmt_date(day)}) is {days} day{'s' if days != 1 else ''} before "
                    f"another toxin already planned or recorded ({doses} on {fmt_date(on)}, {origin}): re-treat no "
                    f"more often than every {RETREATMENT_DAYS} days.",
                    first.key,
                    SOURCE_RETREATMENT,
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
    for item in _toxin_items(plan):
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


def builtin_rule(slug: str, *, kind: str, substance: str = "", contains_lidocaine: bool = False) -> str | None:
    """The minimum severity ("contraindicated" / "caution") the reference sets for a screening answer against a
    product or treatment modality, whatever the catalog says; None if no built-in rule applies."""
    if slug == "lidocaine-allergy" and contains_lidocaine:
        return CONTRAINDICATED
    if slug == "pregnancy-breastfeeding" and kind in (TOXIN, FILLER):
        return CONTRAINDICATED
    if slug == "cows-milk-protein-allergy" and substance == ABOBOTULINUMTOXIN:
        return CONTRAINDICATED
    if slug == "neuromuscular-disorder" and kind == TOXIN:
        return RULE_CAUTION
    if slug == "keloid-scarring" and substance == POLY_L_LACTIC_ACID:
        return CONTRAINDICATED
    return None


def check_contraindications(plan: PlanInput) -> list[Finding]:
    findings = []
    screening = sorted(plan.screening_slugs)
    for item in plan.items:
        product = item.product
        for slug in screening:
            matches: list[tuple[str, str, str]] = []  # (severity, why, source)
            for rule in item.treatment_contraindications:
                if rule.slug != slug:
                    continue
                severity = rule.severity
                why = f"{item.treatment_name}: {rule.note or _rule_word(severity)}"
                if slug == "lidocaine-allergy" and not product.contains_lidocaine:
                    # The allergy is to an ingredient: a product without lidocaine is not ruled out, but any
                    # local anaesthetic used during the treatment still matters.
                    severity = RULE_CAUTION
                    why = (
                        f"{item.treatment_name} lists it; {product.name} contains no lidocaine, so check any local "
                        "anaesthetic used"
                    )
                matches.append((severity, why, cite(rule.source, rule.evidence_flag)))
            for rule in product.contraindications:
                if rule.slug != slug:
                    continue
                if slug == "lidocaine-allergy" and not product.contains_lidocaine:
                    continue
                if slug == "lidocaine-allergy" and not rule.note:
                    why = f"{product.name} contains lidocaine"
                else:
                    why = f"{product.name}: {rule.note or _rule_word(rule.severity)}"
                matches.append((rule.severity, why, cite(rule.source, rule.evidence_flag)))
            floor = builtin_rule(
                slug, kind=product.kind, substance=product.substance, contains_lidocaine=product.contains_lidocaine
            )
            if floor is not None and not any(_rank(m[0]) >= _rank(floor) for m in matches):
                if slug == "lidocaine-allergy":
                    why = f"{product.name} contains lidocaine"
                elif slug == "cows-milk-protein-allergy":
                    why = f"{product.name} (abobotulinumtoxinA) lists cow's milk protein among its excipients"
                elif slug == "pregnancy-breastfeeding":
                    why = f"{product.kind} treatments are deferred ({product.name})"
                elif slug == "keloid-scarring":
                    why = f"{product.name}'s label contraindicates it (poly-L-lactic acid)"
                else:
                    why = f"{product.name}: higher risk of serious systemic effects from botulinum toxin"
                matches.append((floor, why, _BUILTIN_SOURCES[slug]))
            if not matches:
                continue
            severity = max(matches, key=lambda m: _rank(m[0]))[0]
            name = _screening_name(
                plan,
                slug,
                next(
                    (r.name for r in item.treatment_contraindications + product.contraindications if r.slug == slug), ""
                ),
            )
            reasons = "; ".join(dict.fromkeys(m[1] for m in matches))
            sources = "; ".join(dict.fromkeys(m[2] for m in matches))
            label = "contraindicated" if severity == CONTRAINDICATED else "use with caution"
            findings.append(
                Finding(
                    STOP if severity == CONTRAINDICATED else CAUTION,
                    "contraindication",
                    f"{item.treatment_name} in {item.area_name}: {name} recorded in the screening ({label}) — "
                    f"{reasons}.",
                    item.key,
                    sources,
                )
            )
    return findings


def _rule_word(rule_severity: str) -> str:
    return "contraindicated" if rule_severity == CONTRAINDICATED else "use with caution"


def _rank(rule_severity: str) -> int:
    return 1 if rule_severity == CONTRAINDICATED else 0


def check_high_risk_areas(plan: PlanInput) -> list[Finding]:
    findings = []
    for item in plan.items:
        if item.area_high_risk and item.product.kind == FILLER:
            note = item.area_risk_note.strip() or (
                "filler here has caused vascular occlusion, tissue necrosis and blindness; inject slowly with the "
                "least pressure and keep hyaluronidase at hand"
            )
            findings.append(
                Finding(
                    CAUTION,
                    "high-risk-area",
                    f"Filler in {item.area_name}, a high-risk area: {note.rstrip('.')}.",
                    item.key,
                    SOURCE_HIGH_RISK,
                )
            )
    return findings


_SIDE_PARTS = {"left": {"left"}, "right": {"right"}, "midline": {"midline"}, "both": {"left", "right", "midline"}}


def sides_overlap(a: str, b: str) -> bool:
    """left/right/midline are disjoint; "both" covers the whole area. Unknown values overlap (be safe)."""
    return bool(_SIDE_PARTS.get(a, {a, "both"}) & _SIDE_PARTS.get(b, {b, "both"}))


def check_duplicate_areas(plan: PlanInput) -> list[Finding]:
    findings = []
    for index, item in enumerate(plan.items):
        earlier = next(
            (
                other
                for other in plan.items[:index]
                if other.session_number == item.session_number
                and other.area_id == item.area_id
                and sides_overlap(other.side, item.side)
            ),
            None,
        )
        if earlier is None:
            continue
        findings.append(
            Finding(
                CAUTION,
                "duplicate-area",
                f"{item.area_name} is planned twice in session {item.session_number} "
                f"({earlier.treatment_name}, {earlier.product.name} {fmt_dose(earlier.dose, earlier.product.unit)} "
                f"{_side_text(earlier.side)}; and this {item.treatment_name}, {item.product.name} "
                f"{fmt_dose(item.dose, item.product.unit)} {_side_text(item.side)}): check it is intended.",
                item.key,
                SOURCE_DUPLICATE,
            )
        )
    return findings


def _side_text(side: str) -> str:
    return {"both": "both sides", "left": "left side", "right": "right side", "midline": "midline"}.get(side, side)


CHECKS = (
    check_contraindications,
    check_toxin_session_limit,
    check_toxin_90_days,
    check_retreatment_interval,
    check_brand_switch,
    check_dose_ranges,
    check_high_risk_areas,
    check_duplicate_areas,
)


def run_checks(plan: PlanInput) -> list[Finding]:
    """All findings for the plan, most severe first (then in check order, then in item order)."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(plan))
    return sorted(findings, key=lambda f: -SEVERITY_ORDER[f.severity])


def worst_severity(findings: Iterable[Finding]) -> str | None:
    findings = list(findings)
    if not findings:
        return None
    return max(findings, key=lambda f: SEVERITY_ORDER[f.severity]).severity


def summarise(findings: Iterable[Finding]) -> FindingSummary:
    findings = list(findings)
    counts = {STOP: 0, CAUTION: 0, INFO: 0}
    for finding in findings:
        counts[finding.severity] += 1
    return FindingSummary(
        stop=counts[STOP], caution=counts[CAUTION], info=counts[INFO], worst_severity=worst_severity(findings)
    )
