"""The face chart's layout: where each facial area's points and labels go on the front and profile diagrams, and
what is planned there. Pure layout over catalog areas and plan items; drawn by planning/_face_chart.html and listed
for the keyboard by planning/_area_list.html."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from catalog.models import FacialArea, Side
from clinic.formatting import amount as with_unit
from planning.check_data import LastTime
from planning.models import PlanItem

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
