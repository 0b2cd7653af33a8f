"""Reads for the outcome pages: the session under review, its areas and ratings, the before/after photo pair, the
notes beside "last time in this area" on the plan page, and the report's rows. Who may see what is decided in
outcomes/access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from catalog.models import FacialArea
from clinic.formatting import day
from outcomes import access
from outcomes.models import Gais, OutcomeRating, Rater
from outcomes.stats import RatedArea
from photos.models import Photo, PhotoStage, PhotoView
from planning.models import PerformedItem, TreatmentSession


def get_session_for_user(*, user, code) -> TreatmentSession:
    """The performed session whose outcome the user wants: 403 without the outcome permission, 404 if unknown."""
    if not access.can_see_outcomes(user=user):
        raise PermissionDenied
    return get_object_or_404(TreatmentSession.objects.select_related("plan", "patient", "performed_by"), code=code)


def session_day(session: TreatmentSession) -> dt.date:
    return timezone.localtime(session.performed_at).date()


# --- the review page -------------------------------------------------------------------------------------------


@dataclass
class AreaReview:
    """One area treated in the session: what was given there, and each rater's current rating and earlier ones."""

    area: FacialArea
    given: list[PerformedItem] = field(default_factory=list)
    ratings: dict[str, OutcomeRating] = field(default_factory=dict)
    earlier: list = field(default_factory=list)  # historical rows replaced by a correction, newest first

    @property
    def practitioner(self) -> OutcomeRating | None:
        return self.ratings.get(Rater.PRACTITIONER)

    @property
    def patient(self) -> OutcomeRating | None:
        return self.ratings.get(Rater.PATIENT)


def review_areas(session: TreatmentSession) -> list[AreaReview]:
    """The areas treated in the session in the catalog's order, in three queries whatever their number."""
    by_area: dict[int, AreaReview] = {}
    items = session.items.select_related("area", "product", "treatment").order_by(
        "area__display_order", "area__name", "pk"
    )
    for item in items:
        by_area.setdefault(item.area_id, AreaReview(area=item.area)).given.append(item)
    for rating in OutcomeRating.objects.filter(session=session).select_related("rated_by"):
        if rating.area_id in by_area:
            by_area[rating.area_id].ratings[rating.rater] = rating
    current = {(r.pk, r.score, r.note) for a in by_area.values() for r in a.ratings.values()}
    history = OutcomeRating.history.filter(session_id=session.pk).select_related("history_user")
    for row in history.order_by("-history_date", "-history_id"):
        if row.area_id in by_area and (row.id, row.score, row.note) not in current:
            by_area[row.area_id].earlier.append(row)
    return list(by_area.values())


# --- the photo pair --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoPair:
    """A before and an after photo of one view, side by side: the latest "before" photo taken up to the session's
    day and the latest "after" photo taken from that day on. `views` are the views that have both."""

    view: str
    before: Photo | None
    after: Photo | None
    views: tuple[tuple[str, str], ...]

    @property
    def view_label(self) -> str:
        return PhotoView(self.view).label if self.view else ""


def photo_pair(*, session: TreatmentSession, view: str = "") -> PhotoPair:
    """The before/after pair for `view` (else the first standard view that has both), in one query. Only a photo
    of stage "before" stands on the left and only one of stage "after" on the right, both of the same view, so a
    progress photo or another angle is never set beside them."""
    on = session_day(session)
    photos = Photo.objects.filter(
        patient_id=session.patient_id, is_archived=False, stage__in=(PhotoStage.BEFORE, PhotoStage.AFTER)
    ).order_by("taken_on", "created_at")
    before: dict[str, Photo] = {}
    after: dict[str, Photo] = {}
    for photo in photos:
        if photo.stage == PhotoStage.BEFORE and photo.taken_on <= on:
            before[photo.view] = photo  # ordered oldest first: the last one kept is the latest
        elif photo.stage == PhotoStage.AFTER and photo.taken_on >= on:
            after[photo.view] = photo
    views = tuple((v, label) for v, label in PhotoView.choices if v in before and v in after)
    if view not in dict(views):
        view = views[0][0] if views else ""
    return PhotoPair(view=view, before=before.get(view), after=after.get(view), views=views)


