"""Plan forms. Layout lives here (crispy FormHelper); the rules live in planning.services.

Every form that changes a plan carries the plan version the user saw, as a hidden field, so a stale edit is refused.
"""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import CombinationTemplate, FacialArea, Product, Side, Treatment, TreatmentArea
from catalog.rules import applicable_range, ranges_in_other_units
from planning.models import PLAN_TRANSITIONS, PlanStatus
from planning.services import MAX_SESSIONS, fmt_qty

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SESSION_CHOICES = [(n, str(n)) for n in range(1, MAX_SESSIONS + 1)]
PLANNED_FOR_MAX_YEARS_AHEAD = 5


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanCreateForm(forms.Form):
    title = forms.CharField(max_length=120, help_text="Alternatives for one consultation: Plan A, Plan B…")
    planned_for = forms.DateField(label="First session date", required=False, widget=DATE_INPUT)
    session_gap_days = forms.IntegerField(
        label="Days between sessions",
        min_value=1,
        max_value=365,
        initial=14,
        help_text="e.g. toxin first, filler two weeks later.",
    )
    notes = forms.CharField(
        label="Clinical notes", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"data-once-submit": ""}
        self.helper.layout = Layout(
            Div(Div("title", css_class="col-md-6"), css_class="row"),
            Div(
                Div("planned_for", css_class="col-md-4"),
                Div("session_gap_days", css_class="col-md-4"),
                css_class="row",
            ),
            "notes",
            Submit("submit", "Create plan", css_class="btn-primary"),
        )

    def clean_planned_for(self):
        # A mistyped year (9999) would put later sessions past the calendar's end and break every plan page.
        day = self.cleaned_data.get("planned_for")
        if day and day > timezone.localdate() + dt.timedelta(days=365 * PLANNED_FOR_MAX_YEARS_AHEAD):
            raise ValidationError(
                f"The first session date is more than {PLANNED_FOR_MAX_YEARS_AHEAD} years ahead: check the year."
            )
        return day


class PlanDetailsForm(PlanCreateForm, VersionedForm):
    patient_notes = forms.CharField(
        label="Notes for the patient",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed on the patient's copy.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "version",
            Div(Div("title", css_class="col-md-6"), css_class="row"),
            Div(
                Div("planned_for", css_class="col-md-4"),
                Div("session_gap_days", css_class="col-md-4"),
                css_class="row",
            ),
            "notes",
            "patient_notes",
            Submit("submit", "Save details", css_class="btn-primary"),
        )


def _unit_range_text(ranges: list[TreatmentArea], product: Product | None) -> str:
    """The help text beside the dose: the range catalog.rules.applicable_range picks for this product, or why none."""
    if product is None:
        return ""
    r = applicable_range(ranges, product_id=product.pk, unit=product.dose_unit, substance=product.substance)
    if r is None:
        others = ranges_in_other_units(
            ranges, product_id=product.pk, unit=product.dose_unit, substance=product.substance
        )
        if others:
            return (
                f"No typical range for {product.name} here; the catalog's ranges are in other products' units, "
                "which are not interchangeable."
            )
        return "No typical range in the catalog for this product here."
    low, high = fmt_qty(r.dose_min), fmt_qty(r.dose_max)
    amount = low if low == high else f"{low}–{high}"
    text = f"Typical {amount} {r.unit}"
    if r.per_side:
        both_low, both_high = fmt_qty(r.dose_min * 2), fmt_qty(r.dose_max * 2)
        both = both_low if both_low == both_high else f"{both_low}–{both_high}"
        text += f" per side (both sides: {both} {r.unit} in total)"
    elif low != high:
        text += " in total"
    return f"{text}. Source: {r.source}{' · ' + r.evidence_flag if r.evidence_flag else ''}."


