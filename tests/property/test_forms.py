"""Generated hostile input for every form and every htmx endpoint of the app: never a 500, always a field error or
a valid save, and nothing half-written.

Each endpoint below is POSTed (or, for the GET forms and htmx fragments, requested) through the test client as the
role that may use it, with hypothesis-generated data: half the examples are the form as a person sends it (its
fields read off the page, plus the permission matrix's valid data) with a few fields changed to hostile values,
offered choices or nothing; the other half are arbitrary dictionaries of strings (huge, unicode, NUL, numbers as
text, dates in every shape, management-form fields such as TOTAL_FORMS, repeated keys). Each example may also
carry the htmx header. An example passes when:

- the app answers without an exception and with no 5xx status;
- a refusal (4xx, or the form re-rendered with an error next to a field or at its top) changed no row: a checksum
  of every table of the apps (row counts, latest `updated_at`, sum of `version`; tests/property/strategies.py) is
  the same before and after;
- otherwise it is a valid save or redirect (302), or a page shown (a GET form).

Every example runs in a savepoint rolled back afterwards, so examples never see each other's writes. 200 examples
per endpoint in the default profile (tests/property/conftest.py); the run's figures print at its end.

The endpoints (50), from the URLconf (clinic/urls.py and each app's urls.py) and the views that read input; the
URLs come from the permission matrix's rows (tests/matrix), so each is built on the same fixtures:

    core (4)      login, password_reset, password_reset_confirm, password_change
    patients (8)  patient_search (htmx), patient_create, patient_edit, patient_archive, consultation_create,
                  consultation_edit (with the previous-treatments formset), consultation_status,
                  previous_treatment_row (htmx GET)
    planning (13) plan_create, plan_edit, plan_status, item_add (htmx), item_edit (htmx), item_row (htmx GET),
                  item_remove (htmx), point_add (htmx), point_edit (htmx), point_remove (htmx), template_apply,
                  suggestion_apply, session_record
    photos (4)    upload (multipart without files), compare (GET), detail (edit), archive
    records (4)   session_detail (events, amendment, signing), occlusion_start, occlusion_case, recall (GET)
    stock (8)     receive, lot_use, lot_adjust, vial_open, vial_use, vial_discard, threshold, kit_minimum
    consents (2)  sign the plan, sign a consent
    followups (5) worklist (GET filter), book, decline, mark_done, aftercare_send_again
    outcomes (2)  review, report (GET filter)

Not here: logout (no input), the Django admin (issue 13's admin work is tested by its owner) and pages with no
input beyond their URL (the walk-every-URL and matrix tests cover those).
"""

import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.property.conftest import FIGURES
from tests.property.strategies import FormShape, checked_tables, checksum, checksum_sql, form_shape, payloads
from tests.test_permission_matrix import ALL_ROWS

ROWS = {row.label: row for row in ALL_ROWS}
ROLE_ORDER = ("practitioner", "frontdesk", "catalogadmin", "outsider", "anonymous")
ERROR_MARK = re.compile(rb"is-invalid|invalid-feedback|errorlist|alert-danger|alert-warning|text-danger")


@dataclass(frozen=True)
class Endpoint:
    url_row: str  # the matrix row whose URL (and fixtures) this endpoint uses
    method: str = "post"
    data_row: str | None = None  # a matrix row whose valid data is the starting point
    role: str | None = None  # default: the first role the matrix lets in

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {ROWS[self.url_row].name}" + (
            "" if self.url_row.startswith(("GET ", "POST ")) else f" ({self.url_row})"
        )

    def pick_role(self) -> str:
        if self.role:
            return self.role
        row = ROWS[self.data_row or self.url_row]
        return next(r for r in ROLE_ORDER if row.expect.get(r) in (200, 302))


def post(name: str, **kw) -> Endpoint:
    data_row = f"POST {name}" if f"POST {name}" in ROWS else None
    url_row = f"GET {name}" if f"GET {name}" in ROWS else f"POST {name}"
    return Endpoint(url_row, data_row=kw.pop("data_row", data_row), **kw)


