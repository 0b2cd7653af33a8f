"""The vascular occlusion mode: a timed record prefilled from the session's filler, rounds that take hyaluronidase
from stock, the timer to the next hourly reassessment, the escalation banner for a change in vision, and the adverse
event that ends it; the protocol text is versioned."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic.formatting import moment
from records import services
from records.models import AdverseEvent, OcclusionCase, OcclusionProtocol, OcclusionRound
from stock.models import MovementKind, StockMovement
from tests.html import alerts, field_error, field_value, one, section, soup, table_rows, text

pytestmark = pytest.mark.django_db


def start_url(session):
    return reverse("records:occlusion_start", kwargs={"code": session.code})


def case_url(case):
    return reverse("records:occlusion_case", kwargs={"code": case.code})


def round_data(number, at, **fields):
    at = timezone.localtime(at)
    return {
        "action": "round",
        "expected_number": str(number),
        "assessed_on": at.strftime("%d/%m/%Y"),
        "assessed_time": at.strftime("%H:%M"),
        "capillary_refill": "delayed",
        "skin_colour": "blanched",
        "pain": "moderate",
        "lot": "",
        "units": "",
        "note": "",
        **fields,
    }


@pytest.fixture
def started(signed_filler_session, practitioner_client):
    """The occlusion record started from the session record's button, with the prefilled choices."""
    page = practitioner_client.get(start_url(signed_filler_session))
    form = soup(page).select_one('form[aria-label="Start the occlusion record"]')
    data = {"onset_on": field_value(page, "onset_on"), "onset_time": field_value(page, "onset_time")}
    data["area"] = field_value(page, "area")
    data["items"] = [i["value"] for i in form.select('input[name="items"][checked]')]
    data["points"] = [i["value"] for i in form.select('input[name="points"][checked]')]
    response = practitioner_client.post(start_url(signed_filler_session), data)
    assert response.status_code == 302
    return OcclusionCase.objects.get(session=signed_filler_session)


def test_the_record_page_button_opens_a_record_prefilled_from_the_sessions_filler(
    signed_filler_session, practitioner_client
):
    record = practitioner_client.get(reverse("records:session_detail", kwargs={"code": signed_filler_session.code}))
    button = one(record, '[data-testid="occlusion-button"]')
    assert text(button) == "Suspected vascular occlusion" and button["href"] == start_url(signed_filler_session)
    page = practitioner_client.get(start_url(signed_filler_session))
    item = signed_filler_session.items.get()
    assert field_value(page, "area") == str(item.area_id)
    form = soup(page).select_one('form[aria-label="Start the occlusion record"]')
    assert [i["value"] for i in form.select('input[name="items"][checked]')] == [str(item.pk)]
    assert len(form.select('input[name="points"][checked]')) == 2
    assert "lot VB20417" in text(form)
    steps = text(one(page, '[data-testid="protocol-steps"]'))
    assert "Stop injecting at once" in steps and "Reassess every hour" in steps
    assert "§4c" not in steps  # sources are in the source note, not the steps


