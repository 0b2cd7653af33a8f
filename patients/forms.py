"""Front-desk forms. Layout lives here (crispy FormHelper); templates only render it."""

import uuid
from datetime import datetime
from decimal import Decimal

from crispy_forms.bootstrap import PrependedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from catalog.lookups import name_suggestions, product_for_name, product_label
from catalog.models import Concern, FacialArea, Product
from clinic.formtools import ClinicDateField, ClinicTimeField
from patients import selectors
from patients.models import (
    OTHER_FILLER,
    OTHER_TOXIN,
    PREVIOUS_SUBSTANCE_CHOICES,
    SCREENING_QUESTIONS,
    TOXIN_SUBSTANCES,
    Consultation,
    Patient,
    PreviousTreatment,
)

SCREENING_FIELDS = [field for field, _, _ in SCREENING_QUESTIONS]
PREVIOUS_PREFIX = "previous"
MAX_PREVIOUS_ROWS = 30
# The <datalist> of catalog product names that every previous-treatment row's name field offers.
PRODUCT_NAMES_LIST_ID = "catalog-product-names"


class SubmissionKeyMixin:
    """A one-time key per rendered "create" form: submitting the same form twice creates one record.

    The key is made when the empty form is shown and travels back in a hidden field; the service stores it on the
    record under a unique constraint, so a second submit (a double click, a browser retry) finds the first record.
    """

    def add_submission_key(self):
        self.fields["submission_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()


class VersionMixin:
    """The record's version as the edit form showed it, in a hidden field: the service refuses a stale edit
    (patients.services.StaleRecordError) and the form is shown again with what was typed.

    A forged version is an error at the top of the form, not on the hidden field no one can see. A POST without the
    field at all (a script, an older test) is saved like another service's change, under the record's row lock,
    without the staleness check: every page the app renders carries the field."""

    def add_version(self):
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["version"] = self.instance.version

    def clean_version(self):
        if self.add_prefix("version") not in self.data:
            return None
        raw = (self.cleaned_data.get("version") or "").strip()
        if not (raw.isascii() and raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0):
            raise ValidationError("The form was missing the record's version: reload the page and try again.")
        return int(raw)

    def _post_clean(self):
        # The version's error belongs at the top of the form, where the person can read it.
        if "version" in self._errors:
            for error in self._errors.pop("version"):
                self.add_error(None, error)
        super()._post_clean()

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if "version" in self.fields else None


class PatientForm(VersionMixin, SubmissionKeyMixin, forms.ModelForm):
    date_of_birth = ClinicDateField(
        label="Date of birth",
        help_text="dd/mm/yyyy (or yyyy-mm-dd).",
        error_messages={"invalid": "Enter the date of birth as dd/mm/yyyy, for example 12/04/1988."},
    )
    confirm_duplicate = forms.BooleanField(
        required=False, label="This is a different person with the same name and date of birth: save anyway"
    )

    class Meta:
        model = Patient
        fields = [
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address",
            "notes",
            "consent_treatment_data",
            "consent_photos_clinical",
            "consent_photos_marketing",
            "guardian_consent",
        ]
        labels = {
            "given_name": "First name",
            "family_name": "Last name",
            "preferred_name": "Preferred name",
            "consent_treatment_data": "Consents to processing of treatment data",
            "consent_photos_clinical": "Consents to photos for the clinical record",
            "consent_photos_marketing": "Consents to photos for marketing",
            "guardian_consent": "Guardian's consent recorded (patients under 18)",
        }
        help_texts = {
            "preferred_name": "What the patient likes to be called, if different.",
            "phone": "Digits, spaces, brackets, dashes and a leading + are fine.",
            "consent_photos_marketing": "A separate consent; leave unticked unless the patient opts in.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "given_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[Patient] = []
        self.fields["email"].error_messages["invalid"] = "Enter a valid email address, like name@example.com."
        if self.instance.pk is None:
            self.add_submission_key()
        else:
            self.add_version()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Identity",
                Row(Column("given_name", css_class="col-md-4"), Column("family_name", css_class="col-md-4")),
                Row(Column("preferred_name", css_class="col-md-4")),
                Row(Column("date_of_birth", css_class="col-md-4"), Column("sex", css_class="col-md-4")),
                css_class="form-section",
            ),
            Fieldset(
                "Contact",
                Row(Column("phone", css_class="col-md-4"), Column("email", css_class="col-md-6")),
                Field("address"),
                Field("notes"),
                css_class="form-section",
            ),
            Fieldset(
                "Consents",
                Field("consent_treatment_data"),
                Field("consent_photos_clinical"),
                Field("consent_photos_marketing"),
                Field("guardian_consent"),
                css_class="form-section",
            ),
            *(["submission_key"] if "submission_key" in self.fields else []),
            *(["version"] if "version" in self.fields else []),
        )

    def clean_given_name(self):
        return " ".join(self.cleaned_data["given_name"].split())

    def clean_family_name(self):
        return " ".join(self.cleaned_data["family_name"].split())

    def clean(self):
        cleaned = super().clean()
        given, family, dob = cleaned.get("given_name"), cleaned.get("family_name"), cleaned.get("date_of_birth")
        key = cleaned.get("submission_key")
        if key and Patient.objects.filter(submission_key=key).exists():
            # A repeat of a submit that already created the patient: not a duplicate, the service returns it.
            return cleaned
        if given and family and dob:
            self.duplicates = selectors.possible_duplicates(
                given_name=given, family_name=family, date_of_birth=dob, exclude_pk=self.instance.pk
            )
            if self.duplicates and not cleaned.get("confirm_duplicate"):
                self.add_error(
                    "confirm_duplicate",
                    "A patient with this name and date of birth is already registered. Open that record, or tick "
                    "this box if this is a different person.",
                )
        return cleaned

    @property
    def patient_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PractitionerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ConsultationForm(VersionMixin, SubmissionKeyMixin, forms.ModelForm):
    when_date = ClinicDateField(
        label="Date",
        error_messages={"invalid": "Enter the consultation date as dd/mm/yyyy, for example 15/06/2026."},
    )
    when_time = ClinicTimeField(
        label="Time",
        error_messages={"invalid": "Enter the time as HH:MM (24-hour clock), for example 14:30."},
    )
    practitioner = PractitionerChoiceField(
        queryset=None, required=False, empty_label="Not yet assigned", help_text="Who will plan the treatment."
    )
    concerns = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Tick every concern the patient raises",
    )

    class Meta:
        model = Consultation
        fields = [
            "practitioner",
            "status",
            "concerns",
            "goals",
            "priorities",
            "budget",
            *SCREENING_FIELDS,
            "screening_notes",
            "body_weight_kg",
        ]
        labels = {
            "goals": "Goals, in the patient's own words",
            "priorities": "Priorities",
            "budget": "Budget",
            "screening_notes": "Screening notes",
            "body_weight_kg": "Body weight",
            **{field: label for field, label, _ in SCREENING_QUESTIONS},
        }
        help_texts = {
            "priorities": "What matters most to the patient, in order.",
            "budget": "Optional.",
            "body_weight_kg": "Optional, in kg.",
            "screening_notes": "Details of any answer above (medicines, allergies, dates).",
        }
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "priorities": forms.Textarea(attrs={"rows": 2}),
            "screening_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = selectors.practitioners()
        concerns = Concern.objects.active().order_by("display_order", "name")
        if self.instance.pk:
            # A concern retired from the catalog stays ticked on the consultations that recorded it.
            concerns = (Concern.objects.filter(is_active=True) | self.instance.concerns.all()).distinct()
        self.fields["concerns"].queryset = concerns.order_by("display_order", "name")
        if self.instance.pk:
            local = timezone.localtime(self.instance.scheduled_at)
            self.initial.setdefault("when_date", local.date())
            self.initial.setdefault("when_time", local.time().replace(second=0, microsecond=0))
            self.add_version()
        else:
            self.add_submission_key()
        self.fields["budget"].widget.attrs.update({"min": "0", "step": "1"})
        self.fields["body_weight_kg"].widget.attrs.update({"min": "20", "max": "400", "step": "0.1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "When and who",
                Row(
                    Column("when_date", css_class="col-sm-6 col-md-3"),
                    Column("when_time", css_class="col-sm-6 col-md-2"),
                    Column("practitioner", css_class="col-md-4"),
                    Column("status", css_class="col-md-3"),
                ),
                css_class="form-section",
            ),
            Fieldset("Concerns", Div("concerns", css_class="concern-grid"), css_class="form-section"),
            Fieldset(
                "Goals",
                Field("goals"),
                Field("priorities"),
                Row(Column(PrependedText("budget", settings.HARMONY_CURRENCY_SYMBOL), css_class="col-md-4")),
                css_class="form-section",
            ),
            Fieldset(
                "Medical screening",
                HTML('<p class="text-body-secondary small">Tick every answer that is yes.</p>'),
                Div(*SCREENING_FIELDS, css_class="screening-grid"),
                Field("screening_notes"),
                Row(Column(PrependedText("body_weight_kg", "kg"), css_class="col-md-3")),
                css_class="form-section",
            ),
            *(["submission_key"] if "submission_key" in self.fields else []),
            *(["version"] if "version" in self.fields else []),
        )

    def clean_when_date(self):
        day = self.cleaned_data["when_date"]
        if day.year < 2000 or day.year > timezone.localdate().year + 5:
            raise ValidationError("Enter a date between the year 2000 and five years from now.")
        return day

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("when_date"), cleaned.get("when_time")
        if day and time:
            cleaned["scheduled_at"] = timezone.make_aware(datetime.combine(day, time))
        return cleaned

    @property
    def consultation_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "concerns"}
        data["scheduled_at"] = self.cleaned_data["scheduled_at"]
        return data


