"""The issue's "Done when", in a real browser: a practitioner plans from a consultation as a new user would.

Screenshots land in tests/screenshots/plan-*.png; people look at them.
"""

import re

import pytest
from playwright.sync_api import expect

from planning.models import PlanStatus, TreatmentPlan
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot

pytestmark = pytest.mark.browser

TEMPLATE = "Cheek and Chin Augmentation with Botox Brow Lift"


@pytest.fixture
def lidocaine_consultation(seeded_catalog, consultation):
    """Concerns recessed chin and sunken cheeks (the clinic fixture), plus a recorded lidocaine allergy."""
    consultation.allergy_lidocaine = True
    consultation.save(update_fields=["allergy_lidocaine"])
    return consultation


def test_practitioner_plans_from_a_consultation_and_prints_it(page, lidocaine_consultation):
    login(page, "practitioner")

    # 1. The consultation, with its concerns; the plans section offers a new plan.
    page.goto(f"/consultations/{lidocaine_consultation.code}/")
    expect(page.get_by_role("heading", name="Treatment plans")).to_be_visible()
    page.get_by_role("link", name="New plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New treatment plan")
    expect(page.get_by_label("Title")).to_have_value("Plan A")
    assert_accessible(page, "new plan")
    screenshot(page, "plan-1-create")
    page.get_by_role("button", name="Create plan").click()

    # 2. The empty plan with suggestions that follow the concerns.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan A")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text(TEMPLATE)
    expect(suggestions).to_contain_text("addresses:")
    expect(suggestions).to_contain_text("recessed chin")
    # The screening's lidocaine allergy keeps the template out of the suggestions, and says why.
    expect(suggestions.locator("li", has_text=TEMPLATE)).to_contain_text("Not suggested")
    screenshot(page, "plan-2-suggestions")
    assert_accessible(page, "empty plan")

    # 3. The practitioner applies the combination template anyway (the checks will say why it needs care).
    # First a preview: the items it would add and the findings they would have; nothing is saved yet.
    page.get_by_label("Template", exact=True).select_option(label=TEMPLATE)
    page.locator("#templates").get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Before adding")
    expect(page.locator(".finding-stop").first).to_contain_text(re.compile("lidocaine", re.I))
    screenshot(page, "plan-3a-template-preview")
    assert_accessible(page, "template preview")
    page.get_by_role("button", name="Add these items").click()
    expect(page.locator(".alert-success")).to_contain_text("Added 3 items")
    chin_row = page.locator("tbody.plan-item", has=page.get_by_text("Chin augmentation", exact=True))
    expect(chin_row).to_contain_text("1.9")
    expect(chin_row).to_contain_text("mL")
    # Front: brow and cheeks on both sides, the chin; profile: brow, cheeks, chin.
    expect(page.locator("#face-chart circle.is-planned")).to_have_count(8)
    screenshot(page, "plan-3-template-applied")
    assert_accessible(page, "plan with template")

    # 4. Edit the chin dose in place (htmx) above the typical range.
    chin_row.get_by_role("link", name=re.compile("^Edit")).click()
    edit_form = page.get_by_role("form", name=re.compile("Edit Chin augmentation"))
    expect(edit_form).to_be_visible()
    screenshot(page, "plan-4-editing")
    edit_form.get_by_label("Dose (mL)").fill("5")
    edit_form.get_by_role("button", name="Save").click()
    chin_row = page.locator("tbody.plan-item", has=page.get_by_text("Chin augmentation", exact=True))
    expect(chin_row.get_by_test_id("dose")).to_have_text("5")
    summary = page.locator("#findings-summary")
    expect(summary).to_contain_text(re.compile("above", re.I))
    expect(summary).to_contain_text(re.compile("lidocaine", re.I))
    expect(chin_row).to_contain_text(re.compile("above", re.I))
    expect(page.locator("#face-chart")).to_contain_text("5 mL")
    screenshot(page, "plan-5-findings")
    assert_accessible(page, "plan with findings")

    # 5. Propose: a stop finding (lidocaine allergy) needs a written override reason.
    status = page.locator("form[action$='/status/']")
    status.get_by_label("New status").select_option(label="Proposed")
    status.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change the plan's status")
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    screenshot(page, "plan-6-override-required")
    page.get_by_label("New status").select_option(label="Proposed")
    page.get_by_label("Override reason").fill("Patient tolerated lidocaine-free Voluma before; switching on the day.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed")
    expect(page.get_by_text("Proposed despite a stop finding")).to_be_visible()
    plan = TreatmentPlan.objects.get(consultation=lidocaine_consultation)
    assert plan.status == PlanStatus.PROPOSED
    assert "lidocaine-free" in plan.override_reason
    screenshot(page, "plan-7-proposed")

    # 6. The print view for the patient: plan, prices, chart; no findings, notes or override reason.
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan A for")
    expect(page.get_by_role("button", name="Print")).to_have_attribute("data-print", "")
    body = page.locator("article.print-sheet")
    expect(body).to_contain_text("Juvéderm Voluma XC")
    expect(body).to_contain_text("Total")
    expect(body).not_to_contain_text("lidocaine-free")
    expect(body).not_to_contain_text(re.compile("Stop|Caution"))
    screenshot(page, "plan-8-print")
    assert_accessible(page, "print view")
    page.emulate_media(media="print")
    screenshot(page, "plan-9-print-media")

    assert_no_csp_errors(page)


