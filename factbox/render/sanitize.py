"""Make untrusted text safe to show: control, bidi and invisible characters become visible
escapes."""

from __future__ import annotations

import re

from ..names import HIDDEN

#: C0 and C1 controls, DEL, line and paragraph separators, and the default-ignorable code
#: points that hide something (names.HIDDEN: zero-width and bidi characters, soft hyphen,
#: BOM, tag characters...), which reorder text or draw nothing at all.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029]|{HIDDEN.pattern}")
_UNSAFE_EXCEPT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]|{HIDDEN.pattern}")
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
    pattern = _UNSAFE_EXCEPT_NEWLINE if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)


def escape_field(text: str) -> str:
    """Reversible one-line form for plain/TSV: backslash is doubled, controls escaped."""
    return visible(text.replace("\\", "\\\\"))
