"""Session record URLs × roles: clinical staff only."""

from django.urls import reverse

from tests.matrix import Row, staff_page


def _session_url(request):
    session = request.getfixturevalue("performed_session")
    return reverse("records:session_detail", kwargs={"code": session.code})


ROWS = [
    Row("records:session_detail", staff_page(frontdesk=403), url=_session_url),
    Row(
        "records:session_detail",
        staff_page(frontdesk=403, practitioner=302),
        url=_session_url,
        method="post",
        data=lambda request: {"action": "event", "kind": "bruising", "severity": "mild", "action_taken": "pressure"},
        id="POST records:session_detail (note an event)",
    ),
]
