"""Values written as YAML text that no YAML reader can take for anything else.

Text is double-quoted with escapes (so `: `, ` #`, a leading quote, `@`, `&`, `*`, `!` and
control characters are all just text), or, when it is long, plain words and nothing else,
a `>-` block folded at spaces. Ids, dates and integers are plain: their forms cannot be
misread. Every text is read back before it is used (`parses_back`), so a rule missed here
fails loudly instead of writing a changed quote.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

WIDTH = 96
#: Long enough to be worth a block: shorter text stays on the key's line.
BLOCK_FROM = 80
_PLAIN_ID = re.compile(r"[a-z][a-z0-9-]*|[0-9]{4}(?:-[0-9]{2}){0,2}|-?[0-9]+")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}
#: What `>-` cannot keep: anything but single spaces between visible words.
_BLOCK_SAFE = re.compile(r"[^\s#][^\t\n\r]*[^\s]")

_Loader: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def quoted(text: str) -> str:
    """`text` in double quotes: `\\` and `"` escaped, and every character YAML would not keep
    as written (controls, line breaks, the BOM, other non-printing ones) as an escape."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _printable(char: str) -> bool:
    """What YAML allows unescaped and a reader sees: no controls, separators or format marks."""
    if char == " ":
        return True
    return unicodedata.category(char)[0] not in "CZ" and char not in "\ufeff\u2028\u2029\x85"


def plain(value: str) -> bool:
    """True for a value written as an id, date or integer is: safe without quotes."""
    return _PLAIN_ID.fullmatch(value) is not None


def scalar(value: str, indent: int, flow: bool, is_text: bool) -> str:
    """One value as it follows `key: ` at `indent` spaces: plain, quoted, or a `>-` block
    (its lines at `indent + 2`)."""
    if not is_text and plain(value):
        return value
    if flow or len(value) < BLOCK_FROM or not _block_safe(value):
        return quoted(value)
    lines = _wrap(value, WIDTH - indent - 2)
    block = ">-" + "".join(f"\n{' ' * (indent + 2)}{line}" for line in lines)
    return block if parses_back(block, value) else quoted(value)


def _block_safe(value: str) -> bool:
    return (_BLOCK_SAFE.fullmatch(value) is not None and "  " not in value
            and all(_printable(char) for char in value))


def _wrap(value: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]


def parses_back(written: str, value: str) -> bool:
    """True when YAML reads `written`, as a value, as exactly `value`."""
    try:
        loaded = yaml.load(f"k: {written}\n", Loader=_Loader)  # BaseLoader: strings only
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("k") == value


def flow_list(values: list[str]) -> str:
    """`[a, b]` of ids, or of quoted text where a value is not an id."""
    return "[" + ", ".join(value if plain(value) else quoted(value) for value in values) + "]"
