"""The follow-ups' sections on lower apps' pages (clinic/sections.py), added in FollowupsConfig.ready.

- The patient page: what is due (open follow-ups, with book / decline / done), the last few closed, and the
  aftercare messages sent, each with print and send again.
- The session record page: the follow-ups the signature scheduled and the aftercare sent, or that both come with
  the signature while the record is open.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from followups import access, selectors
from records import access as records_access


def patient_followups(*, request, patient) -> str:
    user = request.user
    if not (access.can_view(user=user) or access.can_view_aftercare(user=user)):
        return ""
    open_, closed = selectors.patient_followups(user=user, patient=patient)
    context = {
        "patient": patient,
        "open": open_,
        "closed": closed,
        "aftercare": selectors.patient_aftercare(user=user, patient=patient),
        "can": access.FollowupAccess.of(user=user),
        "can_view_followups": access.can_view(user=user),
        "can_view_aftercare": access.can_view_aftercare(user=user),
        "here": request.get_full_path(),
    }
    return render_to_string("followups/_patient_followups.html", context, request=request)


def session_followups(*, request, session) -> str:
    user = request.user
    if not (access.can_view(user=user) or access.can_view_aftercare(user=user)):
        return ""
    context = {
        "session": session,
        "signed": records_access.is_signed(session),
        "followups": selectors.session_followups(user=user, session=session),
        "aftercare": selectors.session_aftercare(user=user, session=session),
        "can": access.FollowupAccess.of(user=user),
        "can_view_followups": access.can_view(user=user),
        "can_view_aftercare": access.can_view_aftercare(user=user),
        "here": request.get_full_path(),
    }
    return render_to_string("followups/_session_followups.html", context, request=request)
