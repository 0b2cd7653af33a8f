"""Checks on where the plan injects: filler in a high-risk area, and the same area planned twice in a session."""

from __future__ import annotations

from .base import CAUTION, FILLER, Finding, PlanInput, fmt_dose, side_text

SOURCE_HIGH_RISK = (
    "Clinical reference §4c: Juvéderm labelling, glabella and nose: embolisation, occlusion, blindness · LABEL-2°"
)
SOURCE_DUPLICATE = "Plan consistency check (no clinical number used)"

_SIDE_PARTS = {"left": {"left"}, "right": {"right"}, "midline": {"midline"}, "both": {"left", "right", "midline"}}


def sides_overlap(a: str, b: str) -> bool:
    """left/right/midline are disjoint; "both" covers the whole area. Unknown values overlap (be safe)."""
    return bool(_SIDE_PARTS.get(a, {a, "both"}) & _SIDE_PARTS.get(b, {b, "both"}))


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


def check_duplicate_areas(plan: PlanInput) -> list[Finding]:
    """The same area (and side) twice in one session: check it is intended. Left and right items do not overlap;
    the dose checks add up the items of one treatment in one area either way."""
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
                f"{side_text(earlier.side)}; and this {item.treatment_name}, {item.product.name} "
                f"{fmt_dose(item.dose, item.product.unit)} {side_text(item.side)}): check it is intended.",
                item.key,
                SOURCE_DUPLICATE,
            )
        )
    return findings
