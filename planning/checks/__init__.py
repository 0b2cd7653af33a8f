"""Safety checks for a treatment plan: plain functions over plain data, no Django request or ORM in here.

planning.check_data builds a PlanInput from the database (in a fixed number of queries); run_checks turns it into
findings, most severe first. Every finding says what and why, and cites the source of the number or rule it used
(the sections are those of docs/clinical-sources.md, restated from the shared clinical reference).

Where each rule lives (one home each; everything else asks it):
- Which dose range applies to a product in a treatment and area: catalog.rules.applicable_range (also used by the
  add-item form, the services' default doses, the template pages). A generic toxin range's units are the
  range's own field, TreatmentArea.unit_substance.
- Typical ranges, added up per treatment, area and session (per side for a per-side range): checks.doses.
- Labelled maxima per session (toxin or filler, Product.max_units_per_session) and per year (Juvéderm gels,
  Product.yearly_max per body weight): checks.doses. A dose that is a typing error (orders of magnitude off) is
  refused at the field before any check: catalog.rules.implausible_dose, called by planning.services.
- A dose equal to another brand's labelled dose for the area: checks.doses.check_other_brand_dose.
- The 90-day toxin maximum, the re-treatment floor and touch-ups, the catalog's repeat intervals, brand switches,
  toxins typed by name, forehead without glabellar lines: checks.toxins.
- Contraindications: one rule book, catalog.models.ContraindicationRule plus the built-in floors in
  catalog.screening.FLOORS, matched by catalog.rules.fired_rules; read here (checks.screening) and by
  planning.suggestions alike. The screening questions themselves: catalog.screening.SCREENING_QUESTIONS.
- The patient's age against the product's labelled or studied ages (Product.min_age / max_age): checks.screening.
- High-risk filler areas and the same area twice in a session: checks.areas.
- An item's dose against the sum of its injection points (ItemInput.point_doses): checks.points.

CONTRACT (shared by planning.check_data, planning.views and the tests; change only with care):
- run_checks(plan: PlanInput) -> list[Finding], most severe first, deterministic.
- summarise(findings) -> FindingSummary (counts per severity, worst_severity) for the summary at the top.
- worst_severity(findings) -> "stop" | "caution" | "info" | None.
"""

from __future__ import annotations

from collections.abc import Iterable

from .areas import check_duplicate_areas, check_high_risk_areas, sides_overlap
from .base import (
    CAUTION,
    CONTRAINDICATED,
    FILLER,
    INFO,
    RULE_CAUTION,
    SEVERITY_ORDER,
    STOP,
    TOXIN,
    ContraindicationRule,
    DoseRange,
    Finding,
    FindingSummary,
    HistoryEntry,
    ItemInput,
    PlanInput,
    ProductInfo,
    cite,
    fmt_amount,
    fmt_date,
    fmt_dose,
    range_text,
    session_date,
)
from .doses import check_dose_ranges, check_other_brand_dose, check_session_limit, check_yearly_volume
from .points import check_points_add_up
from .screening import check_age, check_contraindications
from .toxins import (
    RETREATMENT_DAYS,
    check_brand_switch,
    check_forehead_with_glabella,
    check_retreatment_interval,
    check_toxin_90_days,
    check_treatment_interval,
)

check_toxin_session_limit = check_session_limit  # its older name

CHECKS = (
    check_contraindications,
    check_age,
    check_session_limit,
    check_yearly_volume,
    check_toxin_90_days,
    check_retreatment_interval,
    check_treatment_interval,
    check_brand_switch,
    check_other_brand_dose,
    check_forehead_with_glabella,
    check_dose_ranges,
    check_high_risk_areas,
    check_duplicate_areas,
    check_points_add_up,
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


__all__ = [
    "CAUTION",
    "CHECKS",
    "CONTRAINDICATED",
    "FILLER",
    "INFO",
    "RETREATMENT_DAYS",
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
    "check_contraindications",
    "check_dose_ranges",
    "check_duplicate_areas",
    "check_high_risk_areas",
    "check_points_add_up",
    "check_toxin_session_limit",
    "cite",
    "fmt_amount",
    "fmt_date",
    "fmt_dose",
    "range_text",
    "run_checks",
    "session_date",
    "sides_overlap",
    "summarise",
    "worst_severity",
]
