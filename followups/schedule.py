"""When a signed session's follow-ups fall due: plain functions over what was given, no database, no request.

Where the numbers come from (clinical reference §5, "Follow-up conventions"), all read from the catalog rows:

- Review: the treatment's `review_interval_days` (seeded from §5 "Toxin review / touch-up ~2 weeks" PRACTICE,
  "Masseter review 3–4 weeks" PRACTICE, "Filler touch-up ~2 weeks to 1 month" LABEL-2°). The practitioner may
  have moved the session's review date on the record form (`TreatmentSession.review_on`, which defaults to the
  shortest interval): the first review visit is then on that date, and a later review that would fall on or before
  it joins it.
- Repeat or maintenance: the product's `typical_duration_months` (§5 "Toxin typical repeat ~3–4 months, Daxxify ~6
  months" REVIEW/PRACTICE; "Filler maintenance" product examples, REVIEW/TRIAL, via the §3a product rows), never
  sooner than the treatment's `repeat_interval_days` (§5 "Toxin re-treatment floor ≥90 days", LABEL-2°). A product
  without a typical duration falls back to that interval; with neither (a filler whose duration the reference does
  not give) no repeat visit is planned, and the practitioner books one by judgement.

These are default dates for the front desk to offer, never limits: a PRACTICE value is a hint.

One visit per due date: the treatments reviewed on the same day are one follow-up listing them all.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

REVIEW = "review"
REPEAT = "repeat"


@dataclass(frozen=True)
class Due:
    """One follow-up visit to offer: its kind, the day it falls due and what was given that it follows up."""

    kind: str
    due_on: dt.date
    items: tuple[Any, ...]


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months, on the last day of the month when it has no such day (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_on_for(item, performed_on: dt.date) -> dt.date | None:
    days = item.treatment.review_interval_days
    return performed_on + dt.timedelta(days=days) if days else None


def repeat_on_for(item, performed_on: dt.date) -> dt.date | None:
    """The repeat or maintenance visit for one item: the product's typical duration, not before the treatment's
    repeat interval; None when the catalog gives neither."""
    months = item.product.typical_duration_months
    floor_days = item.treatment.repeat_interval_days
    candidates = []
    if months:
        candidates.append(add_months(performed_on, months))
    if floor_days:
        candidates.append(performed_on + dt.timedelta(days=floor_days))
    return max(candidates) if candidates else None


def _grouped(kind: str, dated: Iterable[tuple[dt.date, Any]]) -> list[Due]:
    by_day: dict[dt.date, list[Any]] = {}
    for day, item in dated:
        by_day.setdefault(day, []).append(item)
    return [Due(kind=kind, due_on=day, items=tuple(by_day[day])) for day in sorted(by_day)]


def reviews(items: Sequence[Any], *, performed_on: dt.date, review_on: dt.date | None = None) -> list[Due]:
    dated = [(day, item) for item in items if (day := review_on_for(item, performed_on))]
    if review_on is not None:
        if not dated:
            # The practitioner asked for a review the catalog does not give: it reviews everything given.
            return [Due(kind=REVIEW, due_on=review_on, items=tuple(items))] if items else []
        first = min(day for day, _ in dated)
        dated = [(review_on if day == first or day <= review_on else day, item) for day, item in dated]
    return _grouped(REVIEW, dated)


def repeats(items: Sequence[Any], *, performed_on: dt.date) -> list[Due]:
    return _grouped(REPEAT, [(day, item) for item in items if (day := repeat_on_for(item, performed_on))])


def followups_for(items: Sequence[Any], *, performed_on: dt.date, review_on: dt.date | None = None) -> list[Due]:
    """Every follow-up a session's items call for: its reviews, then its repeat or maintenance visits."""
    return [*reviews(items, performed_on=performed_on, review_on=review_on), *repeats(items, performed_on=performed_on)]
