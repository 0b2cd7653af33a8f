"""What a user may see of treatment plans, and the read models the plan pages are drawn from.

get_plan_for_user is the one access helper every plan view uses: 404 for a plan the user may not see (the front
desk never sees drafts), and `can_edit` says whether they may change it (403 otherwise).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from catalog.models import FacialArea, Side
from patients.models import PreviousTreatment
from planning.models import FRONT_DESK_VISIBLE_STATUSES, PerformedItem, PlanItem, TreatmentPlan

CLINICAL_PERM = "planning.view_clinical_notes"
CHANGE_PERM = "planning.change_treatmentplan"


def can_see_clinical(user) -> bool:
    return user.has_perm(CLINICAL_PERM)


def plans_for_user(*, user) -> QuerySet[TreatmentPlan]:
    """Plans the user may see, with their totals: practitioners all, the front desk proposed onwards."""
    qs = TreatmentPlan.objects.select_related("patient", "consultation", "practitioner").annotate(
        total=Coalesce(
            Sum("items__price"), Value(Decimal("0")), output_field=DecimalField(max_digits=12, decimal_places=2)
        ),
        item_count=Count("items"),
        example_count=Count("items", filter=Q(items__price_is_example=True)),
    )
    if not user.is_authenticated or not user.has_perm("planning.view_treatmentplan"):
        return qs.none()
    if can_see_clinical(user):
        return qs
    return qs.filter(status__in=FRONT_DESK_VISIBLE_STATUSES)


def get_plan_for_user(user, code) -> tuple[TreatmentPlan, bool]:
    """(plan, can_edit); 404 when the plan does not exist or the user may not see it."""
    if not user.has_perm("planning.view_treatmentplan"):
        raise PermissionDenied
    plan = plans_for_user(user=user).filter(code=code).first()
    if plan is None:
        raise Http404("No such plan.")
    return plan, user.has_perm(CHANGE_PERM)


def require_edit(user, code) -> TreatmentPlan:
    plan, can_edit = get_plan_for_user(user, code)
    if not can_edit:
        raise PermissionDenied
    return plan


def get_item(plan: TreatmentPlan, item_id: int) -> PlanItem:
    item = PlanItem.objects.select_related("treatment", "area", "product", "plan").filter(plan=plan, pk=item_id).first()
    if item is None:
        raise Http404("No such item in this plan.")
    item.plan = plan
    return item


# --- the plan page -------------------------------------------------------------------------------------------


@dataclass
class LastTime:
    product: str
    dose: Decimal | None
    unit: str
    on: dt.date
    origin: str


@dataclass
class AreaGroup:
    area: FacialArea
    items: list[PlanItem]
    last_time: LastTime | None = None


@dataclass
class SessionGroup:
    number: int
    date: dt.date | None
    areas: list[AreaGroup] = field(default_factory=list)
    subtotal: Decimal = Decimal("0")
    has_example: bool = False

    @property
    def items(self) -> list[PlanItem]:
        return [item for group in self.areas for item in group.items]


def session_date(plan: TreatmentPlan, number: int) -> dt.date | None:
    if not plan.planned_for:
        return None
    try:
        return plan.planned_for + dt.timedelta(days=plan.session_gap_days * (number - 1))
    except OverflowError:  # a date stored before forms bounded the year: show no date rather than fail the page
        return None


def plan_items(plan: TreatmentPlan) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(plan=plan)
        .select_related("treatment", "area", "product")
        .order_by("session_number", "area__display_order", "area__name", "order", "id")
    )


def last_times(plan: TreatmentPlan, area_ids: set[int]) -> dict[int, LastTime]:
    """The patient's most recent treatment in each area (recorded at consultation or performed here). 2 queries."""
    found: dict[int, LastTime] = {}
    if not area_ids:
        return found
    previous = (
        PreviousTreatment.objects.filter(patient_id=plan.patient_id, area_id__in=area_ids)
        .select_related("product")
        .order_by("-treated_on")
    )
    for p in previous:
        assert p.area_id is not None  # filtered on area_id__in
        current = found.get(p.area_id)
        if current is None or p.treated_on > current.on:
            found[p.area_id] = LastTime(
                product=p.product.name if p.product is not None else (p.product_name or "Unknown product"),
                dose=p.dose,
                unit=p.dose_unit or (p.product.dose_unit if p.product is not None else ""),
                on=p.treated_on,
                origin="recorded at consultation",
            )
    performed = (
        PerformedItem.objects.filter(session__patient_id=plan.patient_id, area_id__in=area_ids)
        .select_related("product", "session")
        .order_by("-session__performed_at")
    )
    from django.utils import timezone

    for done in performed:
        on = timezone.localtime(done.session.performed_at).date()
        current = found.get(done.area_id)
        if current is None or on > current.on:
            found[done.area_id] = LastTime(
                product=done.product.name, dose=done.dose, unit=done.dose_unit, on=on, origin="performed here"
            )
    return found


