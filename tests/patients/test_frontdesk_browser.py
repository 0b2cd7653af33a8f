"""A front-desk user signs in, registers a patient and books a consultation with the keyboard alone.

No mouse: focus moves with Tab, fields are typed into, boxes ticked with Space, buttons and links pressed with
Enter. Every page passes the axe accessibility check and shows no Content-Security-Policy error.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import Consultation, Patient
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, screenshot

pytestmark = pytest.mark.browser

FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el) return "";
  if (el.labels && el.labels.length) return el.labels[0].innerText.trim();
  return (el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""


def focused_name(page) -> str:
    return page.evaluate(FOCUSED_NAME)


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's label or text starts with `name`."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused_name(page)
        seen.append(current)
        if current.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}; focus went through {seen}")


def type_into(page, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.type(text)


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def check_page(page, name: str) -> None:
    screenshot(page, name)
    assert_accessible(page, name)
    assert_no_csp_errors(page)


def test_front_desk_registers_a_patient_and_books_a_consultation_with_the_keyboard_only(
    page, frontdesk_user, practitioner_user, concerns
):
    # Sign in.
    page.goto("/accounts/login/")
    type_into(page, "Username", "frontdesk")
    type_into(page, "Password", "test-password-123")
    press_enter_and_wait(page)
    assert page.url.endswith("/dashboard/")
    check_page(page, "frontdesk-1-dashboard")

    # Dashboard -> Register patient.
    tab_to(page, "Register patient")
    press_enter_and_wait(page)
    assert page.url.endswith("/patients/new/")
    check_page(page, "frontdesk-2-register-empty")

    # A first submit with a malformed email: the message appears next to the field and nothing is lost.
    type_into(page, "First name", "Zoë")
    type_into(page, "Last name", "Martin")
    type_into(page, "Date of birth", "12/04/1988")
    tab_to(page, "Sex")
    page.keyboard.type("Female")  # typing selects the matching option of a focused <select>
    type_into(page, "Phone", "07700 900123")
    type_into(page, "Email", "zoe.martin@")
    tab_to(page, "Consents to processing of treatment data")
    page.keyboard.press("Space")
    tab_to(page, "Consents to photos for the clinical record")
    page.keyboard.press("Space")
    tab_to(page, "Register patient")
    press_enter_and_wait(page)
    assert page.locator("#id_email").evaluate("el => el.classList.contains('is-invalid')")
    assert page.get_by_text("Enter a valid email address").is_visible()
    assert page.locator("#id_given_name").input_value() == "Zoë"
    assert page.locator("#id_consent_photos_clinical").is_checked()
    check_page(page, "frontdesk-3-register-error")
    assert not Patient.objects.exists()

    # Fix the email (select all, retype) and submit with Enter from the field.
    tab_to(page, "Email")
    page.keyboard.press("Control+A")
    page.keyboard.type("zoe.martin@example.com")
    press_enter_and_wait(page)
    patient = Patient.objects.get()
    assert page.url.endswith(f"/patients/{patient.code}/")
    assert patient.created_by == frontdesk_user
    assert patient.consent_treatment_data and patient.consent_photos_clinical and not patient.consent_photos_marketing
    check_page(page, "frontdesk-4-patient")

    # Patient page -> Book consultation.
    tab_to(page, "Book consultation")
    press_enter_and_wait(page)
    assert page.url.endswith(f"/patients/{patient.code}/consultations/new/")
    check_page(page, "frontdesk-5-book-empty")

    day = timezone.localdate() + timedelta(days=1)
    tab_to(page, "Date")
    # The clinic's own date field, the same in every browser: dd/mm/yyyy (the browser's locale plays no part).
    assert page.locator("#id_when_date").get_attribute("placeholder") == "dd/mm/yyyy"
    page.keyboard.press("Control+A")  # the form suggests the next free slot
    page.keyboard.type(day.strftime("%d/%m/%Y"))
    assert page.locator("#id_when_date").input_value() == day.strftime("%d/%m/%Y")
    tab_to(page, "Time")
    page.keyboard.press("Control+A")
    page.keyboard.type("10:30")  # the 24-hour clock
    assert page.locator("#id_when_time").input_value() == "10:30"
    tab_to(page, "Practitioner")
    page.keyboard.type("Priya")
    tab_to(page, "Recessed chin")
    page.keyboard.press("Space")
    tab_to(page, "Sunken cheeks")
    page.keyboard.press("Space")
    type_into(page, "Goals, in the patient's own words", "A stronger chin, nothing overdone.")
    tab_to(page, "Allergy to lidocaine")
    page.keyboard.press("Space")

    # Add a previous-treatment row with htmx, from the keyboard.
    tab_to(page, "Add another previous treatment")
    page.keyboard.press("Enter")
    page.locator("#id_previous-1-product_name").wait_for()
    assert page.locator("#id_previous-TOTAL_FORMS").input_value() == "2"
    assert page.evaluate("document.activeElement.id") == "id_previous-1-product"  # focus moved into the new row
    type_into(page, "or product name", "Azzalure")  # the first row stays empty and is skipped
    tab_to(page, "What it was")  # not in the catalog: say which toxin it was
    page.keyboard.type("abo")
    tab_to(page, "Dose")
    page.keyboard.type("50")
    tab_to(page, "Unit")
    page.keyboard.type("U")
    tab_to(page, "Date treated")
    page.keyboard.type((day - timedelta(days=120)).strftime("%d/%m/%Y"))
    screenshot(page, "frontdesk-6-book-filled")

    tab_to(page, "Book consultation")
    press_enter_and_wait(page)
    consultation = Consultation.objects.get()
    assert page.url.endswith(f"/consultations/{consultation.code}/")
    assert consultation.practitioner == practitioner_user
    assert consultation.recorded_by == frontdesk_user
    assert timezone.localtime(consultation.scheduled_at).strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 10:30"
    assert {c.slug for c in consultation.concerns.all()} == {"recessed-chin", "sunken-cheeks"}
    assert consultation.positive_screening_slugs() == {"lidocaine-allergy"}
    previous = consultation.previous_treatments.get()
    assert (previous.product_name, previous.dose, previous.dose_unit) == ("Azzalure", 50, "U")
    assert previous.substance == "abobotulinumtoxinA"
    assert page.get_by_text("Allergy to lidocaine or amide anaesthetics").is_visible()
    check_page(page, "frontdesk-7-consultation")

    # Back to the dashboard from the navigation bar; the new booking is listed for tomorrow.
    page.keyboard.press("Home")
    page.evaluate("document.activeElement.blur()")
    tab_to(page, "Dashboard")
    press_enter_and_wait(page)
    assert page.get_by_role("link", name="Zoë Martin").first.is_visible()
    check_page(page, "frontdesk-8-dashboard-booked")


def test_search_results_swap_in_as_you_type_without_a_reload_or_a_name_in_the_url(page, frontdesk_user, patient):
    page.goto("/accounts/login/")
    type_into(page, "Username", "frontdesk")
    type_into(page, "Password", "test-password-123")
    press_enter_and_wait(page)
    page.goto("/patients/")
    page.evaluate("window.__marker = 'same page'")  # survives only if the page is never reloaded
    page.keyboard.type("ZOE mart")  # the search box has autofocus
    page.get_by_role("link", name="Martin, Zoë").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    assert page.url.endswith("/patients/")
    assert "zoe" not in page.url.lower()
    check_page(page, "frontdesk-9-search-results")

    page.keyboard.press("Control+A")
    page.keyboard.type("31/02/1990")
    page.get_by_text("not a real date").wait_for()
    page.keyboard.press("Control+A")
    page.keyboard.type("12/04/1988")
    page.get_by_role("link", name="Martin, Zoë").wait_for()
    assert page.get_by_text("Searched by date of birth (12 Apr 1988)").is_visible()  # read back unambiguously
