"""`-f cite`: each row's ready citation on one line, for pasting into copy.

The words inside the quotation marks are the quote's exact text. A character a reader cannot
see (zero-width, bidi, soft hyphen: Unicode's format characters) is kept, since changing it
would change the quote, and said on stderr; on a terminal, control characters are still shown
as escapes rather than obeyed.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

from .listing import Listing, cell_text
from .sanitize import visible


def write_cite(listing: Listing, out: TextIO, on_terminal: bool) -> None:
    for row in listing.rows:
        line = cell_text(row["citation"])
        out.write((visible(line) if on_terminal else line) + "\n")
        hidden = invisible_characters(line)
        if hidden:
            sys.stderr.write(f"factbox: note: {cell_text(row.get('id'))} holds characters a reader cannot see "
                             f"({', '.join(hidden)}); printed exactly\n")


def invisible_characters(text: str) -> list[str]:
    """The format characters (category Cf) in text, named: 'U+200B ZERO WIDTH SPACE'."""
    found = dict.fromkeys(ch for ch in text if unicodedata.category(ch) == "Cf")
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in found]