# --- the plan page's "last time in this area" ------------------------------------------------------------------


def rating_text(rating: OutcomeRating | None) -> str:
    if rating is None:
        return "not rated"
    return f"{rating.score} ({Gais(rating.score).label.lower()})"


def last_time_notes(*, patient) -> dict[int, str]:
    """{area id: the outcome of the patient's latest rated session in that area}, for the plan page (registered in
    planning.pages.LAST_TIME_NOTES), in one query."""
    latest: dict[int, tuple[TreatmentSession, dict[str, OutcomeRating]]] = {}
    rows = (
        OutcomeRating.objects.filter(session__patient_id=patient.pk)
        .select_related("session")
        .order_by("-session__performed_at", "-session_id")
    )
    for rating in rows:
        session, by_rater = latest.setdefault(rating.area_id, (rating.session, {}))
        if rating.session_id == session.pk:
            by_rater[rating.rater] = rating
    return {
        area_id: (
            f"Outcome at review ({day(session.performed_at)} session, GAIS): "
            f"practitioner {rating_text(by_rater.get(Rater.PRACTITIONER))}, "
            f"patient {rating_text(by_rater.get(Rater.PATIENT))}"
        )
        for area_id, (session, by_rater) in latest.items()
    }


# --- the patient page ------------------------------------------------------------------------------------------


@dataclass
class SessionOutcome:
    session: TreatmentSession
    areas: int
    rated: int  # areas with both ratings


def patient_sessions(*, patient) -> list[SessionOutcome]:
    """The patient's performed sessions, newest first, with how many of their areas are rated: two queries."""
    sessions = list(
        TreatmentSession.objects.filter(patient_id=patient.pk).select_related("plan").order_by("-performed_at")
    )
    areas: dict[int, set[int]] = {}
    for session_id, area_id in PerformedItem.objects.filter(session__patient_id=patient.pk).values_list(
        "session_id", "area_id"
    ):
        areas.setdefault(session_id, set()).add(area_id)
    raters: dict[tuple[int, int], set[str]] = {}
    for session_id, area_id, rater in OutcomeRating.objects.filter(session__patient_id=patient.pk).values_list(
        "session_id", "area_id", "rater"
    ):
        raters.setdefault((session_id, area_id), set()).add(rater)
    return [
        SessionOutcome(
            session=s,
            areas=len(areas.get(s.pk, ())),
            rated=sum(1 for a in areas.get(s.pk, ()) if len(raters.get((s.pk, a), ())) == len(Rater.values)),
        )
        for s in sessions
    ]


# --- the report ------------------------------------------------------------------------------------------------


def rated_areas(*, start: dt.date | None = None, end: dt.date | None = None) -> list[RatedArea]:
    """Every rated (session, area) of sessions performed between `start` and `end` (clinic days, both included),
    once per treatment and product given there, as plain data for outcomes.stats: two queries."""
    sessions = TreatmentSession.objects.all()
    if start:
        sessions = sessions.filter(performed_at__date__gte=start)
    if end:
        sessions = sessions.filter(performed_at__date__lte=end)
    scores: dict[tuple[int, int], dict[str, int]] = {}
    for session_id, area_id, rater, score in OutcomeRating.objects.filter(session__in=sessions).values_list(
        "session_id", "area_id", "rater", "score"
    ):
        scores.setdefault((session_id, area_id), {})[rater] = score
    if not scores:
        return []
    given = (
        PerformedItem.objects.filter(session_id__in={s for s, _ in scores})
        .values_list("session_id", "area_id", "treatment__name", "product__name")
        .distinct()
        .order_by("treatment__name", "product__name")
    )
    found = []
    for session_id, area_id, treatment, product in given:
        by_rater = scores.get((session_id, area_id))
        if by_rater is None:
            continue
        found.append(
            RatedArea(
                treatment=treatment,
                product=product,
                practitioner=by_rater.get(Rater.PRACTITIONER),
                patient=by_rater.get(Rater.PATIENT),
            )
        )
    return found
