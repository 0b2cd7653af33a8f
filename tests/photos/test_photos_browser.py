"""In a real browser: upload two photos through the file input, then compare them and move the overlay slider
with the keyboard only."""

import io

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from photos.models import Photo, PhotoAccess
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot

pytestmark = pytest.mark.browser


def face_like_jpeg(tint: tuple[int, int, int], chin_drop: int) -> bytes:
    """A portrait-shaped test picture with an oval 'face', so screenshots show something photo-like."""
    image = Image.new("RGB", (900, 1200), (236, 232, 226))
    draw = ImageDraw.Draw(image)
    draw.ellipse((210, 170, 690, 900 + chin_drop), fill=tint, outline=(120, 90, 80), width=6)
    draw.ellipse((320, 430, 400, 480), fill=(70, 60, 60))
    draw.ellipse((500, 430, 580, 480), fill=(70, 60, 60))
    draw.arc((360, 640 + chin_drop // 2, 540, 740 + chin_drop // 2), 20, 160, fill=(150, 70, 70), width=10)
    draw.rectangle((380, 900 + chin_drop, 520, 1200), fill=tint)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_front_desk_uploads_two_photos_and_compares_them_with_the_keyboard(page, users, patient):
    login(page, "frontdesk")
    page.goto(reverse("photos:upload", args=[patient.code]))
    assert page.locator("h1").inner_text() == "Upload photos"
    assert_accessible(page, "upload page")
    page.get_by_label("Photos").set_input_files(
        [
            {"name": "before.jpg", "mimeType": "image/jpeg", "buffer": face_like_jpeg((224, 180, 160), 0)},
            {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": face_like_jpeg((230, 188, 168), 60)},
        ]
    )
    # The drop zone's script lists the chosen files.
    assert page.locator("[data-file-list] li").count() == 2
    page.get_by_label("View").select_option("front")
    page.get_by_label("Stage").select_option("before")
    page.get_by_label("Date taken").fill("2026-01-10")  # yyyy-mm-dd is still read, beside the clinic's dd/mm/yyyy
    screenshot(page, "photos-upload-chosen")
    page.get_by_role("button", name="Upload photos").click()
    page.wait_for_url("**/photos/patient/**")
    assert page.get_by_text("2 photos saved.").is_visible()
    assert page.locator("img.photo-thumb").count() == 2
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert_accessible(page, "gallery")
    screenshot(page, "photos-gallery")

    # The same gallery on the patient's own page (the clinic app includes the patient_gallery tag).
    page.goto(reverse("patients:patient_detail", args=[patient.code]))
    assert page.locator("#photos img.photo-thumb").count() == 2
    box = page.locator("#photos img.photo-thumb").first.bounding_box()
    assert box["width"] < 200  # styled as a thumbnail even though that page does not load photos.css itself
    screenshot(page, "photos-on-patient-page")

    # Make the second one the "after" photo, a few weeks later, through its own page.
    later = Photo.objects.order_by("created_at").last()
    page.goto(reverse("photos:detail", args=[later.code]))
    page.get_by_label("Stage").select_option("after")
    assert page.get_by_label("Date taken").input_value() == "10/01/2026"  # shown the clinic's way
    page.get_by_label("Date taken").fill("24/02/2026")
    page.get_by_role("button", name="Save changes").click()
    assert page.get_by_text("Photo details saved.").is_visible()
    assert_accessible(page, "photo page")
    screenshot(page, "photos-detail")

    page.goto(reverse("photos:compare", args=[patient.code]))
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    overlay = page.locator("[data-overlay]")
    slider = page.get_by_label("Later photo shown")
    assert slider.get_attribute("type") == "range"
    assert overlay.get_attribute("data-amount") == "50"
    screenshot(page, "photos-compare-50")

    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert overlay.get_attribute("data-amount") == "55"
    page.keyboard.press("End")
    assert overlay.get_attribute("data-amount") == "100"
    assert page.locator("#overlay-amount-value").inner_text() == "100%"
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("PageUp")
    amount = int(overlay.get_attribute("data-amount"))
    assert 0 < amount < 100
    clip = page.locator("[data-overlay-top]").evaluate("el => getComputedStyle(el).clipPath")
    assert "inset" in clip

    # Fade mode, chosen by keyboard too: the top photo's opacity follows the slider.
    page.get_by_label("Fade").focus()
    page.keyboard.press("Space")
    slider.focus()
    page.keyboard.press("End")
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    opacity = page.locator("[data-overlay-top]").evaluate("el => getComputedStyle(el).opacity")
    assert opacity == "0.7"
    assert_accessible(page, "compare page")
    assert_no_csp_errors(page)
    screenshot(page, "photos-compare-fade")

    # Every image the browser showed was served through the logged, permission-checked view.
    assert PhotoAccess.objects.filter(user__username="frontdesk", variant="thumb").exists()
    assert PhotoAccess.objects.filter(user__username="frontdesk", variant="image").count() >= 4
    assert not page.console_errors, page.console_errors
