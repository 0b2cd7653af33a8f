"""Changes to consents: publishing a consent text's new version, and recording the patient's signatures.

Every write validates with full_clean() (the models hold the rules: the signature, the typed name, what was shown)
and runs inside transaction.atomic(). A signature is taken only for what the page showed: the form carries the plan
version and the hash of the text it showed, and a plan or consent text that changed since is refused with a clear
message, so nothing is ever signed unseen.

Every refusal is a ValidationError keyed by the form field it belongs to, or NON_FIELD_ERRORS, for
clinic.formtools.add_service_errors.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from consents import shown
from consents.models import ConsentKind, ConsentText, PlanAcceptance, SignedConsent
from consents.selectors import current_text, kinds_for_plan
from consents.signatures import normalised_png
from patients.services import patient_update
from planning.models import PlanStatus, TreatmentPlan
from planning.selectors import plan_items

CHANGED_MESSAGE = (
    "The plan changed while this page was open, so nothing was signed. Please read it again as it is now, then sign."
)
TEXT_CHANGED_MESSAGE = (
    "The clinic updated this consent text while this page was open, so nothing was signed. Please read the new text, "
    "then sign."
)


def _refusal(message: str, *, code: str | None = None) -> ValidationError:
    return ValidationError({NON_FIELD_ERRORS: ValidationError(message, code=code)})


def _now() -> dt.datetime:
    return timezone.now()


# --- consent texts -------------------------------------------------------------------------------------------


def consent_text_publish(*, kind: str, title: str, body: str, source_note: str = "", by) -> ConsentText:
    """A new version of the kind's text, which becomes the current one (the one before stays, as it was)."""
    text = ConsentText(
        kind=kind,
        title=(title or "").strip(),
        body=(body or "").replace("\r\n", "\n").strip(),
        source_note=(source_note or "").replace("\r\n", "\n").strip(),
        created_by=by,
        version=1,  # a placeholder for full_clean; the next free number is taken under the lock below
        is_current=True,
    )
    text.full_clean(exclude=["version", "is_current"])
    text._history_user = by
    with transaction.atomic():
        # Lock the kind's rows, so two admins publishing at once get versions n+1 and n+2, one of them current.
        list(ConsentText.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
        text.version = (ConsentText.objects.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0) + 1
        for old in ConsentText.objects.filter(kind=kind, is_current=True):
            old.is_current = False
            old._history_user = by
            old._change_reason = f"Replaced by version {text.version}"
            old.save(update_fields=["is_current"])
        text._change_reason = f"Version {text.version} published"
        text.save()
    return text


# --- signatures ----------------------------------------------------------------------------------------------


def _check_seen(plan: TreatmentPlan, *, expected_version, shown_hash: str, shown_text: str) -> None:
    try:
        version = int(expected_version)
    except (TypeError, ValueError):
        raise _refusal(CHANGED_MESSAGE, code="stale") from None
    if version != plan.version or (shown_hash or "") != shown.sha256(shown_text):
        raise _refusal(CHANGED_MESSAGE, code="stale")


def _signature_fields(*, typed_name: str, signature: bytes | None, signed_by_typing: bool) -> dict:
    # Typing the name instead of drawing: the typed name is the signature, and any drawing is not kept.
    return {
        "typed_name": " ".join((typed_name or "").split()),
        "signature": b"" if signed_by_typing else bytes(signature or b""),
        "signed_by_typing": bool(signed_by_typing),
    }


def _normalise(record) -> None:
    if record.signature:
        record.signature = normalised_png(record.signature)


def plan_accept_sign(
    *,
    plan: TreatmentPlan,
    by,
    typed_name: str,
    signature: bytes | None,
    signed_by_typing: bool = False,
    expected_version,
    shown_hash: str,
) -> PlanAcceptance:
    """The patient accepts the proposed plan as shown, signing for this version of it; `by` witnessed it.

    The plan's status is not changed here: a practitioner moves it to accepted (planning.services.plan_set_status),
    which the accept guard (consents.guards.plan_is_signed) now allows for this version. So the front desk, who may
    witness a signature but not change a plan, changes none.
    """
    plan.refresh_from_db()
    if plan.status != PlanStatus.PROPOSED:
        if plan.status == PlanStatus.ACCEPTED:
            raise _refusal("This plan is already accepted.", code="accepted")
        raise _refusal(
            f"This plan is {plan.get_status_display().lower()}: only a proposed plan can be accepted.",
            code="not_proposed",
        )
    what = shown.acceptance_shown(shown.plan_summary(plan))
    _check_seen(plan, expected_version=expected_version, shown_hash=shown_hash, shown_text=what)
    acceptance = PlanAcceptance(
        plan=plan,
        plan_version=plan.version,
        shown_text=what,
        shown_hash=shown.sha256(what),
        signed_at=_now(),
        witnessed_by=by,
        **_signature_fields(typed_name=typed_name, signature=signature, signed_by_typing=signed_by_typing),
    )
    if PlanAcceptance.objects.filter(plan=plan, plan_version=plan.version).exists():
        raise _refusal("The patient has already signed this plan.", code="signed")
    acceptance.full_clean()
    _normalise(acceptance)
    try:
        with transaction.atomic():
            acceptance.save()
    except IntegrityError:  # a second submit of the same page, a moment after the first
        raise _refusal("The patient has already signed this plan.", code="signed") from None
    return acceptance


def valid_until(signed_at: dt.datetime) -> dt.date:
    """The last day a consent signed at `signed_at` is in force: HARMONY_CONSENT_VALID_DAYS after the day it was
    signed."""
    return timezone.localdate(signed_at) + dt.timedelta(days=settings.HARMONY_CONSENT_VALID_DAYS)


def consent_sign(
    *,
    plan: TreatmentPlan,
    kind: str,
    by,
    text_version: int,
    typed_name: str,
    signature: bytes | None,
    signed_by_typing: bool = False,
    expected_version,
    shown_hash: str,
) -> SignedConsent:
    """The patient's informed consent to one kind of treatment in the plan (or to clinical photos), on the current
    text they read, witnessed by `by`. A photo consent also records, on the patient, their consent to photos for the
    clinical record."""
    plan.refresh_from_db()
    if kind not in ConsentKind.values:
        raise _refusal("Unknown kind of consent.", code="kind")
    if plan.status not in (PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS):
        raise _refusal(
            f"This plan is {plan.get_status_display().lower()}: consents are given for a proposed or accepted plan.",
            code="status",
        )
    items = plan_items(plan)
    if kind not in kinds_for_plan(items):
        raise _refusal(f"This plan has no {ConsentKind(kind).label.lower()}.", code="kind")
    text = current_text(kind)
    if text is None:
        raise _refusal("The clinic has no current text for this consent yet.", code="no_text")
    if str(text.version) != str(text_version):
        raise _refusal(TEXT_CHANGED_MESSAGE, code="text_changed")
    summary = shown.plan_summary(plan, items)
    what = shown.consent_shown(summary, text)
    _check_seen(plan, expected_version=expected_version, shown_hash=shown_hash, shown_text=what)
    signed_at = _now()
    consent = SignedConsent(
        patient=plan.patient,
        plan=plan,
        plan_version=plan.version,
        kind=kind,
        text=text,
        shown_text=what,
        shown_hash=shown.sha256(what),
        signed_at=signed_at,
        witnessed_by=by,
        valid_until=valid_until(signed_at),
        **_signature_fields(typed_name=typed_name, signature=signature, signed_by_typing=signed_by_typing),
    )
    consent.full_clean()
    _normalise(consent)
    with transaction.atomic():
        # The text row is locked so a version published at this moment cannot slip under the signature.
        if not ConsentText.objects.select_for_update().filter(pk=text.pk, is_current=True).exists():
            raise _refusal(TEXT_CHANGED_MESSAGE, code="text_changed")
        consent.save()
        patient = plan.patient
        if kind == ConsentKind.PHOTOS and not patient.consent_photos_clinical:
            patient_update(patient=patient, by=by, consent_photos_clinical=True)
    return consent
