"""Lot recall: every patient and session that received a lot or a vial, with dates and doses, as a page and as a
streamed CSV that spreadsheets cannot read as formulas."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from records import services
from records.views_recall import csv_safe
from tests.factories import PatientFactory, PerformedItemFactory, TreatmentSessionFactory
from tests.html import field_error, table_rows

pytestmark = pytest.mark.django_db

RECALL = reverse("records:recall")
CSV = reverse("records:recall_csv")


@pytest.fixture
def vial_session(opened_vial, practitioner_user):
    """A toxin session drawn from the opened vial (lot C1243), for patient "=cmd|' /C calc'!A0" (a formula)."""
    patient = PatientFactory(given_name="=cmd|' /C calc'!A0", family_name="Formula")
    session = TreatmentSessionFactory(plan__consultation__patient=patient, plan__practitioner=practitioner_user)
    PerformedItemFactory(
        session=session, product=opened_vial.lot.product, dose=Decimal(20), lot_number="C1243", vial=opened_vial
    )
    return session


def test_recall_by_lot_lists_every_patient_session_date_and_dose_any_case(filler_session, practitioner_client):
    other = TreatmentSessionFactory()
    PerformedItemFactory(session=other, lot_number="vb20417", dose=Decimal(1), product__kind="filler")
    response = practitioner_client.get(RECALL, {"lot_number": "VB20417"})
    rows = table_rows(response, "Patients who received it")
    assert len(rows) == 2
    patients = {filler_session.patient.display_name, other.patient.display_name}
    assert {r[0].split(" born")[0] for r in rows} == patients
    assert all("1 mL" in r[5] for r in rows)
    assert "Download CSV" in response.content.decode()


def test_recall_includes_hyaluronidase_given_in_an_occlusion_round(
    signed_filler_session, kit_lot, practitioner_user, practitioner_client
):
    case = services.occlusion_start(session=signed_filler_session, by=practitioner_user, onset_at=timezone.now())
    services.occlusion_round_record(
        case=case,
        by=practitioner_user,
        expected_number=1,
        assessed_at=timezone.now(),
        capillary_refill="delayed",
        skin_colour="blanched",
        pain="moderate",
        lot=kit_lot,
        units=Decimal(300),
    )
    rows = table_rows(practitioner_client.get(RECALL, {"lot_number": "h900"}), "Patients who received it")
    assert len(rows) == 1 and "300 U" in rows[0][5] and rows[0][7] == "occlusion round 1"


def test_recall_by_vial_and_its_csv_escapes_formulas(vial_session, opened_vial, catalogadmin_client):
    response = catalogadmin_client.get(RECALL, {"vial": str(opened_vial.code)})
    rows = table_rows(response, "Patients who received it")
    assert len(rows) == 1 and "20 U" in rows[0][5]
    # A catalog admin sees the list but cannot open session records: no links to them.
    assert reverse("records:session_detail", kwargs={"code": vial_session.code}) not in response.content.decode()

    download = catalogadmin_client.get(CSV, {"vial": str(opened_vial.code)})
    assert download.streaming and download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"].startswith('attachment; filename="recall-')
    lines = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert lines[0][:3] == ["Patient", "Date of birth", "Phone"]
    assert lines[1][0].startswith("'=cmd")  # escaped: read as text, not run as a formula
    assert lines[1][7] == "C1243" and lines[1][9] == "20" and lines[1][10] == "U"


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"), ("Zoë", "Zoë"), (None, "")],
)
def test_csv_cells_that_start_like_a_formula_are_escaped(value, written):
    assert csv_safe(value) == written


def test_recall_asks_for_a_lot_or_a_vial(practitioner_client):
    response = practitioner_client.get(RECALL, {"lot_number": ""})
    assert field_error(response, "lot_number") == "Enter a lot number, or choose a vial."


def test_the_front_desk_cannot_run_a_recall(frontdesk_client):
    assert frontdesk_client.get(RECALL).status_code == 403
    assert frontdesk_client.get(CSV, {"lot_number": "C1243"}).status_code == 403


def test_recall_is_in_the_navigation_for_practitioners_and_catalog_admins(
    practitioner_client, catalogadmin_client, frontdesk_client
):
    home = reverse("patients:patient_search")
    assert RECALL in practitioner_client.get(home).content.decode()
    assert RECALL in catalogadmin_client.get(reverse("catalog:index")).content.decode()
    assert RECALL not in frontdesk_client.get(home).content.decode()
