"""Outcome URLs × roles. The review is clinical (practitioners only); the report is for practitioners and catalog
admins (aggregates, no patient named).

ROWS joins the project matrix (tests/test_permission_matrix.py ALL_ROWS) like the other tests/matrix modules."""

from django.urls import reverse

from tests.matrix import Row, staff_page


def _review_url(request):
    session = request.getfixturevalue("performed_session")
    return reverse("outcomes:review", kwargs={"code": session.code})


def _rating(request):
    session = request.getfixturevalue("performed_session")
    area_id = session.items.first().area_id
    return {f"a{area_id}-practitioner-score": "2", f"a{area_id}-practitioner-note": "Softer"}


ROWS = [
    Row("outcomes:review", staff_page(frontdesk=403), url=_review_url),
    Row(
        "outcomes:review",
        staff_page(frontdesk=403, practitioner=302),
        url=_review_url,
        method="post",
        data=_rating,
        id="POST outcomes:review (rate)",
    ),
    # An unknown session: 404 to practitioners; the front desk may see no outcomes at all, so 403 before any lookup.
    Row(
        "outcomes:review",
        staff_page(frontdesk=403, practitioner=404),
        url=lambda request: reverse("outcomes:review", kwargs={"code": "00000000-0000-4000-8000-000000000000"}),
        id="GET outcomes:review (unknown session)",
    ),
    Row("outcomes:report", staff_page(frontdesk=403, practitioner=200, catalogadmin=200)),
]
