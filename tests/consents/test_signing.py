"""Signing on the patient view: the signature is checked (next to its field), what was shown is hashed and kept, and
a signed record never changes."""

import base64
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from consents import services, shown
from consents.models import ConsentText, PlanAcceptance, SignedConsent
from consents.signatures import (
    BLANK,
    MAX_SIGNATURE_BYTES,
    NOT_PNG,
    TOO_LARGE,
    WRONG_SIZE,
    data_url,
    read_data_url,
    validate_signature_png,
)
from tests.consents.conftest import blank_png, hidden_values, jpeg_bytes, post_sign, sign_url
from tests.fixtures.planning import sign_for_treatment, signature_png
from tests.html import alerts, field_error, field_value, soup

# --- the signature's checks, as pure functions -----------------------------------------------------------------


def _noise_png(width, height) -> bytes:
    import os

    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, format="PNG")
    return out.getvalue()


def test_a_drawn_signature_is_a_valid_png():
    validate_signature_png(signature_png())


@pytest.mark.parametrize(
    ("png", "message"),
    [
        (blank_png(), BLANK),  # a transparent canvas
        (blank_png(colour=(255, 255, 255, 255)), BLANK),  # a white one
        (jpeg_bytes(), NOT_PNG),
        (b"\x89PNG\r\n\x1a\n" + b"not really", NOT_PNG),
        (b"", BLANK),
        (blank_png(20, 10), WRONG_SIZE),
        (blank_png(5000, 200), TOO_LARGE),
    ],
    ids=["transparent", "white", "jpeg", "truncated", "empty", "tiny", "too-wide"],
)
def test_a_signature_that_is_no_signature_is_refused_saying_why(png, message):
    with pytest.raises(ValidationError) as exc:
        validate_signature_png(png)
    assert exc.value.messages == [message]


def test_a_signature_file_over_the_size_limit_is_refused():
    png = _noise_png(900, 300)
    assert len(png) > MAX_SIGNATURE_BYTES
    with pytest.raises(ValidationError) as exc:
        validate_signature_png(png)
    assert exc.value.messages == [TOO_LARGE]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("data:image/jpeg;base64,AAAA", NOT_PNG),
        ("data:image/png;base64,***", NOT_PNG),
        ("https://example.com/sig.png", NOT_PNG),
        ("data:image/png;base64," + "A" * (MAX_SIGNATURE_BYTES * 2), TOO_LARGE),
    ],
    ids=["jpeg-url", "bad-base64", "a-link", "huge"],
)
def test_only_a_png_data_url_of_a_sensible_size_is_read(value, message):
    with pytest.raises(ValidationError) as exc:
        read_data_url(value)
    assert exc.value.messages == [message]


def test_a_png_data_url_reads_back_to_its_bytes():
    png = signature_png()
    assert read_data_url(data_url(png)) == png


# --- on the signing page ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (data_url(blank_png()), BLANK),
        ("", BLANK),
        ("data:image/png;base64," + base64.b64encode(jpeg_bytes()).decode(), NOT_PNG),
        ("data:image/jpeg;base64," + base64.b64encode(jpeg_bytes()).decode(), NOT_PNG),
        (data_url(_noise_png(900, 300)), TOO_LARGE),
    ],
    ids=["blank", "nothing", "jpeg-bytes", "jpeg-url", "too-large"],
)
def test_a_bad_signature_is_refused_next_to_the_signature_box_keeping_the_typed_name(
    proposed_plan, practitioner_client, signature, message
):
    response = post_sign(practitioner_client, proposed_plan, "plan", signature=signature, typed_name="Zoë Martin")
    assert response.status_code == 200
    assert field_error(response, "signature") == message
    assert field_value(response, "typed_name") == "Zoë Martin"
    assert field_value(response, "signature") == ""  # a drawing that is no signature is not put back
    assert not PlanAcceptance.objects.exists()


@pytest.mark.django_db
def test_a_missing_name_is_refused_next_to_it_and_the_drawing_is_kept(proposed_plan, practitioner_client):
    drawing = data_url(signature_png())
    response = post_sign(practitioner_client, proposed_plan, "filler", signature=drawing, typed_name="  ")
    assert field_error(response, "typed_name") == "Type your full name, as you would sign it."
    assert field_value(response, "signature") == drawing  # put back on the canvas by signature.js
    assert not SignedConsent.objects.exists()


@pytest.mark.django_db
def test_a_patient_who_cannot_draw_signs_with_their_typed_name(proposed_plan, frontdesk_client, frontdesk_user):
    response = post_sign(frontdesk_client, proposed_plan, "filler", signature="", by_typing=True)
    assert response.status_code == 302
    consent = SignedConsent.objects.get()
    assert consent.signed_by_typing and bytes(consent.signature) == b""
    assert consent.typed_name == "Zoë Martin"
    assert consent.witnessed_by == frontdesk_user


