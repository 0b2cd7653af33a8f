"""Forms of two-factor sign-in, and the code field that signatures (records, consents) add to their own forms."""

from __future__ import annotations

from django import forms

from mfa.models import DeviceReset


def code_field(*, label: str = "Code from your authenticator app", required: bool = False, help_text: str = ""):
    """A one-time code: the app's 6 digits or a backup code. Not required by the form: the service decides (a user
    without a device gives none), and says so next to the field."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=32,
        strip=True,
        help_text=help_text or "The 6 digits your app shows now, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the code from your authenticator app."},
    )


class CodeForm(forms.Form):
    code = code_field(required=True)


class EnrolForm(forms.Form):
    code = code_field(label="The 6-digit code your app shows", required=True, help_text=" ")


class PasswordCodeForm(forms.Form):
    """The password again, and a code for a user with a device (re-authentication, turning two-factor off)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )
    otp_code = code_field()

    def __init__(self, *args, with_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["otp_code"]


class ResetForm(forms.ModelForm):
    class Meta:
        model = DeviceReset
        fields = ["reason"]
        labels = {"reason": "Why"}
