"""Consent texts: the seeded version 1, versioning (one current per kind), and a signed version that never changes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from consents import services
from consents.models import ConsentKind, ConsentText
from consents.seed import seed_texts
from tests.fixtures.planning import sign_for_treatment
from tests.html import field_value, main, soup, text

pytestmark = pytest.mark.django_db

CITATION_MARKS = ("§", "LABEL", "REVIEW", "PRACTICE", "Heydenrych", "PMC", "GK", ".com")


def test_version_1_of_each_kind_is_seeded_and_current():
    current = {t.kind: t for t in ConsentText.objects.filter(is_current=True)}
    assert set(current) == set(ConsentKind.values)
    assert {t.version for t in current.values()} == {1}
    assert seed_texts() == 0  # a kind with a text is left alone


def test_the_filler_consent_covers_adverse_events_and_their_treatment_in_plain_words():
    filler = ConsentText.objects.get(kind="filler", is_current=True)
    body = filler.body.lower()
    for words in ("bruising", "swelling", "lumps", "infection", "blood vessel", "skin", "blindness", "hyaluronidase"):
        assert words in body, words
    assert "hyaluronic-acid fillers" in body  # hyaluronidase is the treatment for HA fillers
    for mark in CITATION_MARKS:
        assert mark not in filler.body, mark
    # The citation lives in the internal source note, with the reference row it comes from.
    assert "10-point plan, Heydenrych et al. 2021" in filler.source_note
    assert "§4c" in filler.source_note


def test_the_toxin_consent_says_what_it_does_how_long_and_its_common_and_rare_effects():
    toxin = ConsentText.objects.get(kind="toxin", is_current=True)
    body = toxin.body.lower()
    for words in (
        "relaxes",
        "within a few days",
        "three to four months",
        "bruising",
        "headache",
        "eyelid",
        "eyebrow",
        "wears off",
    ):
        assert words in body, words
    for mark in CITATION_MARKS:
        assert mark not in toxin.body, mark
    assert "§2d" in toxin.source_note and "StatPearls" in toxin.source_note
    assert "GK" in toxin.source_note  # what the reference does not hold is said to be general knowledge


def test_publishing_a_new_version_makes_it_current_and_keeps_the_old_one_as_it_was(practitioner_user):
    old = ConsentText.objects.get(kind="toxin", is_current=True)
    new = services.consent_text_publish(
        kind="toxin", title="Your consent to toxin", body="New words.", source_note="n", by=practitioner_user
    )
    old.refresh_from_db()
    assert (new.version, new.is_current, new.created_by) == (2, True, practitioner_user)
    assert old.is_current is False and old.body.startswith("Botulinum toxin is a medicine")
    assert ConsentText.objects.filter(kind="toxin", is_current=True).get() == new


def test_the_database_holds_only_one_current_version_per_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentText.objects.create(kind="filler", version=9, title="t", body="b", is_current=True)


def test_a_signed_version_never_changes_and_an_unsigned_one_still_can(accepted_plan):
    used = ConsentText.objects.get(kind="filler", is_current=True)
    assert used.is_used
    used.body = "Changed after signing."
    with pytest.raises(ValidationError) as exc:
        used.full_clean()
    assert "never changes" in " ".join(exc.value.message_dict["body"])
    with pytest.raises(ValidationError):
        used.save()
    used.refresh_from_db()
    assert used.body.startswith("A dermal filler is a gel")

    unused = ConsentText.objects.get(kind="toxin", is_current=True)
    assert not unused.is_used
    unused.title = "A clearer title"
    unused.full_clean()
    unused.save()


def test_a_signed_version_can_still_be_replaced_by_a_newer_one(accepted_plan, catalogadmin_user):
    used = ConsentText.objects.get(kind="filler", is_current=True)
    services.consent_text_publish(kind="filler", title=used.title, body=used.body + "\n\nMore.", by=catalogadmin_user)
    used.refresh_from_db()
    assert used.is_current is False  # only the flag moved; the words it was signed on stay


# --- the admin ------------------------------------------------------------------------------------------------


def _change_url(text):
    return reverse("admin:consents_consenttext_change", args=[text.pk])


def test_the_catalog_admin_edits_a_text_and_saving_publishes_a_new_version(catalogadmin_client):
    text = ConsentText.objects.get(kind="photos", is_current=True)
    response = catalogadmin_client.post(
        _change_url(text),
        {"title": text.title, "body": text.body + "\n\nA new paragraph.", "source_note": text.source_note},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text.refresh_from_db()
    new = ConsentText.objects.get(kind="photos", is_current=True)
    assert new.version == 2 and new.body.endswith("A new paragraph.")
    assert text.is_current is False and not text.body.endswith("A new paragraph.")


def test_a_signed_version_is_read_only_in_the_admin(accepted_plan, catalogadmin_client):
    text = ConsentText.objects.get(kind="filler", is_current=True)
    page = catalogadmin_client.get(_change_url(text))
    assert page.status_code == 200
    html = soup(page)
    assert html.find("textarea", attrs={"name": "body"}) is None  # shown, not editable
    assert html.find("input", attrs={"name": "_save"}) is None
    assert "Write a new version from this one" in text_of_main(page)
    response = catalogadmin_client.post(_change_url(text), {"title": "x", "body": "y", "source_note": ""})
    assert response.status_code == 403
    text.refresh_from_db()
    assert text.title == "Your consent to dermal filler treatment"


def test_a_new_version_starts_from_the_words_of_the_one_it_replaces(catalogadmin_client):
    text = ConsentText.objects.get(kind="toxin", is_current=True)
    page = catalogadmin_client.get(reverse("admin:consents_consenttext_add") + f"?from={text.pk}")
    assert field_value(page, "title") == text.title
    assert field_value(page, "body") == text.body


def test_nobody_deletes_a_consent_text_in_the_admin(catalogadmin_client):
    text = ConsentText.objects.get(kind="toxin", is_current=True)
    response = catalogadmin_client.post(reverse("admin:consents_consenttext_delete", args=[text.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert ConsentText.objects.filter(pk=text.pk).exists()


def test_a_blank_text_is_refused_next_to_its_field_in_the_admin(catalogadmin_client):
    response = catalogadmin_client.post(
        reverse("admin:consents_consenttext_add"), {"kind": "toxin", "title": "T", "body": "  ", "source_note": ""}
    )
    assert response.status_code == 200
    assert "Write the text the patient reads before consenting." in text(main(response))
    assert ConsentText.objects.filter(kind="toxin").count() == 1


def text_of_main(page) -> str:
    return text(soup(page).find(id="content") or soup(page))


def test_signing_records_the_text_version_it_was_signed_on(proposed_plan, practitioner_user):
    _, (consent,) = sign_for_treatment(proposed_plan, practitioner_user)
    assert consent.text == ConsentText.objects.get(kind="filler", is_current=True)
    assert consent.text.version == 1
