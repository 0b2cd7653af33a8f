"""Signing a session record schedules its follow-ups from the seed catalog's intervals and sends the aftercare."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from catalog.models import Treatment
from clinic.formatting import day
from followups import schedule, services
from followups.models import AftercareMessage, AftercareStatus, Followup
from records.services import session_sign
from tests.factories import PASSWORD
from tests.fixtures.followups import BOTOX_CROWS, BOTOX_FROWN, BOTOX_MASSETER, KYSSE_LIPS, VOLUMA_CHEEKS

pytestmark = pytest.mark.django_db


def _due(session, kind):
    return [(f.due_on - session.performed_on).days for f in session.followups.filter(kind=kind).order_by("due_on")]


def _treatments(followup):
    return sorted(i.treatment.slug for i in followup.items.all())


class FailingBackend:
    """An email backend whose server refuses the connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "service not available")


def test_nothing_is_scheduled_or_sent_before_the_record_is_signed(session_with):
    session = session_with(BOTOX_FROWN)
    assert not Followup.objects.exists()
    assert not AftercareMessage.objects.exists()
    assert mail.outbox == []
    assert session.review_on is None


def test_a_toxin_session_is_reviewed_at_14_days_and_repeated_at_the_products_duration(session_with, sign):
    session = session_with(BOTOX_FROWN)
    sign(session)
    assert _due(session, "review") == [14]  # §5 toxin review ~2 weeks
    repeat = session.followups.get(kind="repeat")
    assert repeat.due_on == schedule.add_months(session.performed_on, 4)  # Botox typical duration 4 months
    assert repeat.practitioner == session.performed_by and repeat.patient == session.patient
    assert repeat.status == "due"


def test_the_masseter_review_is_later_and_treatments_due_the_same_day_share_one_visit(session_with, sign):
    session = session_with(BOTOX_FROWN, BOTOX_CROWS, BOTOX_MASSETER)
    sign(session)
    reviews = list(session.followups.filter(kind="review").order_by("due_on"))
    assert [(r.due_on - session.performed_on).days for r in reviews] == [14, 21]  # §5 masseter review 3–4 weeks
    assert _treatments(reviews[0]) == ["crows-feet", "frown-lines"]
    assert _treatments(reviews[1]) == ["jawline-slimming"]
    # One repeat visit for all three Botox treatments (same product duration).
    repeat = session.followups.get(kind="repeat")
    assert _treatments(repeat) == ["crows-feet", "frown-lines", "jawline-slimming"]


def test_a_filler_is_reviewed_at_14_days_and_maintained_at_its_products_duration(session_with, sign):
    session = session_with(VOLUMA_CHEEKS, KYSSE_LIPS)
    sign(session)
    review = session.followups.get(kind="review")
    assert (review.due_on - session.performed_on).days == 14  # §5 filler touch-up
    assert _treatments(review) == ["cheek-enhancement", "lip-enhancement"]
    # Voluma lasts ~24 months; Kysse has no duration in the reference and fillers no repeat floor: no visit for it.
    repeat = session.followups.get(kind="repeat")
    assert repeat.due_on == schedule.add_months(session.performed_on, 24)
    assert _treatments(repeat) == ["cheek-enhancement"]


def test_the_review_date_set_on_the_record_is_the_first_review(session_with, sign):
    session = session_with(BOTOX_FROWN, review_on=None)
    session.review_on = session.performed_on + dt.timedelta(days=17)
    session.save()
    sign(session)
    assert _due(session, "review") == [17]


def test_scheduling_twice_does_not_double_the_follow_ups(session_with, sign, practitioner_user):
    session = session_with(BOTOX_FROWN)
    sign(session)
    count = Followup.objects.count()
    assert services.followups_schedule(session=session, by=practitioner_user) == []
    assert Followup.objects.count() == count


def test_the_aftercare_email_covers_the_treatments_given_in_plain_words(session_with, sign):
    session = session_with(BOTOX_FROWN, VOLUMA_CHEEKS)
    sign(session)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["zoe@example.com"]
    frown, cheeks = Treatment.objects.get(slug="frown-lines"), Treatment.objects.get(slug="cheek-enhancement")
    assert frown.aftercare in email.body and cheeks.aftercare in email.body
    assert frown.name in email.body and cheeks.name in email.body
    assert "Dear Zoë" in email.body
    # The clinical sources stay in the catalog: no citation reaches the patient.
    assert frown.aftercare_source and frown.aftercare_source not in email.body
    for mark in ("§", "LABEL", "PRACTICE", "REVIEW (", "http", ".com"):
        assert mark not in email.body, mark
    message = session.aftercare_messages.get()
    assert message.status == AftercareStatus.SENT and message.sent_at is not None
    assert message.body == email.body and message.subject == email.subject
    # The review date is in the message.
    review = session.followups.filter(kind="review").first()
    assert day(review.due_on) in email.body


