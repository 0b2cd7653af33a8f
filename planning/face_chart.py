"""The face chart's layout: where each facial area's points and labels go on the front and profile diagrams, what
is planned there, and the plan items' injection points. Pure layout over catalog areas, plan items and their points;
drawn by planning/_face_chart.html and listed for the keyboard by planning/_area_list.html and planning/_points.html.

Positions are percent of a diagram's drawing box (FRONT_W x FRONT_H, PROFILE_W x PROFILE_H): the catalog's
chart_x/chart_y and profile_x/profile_y, a template's points and a plan's InjectionPoint x/y alike. The SVG draws
in box units (percent x width / 100); planning/static/planning/points.js turns a click back into percent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from catalog.models import ChartView, FacialArea, Side
from clinic.formatting import amount as with_unit
from planning.check_data import LastTime
from planning.models import InjectionPoint, PlanItem

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
    last_time: LastTime | None = None  # the patient's last treatment here, for the area list

    @property
    def planned(self) -> bool:
        return bool(self.planned_text)


def _short(name: str, limit: int = 19) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def chart_name(area: FacialArea) -> str:
    """The area's name as short as a chart label needs: "Cheek / malar / midface" -> "Cheek"."""
    return area.name.split(" (")[0].split(" / ")[0]


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
        title, lines = f"{name} · {with_unit(amount, item.dose_unit)}", [_short(item.product.name)]
    else:
        title = name
        lines = [f"{with_unit(amount, item.dose_unit)} {_short(item.product.name, 14)}" for item, amount in entries]
    return ChartMark(
        x=round(x, 1),
        y=round(y, 1),
        planned=bool(entries),
        labels=[f"{item.product.name} {with_unit(amount, item.dose_unit)}" for item, amount in entries],
        side=side,
        patient_side=patient_side,
        kind=_kind([item for item, _ in entries]),
        title=title if entries else name,
        text_lines=lines if entries else [],
    )


def front_points(area: FacialArea) -> dict[str, float]:
    """The area's point(s) on the front view in percent across, by the patient's side: a bilateral area is stored at
    the patient's right (x <= 50, the viewer's left) and mirrored at 100 - x for the left; a midline area has one."""
    x = float(area.chart_x)
    if not area.bilateral:
        return {Side.MIDLINE: x}
    right_x = x if x <= 50 else 100 - x
    return {Side.RIGHT: right_x, Side.LEFT: 100 - right_x}


def face_chart(
    areas: list[FacialArea], items: list[PlanItem], *, last_times: dict[int, LastTime] | None = None
) -> list[ChartArea]:
    """Every active area with its points on the front (mirrored for bilateral areas) and profile diagrams, and the
    patient's last treatment there when `last_times` (planning.check_data.PatientHistory.last_times) has one.

    Bilateral areas are stored at the patient's right side (x < 50, the viewer's left on a front view); the
    patient's left is the mirror at 100 - x. A planned area is marked per side with product and dose per side.
    """
    by_area: dict[int, list[PlanItem]] = {}
    for item in items:
        by_area.setdefault(item.area_id, []).append(item)
    chart: list[ChartArea] = []
    for area in areas:
        planned = by_area.get(area.pk, [])
        y = float(area.chart_y)
        points = front_points(area)
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
            f"{i.product.name} {with_unit(i.dose, i.dose_unit)} · {i.get_side_display().lower()}" for i in planned
        ]
        last = (last_times or {}).get(area.pk)
        chart.append(ChartArea(area=area, planned_text=planned_text, front=front, profile=profile, last_time=last))

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


# --- positions an injection point may be placed at by area (the keyboard's way), and the points as drawn -------


@dataclass(frozen=True)
class AreaPosition:
    """A place on the chart named by its area: the area's chart point (per side for a paired area, or on the
    profile), in percent of that view's diagram."""

    key: str  # "12" (midline), "12-right", "12-left", "12-profile"
    label: str  # "Lateral canthal lines, patient's right"
    area_id: int
    view: str
    x: Decimal
    y: Decimal


