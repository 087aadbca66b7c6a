"""The divergence chart of one issue, laid out for SVG: each marker where `render.axis` puts it
(the terminal chart's geometry, in pixels instead of characters), its label in the first lane
above the axis where it does not touch another, and the scale's ticks and labels below. The
template `chart.svg.j2` draws this layout; nothing here writes markup."""

from __future__ import annotations

import itertools
import unicodedata

from ..records import Record
from ..render.axis import place
from .page import ChartView

WIDTH = 480
MARGIN = 48  #: room at each end for a label centred on the scale's ends
AXIS = WIDTH - 2 * MARGIN
LANE = 18  #: the height of one row of labels
FONT = 13
TOP = 8
TICK_ROWS_FROM = 96  #: below this many pixels between labelled ticks, their labels alternate rows
ALL_TICKS_UP_TO = 12  #: a wider scale gets ticks at its quarters only, as in the terminal chart


def text_width(text: str, size: float = FONT) -> float:
    """About how wide `text` is drawn: wide (CJK) characters a full em, others a little over half."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


class Placed(Record):
    __slots__ = ("basis", "label", "label_x", "label_y", "lane", "x")

    def __init__(self, x: int, label_x: float, lane: int, label: str, basis: str | None) -> None:
        self.x = x
        self.label_x = label_x  #: the marker's x, moved in just enough to keep the label inside
        self.lane = lane
        self.label = label
        self.basis = basis or "none"
        self.label_y = 0


class Tick(Record):
    __slots__ = ("label", "label_y", "number", "x")

    def __init__(self, x: int, number: str, label: str | None, label_y: int) -> None:
        self.x = x
        self.number = number
        self.label = label
        self.label_y = label_y


class Layout(Record):
    __slots__ = ("axis_y", "height", "markers", "ticks", "width")

    def __init__(self, width: int, height: int, axis_y: int, markers: list[Placed], ticks: list[Tick]) -> None:
        self.width = width
        self.height = height
        self.axis_y = axis_y
        self.markers = markers
        self.ticks = ticks


def layout(chart: ChartView) -> Layout:
    lanes: list[list[tuple[float, float]]] = []
    placed = []
    for marker in chart.markers:
        x = MARGIN + marker.at(AXIS)
        half = text_width(marker.label) / 2 + 3
        label_x = min(max(x, half), WIDTH - half)
        span = (label_x - half, label_x + half)
        lane = next((n for n, taken in enumerate(lanes)
                     if all(span[1] < a or span[0] > b for a, b in taken)), len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append(span)
        placed.append(Placed(x, round(label_x, 1), lane, marker.label, marker.basis))
    axis_y = TOP + max(len(lanes), 1) * LANE + 10
    for mark in placed:
        mark.label_y = axis_y - 12 - mark.lane * LANE
    ticks = _ticks(chart, axis_y)
    rows = 1 + any(t.label_y > axis_y + 36 for t in ticks)
    return Layout(WIDTH, axis_y + 22 + rows * 16 + 6, axis_y, placed, ticks)


def _ticks(chart: ChartView, axis_y: int) -> list[Tick]:
    span = chart.high - chart.low
    values = (range(chart.low, chart.high + 1) if span <= ALL_TICKS_UP_TO
              else sorted({chart.low + round(q * span / 4) for q in range(5)} | set(chart.labels)))
    labelled = [v for v in values if chart.labels.get(v)]
    gap = min((b - a for a, b in itertools.pairwise(labelled)), default=span) * AXIS / max(span, 1)
    alternate = gap < TICK_ROWS_FROM
    ticks = []
    for value in values:
        x = MARGIN + place(value - chart.low, span, AXIS)
        row = labelled.index(value) % 2 if alternate and value in labelled else 0
        number = f"{value:+d}" if chart.low < 0 and value else str(value)
        ticks.append(Tick(x, number, chart.labels.get(value), axis_y + 36 + row * 16))
    return ticks
