"""One way to write doses, money, dates and times (clinic/formatting.py, clinic/formats) and one way to type a date
(clinic/formtools.py), everywhere in the app."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from catalog.models import Product
from clinic import formatting
from clinic.formtools import ClinicDateField, ClinicDateInput, ClinicTimeField, date_hint, input_hint

ROOT = Path(__file__).resolve().parent.parent
APPS = ("catalog", "patients", "planning", "photos", "clinic")
TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
# `|date:"..."` may only write a machine format: ISO 8601 for a <time datetime="..."> attribute. No template has one
# today; a style for people is `|day`, `|moment`, `|clock`, `|weekday` or `|date` without an argument.
MACHINE_DATE_FORMATS = {"c", "Y-m-d"}

SUMMER_UTC = dt.datetime(2026, 7, 2, 13, 30, tzinfo=dt.UTC)  # 14:30 in London (BST, UTC+1)
WINTER_UTC = dt.datetime(2026, 12, 2, 14, 30, tzinfo=dt.UTC)  # 14:30 in London (GMT)


# --- Doses ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("20.00"), "20"),
        (Decimal("0.50"), "0.5"),
        (Decimal("2.25"), "2.25"),
        (Decimal("100"), "100"),  # never "1E+2"
        (Decimal("400.0"), "400"),
        (12, "12"),
        (None, ""),
    ],
)
def test_a_quantity_loses_its_trailing_zeros(value, text):
    assert formatting.quantity(value) == text


def test_a_dose_carries_its_unit():
    assert formatting.amount(Decimal("400.00"), "U") == "400 U"
    assert formatting.amount(Decimal("0.50"), "mL") == "0.5 mL"
    assert formatting.amount(None, "U") == ""


# --- Money ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1250, "£1,250.00"),
        (Decimal("10"), "£10.00"),
        (Decimal("1234567.5"), "£1,234,567.50"),
        (Decimal("0.005"), "£0.01"),  # half a penny rounds up, as plan prices do
        (Decimal("2.675"), "£2.68"),
        (Decimal("-5.5"), "-£5.50"),
        (0, "£0.00"),
        (None, ""),
    ],
)
def test_money_has_the_currency_symbol_thousands_and_two_decimals(value, text):
    assert formatting.money(value) == text


def test_money_follows_the_clinic_currency_setting(settings):
    settings.HARMONY_CURRENCY_SYMBOL = "€"
    assert formatting.money(Decimal("1250")) == "€1,250.00"
    assert formatting.money(Decimal("-3")) == "-€3.00"
    assert Template("{{ price|money }}").render(Context({"price": Decimal("99.9")})) == "€99.90"


@pytest.mark.django_db
def test_the_catalog_pages_and_the_admin_write_prices_in_the_clinic_currency(
    settings, catalog_sample, frontdesk_client, catalogadmin_client
):
    settings.HARMONY_CURRENCY_SYMBOL = "CHF "
    Product.objects.filter(pk=catalog_sample["product"].pk).update(
        price_per_package=Decimal(12000), price_per_unit=Decimal(120)
    )
    html = frontdesk_client.get(reverse("catalog:product_list")).content.decode()
    assert "CHF 12,000.00 per package" in html and "CHF 120.00 per U" in html
    assert "£" not in html
    admin = catalogadmin_client.get(reverse("admin:catalog_product_changelist")).content.decode()
    assert "CHF 120.00 per U (example)" in admin


@pytest.mark.django_db
def test_the_plan_admin_writes_item_prices_in_the_clinic_currency(settings, admin_client, plan_item):
    settings.HARMONY_CURRENCY_SYMBOL = "€"
    html = admin_client.get(reverse("admin:planning_treatmentplan_change", args=[plan_item.plan.pk])).content.decode()
    assert plan_item.price and f"€{plan_item.price:,.2f}" in html


# --- Dates and times -----------------------------------------------------------------------------------------------
def test_a_date_is_day_month_year():
    assert formatting.day(dt.date(2026, 12, 2)) == "2 Dec 2026"
    assert formatting.day(dt.date(2026, 9, 30)) == "30 Sep 2026"
    assert formatting.day(None) == ""


def test_a_utc_datetime_is_shown_in_london_summer_time():
    assert formatting.moment(SUMMER_UTC) == "2 Jul 2026, 14:30"
    assert formatting.clock(SUMMER_UTC) == "14:30"
    assert formatting.day(SUMMER_UTC) == "2 Jul 2026"
    assert formatting.moment(WINTER_UTC) == "2 Dec 2026, 14:30"


def test_a_late_utc_evening_is_the_next_day_in_london():
    late = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on 2 July in London
    assert formatting.day(late) == "2 Jul 2026"
    assert formatting.weekday(late) == "Thu 2 Jul 2026"
    assert formatting.moment(late) == "2 Jul 2026, 00:30"


def test_times_use_the_24_hour_clock():
    assert formatting.clock(dt.time(9, 5)) == "09:05"
    assert formatting.clock(dt.time(21, 45)) == "21:45"
    assert formatting.clock(None) == ""


def test_a_day_heading_adds_the_weekday():
    assert formatting.weekday(dt.date(2026, 12, 2)) == "Wed 2 Dec 2026"
    assert formatting.weekday(dt.date(2026, 3, 2)) == "Mon 2 Mar 2026"
    assert formatting.weekday(WINTER_UTC) == "Wed 2 Dec 2026"


def test_the_styles_hold_when_no_language_is_active():
    # Management commands may run without an active language; Django would then fall back to "Dec. 2, 2026".
    with translation.override(None):
        assert formatting.day(dt.date(2026, 12, 2)) == "2 Dec 2026"
        assert formatting.moment(WINTER_UTC) == "2 Dec 2026, 14:30"


def test_the_template_filters_and_django_date_without_an_argument_agree():
    context = Context({"d": dt.date(2026, 12, 2), "t": SUMMER_UTC})
    html = Template(
        "{{ d|day }}|{{ d|date }}|{{ t|moment }}|{{ t|date:'DATETIME_FORMAT' }}|{{ t|clock }}|{{ t|time }}|"
        "{{ d|weekday }}"
    ).render(context)
    assert html.split("|") == [
        "2 Dec 2026",
        "2 Dec 2026",
        "2 Jul 2026, 14:30",
        "2 Jul 2026, 14:30",
        "14:30",
        "14:30",
        "Wed 2 Dec 2026",
    ]


def test_the_clinic_format_module_is_the_one_django_reads():
    assert formats.get_format("DATE_FORMAT") == "j M Y"
    assert formats.get_format("DATETIME_FORMAT") == "j M Y, H:i"
    assert formats.get_format("TIME_FORMAT") == "H:i"
    assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
    assert formats.get_format("DATE_INPUT_FORMATS")[:2] == ["%d/%m/%Y", "%Y-%m-%d"]
    assert formats.date_format(dt.date(2026, 12, 2)) == "2 Dec 2026"  # what the admin shows


# --- Typing a date -------------------------------------------------------------------------------------------------
class _DateForm(forms.Form):
    on = ClinicDateField(label="Date")
    at = ClinicTimeField(label="Time", required=False)


def test_a_format_is_said_the_way_people_read_it():
    assert input_hint("%d/%m/%Y") == "dd/mm/yyyy"
    assert input_hint("%H:%M") == "hh:mm"
    assert date_hint() == "dd/mm/yyyy"


@pytest.mark.parametrize("typed", ["02/12/2026", "2/12/2026", "2026-12-02", "02-12-2026", "02.12.2026", " 02/12/2026 "])
def test_a_date_field_reads_every_form_of_the_locale(typed):
    form = _DateForm({"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2026, 12, 2)


@pytest.mark.parametrize("typed", ["12/31/2026", "31/02/2026", "2 Dec", "tomorrow", "2026/12/02"])
def test_a_bad_date_gets_a_message_next_to_the_field_that_says_the_format(typed):
    form = _DateForm({"on": typed})
    assert not form.is_valid()
    assert form.errors["on"] == ["Enter a valid date as dd/mm/yyyy, for example 15/06/2026."]
    html = str(form["on"])
    assert f'value="{typed.strip()}"' in html  # what was typed stays, to be corrected
    assert 'aria-invalid="true"' in html


def test_a_date_field_is_a_text_input_in_the_locale_format_never_the_browser_one():
    html = str(_DateForm(initial={"on": dt.date(2026, 12, 2), "at": dt.time(14, 30)}))
    (date_input,) = re.findall(r'<input[^>]*name="on"[^>]*>', html)
    assert 'type="text"' in date_input and 'value="02/12/2026"' in date_input
    assert 'placeholder="dd/mm/yyyy"' in date_input
    assert "inputmode" not in date_input and 'autocomplete="off"' in date_input  # a number pad has no "/"
    (time_input,) = re.findall(r'<input[^>]*name="at"[^>]*>', html)
    assert 'type="text"' in time_input and 'value="14:30"' in time_input and 'placeholder="hh:mm"' in time_input


def test_a_time_field_reads_the_24_hour_clock():
    form = _DateForm({"on": "02/12/2026", "at": "14.30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == dt.time(14, 30)
    assert not _DateForm({"on": "02/12/2026", "at": "2:30 PM"}).is_valid()


def test_the_widget_placeholder_can_be_given():
    assert 'placeholder="dd/mm"' in ClinicDateInput(attrs={"placeholder": "dd/mm"}).render("x", None)


def _python_sources():
    for app in APPS:
        yield from (path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def test_no_form_uses_the_browsers_own_date_or_time_input():
    browser_inputs = re.compile(r"""(["']type["']\s*:\s*|input_type\s*=\s*)["'](date|time|datetime-local)["']""")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _python_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if browser_inputs.search(line)
    ]
    assert not found, "Use clinic.formtools.ClinicDateField / ClinicTimeField:\n" + "\n".join(found)