def group_items(plan: TreatmentPlan, items: list[PlanItem], last: dict[int, LastTime]) -> list[SessionGroup]:
    sessions: dict[int, SessionGroup] = {}
    for item in items:
        session = sessions.get(item.session_number)
        if session is None:
            session = sessions[item.session_number] = SessionGroup(
                number=item.session_number, date=session_date(plan, item.session_number)
            )
        if not session.areas or session.areas[-1].area.pk != item.area_id:
            session.areas.append(AreaGroup(area=item.area, items=[], last_time=last.get(item.area_id)))
        session.areas[-1].items.append(item)
        session.subtotal += item.price
        session.has_example = session.has_example or item.price_is_example
    return [sessions[n] for n in sorted(sessions)]


# --- the face chart ------------------------------------------------------------------------------------------

# The diagrams' drawing boxes: catalog chart_x/chart_y (and profile_x/profile_y) are percent of them. The seed
# places the face oval at x 20..80 and y 5..97 of the front box, so a box a little wider than high keeps a
# natural face shape (0.7 width to height); the neck runs below 100 %.
FRONT_W, FRONT_H = 280, 260
PROFILE_W, PROFILE_H = 280, 260


@dataclass
class ChartMark:
    x: float
    y: float
    planned: bool
    labels: list[str]
    side: str  # where the label goes on the diagram: "left" or "right"
    patient_side: str = Side.MIDLINE  # the patient's side this point stands for
    kind: str = ""  # "toxin", "filler" or "mixed" when planned
    title: str = ""  # first line of the label: the area's short name (and the amount when one item)
    text_lines: list[str] = field(default_factory=list)  # the label's further lines
    label_x: float = 0
    label_y: float = 0

    @property
    def lines(self) -> list[str]:
        return [self.title, *self.text_lines]

    @property
    def leader_end_x(self) -> float:
        return self.label_x + (3 if self.side == "left" else -3)

    @property
    def leader_end_y(self) -> float:
        return round(self.label_y - 3, 1)


@dataclass
class ChartArea:
    area: FacialArea
    planned_text: list[str]
    front: list[ChartMark]
    profile: ChartMark | None

    @property
    def planned(self) -> bool:
        return bool(self.planned_text)


def _short(name: str, limit: int = 19) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def chart_name(area: FacialArea) -> str:
    """The area's name as short as a chart label needs: "Cheek / malar / midface" -> "Cheek"."""
    return area.name.split(" (")[0].split(" / ")[0]


def _fmt(value: Decimal, unit: str) -> str:
    return f"{value.normalize():f} {unit}"


def _kind(items: list[PlanItem]) -> str:
    kinds = {i.product.kind for i in items}
    return kinds.pop() if len(kinds) == 1 else ("mixed" if kinds else "")


def _spread(marks: list[ChartMark], top: float, bottom: float) -> None:
    """Place labels level with their point, pushed apart so that none overlap, and kept inside the diagram."""
    marks.sort(key=lambda m: m.y)
    line = 13
    cursor = top
    for mark in marks:
        mark.label_y = max(mark.y, cursor)
        cursor = mark.label_y + line * len(mark.lines) + 6
    overflow = cursor - 6 - bottom
    if overflow > 0:
        for mark in reversed(marks):
            mark.label_y = max(top, mark.label_y - overflow)


def _mark(area: FacialArea, entries: list[tuple[PlanItem, Decimal]], *, x, y, side, patient_side) -> ChartMark:
    """A point with its label: "Cheek · 0.5 mL" over the product's name (one line per item when several)."""
    name = chart_name(area)
    if len(entries) == 1:
        item, amount = entries[0]
        title, lines = f"{name} · {_fmt(amount, item.dose_unit)}", [_short(item.product.name)]
    else:
        title = name
        lines = [f"{_fmt(amount, item.dose_unit)} {_short(item.product.name, 14)}" for item, amount in entries]
    return ChartMark(
        x=round(x, 1),
        y=round(y, 1),
        planned=bool(entries),
        labels=[f"{item.product.name} {_fmt(amount, item.dose_unit)}" for item, amount in entries],
        side=side,
        patient_side=patient_side,
        kind=_kind([item for item, _ in entries]),
        title=title if entries else name,
        text_lines=lines if entries else [],
    )


