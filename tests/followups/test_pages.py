"""What the follow-ups add to the patient page and the session record, and the printed aftercare."""

import pytest
from django.core import mail
from django.urls import reverse

from catalog.models import Treatment
from followups.models import AftercareStatus
from tests.fixtures.followups import BOTOX_FROWN
from tests.html import alerts, soup

pytestmark = pytest.mark.django_db


def _patient_page(client, patient):
    return client.get(reverse("patients:patient_detail", kwargs={"code": patient.code}))


def _record_page(client, session):
    return client.get(reverse("records:session_detail", kwargs={"code": session.code}))


def _section(page):
    return soup(page).find(id="patient-followups-heading").find_parent("section")


def test_the_patient_page_shows_what_is_due_and_the_aftercare_sent(frontdesk_client, signed_followup):
    page = _patient_page(frontdesk_client, signed_followup.patient)
    section = _section(page)
    assert section.select_one(f'tr[data-followup="{signed_followup.code}"]') is not None
    text = section.get_text(" ")
    assert "Review" in text and "Repeat or maintenance visit" in text
    message = signed_followup.session.aftercare_messages.get()
    item = section.select_one(f'li[data-aftercare="{message.code}"]')
    assert "Sent" in item.get_text() and "zoe@example.com" in item.get_text()
    assert item.select_one(f'a[href="{reverse("followups:aftercare_print", kwargs={"code": message.code})}"]')
    assert item.select_one(f'form[action="{reverse("followups:aftercare_send_again", kwargs={"code": message.code})}"]')


def test_the_patient_page_says_when_there_is_no_email(frontdesk_client, session_with, sign):
    session = session_with(BOTOX_FROWN, email="")
    sign(session)
    text = _section(_patient_page(frontdesk_client, session.patient)).get_text(" ")
    assert "No email address" in text and "print" in text


def test_the_catalog_admin_sees_no_follow_ups_on_any_page(catalogadmin_client, signed_followup):
    response = catalogadmin_client.get(reverse("followups:worklist"))
    assert response.status_code == 403


def test_the_session_record_before_signing_says_what_signing_will_do(practitioner_client, performed_session):
    page = _record_page(practitioner_client, performed_session)
    heading = soup(page).find(id="session-followups-heading")
    assert "when the record is signed" in heading.find_parent("section").get_text()


def test_the_session_record_after_signing_lists_the_follow_ups_and_aftercare(practitioner_client, signed_followup):
    page = _record_page(practitioner_client, signed_followup.session)
    section = soup(page).find(id="session-followups-heading").find_parent("section")
    assert section.select_one(f'li[data-followup="{signed_followup.code}"]') is not None
    assert "Sent" in section.get_text()


def test_the_aftercare_prints_on_the_clinics_print_sheet(frontdesk_client, aftercare_message):
    response = frontdesk_client.get(reverse("followups:aftercare_print", kwargs={"code": aftercare_message.code}))
    assert response.status_code == 200
    page = soup(response)
    assert "print-page" in page.body["class"]
    assert page.select_one("article.print-sheet") is not None
    assert page.select_one("[data-print]") is not None
    frown = Treatment.objects.get(slug="frown-lines")
    assert frown.aftercare in page.get_text(" ")
    assert frown.aftercare_source not in page.get_text(" ")
    assert not page.select("[style]") and not page.select("script:not([src])")


@pytest.mark.django_db(transaction=True)
def test_send_again_from_the_patient_page(frontdesk_client, aftercare_message):
    """In a real transaction, as in production: the sending runs as soon as the new message is committed, and the
    page says how it went."""
    mail.outbox.clear()
    patient_url = reverse("patients:patient_detail", kwargs={"code": aftercare_message.patient.code})
    response = frontdesk_client.post(
        reverse("followups:aftercare_send_again", kwargs={"code": aftercare_message.code}),
        {"next": patient_url},
        follow=True,
    )
    assert len(mail.outbox) == 1
    assert any("Aftercare sent to zoe@example.com" in a for a in alerts(response))
    latest = aftercare_message.session.aftercare_messages.first()
    assert latest.pk != aftercare_message.pk and latest.status == AftercareStatus.SENT
