"""The terminal view of `diff`: each change on its own lines, marked and coloured as a diff
(+ added in green, - removed in red, ~ changed in yellow, > renamed), a quote's changed words
struck out and put in. The summary line is the listing's title, printed above it."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text

from .layout import Field, TableView
from .listing import Listing, Value, cell_text
from .terminal import data_text

MARKS = {"added": ("+", "green"), "removed": ("-", "red"), "renamed": (">", "cyan")}
CHANGED = ("~", "yellow")


def diff_view(listing: Listing) -> TableView:
    """A mark and a description for each change, no headers (laid out as every table is)."""
    return TableView([Field(""), Field("Change", weight=1, least=24)], _rows(listing), spaced=False, headers=False)


def _rows(listing: Listing) -> Iterator[list[Text]]:
    for row in listing.rows:
        mark, style = MARKS.get(cell_text(row["change"]), CHANGED)
        yield [Text(mark, style=style), _described(row, style)]


def _described(row: dict[str, Value], style: str) -> Text:
    """The change's sentence; for a quote whose text changed, its words as a word diff."""
    pieces = row.get("pieces")
    if not (isinstance(pieces, list) and pieces):
        return data_text(cell_text(row["description"]), style=style)
    text = data_text(f"quote text changed: {cell_text(row['id'])}: “", style=style)
    for piece in pieces:  # marked as git's --word-diff=plain marks them, so colour is not needed to read it
        op, words = str(piece)[:1], str(piece)[1:]
        marked = f"[-{words}-]" if op == "-" else f"{{+{words}+}}" if op == "+" else words
        text.append_text(data_text(marked, style={"-": "red strike", "+": "green bold"}.get(op, "")))
    text.append_text(data_text("”", style=style))
    return text