def test_only_the_treatments_given_are_in_the_aftercare(session_with, sign):
    session = session_with(BOTOX_FROWN)
    sign(session)
    body = mail.outbox[0].body
    assert Treatment.objects.get(slug="cheek-enhancement").aftercare not in body


def test_a_patient_without_email_gets_a_message_to_print_and_no_error(session_with, sign):
    session = session_with(BOTOX_FROWN, email="")
    signature = sign(session)
    assert signature.pk is not None
    assert mail.outbox == []
    message = session.aftercare_messages.get()
    assert message.status == AftercareStatus.NO_EMAIL
    assert message.to_address == "" and message.sent_at is None
    assert Treatment.objects.get(slug="frown-lines").aftercare in message.body


def test_a_failed_send_is_recorded_with_the_error_class_and_the_signature_stands(session_with, sign, settings):
    settings.EMAIL_BACKEND = "tests.followups.test_signing.FailingBackend"
    session = session_with(BOTOX_FROWN)
    sign(session)
    session.refresh_from_db()
    assert hasattr(session, "signature")
    message = session.aftercare_messages.get()
    assert message.status == AftercareStatus.FAILED
    assert message.error == "SMTPConnectError"
    assert message.sent_at is None
    assert session.followups.count() == 2


def test_the_email_waits_for_the_signature_to_commit(session_with, django_capture_on_commit_callbacks):
    session = session_with(BOTOX_FROWN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_sign(session=session, by=session.performed_by, password=PASSWORD)
    assert mail.outbox == []
    assert session.aftercare_messages.get().status == AftercareStatus.PENDING
    assert len(callbacks) == 1


def test_a_scheduling_failure_undoes_the_signature(session_with, monkeypatch):
    session = session_with(BOTOX_FROWN)

    def refuse(**kwargs):
        raise ValidationError("no")

    monkeypatch.setattr(services, "followups_schedule", refuse)
    with pytest.raises(ValidationError):
        session_sign(session=session, by=session.performed_by, password=PASSWORD)
    session.refresh_from_db()
    assert not hasattr(session, "signature")


def test_aftercare_send_again_composes_a_new_message_to_the_current_address(
    aftercare_message, practitioner_user, django_capture_on_commit_callbacks
):
    patient = aftercare_message.patient
    patient.email = "zoe.new@example.com"
    patient.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.aftercare_resend(session=aftercare_message.session, by=practitioner_user)
    again.refresh_from_db()
    assert again.pk != aftercare_message.pk
    assert again.status == AftercareStatus.SENT and mail.outbox[0].to == ["zoe.new@example.com"]
    assert AftercareMessage.objects.filter(session=aftercare_message.session).count() == 2


def test_an_unsigned_session_has_no_aftercare_to_send_again(session_with, practitioner_user):
    with pytest.raises(ValidationError):
        services.aftercare_resend(session=session_with(BOTOX_FROWN), by=practitioner_user)


def test_the_seed_gives_every_treatment_its_aftercare_source(seeded_catalog):
    assert not Treatment.objects.filter(aftercare_source="").exists()
    assert "§5" in Treatment.objects.get(slug="frown-lines").aftercare_source


def test_an_adverse_event_with_a_follow_up_date_gets_a_complication_check(session_with, sign, practitioner_user):
    from records import events
    from records import services as records_services

    if not hasattr(events, "ADVERSE_EVENT_RECORDED") or not hasattr(records_services, "adverse_event_record"):
        pytest.skip("records does not announce adverse events yet")
    from django.utils import timezone

    session = session_with(BOTOX_FROWN)
    sign(session)
    on = timezone.localdate() + dt.timedelta(days=3)
    event = records_services.adverse_event_record(
        session=session,
        by=practitioner_user,
        kind="bruising",
        severity="mild",
        action_taken="Cold pack",
        onset_at=timezone.now(),
        outcome="improving",
        follow_up_on=on,
        follow_up_note="Check the bruise",
    )
    check = Followup.objects.get(adverse_event=event)
    assert (check.kind, check.due_on, check.status) == ("complication", on, "due")
    assert check.patient == session.patient
    # Without a follow-up date, no check.
    records_services.adverse_event_record(
        session=session,
        by=practitioner_user,
        kind="swelling",
        severity="mild",
        action_taken="None needed",
        onset_at=timezone.now(),
        outcome="resolved",
    )
    assert Followup.objects.filter(kind="complication").count() == 1
