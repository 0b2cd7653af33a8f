"""The patient view of a plan (on the clinic's tablet), its signing pages, and the signed records as a page and a PDF.

The patient view shows a proposed plan in plain words (items by session, the face chart, prices, aftercare) and
what the patient is asked to sign: the plan's acceptance and a consent per kind of treatment in it, plus the photo
consent. Each signature has its own page, showing exactly the text it is signed for (consents.shown), with the
signature pad. The signed-in staff member witnesses it. The plan page's own rules decide who finds the plan
(planning.selectors: 404 for a plan the user may not see); consents.access decides who may open the patient view.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accesslog.models import RecordKind
from accesslog.services import access_record
from clinic.formtools import add_service_errors
from clinic.pdf import pdf_response, render_pdf
from consents import access, services, shown
from consents.forms import AcceptanceForm, ConsentForm
from consents.models import ConsentKind, SignedConsent
from consents.selectors import acceptance_of, current_text, get_signed_for_user, kinds_for_plan, signing_status
from consents.signatures import data_url
from mfa import selectors as mfa_selectors
from mfa import services as mfa_services
from planning import access as plan_access
from planning.models import PlanStatus
from planning.selectors import get_plan_for_user
from planning.views.common import plan_context

STALE_CODES = {"stale", "text_changed"}
HIDDEN_FIELDS = ("version", "shown_hash", "text_version")


def _plan(request, code):
    plan, _ = get_plan_for_user(user=request.user, code=code)
    access.require_patient_view(user=request.user, plan=plan)
    return plan


def _not_for_patients(request, plan):
    """A plan the patient view does not show (a draft, a declined, cancelled or completed plan): back to its page."""
    if plan.status == PlanStatus.DRAFT:
        messages.info(request, "The patient view shows a proposed plan: propose this draft first.")
    else:
        messages.info(request, f"This plan is {plan.get_status_display().lower()}: there is nothing to sign on it.")
    return redirect("planning:plan_detail", code=plan.code)


def patient_view_url(plan) -> str:
    return reverse("consents:patient_view", args=[plan.code])


def _aftercare(items):
    treatments = []
    for item in items:
        if item.treatment not in treatments:
            treatments.append(item.treatment)
    return [t for t in treatments if t.aftercare]


@login_required
@require_GET
def patient_view(request, code):
    plan = _plan(request, code)
    if plan.status not in access.PATIENT_VIEW_STATUSES:
        return _not_for_patients(request, plan)
    context = plan_context(plan, request.user, with_history=False, for_print=True)
    to_sign = signing_status(plan, context["items"])
    signed_proposed = plan.status == PlanStatus.PROPOSED and acceptance_of(plan) is not None
    context.update(
        {
            # Signed but still proposed: a practitioner moves it to accepted (planning's status form).
            "ready_to_accept": signed_proposed,
            "can_accept": signed_proposed and plan_access.can_change(user=request.user, plan=plan),
            "aftercare": _aftercare(context["items"]),
            "clinic_name": settings.HARMONY_CLINIC_NAME,
            "to_sign": to_sign,
            "all_signed": all(row.done for row in to_sign if row.needed),
        }
    )
    return render(request, "consents/patient_view.html", context)


def _has_stale_error(exc: ValidationError) -> bool:
    errors = exc.error_dict.get(NON_FIELD_ERRORS, []) if hasattr(exc, "error_dict") else exc.error_list
    return any(error.code in STALE_CODES for error in errors)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, code, what):
    plan = _plan(request, code)
    if plan.status not in access.PATIENT_VIEW_STATUSES:
        return _not_for_patients(request, plan)
    context = plan_context(plan, request.user, with_history=False, for_print=True)
    items = context["items"]
    if what != "plan" and what not in kinds_for_plan(items):
        raise Http404("Nothing to sign here.")
    summary = shown.plan_summary(plan, items)
    text = None
    if what == "plan":
        if plan.status != PlanStatus.PROPOSED:
            messages.info(request, "This plan is already accepted.")
            return redirect(patient_view_url(plan))
        if acceptance_of(plan) is not None:
            messages.info(request, "This version of the plan is already signed.")
            return redirect(patient_view_url(plan))
        shown_text = shown.acceptance_shown(summary)
        form_class = AcceptanceForm
        heading = "Accepting your treatment plan"
    else:
        text = current_text(what)
        if text is None:
            messages.error(request, "The clinic has no current text for this consent yet: ask a catalog admin.")
            return redirect(patient_view_url(plan))
        shown_text = shown.consent_shown(summary, text)
        form_class = ConsentForm
        heading = text.title
    fresh = {
        "version": plan.version,
        "shown_hash": shown.sha256(shown_text),
        "text_version": text.version if text else 1,
    }
    stale = False
    if request.method == "POST":
        form = form_class(request.POST)
        if any(name in form.errors for name in HIDDEN_FIELDS if name in form.fields):
            stale = True
            form.add_error(None, services.CHANGED_MESSAGE)
        elif form.is_valid():
            try:
                # The witness re-checks their second factor where the signature is made (a used code is spent even
                # if the signature is then refused, e.g. the plan changed meanwhile: the next code works).
                mfa_services.second_factor_require(
                    user=request.user, code=form.cleaned_data.get("witness_code"), field="witness_code"
                )
                if what == "plan":
                    services.plan_accept_sign(plan=plan, by=request.user, **form.service_arguments())
                else:
                    services.consent_sign(plan=plan, kind=what, by=request.user, **form.service_arguments())
            except ValidationError as exc:
                stale = _has_stale_error(exc)
                add_service_errors(form, exc)
            else:
                done = (
                    "Thank you: you have signed the plan." if what == "plan" else "Thank you: your consent is signed."
                )
                messages.success(request, done)
                return redirect(patient_view_url(plan) + "#signatures")
    else:
        form = form_class(initial=fresh)
    context.update(
        {
            "form": form,
            "what": what,
            "heading": heading,
            "text": text,
            "summary": summary,
            "accept_statement": shown.ACCEPT_STATEMENT,
            # The page shows the plan and text as they are now, so its hidden fields say so; after a stale refusal
            # the drawing is not carried over: the patient signs again for what they now read.
            "hidden": fresh,
            "signature_kept": "" if stale else form.signature_kept(),
            "witness_needs_code": mfa_selectors.has_device(user=request.user),
        }
    )
    return render(request, "consents/sign.html", context)


def _log_signed(request, record) -> None:
    is_consent = isinstance(record, SignedConsent)
    access_record(
        request=request,
        kind=RecordKind.CONSENT if is_consent else RecordKind.PLAN_ACCEPTANCE,
        code=record.code,
        patient=record.patient if is_consent else record.plan.patient,
    )


def _signed_context(record) -> dict:
    is_consent = isinstance(record, SignedConsent)
    return {
        "record": record,
        "is_consent": is_consent,
        "patient": record.patient if is_consent else record.plan.patient,
        "plan": record.plan,
        "kind_label": ConsentKind(record.kind).label if is_consent else "Treatment plan",
        "signature_url": data_url(bytes(record.signature)) if record.signature else "",
        "witness": record.witnessed_by.get_full_name() or record.witnessed_by.username,
        "clinic_name": settings.HARMONY_CLINIC_NAME,
        "printed_on": timezone.localdate(),
    }


@login_required
@require_GET
def signed_detail(request, code):
    record = get_signed_for_user(user=request.user, code=code)
    _log_signed(request, record)
    return render(request, "consents/signed_detail.html", _signed_context(record))


@login_required
@require_GET
def signed_pdf(request, code):
    record = get_signed_for_user(user=request.user, code=code)
    _log_signed(request, record)
    pdf = render_pdf("consents/signed_pdf.html", _signed_context(record), request=request)
    name = f"consent-{record.kind}.pdf" if isinstance(record, SignedConsent) else "plan-acceptance.pdf"
    return pdf_response(pdf, filename=name)