class CatalogProductField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return product_label(obj)


def _substance_choices() -> list:
    """The substance select, grouped: toxins first (with "another or unknown toxin"), then fillers."""
    toxins = [(value, label) for value, label in PREVIOUS_SUBSTANCE_CHOICES if value in TOXIN_SUBSTANCES]
    fillers = [(value, label) for value, label in PREVIOUS_SUBSTANCE_CHOICES if value not in TOXIN_SUBSTANCES]
    return [("", "Not needed for a catalog product"), ("Botulinum toxin", toxins), ("Dermal filler", fillers)]


def _fits(substance: str, product: Product) -> bool:
    """Whether a substance said for a typed name can be that catalog product ("another toxin" fits any toxin)."""
    if substance in (OTHER_TOXIN, OTHER_FILLER):
        return (substance == OTHER_TOXIN) == product.is_toxin
    return substance == product.substance


class PreviousTreatmentForm(forms.ModelForm):
    """One earlier treatment: picked from the catalog, or typed by name.

    A typed name that is a catalog product's name or alias ("Botox") is linked to that product, so its units count
    towards the product's limits; for any other name the practitioner says what it was (the substance).
    """

    product = CatalogProductField(queryset=None, required=False, label="Product (catalog)")
    treated_on = ClinicDateField(
        label="Date treated",
        error_messages={"invalid": "Enter the date treated as dd/mm/yyyy, for example 15/01/2026."},
    )

    class Meta:
        model = PreviousTreatment
        fields = ["product", "product_name", "substance", "area", "dose", "dose_unit", "treated_on", "notes"]
        labels = {
            "product_name": "or product name",
            "substance": "What it was",
            "area": "Area",
            "dose": "Dose",
            "dose_unit": "Unit",
            "notes": "Notes",
        }
        help_texts = {
            "product_name": "As the patient named it. A catalog name or other name (e.g. Botox) links to that product.",
            "substance": "For a name that is not in the catalog: which toxin or filler, or another or unknown one.",
        }
        widgets = {
            "product_name": forms.TextInput(attrs={"list": PRODUCT_NAMES_LIST_ID, "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        products = Product.objects.filter(is_active=True)
        if self.instance.product_id:
            # A product retired since this row was recorded stays selected on it.
            products = Product.objects.filter(Q(is_active=True) | Q(pk=self.instance.product_id))
        self.fields["product"].queryset = products.order_by("kind", "name")
        self.fields["product"].empty_label = "Not in the catalog"
        self.fields["substance"].choices = _substance_choices()
        self.fields["area"].queryset = FacialArea.objects.active().order_by("display_order", "name")
        self.fields["area"].empty_label = "Choose an area"
        self.fields["dose_unit"].choices = [("", "U or mL"), *self.fields["dose_unit"].choices[1:]]
        self.fields["dose"].widget.attrs.update({"min": "0", "step": "0.01"})

    def clean_dose(self):
        dose = self.cleaned_data.get("dose")
        if dose is not None and dose <= Decimal(0):
            raise ValidationError("A dose must be more than 0.")
        return dose

    def clean(self):
        cleaned = super().clean()
        product, name = cleaned.get("product"), cleaned.get("product_name", "")
        match = product_for_name(name) if name else None
        if product and match and match != product:
            self.add_error("product_name", f"{name} is {match} in the catalog, not {product}: change one of the two.")
            return cleaned
        if match and not product:
            # The typed name stays as written (it is what the patient said); the link makes it count.
            cleaned["product"] = product = match
        substance = cleaned.get("substance")
        if product and substance and not _fits(substance, product):
            self.add_error(
                "substance",
                f"{product} is {product.get_substance_display()}: choose that, or leave this empty.",
            )
        unit = cleaned.get("dose_unit")
        if product and unit and unit != product.dose_unit:
            self.add_error("dose_unit", f"{product} is dosed in {product.dose_unit}.")
        # Without a product, the model says what is missing or wrong (the substance, or a unit that contradicts it).
        return cleaned


class BasePreviousTreatmentFormSet(BaseInlineFormSet):
    product_names_list_id = PRODUCT_NAMES_LIST_ID

    def get_queryset(self):
        return super().get_queryset().select_related("product", "area")

    def product_name_suggestions(self) -> list[tuple[str, str]]:
        """The names (and other names) of the active catalog products, offered once per page as the rows' datalist."""
        return name_suggestions(Product.objects.active().order_by("name"))


PreviousTreatmentFormSet = inlineformset_factory(
    Consultation,
    PreviousTreatment,
    form=PreviousTreatmentForm,
    formset=BasePreviousTreatmentFormSet,
    extra=1,
    can_delete=False,
    max_num=MAX_PREVIOUS_ROWS,
    validate_max=True,
    absolute_max=MAX_PREVIOUS_ROWS,  # a forged TOTAL_FORMS never makes Django build a thousand forms
)


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth or phone",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": "e.g. zoe mart, 12/04/1988 or 07700 900123",
                "autofocus": True,
            }
        ),
    )
    include_archived = forms.BooleanField(label="Include archived records", required=False)
