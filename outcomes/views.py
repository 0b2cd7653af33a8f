"""The outcome pages: a session's review (both ratings per area beside the before/after photos) and the report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clinic.formtools import add_service_errors
from outcomes import access, selectors, services
from outcomes.chart import improvement_chart
from outcomes.forms import RatingForm, ReportFilterForm
from outcomes.models import Gais, Rater
from outcomes.stats import report_rows
from photos import access as photos_access


def _forms(areas, data=None) -> list[tuple[selectors.AreaReview, RatingForm, RatingForm]]:
    return [
        (
            area,
            RatingForm(data, area=area.area, rater=Rater.PRACTITIONER, instance=area.practitioner),
            RatingForm(data, area=area.area, rater=Rater.PATIENT, instance=area.patient),
        )
        for area in areas
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def review(request, code):
    session = selectors.get_session_for_user(user=request.user, code=code)
    can_rate = access.can_rate(user=request.user)
    areas = selectors.review_areas(session)
    rows = _forms(areas, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_rate:
            raise PermissionDenied
        forms = [form for _, *pair in rows for form in pair]
        valid = [form.is_valid() for form in forms]  # every form validated, so each shows its own errors
        if all(valid):
            entries = [
                services.RatingInput(
                    area_id=form.area.pk,
                    rater=form.rater,
                    score=form.cleaned_data["score"],
                    note=form.cleaned_data.get("note", ""),
                )
                for form in forms
                if form.filled
            ]
            try:
                saved = services.review_save(session=session, by=request.user, ratings=entries)
            except services.ReviewErrors as exc:
                by_key = {(form.area.pk, form.rater): form for form in forms}
                for key, error in exc.by_key.items():
                    add_service_errors(by_key[key], error)
            else:
                messages.success(
                    request,
                    f"{len(saved)} rating{'s' if len(saved) != 1 else ''} saved." if saved else "Nothing changed.",
                )
                return redirect(request.get_full_path())
        messages.error(request, "Some ratings could not be saved: see the messages next to them.")
    pair = None
    if photos_access.can_see_photos(user=request.user):
        pair = selectors.photo_pair(session=session, view=request.GET.get("view", ""))
    context = {
        "session": session,
        "patient": session.patient,
        "plan": session.plan,
        "rows": rows,
        "areas": areas,
        "can_rate": can_rate,
        "pair": pair,
        "scale": Gais.choices,
        "plan_url": reverse("planning:plan_detail", kwargs={"code": session.plan.code}),
        "record_url": reverse("records:session_detail", kwargs={"code": session.code}),
    }
    return render(request, "outcomes/review.html", context)


@never_cache
@require_GET
def report(request):
    if not access.can_see_report(user=request.user):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None)
    rows = []
    if form.is_bound and not form.is_valid():
        period = None
    else:
        data = form.cleaned_data if form.is_bound else {}
        period = (data.get("start"), data.get("end"))
        rows = report_rows(selectors.rated_areas(start=period[0], end=period[1]))
    return render(
        request,
        "outcomes/report.html",
        {"form": form, "rows": rows, "period": period, "chart": improvement_chart(rows) if rows else None},
    )