def test_two_rounds_deduct_hyaluronidase_set_the_next_due_time_and_ending_creates_the_event(
    started, kit_lot, practitioner_user, practitioner_client
):
    case = started
    assert [case.area.name, case.items.get().lot_number, case.points.count()] == ["Lips", "VB20417", 2]
    first_at = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=70)
    response = practitioner_client.post(case_url(case), round_data(1, first_at, lot=kit_lot.pk, units="300"))
    assert response.status_code == 302
    first = OcclusionRound.objects.get(case=case, number=1)
    kit_lot.refresh_from_db()
    assert kit_lot.quantity_left == Decimal(600)
    movement = StockMovement.objects.get(pk=first.movement_id)
    assert (movement.kind, movement.quantity, movement.used_for) == (MovementKind.USED, Decimal(-300), first)

    page = practitioner_client.get(case_url(case))
    due = first_at + dt.timedelta(minutes=60)
    timer = one(page, '[data-testid="next-due"]')
    assert f"Next reassessment due {moment(due)}" in text(timer)
    assert dt.datetime.fromisoformat(timer["data-occlusion-due"]) == due
    assert soup(page).select_one('script[src$="records/occlusion_timer.js"]') is not None

    second_at = first_at + dt.timedelta(minutes=60)
    data = round_data(2, second_at, capillary_refill="normal", skin_colour="normal", pain="none")
    data.update(lot=kit_lot.pk, units="150")
    practitioner_client.post(case_url(case), data)
    kit_lot.refresh_from_db()
    assert kit_lot.quantity_left == Decimal(450)
    page = practitioner_client.get(case_url(case))
    assert f"Next reassessment due {moment(second_at + dt.timedelta(minutes=60))}" in text(
        one(page, '[data-testid="next-due"]')
    )
    rows = table_rows(page, "Reassessment rounds")
    assert [r[0] for r in rows] == ["1", "2"] and "300 U · lot H900" in rows[0][-1]
    # The same page sent twice does not record round 2 twice, nor take the stock twice.
    again = practitioner_client.post(case_url(case), data)
    assert "Round 2 is already recorded" in " ".join(alerts(again))
    assert case.rounds.count() == 2

    end = {
        "action": "end",
        "outcome": "resolved",
        "severity": "severe",
        "follow_up_on": (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        "follow_up_note": "review colour and capillary refill",
        "note": "warm compress",
    }
    response = practitioner_client.post(case_url(case), end, follow=True)
    assert "Occlusion record ended" in " ".join(alerts(response))
    case.refresh_from_db()
    event = case.event
    assert not case.is_open and event.kind == "blanching" and event.outcome == "resolved"
    assert event.recorded_after_signing and event.follow_up_on == timezone.localdate() + dt.timedelta(days=1)
    assert event.area.name == "Lips" and event.items.get().lot_number == "VB20417" and event.points.count() == 2
    assert "hyaluronidase 450 U in total (lot H900 450 U)" in event.action_taken
    assert "warm compress" in event.action_taken
    assert "Resolved" in text(section(response, "The adverse event recorded"))
    assert soup(response).select('form[aria-label="Record a round"]') == []


def test_a_change_in_vision_shows_the_escalation_on_the_response_that_records_it(started, practitioner_client):
    at = timezone.now()
    response = practitioner_client.post(case_url(started), round_data(1, at, visual_symptoms="on"))
    assert response.status_code == 200
    banner = one(response, '[data-testid="escalation"]')
    assert "refer for emergency eye care now" in text(banner)
    assert "in round 1" in text(banner)
    # It stays on the record while it is open.
    assert soup(practitioner_client.get(case_url(started))).select('[data-testid="escalation"]')


def test_no_banner_without_a_visual_symptom(started, practitioner_client):
    practitioner_client.post(case_url(started), round_data(1, timezone.now()))
    assert soup(practitioner_client.get(case_url(started))).select('[data-testid="escalation"]') == []


def test_a_round_taking_more_hyaluronidase_than_the_lot_holds_is_refused_next_to_the_units(
    started, kit_lot, practitioner_client
):
    response = practitioner_client.post(case_url(started), round_data(1, timezone.now(), lot=kit_lot.pk, units="1000"))
    assert response.status_code == 200
    assert field_error(response, "units") == "Only 900 U left in lot H900; choose another lot or vial."
    assert not OcclusionRound.objects.exists()
    kit_lot.refresh_from_db()
    assert kit_lot.quantity_left == Decimal(900)


def test_units_need_a_lot_and_a_filler_lot_is_not_hyaluronidase(started, filler_lot, practitioner_user):
    with pytest.raises(ValidationError) as caught:
        services.occlusion_round_record(
            case=started,
            by=practitioner_user,
            expected_number=1,
            assessed_at=timezone.now(),
            capillary_refill="delayed",
            skin_colour="dusky",
            pain="severe",
            units=Decimal(100),
        )
    assert caught.value.message_dict == {"lot": ["Choose the hyaluronidase lot the units came from."]}
    with pytest.raises(ValidationError) as caught:
        services.occlusion_round_record(
            case=started,
            by=practitioner_user,
            expected_number=1,
            assessed_at=timezone.now(),
            capillary_refill="delayed",
            skin_colour="dusky",
            pain="severe",
            lot=filler_lot,
            units=Decimal(1),
        )
    assert "is not hyaluronidase" in caught.value.message_dict["lot"][0]


def test_ending_needs_a_follow_up_date(started, practitioner_client):
    response = practitioner_client.post(
        case_url(started), {"action": "end", "outcome": "resolved", "severity": "severe", "follow_up_on": ""}
    )
    assert field_error(response, "follow_up_on") == "Give the follow-up date: an occlusion is always reviewed."
    assert not AdverseEvent.objects.exists()


def test_an_open_record_is_continued_not_started_twice(started, signed_filler_session, practitioner_client):
    response = practitioner_client.get(start_url(signed_filler_session))
    assert response.status_code == 302 and response["Location"] == case_url(started)
    record = practitioner_client.get(reverse("records:session_detail", kwargs={"code": signed_filler_session.code}))
    assert text(one(record, '[data-testid="occlusion-button"]')) == "Continue the vascular occlusion record"


def test_the_protocol_is_versioned_and_a_case_keeps_the_version_it_was_run_with(started, catalogadmin_user):
    first = OcclusionProtocol.objects.get(is_current=True)
    assert first.version == 1 and started.protocol == first
    assert "DeLorenzi" in first.source_note and first.reassess_minutes == 60
    second = services.occlusion_protocol_publish(
        title="Occlusion protocol", body="Stop injecting.\nCall for help.", reassess_minutes=60, by=catalogadmin_user
    )
    first.refresh_from_db()
    assert (second.version, second.is_current, first.is_current) == (2, True, False)
    started.refresh_from_db()
    assert started.protocol == first
    first.body = "changed"
    with pytest.raises(ValidationError, match="never changes"):
        first.save()


def test_the_protocol_admin_publishes_a_new_version(catalogadmin_client):
    current = OcclusionProtocol.objects.get(is_current=True)
    response = catalogadmin_client.post(
        reverse("admin:records_occlusionprotocol_change", args=[current.pk]),
        {
            "title": current.title,
            "body": current.body + "\nAsk a colleague to keep time.",
            "source_note": current.source_note,
            "reassess_minutes": "60",
            "reassess_source": current.reassess_source,
        },
    )
    assert response.status_code == 302
    assert OcclusionProtocol.objects.get(is_current=True).version == current.version + 1
    current.refresh_from_db()
    assert "keep time" not in current.body
