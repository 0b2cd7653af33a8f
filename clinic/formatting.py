"""How Harmony writes numbers, money, dates and times: one module, used by templates (the filters in
clinic/templatetags/harmony.py, built into every template), forms, messages and the admin.

- Doses and sizes lose trailing zeros and carry their unit: "20 U", "0.5 mL".
- Money uses the clinic's currency symbol (HARMONY_CURRENCY_SYMBOL) and two decimals: "£1,250.00".
- Dates are written one way, "2 Dec 2026"; with a time, "2 Dec 2026, 14:30" (24-hour clock). Times are shown in
  the clinic's time zone (TIME_ZONE). A day heading adds the weekday: "Wed 2 Dec 2026".
- Dates are typed the clinic locale's way (DATE_INPUT_FORMATS, dd/mm/yyyy in the UK) and read back the same.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

DATE = "%-d %b %Y"
TIME = "%H:%M"
DATE_TEMPLATE = "j M Y"  # the same styles in Django's template syntax (settings.DATE_FORMAT etc.)
DATETIME_TEMPLATE = "j M Y, H:i"
TIME_TEMPLATE = "H:i"
DAY_TEMPLATE = "D j M Y"


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
    """1250 -> "£1,250.00" in the clinic's currency."""
    if value in (None, ""):
        return ""
    return f"{settings.HARMONY_CURRENCY_SYMBOL}{Decimal(value):,.2f}"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def day(value: date | datetime | None) -> str:
    """2 Dec 2026 (a datetime is first moved into the clinic's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return f"{value.day} {value:%b %Y}"


def clock(value: datetime | time | None) -> str:
    """14:30, in the clinic's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return f"{value:{TIME}}"


def moment(value: datetime | None) -> str:
    """2 Dec 2026, 14:30, in the clinic's time zone."""
    if value is None:
        return ""
    return f"{day(value)}, {clock(value)}"


def weekday(value: date | datetime | None) -> str:
    """Wed 2 Dec 2026: a day heading or an appointment's day."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return f"{value:%a} {day(value)}"
