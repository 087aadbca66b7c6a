"""The terminal view of `divergence`: each issue's scale drawn as an axis, with a marker for
each party at its stance, so distances can be seen at a glance."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rich.text import Text

from .axis import BASIS_LEGEND, axis_markers, is_marked
from .layout import Field, TableView
from .listing import Listing, Value, cell_text
from .terminal import data_text, party_style

MAX_AXIS = 24


def party_codes(party_ids: Iterable[str]) -> dict[str, str]:
    """Short markers: initials of an id's words ('united-states' → 'US'), lengthened until unique."""
    ids = list(dict.fromkeys(party_ids))
    codes: dict[str, str] = {}
    taken: set[str] = set()
    for length in range(1, 1 + max((len(i) for i in ids), default=1)):
        # Each id still without a code, with its code at this length, and how many share it:
        # counted once a length, not by comparing every id with every other (3,400 parties: 50 s).
        candidates = {ident: "".join(w[:length] for w in ident.split("-")).upper() for ident in ids
                      if ident not in codes}
        sharing = Counter(candidates.values())
        for ident, code in candidates.items():
            if sharing[code] == 1 and code not in taken:
                codes[ident] = code
                taken.add(code)
    return codes


def stance_chart(stances: dict[str, int], low: int, high: int, codes: dict[str, str],
                 basis: dict[str, str | None] | None = None) -> list[str]:
    """An axis from `low` to `high`, then one or more lines of party markers under their stance
    (placed by `axis.axis_markers`, the geometry the report's SVG chart draws too).

    >>> stance_chart({"ukraine": -2, "russia": 2}, -2, 2, {"ukraine": "U", "russia": "R"})
    ['-2 ├─────┼─────┼─────┼─────┤ +2', '   U                       R']
    """
    span = high - low
    step = max(1, min(6, MAX_AXIS // span))
    # A scale wider than the axis is drawn to fit it, with ticks at the quarters only.
    length = min(span * step, MAX_AXIS) + 1
    ticks = ({round(q * (length - 1) / 4) for q in range(5)} if span * step > MAX_AXIS
             else set(range(0, length, step)))
    axis = "".join("├" if x == 0 else "┤" if x == length - 1 else "┼" if x in ticks else "─"
                   for x in range(length))
    left, right = (f"{low:+d}", f"{high:+d}") if low < 0 else (str(low), str(high))
    pad = len(left) + 1
    lines = [f"{left} {axis} {right}"]
    rows: list[list[str]] = []
    for marker in axis_markers(stances, basis or {}, low, high, codes):
        code = marker.label
        x = pad + marker.at(length - 1)
        for row in rows:
            if all(cell == " " for cell in row[x - 1 if x else 0: x + len(code) + 1]):
                break
        else:
            row = [" "] * (pad + length + len(right) + 4)
            rows.append(row)
        if x + len(code) > len(row):
            row.extend(" " * (x + len(code) - len(row)))
        row[x: x + len(code)] = list(code)
    lines.extend("".join(row).rstrip() for row in rows)
    return lines


TEXT_WIDTH = 16


def divergence_view(listing: Listing) -> TableView:
    """The rank, the issue, its chart and its notes; the legend of the markers under them."""
    codes = party_codes(party for row in listing.rows for party in _stances(row))
    legend = ", ".join(f"{code} = {party}" for party, code in codes.items())
    if any(_marked(row) for row in listing.rows):
        legend += "; " + BASIS_LEGEND
    fields = [Field("#", numeric=True), Field("Issue", weight=2, least=TEXT_WIDTH), Field("Stances", verbatim=True),
              Field("Notes", weight=3, least=TEXT_WIDTH)]
    rows = ([data_text(cell_text(row.get("rank"))), _issue(row), _chart(listing, row, codes), _notes(row)]
            for row in listing.rows)
    return TableView(fields, rows, caption=data_text(legend, style="dim") if legend else None, spaced=True)


def _stances(row: dict[str, Value]) -> dict[str, int]:
    stances = row.get("stances")
    return {k: v for k, v in stances.items() if isinstance(v, int)} if isinstance(stances, dict) else {}


def _issue(row: dict[str, Value]) -> Text:
    cell = data_text(cell_text(row.get("title")), style="bold")
    cell.append_text(data_text(f"\n{cell_text(row.get('issue'))}", style="dim"))
    if row.get("factbox"):
        cell.append_text(data_text(f"\n{cell_text(row.get('factbox'))}", style="dim"))
    klass = cell_text(row.get("class"))
    cell.append_text(data_text(f"\n{klass}", style=_CLASS_STYLES.get(klass, "")))
    if row.get("gap") is not None:
        cell.append_text(data_text(f" · gap {cell_text(row.get('gap'))} of {cell_text(row.get('span'))}"))
    return cell


_CLASS_STYLES = {"opposed": "bold red", "apart": "yellow", "close": "cyan", "aligned": "green"}


def _basis(row: dict[str, Value]) -> dict[str, str | None]:
    basis = row.get("basis")
    return {k: v if isinstance(v, str) else None for k, v in basis.items()} if isinstance(basis, dict) else {}


def _marked(row: dict[str, Value]) -> bool:
    basis = _basis(row)
    return any(is_marked(basis.get(party)) for party in _stances(row))


def _chart(listing: Listing, row: dict[str, Value], codes: dict[str, str]) -> Text:
    """The axis, each party's marker made from its code and how its stance is known, in the
    party's colour (the code says who it is without the colour)."""
    stances = _stances(row)
    low, high = row.get("scale_min"), row.get("scale_max")
    if not stances or not isinstance(low, int) or not isinstance(high, int):
        return Text("")
    chart = data_text("\n".join(stance_chart(stances, low, high, codes, _basis(row))))
    lines = chart.plain.split("\n")
    offset = len(lines[0]) + 1
    party_of = {code: party for party, code in codes.items()}
    for line in lines[1:]:
        for match in re.finditer(r"\S+", line):
            party = party_of.get(match.group().rstrip("~?"))
            if party is not None:
                chart.stylize("bold " + party_style(listing.parties, party), offset + match.start(),
                              offset + match.end())
        offset += len(line) + 1
    return chart


def _notes(row: dict[str, Value]) -> Text:
    notes = row.get("notes")
    return data_text("\n".join(notes) if isinstance(notes, list) else "")
