"""The report's chart, laid out on the server as plain numbers for an inline SVG (no JavaScript, no library): one
pair of horizontal bars per treatment and product, % improved as rated by the practitioner and by the patient.

The template (outcomes/_chart.svg.html) draws it with a <title> and <desc>; the report's table is its text
alternative and holds every figure the chart shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from outcomes.stats import ReportRow

WIDTH = 720
LABEL_WIDTH = 260
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 18
TOP = 28  # room for the axis labels above the bars
BOTTOM = 28  # room for the legend
PLOT_WIDTH = WIDTH - LABEL_WIDTH - 60  # room on the right for the value labels


@dataclass(frozen=True)
class Bar:
    rater: str  # "practitioner" or "patient": the CSS class that colours it
    x: int
    y: int
    width: int
    height: int
    label: str  # "75%" or "no ratings"


@dataclass(frozen=True)
class Group:
    label: str
    y: int  # baseline of the group's label
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_bottom: int
    groups: tuple[Group, ...]
    ticks: tuple[Tick, ...]
    legend_y: int


def _bar(rater: str, percent: int | None, *, y: int) -> Bar:
    width = round(PLOT_WIDTH * (percent or 0) / 100)
    return Bar(
        rater=rater,
        x=LABEL_WIDTH,
        y=y,
        width=width,
        height=BAR_HEIGHT,
        label="no ratings" if percent is None else f"{percent}%",
    )


def improvement_chart(rows: list[ReportRow]) -> Chart:
    groups = []
    y = TOP
    for row in rows:
        bars = (
            _bar("practitioner", row.practitioner.improved_percent, y=y),
            _bar("patient", row.patient.improved_percent, y=y + BAR_HEIGHT + BAR_GAP),
        )
        groups.append(Group(label=f"{row.treatment} · {row.product}", y=y + BAR_HEIGHT + BAR_GAP // 2, bars=bars))
        y += 2 * BAR_HEIGHT + BAR_GAP + GROUP_GAP
    plot_bottom = y - GROUP_GAP + 6
    ticks = tuple(Tick(x=LABEL_WIDTH + PLOT_WIDTH * p // 100, label=f"{p}%") for p in (0, 25, 50, 75, 100))
    return Chart(
        width=WIDTH,
        height=plot_bottom + BOTTOM,
        plot_left=LABEL_WIDTH,
        plot_top=TOP - 8,
        plot_bottom=plot_bottom,
        groups=tuple(groups),
        ticks=ticks,
        legend_y=plot_bottom + 18,
    )
