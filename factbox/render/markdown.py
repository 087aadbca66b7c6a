"""GitHub-flavoured Markdown tables, for pasting into a story draft or an issue."""

from __future__ import annotations

import re
from typing import TextIO

from .listing import Listing, cell_text
from .sanitize import visible

#: What a Markdown renderer would act on inside a table cell: HTML (tags, comments, entities)
#: as character references, and emphasis, code, links and images, strikethrough, maths,
#: mentions, headings and the cell separator behind a backslash. Each then shows as written.
_ACTIVE = re.compile(r"[&<>\\`*_\[\]|~$@#!]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _HTML.get(char) or "\\" + char


def escape_markdown(text: str) -> str:
    """Text a Markdown renderer shows as written: controls visible, markup escaped (newlines kept)."""
    return _ACTIVE.sub(_escape, visible(text.replace("\r\n", "\n"), keep_newlines=True))


def _cell(text: str) -> str:
    return escape_markdown(text).replace("\n", "<br>")


def write_markdown(listing: Listing, out: TextIO, headers: bool) -> None:
    columns = listing.machine_columns
    header = [column.header for column in columns] if headers else [""] * len(columns)
    out.write("| " + " | ".join(_cell(h) for h in header) + " |\n")
    out.write("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|\n")
    for row in listing.rows:
        out.write("| " + " | ".join(_cell(cell_text(row[c.key])) for c in columns) + " |\n")
