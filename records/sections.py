"""The record's link beside each session performed on the plan page (registered in records/apps.py)."""

from django.template.loader import render_to_string

from records import access


def session_record_link(*, request, session) -> str:
    if not access.can_see_records(user=request.user):
        return ""
    return render_to_string(
        "records/_session_record_link.html", {"session": session, "signed": access.is_signed(session)}, request=request
    )
