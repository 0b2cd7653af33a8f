"""What the record pages read: a session's events (signed ones and later entries), a patient's events, the
occlusion records, and the recall list of a lot or a vial."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from catalog.models import ProductKind
from patients.models import Patient
from planning.models import PerformedItem, PerformedPoint, TreatmentSession
from records.models import AdverseEvent, OcclusionCase, OcclusionRound
from stock.models import Vial


def _events() -> QuerySet[AdverseEvent]:
    return AdverseEvent.objects.select_related("noted_by", "area", "occlusion_case").prefetch_related(
        Prefetch("items", queryset=PerformedItem.objects.select_related("product", "area").order_by("pk")),
        Prefetch("points", queryset=PerformedPoint.objects.select_related("performed_item__area").order_by("pk")),
    )


def session_events(*, session: TreatmentSession) -> tuple[list[AdverseEvent], list[AdverseEvent]]:
    """The session's events noted before signing (part of the signed record) and those recorded after it."""
    events = list(_events().filter(session=session).order_by("noted_at", "pk"))
    return [e for e in events if not e.recorded_after_signing], [e for e in events if e.recorded_after_signing]


def patient_events(*, patient: Patient) -> list[AdverseEvent]:
    """Every adverse event of the patient's sessions, the latest first."""
    return list(_events().filter(session__patient=patient).select_related("session").order_by("-noted_at", "-pk")[:50])


def filler_items(*, session: TreatmentSession) -> list[PerformedItem]:
    """What a suspected occlusion is about: the session's filler items (with their points)."""
    return list(
        session.items.filter(product__kind=ProductKind.FILLER)
        .select_related("product", "area", "stock_lot")
        .prefetch_related("points")
        .order_by("pk")
    )


def occlusion_session_for(*, patient: Patient) -> TreatmentSession | None:
    """The session the patient page's occlusion button opens: the latest with a filler item, else the latest."""
    sessions = TreatmentSession.objects.filter(patient=patient).order_by("-performed_at", "-pk")
    return sessions.filter(items__product__kind=ProductKind.FILLER).first() or sessions.first()


def open_case(*, session: TreatmentSession) -> OcclusionCase | None:
    return OcclusionCase.objects.filter(session=session, ended_at__isnull=True).first()


def get_case(*, code) -> OcclusionCase:
    return get_object_or_404(
        OcclusionCase.objects.select_related(
            "session__patient", "session__plan", "session__performed_by", "protocol", "area", "event", "started_by"
        ),
        code=code,
    )


def case_rounds(*, case: OcclusionCase) -> list[OcclusionRound]:
    return list(case.rounds.select_related("lot__product", "recorded_by").order_by("number"))


def session_cases(*, session: TreatmentSession) -> list[OcclusionCase]:
    return list(session.occlusion_cases.order_by("-started_at"))


# --- recall ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecallRow:
    """One patient who received the lot (or vial): in which session, when, what and how much."""

    patient: Patient
    session: TreatmentSession
    given_at: dt.datetime
    product: str
    lot_number: str
    expiry: dt.date | None
    dose: Decimal
    unit: str
    area: str
    via: str  # "treatment" or "occlusion round"
    vial: str = ""


def recall_rows(*, lot_number: str = "", vial: Vial | None = None) -> list[RecallRow]:
    """Everyone who received the lot number (any product; as typed on the record or as its stock lot), or the vial:
    treatments given and hyaluronidase given in occlusion rounds, the latest first."""
    lot_number = " ".join((lot_number or "").split())
    if not lot_number and vial is None:
        return []
    items = PerformedItem.objects.select_related("session__patient", "product", "area", "vial__lot", "stock_lot")
    if vial is not None:
        items = items.filter(vial=vial)
    else:
        items = items.filter(
            Q(lot_number__iexact=lot_number)
            | Q(stock_lot__lot_number__iexact=lot_number)
            | Q(vial__lot__lot_number__iexact=lot_number)
        )
    rows = [
        RecallRow(
            patient=i.session.patient,
            session=i.session,
            given_at=i.session.performed_at,
            product=i.product.name,
            lot_number=i.lot_number,
            expiry=i.lot_expiry,
            dose=i.dose,
            unit=i.dose_unit,
            area=f"{i.area.name} ({i.get_side_display().lower()})",
            via="treatment",
            vial=i.vial.label if i.vial_id else "",
        )
        for i in items
    ]
    if vial is None:
        rounds = OcclusionRound.objects.filter(lot__lot_number__iexact=lot_number).select_related(
            "lot__product", "case__session__patient", "case__area"
        )
        rows += [
            RecallRow(
                patient=r.case.session.patient,
                session=r.case.session,
                given_at=r.assessed_at,
                product=r.lot.product.name,
                lot_number=r.lot.lot_number,
                expiry=r.lot.expiry,
                dose=r.units,
                unit=r.lot.product.dose_unit,
                area=r.case.area.name if r.case.area_id else "",
                via=f"occlusion round {r.number}",
            )
            for r in rounds
            if r.units
        ]
    return sorted(rows, key=lambda row: (row.given_at, row.session.pk), reverse=True)


def recall_vials() -> QuerySet[Vial]:
    """The vials a recall may be about, the latest opened first."""
    return Vial.objects.select_related("lot__product").order_by("-opened_at")