def face_chart(areas: list[FacialArea], items: list[PlanItem]) -> list[ChartArea]:
    """Every active area with its points on the front (mirrored for bilateral areas) and profile diagrams.

    Bilateral areas are stored at the patient's right side (x < 50, the viewer's left on a front view); the
    patient's left is the mirror at 100 - x. A planned area is marked per side with product and dose per side.
    """
    by_area: dict[int, list[PlanItem]] = {}
    for item in items:
        by_area.setdefault(item.area_id, []).append(item)
    chart: list[ChartArea] = []
    for area in areas:
        planned = by_area.get(area.pk, [])
        x, y = float(area.chart_x), float(area.chart_y)
        right_x = x if x <= 50 else 100 - x
        points = {Side.RIGHT: right_x, Side.LEFT: 100 - right_x} if area.bilateral else {Side.MIDLINE: x}
        per_side: dict[str, list[tuple[PlanItem, Decimal]]] = {key: [] for key in points}
        for item in planned:
            if not area.bilateral:
                per_side[Side.MIDLINE].append((item, item.dose))
                continue
            both = item.side in (Side.BOTH, Side.MIDLINE)
            for side in (Side.RIGHT, Side.LEFT) if both else (item.side,):
                per_side[side].append((item, item.dose / 2 if both else item.dose))
        front = []
        for side, px in points.items():
            front.append(
                _mark(
                    area,
                    per_side[side],
                    x=px * FRONT_W / 100,
                    y=y * FRONT_H / 100,
                    side="left" if px < 50 else "right",
                    patient_side=side,
                )
            )
        profile = None
        if area.profile_x is not None and area.profile_y is not None:
            profile = _mark(
                area,
                [(i, i.dose) for i in planned],
                x=float(area.profile_x) * PROFILE_W / 100,
                y=float(area.profile_y) * PROFILE_H / 100,
                side="right",
                patient_side=Side.RIGHT if area.bilateral else Side.MIDLINE,
            )
        planned_text = [
            f"{i.product.name} {_fmt(i.dose, i.dose_unit)} · {i.get_side_display().lower()}" for i in planned
        ]
        chart.append(ChartArea(area=area, planned_text=planned_text, front=front, profile=profile))

    # Labels sit in the margins with a leader line to their point, spread so they never overlap.
    for side in ("left", "right"):
        marks = [m for c in chart for m in c.front if m.planned and m.side == side]
        for m in marks:
            m.label_x = -4 if side == "left" else FRONT_W + 4
        _spread(marks, 10, FRONT_H + 20)
    profile_marks = [c.profile for c in chart if c.profile and c.profile.planned]
    for m in profile_marks:
        m.label_x = PROFILE_W + 8
    _spread(profile_marks, 10, PROFILE_H + 20)
    return chart


def chart_areas() -> list[FacialArea]:
    return list(FacialArea.objects.filter(is_active=True).order_by("display_order", "name"))


# --- change history ------------------------------------------------------------------------------------------


@dataclass
class HistoryRow:
    when: dt.datetime
    who: str
    what: str
    detail: str


def plan_history(plan: TreatmentPlan, *, limit: int = 40) -> list[HistoryRow]:
    """The plan's own changes and its items' (added, changed, removed), newest first. 2 queries."""
    rows: list[HistoryRow] = []
    kinds = {"+": "created", "~": "changed", "-": "removed"}
    for h in plan.history.select_related("history_user").order_by("-history_date")[:limit]:
        who = h.history_user.get_full_name() or h.history_user.username if h.history_user else "system"
        rows.append(
            HistoryRow(
                when=h.history_date,
                who=who,
                what=f"Plan {kinds.get(h.history_type, 'changed')}",
                detail=h.history_change_reason or f"{h.get_status_display()}",
            )
        )
    item_history = (
        PlanItem.history.filter(plan_id=plan.pk)
        .select_related("history_user", "treatment", "area")
        .order_by("-history_date")[:limit]
    )
    for h in item_history:
        who = h.history_user.get_full_name() or h.history_user.username if h.history_user else "system"
        label = {"+": "Item added", "~": "Item changed", "-": "Item removed"}.get(h.history_type, "Item changed")
        rows.append(
            HistoryRow(
                when=h.history_date,
                who=who,
                what=label,
                detail=h.history_change_reason
                or f"{h.treatment.name} · {h.area.name} {h.dose.normalize():f} {h.dose_unit}",
            )
        )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]
