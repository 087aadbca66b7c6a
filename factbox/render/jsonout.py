"""JSON and JSON Lines: UTF-8, keys in column order, null for what is missing."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from .listing import Listing

# json.dumps leaves these raw even though they can disguise or reorder text; escaping
# them keeps the document valid and the decoded string identical.
_RAW_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _dumps(value: Any, indent: int | None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        out.write("  " + _dumps(record, indent=2).replace("\n", "\n  ") + separator)
    out.write("]\n")


def write_jsonl(listing: Listing, out: TextIO) -> None:
    for record in _records(listing):
        out.write(_dumps(record, indent=None) + "\n")
