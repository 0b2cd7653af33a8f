"""photos' rows on the patient timeline (patients/timeline.py): one row per day photos were taken."""

from collections import defaultdict

from django.urls import reverse

from patients.timeline import TimelineEntry
from photos import access, selectors


def photo_days(*, request, patient) -> list[TimelineEntry]:
    if not access.can_see_photos(user=request.user):
        return []
    days = defaultdict(list)
    for photo in selectors.photos_for_patient(patient=patient):
        days[photo.taken_on].append(photo)
    gallery = reverse("photos:gallery", args=[patient.code])
    return [
        TimelineEntry(
            when=day,
            kind="photo",
            title=f"{len(photos)} photo{'s' if len(photos) != 1 else ''} taken",
            detail=", ".join(sorted({f"{p.get_view_display()} ({p.get_stage_display().lower()})" for p in photos})),
            url=gallery,
        )
        for day, photos in days.items()
    ]
