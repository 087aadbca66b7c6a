"""Plain, TSV and CSV: one record per line for sort, cut, awk, Miller and csvkit."""

from __future__ import annotations

import csv
import io
from typing import TextIO

from .listing import Listing, cell_text
from .sanitize import escape_field, visible


def write_tsv(listing: Listing, out: TextIO, headers: bool) -> None:
    """Tab-separated; backslash, tab, newline, CR and other controls escaped, so the
    text survives and every record is one line (`plain` is this without a header)."""
    if headers:
        out.write("\t".join(listing.keys) + "\n")
    for row in listing.rows:
        out.write("\t".join(escape_field(cell_text(row[key])) for key in listing.keys) + "\n")


def write_csv(listing: Listing, out: TextIO, headers: bool, on_terminal: bool) -> None:
    """RFC 4180 with LF line ends; the exact text, except on a terminal, where controls
    are shown escaped rather than obeyed."""
    if headers:
        _write_csv_row(out, listing.keys)
    for row in listing.rows:
        cells = [cell_text(row[key]) for key in listing.keys]
        _write_csv_row(out, [visible(cell, keep_newlines=True) for cell in cells] if on_terminal else cells)


def _write_csv_row(out: TextIO, cells: list[str]) -> None:
    """One record ending in LF. The csv module only quotes a field holding a character of its
    line terminator, so it writes CRLF here (quoting any CR or LF) and the end becomes LF."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    out.write(buffer.getvalue()[:-2] + "\n")