class ItemAddForm(VersionedForm):
    """Area → the treatments for that area → an eligible product → the dose, prefilled from the typical range.

    The form narrows its choices from what is already picked, so it works as a plain form that re-renders with
    the next choices (no JavaScript) and as htmx cascading selects.
    """

    area = forms.ModelChoiceField(queryset=FacialArea.objects.none(), empty_label="Choose an area…")
    treatment = forms.ModelChoiceField(
        queryset=Treatment.objects.none(), empty_label="Choose the area first", required=False
    )
    product = forms.ModelChoiceField(
        queryset=Product.objects.none(), empty_label="Choose the treatment first", required=False
    )
    dose = forms.DecimalField(max_digits=7, decimal_places=2, required=False, min_value=0)
    side = forms.ChoiceField(choices=Side.choices, initial=Side.BOTH)
    session_number = forms.TypedChoiceField(choices=SESSION_CHOICES, coerce=int, initial=1, label="Session")
    injection_points = forms.IntegerField(min_value=1, max_value=200, required=False)
    rationale = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, plan, add_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.add_url = add_url
        source = self.data if self.is_bound else self.initial
        self.fields["area"].queryset = FacialArea.objects.filter(
            is_active=True, dose_ranges__treatment__is_active=True
        ).distinct()
        self.area = self._pick("area", source, self.fields["area"].queryset)
        self.treatment = self.product = None
        self.ranges: list[TreatmentArea] = []
        if self.area:
            self.fields["treatment"].queryset = Treatment.objects.filter(
                is_active=True, dose_ranges__area=self.area
            ).distinct()
            self.fields["treatment"].empty_label = "Choose a treatment…"
            self.fields["treatment"].required = True
            self.treatment = self._pick("treatment", source, self.fields["treatment"].queryset)
            self.fields["side"].choices = (
                [c for c in Side.choices if c[0] != Side.MIDLINE]
                if self.area.bilateral
                else [(Side.MIDLINE, "Midline")]
            )
            if not self.area.bilateral:
                self.fields["side"].initial = Side.MIDLINE
        if self.treatment:
            self.ranges = list(
                TreatmentArea.objects.filter(treatment=self.treatment, area=self.area).select_related("product")
            )
            units = {r.unit for r in self.ranges}
            products = self.treatment.products.filter(is_active=True)
            if units:
                products = products.filter(dose_unit__in=units)
            self.fields["product"].queryset = products
            self.fields["product"].empty_label = "Choose a product…"
            self.fields["product"].required = True
            self.product = self._pick("product", source, products)
            if self.product is None and products.count() == 1:
                self.product = products.first()
                self.initial["product"] = self.product.pk
        if self.product:
            self.fields["dose"].required = True
            self.fields["dose"].label = f"Dose ({self.product.dose_unit})"
            self.fields["dose"].widget.attrs.update(
                {"step": "1" if self.product.dose_unit == "U" else "0.1", "min": "0", "inputmode": "decimal"}
            )
            self.fields["dose"].help_text = _unit_range_text(self.ranges, self.product)
            if not (self.data.get("dose") if self.is_bound else self.initial.get("dose")):
                from planning.services import default_dose_for

                side = (self.data if self.is_bound else self.initial).get("side") or self.fields["side"].initial
                default = default_dose_for(self.treatment, self.area, self.product, side)
                if default is not None:
                    # Prefill from the catalog even when the form re-renders for the next choice.
                    if self.is_bound:
                        self.data = self.data.copy()
                        self.data["dose"] = f"{default.normalize():f}"
                    else:
                        self.initial["dose"] = default.normalize()
        else:
            self.fields["dose"].help_text = "Choose the area, treatment and product to see the typical range."
        self.ready = bool(self.area and self.treatment and self.product)
        self.helper = self._helper()

    def _pick(self, name, source, queryset):
        raw = source.get(name) if source else None
        if raw in (None, ""):
            return None
        if hasattr(raw, "pk"):
            raw = raw.pk
        try:
            return queryset.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_id = "item-form"
        helper.attrs = {"data-once-submit": ""}
        # The next choices are asked for with a POST marked "next" (the view re-renders without saving), like the
        # no-JavaScript button below: a GET would put the typed rationale and dose, which are health data, in the
        # URL and so in every access log.
        cascade = {
            "hx-post": self.add_url,
            "hx-vals": '{"next": "1"}',
            "hx-trigger": "change",
            "hx-target": "#item-form",
            "hx-select": "#item-form",
            "hx-swap": "outerHTML",
            "hx-include": "#item-form",
            "hx-push-url": "false",
        }
        helper.layout = Layout(
            "version",
            Div(
                Div(Field("area", **cascade), css_class="col-md-4"),
                Div(Field("treatment", **cascade), css_class="col-md-4"),
                Div(Field("product", **cascade), css_class="col-md-4"),
                css_class="row",
            ),
            # Without JavaScript this button asks the server for the next choices. It POSTs (the view re-renders
            # without saving) so the CSRF token never lands in a URL.
            HTML(
                '<noscript><p><button type="submit" class="btn btn-outline-secondary btn-sm" '
                'formnovalidate name="next" value="1">Show the next choices</button></p></noscript>'
            ),
            Div(
                Div("dose", css_class="col-md-4"),
                Div("side", css_class="col-md-3"),
                Div("session_number", css_class="col-md-2"),
                Div("injection_points", css_class="col-md-3"),
                css_class="row",
            ),
            "rationale",
        )
        helper.add_input(Submit("submit", "Add to plan", css_class="btn-primary"))
        return helper

    def clean(self):
        data = super().clean()
        if not self.ready:
            missing = [
                n for n, v in (("area", self.area), ("treatment", self.treatment), ("product", self.product)) if not v
            ]
            for name in missing:
                if name not in self.errors:
                    self.add_error(name, f"Choose the {name}.")
        elif data.get("dose") is None and "dose" not in self.errors:
            self.add_error("dose", "Enter the dose.")
        return data


