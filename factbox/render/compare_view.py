"""The side-by-side view of `compare`: one table row per issue, one column per party."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from .listing import Listing, Value, cell_text
from .terminal import data_text, table_width

ISSUE_WIDTH = 14
PARTY_WIDTH = 16


def compare_table(listing: Listing, width: int) -> Table | None:
    """A party with nothing on any issue shown gets no column; a note on stderr says so.
    None when the columns cannot have their least width at this width (records instead)."""
    groups: dict[tuple[Value, Value], list[dict[str, Value]]] = {}
    parties: dict[Value, str] = {}
    for row in listing.rows:
        groups.setdefault((row.get("factbox"), row["issue"]), []).append(row)  # a stance belongs to its file
        parties.setdefault(row["party"], cell_text(row.get("party_name")))
    silent = [party for party in parties if all(_empty(row) for row in listing.rows if row["party"] == party)]
    if silent and len(silent) < len(parties):
        listing.notes.append(f"not shown, with nothing on these issues: {', '.join(parties[p] for p in silent)}")
        parties = {party: name for party, name in parties.items() if party not in silent}
    if table_width([ISSUE_WIDTH] + [PARTY_WIDTH] * len(parties)) > width:
        return None
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, header_style="bold")
    table.add_column("Issue", ratio=2, overflow="fold", min_width=ISSUE_WIDTH)
    for name in parties.values():
        table.add_column(data_text(name), ratio=3, overflow="fold", min_width=PARTY_WIDTH)
    for rows in groups.values():
        first = rows[0]
        by_party = {row["party"]: row for row in rows}
        table.add_row(_issue_cell(first), *(_position_cell(by_party.get(p)) for p in parties))
    return table


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


def _position_cell(row: dict[str, Value] | None) -> Text:
    """'-2 rejects · inferred': the stance, its label and how it is known (and 'earliest known'
    when it is carried back to a date before it was recorded), then the summary,
    the conditions and the quotes."""
    if row is None or _empty(row):
        return Text("—", style="dim")
    parts: list[Text] = []
    stance = row.get("stance")
    earliest = "earliest known" if row.get("carried_back") else ""  # --as-of before its first record
    if isinstance(stance, int):
        known = cell_text(row.get("basis")) or "basis not given"
        parts.append(data_text(" · ".join(p for p in (f"{stance} {cell_text(row.get('stance_label'))}".rstrip(), known,
                                                      earliest) if p), style="bold"))
    elif earliest:
        parts.append(data_text(earliest, style="bold"))
    if row.get("summary"):
        parts.append(data_text(cell_text(row["summary"])))
    if row.get("conditions"):
        parts.append(data_text("Conditions: " + cell_text(row["conditions"]), style="dim"))
    quotes = row.get("quotes")
    if isinstance(quotes, list):
        parts.extend(data_text(quote, style="italic") for quote in quotes)
    return Text("\n").join(parts)
