"""Form helpers shared by every app's views: service errors next to their fields, and the clinic's date and time
fields.

Dates are typed the clinic locale's way everywhere (clinic/formats: dd/mm/yyyy in the UK), in a text input. Never
`<input type="date">` or `type="time"`: browsers draw those in their own locale (mm/dd/yyyy and a 12-hour clock in
an American Chromium), so the same page would ask for 03/04 meaning two different days.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.functional import lazy

from clinic.formatting import style

_PLACEHOLDER_PARTS = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%H": "hh", "%M": "mm", "%S": "ss"}
_EXAMPLE_DAY = date(2026, 6, 15)  # a day above 12, so the example shows which number is the day


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the right field, or at the top of the form.

    A form whose fields split what the service calls one value (a date and a time for `performed_at`) maps the
    service's name to the field to show the message at, in `service_error_fields`.
    """
    aliases = getattr(form, "service_error_fields", {})
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            name = aliases.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def input_hint(fmt: str) -> str:
    """The typing format `fmt` ("%d/%m/%Y") the way a placeholder or a message says it: "dd/mm/yyyy"."""
    for code, text in _PLACEHOLDER_PARTS.items():
        fmt = fmt.replace(code, text)
    return fmt


def date_hint() -> str:
    """How the clinic types a date: "dd/mm/yyyy" (the locale's first DATE_INPUT_FORMATS)."""
    return input_hint(style("DATE_INPUT_FORMATS")[0])


def _invalid_date() -> str:
    example = _EXAMPLE_DAY.strftime(style("DATE_INPUT_FORMATS")[0])
    return f"Enter a valid date as {date_hint()}, for example {example}."


def _invalid_time() -> str:
    return f"Enter a valid time as {input_hint(style('TIME_INPUT_FORMATS')[0])} (24-hour clock), for example 14:30."


class _ClinicTextInput:
    """A date or time input as plain text, in the locale's typing format (its *_INPUT_FORMATS[0]), said by the
    placeholder."""

    input_type = "text"
    format_key: str
    format: str | None

    def typing_format(self) -> str:
        return self.format or style(self.format_key)[0]

    def format_value(self, value):
        return formats.localize_input(value, self.typing_format())

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", input_hint(self.typing_format()))
        return context


class ClinicDateInput(_ClinicTextInput, forms.DateInput):
    """A text input showing its date in the locale's typing format (DATE_INPUT_FORMATS[0]: 02/12/2026).

    The placeholder says the format ("dd/mm/yyyy"). No `inputmode`: a tablet's number pad has no "/" (iPad), so the
    ordinary keyboard stays. Autocomplete is off (the front desk types other people's dates, never their own).
    """

    def __init__(self, attrs=None, format=None):
        super().__init__({"autocomplete": "off", **(attrs or {})}, format)


class ClinicTimeInput(_ClinicTextInput, forms.TimeInput):
    """A text input for a 24-hour clock time ("14:30", TIME_INPUT_FORMATS[0]), the same in every browser."""

    def __init__(self, attrs=None, format=None):
        super().__init__({"autocomplete": "off", **(attrs or {})}, format)


class ClinicDateField(forms.DateField):
    """A date typed the clinic's way: shown as dd/mm/yyyy, read from any of the locale's DATE_INPUT_FORMATS
    (dd/mm/yyyy, yyyy-mm-dd, dd-mm-yyyy, dd.mm.yyyy); a bad date gets a message saying the format, next to it."""

    widget = ClinicDateInput
    input_formats = lazy(style, list)("DATE_INPUT_FORMATS")
    default_error_messages = {"invalid": lazy(_invalid_date, str)()}


class ClinicTimeField(forms.TimeField):
    """A time typed on the 24-hour clock ("14:30", also "14.30"), in a text input."""

    widget = ClinicTimeInput
    input_formats = lazy(style, list)("TIME_INPUT_FORMATS")
    default_error_messages = {"invalid": lazy(_invalid_time, str)()}
