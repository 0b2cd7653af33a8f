"""The item's injection points against the item's own dose: the dose planned is the sum of its points.

Not a clinical number: a bookkeeping check. Placing points one by one on the face chart (or applying a template's
pattern and then changing the item's dose) can leave the two apart, and the practitioner should see which one the
day will follow. An item without points says nothing here: its points are optional.
"""

from __future__ import annotations

from decimal import Decimal

from .base import CAUTION, Finding, PlanInput, fmt_dose


def check_points_add_up(plan: PlanInput) -> list[Finding]:
    """A caution for every item whose points add up to another dose than the item's."""
    findings = []
    for item in plan.items:
        if not item.point_doses:
            continue
        total = sum(item.point_doses, Decimal("0"))
        if total == item.dose:
            continue
        unit = item.product.unit
        findings.append(
            Finding(
                CAUTION,
                "points-dose-mismatch",
                f"The points add up to {fmt_dose(total, unit)}; the item says {fmt_dose(item.dose, unit)}. "
                "Change a point or the item's dose so that they agree.",
                item.key,
            )
        )
    return findings
