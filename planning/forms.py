"""Plan forms. Layout lives here (crispy FormHelper); the rules live on the models, which these ModelForms apply as
they validate (planning.models), and in planning.services, whose refusals the views put next to the fields
(clinic.formtools.add_service_errors).

A form validates a scratch instance of its model, never the saved record (a refused edit must leave the page's plan
and item as they are); the service then validates the change itself, with full_clean().

Every form that changes a plan carries the plan version the user saw, as a hidden field, so a stale edit is refused.
"""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from catalog.models import CombinationTemplate, FacialArea, Product, Side, Treatment, TreatmentArea
from catalog.rules import applicable_range, ranges_in_other_units
from catalog.selectors import default_dose_for, dose_ranges, plannable_areas, plannable_products, treatments_in_area
from clinic.formatting import amount, quantity
from clinic.formtools import ClinicDateField, ClinicTimeField
from planning.face_chart import AreaPosition
from planning.models import (
    GAUGE_MESSAGE,
    MAX_SESSIONS,
    PLAN_TRANSITIONS,
    POSITION_MESSAGE,
    InjectionPoint,
    PerformedItem,
    PerformedPoint,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
    TreatmentSession,
)
from planning.services import PerformedPointLine
from stock.models import ProductLot, Vial
from stock.selectors import usable_lots, usable_vials

SESSION_CHOICES = [(n, str(n)) for n in range(1, MAX_SESSIONS + 1)]


def bounded_formfield(db_field, **kwargs):
    """The model field's form field, taking the bounds of its min/max validators, so the input says them (its min and
    max attributes) and the form checks them as the model does."""
    for validator in db_field.validators:
        if isinstance(validator, MinValueValidator):
            kwargs.setdefault("min_value", validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            kwargs.setdefault("max_value", validator.limit_value)
    return db_field.formfield(**kwargs)


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionedForm(forms.Form):
    version = _version_field()


class ScratchModelForm(forms.ModelForm):
    """A ModelForm over a scratch instance: the model validates what was typed, and the initial values are the
    view's alone (the scratch instance's defaults are no one's choice)."""

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        self.initial = dict(initial or {})


class VersionedModelForm(ScratchModelForm):
    version = _version_field()

    field_order = ["version"]


class PlanCreateForm(ScratchModelForm):
    planned_for = ClinicDateField(label="First session date", required=False)

    class Meta:
        model = TreatmentPlan
        fields = ["title", "planned_for", "session_gap_days", "notes"]
        labels = {"session_gap_days": "Days between sessions"}
        help_texts = {
            "title": "Alternatives for one consultation: Plan A, Plan B…",
            "session_gap_days": "e.g. toxin first, filler two weeks later.",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = bounded_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = None  # the view suggests the consultation's next free title
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


class PlanDetailsForm(PlanCreateForm, VersionedModelForm):
    class Meta(PlanCreateForm.Meta):
        fields = [*PlanCreateForm.Meta.fields, "patient_notes"]
        help_texts = {**PlanCreateForm.Meta.help_texts, "patient_notes": "Printed on the patient's copy."}
        widgets = {**PlanCreateForm.Meta.widgets, "patient_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        # The details of a saved plan: the rules for a new plan (a first session date over a year ago) do not apply.
        instance = TreatmentPlan()
        instance._state.adding = False
        super().__init__(*args, instance=instance, **kwargs)
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
    low, high = quantity(r.dose_min), quantity(r.dose_max)
    amount = low if low == high else f"{low}–{high}"
    text = f"Typical {amount} {r.unit}"
    if r.per_side:
        both_low, both_high = quantity(r.dose_min * 2), quantity(r.dose_max * 2)
        both = both_low if both_low == both_high else f"{both_low}–{both_high}"
        text += f" per side (both sides: {both} {r.unit} in total)"
    elif low != high:
        text += " in total"
    return f"{text}. Source: {r.source}{' · ' + r.evidence_flag if r.evidence_flag else ''}."


class ItemAddForm(VersionedModelForm):
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

    class Meta:
        model = PlanItem
        fields = ["area", "treatment", "product", "dose", "side", "session_number", "injection_points", "rationale"]
        formfield_callback = bounded_formfield

    def __init__(self, *args, plan, add_url: str = "", **kwargs):
        super().__init__(*args, instance=PlanItem(plan=plan), **kwargs)
        self.plan = plan
        self.add_url = add_url
        source = self.data if self.is_bound else self.initial
        self.fields["area"].queryset = plannable_areas()
        self.area = self._pick("area", source, self.fields["area"].queryset)
        self.treatment = self.product = None
        self.ranges: list[TreatmentArea] = []
        if self.area:
            self.fields["treatment"].queryset = treatments_in_area(self.area)
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
            self.ranges = dose_ranges(self.treatment, self.area)
            products = plannable_products(self.treatment, self.ranges)
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
                side = (self.data if self.is_bound else self.initial).get("side") or self.fields["side"].initial
                default = default_dose_for(self.treatment, self.area, self.product, side)
                if default is not None:
                    # Prefill from the catalog even when the form re-renders for the next choice.
                    if self.is_bound:
                        self.data = self.data.copy()
                        self.data["dose"] = f"{default.normalize():f}"
                    else:
                        self.initial["dose"] = quantity(default)  # "20", never normalize()'s "2E+1"
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


class ItemEditForm(VersionedModelForm):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), empty_label=None)
    dose = forms.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    side = forms.ChoiceField(choices=Side.choices)
    session_number = forms.TypedChoiceField(choices=SESSION_CHOICES, coerce=int, label="Session")

    class Meta:
        model = PlanItem
        fields = ["product", "dose", "side", "session_number", "injection_points", "rationale"]
        formfield_callback = bounded_formfield

    def __init__(self, *args, item, **kwargs):
        # The edit is validated on a copy of the item's choices: the item itself stays as saved until the service
        # saves the change.
        scratch = PlanItem(
            plan=item.plan, treatment=item.treatment, area=item.area, product=item.product, unit_price=item.unit_price
        )
        super().__init__(*args, instance=scratch, **kwargs)
        self.item = item
        products = plannable_products(item.treatment, dose_ranges(item.treatment, item.area))
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
            "dose": quantity(item.dose),
            "side": item.side,
            "session_number": item.session_number,
            "injection_points": item.injection_points,
            "rationale": item.rationale,
        }


