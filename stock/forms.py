"""Stock forms. Layout lives here (crispy FormHelper); templates only render it.

The rules are the models' and the services': a form reads what was typed, and every refusal comes back next to its
field (clinic.formtools.add_service_errors), with everything typed kept.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone

from catalog.models import Product
from clinic.formatting import amount
from clinic.formtools import ClinicDateField, ClinicTimeField
from stock import selectors
from stock.models import MAX_PACKAGES, NO_BEYOND_USE, ProductLot, StockMovement, beyond_use

REFERENCE_HELP = "What used it, e.g. “session 3f2a” or “touch-up, Zoë Martin”. Optional."


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class QuantityField(forms.DecimalField):
    """A quantity typed with a point or a decimal comma ("1,5"), to two decimal places."""

    def __init__(self, *, example: str = "20 or 0.5", max_digits: int = 9, **kwargs):
        messages = {
            "invalid": f"Enter a number, e.g. {example}.",
            "required": "Enter how much.",
            "max_decimal_places": "Enter at most two decimal places.",
            "max_digits": "That number is too large.",
            "max_whole_digits": "That number is too large.",
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(max_digits=max_digits, decimal_places=2, error_messages=messages, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a typed "1,5" must reach the server, not be refused by the browser
        attrs.pop("max", None)
        attrs.pop("min", None)
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class TextNumberInput(forms.TextInput):
    input_type = "text"


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:
        package = obj.package_description or amount(obj.package_size, obj.dose_unit)
        return f"{obj.name} · {package} ({amount(obj.package_size, obj.dose_unit)} per package)"


class ReceiveForm(forms.ModelForm):
    product = ProductChoiceField(
        queryset=Product.objects.none(),
        empty_label="Choose the product",
        error_messages={
            "required": "Choose the product received.",
            "invalid_choice": "Choose a product from the list.",
        },
    )
    expiry = ClinicDateField(
        label="Expiry date",
        help_text="From the package's label: the last day the lot may be used (dd/mm/yyyy).",
        error_messages={"required": "Enter the expiry date from the package's label."},
    )
    packages = forms.IntegerField(
        label="Packages received",
        help_text="Whole packages (vials, syringes) of this lot; counted in U or mL by the product's package size.",
        widget=TextNumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Enter how many packages of this lot arrived.",
            "invalid": f"Enter the number of whole packages received, from 1 to {MAX_PACKAGES}.",
        },
    )

    class Meta:
        model = ProductLot
        fields = ["product", "lot_number", "expiry", "note"]
        widgets = {
            "lot_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "note": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {"note": "Optional: supplier, delivery note, storage."}

    field_order = ["product", "lot_number", "expiry", "packages", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = selectors.receivable_products()
        self.fields["lot_number"].error_messages["required"] = "Enter the lot number from the package's label."
        self.fields["lot_number"].error_messages["max_length"] = "A lot number is at most 40 characters."
        self.helper = _helper(
            "product",
            Row(Column("lot_number", css_class="col-md-6"), Column("expiry", css_class="col-md-6")),
            Row(Column("packages", css_class="col-md-6")),
            "note",
        )

    def clean_lot_number(self):
        return " ".join(self.cleaned_data["lot_number"].split())

    def clean_packages(self):
        packages = self.cleaned_data["packages"]
        if not 1 <= packages <= MAX_PACKAGES:
            raise forms.ValidationError(f"Enter the number of whole packages received, from 1 to {MAX_PACKAGES}.")
        return packages


class UseLotForm(forms.Form):
    amount = QuantityField(label="Amount taken")
    reference = forms.CharField(
        required=False, max_length=StockMovement._meta.get_field("reference").max_length, help_text=REFERENCE_HELP
    )

    def __init__(self, *args, lot: ProductLot, **kwargs):
        super().__init__(*args, **kwargs)
        unit = lot.unit
        self.fields["amount"].label = f"Amount taken ({unit})"
        self.fields["amount"].help_text = f"In {unit}; {lot.left_text} left in this lot."
        self.helper = _helper(Row(Column("amount", css_class="col-md-4"), Column("reference", css_class="col-md-8")))


class UseVialForm(forms.Form):
    units = QuantityField(label="Units drawn (U)", example="20")
    reference = forms.CharField(
        required=False, max_length=StockMovement._meta.get_field("reference").max_length, help_text=REFERENCE_HELP
    )

    def __init__(self, *args, vial, **kwargs):
        super().__init__(*args, **kwargs)
        left = amount(vial.units_left, "U")
        self.fields["units"].help_text = f"{left} left, at {vial.concentration_text}: the volume is worked out for you."
        self.helper = _helper(Row(Column("units", css_class="col-md-4"), Column("reference", css_class="col-md-8")))


class AdjustForm(forms.Form):
    quantity_left = QuantityField(label="Quantity really left", example="200 or 2.5")
    reason = forms.CharField(
        max_length=StockMovement._meta.get_field("reason").max_length,
        help_text="Kept in the lot's ledger, e.g. “counted on the shelf”, “one syringe damaged”, “expired, destroyed”.",
        error_messages={"required": "Say why the count changes."},
    )

    def __init__(self, *args, lot: ProductLot, **kwargs):
        super().__init__(*args, **kwargs)
        unit = lot.unit
        package = amount(lot.product.package_size, unit)
        self.fields["quantity_left"].label = f"Quantity really left ({unit})"
        self.fields["quantity_left"].help_text = (
            f"In {unit}: one package holds {package}. The ledger says {lot.left_text}; "
            f"{amount(lot.quantity_received, unit)} were received."
        )
        self.helper = _helper(Row(Column("quantity_left", css_class="col-md-4")), "reason")


class OpenVialForm(forms.Form):
    diluent_ml = QuantityField(label="Diluent (mL)", example="2.5", max_digits=4, required=False)
    opened_on = ClinicDateField(label="Opened on", error_messages={"required": "Enter the day the vial was opened."})
    opened_time = ClinicTimeField(label="At", error_messages={"required": "Enter the time the vial was opened."})

    service_error_fields = {"opened_at": "opened_time"}

    def __init__(self, *args, lot: ProductLot, **kwargs):
        super().__init__(*args, **kwargs)
        product = lot.product
        now = timezone.localtime()
        self.initial.setdefault("opened_on", now.date())
        self.initial.setdefault("opened_time", now.time().replace(second=0, microsecond=0))
        if product.reconstitution_ml is not None:
            self.initial.setdefault("diluent_ml", product.reconstitution_ml.normalize())
            source = f" ({product.reconstitution_source})" if product.reconstitution_source else ""
            self.fields["diluent_ml"].help_text = (
                f"The label's volume: {amount(product.reconstitution_ml, 'mL')} per "
                f"{amount(product.package_size, 'U')}{source}. Leave it as it is unless you added another volume: "
                "the volume sets the concentration."
            )
        else:
            self.fields["diluent_ml"].required = True
            self.fields["diluent_ml"].error_messages["required"] = (
                f"The catalog has no labelled diluent volume for {product.name}: enter the saline volume added, in mL."
            )
            missing = f"The catalog has no labelled diluent volume for {product.name}"
            self.fields["diluent_ml"].help_text = f"{missing}: enter the saline volume you added."
        self.beyond_use_help = beyond_use_help(product)
        self.helper = _helper(
            Row(
                Column("diluent_ml", css_class="col-md-4"),
                Column("opened_on", css_class="col-md-4"),
                Column("opened_time", css_class="col-md-4"),
            )
        )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("opened_on"), cleaned.get("opened_time")
        if isinstance(day, dt.date) and isinstance(time, dt.time):
            cleaned["opened_at"] = timezone.make_aware(dt.datetime.combine(day, time))
        return cleaned


def beyond_use_help(product: Product) -> str:
    """What an opened vial's beyond-use time will be, and on what authority, for the open-vial page."""
    when, basis = beyond_use(product=product, opened_at=timezone.now())
    label = f"the label says {product.use_within_hours} h" if product.use_within_hours else "no label time on record"
    if when is None:
        return (
            f"Beyond-use time: {NO_BEYOND_USE} for {product.name} (its label's time was not retrieved and the clinic "
            "has set no policy): follow the product's current label."
        )
    if basis.endswith("the clinic's policy"):
        return (
            f"Beyond-use time: {basis} (HARMONY_VIAL_USE_HOURS; {label}). The §2b expert consensus allows a clinic "
            "policy longer than the label, and one vial for several patients with proper handling."
        )
    return (
        f"Beyond-use time: {basis}. The clinic may set its own, longer policy (HARMONY_VIAL_USE_HOURS), as the §2b "
        "expert consensus allows; until then the label's time applies."
    )


class DiscardVialForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=StockMovement._meta.get_field("reason").max_length,
        help_text="Optional, e.g. “past its beyond-use time” or “dropped”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("reason")


class ThresholdForm(forms.Form):
    low_stock_packages = QuantityField(
        label="Low stock below (packages)",
        example="2 or 0.5",
        max_digits=6,
        help_text="Flag the product on the stock page when fewer packages than this are left in usable lots "
        "(opened vials not counted). 0 never flags it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("low_stock_packages", css_class="col-md-4")))

    def clean_low_stock_packages(self):
        value = self.cleaned_data["low_stock_packages"]
        if value < Decimal(0):
            raise forms.ValidationError("Enter 0 or more packages.")
        return value


class KitMinimumForm(forms.Form):
    minimum_units = QuantityField(
        label="Keep at least (U of hyaluronidase)",
        example="1500",
        max_digits=7,
        help_text="The stock page warns when less than this is left in usable hyaluronidase lots. 0 never warns.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("minimum_units", css_class="col-md-4")))

    def clean_minimum_units(self):
        value = self.cleaned_data["minimum_units"]
        if value < Decimal(0):
            raise forms.ValidationError("Enter 0 U or more.")
        return value
