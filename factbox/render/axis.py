"""Where each party's marker goes on an issue's axis, and how it shows the way the stance is
known: the one geometry that the terminal chart (`divergence_view`) and the report's SVG chart
(`factbox.report.svg`) both draw, so the two pictures cannot disagree."""

from __future__ import annotations

from ..records import Record

#: How a marker shows the way its stance is known: reported and inferred ones are marked (a
#: stance of no given basis is counted in the headline instead).
BASIS_MARKS = {"stated": "", "reported": "~", "inferred": "?", None: ""}
BASIS_LEGEND = "~ reported, ? inferred"


class Marker(Record):
    """One party on one axis: `steps` from the scale's low end out of `span`, and its label
    (the party's code, then its basis mark)."""

    __slots__ = ("basis", "label", "party", "span", "stance", "steps")

    def __init__(self, party: str, stance: int, steps: int, span: int, label: str, basis: str | None) -> None:
        self.party = party
        self.stance = stance
        self.steps = steps
        self.span = span
        self.label = label
        self.basis = basis

    def at(self, length: int) -> int:
        """The marker's place on an axis drawn from 0 to `length` (characters or pixels)."""
        return place(self.steps, self.span, length)


def place(steps: int, span: int, length: int) -> int:
    """Where a stance `steps` above the scale's low end (of `span` steps) falls, rounded, on an
    axis drawn from 0 to `length`: markers and the SVG chart's ticks alike."""
    return round(steps * length / span) if span else 0


def axis_markers(stances: dict[str, int], basis: dict[str, str | None], low: int, high: int,
                 codes: dict[str, str]) -> list[Marker]:
    """Every scored party's marker, lowest stance first (ties by party id): the order in which
    both charts place them, so a clash is resolved the same way in each."""
    return [Marker(party, stance, stance - low, high - low,
                   codes.get(party, party) + BASIS_MARKS.get(basis.get(party), ""), basis.get(party))
            for party, stance in sorted(stances.items(), key=lambda item: (item[1], item[0]))]


def is_marked(basis: str | None) -> bool:
    """Whether a stance known this way is drawn differently (and so needs the legend)."""
    return bool(BASIS_MARKS.get(basis, ""))