POINT_DOSE_MESSAGES = {
    "required": "Enter the dose at this point.",
    "invalid": "Enter the dose as a number, e.g. 4 or 0.1.",
    "max_decimal_places": "Enter the dose with at most two decimals, e.g. 0.05.",
    "max_digits": "This dose cannot be right: check the number.",
    "max_whole_digits": "This dose cannot be right: check the number.",
    "min_value": "Enter a dose above zero.",
}
POINT_ERROR_MESSAGES = {
    "gauge": {
        "invalid": GAUGE_MESSAGE,
        "min_value": GAUGE_MESSAGE,
        "max_value": GAUGE_MESSAGE,
    },
    "note": {"max_length": InjectionPoint._meta.get_field("note").error_messages["max_length"]},
    **{
        name: dict.fromkeys(("invalid", "min_value", "max_value", "max_digits", "max_whole_digits"), POSITION_MESSAGE)
        | {"max_decimal_places": "Enter the position with at most two decimals."}
        for name in ("x", "y")
    },
}
CHART_POSITION = "chart"  # the position of a point placed by a click on the chart (planning/points.js)


class _PointForm(VersionedModelForm):
    """What the practitioner types for an injection point of `item`; the model validates it (planning.models) and
    the service then saves it (planning.services.point_add / point_update)."""

    dose = forms.DecimalField(max_digits=7, decimal_places=2, min_value=0, error_messages=POINT_DOSE_MESSAGES)

    class Meta:
        model = InjectionPoint
        fields = ["view", "x", "y", "dose", "depth", "technique", "instrument", "gauge", "note"]
        labels = {"instrument": "Needle or cannula", "gauge": "Gauge (G)"}
        help_texts = {"gauge": "", "note": ""}
        error_messages = POINT_ERROR_MESSAGES
        formfield_callback = bounded_formfield

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, instance=InjectionPoint(item=item), **kwargs)
        self.item = item
        dose = self.fields["dose"]
        dose.label = f"Dose ({item.dose_unit})"
        dose.help_text = ""
        # A point takes any share of the item's dose (2.5 U, 0.05 mL): no step for the browser to enforce.
        dose.widget.attrs.update({"step": "any", "min": "0", "inputmode": "decimal"})
        for name in ("depth", "technique", "instrument"):
            self.fields[name].choices = [("", "—"), *self.fields[name].choices[1:]]
        self.fields["note"].widget.attrs["placeholder"] = "e.g. procerus, aspirate first"

    def point_values(self) -> dict:
        """The cleaned values as the services' keyword arguments (the version left out)."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.Meta.fields}


class PointAddForm(_PointForm):
    """A new point of one plan item, placed by area (the area's chart point: the keyboard's way, and the way
    without JavaScript) or where the practitioner clicked on the chart (planning/points.js sends the view and x/y
    in percent of that diagram with position "chart").

    One form per item on the plan page: `prefix` keeps their fields and labels apart."""

    # The service's names for the position go next to the one field the practitioner sees for it.
    service_error_fields = {"x": "position", "y": "position", "view": "position"}

    position = forms.ChoiceField(label="Where", help_text="The area's point on the chart; move it later if needed.")

    field_order = ["version", "position", "dose", "depth", "technique", "instrument", "gauge", "note"]

    def __init__(self, *args, item, positions: list[AreaPosition], **kwargs):
        super().__init__(*args, item=item, **kwargs)
        own = [p for p in positions if p.area_id == item.area_id]
        others = [p for p in positions if p.area_id != item.area_id]
        self.positions = {p.key: p for p in positions}
        choices: list = [(p.key, p.label) for p in own]
        if others:
            choices.append(("Other areas", [(p.key, p.label) for p in others]))
        if self.is_bound and self.data.get(self.add_prefix("position")) == CHART_POSITION:
            choices.insert(0, (CHART_POSITION, "Where I clicked on the chart"))
        self.fields["position"].choices = choices
        if not self.is_bound and own:
            side = "left" if item.side == "left" else "right"
            self.initial.setdefault("position", next((p.key for p in own if p.key.endswith(side)), own[0].key))
        for name in ("view", "x", "y"):
            self.fields[name].required = False
            self.fields[name].widget = forms.HiddenInput(attrs={f"data-point-{name}": ""})
        self.fields["position"].widget.attrs["data-point-position"] = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "version",
            "view",
            "x",
            "y",
            "position",
            Div(
                Div("dose", css_class="col-6"),
                Div("depth", css_class="col-6"),
                Div("technique", css_class="col-6"),
                Div("instrument", css_class="col-6"),
                Div("gauge", css_class="col-6"),
                css_class="row g-2",
            ),
            "note",
        )

    def clean(self):
        data = super().clean()
        key = data.get("position")
        if key == CHART_POSITION:
            typed_wrong = any(name in self.errors for name in ("view", "x", "y"))  # said next to "Where" below
            if not typed_wrong and (data.get("x") is None or data.get("y") is None or not data.get("view")):
                self.add_error("position", "Click on the chart where the point goes, or choose an area.")
        elif key in self.positions:
            position = self.positions[key]
            data.update({"view": position.view, "x": position.x, "y": position.y})
        return data

    def _post_clean(self):
        super()._post_clean()
        # The model's messages about the view and x/y belong next to "Where" (they are hidden fields here).
        moved: list[str] = []
        for name in ("view", "x", "y"):
            for message in self._errors.pop(name, []):
                if message not in moved:
                    moved.append(message)
        if moved and "position" not in self._errors:
            self.add_error("position", moved)

    @classmethod
    def initial_after(cls, point: InjectionPoint | None) -> dict:
        """The next point starts like the last one of the item (dose, depth, technique, instrument, gauge)."""
        if point is None:
            return {}
        return {
            "dose": quantity(point.dose),  # "20", never Decimal.normalize()'s "2E+1"
            "depth": point.depth,
            "technique": point.technique,
            "instrument": point.instrument,
            "gauge": point.gauge,
        }


class PointEditForm(_PointForm):
    """A saved point: its view and position typed in percent (the keyboard's way to move it), and the rest."""

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["view"].label = "Diagram"
        self.fields["x"].label = "Across (% of the diagram's width, 0 at the viewer's left)"
        self.fields["y"].label = "Down (% of the diagram's height, 0 at the top)"
        for name in ("x", "y"):
            self.fields[name].help_text = ""
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "version",
            Div(
                Div("view", css_class="col-md-4"),
                Div("x", css_class="col-md-4"),
                Div("y", css_class="col-md-4"),
                Div("dose", css_class="col-md-4"),
                Div("depth", css_class="col-md-4"),
                Div("technique", css_class="col-md-4"),
                Div("instrument", css_class="col-md-4"),
                Div("gauge", css_class="col-md-4"),
                css_class="row g-2",
            ),
            "note",
        )

    @classmethod
    def initial_for(cls, point: InjectionPoint) -> dict:
        return {
            "version": point.item.plan.version,
            "view": point.view,
            "x": quantity(point.x),
            "y": quantity(point.y),
            "dose": quantity(point.dose),
            "depth": point.depth,
            "technique": point.technique,
            "instrument": point.instrument,
            "gauge": point.gauge,
            "note": point.note,
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


class StatusForm(VersionedModelForm):
    to = forms.ChoiceField(choices=PlanStatus.choices, label="New status")

    field_order = ["version", "to", "override_reason"]

    class Meta:
        model = TreatmentPlan
        fields = ["override_reason"]
        help_texts = {
            "override_reason": (
                "Required when a safety check says stop: why is this plan proposed anyway? Kept with the plan."
            )
        }
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 3})}

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


