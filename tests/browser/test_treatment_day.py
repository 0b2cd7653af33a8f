"""The treatment day in a real browser, as the front desk and the practitioner do it: the patient signs the plan and
the toxin consent on the tablet view; the practitioner accepts the plan, opens a vial, records the session from the
plan's points with the vial, notes a bruise, signs the record and amends it; the vial went down by what was used.

Screenshots land in tests/screenshots/day-*.png; people look at them.
"""

import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from planning.models import PerformedPoint, PlanStatus
from records.models import SessionAmendment
from stock import services as stock_services
from stock.models import Vial
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot
from tests.consents.test_consents_browser import TABLET, draw_signature
from tests.factories import PASSWORD
from tests.fixtures.mfa import fill_otp
from tests.fixtures.planning import add_item, add_point, move_to
from tests.fixtures.stock import in_days

pytestmark = pytest.mark.browser


@pytest.fixture
def toxin_plan(plan, practitioner_user, catalogadmin_user):
    """Frown lines with BOTOX Cosmetic, 20 U in the label's five points of 4 U (§2a), proposed; a lot in stock."""
    item = add_item(
        plan, practitioner_user, treatment="frown-lines", area="glabella", product="botox-cosmetic", dose="20"
    )
    for x, y in ((50, 30), (44, 29), (56, 29), (40, 26), (60, 26)):
        add_point(item, practitioner_user, dose="4", x=str(x), y=str(y), depth="intramuscular")
    stock_services.receive_lot(
        product=item.product, lot_number="C7001", expiry=in_days(300), packages=2, by=catalogadmin_user
    )
    return move_to(plan, practitioner_user, PlanStatus.PROPOSED)


def test_the_whole_treatment_day(page, toxin_plan):
    plan = toxin_plan
    # 1. The front desk hands the tablet over: the patient accepts the plan and consents to toxin treatment.
    page.set_viewport_size(TABLET)
    login(page, "frontdesk")
    page.goto(f"/plans/{plan.code}/patient/")
    page.get_by_role("link", name=re.compile("^Read and sign\\s*:\\s*I accept this treatment plan")).click()
    page.get_by_label("Your full name").fill("Zoë Martin")
    draw_signature(page)
    page.get_by_role("button", name="I accept: sign").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("you have signed the plan")
    page.get_by_role("link", name=re.compile("^Read and sign\\s*:\\s*Your consent to botulinum toxin")).click()
    page.get_by_label("Your full name").fill("Zoë Martin")
    draw_signature(page)
    page.get_by_role("button", name="I consent: sign").click()
    expect(page.locator(".sign-all-done")).to_contain_text("everything your treatment needs is signed")
    screenshot(page, "day-1-signed-on-the-tablet")
    page.context.clear_cookies()

    # 2. The practitioner accepts the plan, now that it is signed.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "practitioner")
    page.goto(f"/plans/{plan.code}/")
    page.get_by_label("New status").select_option("accepted")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("is now accepted")

    # 3. ... opens a vial of the lot: 100 U in the label's 2.5 mL, 4 U per 0.1 mL.
    page.goto("/stock/")
    page.get_by_role("link", name="C7001").first.click()
    page.get_by_role("link", name="Open a vial").click()
    page.get_by_role("button", name="Open the vial").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("4 U per 0.1 mL")
    screenshot(page, "day-2-vial-opened")
    vial = Vial.objects.get()

    # 4. ... records the session from the plan's points, taking the dose from the vial. A first try with a point
    # dose of nothing is refused at that point, keeping everything else.
    page.goto(f"/plans/{plan.code}/")
    page.get_by_role("link", name="Record a session").click()
    item = plan.items.get()
    page.get_by_label("Taken from").select_option(f"vial:{vial.code}")
    points = list(item.points.all())
    dose_at = page.get_by_label(f"Dose at point 2 of {item.area.name} (U)")
    expect(dose_at).to_have_value("4")
    dose_at.fill("0")
    page.get_by_role("button", name="Record session").click()
    expect(page.locator(f"#pdose_{points[1].pk}-error")).to_contain_text("above zero")
    expect(page.get_by_label("Taken from")).to_have_value(f"vial:{vial.code}")
    screenshot(page, "day-3-session-form-refused")
    page.get_by_label(f"Dose at point 2 of {item.area.name} (U)").fill("4")
    screenshot(page, "day-4-session-form")
    page.get_by_role("button", name="Record session").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Session 1 recorded")

    # 5. ... opens the record, notes a bruise, and signs it with her password.
    page.get_by_role("link", name="Open record to sign of session 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Session 1 record")
    expect(page.locator("ol.performed-point-list li")).to_have_count(5)
    expect(page.locator("ol.performed-point-list li").first).to_contain_text("(0.1 mL)")
    page.get_by_label("What happened").select_option("bruising")
    page.get_by_label("Severity").select_option("mild")
    page.get_by_label("What was done").fill("Pressure and a cold pack for 5 minutes.")
    page.get_by_role("button", name="Note the event").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Adverse event noted")
    page.get_by_label("Your password").fill("wrong password")
    page.get_by_role("button", name="Sign the record").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("That is not your password")
    page.get_by_label("Your password").fill(PASSWORD)
    fill_otp(page, "practitioner")  # and the code from the app (two-factor, tests/fixtures/mfa.py)
    page.get_by_role("button", name="Sign the record").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Record signed")
    expect(page.locator(".badge", has_text="Signed")).to_be_visible()
    screenshot(page, "day-5-signed-record")

    # 6. ... and corrects it with an amendment: the signed original stays as it was.
    page.get_by_label(re.compile(r"^\s*Correction")).fill(
        "The bruise was at the left corrugator point, not the procerus."
    )
    page.get_by_label(re.compile(r"^\s*Reason")).fill("Wrong point named when noting it.")
    page.get_by_role("button", name="Add the amendment").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Amendment added")
    expect(page.get_by_text("The record above is exactly what was signed.")).to_be_visible()
    screenshot(page, "day-6-signed-record-with-amendment")
    assert_accessible(page, "signed session record")
    assert_no_csp_errors(page)

    # Stock went down by what was used: five points of 4 U out of the vial's 100 U.
    vial.refresh_from_db()
    given = PerformedPoint.objects.filter(performed_item__session__plan=plan)
    assert sum(p.dose for p in given) == D("20") and vial.units_left == D("80")
    assert SessionAmendment.objects.get().reason == "Wrong point named when noting it."
