"""The UK clinic's date and time style (LANGUAGE_CODE "en-gb"); clinic/formatting.py writes with these.

Shown: "2 Dec 2026", "2 Dec 2026, 14:30" (24-hour clock), "14:30". Typed: dd/mm/yyyy first (what a date field
shows and its placeholder says), and also yyyy-mm-dd, dd-mm-yyyy and dd.mm.yyyy.
"""

# Shown (Django template syntax, https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date).
DATE_FORMAT = "j M Y"  # 2 Dec 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 2 Dec 2026, 14:30
YEAR_MONTH_FORMAT = "M Y"  # Dec 2026
MONTH_DAY_FORMAT = "j M"  # 2 Dec
SHORT_DATE_FORMAT = "d/m/Y"  # 02/12/2026 (the admin's narrow columns)
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 02/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed (strftime syntax). The first of each list is the one a form field shows its value in.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 02/12/2026, also 2/12/2026
    "%Y-%m-%d",  # 2026-12-02
    "%d-%m-%Y",  # 02-12-2026
    "%d.%m.%Y",  # 02.12.2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H.%M",  # 14.30
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 02/12/2026 14:30
    "%d/%m/%Y %H:%M:%S",  # 02/12/2026 14:30:59
    "%d/%m/%Y %H.%M",  # 02/12/2026 14.30
    "%Y-%m-%d %H:%M",  # 2026-12-02 14:30
    "%Y-%m-%d %H:%M:%S",  # 2026-12-02 14:30:59
    "%Y-%m-%dT%H:%M",  # 2026-12-02T14:30
    "%d-%m-%Y %H:%M",  # 02-12-2026 14:30
    "%d.%m.%Y %H:%M",  # 02.12.2026 14:30
    "%d/%m/%Y",  # 02/12/2026 (midnight)
    "%Y-%m-%d",  # 2026-12-02 (midnight)
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
