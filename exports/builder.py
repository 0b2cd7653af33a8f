"""The patient's whole record as plain data: the one source of both the JSON file and the PDF.

The sections, in order: the patient, consultations (with screening answers), previous treatments (patients.export),
then treatment plans with their items and injection points, sessions with what was given (items, points, lots and
vials), the signature, amendments, adverse events and any vascular occlusion record, signed consents and plan
acceptances (with the text the patient was shown, and the drawn signature as a base64 PNG), photos (what was taken
when; the images themselves are not in the file), follow-ups and aftercare messages, and outcome ratings.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from consents.models import PlanAcceptance, SignedConsent
from followups.models import AftercareMessage, Followup
from outcomes.models import OutcomeRating
from patients.export import patient_part, record_data, value_data
from patients.models import Patient
from photos.models import Photo
from planning.models import TreatmentPlan, TreatmentSession
from records.models import AdverseEvent, OcclusionCase, SessionAmendment, SessionSignature

FORMAT_VERSION = 1


def _signed(record, *, exclude: tuple[str, ...]) -> dict[str, Any]:
    data = record_data(record, exclude=("signature", *exclude))
    data["signature_png_base64"] = value_data(record.signature) if record.signature else None
    return data


def _plans(patient: Patient) -> list[dict]:
    plans = (
        TreatmentPlan.objects.filter(patient=patient)
        .select_related("practitioner", "consultation", "status_changed_by")
        .prefetch_related("items__treatment", "items__area", "items__product", "items__points")
        .order_by("created_at")
    )
    out = []
    for plan in plans:
        data = record_data(plan, exclude=("patient",))
        data["items"] = [
            {
                **record_data(item, exclude=("plan",)),
                "points": [record_data(point, exclude=("item",)) for point in item.points.all()],
            }
            for item in plan.items.all()
        ]
        out.append(data)
    return out


def _session(session: TreatmentSession) -> dict[str, Any]:
    data = record_data(session, exclude=("patient",))
    data["performed_items"] = [
        {
            **record_data(item, exclude=("session",)),
            "points": [record_data(point, exclude=("performed_item",)) for point in item.points.all()],
        }
        for item in session.items.all()
    ]
    signature = SessionSignature.objects.filter(session=session).select_related("signed_by").first()
    data["signature"] = record_data(signature, exclude=("session",)) if signature else None
    data["amendments"] = [
        record_data(a, exclude=("session",)) for a in SessionAmendment.objects.filter(session=session)
    ]
    data["adverse_events"] = [
        record_data(e, exclude=("session",), many=("items", "points"))
        for e in AdverseEvent.objects.filter(session=session).select_related("area", "noted_by").order_by("noted_at")
    ]
    data["occlusion_cases"] = [
        {
            **record_data(case, exclude=("session",), many=("items", "points")),
            "rounds": [record_data(r, exclude=("case",)) for r in case.rounds.all()],
        }
        for case in OcclusionCase.objects.filter(session=session).prefetch_related("rounds")
    ]
    return data


def _sessions(patient: Patient) -> list[dict]:
    sessions = (
        TreatmentSession.objects.filter(patient=patient)
        .select_related("plan", "performed_by")
        .prefetch_related(
            "items__treatment", "items__area", "items__product", "items__stock_lot", "items__vial", "items__points"
        )
        .order_by("performed_at")
    )
    return [_session(session) for session in sessions]


def _consents(patient: Patient) -> dict[str, list[dict]]:
    consents = SignedConsent.objects.filter(patient=patient).select_related("plan", "text", "witnessed_by")
    acceptances = PlanAcceptance.objects.filter(plan__patient=patient).select_related("plan", "witnessed_by")
    return {
        "signed_consents": [_signed(c, exclude=("patient",)) for c in consents.order_by("signed_at")],
        "plan_acceptances": [_signed(a, exclude=()) for a in acceptances.order_by("signed_at")],
    }


def record_export(*, patient: Patient, by) -> dict[str, Any]:
    """Everything Harmony holds about the patient, as JSON-ready data."""
    sessions = TreatmentSession.objects.filter(patient=patient)
    return {
        "export": {
            "format_version": FORMAT_VERSION,
            "clinic": settings.HARMONY_CLINIC_NAME,
            "exported_at": value_data(timezone.now()),
            "exported_by": by.get_full_name() or by.get_username(),
            "time_zone": settings.TIME_ZONE,
        },
        **patient_part(patient=patient),
        "treatment_plans": _plans(patient),
        "sessions": _sessions(patient),
        **_consents(patient),
        "photos": [
            record_data(p, exclude=("patient",))
            for p in Photo.objects.filter(patient=patient).select_related("uploaded_by", "consultation", "session")
        ],
        "follow_ups": [
            record_data(f, exclude=("patient",), many=("items",))
            for f in Followup.objects.filter(patient=patient).select_related("session", "practitioner", "closed_by")
        ],
        "aftercare_messages": [
            record_data(m, exclude=("patient",))
            for m in AftercareMessage.objects.filter(patient=patient).select_related("session", "created_by")
        ],
        "outcome_ratings": [
            record_data(r)
            for r in OutcomeRating.objects.filter(session__in=sessions)
            .select_related("session", "area", "rated_by")
            .order_by("rated_at")
        ],
    }
