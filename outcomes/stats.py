"""The report's figures over plain data, without Django: n, mean and median GAIS by rater, and % improved.

"Improved" is a GAIS score of 1, 2 or 3 (very much improved, much improved, improved); 4 (no change) and 5 (worse)
are not. Each figure is over the ratings given: an area the patient has not rated yet counts in n and in the
practitioner's figures, not in the patient's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

IMPROVED_AT_MOST = 3  # GAIS "improved" (outcomes.models.Gais.IMPROVED); the one home of what counts as improved


@dataclass(frozen=True)
class RatedArea:
    """One area rated at one session's review, under the treatment and product given there."""

    treatment: str
    product: str
    practitioner: int | None
    patient: int | None


@dataclass(frozen=True)
class Figures:
    """One rater's figures: how many ratings, their mean and median (None when there are none), % improved."""

    count: int
    mean: Decimal | None
    median: Decimal | None
    improved_percent: int | None


@dataclass(frozen=True)
class ReportRow:
    treatment: str
    product: str
    n: int  # areas rated (by either rater)
    practitioner: Figures
    patient: Figures


def _one_place(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures(scores: list[int]) -> Figures:
    if not scores:
        return Figures(count=0, mean=None, median=None, improved_percent=None)
    improved = sum(1 for s in scores if s <= IMPROVED_AT_MOST)
    return Figures(
        count=len(scores),
        mean=_one_place(sum(scores) / len(scores)),
        median=_one_place(median(scores)),
        improved_percent=int(_one_place(100 * improved / len(scores)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)),
    )


def report_rows(rated: Iterable[RatedArea]) -> list[ReportRow]:
    """One row per treatment and product, in name order."""
    groups: dict[tuple[str, str], list[RatedArea]] = {}
    for area in rated:
        groups.setdefault((area.treatment, area.product), []).append(area)
    return [
        ReportRow(
            treatment=treatment,
            product=product,
            n=len(areas),
            practitioner=figures([a.practitioner for a in areas if a.practitioner is not None]),
            patient=figures([a.patient for a in areas if a.patient is not None]),
        )
        for (treatment, product), areas in sorted(groups.items())
    ]
