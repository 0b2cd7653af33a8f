"""The record pages' forms. Their fields come from the models (fields_for_model: the same labels, choices and
messages), and every rule is the model's or the service's: a refusal comes back next to its field
(clinic.formtools.add_service_errors), with everything typed kept. A time typed as a day and a time is one value
for the service (`onset_at`, `assessed_at`); `service_error_fields` puts its refusal next to the time."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone

from clinic.formatting import amount, day
from clinic.formtools import ClinicDateField, ClinicTimeField
from mfa.forms import code_field
from planning.models import PerformedItem, PerformedPoint, TreatmentSession
from records.models import (
    AdverseEvent,
    EventOutcome,
    EventSeverity,
    OcclusionCase,
    OcclusionRound,
    SessionAmendment,
)
from stock.models import ProductLot


def item_label(item: PerformedItem) -> str:
    """ "Juvéderm Voluma XC · Cheeks (both sides) · 1 mL · lot VB20417"."""
    return (
        f"{item.product.name} · {item.area.name} ({item.get_side_display().lower()}) · "
        f"{amount(item.dose, item.dose_unit)} · lot {item.lot_number}"
    )


def point_label(point: PerformedPoint) -> str:
    item = point.performed_item
    how = f" · {point.how}" if point.how else ""
    return f"{item.area.name}, point {point.order or point.pk}: {amount(point.dose, item.dose_unit)}{how}"


class ItemChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return item_label(obj)


class PointChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return point_label(obj)


def _when(cleaned: dict, day_name: str, time_name: str) -> dt.datetime | None:
    on, at = cleaned.get(day_name), cleaned.get(time_name)
    if isinstance(on, dt.date) and isinstance(at, dt.time):
        return timezone.make_aware(dt.datetime.combine(on, at))
    return None


def _now_initial(form: forms.Form, day_name: str, time_name: str) -> None:
    now = timezone.localtime()
    form.initial.setdefault(day_name, now.date())
    form.initial.setdefault(time_name, now.time().replace(second=0, microsecond=0))


class _SessionLinks:
    """The session's performed items and points, as choices (an event or an occlusion links to what was given)."""

    def _link_choices(self, session: TreatmentSession, *, filler_only: bool = False) -> None:
        items = session.items.select_related("product", "area").order_by("pk")
        if filler_only:
            items = items.filter(product__kind="filler")
        points = PerformedPoint.objects.filter(performed_item__in=items).select_related("performed_item__area")
        self.fields["items"] = ItemChoiceField(
            queryset=items, required=False, label="What was given there (product and lot)"
        )
        self.fields["points"] = PointChoiceField(
            queryset=points.order_by("performed_item_id", "order", "pk"),
            required=False,
            label="Injection points involved",
        )
        areas = {i.area_id: i.area for i in items}
        area = self.fields["area"]
        area.queryset = area.queryset.filter(pk__in=areas) if areas else area.queryset.none()
        area.empty_label = "Not one of the areas treated" if areas else "No areas were treated"


EVENT_FIELDS = ["kind", "severity", "area", "details", "action_taken", "outcome", "follow_up_on", "follow_up_note"]


class AdverseEventForm(_SessionLinks, forms.Form):
    """An adverse event: during the session (part of the signed record) or, `later=True`, after signing (a separate
    entry; then when it started and its outcome are required, as the model says)."""

    service_error_fields = {"onset_at": "onset_time"}

    def __init__(self, *args, session: TreatmentSession, later: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.later = later
        model_fields = fields_for_model(
            AdverseEvent,
            fields=EVENT_FIELDS,
            labels={"kind": "What happened", "details": "Where and what exactly", "action_taken": "What was done"},
            widgets={"action_taken": forms.Textarea(attrs={"rows": 2})},
            field_classes={"follow_up_on": ClinicDateField},
        )
        self.fields["onset_on"] = ClinicDateField(label="Started on", required=later)
        self.fields["onset_time"] = ClinicTimeField(label="At", required=later)
        self.fields.update(model_fields)
        self.fields["outcome"].required = later
        self.fields["outcome"].choices = [("", "Choose…" if later else "Not known yet"), *EventOutcome.choices]
        self.fields["onset_on"].error_messages["required"] = "Enter the day it started."
        self.fields["onset_time"].error_messages["required"] = "Enter the time it started."
        self.fields["outcome"].error_messages["required"] = (
            "Say how it stands now: resolved, improving, ongoing or referred on."
        )
        if not later:
            self.fields["onset_on"].help_text = "Empty: during the session."
        self._link_choices(session)
        self.order_fields(["kind", "severity", "onset_on", "onset_time", "area", "details", "items", "points"])

    def clean(self):
        cleaned = super().clean()
        cleaned["onset_at"] = _when(cleaned, "onset_on", "onset_time")
        if bool(cleaned.get("onset_on")) != bool(cleaned.get("onset_time")) and not self.errors:
            missing = "onset_time" if cleaned.get("onset_on") else "onset_on"
            self.add_error(missing, "Enter both the day and the time it started, or neither.")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in EVENT_FIELDS},
            "onset_at": data.get("onset_at"),
            "items": list(data.get("items") or ()),
            "points": list(data.get("points") or ()),
        }


class SignForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=(
            "Signing confirms this record is what you did. A signed record can only be corrected by an amendment."
        ),
        error_messages={"required": "Enter your password to sign."},
    )
    otp_code = code_field()  # with two-factor sign-in, a current code as well (records.services.session_sign)


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = SessionAmendment
        fields = ["correction", "reason"]
        widgets = {"correction": forms.Textarea(attrs={"rows": 2})}


# --- suspected vascular occlusion ----------------------------------------------------------------------------


class OcclusionStartForm(_SessionLinks, forms.Form):
    """Prefilled from the session's filler items: the area, the items (product and lot) and their points."""

    service_error_fields = {"onset_at": "onset_time"}

    def __init__(self, *args, session: TreatmentSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["onset_on"] = ClinicDateField(
            label="Signs noticed on", error_messages={"required": "Enter the day the signs were noticed."}
        )
        self.fields["onset_time"] = ClinicTimeField(
            label="At", error_messages={"required": "Enter the time the signs were noticed."}
        )
        self.fields.update(fields_for_model(OcclusionCase, fields=["area"]))
        self._link_choices(session, filler_only=True)
        _now_initial(self, "onset_on", "onset_time")
        items = list(self.fields["items"].queryset)
        self.initial.setdefault("items", [i.pk for i in items])
        self.initial.setdefault("points", [p.pk for p in self.fields["points"].queryset])
        if len({i.area_id for i in items}) == 1:
            self.initial.setdefault("area", items[0].area_id)

    def clean(self):
        cleaned = super().clean()
        cleaned["onset_at"] = _when(cleaned, "onset_on", "onset_time")
        return cleaned


def lot_label(lot: ProductLot) -> str:
    return (
        f"{lot.product.name} lot {lot.lot_number} · {amount(lot.quantity_left, lot.unit)} left · exp. {day(lot.expiry)}"
    )


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return lot_label(obj)


class OcclusionRoundForm(forms.Form):
    """One reassessment: the signs, any change in vision, and the hyaluronidase given (taken from its lot)."""

    service_error_fields = {"assessed_at": "assessed_time"}

    def __init__(self, *args, lots, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"] = ClinicDateField(
            label="Assessed on", error_messages={"required": "Enter the day of this round."}
        )
        self.fields["assessed_time"] = ClinicTimeField(
            label="At", error_messages={"required": "Enter the time of this round."}
        )
        fields = fields_for_model(
            OcclusionRound,
            fields=["capillary_refill", "skin_colour", "pain", "visual_symptoms", "units", "note"],
            labels={"pain": "Pain"},
        )
        for name in ("capillary_refill", "skin_colour", "pain"):
            fields[name].error_messages["required"] = "Choose what you see now."
        self.fields.update(fields)
        self.fields["lot"] = LotChoiceField(
            queryset=lots,
            required=False,
            label="Hyaluronidase lot",
            empty_label="None given in this round",
            error_messages={"invalid_choice": "Choose a usable hyaluronidase lot from the list."},
        )
        self.fields["units"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.fields["expected_number"] = forms.IntegerField(widget=forms.HiddenInput, initial=number)
        self.order_fields(["assessed_on", "assessed_time", "capillary_refill", "skin_colour", "pain"])
        _now_initial(self, "assessed_on", "assessed_time")

    def clean(self):
        cleaned = super().clean()
        cleaned["assessed_at"] = _when(cleaned, "assessed_on", "assessed_time")
        return cleaned


class OcclusionEndForm(forms.Form):
    """Ending the record creates the adverse event (vascular compromise) with its outcome and follow-up."""

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Choose…"), *EventOutcome.choices],
        error_messages={"required": "Say how it stands: resolved, improving, ongoing or referred on."},
    )
    severity = forms.ChoiceField(label="Severity", choices=EventSeverity.choices, initial=EventSeverity.SEVERE)
    follow_up_on = ClinicDateField(
        label="Follow-up date", error_messages={"required": "Give the follow-up date: an occlusion is always reviewed."}
    )
    follow_up_note = fields_for_model(AdverseEvent, fields=["follow_up_note"])["follow_up_note"]
    note = forms.CharField(
        label="Anything else done",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. 'warm compress and massage; referred to the eye unit at 15:10'. The rounds are summarised.",
    )


class RecallForm(forms.Form):
    lot_number = forms.CharField(
        label="Lot number",
        required=False,
        max_length=40,
        help_text="As printed on the package; upper or lower case alike.",
    )
    vial = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="code",
        label="Or an opened vial",
        empty_label="Any (search by lot number)",
        error_messages={"invalid_choice": "Choose a vial from the list."},
    )

    def __init__(self, *args, vials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vial"].queryset = vials
        self.fields["vial"].label_from_instance = lambda v: f"{v.lot.product.name}: {v.label}"

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("lot_number") or "").strip() and not cleaned.get("vial"):
            self.add_error("lot_number", "Enter a lot number, or choose a vial.")
        return cleaned
