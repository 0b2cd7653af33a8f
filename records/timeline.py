"""records' rows on the patient timeline (patients/timeline.py): adverse events, by their onset (or when noted)."""

from django.urls import reverse

from patients.timeline import AreaDone, TimelineEntry
from records import access
from records.models import AdverseEvent


def adverse_events(*, request, patient) -> list[TimelineEntry]:
    if not access.can_see_records(user=request.user):
        return []
    rows = AdverseEvent.objects.filter(session__patient=patient).select_related("session", "area")

    def where(e) -> tuple[AreaDone, ...]:
        return (AreaDone(e.area_id, e.area.name, f"{e.get_kind_display().lower()} (adverse event)"),) if e.area else ()

    return [
        TimelineEntry(
            when=e.onset_at or e.noted_at,
            kind="event",
            title=f"{e.get_kind_display()} ({e.get_severity_display().lower()})",
            detail=e.details,
            url=reverse("records:session_detail", args=[e.session.code]),
            areas=where(e),
            alert=True,
        )
        for e in rows
    ]
