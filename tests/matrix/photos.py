"""Photo URLs × roles. Photos are for front desk and practitioners only; a catalog admin or outsider gets 403,
an anonymous visitor the login page, an unknown code 404."""

import uuid

from django.urls import reverse

from tests.matrix import LOGIN, Row, staff_page

UNKNOWN = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _patient_url(name):
    return lambda r: reverse(name, args=[r.getfixturevalue("patient").code])


def _photo_url(name, *args):
    return lambda r: reverse(name, args=[r.getfixturevalue("photo").code, *args])


def _edit_data(r):
    return {"view": "left_oblique", "stage": "before", "taken_on": "2026-01-10", "notes": "Relaxed expression"}


# 302: the form was accepted and redirects (staff); 405: wrong method.
ROWS = [
    Row("photos:gallery", staff_page(), url=_patient_url("photos:gallery")),
    Row(
        "photos:gallery",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda r: reverse("photos:gallery", args=[UNKNOWN]),
        id="GET photos:gallery unknown patient",
    ),
    Row("photos:upload", staff_page(), url=_patient_url("photos:upload")),
    Row(
        "photos:upload",
        staff_page(),
        url=_patient_url("photos:upload"),
        method="post",
        data=lambda r: {"view": "front", "stage": "before", "taken_on": "2026-01-10"},
        id="POST photos:upload without files (form error, 200)",
    ),
    Row(
        "photos:upload",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda r: reverse("photos:upload", args=[r.getfixturevalue("patient").code]) + "?consultation=not-a-uuid",
        id="GET photos:upload bad consultation code",
    ),
    Row("photos:compare", staff_page(), url=_patient_url("photos:compare")),
    Row(
        "photos:compare",
        staff_page(),
        url=lambda r: (
            reverse("photos:compare", args=[r.getfixturevalue("patient").code]) + "?view=nonsense&left=x&right=y"
        ),
        id="GET photos:compare bad input (messages, 200)",
    ),
    Row("photos:detail", staff_page(), url=_photo_url("photos:detail")),
    Row(
        "photos:detail",
        staff_page(frontdesk=302, practitioner=302),
        url=_photo_url("photos:detail"),
        method="post",
        data=_edit_data,
        id="POST photos:detail",
    ),
    Row(
        "photos:detail",
        staff_page(frontdesk=404, practitioner=404),
        url=lambda r: reverse("photos:detail", args=[UNKNOWN]),
        id="GET photos:detail unknown photo",
    ),
    Row(
        "photos:archive",
        staff_page(frontdesk=302, practitioner=302),
        url=_photo_url("photos:archive"),
        method="post",
        data=lambda r: {"action": "archive"},
    ),
    Row(
        "photos:archive",
        {**staff_page(frontdesk=405, practitioner=405, catalogadmin=403, outsider=403), "anonymous": LOGIN},
        url=_photo_url("photos:archive"),
        id="GET photos:archive (POST only)",
    ),
    Row("photos:file", staff_page(), url=_photo_url("photos:file", "image"), id="GET photos:file image"),
    Row("photos:file", staff_page(), url=_photo_url("photos:file", "thumb"), id="GET photos:file thumb"),
    Row(
        "photos:file",
        staff_page(frontdesk=404, practitioner=404),
        url=_photo_url("photos:file", "original"),
        id="GET photos:file original (not kept by default)",
    ),
    Row(
        "photos:file",
        staff_page(frontdesk=404, practitioner=404),
        url=_photo_url("photos:file", "raw"),
        id="GET photos:file unknown variant",
    ),
]