class ItemEditForm(VersionedForm):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), empty_label=None)
    dose = forms.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    side = forms.ChoiceField(choices=Side.choices)
    session_number = forms.TypedChoiceField(choices=SESSION_CHOICES, coerce=int, label="Session")
    injection_points = forms.IntegerField(min_value=1, max_value=200, required=False)
    rationale = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        units = set(
            TreatmentArea.objects.filter(treatment=item.treatment, area=item.area).values_list("unit", flat=True)
        )
        products = item.treatment.products.filter(is_active=True)
        if units:
            products = products.filter(dose_unit__in=units)
        self.fields["product"].queryset = products | Product.objects.filter(pk=item.product_id)
        self.fields["product"].queryset = self.fields["product"].queryset.distinct()
        self.fields["side"].choices = (
            [c for c in Side.choices if c[0] != Side.MIDLINE] if item.area.bilateral else [(Side.MIDLINE, "Midline")]
        )
        self.fields["dose"].label = f"Dose ({item.dose_unit})"
        self.fields["dose"].widget.attrs.update(
            {"step": "1" if item.dose_unit == "U" else "0.1", "inputmode": "decimal"}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            "version": item.plan.version,
            "product": item.product_id,
            "dose": item.dose.normalize(),
            "side": item.side,
            "session_number": item.session_number,
            "injection_points": item.injection_points,
            "rationale": item.rationale,
        }


class ApplyTemplateForm(VersionedForm):
    template = forms.ModelChoiceField(
        queryset=CombinationTemplate.objects.filter(is_active=True), empty_label="Choose a template…"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class StatusForm(VersionedForm):
    to = forms.ChoiceField(choices=PlanStatus.choices, label="New status")
    override_reason = forms.CharField(
        label="Override reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when a safety check says stop: why is this plan proposed anyway? Kept with the plan.",
    )

    def __init__(self, *args, plan, show_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = PLAN_TRANSITIONS.get(plan.status, set())
        self.fields["to"].choices = [c for c in PlanStatus.choices if c[0] in allowed]
        if not show_override:
            self.fields["override_reason"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("version", "to", "override_reason", Submit("submit", "Change status"))


class SessionRecordForm(VersionedForm):
    """What was actually done: one row per planned item (done?, lot number, expiry, dose given)."""

    session_number = forms.TypedChoiceField(choices=SESSION_CHOICES, coerce=int, label="Session")
    performed_at = forms.DateTimeField(
        label="Performed at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    review_on = forms.DateField(
        label="Review date",
        required=False,
        widget=DATE_INPUT,
        help_text="Leave empty: the treatment's review interval.",
    )
    notes = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        if not self.is_bound:
            self.initial.setdefault("performed_at", timezone.localtime().replace(second=0, microsecond=0))
        for item in items:
            self.fields[f"done_{item.pk}"] = forms.BooleanField(
                required=False, label=f"{item.treatment.name} · {item.area.name} done"
            )
            self.fields[f"lot_{item.pk}"] = forms.CharField(required=False, max_length=40, label="Lot number")
            self.fields[f"expiry_{item.pk}"] = forms.DateField(required=False, widget=DATE_INPUT, label="Lot expiry")
            self.fields[f"dose_{item.pk}"] = forms.DecimalField(
                required=False, max_digits=7, decimal_places=2, min_value=0, label=f"Dose given ({item.dose_unit})"
            )
            self.initial.setdefault(f"dose_{item.pk}", item.dose.normalize())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def rows(self):
        for item in self.items:
            yield (
                item,
                self[f"done_{item.pk}"],
                self[f"lot_{item.pk}"],
                self[f"expiry_{item.pk}"],
                self[f"dose_{item.pk}"],
            )
