"""Plan items: add by hand (cascading area → treatment → product), edit in place with htmx, remove, and add from
a template or a suggestion. Every change works without JavaScript too (plain forms and redirects)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import CombinationTemplate
from clinic.formtools import add_service_errors
from planning.forms import ApplyTemplateForm, ItemAddForm, ItemEditForm
from planning.selectors import get_item, require_edit
from planning.services import (
    plan_add_item,
    plan_apply_suggestion,
    plan_apply_template,
    plan_preview_template,
    plan_remove_item,
    plan_update_item,
)
from planning.views.common import fail, plan_context, plan_url
from planning.views.points import points_context


@permission_required("planning.add_planitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def item_add(request, code):
    plan = require_edit(user=request.user, code=code)
    add_url = plan_url(plan, "planning:item_add")
    if request.method == "POST" and "next" in request.POST:
        # No-JS cascade: show the choices that follow the picks so far, keeping them, without saving.
        initial = {k: v for k, v in request.POST.items() if k in ItemAddForm.base_fields}
        initial.pop("dose", None)
        form = ItemAddForm(initial=initial, plan=plan, add_url=add_url)
    elif request.method == "POST":
        form = ItemAddForm(request.POST, plan=plan, add_url=add_url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = plan_add_item(
                    plan=plan,
                    by=request.user,
                    treatment=data["treatment"],
                    area=data["area"],
                    product=data["product"],
                    dose=data["dose"],
                    side=data["side"],
                    session_number=data["session_number"],
                    injection_points=data["injection_points"],
                    rationale=data["rationale"],
                    expected_version=data["version"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Added {item.treatment.name} · {item.area.name}.")
                return redirect(plan_url(plan) + f"#item-{item.pk}")
    else:
        initial = {k: v for k, v in request.GET.items() if k in ItemAddForm.base_fields}
        initial.setdefault("version", plan.version)
        # A new area, treatment or product means a new prefilled dose.
        if request.htmx and request.htmx.trigger_name in ("area", "treatment", "product", "side"):
            initial.pop("dose", None)
        form = ItemAddForm(initial=initial, plan=plan, add_url=add_url)
    if not plan.is_editable and request.method == "GET" and not request.htmx:
        messages.warning(request, "Only draft plans can be changed: move this plan back to draft first.")
    context = plan_context(plan, request.user, with_history=False)
    context.update({"form": form, "selected_area": form.area})
    return render(request, "planning/item_add.html", context)


def _row_response(request, plan, item, *, edit_form=None, error=""):
    if edit_form is not None:
        context = {"plan": plan, "item": item, "form": edit_form, "error": error}
        return render(request, "planning/_item_edit_row.html", context)
    page = plan_context(plan, request.user, with_history=False)
    row = next(r for r in page["rows"] if r.item.pk == item.pk)
    page.update({"item": row.item, "findings": row.findings, "per_side": row.per_side, "oob": True})
    # The points card's "18 U of the item's 20 U" follows the new dose (its forms stay as they are).
    page.update({**points_context(page, with_forms=False), "points_oob": True})
    html = render_to_string("planning/_item_row.html", page, request=request)
    html += render_to_string("planning/_plan_oob.html", page, request=request)
    return HttpResponse(html)


@permission_required("planning.change_planitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def item_edit(request, code, item_id):
    plan = require_edit(user=request.user, code=code)
    item = get_item(plan=plan, item_id=item_id)
    if request.method == "POST":
        form = ItemEditForm(request.POST, item=item)
        if form.is_valid():
            data = form.cleaned_data
            old_session = item.session_number
            try:
                plan_update_item(
                    item=item,
                    by=request.user,
                    expected_version=data["version"],
                    dose=data["dose"],
                    side=data["side"],
                    session_number=data["session_number"],
                    injection_points=data["injection_points"],
                    rationale=data["rationale"],
                    product=data["product"],
                )
            except ValidationError as exc:  # a stale version (StalePlanError) included
                add_service_errors(form, exc)
            else:
                if not request.htmx:
                    messages.success(request, f"Saved {item.treatment.name} · {item.area.name}.")
                    return redirect(plan_url(plan) + f"#item-{item.pk}")
                if item.session_number != old_session:
                    # The row moves to another session's table: redraw the page.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = plan_url(plan) + f"#item-{item.pk}"
                    return response
                return _row_response(request, plan, item)
    else:
        form = ItemEditForm(initial=ItemEditForm.initial_for(item), item=item)
    if request.htmx:
        return _row_response(request, plan, item, edit_form=form)
    return render(request, "planning/item_edit.html", {"plan": plan, "item": item, "form": form})


@permission_required("planning.change_planitem", raise_exception=True)
@require_GET
def item_row(request, code, item_id):
    """The item's read-only row (htmx: Cancel on the edit row swaps this back)."""
    plan = require_edit(user=request.user, code=code)
    item = get_item(plan=plan, item_id=item_id)
    if not request.htmx:
        return redirect(plan_url(plan) + f"#item-{item.pk}")
    return _row_response(request, plan, item)


