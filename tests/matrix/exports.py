"""The patient's record export × roles: practitioners only (they are sent to re-authenticate first: 302), everyone
else 403, anonymous users to the login page."""

from django.urls import reverse

from tests.matrix import Row, staff_page

EXPORT = staff_page(frontdesk=403, practitioner=302, catalogadmin=403, outsider=403)


def _patient_url(name):
    return lambda request: reverse(name, args=[request.getfixturevalue("patient").code])


ROWS = [
    Row("exports:record_json", EXPORT, url=_patient_url("exports:record_json")),
    Row("exports:record_pdf", EXPORT, url=_patient_url("exports:record_pdf")),
]