POINT_PREFIXES = ("pdose", "pdepth", "ptech", "pinst", "pgauge")  # a performed point's fields, by planned point pk


class SessionRecordForm(VersionedModelForm):
    """What was actually done: one row per planned item (done?, lot number, expiry, dose given).

    When it was done is typed as a date and a clock time, like a consultation's booking; `clean` joins them into
    `performed_at` (an aware datetime in the clinic's time zone), the name the service and its messages use.
    """

    service_error_fields = {"performed_at": "performed_on"}  # clinic.formtools.add_service_errors

    session_number = forms.TypedChoiceField(choices=SESSION_CHOICES, coerce=int, label="Session")
    performed_on = ClinicDateField(label="Date performed")
    performed_time = ClinicTimeField(label="Time")
    review_on = ClinicDateField(
        label="Review date",
        required=False,
        help_text="Leave empty: the treatment's review interval.",
    )

    field_order = ["version", "session_number", "performed_on", "performed_time", "review_on", "notes"]

    class Meta:
        model = TreatmentSession
        fields = ["session_number", "review_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("performed_on", now.date())
            self.initial.setdefault("performed_time", now.time().replace(second=0, microsecond=0))
        for item in items:
            self.fields[f"done_{item.pk}"] = forms.BooleanField(
                required=False, label=f"{item.treatment.name} · {item.area.name} done"
            )
            self.fields[f"lot_{item.pk}"] = PerformedItem._meta.get_field("lot_number").formfield(
                required=False, label="Lot number"
            )
            self.fields[f"expiry_{item.pk}"] = ClinicDateField(required=False, label="Lot expiry")
            self.fields[f"dose_{item.pk}"] = forms.DecimalField(
                required=False, max_digits=7, decimal_places=2, min_value=0, label=f"Dose given ({item.dose_unit})"
            )
            self.initial.setdefault(f"dose_{item.pk}", quantity(item.dose))
            self.fields[f"stock_{item.pk}"] = forms.ChoiceField(
                required=False,
                label="Taken from",
                choices=_stock_choices(item),
                help_text="An opened vial or a lot in stock: its lot number is recorded and the dose is taken from it.",
            )
            self.fields[f"reason_{item.pk}"] = PerformedItem._meta.get_field("deviation_reason").formfield(
                required=False, label="Why it differs from the plan"
            )
            for n, point in enumerate(item.points.all(), start=1):
                self._add_point_fields(item, point, n)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        day, time = data.get("performed_on"), data.get("performed_time")
        if day and time:
            data["performed_at"] = timezone.make_aware(dt.datetime.combine(day, time))
        for item in self.items:
            data[f"stock_{item.pk}"] = _stock_source(data.get(f"stock_{item.pk}") or "")
        return data

    def _add_point_fields(self, item, point, n: int) -> None:
        """A planned point's fields as given, prefilled from the plan: dose, depth, technique, instrument, gauge."""
        where = f"point {n} of {item.area.name}"
        self.fields[f"pdose_{point.pk}"] = forms.DecimalField(
            max_digits=7, decimal_places=2, min_value=0, label=f"Dose at {where} ({item.dose_unit})"
        )
        for prefix, name in (("pdepth", "depth"), ("ptech", "technique"), ("pinst", "instrument"), ("pgauge", "gauge")):
            field = PerformedPoint._meta.get_field(name).formfield(required=False)
            field.label = f"{field.label.capitalize()} at {where}"
            if isinstance(field, forms.TypedChoiceField):
                field.choices = [("", "Not recorded"), *field.choices[1:]]
            self.fields[f"{prefix}_{point.pk}"] = field
        for prefix in POINT_PREFIXES:
            widget = self.fields[f"{prefix}_{point.pk}"].widget
            widget.attrs["class"] = (
                "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            )
        for prefix, value in (
            ("pdose", quantity(point.dose)),
            ("pdepth", point.depth),
            ("ptech", point.technique),
            ("pinst", point.instrument),
            ("pgauge", point.gauge),
        ):
            self.initial.setdefault(f"{prefix}_{point.pk}", value)

    def point_lines(self, item) -> tuple[PerformedPointLine, ...]:
        """The item's planned points as given (cleaned data), for planning.services.session_record."""
        data = self.cleaned_data
        return tuple(
            PerformedPointLine(
                planned_point=point,
                dose=data[f"pdose_{point.pk}"],
                depth=data[f"pdepth_{point.pk}"],
                technique=data[f"ptech_{point.pk}"],
                instrument=data[f"pinst_{point.pk}"],
                gauge=data[f"pgauge_{point.pk}"],
            )
            for point in item.points.all()
        )

    def point_rows(self, item):
        """Each planned point with its bound fields (marked invalid, and described by their error, when refused)."""
        for point in item.points.all():
            names = [f"{prefix}_{point.pk}" for prefix in POINT_PREFIXES]
            for name in names:
                if name in self.errors:
                    attrs = self.fields[name].widget.attrs
                    attrs["class"] = attrs.get("class", "") + " is-invalid"
                    attrs["aria-describedby"] = f"{name}-error"
            yield point, [self[name] for name in names]

    def rows(self):
        for item in self.items:
            yield (
                item,
                self[f"done_{item.pk}"],
                self[f"stock_{item.pk}"],
                self[f"lot_{item.pk}"],
                self[f"expiry_{item.pk}"],
                self[f"dose_{item.pk}"],
                self[f"reason_{item.pk}"],
                list(self.point_rows(item)),
            )


def _stock_choices(item) -> list[tuple[str, str]]:
    """The opened vials and lots in stock this item's product may be taken from (usable now: not expired, not
    empty, vials before their beyond-use time)."""
    choices = [("", "Not from Harmony's stock: type the lot below")]
    for vial in usable_vials(product=item.product):
        left = amount(vial.units_left, "U")
        text = (
            f"Vial of lot {vial.lot.lot_number} · {left} left · {vial.concentration_text}"
            f" · use by {vial.beyond_use_text}"
        )
        choices.append((f"vial:{vial.code}", text))
    for lot in usable_lots(product=item.product):
        choices.append((f"lot:{lot.code}", f"Lot {lot.lot_number} · {amount(lot.quantity_left, item.dose_unit)} left"))
    return choices


def _stock_source(value: str) -> ProductLot | Vial | None:
    kind, _, code = value.partition(":")
    if kind == "vial":
        return Vial.objects.select_related("lot").filter(code=code).first()
    if kind == "lot":
        return ProductLot.objects.filter(code=code).first()
    return None
