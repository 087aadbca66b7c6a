"""GitHub-flavoured Markdown tables, for pasting into a story draft or an issue."""

from __future__ import annotations

from typing import TextIO

from .listing import Listing, cell_text
from .sanitize import visible


def _cell(text: str) -> str:
    text = visible(text.replace("\r\n", "\n"), keep_newlines=True)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def write_markdown(listing: Listing, out: TextIO, headers: bool) -> None:
    columns = listing.machine_columns
    header = [column.header for column in columns] if headers else [""] * len(columns)
    out.write("| " + " | ".join(_cell(h) for h in header) + " |\n")
    out.write("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|\n")
    for row in listing.rows:
        out.write("| " + " | ".join(_cell(cell_text(row[c.key])) for c in columns) + " |\n")
