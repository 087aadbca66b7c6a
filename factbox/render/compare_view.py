"""The side-by-side view of `compare`: one table row per issue, one column per party, laid out
by the rules every table follows (render/layout.py)."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text

from .layout import Field, TableView
from .listing import Listing, Value, cell_text
from .terminal import data_text, party_style, shown

#: The issue column stays narrow: the width goes to the parties.
ISSUE_WIDTH = 14
#: A party's column is prose that must stay readable.
PARTY_WIDTH = 20


def compare_view(listing: Listing) -> TableView:
    """A party with nothing on any issue shown gets no column; a note on stderr says so."""
    groups: dict[tuple[Value, Value], list[dict[str, Value]]] = {}
    parties: dict[str, str] = {}
    for row in listing.rows:
        groups.setdefault((row.get("factbox"), row["issue"]), []).append(row)  # a stance belongs to its file
        parties.setdefault(cell_text(row["party"]), cell_text(row.get("party_name")))
    silent = [p for p in parties if all(_empty(row) for row in listing.rows if cell_text(row["party"]) == p)]
    if silent and len(silent) < len(parties):
        listing.notes.append(f"not shown, with nothing on these issues: {', '.join(parties[p] for p in silent)}")
        parties = {party: name for party, name in parties.items() if party not in silent}
    fields = [Field("Issue", weight=1, least=ISSUE_WIDTH)]
    fields += [Field(shown(name), weight=2, least=PARTY_WIDTH) for name in parties.values()]
    return TableView(fields, _rows(listing, groups, list(parties)), spaced=True)


def _rows(listing: Listing, groups: dict[tuple[Value, Value], list[dict[str, Value]]],
          parties: list[str]) -> Iterator[list[Text]]:
    for rows in groups.values():
        by_party = {cell_text(row["party"]): row for row in rows}
        yield [_issue_cell(rows[0]), *(_position_cell(listing, by_party.get(p), p) for p in parties)]


def _issue_cell(row: dict[str, Value]) -> Text:
    cell = data_text(cell_text(row.get("issue_title")), style="bold")
    cell.append_text(data_text(f"\n{cell_text(row.get('issue'))}", style="dim"))
    if row.get("factbox"):
        cell.append_text(data_text(f"\n{cell_text(row.get('factbox'))}", style="dim"))
    if row.get("question"):
        cell.append_text(data_text("\n" + cell_text(row.get("question")), style="italic"))
    if row.get("issue_gap") is not None:
        measured = f"{cell_text(row.get('issue_class'))} · gap {cell_text(row.get('issue_gap_text'))}"
        cell.append_text(data_text("\n" + measured, style="bold"))
    return cell


def _empty(row: dict[str, Value] | None) -> bool:
    return row is None or (row.get("summary") is None and not row.get("quotes"))


def _position_cell(listing: Listing, row: dict[str, Value] | None, party: str) -> Text:
    """'-2 rejects · inferred': the stance, its label and how it is known (and 'earliest known'
    when it is carried back to a date before it was recorded), in the party's colour, then the
    summary, the conditions and the quotes."""
    if row is None or _empty(row):
        return Text("—", style="dim")
    parts: list[Text] = []
    stance = row.get("stance")
    earliest = "earliest known" if row.get("carried_back") else ""  # --as-of before its first record
    style = "bold " + party_style(listing.parties, party)
    if isinstance(stance, int):
        known = cell_text(row.get("basis")) or "basis not given"
        parts.append(data_text(" · ".join(p for p in (f"{stance} {cell_text(row.get('stance_label'))}".rstrip(), known,
                                                      earliest) if p), style=style))
    elif earliest:
        parts.append(data_text(earliest, style=style))
    if row.get("summary"):
        parts.append(data_text(cell_text(row["summary"])))
    if row.get("conditions"):
        parts.append(data_text("Conditions: " + cell_text(row["conditions"]), style="dim"))
    quotes = row.get("quotes")
    if isinstance(quotes, list):
        parts.extend(data_text(quote, style="italic") for quote in quotes)
    return Text("\n").join(parts)
