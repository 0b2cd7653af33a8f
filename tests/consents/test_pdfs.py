"""The PDFs: a signed consent or acceptance, and the plan's patient copy, are real PDFs with the patient's name; the
PDF tool fetches nothing from the network."""

import pypdfium2
import pytest
from django.test import RequestFactory
from django.urls import reverse

from clinic.pdf import PDF_BASE_URL, PDFFetchRefused, _fetcher_class, html_to_pdf
from tests.fixtures.browser import SCREENSHOTS
from tests.fixtures.planning import sign_for_treatment
from tests.html import main, text

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def pdf_images(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return sum(
            1 for page in document for obj in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=5)
        )
    finally:
        document.close()


def save_pages(pdf: bytes, name: str) -> None:
    """Each page as a PNG in tests/screenshots/ (git-ignored), for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            page.render(scale=1.5).to_pil().save(SCREENSHOTS / f"{name}-page-{number}.png")
    finally:
        document.close()


@pytest.fixture
def signed(proposed_plan, practitioner_user):
    return sign_for_treatment(proposed_plan, practitioner_user)


def test_a_signed_consent_is_a_pdf_with_the_patient_the_text_and_the_signature(signed, frontdesk_client):
    _, (consent,) = signed
    response = frontdesk_client.get(reverse("consents:signed_pdf", args=[consent.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="consent-filler.pdf"'  # no name in the file name
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    words = pdf_text(pdf)
    assert "Zoë Martin" in words
    assert "Your consent to dermal filler treatment" in words
    assert "hyaluronidase" in words
    assert consent.shown_hash in words.replace(" ", "")
    assert pdf_images(pdf) >= 1  # the drawn signature
    save_pages(pdf, "consent-pdf-filler")


def test_a_plan_acceptance_has_its_pdf_too(signed, practitioner_client):
    acceptance, _ = signed
    pdf = practitioner_client.get(reverse("consents:signed_pdf", args=[acceptance.code])).content
    assert pdf.startswith(b"%PDF-")
    assert "Plan A accepted" in pdf_text(pdf)


def test_the_signed_consent_page_shows_what_the_pdf_shows(signed, practitioner_client):
    _, (consent,) = signed
    page = main(practitioner_client.get(reverse("consents:signed_detail", args=[consent.code])))
    assert text(page.h1) == "Your consent to dermal filler treatment"
    assert "Zoë Martin" in text(page) and consent.shown_hash in text(page)
    assert page.select_one("img.signature-image")["src"].startswith("data:image/png;base64,")
    assert page.find("a", string="Download the PDF")["href"] == reverse("consents:signed_pdf", args=[consent.code])


def test_the_plans_pdf_is_the_patients_copy(proposed_plan, practitioner_client, practitioner_user):
    from planning.services import plan_update_details

    proposed_plan.refresh_from_db()
    plan_update_details(
        plan=proposed_plan,
        by=practitioner_user,
        expected_version=proposed_plan.version,
        title=proposed_plan.title,
        planned_for=proposed_plan.planned_for,
        session_gap_days=14,
        notes="Clinical note SECRET",
    )
    response = practitioner_client.get(reverse("planning:plan_pdf", args=[proposed_plan.code]) + "?copy=practitioner")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    words = pdf_text(pdf)
    assert "Plan A for Zoë Martin" in words
    assert "Juvéderm Voluma XC" in words and "Total" in words
    assert "SECRET" not in words
    save_pages(pdf, "plan-pdf")
    assert "Print" not in words.split("Printed")[0]  # the screen's buttons and navigation are not on paper


def test_the_plans_pdf_has_the_photos_chosen_for_print_fetched_through_their_view(
    proposed_plan, photo, practitioner_client, practitioner_user
):
    from photos.models import PhotoAccess

    plain = practitioner_client.get(reverse("planning:plan_pdf", args=[proposed_plan.code])).content
    photo.include_in_print = True
    photo.save(update_fields=["include_in_print"])
    with_photo = practitioner_client.get(reverse("planning:plan_pdf", args=[proposed_plan.code])).content
    assert pdf_images(with_photo) == pdf_images(plain) + 1
    # Fetched as the practitioner, through photos' own permission check, which logs the serve.
    assert PhotoAccess.objects.filter(photo=photo, user=practitioner_user).exists()


def test_the_front_desk_gets_no_pdf_of_a_draft(plan, frontdesk_client):
    assert frontdesk_client.get(reverse("planning:plan_pdf", args=[plan.code])).status_code == 404


def test_the_pdf_tool_fetches_static_files_and_refuses_the_network(rf: RequestFactory, practitioner_user):
    request = rf.get("/")
    request.user = practitioner_user
    fetcher = _fetcher_class()(request=request)
    css = fetcher.fetch(PDF_BASE_URL + "static/css/pdf.css")
    assert b"@page" in css.read()
    for url in ("https://example.com/logo.png", "http://169.254.169.254/latest", "file:///etc/passwd"):
        with pytest.raises(PDFFetchRefused):
            fetcher.fetch(url)
    # A page that asks for an outside image still renders, without it.
    pdf = html_to_pdf('<h1>Zoë</h1><img src="https://example.com/x.png">', request=request)
    assert pdf.startswith(b"%PDF-") and "Zoë" in pdf_text(pdf)


def test_making_a_pdf_leaves_the_image_checks_strict(rf, practitioner_user):
    from PIL import ImageFile

    request = rf.get("/")
    request.user = practitioner_user
    html_to_pdf("<p>x</p>", request=request)
    # WeasyPrint turns this on when imported; a truncated photo or signature must still be refused.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