@permission_required("planning.delete_planitem", raise_exception=True)
@require_POST
def item_remove(request, code, item_id):
    plan = require_edit(user=request.user, code=code)
    item = get_item(plan=plan, item_id=item_id)
    label = f"{item.treatment.name} · {item.area.name}"
    try:
        plan_remove_item(item=item, by=request.user, expected_version=request.POST.get("version"))
    except ValidationError as exc:
        return fail(request, plan, exc)
    messages.success(request, f"Removed {label}.")
    return redirect(plan_url(plan) + "#plan-items")


@permission_required("planning.add_planitem", raise_exception=True)
@require_POST
def template_apply(request, code):
    plan = require_edit(user=request.user, code=code)
    form = ApplyTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a template to apply.")
        return redirect(plan_url(plan) + "#templates")
    template = form.cleaned_data["template"]
    version = form.cleaned_data["version"]
    try:
        if request.POST.get("confirm") != "1":
            # First show what the template would add and the findings it would bring, then add on confirmation.
            preview = plan_preview_template(plan=plan, template=template, by=request.user, expected_version=version)
            new_findings = preview.new_findings
            context = {
                "plan": plan,
                "template": template,
                "version": version,
                "preview": preview,
                "new_findings": new_findings,
                "other_count": len(preview.findings) - len(new_findings),
            }
            return render(request, "planning/template_preview.html", context)
        result = plan_apply_template(plan=plan, template=template, by=request.user, expected_version=version)
    except ValidationError as exc:
        return fail(request, plan, exc)
    _report(request, result, template.name)
    return redirect(plan_url(plan) + "#plan-items")


@permission_required("planning.add_planitem", raise_exception=True)
@require_POST
def suggestion_apply(request, code):
    plan = require_edit(user=request.user, code=code)
    kind = request.POST.get("kind", "")
    try:
        suggestion_id = int(request.POST.get("id", ""))
    except ValueError:
        messages.error(request, "That suggestion could not be read: reload the plan and try again.")
        return redirect(plan_url(plan))
    try:
        result = plan_apply_suggestion(
            plan=plan,
            kind=kind,
            suggestion_id=suggestion_id,
            by=request.user,
            expected_version=request.POST.get("version"),
        )
    except ValidationError as exc:
        return fail(request, plan, exc)
    name = ""
    if kind == "template":
        name = CombinationTemplate.objects.filter(pk=suggestion_id).values_list("name", flat=True).first() or ""
    _report(request, result, name or "the suggestion")
    return redirect(plan_url(plan) + "#plan-items")


def _report(request, result, name):
    count = len(result.added)
    messages.success(
        request, f"Added {count} item{'s' if count != 1 else ''} from {name}. Adjust doses and sides as needed."
    )
    if result.swapped:
        messages.info(request, "Swapped for the screening: " + "; ".join(result.swapped))
    if result.skipped:
        messages.warning(request, "Not added: " + "; ".join(result.skipped))
