"""The terminal view of `diff`: each change on its own lines, marked and coloured as a diff
(+ added in green, - removed in red, ~ changed in yellow, > renamed), a quote's changed words
struck out and put in. The summary line is the listing's title, printed above it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .listing import Listing, Value, cell_text
from .terminal import data_text

MARKS = {"added": ("+", "green"), "removed": ("-", "red"), "renamed": (">", "cyan")}
CHANGED = ("~", "yellow")


def diff_table(listing: Listing, width: int) -> Table | None:
    """A mark column and a description; None when the terminal is too narrow for a line of text."""
    if width < 20:
        return None
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold", max_width=width - 3)
    for row in listing.rows:
        mark, style = MARKS.get(cell_text(row["change"]), CHANGED)
        table.add_row(Text(mark, style=style), _described(row, style))
    return table


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
