"""Injection points of a plan item: the model's rules, the services (versions, drafts only, history), the sum check
read from the database, template patterns copied onto a plan, and the pages (chart, table, forms, print, access).

The database-free sum check is tested with the other checks (test_checks.py); the browser clicks in
test_points_browser.py.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog.models import CombinationTemplate, FacialArea, Product
from planning import services
from planning.check_data import findings_for_plan, plan_input_for
from planning.models import POSITION_MESSAGE, InjectionPoint, PlanStatus
from planning.services import StalePlanError
from tests.fixtures.planning import add_item, add_point, move_to
from tests.html import alerts, field_error, field_value, main, section, soup, table_rows, text

from .test_views import HTMX, PLAN_PAGE_QUERIES, _plan_with, detail, url

pytestmark = pytest.mark.django_db

UPPER_FACE = "Upper Face Lines with Botox"


def glabella_item(plan, by, dose="20"):
    return add_item(
        plan, by, treatment="frown-lines", area="glabella", product="botox-cosmetic", dose=dose, side="midline"
    )


def point_url(name, point):
    return reverse(
        f"planning:{name}", kwargs={"code": point.item.plan.code, "item_id": point.item_id, "point_id": point.pk}
    )


def add_url(item):
    return reverse("planning:point_add", kwargs={"code": item.plan.code, "item_id": item.pk})


def form_data(item, **values):
    """The plan page's "Add a point" form of `item` as a browser sends it (its fields carry the item's prefix)."""
    item.plan.refresh_from_db()
    data = {"version": item.plan.version, "position": str(item.area_id), "dose": "4", **values}
    return {f"point-{item.pk}-{name}": value for name, value in data.items()}


# --- the model -------------------------------------------------------------------------------------------------


def test_a_point_off_the_diagram_without_a_dose_or_with_a_gauge_of_nothing_is_refused(plan_item):
    point = InjectionPoint(item=plan_item, view="side", x=Decimal("101"), y=Decimal("-1"), dose=Decimal("0"), gauge=60)
    with pytest.raises(ValidationError) as refused:
        point.full_clean()
    errors = refused.value.message_dict
    assert errors["view"] == ["Choose the front or the profile view."]
    assert errors["x"] == errors["y"] == [POSITION_MESSAGE]
    assert errors["dose"] == ["Enter a dose above zero."]
    assert errors["gauge"] == ["Enter the gauge as a whole number from 1 to 50 (e.g. 30), or leave it empty."]

    point = InjectionPoint(item=plan_item, view="front", x=50, y=80, dose=Decimal("0.5"), gauge=27)
    with pytest.raises(ValidationError) as refused:
        point.full_clean()
    assert refused.value.message_dict == {"instrument": ["Say what the 27 G is: a needle or a cannula."]}


@pytest.mark.parametrize(
    "values",
    [{"x": 150}, {"y": -5}, {"dose": 0}, {"gauge": 99}, {"view": "top"}],
    ids=["x above 100", "y below 0", "no dose", "gauge", "view"],
)
def test_the_database_holds_the_points_rules_too(plan_item, values):
    row = {"item": plan_item, "view": "front", "x": 50, "y": 80, "dose": Decimal("0.5"), **values}
    with pytest.raises(IntegrityError), transaction.atomic():
        InjectionPoint.objects.create(**row)


def test_points_go_with_their_item(plan_point, plan_item, practitioner_user):
    plan = plan_item.plan
    plan.refresh_from_db()
    services.plan_remove_item(item=plan_item, by=practitioner_user, expected_version=plan.version)
    assert not InjectionPoint.objects.filter(pk=plan_point.pk).exists()


# --- the services ----------------------------------------------------------------------------------------------


def test_adding_points_numbers_them_in_order_bumps_the_version_and_records_who_and_what(plan, practitioner_user):
    item = glabella_item(plan, practitioner_user)
    before = plan.version
    first = add_point(item, practitioner_user, dose="4", x="45", y="28", depth="intramuscular", note=" procerus ")
    second = add_point(item, practitioner_user, dose="4", x="55,5", y="28", instrument="needle", gauge=30)
    plan.refresh_from_db()
    assert plan.version == before + 2
    assert [(p.order, p.x, p.dose) for p in item.points.all()] == [
        (1, Decimal("45.00"), Decimal("4.00")),
        (2, Decimal("55.50"), Decimal("4.00")),  # a decimal comma reads as a point
    ]
    assert first.note == "procerus" and (second.instrument, second.gauge) == ("needle", 30)
    entry = first.history.latest()
    assert entry.history_user == practitioner_user
    assert entry.history_change_reason.startswith("Point added to Frown lines (glabellar lines) · Glabellar lines: 4 U")


def test_a_point_is_changed_with_every_value_given_and_removed(plan, practitioner_user):
    item = glabella_item(plan, practitioner_user)
    point = add_point(item, practitioner_user, dose="4", x="45", y="28")
    plan.refresh_from_db()
    services.point_update(
        point=point,
        by=practitioner_user,
        expected_version=plan.version,
        view="profile",
        x="80",
        y="31",
        dose="2",
        technique="bolus",
    )
    point.refresh_from_db()
    assert (point.view, point.x, point.dose, point.technique) == ("profile", 80, 2, "bolus")
    assert (
        point.history.latest().history_change_reason
        == "Point changed: 4 U at front 45 %, 28 % → 2 U at profile 80 %, 31 %"
    )

    plan.refresh_from_db()
    services.point_remove(point=point, by=practitioner_user, expected_version=plan.version)
    assert not item.points.exists()
    # The plan's change history names each of the point's changes, the removal included.
    from planning.selectors import plan_history

    points = [(row.what, row.detail) for row in plan_history(plan) if row.what.startswith("Point")]
    assert [what for what, _ in points] == ["Point removed", "Point changed", "Point added"]
    assert points[1][1] == "Point changed: 4 U at front 45 %, 28 % → 2 U at profile 80 %, 31 %"


def test_a_refused_change_leaves_the_point_as_saved_with_the_message_at_the_field(plan, practitioner_user):
    item = glabella_item(plan, practitioner_user)
    point = add_point(item, practitioner_user, dose="4")
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.point_update(
            point=point, by=practitioner_user, expected_version=plan.version, view="front", x="140", y="20", dose="4"
        )
    assert "x" in refused.value.message_dict
    assert point.x == Decimal("50.00")
    plan.refresh_from_db()
    assert plan.version == item.plan.version  # the refused change took no version


def test_stale_point_changes_are_refused_and_nothing_is_saved(plan, practitioner_user):
    item = glabella_item(plan, practitioner_user)
    point = add_point(item, practitioner_user, dose="4")
    plan.refresh_from_db()
    seen = plan.version - 1  # a colleague's change came after this page was loaded
    with pytest.raises(StalePlanError):
        services.point_add(item=item, by=practitioner_user, expected_version=seen, view="front", x=50, y=30, dose=4)
    with pytest.raises(StalePlanError):
        services.point_update(
            point=point, by=practitioner_user, expected_version=seen, view="front", x=50, y=30, dose=2
        )
    with pytest.raises(StalePlanError):
        services.point_remove(point=point, by=practitioner_user, expected_version=seen)
    assert [(p.pk, p.dose) for p in item.points.all()] == [(point.pk, Decimal("4.00"))]


def test_only_a_draft_plans_points_change(plan, practitioner_user):
    item = glabella_item(plan, practitioner_user)
    point = add_point(item, practitioner_user, dose="4")
    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    item.plan = plan
    point.item = item
    expected = "This plan is proposed: only draft plans can be changed. Move it back to draft first, if allowed."
    for change in (
        lambda: services.point_add(
            item=item, by=practitioner_user, expected_version=plan.version, view="front", x=50, y=30, dose=4
        ),
        lambda: services.point_update(
            point=point, by=practitioner_user, expected_version=plan.version, view="front", x=50, y=30, dose=2
        ),
        lambda: services.point_remove(point=point, by=practitioner_user, expected_version=plan.version),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.messages == [expected]
    assert item.points.get().dose == Decimal("4.00")


# --- the sum check, from the database --------------------------------------------------------------------------


def test_the_checks_read_every_items_point_doses(plan, practitioner_user):
    glabella = glabella_item(plan, practitioner_user)
    chin = add_item(plan, practitioner_user, dose="2")
    for _ in range(4):
        add_point(glabella, practitioner_user, dose="4")
    add_point(glabella, practitioner_user, dose="2")

    plan.refresh_from_db()
    inputs = {i.key: i.point_doses for i in plan_input_for(plan).items}
    assert inputs == {str(glabella.pk): (Decimal("4"),) * 4 + (Decimal("2"),), str(chin.pk): ()}
    [finding] = [f for f in findings_for_plan(plan) if f.code == "points-dose-mismatch"]
    assert finding.item_key == str(glabella.pk)
    assert finding.message.startswith("The points add up to 18 U; the item says 20 U.")

    add_point(glabella, practitioner_user, dose="2")
    assert "points-dose-mismatch" not in [f.code for f in findings_for_plan(plan)]


# --- template patterns -----------------------------------------------------------------------------------------


def test_applying_a_seeded_template_copies_the_label_points_onto_its_items(plan, practitioner_user):
    template = CombinationTemplate.objects.get(name=UPPER_FACE)
    result = services.plan_apply_template(
        plan=plan, template=template, by=practitioner_user, expected_version=plan.version
    )
    assert not result.skipped
    items = {i.area.slug: i for i in plan.items.select_related("area")}
    glabella = items["glabella"]
    assert (glabella.product.name, glabella.dose) == ("Botox Cosmetic", Decimal("20.00"))
    points = list(glabella.points.all())
    assert [p.dose for p in points] == [Decimal("4.00")] * 5  # §2a: 4 U × 5 sites
    assert [p.note for p in points] == [
        "right corrugator, lateral",
        "right corrugator, medial",
        "procerus",
        "left corrugator, medial",
        "left corrugator, lateral",
    ]
    area = FacialArea.objects.get(slug="glabella")
    assert all(p.view == "front" and abs(p.x - area.chart_x) <= 11 and abs(p.y - area.chart_y) <= 7 for p in points)
    assert [items[slug].points.count() for slug in ("forehead", "crows-feet")] == [5, 6]
    assert points[0].history.latest().history_change_reason == f"Point from template {UPPER_FACE}"
    plan.refresh_from_db()
    assert "points-dose-mismatch" not in [f.code for f in findings_for_plan(plan)]


def test_the_template_preview_names_the_points_it_would_copy_and_saves_none(plan, practitioner_user):
    template = CombinationTemplate.objects.get(name=UPPER_FACE)
    preview = services.plan_preview_template(
        plan=plan, template=template, by=practitioner_user, expected_version=plan.version
    )
    assert {line.area: line.points_text for line in preview.lines} == {
        "Glabellar lines": "5 points of 4 U",
        "Forehead lines": "5 points of 4 U",
        "Lateral canthal lines": "6 points of 4 U",
    }
    assert not InjectionPoint.objects.exists() and not plan.items.exists()


def test_a_patterns_units_are_not_carried_over_to_another_toxin_brand(plan, practitioner_user):
    Product.objects.filter(slug="botox-cosmetic").update(is_active=False)
    template = CombinationTemplate.objects.get(name=UPPER_FACE)
    services.plan_apply_template(plan=plan, template=template, by=practitioner_user, expected_version=plan.version)
    glabella = plan.items.get(area__slug="glabella")
    assert glabella.product.slug != "botox-cosmetic"
    assert not glabella.points.exists()


# --- the plan page: chart and table for clinical users only ---------------------------------------------------


def _glabella_with_points(plan, by, doses=("4", "4", "4", "4", "2")):
    item = glabella_item(plan, by)
    for n, dose in enumerate(doses):
        add_point(item, by, dose=dose, x=str(40 + 5 * n), y="28", depth="intramuscular", technique="bolus")
    return item


def test_the_practitioner_sees_the_points_on_the_chart_and_in_a_table_with_the_mismatch(
    plan, practitioner_user, practitioner_client
):
    item = _glabella_with_points(plan, practitioner_user)
    response = practitioner_client.get(detail(plan))
    page = main(response)
    markers = page.select("#face-chart g.chart-injection")
    assert len(markers) == 5
    assert [text(m.find("text")) for m in markers] == ["4 U", "4 U", "4 U", "4 U", "2 U"]
    assert text(markers[2].find("title")) == ("Glabellar lines · Botox Cosmetic, point 3: 4 U, Intramuscular, Bolus")
    assert page.select_one("svg[data-chart-view=front]")["data-chart-width"] == "280"
    rows = table_rows(page, "Injection points of Glabellar lines")
    assert rows[4][:4] == ["5", "2 U", "Intramuscular", "Bolus"]
    assert rows[0][4] == "near Brow (lateral brow tail), patient's right front 40 %, 28 %"
    assert rows[2][4] == "near Glabellar lines front 50 %, 28 %"
    points = section(page, "Injection points")
    assert "5 points: 18 U of the item's 20 U (they differ)" in text(points)
    findings = text(page.find(id=f"item-findings-{item.pk}"))
    assert "The points add up to 18 U; the item says 20 U." in findings
    # The area labels are still drawn, and the keyboard form comes with its area's point chosen.
    assert "Glabellar lines · 20 U Botox Cosmetic" in text(page.select_one("#face-chart"))
    assert field_value(response, f"point-{item.pk}-position") == str(item.area_id)
    assert field_value(response, f"point-{item.pk}-dose") == "2"  # the next point starts like the last


def test_the_front_desk_sees_the_chart_with_its_areas_but_no_points(
    plan, practitioner_user, frontdesk_client, practitioner_client
):
    _glabella_with_points(plan, practitioner_user, doses=("4",) * 5)
    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    html = frontdesk_client.get(detail(plan)).content.decode()
    page = main(html)
    assert page.select("#face-chart circle.is-planned")  # the areas, as before
    assert not page.select(".chart-injection") and "data-chart-view" not in html
    assert "Injection points" not in text(page) and "points.js" not in html
    assert len(main(practitioner_client.get(detail(plan))).select(".chart-injection")) == 5


def test_the_patients_print_has_areas_only_and_the_practitioners_copy_has_the_points(
    plan, practitioner_user, practitioner_client, frontdesk_client
):
    _glabella_with_points(plan, practitioner_user, doses=("4",) * 5)
    patient = main(practitioner_client.get(url("plan_print", plan)))
    assert patient.select("#face-chart circle.is-planned") and not patient.select(".chart-injection")
    assert "Injection points" not in text(patient) and "Your treatment plan" in text(patient)

    copy = main(practitioner_client.get(url("plan_print", plan) + "?copy=practitioner"))
    assert len(copy.select(".chart-injection")) == 5
    assert "Practitioner's copy" in text(copy) and "Clinical notes" not in text(copy)
    rows = table_rows(copy, "Injection points of Glabellar lines")
    assert [row[1:4] for row in rows] == [["4 U", "Intramuscular", "Bolus"]] * 5
    assert not copy.select("form[data-point-form]")  # paper has no forms

    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    front_desk = main(frontdesk_client.get(url("plan_print", plan) + "?copy=practitioner"))
    assert not front_desk.select(".chart-injection") and "Your treatment plan" in text(front_desk)


def test_the_plan_page_takes_a_fixed_number_of_queries_whatever_the_number_of_points(
    plan, practitioner_user, practitioner_client, django_assert_num_queries
):
    _plan_with(plan, practitioner_user, 2)
    practitioner_client.get(detail(plan))
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        practitioner_client.get(detail(plan))
    for item in plan.items.all():
        for _ in range(3):
            add_point(item, practitioner_user, dose="0.1")
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = practitioner_client.get(detail(plan))
    assert len(main(response).select(".chart-injection")) == 6


# --- adding by keyboard (no JavaScript), by a click (htmx), changing and removing ------------------------------


def test_a_point_added_by_area_without_javascript_sits_at_the_areas_chart_point(
    plan, practitioner_user, practitioner_client
):
    item = glabella_item(plan, practitioner_user)
    response = practitioner_client.post(
        add_url(item), form_data(item, depth="intramuscular", gauge="30", instrument="needle")
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#points-{item.pk}")
    point = item.points.get()
    area = item.area
    assert (point.view, point.x, point.y, point.dose, point.gauge) == ("front", area.chart_x, area.chart_y, 4, 30)
    assert "Point added to Glabellar lines: 4 U." in alerts(practitioner_client.get(detail(plan)))


def test_a_paired_areas_point_goes_to_the_side_chosen(plan, practitioner_user, practitioner_client):
    item = add_item(
        plan,
        practitioner_user,
        treatment="crows-feet",
        area="crows-feet",
        product="botox-cosmetic",
        dose="24",
        side="both",
    )
    area = item.area
    practitioner_client.post(add_url(item), form_data(item, position=f"{area.pk}-left"))
    assert item.points.get().x == 100 - area.chart_x


def test_bad_input_is_shown_next_to_each_field_and_what_was_typed_is_kept(plan, practitioner_user, practitioner_client):
    item = glabella_item(plan, practitioner_user)
    typed = form_data(item, dose="four", gauge="99", instrument="needle", note="between the brows")
    response = practitioner_client.post(add_url(item), typed)
    assert response.status_code == 200 and not item.points.exists()
    prefix = f"point-{item.pk}-"
    assert field_error(response, prefix + "dose") == "Enter the dose as a number, e.g. 4 or 0.1."
    assert field_error(response, prefix + "gauge") == (
        "Enter the gauge as a whole number from 1 to 50 (e.g. 30), or leave it empty."
    )
    assert field_value(response, prefix + "dose") == "four"
    assert field_value(response, prefix + "gauge") == "99"
    assert field_value(response, prefix + "note") == "between the brows"
    assert field_value(response, prefix + "instrument") == "needle"

    response = practitioner_client.post(add_url(item), form_data(item, dose="0", gauge="27"))
    assert field_error(response, prefix + "dose") == "Enter a dose above zero."
    assert field_error(response, prefix + "instrument") == "Say what the 27 G is: a needle or a cannula."


def test_bad_input_through_htmx_redraws_the_card_with_the_messages_and_the_typing(
    plan, practitioner_user, practitioner_client
):
    item = glabella_item(plan, practitioner_user)
    response = practitioner_client.post(add_url(item), form_data(item, dose="-2", note="lateral"), **HTMX)
    card = soup(response).find(id="injection-points")
    prefix = f"point-{item.pk}-"
    assert field_error(card, prefix + "dose") == "Enter a dose above zero."
    assert field_value(card, prefix + "note") == "lateral"
    assert card.find("details", open=True) is not None


def test_a_click_on_the_chart_adds_a_point_there_and_the_server_redraws_the_chart(
    plan, practitioner_user, practitioner_client
):
    item = glabella_item(plan, practitioner_user)
    data = form_data(item, position="chart", view="profile", x="81.3", y="30.2", dose="4")
    response = practitioner_client.post(add_url(item), data, **HTMX)
    assert response.status_code == 200
    point = item.points.get()
    assert (point.view, point.x, point.y) == ("profile", Decimal("81.30"), Decimal("30.20"))
    page = soup(response)
    assert "Point added to Glabellar lines: 4 U." in text(page.find(id="injection-points"))
    chart = page.find(id="face-chart")
    assert chart["hx-swap-oob"] == "true"
    [marker] = chart.select("svg[data-chart-view=profile] g.chart-injection circle")
    assert (marker["cx"], marker["cy"]) == ("227.6", "78.5")  # 81.3 % of 280, 30.2 % of 260
    plan.refresh_from_db()
    assert page.find(id="plan-version")["data-version"] == str(plan.version)


def test_a_click_without_a_position_or_off_the_diagram_is_refused_beside_where(
    plan, practitioner_user, practitioner_client
):
    item = glabella_item(plan, practitioner_user)
    prefix = f"point-{item.pk}-"
    response = practitioner_client.post(add_url(item), form_data(item, position="chart"))
    assert field_error(response, prefix + "position") == "Click on the chart where the point goes, or choose an area."
    off = form_data(item, position="chart", view="front", x="130", y="20")
    response = practitioner_client.post(add_url(item), off)
    assert field_error(response, prefix + "position") == POSITION_MESSAGE
    assert field_value(response, prefix + "position") == "chart"
    assert not item.points.exists()


def test_a_stale_page_is_told_so_and_adds_nothing(plan, practitioner_user, practitioner_client):
    item = glabella_item(plan, practitioner_user)
    data = form_data(item)
    add_point(item, practitioner_user, dose="4")  # a colleague's point, after the page was loaded
    response = practitioner_client.post(add_url(item), data)
    assert any("Someone else changed this plan" in a for a in alerts(response))
    assert item.points.count() == 1


def test_a_point_is_moved_by_typing_its_position_and_a_bad_value_is_kept_with_its_message(
    plan, practitioner_user, practitioner_client
):
    point = add_point(glabella_item(plan, practitioner_user), practitioner_user, dose="4")
    edit = point_url("point_edit", point)
    page = practitioner_client.get(edit)
    assert field_value(page, "x") == "50" and field_value(page, "dose") == "4"
    plan.refresh_from_db()
    data = {"version": plan.version, "view": "front", "x": "104", "y": "29", "dose": "3", "depth": "subdermal"}
    response = practitioner_client.post(edit, data)
    assert field_error(response, "x") == POSITION_MESSAGE
    assert field_value(response, "x") == "104" and field_value(response, "depth") == "subdermal"
    response = practitioner_client.post(edit, {**data, "x": "47.5"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.x, point.dose, point.depth) == (Decimal("47.50"), Decimal("3.00"), "subdermal")


def test_removing_a_point_redraws_the_card_with_htmx_or_redirects_without(plan, practitioner_user, practitioner_client):
    item = glabella_item(plan, practitioner_user)
    first, second = add_point(item, practitioner_user, dose="4"), add_point(item, practitioner_user, dose="4")
    plan.refresh_from_db()
    response = practitioner_client.post(point_url("point_remove", first), {"version": plan.version}, **HTMX)
    assert "Point removed: 4 U in Glabellar lines." in text(soup(response).find(id="injection-points"))
    plan.refresh_from_db()
    response = practitioner_client.post(point_url("point_remove", second), {"version": plan.version})
    assert response.status_code == 302 and not item.points.exists()


def test_the_front_desk_cannot_change_points_and_an_unknown_point_is_not_found(
    plan, practitioner_user, frontdesk_client, practitioner_client
):
    item = glabella_item(plan, practitioner_user)
    point = add_point(item, practitioner_user, dose="4")
    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    assert frontdesk_client.post(add_url(item), form_data(item)).status_code == 403
    assert frontdesk_client.post(point_url("point_remove", point), {"version": plan.version}).status_code == 403
    assert item.points.count() == 1
    wrong = reverse("planning:point_edit", kwargs={"code": plan.code, "item_id": item.pk, "point_id": point.pk + 1000})
    assert practitioner_client.get(wrong).status_code == 404


def test_a_proposed_plans_page_has_no_point_forms_and_its_add_page_says_why(
    plan, practitioner_user, practitioner_client
):
    item = glabella_item(plan, practitioner_user)
    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    page = main(practitioner_client.get(detail(plan)))
    assert section(page, "Injection points") is not None and not page.select("form[data-point-form]")
    response = practitioner_client.post(add_url(item), form_data(item))
    assert any("only draft plans can be changed" in a for a in alerts(response))
    assert not item.points.exists()


def test_changing_the_items_dose_in_place_redraws_what_its_points_add_up_to(
    plan, practitioner_user, practitioner_client
):
    item = _glabella_with_points(plan, practitioner_user)  # 18 U in points
    plan.refresh_from_db()
    edit = reverse("planning:item_edit", kwargs={"code": plan.code, "item_id": item.pk})
    data = {"version": plan.version, "product": item.product_id, "dose": "18", "side": "midline", "session_number": 1}
    page = soup(practitioner_client.post(edit, data, **HTMX))
    total = page.find(id=f"points-total-{item.pk}")
    assert total["hx-swap-oob"] == "true"
    assert text(total) == "5 points: 18 U of the item's 18 U"
    assert page.find(id="injection-points") is None  # the card's forms are left as they are
