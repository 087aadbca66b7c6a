"""Make untrusted text safe to show: control, bidi and invisible characters become visible
escapes."""

from __future__ import annotations

import re
from functools import cache

from ..names import HIDDEN_PATTERN


@cache
def _unsafe(keep_newlines: bool, ascii_only: bool) -> re.Pattern[str]:
    """C0 and C1 controls (but a newline, with `keep_newlines`), DEL, line and paragraph
    separators, and the default-ignorable code points that hide something (names.HIDDEN_PATTERN:
    zero-width and bidi characters, soft hyphen, BOM, tag characters...), which reorder text
    or draw nothing at all; in ASCII text only the first of these can be (and a search for
    them alone is several times quicker). Compiled when first needed, each form alone: a
    terminal table needs only one or two of them."""
    controls = "\x00-\x09\x0b-\x1f" if keep_newlines else "\x00-\x1f"
    if ascii_only:
        return re.compile(f"[{controls}\x7f]")
    return re.compile(f"[{controls}\x7f-\x9f\u2028\u2029]|{HIDDEN_PATTERN}")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """Every control, reordering or invisible character shown as a backslash escape."""
    return _unsafe(keep_newlines, text.isascii()).sub(_escape, text)


def escape_field(text: str) -> str:
    """Reversible one-line form for plain/TSV: backslash is doubled, controls escaped."""
    return visible(text.replace("\\", "\\\\"))