@pytest.mark.django_db
def test_signing_keeps_the_name_the_drawing_the_versions_and_a_hash_of_exactly_what_was_shown(
    proposed_plan, practitioner_client, practitioner_user, settings
):
    settings.HARMONY_CONSENT_VALID_DAYS = 200
    page = practitioner_client.get(sign_url(proposed_plan, "filler"))
    shown_hash = hidden_values(page)["shown_hash"]
    response = post_sign(practitioner_client, proposed_plan, "filler")
    assert response.status_code == 302
    consent = SignedConsent.objects.get()
    text = ConsentText.objects.get(kind="filler", is_current=True)
    proposed_plan.refresh_from_db()
    expected = shown.consent_shown(shown.plan_summary(proposed_plan), text)
    assert consent.shown_text == expected
    assert consent.shown_hash == hashlib.sha256(expected.encode("utf-8")).hexdigest() == shown_hash
    assert (consent.text, consent.kind, consent.plan_version) == (text, "filler", proposed_plan.version)
    assert consent.patient == proposed_plan.patient and consent.witnessed_by == practitioner_user
    assert (consent.valid_until - consent.signed_on).days == 200
    with Image.open(io.BytesIO(bytes(consent.signature))) as image:
        assert image.format == "PNG" and image.size == (600, 200)
    # The page showed these very words: the consent text, then the plan with its price.
    shown_on_page = " ".join(soup(page).select_one(".consent-text").get_text(" ").split())
    assert "vascular occlusion" in shown_on_page
    assert "Juvéderm Voluma XC, 2 mL" in soup(page).select_one(".plan-summary").get_text()


@pytest.mark.django_db
def test_accepting_keeps_the_plan_summary_as_shown_with_its_hash(proposed_plan, practitioner_user):
    acceptance, _ = sign_for_treatment(proposed_plan, practitioner_user, kinds=[])
    proposed_plan.refresh_from_db()
    assert acceptance.plan_version == proposed_plan.version
    assert acceptance.shown_text == shown.acceptance_shown(shown.plan_summary(proposed_plan))
    assert acceptance.shown_hash == shown.sha256(acceptance.shown_text)
    assert "Total: £" in acceptance.shown_text and "Zoë Martin" in acceptance.shown_text


@pytest.mark.django_db
def test_a_plan_changed_while_the_page_was_open_is_not_signed(proposed_plan, practitioner_client, practitioner_user):
    page = practitioner_client.get(sign_url(proposed_plan, "plan"))
    stale = hidden_values(page)
    proposed_plan.refresh_from_db()
    from planning.services import plan_update_details

    plan_update_details(
        plan=proposed_plan,
        by=practitioner_user,
        expected_version=proposed_plan.version,
        title=proposed_plan.title,
        planned_for=proposed_plan.planned_for,
        session_gap_days=proposed_plan.session_gap_days,
        patient_notes="Please arrive ten minutes early.",
    )
    response = post_sign(practitioner_client, proposed_plan, "plan", hidden=stale)
    assert response.status_code == 200
    assert any("The plan changed while this page was open" in a for a in alerts(response))
    assert not PlanAcceptance.objects.exists()
    # The page now shows the plan as it is, and its hidden fields say so: signing again works.
    assert "Please arrive ten minutes early." in soup(response).select_one(".plan-summary").get_text()
    assert hidden_values(response) != stale
    assert post_sign(practitioner_client, proposed_plan, "plan").status_code == 302


@pytest.mark.django_db
def test_a_consent_text_published_while_the_page_was_open_is_not_signed(
    proposed_plan, practitioner_client, catalogadmin_user
):
    page = practitioner_client.get(sign_url(proposed_plan, "filler"))
    stale = hidden_values(page)
    services.consent_text_publish(kind="filler", title="Filler consent", body="New words.", by=catalogadmin_user)
    response = post_sign(practitioner_client, proposed_plan, "filler", hidden=stale)
    assert any("updated this consent text" in a for a in alerts(response))
    assert not SignedConsent.objects.exists()


@pytest.mark.django_db
def test_a_forged_hash_is_refused(proposed_plan, practitioner_client):
    page = practitioner_client.get(sign_url(proposed_plan, "plan"))
    forged = {**hidden_values(page), "shown_hash": "0" * 64}
    response = post_sign(practitioner_client, proposed_plan, "plan", hidden=forged)
    assert any("The plan changed while this page was open" in a for a in alerts(response))
    assert not PlanAcceptance.objects.exists()


@pytest.mark.django_db
def test_a_signed_record_never_changes_and_is_never_deleted(proposed_plan, practitioner_user):
    acceptance, (consent,) = sign_for_treatment(proposed_plan, practitioner_user)
    for record in (acceptance, consent):
        record.typed_name = "Someone else"
        with pytest.raises(ValidationError):
            record.save()
        with pytest.raises(ValidationError):
            record.delete()
        record.refresh_from_db()
        assert record.typed_name == "Zoë Martin"


@pytest.mark.django_db
def test_the_same_version_of_a_plan_is_signed_once(proposed_plan, practitioner_user, practitioner_client):
    sign_for_treatment(proposed_plan, practitioner_user, kinds=[])
    with pytest.raises(ValidationError):
        sign_for_treatment(proposed_plan, practitioner_user, kinds=[])
    response = practitioner_client.get(sign_url(proposed_plan, "plan"))
    assert response.status_code == 302  # back to the patient view: it is signed
    assert PlanAcceptance.objects.count() == 1


@pytest.mark.django_db
def test_signing_the_photo_consent_records_it_on_the_patient(proposed_plan, practitioner_client, patient):
    patient.consent_photos_clinical = False
    patient.save()
    assert post_sign(practitioner_client, proposed_plan, "photos").status_code == 302
    patient.refresh_from_db()
    assert patient.consent_photos_clinical is True
    assert patient.consent_photos_marketing is False  # marketing is its own consent, never implied


@pytest.mark.django_db
def test_a_consent_for_a_kind_of_treatment_not_in_the_plan_is_not_asked(proposed_plan, practitioner_client):
    assert practitioner_client.get(sign_url(proposed_plan, "toxin")).status_code == 404
    assert practitioner_client.get(sign_url(proposed_plan, "nonsense")).status_code == 404