# --- Templates -----------------------------------------------------------------------------------------------------
def _templates():
    for directory in TEMPLATE_DIRS:
        if directory.is_dir():
            yield from (path for path in directory.rglob("*") if path.suffix in {".html", ".txt"})


def test_the_template_scan_sees_the_app_templates():
    names = {path.name for path in _templates()}
    assert {"dashboard.html", "plan_detail.html", "gallery.html", "product_list.html"} <= names


def test_no_template_writes_a_date_in_its_own_style():
    ad_hoc = re.compile(r"""\|\s*(date|time)\s*:\s*(["'])(.*?)\2""")
    found = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in ad_hoc.finditer(line):
                machine = match.group(1) == "date" and match.group(3) in MACHINE_DATE_FORMATS
                if not (machine and re.search(r'datetime="[^"]*$', line[: match.start()])):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert not found, "Use |day, |moment, |clock, |weekday or |date without an argument:\n" + "\n".join(found)


def test_no_price_is_written_with_a_hand_typed_currency_symbol():
    found = [
        str(path.relative_to(ROOT))
        for path in [*_templates(), *_python_sources()]
        if path.name not in {"settings.py", "formatting.py"} and "£" in path.read_text(encoding="utf-8")
    ]
    assert not found, "Write prices with clinic.formatting.money (|money), in HARMONY_CURRENCY_SYMBOL: " + str(found)
