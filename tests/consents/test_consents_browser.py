"""The patient signs on the tablet, in a real browser: the signature is drawn on the canvas with the mouse.

Screenshots land in tests/screenshots/consent-*.png; people look at them.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from consents.models import PlanAcceptance, SignedConsent
from consents.signatures import ink_pixels
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 1366}


def draw_signature(page):
    """A signature's strokes across the canvas, with the mouse (pointer events, as a finger or a pen sends them)."""
    canvas = page.locator("canvas[data-signature-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    for fx, fy in ((0.2, 0.25), (0.3, 0.75), (0.4, 0.3), (0.5, 0.7), (0.62, 0.35), (0.75, 0.6), (0.88, 0.4)):
        page.mouse.move(x + w * fx, y + h * fy, steps=6)
    page.mouse.up()


def test_the_patient_reads_the_plan_and_signs_it_and_the_consent_on_the_canvas(page, proposed_plan):
    page.set_viewport_size(TABLET)
    login(page, "frontdesk")
    page.goto(f"/plans/{proposed_plan.code}/patient/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your treatment plan, Zoë Martin")
    expect(page.locator("nav.navbar")).to_be_hidden()  # no way into other records from the tablet
    expect(page.locator("#face-chart circle.is-planned")).not_to_have_count(0)
    screenshot(page, "consent-1-patient-view")
    assert_accessible(page, "patient view")

    # 1. The plan: read it, type the name, draw the signature, sign.
    page.get_by_role("link", name=re.compile("^Read and sign\\s*:\\s*I accept this treatment plan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accepting your treatment plan")
    page.get_by_label("Your full name").fill("Zoë Martin")
    draw_signature(page)
    expect(page.locator("input[name=signature]")).to_have_value(re.compile(r"^data:image/png;base64,"))
    screenshot(page, "consent-2-signing-the-plan")
    assert_accessible(page, "signing page")
    page.get_by_role("button", name="I accept: sign").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("you have signed the plan")
    acceptance = PlanAcceptance.objects.get()
    assert acceptance.typed_name == "Zoë Martin" and not acceptance.signed_by_typing
    with Image.open(io.BytesIO(bytes(acceptance.signature))) as image:
        assert image.format == "PNG" and image.size == (900, 300)
        assert ink_pixels(image) > 500  # the strokes drawn above, not an empty box

    # 2. The filler consent: a cleared box is refused next to it, keeping the typed name; then signed.
    page.get_by_role("link", name=re.compile("^Read and sign\\s*:\\s*Your consent to dermal filler treatment")).click()
    expect(page.locator(".consent-text")).to_contain_text("hyaluronidase")
    page.get_by_label("Your full name").fill("Zoë Martin")
    draw_signature(page)
    page.get_by_role("button", name="Clear the signature").click()
    expect(page.locator("input[name=signature]")).to_have_value("")
    page.get_by_role("button", name="I consent: sign").click()
    expect(page.locator("#signature-error")).to_contain_text("The signature box is empty")
    expect(page.get_by_label("Your full name")).to_have_value("Zoë Martin")
    screenshot(page, "consent-3-empty-signature")
    draw_signature(page)
    page.get_by_role("button", name="I consent: sign").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("your consent is signed")
    consent = SignedConsent.objects.get()
    assert consent.kind == "filler" and consent.text.version == 1 and len(consent.shown_hash) == 64

    # 3. What is signed shows on the patient view; the photo consent is the patient's choice.
    rows = page.locator(".sign-row.is-done")
    expect(rows).to_have_count(2)
    expect(page.locator(".sign-all-done")).to_contain_text("everything your treatment needs is signed")
    screenshot(page, "consent-4-signed")

    # 4. The signed record, as staff see it from the patient's page (its PDF is one click away).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/consents/{consent.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent to dermal filler treatment")
    expect(page.get_by_role("img", name="Signature of Zoë Martin")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_have_attribute(
        "href", f"/consents/{consent.code}/pdf/"
    )
    screenshot(page, "consent-5-signed-record")
    assert_accessible(page, "signed record")
    assert_no_csp_errors(page)