ENDPOINTS = [
    post("login", role="anonymous"),
    post("password_reset", role="anonymous"),
    post("password_reset_confirm", role="anonymous"),
    post("password_change", role="practitioner"),
    post("patients:patient_search"),
    post("patients:patient_create", data_row="POST patients:patient_create (invalid)"),
    post("patients:patient_edit"),
    post("patients:patient_archive"),
    post("patients:consultation_create"),
    post("patients:consultation_edit"),
    post("patients:consultation_status"),
    Endpoint("GET patients:previous_treatment_row", method="get", data_row="GET patients:previous_treatment_row"),
    post("planning:plan_create"),
    post("planning:plan_edit"),
    post("planning:plan_status"),
    post("planning:item_add"),
    post("planning:item_edit"),
    Endpoint("GET planning:item_row", method="get"),
    post("planning:item_remove"),
    post("planning:point_add"),
    post("planning:point_edit"),
    post("planning:point_remove"),
    post("planning:template_apply"),
    post("planning:suggestion_apply"),
    post("planning:session_record"),
    post("photos:upload", data_row="POST photos:upload without files (form error, 200)"),
    Endpoint("GET photos:compare", method="get"),
    post("photos:detail"),
    post("photos:archive"),
    post("records:session_detail", data_row="POST records:session_detail (note an event)"),
    post("records:occlusion_start"),
    post("records:occlusion_case", data_row="POST records:occlusion_case (end the record)"),
    Endpoint("GET records:recall", method="get"),
    post("stock:receive"),
    post("stock:lot_use"),
    post("stock:lot_adjust"),
    post("stock:vial_open"),
    post("stock:vial_use"),
    post("stock:vial_discard"),
    post("stock:threshold"),
    post("stock:kit_minimum"),
    Endpoint("GET consents:sign", role="practitioner"),
    Endpoint("consent sign", data_row="POST consent sign", role="practitioner"),
    Endpoint("GET followups:worklist", method="get"),
    post("followups:book"),
    post("followups:decline"),
    post("followups:mark_done"),
    post("followups:aftercare_send_again"),
    post("outcomes:review", data_row="POST outcomes:review (rate)"),
    Endpoint("GET outcomes:report", method="get"),
]


def test_the_list_names_every_endpoint_once():
    labels = [e.label for e in ENDPOINTS]
    assert len(labels) == len(set(labels)) == 50


def judge(response, changed: bool) -> str:
    """What the app answered, or an AssertionError saying what was wrong with it."""
    status = response.status_code
    assert status < 500, f"{status} from the app"
    assert status in (200, 302, 303, 400, 403, 404, 405, 409, 413, 429), f"unexpected status {status}"
    if status >= 400:
        assert not changed, f"refused with {status} but rows changed"
        return f"refused {status}"
    if status == 200 and ERROR_MARK.search(response.content or b""):
        assert not changed, "re-rendered with an error but rows changed"
        return "field error"
    if status in (302, 303):
        return "saved, redirected" if changed else "redirected"
    return "saved" if changed else "shown"


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label)
def test_generated_input_is_refused_next_to_a_field_or_saved_whole(endpoint, request, role_client):
    row = ROWS[endpoint.url_row]
    url = row.build_url(request)
    baseline = ROWS[endpoint.data_row].data(request) if endpoint.data_row else {}
    client = role_client(endpoint.pick_role())
    shape = FormShape()
    page = client.get(url)
    if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
        shape = form_shape(page.content)
    sql = checksum_sql(checked_tables())
    verdicts: Counter = Counter()
    send = getattr(client, endpoint.method)

    @given(data=payloads(shape, baseline), htmx=st.booleans())
    def example(data, htmx):
        with transaction.atomic():
            before = checksum(sql)
            headers = {"HX-Request": "true"} if htmx else {}
            response = send(url, data=data, headers=headers)
            verdicts[judge(response, checksum(sql) != before)] += 1
            transaction.set_rollback(True)  # the next example starts from the same rows

    try:
        example()
    finally:
        FIGURES[endpoint.label] = dict(verdicts)
