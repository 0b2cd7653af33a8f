"""Changes to a session's record: adverse events, the signature, amendments, and the timed record of a suspected
vascular occlusion. Keyword-only, validated with full_clean(), atomic, and recorded in history. A signed record
refuses every change to what was signed but an amendment; adverse events recorded after signing are later entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.models import FacialArea
from clinic.formatting import amount
from mfa import services as mfa_services
from planning.models import PerformedItem, PerformedPoint, TreatmentSession
from records import protocol as default_protocol
from records.events import ADVERSE_EVENT_RECORDED, SESSION_SIGNED
from records.models import (
    AdverseEvent,
    EventKind,
    EventSeverity,
    OcclusionCase,
    OcclusionProtocol,
    OcclusionRound,
    SessionAmendment,
    SessionSignature,
)
from stock import services as stock_services
from stock.models import ProductLot

SIGNED_MESSAGE = "This record is signed and cannot be changed: add an amendment instead."


def _audited(record, by):
    record._history_user = by
    return record


def _lock(session: TreatmentSession) -> TreatmentSession:
    """The session row, locked for this transaction, so a signature and a change cannot cross."""
    return TreatmentSession.objects.select_for_update().get(pk=session.pk)


def _event_content(e: AdverseEvent) -> list:
    """An event noted before signing, as the record's hash reads it. Only events recorded after signing are left out
    (later entries never break the signature). The fields added for later follow-up are appended only when set, so
    a record signed before they existed still hashes as it did."""
    content: list[object] = [e.kind, e.severity, e.details, e.action_taken]
    extra = {
        "onset": e.onset_at.isoformat() if e.onset_at else "",
        "area": e.area_id or "",
        "items": sorted(e.items.values_list("pk", flat=True)),
        "points": sorted(e.points.values_list("pk", flat=True)),
        "outcome": e.outcome,
        "follow_up": [str(e.follow_up_on or ""), e.follow_up_note],
    }
    if any(value for value in extra.values() if value != ["", ""]):
        content.append(extra)
    return content


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
    events = [_event_content(e) for e in session.adverse_events.filter(recorded_after_signing=False).order_by("pk")]
    content = {
        "session": str(session.code),
        "performed_at": session.performed_at.isoformat(),
        "by": session.performed_by_id,
        "items": items,
        "events": events,
        "notes": session.notes,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _check_links(session: TreatmentSession, items, points) -> tuple[list[PerformedItem], list[PerformedPoint]]:
    """The performed items and points an event or an occlusion record links to: only this session's."""
    items, points = list(items or ()), list(points or ())
    errors = {}
    if any(item.session_id != session.pk for item in items):
        errors["items"] = "Choose only what was given in this session."
    if any(point.performed_item.session_id != session.pk for point in points):
        errors["points"] = "Choose only points given in this session."
    if errors:
        raise ValidationError(errors)
    # A point implies the item it was given from.
    for point in points:
        if all(item.pk != point.performed_item_id for item in items):
            items.append(point.performed_item)
    return items, points


def adverse_event_record(
    *,
    session: TreatmentSession,
    by,
    kind: str,
    severity: str,
    action_taken: str,
    details: str = "",
    onset_at: dt.datetime | None = None,
    area: FacialArea | None = None,
    outcome: str = "",
    follow_up_on: dt.date | None = None,
    follow_up_note: str = "",
    items=(),
    points=(),
) -> AdverseEvent:
    """An adverse event, at any time: before the record is signed it is part of the signed record; after, a
    separate, later entry (`recorded_after_signing`) that leaves the signature intact. Runs ADVERSE_EVENT_RECORDED
    in the same transaction (e.g. followups books the follow-up)."""
    items, points = _check_links(session, items, points)
    with transaction.atomic():
        locked = _lock(session)
        event = AdverseEvent(
            session=locked,
            kind=kind,
            severity=severity,
            details=(details or "").strip(),
            action_taken=(action_taken or "").strip(),
            onset_at=onset_at,
            area=area,
            outcome=outcome or "",
            follow_up_on=follow_up_on,
            follow_up_note=(follow_up_note or "").strip(),
            recorded_after_signing=SessionSignature.objects.filter(session=locked).exists(),
            noted_by=by,
        )
        event.full_clean()
        _audited(event, by).save()
        event.items.set(items)
        event.points.set(points)
        ADVERSE_EVENT_RECORDED.run(event=event, by=by)
    return event


