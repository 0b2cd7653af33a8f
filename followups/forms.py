import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone

from clinic.formtools import ClinicDateField, ClinicTimeField
from followups.models import Followup
from followups.selectors import OPEN, STATUS_FILTERS
from patients.forms import PractitionerChoiceField
from patients.selectors import practitioners


class WorklistFilterForm(forms.Form):
    status = forms.ChoiceField(label="Show", choices=STATUS_FILTERS, required=False, initial=OPEN)
    practitioner = PractitionerChoiceField(queryset=None, required=False, empty_label="Every practitioner")
    week = ClinicDateField(
        label="Due in the week of",
        required=False,
        help_text="Any day of the week; empty for every week.",
        error_messages={"invalid": "Enter a day of the week as dd/mm/yyyy, for example 15/06/2026."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("status", css_class="col-md-4"),
                Column("practitioner", css_class="col-md-4"),
                Column("week", css_class="col-md-4"),
            )
        )

    def filters(self) -> dict:
        """The filters to apply: those that were read; an unreadable value is ignored (and shown as an error)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that were read
            data = self.cleaned_data
        return {
            "status": data.get("status") or OPEN,
            "practitioner": data.get("practitioner"),
            "week": data.get("week"),
        }


class BookForm(forms.Form):
    when_date = ClinicDateField(
        label="Date", error_messages={"invalid": "Enter the date as dd/mm/yyyy, for example 15/06/2026."}
    )
    when_time = ClinicTimeField(
        label="Time", error_messages={"invalid": "Enter the time as HH:MM (24-hour clock), for example 14:30."}
    )
    practitioner = PractitionerChoiceField(queryset=None, label="With", empty_label=None)

    service_error_fields = {"scheduled_at": "when_date"}

    def __init__(self, *args, followup: Followup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners()
        self.initial.setdefault("practitioner", followup.practitioner_id)
        self.initial.setdefault("when_date", max(followup.due_on, timezone.localdate()))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("when_date", css_class="col-sm-6 col-md-4"),
                Column("when_time", css_class="col-sm-6 col-md-3"),
                Column("practitioner", css_class="col-md-5"),
            )
        )

    def clean_when_date(self):
        day = self.cleaned_data["when_date"]
        if day < timezone.localdate():
            raise forms.ValidationError("Book a day from today on.")
        if day.year > timezone.localdate().year + 5:
            raise forms.ValidationError("Enter a date within the next five years.")
        return day

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("when_date"), cleaned.get("when_time")
        if day and time:
            cleaned["scheduled_at"] = timezone.make_aware(dt.datetime.combine(day, time))
        return cleaned


class DeclineForm(forms.ModelForm):
    class Meta:
        model = Followup
        fields = ["decline_reason"]
        labels = {"decline_reason": "Why the patient declined"}
        help_texts = {"decline_reason": "e.g. 'happy with the result, will call when needed' or 'moved away'."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decline_reason"].required = True
        self.fields["decline_reason"].error_messages["required"] = (
            "Say why the patient declined (e.g. 'happy with the result, will call')."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
