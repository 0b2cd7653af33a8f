"""Changes to a session's record: adverse events, the signature and amendments. Keyword-only, validated with
full_clean(), atomic, and recorded in history. A signed record refuses every change but an amendment."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from planning.models import TreatmentSession
from records.events import SESSION_SIGNED
from records.models import AdverseEvent, SessionAmendment, SessionSignature

SIGNED_MESSAGE = "This record is signed and cannot be changed: add an amendment instead."


def _audited(record, by):
    record._history_user = by
    return record


def _lock(session: TreatmentSession) -> TreatmentSession:
    """The session row, locked for this transaction, so a signature and a change cannot cross."""
    return TreatmentSession.objects.select_for_update().get(pk=session.pk)


def record_hash(session: TreatmentSession) -> str:
    """SHA-256 of what the record says: the items given (product, area, side, dose, lot, and each point as given)
    and the adverse events."""
    items = [
        [i.product_id, i.area_id, i.side, str(i.dose), i.dose_unit, i.lot_number, str(i.lot_expiry or "")]
        + [
            [p.view, str(p.x), str(p.y), str(p.dose), p.depth, p.technique, p.instrument, p.gauge, str(p.volume_ml)]
            for p in i.points.order_by("pk")
        ]
        for i in session.items.order_by("pk")
    ]
    events = [[e.kind, e.severity, e.details, e.action_taken] for e in session.adverse_events.order_by("pk")]
    content = {
        "session": str(session.code),
        "performed_at": session.performed_at.isoformat(),
        "by": session.performed_by_id,
        "items": items,
        "events": events,
        "notes": session.notes,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def adverse_event_add(
    *, session: TreatmentSession, by, kind: str, severity: str, action_taken: str, details: str = ""
) -> AdverseEvent:
    with transaction.atomic():
        locked = _lock(session)
        if SessionSignature.objects.filter(session=locked).exists():
            raise ValidationError(SIGNED_MESSAGE)
        event = AdverseEvent(
            session=locked,
            kind=kind,
            severity=severity,
            details=(details or "").strip(),
            action_taken=(action_taken or "").strip(),
            noted_by=by,
        )
        event.full_clean()
        _audited(event, by).save()
    return event


def session_sign(*, session: TreatmentSession, by, password: str) -> SessionSignature:
    """The performing practitioner signs the record, re-entering their password; from then on it is read-only."""
    if session.performed_by_id != by.pk:
        raise ValidationError({"password": "Only the practitioner who performed the session signs its record."})
    if not password or not by.check_password(password):
        raise ValidationError({"password": "That is not your password. Enter it again to sign."})
    with transaction.atomic():
        locked = _lock(session)
        if SessionSignature.objects.filter(session=locked).exists():
            raise ValidationError("This record is already signed.")
        signature = SessionSignature(
            session=locked, signed_by=by, signed_at=timezone.now(), record_hash=record_hash(locked)
        )
        signature.full_clean()
        _audited(signature, by).save()
        SESSION_SIGNED.run(session=locked, signature=signature, by=by)  # e.g. follow-ups, aftercare
    return signature


def session_amend(*, session: TreatmentSession, by, correction: str, reason: str) -> SessionAmendment:
    """A correction to a signed record, with who, when and why; the signed original stays as it was."""
    with transaction.atomic():
        locked = _lock(session)
        if not SessionSignature.objects.filter(session=locked).exists():
            raise ValidationError("This record is not signed yet: correct it directly, then sign it.")
        amendment = SessionAmendment(
            session=locked, made_by=by, correction=(correction or "").strip(), reason=(reason or "").strip()
        )
        amendment.full_clean()
        _audited(amendment, by).save()
    return amendment


def signature_intact(session: TreatmentSession) -> bool:
    """Whether the record still says what was signed (the hash of today's record matches the signed one)."""
    signature = getattr(session, "signature", None)
    return signature is not None and signature.record_hash == record_hash(session)
