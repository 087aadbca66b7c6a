"""Make untrusted text safe to show: control and bidi characters become visible escapes."""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, bidi embeddings/overrides/isolates/marks, line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_EXCEPT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """Every control or reordering character shown as a backslash escape."""
    pattern = _UNSAFE_EXCEPT_NEWLINE if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)


def escape_field(text: str) -> str:
    """Reversible one-line form for plain/TSV: backslash is doubled, controls escaped."""
    return visible(text.replace("\\", "\\\\"))
