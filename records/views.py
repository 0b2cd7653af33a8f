"""A session's record: what was given, adverse events, the signature and amendments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from clinic.formtools import add_service_errors
from planning.models import TreatmentSession
from planning.pages import SESSION_RECORD
from records import access, services
from records.forms import AdverseEventForm, AmendmentForm, SignForm

FORMS = {"event": AdverseEventForm, "sign": SignForm, "amend": AmendmentForm}


def _session(user, code) -> TreatmentSession:
    if not access.can_see_records(user=user):
        raise PermissionDenied
    return get_object_or_404(
        TreatmentSession.objects.select_related("plan", "patient", "performed_by", "signature__signed_by"), code=code
    )


def _form(bound: dict, action: str, allowed: bool):
    """The form for an action the user may take: the one just submitted (with its errors and typed values), else
    an empty one; None when the action is not theirs."""
    if not allowed:
        return None
    return bound.get(action) or FORMS[action]()


@require_http_methods(["GET", "POST"])
def session_detail(request, code):
    session = _session(request.user, code)
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        allowed = {
            "event": access.can_note_events(user=request.user, session=session),
            "sign": access.can_sign(user=request.user, session=session),
            "amend": access.can_amend(user=request.user, session=session),
        }
        if action not in FORMS:
            messages.error(request, "That action could not be read: reload the page and try again.")
            return redirect(request.path)
        if not allowed[action]:
            raise PermissionDenied
        form = FORMS[action](request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "event":
                    services.adverse_event_add(session=session, by=request.user, **data)
                    messages.success(request, "Adverse event noted.")
                elif action == "sign":
                    services.session_sign(session=session, by=request.user, password=data["password"])
                    messages.success(request, "Record signed. It is now read-only; corrections are amendments.")
                else:
                    services.session_amend(session=session, by=request.user, **data)
                    messages.success(request, "Amendment added; the signed original is kept as it was.")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(request.path)
        bound[action] = form
    session = _session(request.user, code)  # re-read: a signature may have been added
    context = {
        "session": session,
        "plan": session.plan,
        "items": list(
            session.items.select_related("product", "area", "treatment", "vial").prefetch_related(
                "points__planned_point"
            )
        ),
        "events": list(session.adverse_events.select_related("noted_by")),
        "amendments": list(session.amendments.select_related("made_by")),
        "signature": getattr(session, "signature", None),
        "intact": services.signature_intact(session),
        "event_form": _form(bound, "event", access.can_note_events(user=request.user, session=session)),
        "sign_form": _form(bound, "sign", access.can_sign(user=request.user, session=session)),
        "amend_form": _form(bound, "amend", access.can_amend(user=request.user, session=session)),
        "sections": SESSION_RECORD.render(request=request, session=session),
        "plan_url": reverse("planning:plan_detail", kwargs={"code": session.plan.code}),
    }
    return render(request, "records/session_detail.html", context)
