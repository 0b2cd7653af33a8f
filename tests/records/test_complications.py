"""Adverse events at any time after a session: later entries that leave the signature intact, linked to the points,
product and lot given; shown on the session record and the patient page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from planning.models import PerformedPoint
from records import services
from records.events import ADVERSE_EVENT_RECORDED
from records.models import AdverseEvent
from tests.factories import PerformedItemFactory
from tests.html import alerts, field_error, section, text

pytestmark = pytest.mark.django_db


def url(session):
    return reverse("records:session_detail", kwargs={"code": session.code})


def later_post(session, **fields):
    today = timezone.localtime()
    item = session.items.get()
    data = {
        "action": "later_event",
        "later-kind": "nodule",
        "later-severity": "moderate",
        "later-onset_on": today.strftime("%d/%m/%Y"),
        "later-onset_time": "09:15",
        "later-area": item.area_id,
        "later-details": "firm lump, upper lip left",
        "later-items": [item.pk],
        "later-points": [item.points.order_by("order").first().pk],
        "later-action_taken": "massage; reviewed",
        "later-outcome": "improving",
        "later-follow_up_on": (today.date() + dt.timedelta(days=14)).strftime("%d/%m/%Y"),
        "later-follow_up_note": "photos and palpation",
    }
    data.update({f"later-{k}": v for k, v in fields.items()})
    return data


@pytest.fixture
def recorded_actions():
    calls = []

    def spy(*, event, by):
        calls.append((event, by))

    ADVERSE_EVENT_RECORDED.add(spy)
    yield calls
    ADVERSE_EVENT_RECORDED.remove(spy)


def test_an_event_recorded_after_signing_is_a_later_entry_linked_to_what_was_given_and_the_signature_stays_intact(
    signed_filler_session, practitioner_user, practitioner_client, recorded_actions
):
    session = signed_filler_session
    signed_hash = session.signature.record_hash
    response = practitioner_client.post(url(session), later_post(session), follow=True)
    assert "Adverse event recorded as a later entry; the signed record stays as it was signed." in alerts(response)

    event = AdverseEvent.objects.get(session=session)
    item = session.items.get()
    first_point = item.points.order_by("order").first()
    assert event.recorded_after_signing and event.outcome == "improving"
    assert list(event.items.all()) == [item] and list(event.points.all()) == [first_point]
    assert event.items.get().stock_lot.lot_number == "VB20417"
    assert recorded_actions == [(event, practitioner_user)]
    # The signature is intact: the later entry is not part of what was signed.
    session.refresh_from_db()
    assert services.record_hash(session) == signed_hash and services.signature_intact(session)
    assert "The record above is exactly what was signed." in text(section(response, "Signature"))
    later = text(section(response, "Adverse events after the session"))
    assert "Lumps or nodules · moderate · firm lump, upper lip left" in later and "Improving" in later
    assert "lot VB20417" in later and "Lips 0.5 mL" in later and "Recorded after signing" in later
    assert "photos and palpation" in later
    assert "None noted." in text(section(response, "Adverse events during the session"))


def test_a_later_event_says_when_it_started_and_how_it_stands_next_to_the_fields(
    signed_filler_session, practitioner_client
):
    data = later_post(signed_filler_session, onset_on="", onset_time="", outcome="")
    response = practitioner_client.post(url(signed_filler_session), data)
    assert response.status_code == 200
    assert field_error(response, "later-onset_on") == "Enter the day it started."
    assert (
        field_error(response, "later-outcome") == "Say how it stands now: resolved, improving, ongoing or referred on."
    )
    assert not AdverseEvent.objects.exists()


def test_an_event_cannot_start_before_its_session_nor_have_a_follow_up_note_without_a_date(
    signed_filler_session, practitioner_client
):
    before = (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = practitioner_client.post(
        url(signed_filler_session), later_post(signed_filler_session, onset_on=before, follow_up_on="")
    )
    assert field_error(response, "later-onset_time").startswith("It cannot have started before the session on")
    assert field_error(response, "later-follow_up_on") == "Give the follow-up date for this note."


def test_an_event_links_only_to_its_own_sessions_items_and_a_point_brings_its_item(
    signed_filler_session, practitioner_user
):
    other_item = PerformedItemFactory()
    with pytest.raises(ValidationError) as caught:
        services.adverse_event_record(
            session=signed_filler_session,
            by=practitioner_user,
            kind="swelling",
            severity="mild",
            action_taken="none",
            onset_at=timezone.now(),
            outcome="resolved",
            items=[other_item],
        )
    assert caught.value.message_dict == {"items": ["Choose only what was given in this session."]}
    point = PerformedPoint.objects.filter(performed_item__session=signed_filler_session).first()
    event = services.adverse_event_record(
        session=signed_filler_session,
        by=practitioner_user,
        kind="swelling",
        severity="mild",
        action_taken="cold pack",
        onset_at=timezone.now(),
        outcome="resolved",
        points=[point],
    )
    assert list(event.items.all()) == [point.performed_item]


def test_events_noted_before_signing_are_in_the_signed_hash_and_later_ones_are_not(filler_session, practitioner_user):
    services.adverse_event_add(
        session=filler_session, by=practitioner_user, kind="bruising", severity="mild", action_taken="pressure"
    )
    before = services.record_hash(filler_session)
    services.adverse_event_add(
        session=filler_session,
        by=practitioner_user,
        kind="swelling",
        severity="mild",
        action_taken="cold pack",
        outcome="ongoing",
    )
    assert services.record_hash(filler_session) != before  # a second event before signing changes the record
    from tests.factories import PASSWORD

    services.session_sign(session=filler_session, by=practitioner_user, password=PASSWORD)
    services.adverse_event_record(
        session=filler_session,
        by=practitioner_user,
        kind="infection",
        severity="moderate",
        action_taken="antibiotics prescribed",
        onset_at=timezone.now(),
        outcome="improving",
    )
    filler_session.refresh_from_db()
    assert services.signature_intact(filler_session)
    assert AdverseEvent.objects.filter(session=filler_session, recorded_after_signing=True).count() == 1


def test_the_patient_page_lists_the_patients_events_with_the_occlusion_button(
    signed_filler_session, practitioner_user, practitioner_client, frontdesk_client
):
    services.adverse_event_record(
        session=signed_filler_session,
        by=practitioner_user,
        kind="infection",
        severity="moderate",
        action_taken="antibiotics prescribed",
        onset_at=timezone.now(),
        outcome="ongoing",
    )
    patient_url = reverse("patients:patient_detail", kwargs={"code": signed_filler_session.patient.code})
    page = practitioner_client.get(patient_url)
    events = section(page, "Adverse events")
    assert "Infection · moderate" in text(events) and "Ongoing" in text(events)
    button = events.select_one('[data-testid="occlusion-button"]')
    assert text(button) == "Suspected vascular occlusion"
    assert button["href"] == reverse("records:occlusion_start", kwargs={"code": signed_filler_session.code})
    # Clinical: the front desk sees no adverse events.
    assert "Adverse events" not in frontdesk_client.get(patient_url).content.decode()
