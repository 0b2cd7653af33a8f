"""Planning URLs × roles. Practitioners plan; the front desk reads proposed plans (404 on drafts, 403 on every
change URL); catalog admins and outsiders never see plans."""

from django.urls import reverse

from tests.matrix import Row, staff_page


def _plan(fixture: str, name: str, **extra):
    def build(request):
        obj = request.getfixturevalue(fixture)
        plan = getattr(obj, "plan", obj)  # an item fixture stands for its plan (with the item in it)
        return reverse(name, kwargs={"code": plan.code, **extra})

    return build


def _item(name: str, fixture: str = "plan_item"):
    def build(request):
        item = request.getfixturevalue(fixture)
        return reverse(name, kwargs={"code": item.plan.code, "item_id": item.pk})

    return build


def _point(name: str, fixture: str = "plan_point"):
    def build(request):
        point = request.getfixturevalue(fixture)
        return reverse(name, kwargs={"code": point.item.plan.code, "item_id": point.item_id, "point_id": point.pk})

    return build


def _version(fixture: str):
    def data(request):
        obj = request.getfixturevalue(fixture)
        plan = getattr(obj, "plan", obj)
        plan.refresh_from_db()
        return {"version": plan.version}

    return data


def _template_data(request):
    from catalog.models import CombinationTemplate

    plan = request.getfixturevalue("plan")
    plan.refresh_from_db()
    template = CombinationTemplate.objects.get(name="Cheek and Chin Augmentation with Botox Brow Lift")
    return {"version": plan.version, "template": template.pk}


def _template_confirm_data(request):
    return {**_template_data(request), "confirm": "1"}


def _suggestion_data(request):
    from catalog.models import Treatment

    plan = request.getfixturevalue("plan")
    plan.refresh_from_db()
    return {"version": plan.version, "kind": "treatment", "id": Treatment.objects.get(slug="chin-augmentation").pk}


def _consultation_url(request):
    consultation = request.getfixturevalue("consultation")
    request.getfixturevalue("seeded_catalog")
    return reverse("planning:plan_create", kwargs={"consultation_code": consultation.code})


READ = staff_page()  # practitioners and front desk 200
CHANGE = staff_page(frontdesk=403)  # practitioners only
DRAFT_READ = staff_page(frontdesk=404)  # the front desk never sees a draft

ROWS = [
    Row("planning:plan_list", READ),
    Row("planning:plan_create", CHANGE, url=_consultation_url),
    Row("planning:plan_detail", DRAFT_READ, url=_plan("plan_item", "planning:plan_detail"), id="draft plan_detail"),
    Row("planning:plan_detail", READ, url=_plan("proposed_plan", "planning:plan_detail"), id="proposed plan_detail"),
    Row("planning:plan_print", DRAFT_READ, url=_plan("plan", "planning:plan_print"), id="draft plan_print"),
    Row("planning:plan_print", READ, url=_plan("proposed_plan", "planning:plan_print"), id="proposed plan_print"),
    Row("planning:plan_edit", CHANGE, url=_plan("plan", "planning:plan_edit")),
    Row("planning:plan_edit", CHANGE, url=_plan("proposed_plan", "planning:plan_edit"), id="proposed plan_edit"),
    Row("planning:plan_status", CHANGE, url=_plan("plan_item", "planning:plan_status")),
    Row("planning:item_add", CHANGE, url=_plan("plan", "planning:item_add")),
    Row("planning:item_edit", CHANGE, url=_item("planning:item_edit")),
    # Without htmx the read-only row is the plan page: a redirect.
    Row("planning:item_row", staff_page(frontdesk=403, practitioner=302), url=_item("planning:item_row")),
    Row(
        "planning:item_remove",
        staff_page(frontdesk=403, practitioner=302),
        url=_item("planning:item_remove"),
        method="post",
        data=_version("plan_item"),
    ),
    # Injection points: the add and change pages are the no-JavaScript forms; a removal redirects to the plan.
    Row("planning:point_add", CHANGE, url=_item("planning:point_add")),
    Row("planning:point_edit", CHANGE, url=_point("planning:point_edit")),
    Row(
        "planning:point_remove",
        staff_page(frontdesk=403, practitioner=302),
        url=_point("planning:point_remove"),
        method="post",
        data=_version("plan_item"),
    ),
    # First a preview of the items and their findings (a page), then, confirmed, the items are added (a redirect).
    Row(
        "planning:template_apply",
        staff_page(frontdesk=403, practitioner=200),
        url=_plan("plan", "planning:template_apply"),
        method="post",
        data=_template_data,
    ),
    Row(
        "planning:template_apply",
        staff_page(frontdesk=403, practitioner=302),
        url=_plan("plan", "planning:template_apply"),
        method="post",
        data=_template_confirm_data,
        id="confirmed template_apply",
    ),
    Row(
        "planning:suggestion_apply",
        staff_page(frontdesk=403, practitioner=302),
        url=_plan("plan", "planning:suggestion_apply"),
        method="post",
        data=_suggestion_data,
    ),
    Row("planning:session_record", CHANGE, url=_plan("accepted_plan", "planning:session_record")),
]
