"""The follow-ups worklist, booking and declining a follow-up, and the patient's aftercare (print, send again)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic.formatting import day, moment
from clinic.formtools import add_service_errors
from clinic.security import safe_next_path
from followups import access, selectors, services
from followups.forms import BookForm, DeclineForm, WorklistFilterForm
from followups.models import AftercareMessage, AftercareStatus, Followup

PAGE_SIZE = 25


def _followup(user, code, *, allowed) -> Followup:
    access.require(allowed)
    return get_object_or_404(
        Followup.objects.select_related("patient", "practitioner", "session", "consultation"), code=code
    )


def _back(request, fallback: str) -> str:
    """Where to go after an action: the page it was taken from (`next`, same site only), else `fallback`."""
    # A path on this site only: a bare word ("00", "dashboard") would be read by redirect() as a URL name and fail.
    return safe_next_path(request, request.POST.get("next") or request.GET.get("next") or "") or fallback


@never_cache
@login_required
@require_GET
def worklist(request):
    access.require(access.can_view(user=request.user))
    form = WorklistFilterForm(request.GET or None)
    filters = form.filters()
    followups = selectors.worklist(user=request.user, **filters)
    page = Paginator(followups, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "followups": list(page.object_list),
        "filters": filters,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "can": access.FollowupAccess.of(user=request.user),
        "here": request.get_full_path(),
    }
    return render(request, "followups/worklist.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def book(request, code):
    followup = _followup(request.user, code, allowed=access.can_book(user=request.user))
    back = _back(request, reverse("followups:worklist"))
    form = BookForm(request.POST or None, followup=followup)
    if request.method == "POST" and form.is_valid():
        try:
            booked = services.followup_book(
                followup=followup,
                by=request.user,
                scheduled_at=form.cleaned_data["scheduled_at"],
                practitioner=form.cleaned_data["practitioner"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            when = moment(booked.consultation.scheduled_at)
            messages.success(request, f"{booked.get_kind_display()} booked for {booked.patient} on {when}.")
            return redirect(back)
    return render(request, "followups/book.html", _action_context(request, followup, form, back))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def decline(request, code):
    followup = _followup(request.user, code, allowed=access.can_change(user=request.user))
    back = _back(request, reverse("followups:worklist"))
    form = DeclineForm(request.POST or None, instance=Followup(decline_reason=""))
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_decline(followup=followup, by=request.user, reason=form.cleaned_data["decline_reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Recorded that {followup.patient} declined the {followup.get_kind_display().lower()}."
            )
            return redirect(back)
    return render(request, "followups/decline.html", _action_context(request, followup, form, back))


@login_required
@require_POST
def mark_done(request, code):
    followup = _followup(request.user, code, allowed=access.can_change(user=request.user))
    back = _back(request, reverse("followups:worklist"))
    try:
        services.followup_mark_done(followup=followup, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{followup.get_kind_display()} for {followup.patient} marked done.")
    return redirect(back)


def _action_context(request, followup, form, back) -> dict:
    return {
        "followup": followup,
        "items": list(followup.items.select_related("treatment", "area", "product")),
        "form": form,
        "back": back,
        "can": access.FollowupAccess.of(user=request.user),
    }


@never_cache
@login_required
@require_GET
def aftercare_print(request, code):
    """The patient's aftercare as composed for them, on one printable sheet (the clinic's print CSS)."""
    access.require(access.can_view_aftercare(user=request.user))
    message = get_object_or_404(AftercareMessage.objects.select_related("patient", "session"), code=code)
    context = {
        "message": message,
        "paragraphs": message.body.split("\n\n"),
        "clinic_name": settings.HARMONY_CLINIC_NAME,
        "printed_on": timezone.localdate(),
        "patient_url": reverse("patients:patient_detail", kwargs={"code": message.patient.code}),
    }
    return render(request, "followups/aftercare_print.html", context)


@login_required
@require_POST
def aftercare_send_again(request, code):
    """Compose the session's aftercare again, to the patient's address as it is now, and send it."""
    access.require(access.can_send_aftercare(user=request.user))
    previous = get_object_or_404(AftercareMessage.objects.select_related("patient", "session"), code=code)
    back = _back(request, reverse("patients:patient_detail", kwargs={"code": previous.patient.code}))
    try:
        message = services.aftercare_resend(session=previous.session, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    # The sending runs once the new message is committed (the request's transaction, if any, has ended by now).
    message.refresh_from_db()
    if message.status == AftercareStatus.SENT:
        messages.success(request, f"Aftercare sent to {message.to_address} on {moment(message.sent_at)}.")
    elif message.status == AftercareStatus.NO_EMAIL:
        messages.warning(
            request, f"{message.patient} has no email address: print the aftercare for them, or add an address first."
        )
    elif message.status == AftercareStatus.FAILED:
        messages.error(request, f"The aftercare could not be sent ({message.error}): print it, or try again later.")
    else:
        messages.info(request, f"The aftercare of {day(message.session.performed_on)} will be sent shortly.")
    return redirect(back)
