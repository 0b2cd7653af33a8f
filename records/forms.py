from django import forms

from records.models import AdverseEvent, SessionAmendment


class AdverseEventForm(forms.ModelForm):
    class Meta:
        model = AdverseEvent
        fields = ["kind", "severity", "details", "action_taken"]
        labels = {"kind": "What happened", "details": "Where and what exactly"}
        widgets = {"action_taken": forms.Textarea(attrs={"rows": 2})}


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


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = SessionAmendment
        fields = ["correction", "reason"]
        widgets = {"correction": forms.Textarea(attrs={"rows": 2})}
