"""JSON and JSON Lines: UTF-8, keys in column order, null for what is missing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
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
    return _safe(json.dumps(value, ensure_ascii=False)) if indent is None else _indented(value, indent, 0)


def _safe(text: str) -> str:
    """`_RAW_UNSAFE` escaped; ASCII text is looked at only for DEL (a scan of 60 MB with the
    regular expression takes a second)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _RAW_UNSAFE.sub(_escape, text)


#: json's own string encoder (C), as json.dumps uses it with ensure_ascii=False.
_STRING: Callable[[str], str] = json.encoder.encode_basestring


def _string(value: str) -> str:
    """A string as json.dumps writes it, `_RAW_UNSAFE` escaped (`_safe`)."""
    return _safe(_STRING(value))


#: Each scalar type as `dumps` writes it (found by exact type: a subclass goes the long way).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _string, int: int.__repr__, float: json.JSONEncoder(ensure_ascii=False).encode,
    bool: lambda value: "true" if value else "false", type(None): lambda value: "null"}


def _indented(value: Any, indent: int, level: int) -> str:
    """The text of json.dumps(value, ensure_ascii=False, indent=indent) at this depth, each
    string `_RAW_UNSAFE` escaped, made faster: with an indent, json encodes in Python a
    generator step per value (five seconds for 86,000 records), where this writes each
    scalar with json's own C encoders, and looks for what to escape in strings alone."""
    encode = _SCALARS.get(type(value))
    if encode is not None:
        return encode(value)
    inner = "\n" + " " * (indent * (level + 1))
    parts: list[str] = []
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str:
                return _as_json_writes_it(value, indent, level)
            encode = _SCALARS.get(type(item))
            parts.append(_string(key) + ": " + (encode(item) if encode else _indented(item, indent, level + 1)))
        brackets = "{}"
    elif type(value) is list or type(value) is tuple:
        for item in value:
            encode = _SCALARS.get(type(item))
            parts.append(encode(item) if encode else _indented(item, indent, level + 1))
        brackets = "[]"
    else:
        return _as_json_writes_it(value, indent, level)
    if not parts:
        return brackets
    return brackets[0] + inner + ("," + inner).join(parts) + "\n" + " " * (indent * level) + brackets[1]


def _as_json_writes_it(value: Any, indent: int, level: int) -> str:
    """What `_indented` does not know (keys that are not text, subclasses), json's own way."""
    return _safe(json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + " " * (indent * level)))


def _records(listing: Listing) -> list[dict[str, Any]]:
    keys = listing.keys
    return [{key: row[key] for key in keys} for row in listing.rows]


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
        out.write("  " + _indented(record, 2, 1) + separator)
    out.write("]\n")


def write_jsonl(listing: Listing, out: TextIO) -> None:
    for record in _records(listing):
        out.write(dumps(record, indent=None) + "\n")