def _percent(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def area_positions(areas: list[FacialArea]) -> list[AreaPosition]:
    """Every active area's chart point(s): front (each side of a paired area) and, when it has one, profile."""
    positions = []
    for area in areas:
        for side, x in front_points(area).items():
            label = area.name if side == Side.MIDLINE else f"{area.name}, patient's {side}"
            key = str(area.pk) if side == Side.MIDLINE else f"{area.pk}-{side}"
            positions.append(AreaPosition(key, label, area.pk, ChartView.FRONT, _percent(x), _percent(area.chart_y)))
        if area.profile_x is not None and area.profile_y is not None:
            positions.append(
                AreaPosition(
                    f"{area.pk}-profile",
                    f"{area.name}, on the profile",
                    area.pk,
                    ChartView.PROFILE,
                    _percent(area.profile_x),
                    _percent(area.profile_y),
                )
            )
    return positions


def point_title(item: PlanItem, point: InjectionPoint, number: int) -> str:
    """ "Glabellar lines · Botox Cosmetic, point 3: 4 U, intramuscular, bolus, needle 30 G (procerus)"."""
    how = [with_unit(point.dose, item.dose_unit)]
    how += [label for label in (point.get_depth_display(), point.get_technique_display()) if label]
    if point.instrument:
        how.append(point.get_instrument_display().lower() + (f" {point.gauge} G" if point.gauge else ""))
    elif point.gauge:
        how.append(f"{point.gauge} G")
    note = f" ({point.note})" if point.note else ""
    return f"{chart_name(item.area)} · {item.product.name}, point {number}: {', '.join(how)}{note}"


@dataclass
class ChartPoint:
    """An injection point as the chart draws it: a small marker in the diagram's box units with its dose beside it
    (outwards from the midline, or below it on the midline, so the area labels in the margins stay clear)."""

    item: PlanItem
    point: InjectionPoint
    number: int  # the point's number within its item, as the points table lists it
    x: float
    y: float
    kind: str  # the product's kind: "toxin" or "filler"
    dose_text: str  # "4 U"
    title: str
    label_x: float
    label_y: float
    anchor: str  # the label's text-anchor: "start", "middle" or "end"


@dataclass
class ChartPoints:
    """The plan's injection points on each view, and the boxes they are drawn in (for points.js: percent = box
    units x 100 / width)."""

    front: list[ChartPoint] = field(default_factory=list)
    profile: list[ChartPoint] = field(default_factory=list)
    front_width: int = FRONT_W
    front_height: int = FRONT_H
    profile_width: int = PROFILE_W
    profile_height: int = PROFILE_H

    @property
    def any(self) -> bool:
        return bool(self.front or self.profile)


def chart_points(items: list[PlanItem], points: dict[int, list[InjectionPoint]]) -> ChartPoints:
    """The injection points of `items` (`points` by item id, planning.check_data.plan_points) in box units."""
    chart = ChartPoints()
    for item in items:
        for number, point in enumerate(points.get(item.pk, ()), start=1):
            front = point.view == ChartView.FRONT
            width, height = (FRONT_W, FRONT_H) if front else (PROFILE_W, PROFILE_H)
            x, y = float(point.x) * width / 100, float(point.y) * height / 100
            if not front or float(point.x) > 52:
                anchor, label_x, label_y = "start", x + 4.5, y + 2.5
            elif float(point.x) < 48:
                anchor, label_x, label_y = "end", x - 4.5, y + 2.5
            else:
                anchor, label_x, label_y = "middle", x, y + 10
            drawn = ChartPoint(
                item=item,
                point=point,
                number=number,
                x=round(x, 1),
                y=round(y, 1),
                kind=item.product.kind,
                dose_text=with_unit(point.dose, item.dose_unit),
                title=point_title(item, point, number),
                label_x=round(label_x, 1),
                label_y=round(label_y, 1),
                anchor=anchor,
            )
            (chart.front if front else chart.profile).append(drawn)
    return chart


def nearest_position(positions: list[AreaPosition], *, view: str, x: Decimal, y: Decimal) -> AreaPosition | None:
    """The area position nearest to (x, y) on `view`, to name where a point is ("near Glabellar lines")."""
    candidates = [p for p in positions if p.view == view]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (p.x - Decimal(x)) ** 2 + (p.y - Decimal(y)) ** 2)
