"""The catalog in a real browser: a practitioner browses it, the catalog admin edits it in the Django admin."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Product
from tests.browser.conftest import SCREENSHOTS, assert_accessible, assert_no_csp_errors, login, screenshot

pytestmark = pytest.mark.browser


def test_a_practitioner_browses_the_catalog_from_face_chart_to_treatment_and_template(page, users, seeded_catalog):
    login(page, "practitioner")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Catalog", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treatment catalog")
    chart = page.get_by_role("group", name="Front view of the face: select an area")
    expect(chart).to_be_visible()
    # 21 areas on the chart; the paired ones drawn on both sides.
    assert page.locator("svg circle.face-point").count() > page.locator("svg a.face-point-link").count() >= 18
    assert_accessible(page, "catalog index")
    assert_no_csp_errors(page)
    screenshot(page, "catalog-index")
    SCREENSHOTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(SCREENSHOTS / "catalog-face-chart.png"), scale="device")

    page.locator('svg a[aria-label="Glabellar lines"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glabellar lines")
    expect(page.get_by_text("High-risk area for filler")).to_be_visible()
    assert_accessible(page, "area page")
    screenshot(page, "catalog-area-glabella")

    page.get_by_role("link", name="Frown lines (glabellar lines)").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Frown lines (glabellar lines)")
    ranges = page.get_by_role("table").first
    assert ranges.get_by_role("row").filter(has_text="Dysport").filter(has_text="50 U").count() == 1
    assert ranges.get_by_role("row").filter(has_text="Daxxify").filter(has_text="40 U").count() == 1
    expect(page.get_by_title("Label content read through a secondary reproduction").first).to_be_visible()
    assert_accessible(page, "treatment page")
    assert_no_csp_errors(page)
    screenshot(page, "catalog-treatment-frown-lines")

    page.goto("/catalog/treatments/cheek-enhancement/")
    expect(page.get_by_text("1–3 mL", exact=True)).to_be_visible()
    screenshot(page, "catalog-treatment-cheek-enhancement")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Catalog").click()
    page.get_by_role("link", name="Combination templates", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Combination templates")
    screenshot(page, "catalog-templates")
    page.get_by_role("link", name="Cheek and Chin Augmentation with Botox Brow Lift").click()
    expect(page.get_by_role("heading", name="Session 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Session 2")).to_be_visible()
    assert_accessible(page, "template page")
    assert_no_csp_errors(page)
    screenshot(page, "catalog-template-detail")

    page.goto("/catalog/products/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Products and prices")
    assert_accessible(page, "products page")
    screenshot(page, "catalog-products")


def test_the_catalog_admin_edits_a_product_and_sees_its_history(page, users, seeded_catalog):
    login(page, "catalogadmin")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Catalog admin").click()
    expect(page.get_by_role("link", name="Treatments").first).to_be_visible()
    screenshot(page, "catalog-admin-index")

    page.goto("/admin/catalog/treatment/")
    expect(page.get_by_text("Glabellar lines: 50 U total (Dysport)")).to_be_visible()
    screenshot(page, "catalog-admin-treatments")
    page.get_by_role("link", name="Frown lines (glabellar lines)").click()
    expect(page.locator("#dose_ranges-group")).to_be_visible()
    screenshot(page, "catalog-admin-treatment-change")

    page.goto("/admin/catalog/product/")
    screenshot(page, "catalog-admin-products")
    page.get_by_role("link", name="Dysport").click()
    page.get_by_label("Price per unit").fill("4.50")
    page.get_by_label("Price is example").uncheck()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    product = Product.objects.get(slug="dysport")
    assert str(product.price_per_unit) == "4.50"

    page.goto(f"/admin/catalog/product/{product.pk}/history/")
    expect(page.get_by_role("cell", name="catalogadmin").first).to_be_visible()
    screenshot(page, "catalog-admin-product-history")


@pytest.mark.parametrize("username", ["frontdesk", "practitioner"])
def test_front_desk_and_practitioners_are_kept_out_of_the_admin(page, users, username):
    login(page, username)
    page.goto("/admin/catalog/product/")
    expect(page).to_have_url(re.compile("/admin/login/"))
    assert page.get_by_role("link", name="Treatments").count() == 0
