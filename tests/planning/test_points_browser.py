"""Injection points in a real browser: a practitioner chooses an item's "Place on the chart", clicks on the face
chart, and sees the point drawn with its dose (htmx redraws the chart); the keyboard form adds one by area.

Screenshots land in tests/screenshots/points-*.png; people look at them.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from planning.models import InjectionPoint
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot
from tests.fixtures.planning import add_item

from .test_planning_browser import wait_for_htmx

pytestmark = pytest.mark.browser

# The screen position of a point given in percent of a diagram's drawing box, read from the SVG as the browser
# draws it (the inverse of what planning/points.js does with a click).
SCREEN_POSITION = """([view, x, y]) => {
  const svg = document.querySelector(`svg[data-chart-view=${view}]`);
  const point = svg.createSVGPoint();
  point.x = x * svg.dataset.chartWidth / 100;
  point.y = y * svg.dataset.chartHeight / 100;
  const screen = point.matrixTransform(svg.getScreenCTM());
  return {x: screen.x, y: screen.y};
}"""


@pytest.fixture
def glabella(plan, practitioner_user):
    return add_item(
        plan, practitioner_user, treatment="frown-lines", area="glabella", product="botox-cosmetic", dose="20",
        side="midline",
    )  # fmt: skip


def click_on_chart(page, view: str, x: float, y: float):
    page.locator(f"svg[data-chart-view={view}]").scroll_into_view_if_needed()
    # Bootstrap scrolls smoothly: read the position once it has stopped moving.
    at, before = page.evaluate(SCREEN_POSITION, [view, x, y]), None
    while at != before:
        page.wait_for_timeout(100)
        at, before = page.evaluate(SCREEN_POSITION, [view, x, y]), at
    with page.expect_response(lambda r: "/points/add/" in r.url):
        page.mouse.click(at["x"], at["y"])
    wait_for_htmx(page)


def test_a_practitioner_clicks_on_the_chart_to_place_points_and_sees_them_with_their_doses(page, plan, glabella):
    login(page, "practitioner")
    page.goto(f"/plans/{plan.code}/")
    card = page.locator("#injection-points")
    expect(card).to_contain_text("No points yet.")
    card.get_by_text("Add a point", exact=False).first.click()
    form = page.get_by_role("form", name="Add a point to Glabellar lines")
    form.get_by_label("Dose (U)").fill("4")
    form.get_by_label("Depth").select_option(label="Intramuscular")
    form.get_by_role("button", name="Place on the chart").click()
    expect(page.locator("#face-chart")).to_have_class(re.compile("is-placing"))
    expect(page.locator("[data-chart-placing]")).to_contain_text("Placing points of Glabellar lines")

    click_on_chart(page, "front", 45, 28)
    markers = page.locator("#face-chart svg[data-chart-view=front] g.chart-injection")
    expect(markers).to_have_count(1)
    expect(markers.locator("text")).to_have_text("4 U")
    expect(card).to_contain_text("Point added to Glabellar lines: 4 U.")
    point = InjectionPoint.objects.get()
    assert abs(point.x - Decimal(45)) < 1 and abs(point.y - Decimal(28)) < 1
    assert (point.view, point.depth) == ("front", "intramuscular")

    # Still placing the same item, with the same dose and depth: a second click adds the next point.
    expect(page.get_by_role("button", name="Stop placing")).to_be_visible()
    click_on_chart(page, "front", 55, 28)
    expect(markers).to_have_count(2)
    expect(card).to_contain_text("2 points: 8 U of the item's 20 U (they differ)")
    expect(page.locator(f"#item-findings-{glabella.pk}")).to_contain_text(
        "The points add up to 8 U; the item says 20 U."
    )
    expect(page.locator("#face-chart")).to_contain_text("Glabellar lines · 20 U")  # the area label stays
    screenshot(page, "points-1-placed-by-click")
    assert_accessible(page, "plan with points")

    page.keyboard.press("Escape")
    expect(page.locator("#face-chart")).not_to_have_class(re.compile("is-placing"))

    # On paper: the practitioner's copy has the points in a table; the patient's copy has the areas only.
    page.get_by_role("link", name="Practitioner's copy").click()
    expect(page.locator("article.print-sheet .chart-injection")).to_have_count(2)
    expect(page.get_by_role("region", name="Injection points of Glabellar lines")).to_contain_text("Intramuscular")
    screenshot(page, "points-3-practitioners-copy")
    page.get_by_role("link", name="The patient's copy").click()
    expect(page.locator("article.print-sheet")).to_contain_text("Your treatment plan")
    expect(page.locator("article.print-sheet .chart-injection")).to_have_count(0)
    expect(page.locator("article.print-sheet #face-chart circle.is-planned")).to_have_count(2)
    assert_no_csp_errors(page)


def test_the_keyboard_form_adds_a_point_at_the_chosen_areas_point(page, plan, glabella):
    login(page, "practitioner")
    page.goto(f"/plans/{plan.code}/")
    card = page.locator("#injection-points")
    card.locator("summary").first.focus()
    page.keyboard.press("Enter")
    form = page.get_by_role("form", name="Add a point to Glabellar lines")
    expect(form.get_by_label("Where")).to_have_value(str(glabella.area_id))
    form.get_by_label("Dose (U)").fill("4")
    form.get_by_label("Needle or cannula").select_option(label="Needle")
    form.get_by_label("Gauge (G)").fill("30")
    with page.expect_response(lambda r: "/points/add/" in r.url):
        form.get_by_role("button", name="Add point").click()
    wait_for_htmx(page)
    expect(page.locator("#face-chart g.chart-injection")).to_have_count(1)
    expect(card.get_by_role("region", name="Injection points of Glabellar lines")).to_contain_text("Needle 30 G")
    screenshot(page, "points-2-added-by-keyboard")
    assert_no_csp_errors(page)
