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
    # GET patients:dashboard and GET patients:patient_search are in tests/matrix/core.py.
    Row(
        "patients:patient_search",
        staff_page(),
        method="post",
        data=lambda request: {"q": "zoe"},
        id="POST patients:patient_search",
    ),
    Row("patients:patient_create", staff_page()),
    Row(
        "patients:patient_create",
        staff_page(),  # invalid data: the form comes back with messages, status 200
        method="post",
        data=lambda request: {"given_name": ""},
        id="POST patients:patient_create (invalid)",
    ),
    Row("patients:patient_detail", staff_page(), url=_patient_url("patients:patient_detail")),
    Row(
        "patients:patient_detail",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("patients:patient_detail", args=[UNKNOWN]),
        id="GET patients:patient_detail (unknown code)",
    ),
    Row("patients:patient_timeline", staff_page(), url=_patient_url("patients:patient_timeline")),
    Row("patients:patient_edit", staff_page(), url=_patient_url("patients:patient_edit")),
    Row(
        "patients:patient_edit",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("patients:patient_edit", args=[UNKNOWN]),
        id="GET patients:patient_edit (unknown code)",
    ),
    Row(
        "patients:patient_archive",
        staff_page(frontdesk=302, practitioner=302),
        url=_patient_url("patients:patient_archive"),
        method="post",
        data=lambda request: {"archive": "0"},
    ),
    Row(
        "patients:patient_archive",
        staff_page(frontdesk=405, practitioner=405),
        url=_patient_url("patients:patient_archive"),
        id="GET patients:patient_archive (POST only)",
    ),
    Row("patients:consultation_create", staff_page(), url=_patient_url("patients:consultation_create")),
    Row(
        "patients:consultation_create",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("patients:consultation_create", args=[UNKNOWN]),
        id="GET patients:consultation_create (unknown patient)",
    ),
    Row("patients:consultation_detail", staff_page(), url=_consultation_url("patients:consultation_detail")),
    Row(
        "patients:consultation_detail",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda request: reverse("patients:consultation_detail", args=[UNKNOWN]),
        id="GET patients:consultation_detail (unknown code)",
    ),
    Row("patients:consultation_edit", staff_page(), url=_consultation_url("patients:consultation_edit")),
    Row(
        "patients:consultation_status",
        staff_page(frontdesk=302, practitioner=302),
        url=_consultation_url("patients:consultation_status"),
        method="post",
        data=lambda request: {"status": "in_progress"},
    ),
    Row(
        "patients:consultation_status",
        staff_page(frontdesk=400, practitioner=400),
        url=_consultation_url("patients:consultation_status"),
        method="post",
        data=lambda request: {"status": "teleported"},
        id="POST patients:consultation_status (unknown status)",
    ),
    Row(
        "patients:previous_treatment_row",
        staff_page(),
        data=lambda request: {"previous-TOTAL_FORMS": "1"},
    ),
    Row(
        "patients:previous_treatment_row",
        staff_page(frontdesk=400, practitioner=400),
        data=lambda request: {"previous-TOTAL_FORMS": "many"},
        id="GET patients:previous_treatment_row (bad count)",
    ),
]
