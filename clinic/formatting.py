"""How Harmony writes numbers, money, dates and times: one module, used by templates (the filters in
clinic/templatetags/harmony.py, built into every template), forms, messages and the admin.

- Doses and sizes lose trailing zeros and carry their unit: "20 U", "0.5 mL".
- Money uses the clinic's currency symbol (HARMONY_CURRENCY_SYMBOL) and two decimals: "£1,250.00".
- Dates are written one way, "2 Dec 2026"; with a time, "2 Dec 2026, 14:30" (24-hour clock). Times are shown in
  the clinic's time zone (TIME_ZONE). A day heading adds the weekday: "Wed 2 Dec 2026".
- Dates are typed the clinic locale's way (DATE_INPUT_FORMATS, dd/mm/yyyy in the UK) and read back the same
  (clinic.formtools.ClinicDateField).

The date and time styles themselves live in the locale's format module (clinic/formats/en_GB/formats.py:
DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT), which Django's `|date`, the admin and the form widgets read too.
"""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils import dateformat, formats, timezone, translation

PENNY = Decimal("0.01")


def quantity(value) -> str:
    """20.00 -> "20", 0.50 -> "0.5": a dose or size without trailing zeros (the unit is written beside it)."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


def amount(value, unit: str) -> str:
    """A dose or limit with its unit: "400 U", "0.5 mL"."""
    return f"{quantity(value)} {unit}".strip() if value not in (None, "") else ""


def money(value) -> str:
    """1250 -> "£1,250.00" in the clinic's currency (half a penny rounds up, as prices are computed)."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    return f"{sign}{settings.HARMONY_CURRENCY_SYMBOL}{abs(number):,.2f}"


def style(name: str) -> Any:
    """The locale's format called `name` ("DATE_FORMAT", "DATE_INPUT_FORMATS"...), from clinic/formats.

    Read for the active language, or the clinic's (LANGUAGE_CODE) where none is active (management commands), so a
    date never falls back to Django's American default.
    """
    return formats.get_format(name, lang=translation.get_language() or settings.LANGUAGE_CODE)


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _day(value: date | datetime) -> date:
    return _local(value).date() if isinstance(value, datetime) else value


def day(value: date | datetime | None) -> str:
    """2 Dec 2026 (a datetime is first moved into the clinic's time zone)."""
    if value in (None, ""):
        return ""
    return dateformat.format(_day(value), style("DATE_FORMAT"))


def clock(value: datetime | time | None) -> str:
    """14:30, in the clinic's time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return dateformat.time_format(value, style("TIME_FORMAT"))


def moment(value: datetime | date | None) -> str:
    """2 Dec 2026, 14:30, in the clinic's time zone (a date without a time: 2 Dec 2026)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return day(value)
    return dateformat.format(_local(value), style("DATETIME_FORMAT"))


def weekday(value: date | datetime | None) -> str:
    """Wed 2 Dec 2026: a day heading or an appointment's day."""
    if value in (None, ""):
        return ""
    value = _day(value)
    return f"{dateformat.format(value, 'D')} {day(value)}"
