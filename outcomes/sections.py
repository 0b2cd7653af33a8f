"""Outcome sections on the pages of the apps below outcomes (registered in outcomes/apps.py; see
clinic/sections.py): the session's record page and the patient page, plus the notes beside "last time in this
area" on the plan page (planning.pages.LAST_TIME_NOTES)."""

from django.template.loader import render_to_string

from outcomes import access, selectors


def session_outcome(*, request, session) -> str:
    """The outcome at review on the session's record page, with the way to record or correct it."""
    if not access.can_see_outcomes(user=request.user):
        return ""
    areas = selectors.review_areas(session)
    return render_to_string(
        "outcomes/_session_outcome.html",
        {"session": session, "areas": areas, "can_rate": access.can_rate(user=request.user)},
        request=request,
    )


def patient_outcomes(*, request, patient) -> str:
    """The patient's performed sessions and how far each one's outcome is rated, on the patient page."""
    if not access.can_see_outcomes(user=request.user):
        return ""
    sessions = selectors.patient_sessions(patient=patient)
    if not sessions:
        return ""
    return render_to_string(
        "outcomes/_patient_outcomes.html",
        {"patient": patient, "sessions": sessions, "can_rate": access.can_rate(user=request.user)},
        request=request,
    )


def last_time_notes(*, patient) -> dict[int, str]:
    # The plan page shows these only to clinical users (its show_clinical), as it does "last time in this area".
    return selectors.last_time_notes(patient=patient)
