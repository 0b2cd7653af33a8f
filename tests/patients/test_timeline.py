"""The patient timeline: every app's records about the patient in one chronological page, and per facial area what
was done each time; each role sees only what it may see elsewhere."""

import datetime as dt

import pytest
from django.urls import reverse

from records import services as record_services
from tests.factories import PASSWORD
from tests.html import section, soup, text

pytestmark = pytest.mark.django_db


def _timeline(client, patient, **query):
    return soup(client.get(reverse("patients:patient_timeline", args=[patient.code]), query))


def _entries(page):
    return [text(li) for li in section(page, "Everything, newest first").select("li.timeline-entry")]


@pytest.fixture
def signed_day(performed_session, practitioner_user):
    """The performed session with a bruise in its area, signed (which schedules its follow-ups)."""
    item = performed_session.items.get()
    record_services.adverse_event_add(
        session=performed_session,
        by=practitioner_user,
        kind="bruising",
        severity="mild",
        action_taken="Cold pack.",
        area=item.area,
        onset_at=performed_session.performed_at + dt.timedelta(minutes=5),
    )
    record_services.session_sign(session=performed_session, by=practitioner_user, password=PASSWORD)
    return performed_session


def test_the_practitioner_sees_the_day_in_order_and_per_area(signed_day, practitioner_client):
    patient = signed_day.patient
    item = signed_day.items.get()
    page = _timeline(practitioner_client, patient)
    entries = _entries(page)
    kinds = [e.split(" · ")[1].split(" ")[0] for e in entries]
    assert {"Sessions", "Adverse", "Follow-ups", "Plans", "Consultations"} <= set(kinds)
    session_row = next(e for e in entries if "Sessions" in e)
    assert f"{item.area.name}: {item.product.name}" in session_row and "lot C1243" in session_row
    # The bruise came after the session: it is listed above it.
    assert entries.index(next(e for e in entries if "Bruising (mild)" in e)) < entries.index(session_row)
    areas = text(section(page, "By facial area"))
    assert item.area.name in areas and "bruising (adverse event)" in areas


def test_the_filter_shows_one_kind(signed_day, practitioner_client):
    entries = _entries(_timeline(practitioner_client, signed_day.patient, kind="event"))
    assert len(entries) == 1 and "Bruising" in entries[0]


def test_the_front_desk_sees_no_clinical_rows(signed_day, frontdesk_client):
    entries = _entries(_timeline(frontdesk_client, signed_day.patient))
    assert entries  # consultations, plans, follow-ups
    joined = " ".join(entries)
    assert "Bruising" not in joined and "Session 1" not in joined and "lot C1243" not in joined


def test_the_timeline_takes_a_fixed_number_of_queries(signed_day, practitioner_client, django_assert_max_num_queries):
    url = reverse("patients:patient_timeline", args=[signed_day.patient.code])
    with django_assert_max_num_queries(30):
        assert practitioner_client.get(url).status_code == 200


def test_a_patient_with_nothing_yet_gets_a_plain_page(patient, frontdesk_client):
    page = _timeline(frontdesk_client, patient)
    assert "Nothing recorded yet." in text(section(page, "Everything, newest first"))


def test_opening_the_timeline_is_logged_as_a_read_of_the_patient_record(patient, frontdesk_client):
    from accesslog.models import AccessEntry

    frontdesk_client.get(reverse("patients:patient_timeline", args=[patient.code]))
    entry = AccessEntry.objects.get()
    assert (entry.kind, entry.page) == ("patient", "patients:patient_timeline")
