"""The record's link beside each session performed on the plan page (registered in records/apps.py)."""

from django.template.loader import render_to_string

from records import access


def session_record_link(*, request, session) -> str:
    if not access.can_see_records(user=request.user):
        return ""
    return render_to_string(
        "records/_session_record_link.html", {"session": session, "signed": access.is_signed(session)}, request=request
    )


def patient_events(*, request, patient) -> str:
    """The patient's adverse events (every session, during or after) and the "Suspected vascular occlusion" button,
    for those who may see session records (registered on patients.pages.PATIENT_PAGE)."""
    from records import selectors
    from records.views import occlusion_button

    if not access.can_see_records(user=request.user):
        return ""
    session = selectors.occlusion_session_for(patient=patient)
    button = occlusion_button(
        request.user, session, selectors.open_case(session=session) if session is not None else None
    )
    context = {
        "events": selectors.patient_events(patient=patient),
        "occlusion_session": session if button["occlusion_url"] else None,
        "occlusion_session_has_filler": bool(session and selectors.filler_items(session=session)),
        **button,
    }
    return render_to_string("records/_patient_events.html", context, request=request)
