"""A session's record: what was given, adverse events (during the session, and later entries after signing), the
signature and amendments. The occlusion record and the recall list are in views_occlusion.py and views_recall.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clinic.formtools import add_service_errors
from planning.models import TreatmentSession
from planning.pages import SESSION_RECORD
from records import access, selectors, services
from records.forms import AdverseEventForm, AmendmentForm, SignForm


def _make(action: str, session, data=None):
    if action == "event":
        return AdverseEventForm(data, session=session)
    if action == "later_event":
        return AdverseEventForm(data, session=session, later=True, prefix="later")
    return {"sign": SignForm, "amend": AmendmentForm}[action](data)


ACTIONS = ("event", "later_event", "sign", "amend")


def _allowed(user, session) -> dict[str, bool]:
    return {
        "event": access.can_note_events(user=user, session=session),
        "later_event": access.can_record_later_events(user=user, session=session),
        "sign": access.can_sign(user=user, session=session),
        "amend": access.can_amend(user=user, session=session),
    }


def occlusion_button(user, session, open_case) -> dict:
    """The "Suspected vascular occlusion" button's link: the open record, else a new one for the session."""
    if session is None or not access.can_run_occlusion(user=user):
        return {"occlusion_url": "", "occlusion_open": False}
    if open_case is not None:
        return {
            "occlusion_url": reverse("records:occlusion_case", kwargs={"code": open_case.code}),
            "occlusion_open": True,
        }
    return {"occlusion_url": reverse("records:occlusion_start", kwargs={"code": session.code}), "occlusion_open": False}


def _occlusion_button(user, cases, session) -> dict:
    return occlusion_button(user, session, next((c for c in cases if c.is_open), None))


def _session(user, code) -> TreatmentSession:
    if not access.can_see_records(user=user):
        raise PermissionDenied
    return get_object_or_404(
        TreatmentSession.objects.select_related("plan", "patient", "performed_by", "signature__signed_by"), code=code
    )


def _form(bound: dict, action: str, allowed: bool, session):
    """The form for an action the user may take: the one just submitted (with its errors and typed values), else
    an empty one; None when the action is not theirs."""
    if not allowed:
        return None
    return bound.get(action) or _make(action, session)


@never_cache
@require_http_methods(["GET", "POST"])
def session_detail(request, code):
    session = _session(request.user, code)
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, "That action could not be read: reload the page and try again.")
            return redirect(request.path)
        if not _allowed(request.user, session)[action]:
            raise PermissionDenied
        form = _make(action, session, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "event":
                    services.adverse_event_add(session=session, by=request.user, **form.service_arguments())
                    messages.success(request, "Adverse event noted.")
                elif action == "later_event":
                    services.adverse_event_record(session=session, by=request.user, **form.service_arguments())
                    messages.success(
                        request, "Adverse event recorded as a later entry; the signed record stays as it was signed."
                    )
                elif action == "sign":
                    services.session_sign(
                        session=session, by=request.user, password=data["password"], otp_code=data.get("otp_code", "")
                    )
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
    allowed = _allowed(request.user, session)
    events, later_events = selectors.session_events(session=session)
    cases = selectors.session_cases(session=session)
    context = {
        "session": session,
        "plan": session.plan,
        "items": list(
            session.items.select_related("product", "area", "treatment", "vial").prefetch_related(
                "points__planned_point"
            )
        ),
        "events": events,
        "later_events": later_events,
        "cases": cases,
        **_occlusion_button(request.user, cases, session),
        "amendments": list(session.amendments.select_related("made_by")),
        "signature": getattr(session, "signature", None),
        "intact": services.signature_intact(session),
        "event_form": _form(bound, "event", allowed["event"], session),
        "later_event_form": _form(bound, "later_event", allowed["later_event"], session),
        "sign_form": _form(bound, "sign", allowed["sign"], session),
        "amend_form": _form(bound, "amend", allowed["amend"], session),
        "sections": SESSION_RECORD.render(request=request, session=session),
        "plan_url": reverse("planning:plan_detail", kwargs={"code": session.plan.code}),
    }
    return render(request, "records/session_detail.html", context)
