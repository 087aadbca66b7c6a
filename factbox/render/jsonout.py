"""JSON and JSON Lines: UTF-8, keys in column order, null for what is missing."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from ..names import DEFAULT_IGNORABLE
from .listing import Listing

# json.dumps leaves these raw even though they can disguise or reorder text, or draw
# nothing (default-ignorable code points); escaping them keeps the document valid and the
# decoded string identical.
_RAW_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{DEFAULT_IGNORABLE}]")


def _escape(match: re.Match[str]) -> str:
    """JSON's \\u escape; beyond U+FFFF, as a UTF-16 surrogate pair (tag characters)."""
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(value: Any, indent: int | None) -> str:
    """JSON text of `value`, UTF-8, with what could disguise or reorder text as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW_UNSAFE.sub(_escape, text)


def _records(listing: Listing) -> list[dict[str, Any]]:
    return [{key: row[key] for key in listing.keys} for row in listing.rows]


def write_json(listing: Listing, out: TextIO) -> None:
    """The same text as one json.dumps(indent=2) of the whole array, written a record at a
    time (JSON strings hold no raw newline, so indenting each line is safe)."""
    records = _records(listing)
    if not records:
        out.write("[]\n")
        return
    out.write("[\n")
    for number, record in enumerate(records):
        separator = ",\n" if number < len(records) - 1 else "\n"
        out.write("  " + dumps(record, indent=2).replace("\n", "\n  ") + separator)
    out.write("]\n")


def write_jsonl(listing: Listing, out: TextIO) -> None:
    for record in _records(listing):
        out.write(dumps(record, indent=None) + "\n")
