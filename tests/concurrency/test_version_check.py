"""The version check of the patient and consultation edit pages, on any database: a form saved after someone else
saved the record is refused with the clear message at the top, what was typed stays in the form, and nothing of it
is written. (The races themselves, two saves at the same moment, are test_parallel_edits.py, on PostgreSQL.)"""

import pytest
from django.urls import reverse

from patients import services
from tests.html import soup

pytestmark = pytest.mark.django_db

PATIENT_FORM = {
    "given_name": "Zoë",
    "family_name": "Martin",
    "date_of_birth": "12/04/1988",
    "sex": "female",
    "phone": "+44 7700 900123",
    "email": "zoe.martin@example.com",
    "consent_treatment_data": "on",
    "consent_photos_clinical": "on",
}


def top_errors(response) -> str:
    return " ".join(soup(response).select_one("main .alert-danger").get_text(" ").split())


def test_the_patient_edit_form_carries_the_records_version(frontdesk_client, patient):
    page = soup(frontdesk_client.get(reverse("patients:patient_edit", args=[patient.code])))
    assert page.select_one("input[type=hidden][name=version]")["value"] == str(patient.version) == "1"


def test_a_stale_patient_edit_is_refused_and_keeps_what_was_typed(frontdesk_client, patient, practitioner_user):
    services.patient_update(patient=patient, by=practitioner_user, expected_version=1, notes="Saved first.")

    response = frontdesk_client.post(
        reverse("patients:patient_edit", args=[patient.code]), {**PATIENT_FORM, "notes": "Typed late.", "version": "1"}
    )

    assert response.status_code == 200
    assert services.STALE_MESSAGES["patient"] in top_errors(response)
    assert soup(response).select_one("textarea[name=notes]").get_text().strip() == "Typed late."
    patient.refresh_from_db()
    assert (patient.notes, patient.version) == ("Saved first.", 2)


def test_a_current_patient_edit_is_saved_and_takes_the_next_version(frontdesk_client, patient):
    response = frontdesk_client.post(
        reverse("patients:patient_edit", args=[patient.code]), {**PATIENT_FORM, "notes": "On time.", "version": "1"}
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.notes, patient.version) == ("On time.", 2)


@pytest.mark.parametrize("forged", ["abc", "0", "-1", "99999999999999", "٣"])
def test_a_forged_version_is_an_error_at_the_top_of_the_form(frontdesk_client, patient, forged):
    response = frontdesk_client.post(
        reverse("patients:patient_edit", args=[patient.code]), {**PATIENT_FORM, "notes": "x", "version": forged}
    )
    assert response.status_code == 200
    assert "reload the page" in top_errors(response)
    patient.refresh_from_db()
    assert (patient.notes, patient.version) == ("", 1)


def test_a_stale_consultation_edit_is_refused_whole(frontdesk_client, consultation, frontdesk_user):
    url = reverse("patients:consultation_edit", args=[consultation.code])
    page = soup(frontdesk_client.get(url))
    assert page.select_one("input[type=hidden][name=version]")["value"] == "1"
    services.consultation_set_status(consultation=consultation, by=frontdesk_user, status="in_progress")
    data = {
        node["name"]: node.get("value", "")
        for node in page.select("form[method=post] input")
        if node.get("name") and node.get("type") not in ("checkbox", "submit")
    }
    data.update({"status": "booked", "goals": "Typed while someone started the consultation."})

    response = frontdesk_client.post(url, data)

    assert response.status_code == 200
    assert services.STALE_MESSAGES["consultation"] in top_errors(response)
    consultation.refresh_from_db()
    assert consultation.status == "in_progress"  # the status button's change is not undone by the stale form
    assert consultation.version == 2
