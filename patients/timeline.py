"""The patient timeline: everything recorded about one patient, in one chronological page, and per facial area what
was done each time.

patients may not import the apps above it, so it declares the timeline and each app adds what it knows in its
AppConfig.ready (as pages take sections, clinic/sections.py):

    # planning/apps.py
    PATIENT_TIMELINE.add(timeline.plans_and_sessions)
    # patients/views/timeline.py
    entries = PATIENT_TIMELINE.entries(request=request, patient=patient)

A source takes the request and the patient as keywords and returns TimelineEntry rows for what the user may see
(an empty list for a role that may not see them), in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

Source = Callable[..., Iterable["TimelineEntry"]]

# The kinds of entry, in the order the page's filter lists them, with their labels.
KINDS = {
    "consultation": "Consultations",
    "plan": "Plans",
    "consent": "Consents",
    "session": "Sessions",
    "photo": "Photos",
    "outcome": "Outcomes",
    "followup": "Follow-ups",
    "event": "Adverse events",
}


@dataclass(frozen=True)
class AreaDone:
    """What was done in one facial area on one occasion, e.g. "BOTOX Cosmetic 20 U in 5 points"."""

    area_id: int
    area_name: str
    text: str


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime | dt.date
    kind: str  # a key of KINDS
    title: str
    detail: str = ""
    url: str = ""
    areas: tuple[AreaDone, ...] = field(default=())
    alert: bool = False  # worth the eye: an adverse event, an overdue follow-up

    @property
    def moment(self) -> dt.datetime:
        """When, as an aware datetime for sorting (a date counts as its start in the clinic's time zone)."""
        if isinstance(self.when, dt.datetime):
            return self.when if timezone.is_aware(self.when) else timezone.make_aware(self.when)
        return timezone.make_aware(dt.datetime.combine(self.when, dt.time.min))

    @property
    def is_day(self) -> bool:
        return not isinstance(self.when, dt.datetime)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class AreaTime:
    entry: TimelineEntry
    text: str  # what was done in the area that time


@dataclass(frozen=True)
class AreaHistory:
    area_name: str
    times: tuple[AreaTime, ...]  # newest first


class Timeline:
    def __init__(self):
        self._sources: list[Source] = []

    def add(self, source: Source) -> None:
        if source not in self._sources:  # ready() may run twice (tests, autoreload)
            self._sources.append(source)

    def entries(self, **record) -> list[TimelineEntry]:
        """Every source's entries, newest first."""
        found = [entry for source in self._sources for entry in source(**record)]
        return sorted(found, key=lambda e: e.moment, reverse=True)


def by_area(entries: Iterable[TimelineEntry]) -> list[AreaHistory]:
    """Per facial area, what was done each time (newest first), from the entries that name areas."""
    times: dict[str, list[AreaTime]] = defaultdict(list)
    for entry in entries:
        for done in entry.areas:
            times[done.area_name].append(AreaTime(entry=entry, text=done.text))
    return [
        AreaHistory(area_name=name, times=tuple(sorted(rows, key=lambda r: r.entry.moment, reverse=True)))
        for name, rows in sorted(times.items())
    ]


PATIENT_TIMELINE = Timeline()
