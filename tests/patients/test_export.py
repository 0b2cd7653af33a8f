"""The patient's whole record as JSON and PDF (the right of access): what it holds, who may export it, the
re-authentication first, and the log of each download."""

import io
import json

import pypdfium2
import pytest
from django.urls import reverse

from accesslog.models import AccessEntry
from exports.models import RecordExport
from records import services as records_services
from tests.factories import PASSWORD, PreviousTreatmentFactory
from tests.fixtures.mfa import reauthenticate, totp_code

pytestmark = pytest.mark.django_db


def urls(patient):
    return (
        reverse("exports:record_json", args=[patient.code]),
        reverse("exports:record_pdf", args=[patient.code]),
    )


@pytest.fixture
def signed_session(performed_session, practitioner_user):
    records_services.adverse_event_add(
        session=performed_session, by=practitioner_user, kind="bruising", severity="mild", action_taken="pressure"
    )
    records_services.session_sign(
        session=performed_session, by=practitioner_user, password=PASSWORD, otp_code=totp_code(practitioner_user)
    )
    return performed_session


def test_the_json_holds_the_whole_record(practitioner_client, signed_session):
    patient = signed_session.patient
    PreviousTreatmentFactory(patient=patient)
    reauthenticate(practitioner_client)
    response = practitioner_client.get(urls(patient)[0])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"] and str(patient.code) in response["Content-Disposition"]
    assert patient.family_name not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["patient"]["given_name"] == patient.given_name
    assert data["patient"]["date_of_birth"] == patient.date_of_birth.isoformat()
    assert "search_text" not in data["patient"] and "id" not in data["patient"]
    assert len(data["previous_treatments"]) == 1
    plan = data["treatment_plans"][0]
    assert plan["items"] and "points" in plan["items"][0]
    session = data["sessions"][0]
    assert session["performed_items"][0]["lot_number"] == "C1243"
    assert session["signature"]["signed_by"] == "Priya Shah"
    assert session["adverse_events"][0]["kind"] == "Bruising"
    for key in ("consultations", "signed_consents", "plan_acceptances", "photos", "follow_ups", "outcome_ratings"):
        assert isinstance(data[key], list)
    consultation = data["consultations"][0]
    assert "concerns" in consultation and "screening_notes" in consultation


def test_the_pdf_reads_as_the_record(practitioner_client, signed_session):
    patient = signed_session.patient
    reauthenticate(practitioner_client)
    response = practitioner_client.get(urls(patient)[1])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert f"Patient record: {patient.display_name}" in text
    for heading in ("Consultations", "Treatment plans", "Sessions", "Signed consents", "Photos", "Follow ups"):
        assert heading in text
    assert "C1243" in text and "Bruising" in text


def test_both_downloads_are_logged(practitioner_client, practitioner_user, signed_session):
    patient = signed_session.patient
    reauthenticate(practitioner_client)
    for url in urls(patient):
        practitioner_client.get(url)
    exports = list(RecordExport.objects.order_by("pk"))
    assert [(e.format, e.exported_by, e.patient) for e in exports] == [
        ("json", practitioner_user, patient),
        ("pdf", practitioner_user, patient),
    ]
    assert all(len(e.sha256) == 64 and e.size_bytes > 0 for e in exports)
    entries = AccessEntry.objects.filter(kind="export", patient_code=patient.code, user=practitioner_user)
    assert sorted(entries.values_list("page", flat=True)) == ["exports:record_json", "exports:record_pdf"]


def test_an_export_asks_to_re_authenticate_first_and_comes_back_to_the_download(
    practitioner_client, practitioner_user, patient
):
    url = urls(patient)[0]
    response = practitioner_client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa:reauth"))
    assert not RecordExport.objects.exists()
    done = practitioner_client.post(
        reverse("mfa:reauth"), {"password": PASSWORD, "otp_code": totp_code(practitioner_user), "next": url}
    )
    assert done["Location"] == url
    assert practitioner_client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["frontdesk", "catalogadmin", "outsider"])
def test_only_practitioners_export(role, role_client, patient):
    client = role_client(role)
    reauthenticate(client)
    for url in urls(patient):
        assert client.get(url).status_code == 403
    assert not RecordExport.objects.exists()


def test_the_patient_page_offers_the_export_to_a_practitioner_only(practitioner_client, frontdesk_client, patient):
    page = reverse("patients:patient_detail", args=[patient.code])
    json_url = urls(patient)[0]
    assert json_url in practitioner_client.get(page).content.decode()
    assert json_url not in frontdesk_client.get(page).content.decode()


def test_an_unknown_patient_is_a_404(practitioner_client):
    reauthenticate(practitioner_client)
    unknown = "/patients/00000000-0000-0000-0000-000000000000/export/record.json"
    assert practitioner_client.get(unknown).status_code == 404
