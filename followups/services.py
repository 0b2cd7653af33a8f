"""Changes to follow-ups and aftercare messages: keyword-only, validated with full_clean(), atomic, and recorded in
history (the user making the change is the history entry's user).

Signing a session record (records.services.session_sign) runs `session_signed` inside the signature's
transaction: it schedules the session's follow-ups (followups/schedule.py) and composes the patient's aftercare,
which is sent once the signature is committed (`transaction.on_commit`), so a mail server that fails never undoes a
signature. `aftercare_send` is the one function that sends; a background worker can call it later instead.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from clinic.formatting import day
from followups import schedule
from followups.models import AftercareMessage, AftercareStatus, Followup, FollowupKind, FollowupStatus
from patients.models import ConsultationStatus
from patients.services import consultation_create
from planning.models import TreatmentSession
from records import access as records_access

logger = logging.getLogger(__name__)

NOT_DUE_MESSAGE = "This follow-up is already {status}: reload the worklist to see it as it is now."


def _audited(record, by):
    record._history_user = by
    return record


def _lock(followup: Followup) -> Followup:
    return Followup.objects.select_for_update().get(pk=followup.pk)


# --- Scheduling -------------------------------------------------------------------------------------------------


def followups_schedule(*, session: TreatmentSession, by) -> list[Followup]:
    """Create the session's review and repeat follow-ups from the catalog's intervals (once: a session that has
    them already keeps them)."""
    if session.followups.exclude(kind=FollowupKind.COMPLICATION).exists():
        return []
    items = list(session.items.select_related("treatment", "product").order_by("pk"))
    due = schedule.followups_for(items, performed_on=session.performed_on, review_on=session.review_on)
    created = []
    with transaction.atomic():
        for visit in due:
            followup = Followup(
                patient_id=session.patient_id,
                session=session,
                kind=visit.kind,
                due_on=visit.due_on,
                practitioner_id=session.performed_by_id,
            )
            followup.full_clean()
            _audited(followup, by).save()
            followup.items.set(visit.items)
            created.append(followup)
    return created


def complication_schedule(*, event, by) -> Followup | None:
    """A complication check for an adverse event that has a follow-up date (records.AdverseEvent.follow_up_on)."""
    follow_up_on = getattr(event, "follow_up_on", None)
    if not follow_up_on or Followup.objects.filter(adverse_event=event).exists():
        return None
    session = event.session
    followup = Followup(
        patient_id=session.patient_id,
        session=session,
        kind=FollowupKind.COMPLICATION,
        due_on=follow_up_on,
        practitioner_id=session.performed_by_id,
        adverse_event=event,
    )
    followup.full_clean()
    with transaction.atomic():
        _audited(followup, by).save()
        linked = getattr(event, "items", None)
        if linked is not None:
            followup.items.set(linked.all())
    return followup


def session_signed(*, session: TreatmentSession, signature, by) -> None:
    """records.events.SESSION_SIGNED: schedule the follow-ups, then compose the aftercare and send it on commit."""
    followups_schedule(session=session, by=by)
    aftercare_prepare(session=session, by=by)


# --- Booking, declining, done -----------------------------------------------------------------------------------


def _require_due(followup: Followup) -> None:
    if followup.status != FollowupStatus.DUE:
        raise ValidationError(NOT_DUE_MESSAGE.format(status=followup.get_status_display().lower()))


def followup_book(*, followup: Followup, by, scheduled_at: dt.datetime, practitioner=None) -> Followup:
    """Book the follow-up: a consultation for the patient (patients.services.consultation_create), linked to it."""
    with transaction.atomic():
        locked = _lock(followup)
        _require_due(locked)
        consultation, _ = consultation_create(
            patient=locked.patient,
            by=by,
            scheduled_at=scheduled_at,
            practitioner=practitioner if practitioner is not None else locked.practitioner,
            status=ConsultationStatus.BOOKED,
        )
        locked.consultation = consultation
        locked.status = FollowupStatus.BOOKED
        locked.full_clean()
        _audited(locked, by).save()
    return locked


def followup_decline(*, followup: Followup, by, reason: str) -> Followup:
    """The patient does not want this follow-up (or cannot be reached): the reason is required."""
    with transaction.atomic():
        locked = _lock(followup)
        if locked.status not in (FollowupStatus.DUE, FollowupStatus.BOOKED):
            raise ValidationError(NOT_DUE_MESSAGE.format(status=locked.get_status_display().lower()))
        locked.status = FollowupStatus.DECLINED
        locked.decline_reason = (reason or "").strip()
        locked.closed_at, locked.closed_by = timezone.now(), by
        locked.full_clean()
        _audited(locked, by).save()
    return locked


def followup_mark_done(*, followup: Followup, by) -> Followup:
    """Done by hand (e.g. the patient was seen without a booking through Harmony)."""
    with transaction.atomic():
        locked = _lock(followup)
        if locked.status not in (FollowupStatus.DUE, FollowupStatus.BOOKED):
            raise ValidationError(NOT_DUE_MESSAGE.format(status=locked.get_status_display().lower()))
        locked.status = FollowupStatus.DONE
        locked.closed_at, locked.closed_by = timezone.now(), by
        locked.full_clean()
        _audited(locked, by).save()
    return locked


def consultation_changed(*, consultation, by=None) -> None:
    """Keep the booked follow-ups in step with their consultation: completed makes them done; cancelled puts them
    back on the worklist as due (the history keeps the cancelled booking)."""
    if consultation.status not in (ConsultationStatus.COMPLETED, ConsultationStatus.CANCELLED):
        return
    with transaction.atomic():
        booked = Followup.objects.select_for_update().filter(consultation=consultation, status=FollowupStatus.BOOKED)
        for followup in booked:
            if consultation.status == ConsultationStatus.COMPLETED:
                followup.status = FollowupStatus.DONE
                followup.closed_at, followup.closed_by = timezone.now(), by
            else:
                followup.status = FollowupStatus.DUE
                followup.consultation = None
            followup.full_clean()
            _audited(followup, by).save()


# --- Aftercare --------------------------------------------------------------------------------------------------


def _greeting_name(patient) -> str:
    return patient.preferred_name or patient.given_name


def aftercare_treatments(session: TreatmentSession) -> list:
    """The treatments given in the session, each once, in the order they were given."""
    treatments = []
    for item in session.items.select_related("treatment").order_by("pk"):
        if item.treatment not in treatments:
            treatments.append(item.treatment)
    return treatments


def aftercare_compose(*, session: TreatmentSession) -> tuple[str, str]:
    """(subject, body) of the patient's aftercare for what was given in the session: plain words from the catalog's
    Treatment.downtime and Treatment.aftercare (never their sources), with the review dates booked for."""
    clinic = settings.HARMONY_CLINIC_NAME
    performed_on = session.performed_on
    lines = [
        f"Dear {_greeting_name(session.patient)},",
        "",
        f"Thank you for visiting {clinic} on {day(performed_on)}. This is the aftercare for the treatment you had.",
    ]
    for treatment in aftercare_treatments(session):
        lines += ["", treatment.name]
        if treatment.downtime:
            lines.append(f"What to expect: {treatment.downtime}")
        lines.append(treatment.aftercare or "Your practitioner will tell you how to look after the treated area.")
    reviews = session.followups.filter(kind=FollowupKind.REVIEW).order_by("due_on")
    if reviews:
        lines += ["", "Your review"]
        lines += [
            f"We would like to see you again around {day(r.due_on)}; we will be in touch to book it." for r in reviews
        ]
    lines += [
        "",
        "If anything worries you, please contact the clinic.",
        "",
        clinic,
    ]
    subject = f"Your aftercare from {clinic} ({day(performed_on)})"
    return subject, "\n".join(lines)


def aftercare_prepare(*, session: TreatmentSession, by) -> AftercareMessage:
    """Compose the session's aftercare for the patient and send it once this transaction commits. A patient
    without an email address gets a message recorded as not sent (to print), and no error."""
    subject, body = aftercare_compose(session=session)
    address = (session.patient.email or "").strip()
    message = AftercareMessage(
        patient_id=session.patient_id,
        session=session,
        to_address=address,
        subject=subject,
        body=body,
        status=AftercareStatus.PENDING if address else AftercareStatus.NO_EMAIL,
        created_by=by,
    )
    message.full_clean()
    with transaction.atomic():
        _audited(message, by).save()
        if address:
            transaction.on_commit(lambda: aftercare_send(message=message))
    return message


def aftercare_send(*, message: AftercareMessage) -> AftercareMessage:
    """Send one composed message by email and record how it went; never raises for a mail failure (the message
    then says it failed, with the error's class, and can be sent again or printed)."""
    if message.status != AftercareStatus.PENDING:
        return message
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_address],
        ).send(fail_silently=False)
    except Exception as exc:  # any backend's error (SMTP, socket, TLS): recorded, never raised into the page
        logger.warning("Aftercare message %s not sent: %s", message.code, exc.__class__.__name__)
        message.status = AftercareStatus.FAILED
        message.error = exc.__class__.__name__[:120]
    else:
        message.status = AftercareStatus.SENT
        message.sent_at = timezone.now()
        message.error = ""
    with transaction.atomic():
        _audited(message, message.created_by).save(update_fields=["status", "error", "sent_at"])
    return message


def aftercare_resend(*, session: TreatmentSession, by) -> AftercareMessage:
    """Compose the aftercare again (to the patient's address as it is now) and send it; the earlier messages stay."""
    if not records_access.is_signed(session):
        raise ValidationError("The aftercare is sent when the record is signed.")
    fresh = TreatmentSession.objects.select_related("patient").get(pk=session.pk)  # the address as it is now
    return aftercare_prepare(session=fresh, by=by)
