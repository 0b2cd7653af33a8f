"""Front-desk pages: front desk and practitioners only; a catalog admin or an outsider sees no patient data (403),
an unknown code is a 404 for staff who could otherwise see it."""

import uuid

from django.urls import reverse

from tests.matrix import Row, staff_page

UNKNOWN = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _patient_url(name):
    return lambda request: reverse(name, args=[request.getfixturevalue("patient").code])


def _consultation_url(name):
    return lambda request: reverse(name, args=[request.getfixturevalue("consultation").code])


ROWS = [
    # GET clinic:dashboard and GET clinic:patient_search are in tests/matrix/core.py.
    Row(
        "clinic:patient_search",
        staff_page(),
        method="post",
        data=lambda request: {"q": "zoe"},
        id="POST clinic:patient_search",
    ),
    Row("clinic:patient_create", staff_page()),
    Row(
        "clinic:patient_create",
        staff_page(),  # invalid data: the form comes back with messages, status 200
        method="post",
        data=lambda request: {"given_name": ""},
        id="POST clinic:patient_create (invalid)",
    ),
    Row("clinic:patient_detail", staff_page(), url=_patient_url("clinic:patient_detail")),
    Row(
        "clinic:patient_detail",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("clinic:patient_detail", args=[UNKNOWN]),
        id="GET clinic:patient_detail (unknown code)",
    ),
    Row("clinic:patient_edit", staff_page(), url=_patient_url("clinic:patient_edit")),
    Row(
        "clinic:patient_edit",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("clinic:patient_edit", args=[UNKNOWN]),
        id="GET clinic:patient_edit (unknown code)",
    ),
    Row(
        "clinic:patient_archive",
        staff_page(frontdesk=302, practitioner=302),
        url=_patient_url("clinic:patient_archive"),
        method="post",
        data=lambda request: {"archive": "0"},
    ),
    Row(
        "clinic:patient_archive",
        staff_page(frontdesk=405, practitioner=405),
        url=_patient_url("clinic:patient_archive"),
        id="GET clinic:patient_archive (POST only)",
    ),
    Row("clinic:consultation_create", staff_page(), url=_patient_url("clinic:consultation_create")),
    Row(
        "clinic:consultation_create",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("clinic:consultation_create", args=[UNKNOWN]),
        id="GET clinic:consultation_create (unknown patient)",
    ),
    Row("clinic:consultation_detail", staff_page(), url=_consultation_url("clinic:consultation_detail")),
    Row(
        "clinic:consultation_detail",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("clinic:consultation_detail", args=[UNKNOWN]),
        id="GET clinic:consultation_detail (unknown code)",
    ),
    Row("clinic:consultation_edit", staff_page(), url=_consultation_url("clinic:consultation_edit")),
    Row(
        "clinic:consultation_status",
        staff_page(frontdesk=302, practitioner=302),
        url=_consultation_url("clinic:consultation_status"),
        method="post",
        data=lambda request: {"status": "in_progress"},
    ),
    Row(
        "clinic:consultation_status",
        staff_page(frontdesk=400, practitioner=400),
        url=_consultation_url("clinic:consultation_status"),
        method="post",
        data=lambda request: {"status": "teleported"},
        id="POST clinic:consultation_status (unknown status)",
    ),
    Row(
        "clinic:previous_treatment_row",
        staff_page(),
        data=lambda request: {"previous-TOTAL_FORMS": "1"},
    ),
    Row(
        "clinic:previous_treatment_row",
        staff_page(frontdesk=400, practitioner=400),
        data=lambda request: {"previous-TOTAL_FORMS": "many"},
        id="GET clinic:previous_treatment_row (bad count)",
    ),
]