def adverse_event_add(
    *, session: TreatmentSession, by, kind: str, severity: str, action_taken: str, details: str = "", **more
) -> AdverseEvent:
    """An event noted during the session, before the record is signed (refused once it is signed: then it is a later
    entry, adverse_event_record)."""
    if SessionSignature.objects.filter(session=session).exists():
        raise ValidationError(SIGNED_MESSAGE)
    with transaction.atomic():
        locked = _lock(session)
        if SessionSignature.objects.filter(session=locked).exists():
            raise ValidationError(SIGNED_MESSAGE)
        return adverse_event_record(
            session=locked, by=by, kind=kind, severity=severity, action_taken=action_taken, details=details, **more
        )


def session_sign(*, session: TreatmentSession, by, password: str, otp_code: str = "") -> SessionSignature:
    """The performing practitioner signs the record, re-entering their password and, with two-factor sign-in, a
    current code from their app (mfa); from then on it is read-only."""
    if session.performed_by_id != by.pk:
        raise ValidationError({"password": "Only the practitioner who performed the session signs its record."})
    if not password or not by.check_password(password):
        raise ValidationError({"password": "That is not your password. Enter it again to sign."})
    mfa_services.second_factor_require(user=by, code=otp_code, field="otp_code")
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


# --- suspected vascular occlusion --------------------------------------------------------------------------------


def occlusion_protocol_publish(
    *, title: str, body: str, by, source_note: str = "", reassess_minutes=60, reassess_source: str = ""
) -> OcclusionProtocol:
    """A new version of the clinic's occlusion protocol, which becomes the current one (earlier ones stay as they were,
    with the cases run under them)."""
    text = OcclusionProtocol(
        title=(title or "").strip(),
        body=(body or "").replace("\r\n", "\n").strip(),
        source_note=(source_note or "").replace("\r\n", "\n").strip(),
        reassess_minutes=reassess_minutes,
        reassess_source=(reassess_source or "").strip(),
        created_by=by,
        version=1,  # a placeholder for full_clean; the next number is taken under the lock below
        is_current=True,
    )
    text.full_clean(exclude=["version", "is_current"])
    setattr(text, "_history_user", by)  # noqa: B010 (simple-history reads these; the model does not declare them)
    with transaction.atomic():
        list(OcclusionProtocol.objects.select_for_update().values_list("pk", flat=True))
        text.version = (OcclusionProtocol.objects.aggregate(m=Max("version"))["m"] or 0) + 1
        for old in OcclusionProtocol.objects.filter(is_current=True):
            old.is_current = False
            setattr(old, "_history_user", by)  # noqa: B010
            setattr(old, "_change_reason", f"Replaced by version {text.version}")  # noqa: B010
            old.save(update_fields=["is_current"])
        setattr(text, "_change_reason", f"Version {text.version} published")  # noqa: B010
        text.save()
    return text


def current_protocol(*, by) -> OcclusionProtocol:
    """The current protocol version; version 1 (records/protocol.py) is published if there is none."""
    current = OcclusionProtocol.objects.filter(is_current=True).first()
    if current is not None:
        return current
    return occlusion_protocol_publish(
        title=default_protocol.TITLE,
        body=default_protocol.BODY,
        source_note=default_protocol.SOURCE_NOTE,
        reassess_minutes=default_protocol.REASSESS_MINUTES,
        reassess_source=default_protocol.REASSESS_SOURCE,
        by=by,
    )


def occlusion_start(
    *, session: TreatmentSession, by, onset_at: dt.datetime, area: FacialArea | None = None, items=(), points=()
) -> OcclusionCase:
    """Open the timed record of a suspected vascular occlusion for a session, with what was given where; one open
    record per session (an open one is returned as it is)."""
    items, points = _check_links(session, items, points)
    protocol = current_protocol(by=by)
    with transaction.atomic():
        locked = _lock(session)
        existing = OcclusionCase.objects.filter(session=locked, ended_at__isnull=True).first()
        if existing is not None:
            return existing
        case = OcclusionCase(
            session=locked, protocol=protocol, onset_at=onset_at, area=area, started_by=by, started_at=timezone.now()
        )
        case.full_clean()
        _audited(case, by).save()
        case.items.set(items)
        case.points.set(points)
    return case


def _lock_case(case: OcclusionCase) -> OcclusionCase:
    return OcclusionCase.objects.select_for_update(of=("self",)).select_related("session", "protocol").get(pk=case.pk)


ENDED_MESSAGE = "This occlusion record has ended: open a new one if the signs come back."


