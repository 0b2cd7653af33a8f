"""The signing form of the patient view and the consent text's admin form.

The signing form is a ModelForm over a scratch record, so the model's rules (the signature PNG, the typed name)
apply as it validates, next to their fields; the service validates again with full_clean(). Its hidden fields
carry what the page showed: the plan version and the SHA-256 of the text, checked by the service.

The signature pad is drawn by hand in the template (consents/_signature_pad.html) around the hidden `signature`
input, which consents/static/consents/signature.js fills with the canvas as a PNG data URL.
"""

from __future__ import annotations

from django import forms

from consents.models import TYPED_NAME_MESSAGE, ConsentText, PlanAcceptance, SignedConsent
from consents.signatures import read_data_url
from mfa.forms import code_field


class SignatureField(forms.Field):
    """The canvas as a `data:image/png;base64,...` URL, read into the PNG's bytes (None when nothing was drawn)."""

    widget = forms.HiddenInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return read_data_url(str(value))


class _SignForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    shown_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    signature = SignatureField(required=False, label="Your signature")
    # The staff member witnessing (the signed-in user) confirms with a current code from their app (consents.views).
    witness_code = code_field(
        label="Witness: your code from the authenticator app",
        help_text="For the member of staff witnessing this signature: the 6 digits your app shows now.",
    )

    class Meta:
        fields = ["typed_name", "signature", "signed_by_typing"]
        error_messages = {"typed_name": {"required": TYPED_NAME_MESSAGE}}
        labels = {"typed_name": "Your full name", "signed_by_typing": "I'd rather type my name than draw it"}
        help_texts = {"typed_name": "As you would sign it."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typed_name"].widget.attrs.update({"autocomplete": "off", "autocapitalize": "words"})

    def _post_clean(self):
        # Typing the name instead of drawing: a drawing that could not be read does not matter then.
        if self.cleaned_data.get("signed_by_typing") and "signature" in self._errors:
            del self._errors["signature"]
            self.cleaned_data["signature"] = None
        unreadable = "signature" in self._errors
        super()._post_clean()
        if unreadable:  # the model adds "the box is empty" for the drawing it never got: one message is enough
            first = self._errors["signature"].as_data()[:1]
            self._errors["signature"] = self.error_class(first, renderer=self.renderer)

    def signature_kept(self) -> str:
        """The drawing to put back on the canvas when the page comes back with an error elsewhere ("" otherwise)."""
        if not self.is_bound or self.errors.get("signature"):
            return ""
        value = self.data.get(self.add_prefix("signature"), "")
        return value if isinstance(value, str) and value.startswith("data:image/png;base64,") else ""

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "typed_name": data["typed_name"],
            "signature": data.get("signature"),
            "signed_by_typing": data.get("signed_by_typing", False),
            "expected_version": data["version"],
            "shown_hash": data["shown_hash"],
        }


class AcceptanceForm(_SignForm):
    class Meta(_SignForm.Meta):
        model = PlanAcceptance


class ConsentForm(_SignForm):
    text_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta(_SignForm.Meta):
        model = SignedConsent

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "text_version": self.cleaned_data["text_version"]}


def _required(model, name: str) -> dict:
    """The model field's own "blank" message for the form's "required", so both say the same."""
    return {"required": model._meta.get_field(name).error_messages["blank"]}


class ConsentTextForm(forms.ModelForm):
    """The admin's form: saving it publishes a new version (consents.admin)."""

    class Meta:
        model = ConsentText
        fields = ["kind", "title", "body", "source_note"]
        error_messages = {"title": _required(ConsentText, "title"), "body": _required(ConsentText, "body")}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "cols": 90}),
            "source_note": forms.Textarea(attrs={"rows": 8, "cols": 90}),
        }