def wait_for_htmx(page):
    """Until htmx has no request in flight and has settled its last swap."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def test_clicking_an_area_on_the_face_chart_starts_an_item_and_the_selects_cascade(page, plan):
    login(page, "practitioner")
    page.goto(f"/plans/{plan.code}/")
    # The chart's areas are links with a name, so keyboards and screen readers reach them too.
    page.get_by_role("link", name="Add an item for Chin", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an item: Chin")
    form = page.locator("#item-form")
    expect(form.get_by_label("Area")).to_have_value(str(plan_area_id("chin")))

    # htmx narrows the next select as each choice is made, and prefills the dose from the typical range.
    # Each choice waits for htmx's swap of the form: picking the product before the treatment's swap lands
    # would have that swap discard the pick.
    with page.expect_response(lambda r: "/items/add/" in r.url):
        form.get_by_label("Treatment").select_option(label="Chin augmentation")
    wait_for_htmx(page)
    expect(form.get_by_label("Product")).to_contain_text("Juvéderm Voluma XC")
    with page.expect_response(lambda r: "/items/add/" in r.url):
        form.get_by_label("Product").select_option(label="Juvéderm Voluma XC")
    wait_for_htmx(page)
    expect(form.get_by_label("Dose (mL)")).to_have_value("1.9")
    expect(form).to_contain_text("Typical 1–3 mL in total")
    screenshot(page, "plan-10-add-item")
    assert_accessible(page, "add item")
    form.get_by_label("Dose (mL)").fill("3.6")
    page.get_by_role("button", name="Add to plan").click()

    expect(page.locator(".alert-success")).to_contain_text("Added Chin augmentation")
    expect(page.locator("tbody.plan-item").get_by_test_id("dose")).to_have_text("3.6")
    expect(page.locator("#face-chart")).to_contain_text("Chin · 3.6 mL")
    assert_no_csp_errors(page)


def test_the_front_desk_sees_a_proposed_plan_with_prices_and_nothing_clinical(page, proposed_plan):
    login(page, "frontdesk")
    page.goto(f"/plans/{proposed_plan.code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan A")
    expect(page.get_by_test_id("plan-total")).to_contain_text("£")
    expect(page.locator("#findings-summary")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Remove"))).to_have_count(0)
    screenshot(page, "plan-11-front-desk")
    assert_accessible(page, "front desk plan")
    assert_no_csp_errors(page)


def plan_area_id(slug: str) -> int:
    from catalog.models import FacialArea

    return FacialArea.objects.get(slug=slug).pk
