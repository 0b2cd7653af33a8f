from django import forms

from clinic.formtools import ClinicDateField
from outcomes.models import SCORE_MESSAGE, Gais, OutcomeRating, Rater


class RatingForm(forms.ModelForm):
    """One rater's rating of one area. Left blank, the area is simply not rated yet by this rater; a note needs a
    score to go with it."""

    class Meta:
        model = OutcomeRating
        fields = ["score", "note"]
        widgets = {"score": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"score": {"invalid_choice": SCORE_MESSAGE, "invalid": SCORE_MESSAGE}}

    def __init__(self, *args, area, rater: str, **kwargs):
        kwargs.setdefault("prefix", f"a{area.pk}-{rater}")
        super().__init__(*args, **kwargs)
        self.area = area
        self.rater = rater
        whose = "Practitioner's" if rater == Rater.PRACTITIONER else "Patient's"
        score = self.fields["score"]
        score.required = False
        score.choices = [(value, f"{value} · {label}") for value, label in Gais.choices]
        score.label = f"{whose} GAIS score for {area.name}"
        self.fields["note"].label = f"{whose} note for {area.name}"
        if rater == Rater.PATIENT:
            self.fields["note"].help_text = "In the patient's words, e.g. 'happy with it, would like a little more'."

    def _post_clean(self):
        # A blank score is "not rated yet": nothing to check against the model, and nothing will be saved.
        if self.cleaned_data.get("score") in (None, ""):
            return
        super()._post_clean()

    def clean(self):
        data = super().clean()
        if data.get("score") in (None, "") and (data.get("note") or "").strip() and "score" not in self.errors:
            self.add_error("score", "Choose a score to go with the note.")
        return data

    @property
    def filled(self) -> bool:
        return self.is_bound and self.cleaned_data.get("score") not in (None, "")


class ReportFilterForm(forms.Form):
    start = ClinicDateField(label="Sessions from", required=False)
    end = ClinicDateField(label="Sessions to", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period is before its start.")
        return data
