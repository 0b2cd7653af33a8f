"""What the property tests send: hostile values, forms read off the app's own pages, and a checksum of the tables.

A form's fields are read from the page that shows it (every <input>, <select> and <textarea> of its POST forms,
with their current values and options), so the generated data follows the forms as they are, including formset
management fields, hidden version fields and one-time submission keys; nothing here repeats a form's field list.
"""

import re
import uuid
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from hypothesis import strategies as st

# Values people and tools type that forms must refuse cleanly: numbers as text at and past every limit, dates in
# every wrong shape, markup, SQL, path tricks, control characters and text far longer than any field.
NASTY = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1",
    "0.0001",
    "1e309",
    "-1e309",
    "1E+2",
    "NaN",
    "Infinity",
    "-inf",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999999999999999",
    "0x1F",
    "1,5",
    "½",
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() accepts it
    "00:00",
    "24:00",
    "99:99",
    "12:60",
    "31/02/2026",
    "29/02/2027",
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "2026-06-15",
    "15/06/2026",
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "'; DROP TABLE patients_patient; --",
    "../../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "dashboard",
    "\x00",
    "a\x00b",
    "\r\n\r\n",
    "\u202e\u200b\ufeff",
    "ZoÃ« ğŸ˜€ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\U0001f600" * 200,
    "x" * 256,
    "x" * 5000,
    "é" * 20000,
    str(uuid.UUID(int=0)),
]


def _number_text():
    return st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )


def _date_text():
    return st.one_of(
        st.dates().map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"),
        st.tuples(st.integers(-5, 99), st.integers(-5, 99), st.integers(-1, 99999)).map(
            lambda t: "{}/{}/{}".format(*t)
        ),
    )


def hostile_text():
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=40),  # any code point but surrogates, NUL and control characters included
        _number_text(),
        _date_text(),
        st.uuids().map(str),
    )


def hostile_value():
    """One value, or now and then several values under the same name (a forged multi-select or a repeated key)."""
    return st.one_of(hostile_text(), hostile_text(), hostile_text(), st.lists(hostile_text(), max_size=3))


@dataclass
class FormShape:
    """The fields of the forms on a page: name -> the value it holds now, and name -> the values offered."""

    values: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return sorted(set(self.values) | set(self.options))


def form_shape(html: bytes | str) -> FormShape:
    """The fields of every form on the page that posts (or htmx-posts), with their current values and options."""
    page = BeautifulSoup(html, "html.parser")
    shape = FormShape()
    forms = [f for f in page.find_all("form") if (f.get("method", "").lower() == "post" or f.get("hx-post"))]
    for form in forms or [page]:
        for node in form.find_all(["input", "select", "textarea"]):
            name = node.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = (node.get("type") or "").lower()
            if node.name == "select":
                offered = [o.get("value", o.get_text()) for o in node.find_all("option")]
                shape.options.setdefault(name, []).extend(offered)
                chosen = [o.get("value", o.get_text()) for o in node.find_all("option") if o.has_attr("selected")]
                if chosen:
                    shape.values[name] = chosen if node.has_attr("multiple") else chosen[0]
            elif kind in ("checkbox", "radio"):
                shape.options.setdefault(name, []).append(node.get("value", "on"))
                if node.has_attr("checked"):
                    held = shape.values.get(name)
                    value = node.get("value", "on")
                    shape.values[name] = (
                        [*held, value] if isinstance(held, list) else [value] if held is None else [held, value]
                    )
            elif kind in ("submit", "button", "file", "image", "reset"):
                if kind == "submit" and node.get("value") is not None:
                    shape.options.setdefault(name, []).append(node["value"])
            elif node.name == "textarea":
                shape.values[name] = node.get_text()
            else:
                shape.values[name] = node.get("value", "")
    return shape


def payloads(shape: FormShape, baseline: dict):
    """Half the examples start from the form as a person would send it (the page's values and the matrix's valid
    data) with some fields changed to hostile or offered values or left out; the other half are arbitrary
    dictionaries of strings whose keys are the form's names, management-form names and anything else."""
    start = {**shape.values, **baseline}
    names = sorted(set(shape.names) | set(baseline))

    def field_value(name):
        offered = [o for o in shape.options.get(name, []) if o is not None]
        choices = [hostile_value()]
        if offered:
            choices.append(st.sampled_from(offered))
            choices.append(st.lists(st.sampled_from(offered), max_size=4, unique=True))
        return st.one_of(*choices)

    @st.composite
    def valid_looking(draw):
        data = dict(start)
        if names:
            for name in draw(st.lists(st.sampled_from(names), max_size=min(6, len(names)), unique=True)):
                if draw(st.booleans()) and draw(st.booleans()):
                    data.pop(name, None)
                else:
                    data[name] = draw(field_value(name))
        return data

    management = [n for n in names if n.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"))]
    keys = st.one_of(
        st.sampled_from(names or ["q"]),
        st.sampled_from([*management, "form-TOTAL_FORMS", "previous-TOTAL_FORMS", "previous-0-id", "next", "version"]),
        st.text(max_size=20),
    )
    arbitrary = st.dictionaries(keys, hostile_value(), max_size=12)
    return st.one_of(valid_looking(), arbitrary)


def clean_for_client(data: dict) -> dict:
    """The test client encodes str and lists of str; a key or value with a NUL or a lone surrogate is still sent."""
    return {str(k): v for k, v in data.items()}


# --- nothing half-written ---------------------------------------------------------------------------------------

# Tables a refused request may still write to: the session (messages, login), the login lockout's attempt log and
# the security and read logs kept by other parts of issue 13 (a refusal is logged on purpose).
UNCHECKED_APPS = {"sessions", "axes", "admin", "contenttypes", "otp_totp", "otp_static", "django_otp"}
UNCHECKED_TABLE = re.compile(r"(access|securityevent|security_event|readlog|auditlog|loginattempt)", re.I)


def checked_tables() -> list[tuple[str, set[str]]]:
    tables = []
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in existing:
            continue  # a model whose migration is not written yet
        if model._meta.app_label in UNCHECKED_APPS or UNCHECKED_TABLE.search(model._meta.db_table):
            continue
        columns = {f.column for f in model._meta.concrete_fields}
        tables.append((model._meta.db_table, columns))
    return sorted(tables)


def checksum_sql(tables) -> str:
    """One query: per table its row count, the latest `updated_at` and the sum of `version`, where it has them.

    Every write through a service leaves a django-simple-history row (the house rule), so the counts of the
    history tables see every save; `version` and `updated_at` see the bare UPDATEs (a claimed plan version)."""
    q = connection.ops.quote_name
    parts = []
    for table, columns in tables:
        parts.append(f"(SELECT COUNT(*) FROM {q(table)})")
        if "updated_at" in columns:
            parts.append(f"(SELECT MAX({q('updated_at')}) FROM {q(table)})")
        if "version" in columns:
            parts.append(f"(SELECT SUM({q('version')}) FROM {q(table)})")
    return "SELECT " + ", ".join(parts)


def checksum(sql: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(str(v) for v in cursor.fetchone())
