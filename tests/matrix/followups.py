"""Follow-up URLs × roles: the front desk and practitioners work the follow-ups and the aftercare; catalog admins
and outsiders get 403; anonymous users go to the login page; an unknown follow-up or message is a 404.

ROWS joins the project matrix (tests/test_permission_matrix.py ALL_ROWS) like the other tests/matrix modules."""

import uuid

from django.urls import reverse

from tests.matrix import Row, staff_page

WORK = staff_page(frontdesk=200, practitioner=200)
ACT = staff_page(frontdesk=302, practitioner=302)
MISSING = staff_page(frontdesk=404, practitioner=404)


def _followup(name: str):
    def build(request):
        return reverse(name, kwargs={"code": request.getfixturevalue("signed_followup").code})

    return build


def _message(name: str):
    def build(request):
        return reverse(name, kwargs={"code": request.getfixturevalue("aftercare_message").code})

    return build


def _unknown(name: str):
    return lambda request: reverse(name, kwargs={"code": uuid.uuid4()})


def _booking(request):
    followup = request.getfixturevalue("signed_followup")
    return {
        "when_date": followup.due_on.strftime("%d/%m/%Y"),
        "when_time": "10:00",
        "practitioner": followup.practitioner_id,
    }


ROWS = [
    Row("followups:worklist", WORK),
    Row("followups:book", WORK, url=_followup("followups:book")),
    Row("followups:book", MISSING, url=_unknown("followups:book"), id="GET followups:book (unknown)"),
    Row(
        "followups:book",
        ACT,
        url=_followup("followups:book"),
        method="post",
        data=_booking,
        id="POST followups:book",
    ),
    Row("followups:decline", WORK, url=_followup("followups:decline")),
    Row(
        "followups:decline",
        ACT,
        url=_followup("followups:decline"),
        method="post",
        data=lambda request: {"decline_reason": "Moved away"},
        id="POST followups:decline",
    ),
    Row(
        "followups:mark_done",
        ACT,
        url=_followup("followups:mark_done"),
        method="post",
        data=lambda request: {},
        id="POST followups:mark_done",
    ),
    Row(
        "followups:mark_done",
        staff_page(frontdesk=405, practitioner=405, catalogadmin=405, outsider=405),
        url=_followup("followups:mark_done"),
        id="GET followups:mark_done (POST only)",
    ),
    Row("followups:aftercare_print", WORK, url=_message("followups:aftercare_print")),
    Row(
        "followups:aftercare_print",
        MISSING,
        url=_unknown("followups:aftercare_print"),
        id="GET followups:aftercare_print (unknown)",
    ),
    Row(
        "followups:aftercare_send_again",
        ACT,
        url=_message("followups:aftercare_send_again"),
        method="post",
        data=lambda request: {},
        id="POST followups:aftercare_send_again",
    ),
]
