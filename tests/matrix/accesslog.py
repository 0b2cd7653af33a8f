"""Access log and sessions URLs × roles: every signed-in user has their own sessions pages (the outsider too); the
list of who opened a patient's records is for the front desk and practitioners; anonymous users go to the login
page; an unknown session (or one of somebody else's) is a 404."""

import uuid

from django.test import RequestFactory
from django.urls import reverse

from tests.matrix import Row, staff_page

OWN = staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200)
OWN_ACT = staff_page(frontdesk=302, practitioner=302, catalogadmin=302, outsider=302)
OWN_MISSING = staff_page(frontdesk=404, practitioner=404, catalogadmin=404, outsider=404)


def _logged_patient(request):
    from accesslog.services import access_record

    patient = request.getfixturevalue("patient")
    opened = RequestFactory().get("/")
    opened.user = request.getfixturevalue("practitioner_user")
    access_record(request=opened, kind="patient", code=patient.code, patient=patient, page="patients:patient_detail")
    return reverse("accesslog:patient_accesses", args=[patient.code])


ROWS = [
    Row("accesslog:sessions", OWN),
    Row("accesslog:session_status", OWN),
    Row("accesslog:session_keep_alive", OWN, method="post"),
    Row("accesslog:session_end_others", OWN_ACT, method="post"),
    Row(
        "accesslog:session_end",
        OWN_MISSING,
        url=lambda request: reverse("accesslog:session_end", args=[uuid.uuid4()]),
        method="post",
    ),
    Row("accesslog:patient_accesses", staff_page(frontdesk=200, practitioner=200), url=_logged_patient),
]
