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


# --- complications, the occlusion record and recall (issue 12) ------------------------------------------------------


def _occlusion_start_url(request):
    session = request.getfixturevalue("performed_session")
    return reverse("records:occlusion_start", kwargs={"code": session.code})


def _occlusion_case_url(request):
    from django.utils import timezone

    from records import services

    session = request.getfixturevalue("performed_session")
    case = services.occlusion_start(session=session, by=session.performed_by, onset_at=timezone.now())
    return reverse("records:occlusion_case", kwargs={"code": case.code})


def _recall_csv_url(request):
    request.getfixturevalue("performed_session")
    return reverse("records:recall_csv") + "?lot_number=C1243"


ROWS += [
    Row("records:occlusion_start", staff_page(frontdesk=403), url=_occlusion_start_url),
    Row("records:occlusion_case", staff_page(frontdesk=403), url=_occlusion_case_url),
    Row(
        "records:occlusion_case",
        staff_page(frontdesk=403, practitioner=302),
        url=_occlusion_case_url,
        method="post",
        data=lambda request: {
            "action": "end",
            "outcome": "resolved",
            "severity": "severe",
            "follow_up_on": "31/12/2099",
        },
        id="POST records:occlusion_case (end the record)",
    ),
    # Recall: practitioners and catalog admins.
    Row("records:recall", staff_page(frontdesk=403, catalogadmin=200)),
    Row("records:recall_csv", staff_page(frontdesk=403, catalogadmin=200), url=_recall_csv_url),
    # The emergency kit's minimum (a stock page, kept here with the rest of issue 12): catalog admins only.
    Row("stock:kit_minimum", staff_page(frontdesk=403, practitioner=403, catalogadmin=200)),
]
