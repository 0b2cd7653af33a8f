"""Outcomes at review: the practitioner and the patient each rate every area treated in a performed session on the
Global Aesthetic Improvement Scale (GAIS), with a note.

GAIS is a public five-point scale (1 very much improved, 2 much improved, 3 improved, 4 no change, 5 worse), the
wording used in filler and toxin trials. It is a rating scale, not a clinical number: the clinic's reference
(/work/shared/reference/clinical-reference.md) has no row for outcome scales; its §5 "Follow-up conventions" (toxin
review ~2 weeks, "2-week review, photos, top-up if needed", PRACTICE) is where a review with photos comes from.

One row per (session, area, rater). The patient's rating is entered by staff on the patient's behalf (the patient
says it, the practitioner types it): `rated_by` is always the staff member, `rater` says whose judgement it is. A
correction changes the row; its history (django-simple-history) keeps every earlier score, note, who and when.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from catalog.models import FacialArea
from outcomes.stats import IMPROVED_AT_MOST  # GAIS 1-3 count as improved
from planning.models import TreatmentSession

MAX_NOTE = 500


class Gais(models.IntegerChoices):
    VERY_MUCH_IMPROVED = 1, "Very much improved"
    MUCH_IMPROVED = 2, "Much improved"
    IMPROVED = 3, "Improved"
    NO_CHANGE = 4, "No change"
    WORSE = 5, "Worse"


SCORE_MESSAGE = "Choose a score from 1 (very much improved) to 5 (worse)."


class Rater(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    PATIENT = "patient", "Patient"


class OutcomeRating(models.Model):
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="outcome_ratings")
    area = models.ForeignKey(FacialArea, on_delete=models.PROTECT, related_name="+")
    rater = models.CharField(
        max_length=12,
        choices=Rater,
        error_messages={"invalid_choice": "Say whether the practitioner or the patient rated."},
    )
    score = models.PositiveSmallIntegerField(
        "GAIS score",
        choices=Gais,
        validators=[MinValueValidator(Gais.VERY_MUCH_IMPROVED), MaxValueValidator(Gais.WORSE)],
        error_messages={
            "invalid_choice": SCORE_MESSAGE,
            "invalid": SCORE_MESSAGE,
            "null": SCORE_MESSAGE,
            "min_value": SCORE_MESSAGE,
            "max_value": SCORE_MESSAGE,
        },
    )
    note = models.CharField(
        max_length=MAX_NOTE,
        blank=True,
        help_text="What was seen or said, e.g. 'lines softer at rest, still visible on frowning'.",
        error_messages={"max_length": f"Keep the note to {MAX_NOTE} characters."},
    )
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "area__display_order", "area__name", "rater"]
        constraints = [
            models.UniqueConstraint(fields=["session", "area", "rater"], name="one_rating_per_area_and_rater"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="gais_score_1_to_5"),
        ]
        permissions = [("view_outcome_report", "Can see the clinic's outcomes report")]

    def __str__(self):
        return f"{self.area} · {self.get_rater_display()} · GAIS {self.score}"

    @property
    def improved(self) -> bool:
        return self.score <= IMPROVED_AT_MOST
