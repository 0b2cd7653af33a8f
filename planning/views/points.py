"""Injection points of a plan item: add one by area from a list (the keyboard's way, and the way without
JavaScript) or where the practitioner clicks on the face chart (planning/static/planning/points.js), change one
(its position typed in percent) and remove one.

Every change works as a plain form with a redirect; with htmx the points card is redrawn in place with the chart,
the findings and the plan's version (planning/_plan_oob.html), so the next click adds the next point. Points are
clinical detail: the pages and the card are for those who may change the plan (require_edit), and the services
refuse any change to a plan that is not a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from clinic.formatting import amount
from clinic.formtools import add_service_errors
from planning import services
from planning.face_chart import AreaPosition, area_positions, nearest_position
from planning.forms import PointAddForm, PointEditForm
from planning.models import InjectionPoint, PlanItem
from planning.selectors import chart_areas, get_item, require_edit
from planning.views.common import fail, plan_context, plan_url


@dataclass
class PointRow:
    number: int  # the point's place in its item's list, as the chart's titles number it
    point: InjectionPoint
    near: str  # "near Glabellar lines" (the nearest area's point on the same view), or ""
    spot: str  # "front 45 %, 28 %": the view, and percent across and down


@dataclass
class PointPanel:
    """One plan item in the points card: its points, what they add up to, and the form that adds the next one."""

    item: PlanItem
    rows: list[PointRow] = field(default_factory=list)
    form: PointAddForm | None = None
    is_open: bool = False

    @property
    def total(self) -> Decimal:
        return sum((row.point.dose for row in self.rows), Decimal("0"))

    @property
    def total_text(self) -> str:
        return amount(self.total, self.item.dose_unit)

    @property
    def agrees(self) -> bool:
        return not self.rows or self.total == self.item.dose


def point_prefix(item: PlanItem) -> str:
    """Each item's add form has its own field names and ids, so that many forms share one page."""
    return f"point-{item.pk}"


def _row(number: int, point: InjectionPoint, positions: list[AreaPosition]) -> PointRow:
    near = nearest_position(positions, view=point.view, x=point.x, y=point.y)
    spot = f"{point.view} {amount(point.x, '%')}, {amount(point.y, '%')}"
    return PointRow(number, point, f"near {near.label}" if near else "", spot)


def _add_form(item: PlanItem, positions: list[AreaPosition], version: int, last: InjectionPoint | None):
    initial = {"version": version, **PointAddForm.initial_after(last)}
    return PointAddForm(initial=initial, item=item, positions=positions, prefix=point_prefix(item))


def points_context(
    page: dict,
    *,
    forms: dict | None = None,
    open_item: int | None = None,
    status: str = "",
    error: str = "",
    with_forms: bool = True,
) -> dict:
    """The points card of a plan page (`page` from plan_context): a panel per item, each with its add form when the
    user may change the items (and `with_forms`: not on paper). `forms` holds bound forms to show again (with
    their errors) by item id."""
    if not page["show_points"]:
        return {"point_panels": []}
    plan, can = page["plan"], page["can"]
    positions = area_positions(page["chart_areas"])
    panels = []
    for item in page["items"]:
        points = page["points"].get(item.pk, [])
        rows = [_row(n, point, positions) for n, point in enumerate(points, start=1)]
        form = None
        if can.edit_items and with_forms:
            form = (forms or {}).get(item.pk) or _add_form(
                item, positions, plan.version, points[-1] if points else None
            )
        panels.append(PointPanel(item=item, rows=rows, form=form, is_open=item.pk == open_item))
    return {"point_panels": panels, "points_status": status, "points_error": error}


def _points_response(request, plan, **kwargs) -> HttpResponse:
    """htmx: the points card, and out of band the chart, the findings, the totals and the plan's version."""
    page = plan_context(plan, request.user, with_history=False)
    page.update(points_context(page, **kwargs))
    html = render_to_string("planning/_points.html", page, request=request)
    html += render_to_string("planning/_plan_oob.html", page, request=request)
    return HttpResponse(html)


def _point_of(item: PlanItem, point_id: int) -> InjectionPoint:
    point = InjectionPoint.objects.filter(item=item, pk=point_id).first()
    if point is None:
        raise Http404("No such point in this item.")
    point.item = item  # the view's item and plan, so the version the service claims is the page's
    return point


def _form_page(request, plan, item, form, *, title: str, action: str, status: int = 200):
    if not plan.is_editable and request.method == "GET":
        messages.warning(request, "Only draft plans can be changed: move this plan back to draft first.")
    context = {"plan": plan, "item": item, "form": form, "title": title, "action": action}
    return render(request, "planning/point_form.html", context, status=status)


@permission_required("planning.change_planitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def point_add(request, code, item_id):
    plan = require_edit(user=request.user, code=code)
    item = get_item(plan=plan, item_id=item_id)
    positions = area_positions(chart_areas())
    action = plan_url(plan, "planning:point_add", item_id=item.pk)
    if request.method == "POST":
        form = PointAddForm(request.POST, item=item, positions=positions, prefix=point_prefix(item))
        if form.is_valid():
            try:
                point = services.point_add(
                    item=item, by=request.user, expected_version=form.cleaned_data["version"], **form.point_values()
                )
            except ValidationError as exc:  # a stale version or a plan no longer a draft included
                add_service_errors(form, exc)
            else:
                status = f"Point added to {item.area.name}: {amount(point.dose, item.dose_unit)}."
                if request.htmx:
                    return _points_response(request, plan, open_item=item.pk, status=status)
                messages.success(request, status)
                return redirect(plan_url(plan) + f"#points-{item.pk}")
        if request.htmx:
            return _points_response(request, plan, forms={item.pk: form}, open_item=item.pk)
    else:
        form = _add_form(item, positions, plan.version, item.points.order_by("order", "id").last())
    return _form_page(request, plan, item, form, title="Add an injection point", action=action)


@permission_required("planning.change_planitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def point_edit(request, code, item_id, point_id):
    plan = require_edit(user=request.user, code=code)
    item = get_item(plan=plan, item_id=item_id)
    point = _point_of(item, point_id)
    action = plan_url(plan, "planning:point_edit", item_id=item.pk, point_id=point.pk)
    if request.method == "POST":
        form = PointEditForm(request.POST, item=item)
        if form.is_valid():
            try:
                services.point_update(
                    point=point, by=request.user, expected_version=form.cleaned_data["version"], **form.point_values()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Point saved: {amount(point.dose, item.dose_unit)} in {item.area.name}.")
                return redirect(plan_url(plan) + f"#points-{item.pk}")
    else:
        form = PointEditForm(initial=PointEditForm.initial_for(point), item=item)
    return _form_page(request, plan, item, form, title="Change an injection point", action=action)


@permission_required("planning.change_planitem", raise_exception=True)
@require_POST
def point_remove(request, code, item_id, point_id):
    plan = require_edit(user=request.user, code=code)
    item = get_item(plan=plan, item_id=item_id)
    point = _point_of(item, point_id)
    label = f"{amount(point.dose, item.dose_unit)} in {item.area.name}"
    try:
        services.point_remove(point=point, by=request.user, expected_version=request.POST.get("version"))
    except ValidationError as exc:
        if request.htmx:
            return _points_response(request, plan, open_item=item.pk, error=" ".join(exc.messages))
        return fail(request, plan, exc, f"#points-{item.pk}")
    if request.htmx:
        return _points_response(request, plan, open_item=item.pk, status=f"Point removed: {label}.")
    messages.success(request, f"Point removed: {label}.")
    return redirect(plan_url(plan) + f"#points-{item.pk}")
