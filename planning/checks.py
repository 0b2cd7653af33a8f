"""Safety checks for a treatment plan: plain functions over plain data, no Django request or ORM in here.

planning.check_data builds a PlanInput from the database (in a fixed number of queries); run_checks turns it
into findings. Every finding says what and why, and cites the catalog source of the number it used.

CONTRACT (shared by planning.check_data, planning.views and the tests; change only with care):
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

INFO = "info"
CAUTION = "caution"
STOP = "stop"
SEVERITY_ORDER = {INFO: 0, CAUTION: 1, STOP: 2}


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
    origin: str  # "recorded at consultation", "performed session", "accepted plan"


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


def run_checks(plan: PlanInput) -> list[Finding]:
    """All findings for the plan, most severe first."""
    raise NotImplementedError("filled in by the checks work")


def worst_severity(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    return max(findings, key=lambda f: SEVERITY_ORDER[f.severity]).severity
