"""Forms for uploading, describing and comparing photos. Layout lives here (crispy), templates just render it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row, Submit
from django import forms
from django.utils import timezone

from clinic.formatting import day
from clinic.formtools import ClinicDateField
from photos.models import Photo, PhotoStage, PhotoView

ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp,.heic,.heif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A list of uploaded files. Each one is checked by photos.processing, one message per file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError("Choose at least one photo.", code="required")
        # Only the shape is checked here (a file was sent); the contents are checked per file by the service.
        return files


class PhotoUploadForm(forms.Form):
    files = MultipleFileField(
        label="Photos",
        help_text="JPEG, PNG or WebP, up to the clinic's size limit each. Choose several at once, or drop them here.",
    )
    view = forms.ChoiceField(choices=PhotoView.choices, initial=PhotoView.FRONT)
    stage = forms.ChoiceField(choices=PhotoStage.choices, initial=PhotoStage.BEFORE)
    taken_on = ClinicDateField(label="Date taken")

    def __init__(self, *args, max_megabytes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()
        if max_megabytes:
            self.fields[
                "files"
            ].help_text = (
                f"JPEG, PNG or WebP, up to {max_megabytes} MB each. Choose several at once, or drop them here."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Div(
                HTML(
                    '<p class="photo-dropzone-hint mb-2" aria-hidden="true">'
                    '<span class="fw-semibold">Drop photos here</span> or use the file chooser below.</p>'
                ),
                Field("files", css_class="photo-file-input"),
                HTML('<ul class="photo-file-list list-unstyled small mb-0" data-file-list aria-live="polite"></ul>'),
                css_class="photo-dropzone mb-3",
                data_dropzone="",
            ),
            Row(
                Column("view", css_class="col-md-4"),
                Column("stage", css_class="col-md-4"),
                Column("taken_on", css_class="col-md-4"),
            ),
            HTML(
                '<p class="small text-body-secondary">These apply to every photo of this upload; '
                "you can change them per photo afterwards.</p>"
            ),
            Submit("upload", "Upload photos", css_class="btn-primary"),
        )


class PhotoEditForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["view", "stage", "taken_on", "notes", "include_in_print", "consent_marketing"]
        field_classes = {"taken_on": ClinicDateField}
        widgets = {"notes": forms.TextInput}
        labels = {
            "include_in_print": "Include on the printed treatment plan",
            "consent_marketing": "Patient consents to marketing use of this photo",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        patient = self.instance.patient
        marketing = self.fields["consent_marketing"]
        marketing.help_text = "Separate consent for this one photo; off unless the patient agreed in writing."
        if not patient.consent_photos_marketing:
            marketing.disabled = True
            marketing.help_text = (
                "Not available: the patient has not consented to marketing use of photos (see the patient's page)."
            )
        printing = self.fields["include_in_print"]
        printing.help_text = "The printed plan is handed to the patient."
        if not patient.consent_photos_clinical:
            printing.disabled = True
            printing.help_text = "Not available: the patient has not consented to clinical photos."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("view", css_class="col-md-4"),
                Column("stage", css_class="col-md-4"),
                Column("taken_on", css_class="col-md-4"),
            ),
            "notes",
            "include_in_print",
            "consent_marketing",
            Submit("save", "Save changes", css_class="btn-primary"),
        )


class PhotoChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            # A malformed code reads like any other wrong choice, not like a UUID lesson.
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from exc

    def label_from_instance(self, obj):
        return f"{day(obj.taken_on)} · {obj.get_stage_display()}" + (f" · {obj.notes[:40]}" if obj.notes else "")


class CompareForm(forms.Form):
    """Two photos of the same view: `left` is shown underneath in the overlay, `right` on top."""

    view = forms.ChoiceField(choices=PhotoView.choices)
    left = PhotoChoiceField(queryset=Photo.objects.none(), to_field_name="code", label="Earlier photo (left)")
    right = PhotoChoiceField(queryset=Photo.objects.none(), to_field_name="code", label="Later photo (right)")

    def __init__(self, *args, photos, views=None, **kwargs):
        super().__init__(*args, **kwargs)
        if views:
            # Only views that have photos, with how many: [(value, label, count)].
            self.fields["view"].choices = [
                (value, f"{label} ({count} photo{'s' if count != 1 else ''})") for value, label, count in views
            ]
        self.fields["left"].queryset = photos
        self.fields["right"].queryset = photos
        self.fields["left"].error_messages["invalid_choice"] = "Choose one of this patient's photos of that view."
        self.fields["right"].error_messages["invalid_choice"] = "Choose one of this patient's photos of that view."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("view", css_class="col-md-3"),
                Column("left", css_class="col-md"),
                Column("right", css_class="col-md"),
                Column(
                    HTML('<button type="submit" class="btn btn-primary">Compare</button>'),
                    css_class="col-md-auto d-flex align-items-end mb-3",
                ),
            )
        )

    def clean(self):
        data = super().clean()
        left, right, view = data.get("left"), data.get("right"), data.get("view")
        if left and right and left.pk == right.pk:
            self.add_error("right", "Choose two different photos.")
        for key in ("left", "right"):
            photo = data.get(key)
            if photo and view and photo.view != view:
                self.add_error(
                    key,
                    f"This photo is a {photo.get_view_display().lower()} view; "
                    f"choose a {PhotoView(view).label.lower()} one.",
                )
        return data
