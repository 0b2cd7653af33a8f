"""The plans a user may see, and the read models the plan pages are drawn from.

get_plan_for_user is the one access helper every plan view uses: 404 for a plan the user may not see (the front
desk never sees drafts), and `can_edit` says whether they may change it (403 otherwise). Who may see and do what
is decided in planning/access.py.
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
from clinic.formatting import amount, quantity
from planning import access
from planning.check_data import LastTime, findings_by_item
from planning.checks import SEVERITY_ORDER, Finding
from planning.models import InjectionPoint, PlanItem, TreatmentPlan


def plans_for_user(*, user) -> QuerySet[TreatmentPlan]:
    """Plans the user may see (planning.access), with their totals."""
    qs = TreatmentPlan.objects.select_related("patient", "consultation", "practitioner").annotate(
        total=Coalesce(
            Sum("items__price"), Value(Decimal("0")), output_field=DecimalField(max_digits=12, decimal_places=2)
        ),
        item_count=Count("items"),
        example_count=Count("items", filter=Q(items__price_is_example=True)),
    )
    return access.visible(qs, user=user)


def get_plan_for_user(*, user, code) -> tuple[TreatmentPlan, bool]:
    """(plan, can_edit); 403 for a user who may see no plans, 404 when the plan does not exist or the user may
    not see it."""
    plan = access.require_visible(user=user, plan=plans_for_user(user=user).filter(code=code).first())
    return plan, access.can_change(user=user, plan=plan)


def require_edit(*, user, code) -> TreatmentPlan:
    """The plan, for a view that changes it: 403 when the user may see it but not change it."""
    plan, can_edit = get_plan_for_user(user=user, code=code)
    if not can_edit:
        raise PermissionDenied
    return plan


def get_item(*, plan: TreatmentPlan, item_id: int) -> PlanItem:
    item = PlanItem.objects.select_related("treatment", "area", "product").filter(plan=plan, pk=item_id).first()
    if item is None:
        raise Http404("No such item in this plan.")
    item.plan = plan  # the same plan object, so the version a service claims through the item is the view's too
    return item


# --- the plan page -------------------------------------------------------------------------------------------


@dataclass
class ItemRow:
    """A plan item as its page shows it: the item, its safety findings (most severe first; empty when the user may
    not see them) and, for a dose split over both sides of a paired area, the dose per side ("4 U per side")."""

    item: PlanItem
    findings: list[Finding] = field(default_factory=list)
    per_side: str = ""


@dataclass
class AreaGroup:
    area: FacialArea
    rows: list[ItemRow]
    last_time: LastTime | None = None


@dataclass
class SessionGroup:
    number: int
    date: dt.date | None
    areas: list[AreaGroup] = field(default_factory=list)
    subtotal: Decimal = Decimal("0")
    has_example: bool = False

    @property
    def rows(self) -> list[ItemRow]:
        return [row for group in self.areas for row in group.rows]


def per_side_text(item: PlanItem) -> str:
    """ "8 U" on both sides of a paired area is 4 U a side: say so, since ranges are per side."""
    if item.side == Side.BOTH and item.area.bilateral:
        return f"{amount(item.dose / 2, item.dose_unit)} per side"
    return ""


def item_rows(items: list[PlanItem], findings: list[Finding]) -> list[ItemRow]:
    """The items with their findings (`findings` as the checks return them, most severe first) and per-side doses."""
    by_item = findings_by_item(findings)
    return [
        ItemRow(
            item=item,
            findings=sorted(by_item.get(str(item.pk), []), key=lambda f: -SEVERITY_ORDER[f.severity]),
            per_side=per_side_text(item),
        )
        for item in items
    ]


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


def group_items(plan: TreatmentPlan, rows: list[ItemRow], last: dict[int, LastTime]) -> list[SessionGroup]:
    """The rows by session, and within a session by area (each area with the patient's last treatment there)."""
    sessions: dict[int, SessionGroup] = {}
    for row in rows:
        item = row.item
        session = sessions.get(item.session_number)
        if session is None:
            session = sessions[item.session_number] = SessionGroup(
                number=item.session_number, date=session_date(plan, item.session_number)
            )
        if not session.areas or session.areas[-1].area.pk != item.area_id:
            session.areas.append(AreaGroup(area=item.area, rows=[], last_time=last.get(item.area_id)))
        session.areas[-1].rows.append(row)
        session.subtotal += item.price
        session.has_example = session.has_example or item.price_is_example
    return [sessions[n] for n in sorted(sessions)]


def chart_areas() -> list[FacialArea]:
    """The facial areas drawn on the face chart, in the catalog's order."""
    return list(FacialArea.objects.filter(is_active=True).order_by("display_order", "name"))


# --- change history ------------------------------------------------------------------------------------------


@dataclass
class HistoryRow:
    when: dt.datetime
    who: str
    what: str
    detail: str


def plan_history(plan: TreatmentPlan, *, limit: int = 40) -> list[HistoryRow]:
    """The plan's own changes, its items' and their injection points' (added, changed, removed), newest first.
    3 queries."""
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
                detail=h.history_change_reason or f"{h.treatment.name} · {h.area.name} {amount(h.dose, h.dose_unit)}",
            )
        )
    # Points of every item the plan ever had, removed ones included (a historical row keeps its item's id).
    point_history = (
        InjectionPoint.history.filter(item_id__in=PlanItem.history.filter(plan_id=plan.pk).values("id"))
        .exclude(history_change_reason__startswith="Point from template")  # the template's item row says it
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    for h in point_history:
        who = h.history_user.get_full_name() or h.history_user.username if h.history_user else "system"
        label = {"+": "Point added", "~": "Point changed", "-": "Point removed"}.get(h.history_type, "Point changed")
        rows.append(
            HistoryRow(
                when=h.history_date,
                who=who,
                what=label,
                detail=h.history_change_reason or f"{quantity(h.dose)} (point)",
            )
        )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]
