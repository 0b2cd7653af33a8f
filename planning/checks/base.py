"""The plain data the safety checks read and write, and the small helpers every family of checks shares.

No Django request or ORM here: planning.check_data builds a PlanInput from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.rules import CONTRAINDICATED, FILLER, TOXIN, Rule, cite
from clinic import formatting

INFO = "info"
CAUTION = "caution"
STOP = "stop"
SEVERITY_ORDER = {INFO: 0, CAUTION: 1, STOP: 2}
RULE_CAUTION = "caution"

__all__ = [
    "CAUTION",
    "CONTRAINDICATED",
    "FILLER",
    "INFO",
    "RULE_CAUTION",
    "SEVERITY_ORDER",
    "STOP",
    "TOXIN",
    "ContraindicationRule",
    "DoseRange",
    "Finding",
    "FindingSummary",
    "HistoryEntry",
    "ItemInput",
    "PlanInput",
    "ProductInfo",
    "cite",
    "fmt_amount",
    "fmt_date",
    "fmt_dose",
    "range_text",
    "session_date",
]

ContraindicationRule = Rule  # the checks' name for one rule of catalog.rules


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
    # A generic toxin range's units (TreatmentArea.unit_substance): it is read only for that substance's products.
    unit_substance: str = ""
    treatment_name: str = ""  # for ranges of other treatments in the same area (another brand's label dose)


@dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    kind: str  # "toxin" or "filler"
    substance: str
    unit: str
    contains_lidocaine: bool = False
    max_units_per_session: Decimal | None = None  # in the product's unit, from a label row
    max_units_90_days: Decimal | None = None
    limit_source: str = ""
    limit_evidence_flag: str = ""
    yearly_max: Decimal | None = None
    yearly_max_body_weight_kg: Decimal | None = None
    yearly_limit_group: str = ""
    yearly_limit_source: str = ""
    yearly_limit_evidence_flag: str = ""
    min_age: int | None = None
    max_age: int | None = None
    age_source: str = ""
    age_evidence_flag: str = ""


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
    area_slug: str = ""
    review_interval_days: int | None = None  # the treatment's review (touch-up) window, §5
    repeat_interval_days: int | None = None  # the treatment's own repeat interval, when the catalog gives one
    interval_source: str = ""
    interval_evidence_flag: str = ""
    area_label_doses: tuple[DoseRange, ...] = ()  # single labelled doses of other products in this area
    point_doses: tuple[Decimal, ...] = ()  # the doses of the item's injection points (planning.InjectionPoint)


@dataclass(frozen=True)
class HistoryEntry:
    """A toxin or filler treatment before or around the planned date."""

    on: dt.date
    product_id: int | None
    product_name: str
    kind: str  # "toxin", "filler" or "" if unknown
    substance: str  # a catalog substance, "other_toxin" / "other_filler" for one typed by name, or ""
    area_id: int | None
    area_name: str
    dose: Decimal | None
    unit: str
    origin: str  # "recorded at consultation", "performed session", "planned in “Plan B” (accepted)"
    yearly_limit_group: str = ""
    points: int = 0  # a performed item's injection points as given (their doses add up to `dose`)


@dataclass(frozen=True)
class PlanInput:
    planned_date: dt.date
    session_gap_days: int
    items: tuple[ItemInput, ...]
    history: tuple[HistoryEntry, ...] = ()
    screening_slugs: frozenset[str] = frozenset()
    screening_names: dict[str, str] = field(default_factory=dict)  # slug -> readable name
    rules: tuple[Rule, ...] = ()  # the catalog's contraindication rules plus catalog.screening.FLOORS
    birth_date: dt.date | None = None
    body_weight_kg: Decimal | None = None


@dataclass(frozen=True)
class Finding:
    severity: str  # INFO, CAUTION or STOP
    code: str  # e.g. "dose-above-range", "toxin-90-day-limit", "retreatment-interval", "contraindication"
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


def fmt_amount(value: Decimal) -> str:
    """Decimal("2.50") -> "2.5", Decimal("20.00") -> "20" (no exponent, no trailing zeros): clinic.formatting."""
    return formatting.quantity(value)


def fmt_dose(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "dose not recorded"
    return f"{fmt_amount(value)} {unit}".strip()


def fmt_date(day: dt.date) -> str:
    """2 Dec 2026: the app's one date style (clinic.formatting)."""
    return formatting.day(day)


def range_text(dose_range: DoseRange) -> str:
    """ "1–3 mL per side", or "20 U" when the range is a single labelled dose."""
    low, high = fmt_amount(dose_range.dose_min), fmt_amount(dose_range.dose_max)
    amount = low if low == high else f"{low}–{high}"
    return f"{amount} {dose_range.unit}{' per side' if dose_range.per_side else ''}"


def session_date(plan: PlanInput, session_number: int) -> dt.date:
    try:
        return plan.planned_date + dt.timedelta(days=(max(session_number, 1) - 1) * plan.session_gap_days)
    except OverflowError:  # a date stored before forms bounded the year: the calendar's last day
        return dt.date.max


def in_window(on: dt.date, until: dt.date, days: int) -> bool:
    """True when `on` lies within `days` days up to `until`: 0 <= (until - on).days < days."""
    return 0 <= (until - on).days < days


def toxin_items(plan: PlanInput) -> list[ItemInput]:
    return [i for i in plan.items if i.product.kind == TOXIN]


def side_text(side: str) -> str:
    return {"both": "both sides", "left": "left side", "right": "right side", "midline": "midline"}.get(side, side)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