def occlusion_round_record(
    *,
    case: OcclusionCase,
    by,
    expected_number,
    assessed_at: dt.datetime,
    capillary_refill: str,
    skin_colour: str,
    pain: str,
    visual_symptoms: bool = False,
    lot: ProductLot | None = None,
    units: Decimal | None = None,
    note: str = "",
) -> OcclusionRound:
    """One reassessment round; the hyaluronidase given is taken from its stock lot in the same transaction (refused
    with the stock's reason, next to the lot or the units, when the lot cannot give it). `expected_number` is the
    round the page offered: a page sent twice does not record the round twice."""
    with transaction.atomic():
        locked = _lock_case(case)
        if not locked.is_open:
            raise ValidationError(ENDED_MESSAGE)
        number = locked.rounds.count() + 1
        if str(expected_number) != str(number):
            raise ValidationError(
                {NON_FIELD_ERRORS: f"Round {number - 1} is already recorded: check the rounds below before adding one."}
            )
        round_ = OcclusionRound(
            case=locked,
            number=number,
            assessed_at=assessed_at,
            capillary_refill=capillary_refill,
            skin_colour=skin_colour,
            pain=pain,
            visual_symptoms=bool(visual_symptoms),
            lot=lot,
            units=units,
            note=(note or "").strip(),
            recorded_by=by,
        )
        round_.full_clean()
        _audited(round_, by).save()
        if lot is not None and units is not None:
            try:
                movement = stock_services.use_from_lot(
                    lot=lot,
                    amount=units,
                    by=by,
                    reference=f"vascular occlusion, session {locked.session.code}"[:120],
                    used_for=round_,
                )
            except ValidationError as exc:
                errors = getattr(exc, "error_dict", None)
                if errors is None:
                    raise
                raise ValidationError(
                    {{"amount": "units"}.get(name, name): messages for name, messages in exc.message_dict.items()}
                ) from None
            round_.movement = movement
            round_.save(update_fields=["movement"])
    return round_


def _summary(case: OcclusionCase, rounds: list[OcclusionRound]) -> str:
    """What was done, for the adverse event's action: the rounds, the hyaluronidase given by lot, the last signs."""
    given: dict[str, Decimal] = {}
    for r in rounds:
        if r.lot is not None and r.units:
            given[r.lot.lot_number] = given.get(r.lot.lot_number, Decimal(0)) + r.units
    total = sum(given.values(), Decimal(0))
    parts = [f"Stopped injecting. {len(rounds)} reassessment round{'s' if len(rounds) != 1 else ''}"]
    if given:
        lots = ", ".join(f"lot {lot} {amount(units, 'U')}" for lot, units in given.items())
        parts[0] += f"; hyaluronidase {amount(total, 'U')} in total ({lots})"
    parts[0] += "."
    if rounds:
        last = rounds[-1]
        parts.append(
            f"Last check: capillary refill {last.get_capillary_refill_display().lower()}, skin colour "
            f"{last.get_skin_colour_display().lower()}, pain {last.get_pain_display().lower()}."
        )
    if any(r.visual_symptoms for r in rounds):
        parts.append("A change in vision was recorded: referred for emergency eye care.")
    return " ".join(parts)


def occlusion_end(
    *,
    case: OcclusionCase,
    by,
    outcome: str,
    follow_up_on: dt.date | None,
    severity: str = EventSeverity.SEVERE,
    follow_up_note: str = "",
    note: str = "",
) -> AdverseEvent:
    """End the record: the adverse event (vascular compromise) with the area, items, points and lots, what was done,
    the outcome and the follow-up date, in the same transaction."""
    with transaction.atomic():
        locked = _lock_case(case)
        if not locked.is_open:
            raise ValidationError(ENDED_MESSAGE)
        if not follow_up_on:
            raise ValidationError({"follow_up_on": "Give the follow-up date: a vascular occlusion is always reviewed."})
        rounds = list(locked.rounds.select_related("lot").order_by("number"))
        action = _summary(locked, rounds)
        if (note or "").strip():
            action += f" {note.strip()}"
        area = locked.area
        event = adverse_event_record(
            session=locked.session,
            by=by,
            kind=EventKind.BLANCHING,
            severity=severity,
            details=f"Suspected vascular occlusion{f', {area.name}' if area else ''}",
            action_taken=action[:2000],
            onset_at=locked.onset_at,
            area=area,
            outcome=outcome,
            follow_up_on=follow_up_on,
            follow_up_note=follow_up_note,
            items=list(locked.items.all()),
            points=list(locked.points.select_related("performed_item")),
        )
        locked.ended_at = timezone.now()
        locked.ended_by = by
        locked.event = event
        locked.full_clean()
        _audited(locked, by).save(update_fields=["ended_at", "ended_by", "event"])
    case.ended_at, case.ended_by, case.event = locked.ended_at, by, event
    return event
