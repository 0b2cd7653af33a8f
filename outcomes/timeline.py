"""outcomes' rows on the patient timeline (patients/timeline.py): each session's review, with the ratings per area."""

from collections import defaultdict

from django.urls import reverse

from outcomes import access
from outcomes.models import OutcomeRating
from patients.timeline import AreaDone, TimelineEntry


def reviews(*, request, patient) -> list[TimelineEntry]:
    if not access.can_see_outcomes(user=request.user):
        return []
    by_session = defaultdict(list)
    ratings = OutcomeRating.objects.filter(session__patient=patient).select_related("session", "area")
    for rating in ratings.order_by("session_id", "area__name", "rater"):
        by_session[rating.session].append(rating)
    entries = []
    for session, rows in by_session.items():
        per_area = defaultdict(list)
        for r in rows:
            rated = f"{r.get_rater_display().lower()} {r.get_score_display().lower()}"
            per_area[(r.area_id, r.area.name)].append(rated)
        entries.append(
            TimelineEntry(
                when=max(r.rated_at for r in rows),
                kind="outcome",
                title=f"Outcome of session {session.session_number} rated (GAIS)",
                url=reverse("outcomes:review", args=[session.code]),
                areas=tuple(AreaDone(a, name, "outcome: " + ", ".join(texts)) for (a, name), texts in per_area.items()),
            )
        )
    return entries
