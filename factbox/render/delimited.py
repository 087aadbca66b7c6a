"""Plain, TSV and CSV: one record per line for sort, cut, awk, Miller and csvkit."""

from __future__ import annotations

import csv
import io
import re
from typing import TextIO

from .listing import Listing, Value, cell_text
from .sanitize import escape_field, visible

#: What a spreadsheet reads as the start of a formula (OWASP's list: = + - @, tab, CR).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (`=HYPERLINK(…)` becomes `'=HYPERLINK(…)`); plain numbers such as -2 stay."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _cells(listing: Listing, row: dict[str, Value], safe_for_spreadsheets: bool) -> list[str]:
    cells = [cell_text(row[key]) for key in listing.keys]
    return [spreadsheet_safe(cell) for cell in cells] if safe_for_spreadsheets else cells


def write_tsv(listing: Listing, out: TextIO, headers: bool, safe_for_spreadsheets: bool = False) -> None:
    """Tab-separated; backslash, tab, newline, CR and other controls escaped, so the
    text survives and every record is one line (`plain` is this without a header)."""
    if headers:
        out.write("\t".join(listing.keys) + "\n")
    for row in listing.rows:
        out.write("\t".join(escape_field(cell) for cell in _cells(listing, row, safe_for_spreadsheets)) + "\n")


def write_csv(listing: Listing, out: TextIO, headers: bool, on_terminal: bool,
              safe_for_spreadsheets: bool = False) -> None:
    """RFC 4180 with LF line ends; the exact text (formulas included, unless made
    spreadsheet-safe), except on a terminal, where controls are shown escaped rather than obeyed."""
    if headers:
        _write_csv_row(out, listing.keys)
    for row in listing.rows:
        cells = _cells(listing, row, safe_for_spreadsheets)
        _write_csv_row(out, [visible(cell, keep_newlines=True) for cell in cells] if on_terminal else cells)


def _write_csv_row(out: TextIO, cells: list[str]) -> None:
    """One record ending in LF. The csv module only quotes a field holding a character of its
    line terminator, so it writes CRLF here (quoting any CR or LF) and the end becomes LF."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    out.write(buffer.getvalue()[:-2] + "\n")
