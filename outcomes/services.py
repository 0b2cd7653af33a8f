"""Recording the outcome at review. Keyword-only, validated with full_clean(), atomic, and recorded in history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from outcomes.models import OutcomeRating
from planning.models import TreatmentSession


@dataclass(frozen=True)
class RatingInput:
    """One rating as typed: the area (a FacialArea id), whose judgement (Rater), the GAIS score and a note."""

    area_id: int
    rater: str
    score: int
    note: str = ""


class ReviewErrors(ValidationError):
    """The ratings that were refused, by (area_id, rater), each with its own ValidationError; nothing was saved."""

    def __init__(self, by_key: dict[tuple[int, str], ValidationError]):
        self.by_key = by_key
        super().__init__([message for exc in by_key.values() for message in exc.messages])


def session_area_ids(session: TreatmentSession) -> set[int]:
    """The areas treated in the session: the ones its outcome is rated for."""
    return set(session.items.values_list("area_id", flat=True))


def review_save(*, session: TreatmentSession, by, ratings: Sequence[RatingInput]) -> list[OutcomeRating]:
    """Record or correct the ratings of a session's review, all or none.

    A rating equal to the one stored (same score, same note) is left alone, so the history holds only real changes;
    a changed one is a correction: the row takes the new score, note, who and when, and its history keeps the old.
    An area not treated in the session is refused."""
    treated = session_area_ids(session)
    errors: dict[tuple[int, str], ValidationError] = {}
    saved: list[OutcomeRating] = []
    with transaction.atomic():
        existing = {
            (r.area_id, r.rater): r
            for r in OutcomeRating.objects.select_for_update().filter(session=session, area_id__in=treated)
        }
        for entry in ratings:
            key = (entry.area_id, entry.rater)
            if entry.area_id not in treated:
                errors[key] = ValidationError({"score": "This area was not treated in this session."})
                continue
            note = (entry.note or "").strip()
            rating = existing.get(key)
            if rating is not None and rating.score == entry.score and rating.note == note:
                continue
            if rating is None:
                rating = OutcomeRating(session=session, area_id=entry.area_id, rater=entry.rater)
            rating.score = entry.score
            rating.note = note
            rating.rated_by = by
            rating.rated_at = timezone.now()
            try:
                rating.full_clean(validate_unique=False)  # the row is found above; the constraint still holds
            except ValidationError as exc:
                errors[key] = exc
                continue
            rating._history_user = by
            rating.save()
            saved.append(rating)
        if errors:
            raise ReviewErrors(errors)  # rolls back the ratings saved before the refused one
    return saved
