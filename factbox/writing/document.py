"""A factbox's text and the changes to make to it, as replacements of exact character ranges:
every character outside them stays as it was (comments, blank lines, quoting, order, line
ends, a byte-order mark).

A record is written at the indentation and in the style (block or flow) of the list it
joins, after that list's last entry and before any comment or blank line that follows it.
"""

from __future__ import annotations

import codecs
from typing import Any

from .. import spec
from ..errors import OutputError
from ..records import Record
from . import yamltext
from .layout import Span, scan

#: A record to write: field name to a text, an integer, a list of ids or texts, or a list
#: of records (a position's history), in the order of `spec.RECORDS`.
Fields = dict[str, Any]


class Edit(Record):
    """Replace `text[start:end]` with `text`."""

    __slots__ = ("end", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text


class Document:
    """The decoded text of a file being changed, its spans, and how to encode it again."""

    def __init__(self, text: str, name: str, bom: bool = False) -> None:
        self.text = text
        self.name = name
        self.bom = bom
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.root = scan(text, name)
        if self.root.flow:
            raise OutputError(f"{name}: the whole file is one flow mapping ({{…}}); factbox edits block-style files",
                              hint="write the top-level keys one per line")

    @classmethod
    def decode(cls, data: bytes, name: str) -> Document:
        """UTF-8, with or without a byte-order mark (kept when written back)."""
        from ..reading import decode

        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise OutputError(f"{name}: factbox writes UTF-8 files only; this one is UTF-16 or UTF-32",
                              hint="save it as UTF-8 first")
        return cls(decode(data, name), name, bom=data.startswith(codecs.BOM_UTF8))

    def encode(self, text: str) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")

    def apply(self, edits: list[Edit]) -> str:
        """The text with every edit made; an edit inside a range another one replaces (a
        citation inside a removed record) is dropped."""
        result: list[str] = []
        position = 0
        for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
            if edit.start < position:
                continue
            result.append(self.text[position:edit.start])
            result.append(edit.text.replace("\n", self.newline))
            position = edit.end
        result.append(self.text[position:])
        return "".join(result)

    # --- where things are -----------------------------------------------------------------

    def column(self, index: int) -> int:
        return index - (self.text.rfind("\n", 0, index) + 1)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def after_line(self, index: int) -> int:
        """Where the line holding `index` ends, past its line break."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def value_end(self, node: Span) -> int:
        """Where the characters of a value end: a block scalar's last line, without the line
        breaks and blank lines YAML counts as its end."""
        if node.kind == "scalar" and node.style in ("|", ">"):
            header = self.text[node.start:self.text.find("\n", node.start)]
            if "+" in header.split("#")[0]:  # kept line breaks are part of the text
                return node.end
            written = len(self.text[node.start:node.end].rstrip()) + node.start
            found = self.text.find("\n", written)
            end = node.end if found < 0 else min(found, node.end)
            return end - 1 if self.text[end - 1:end] == "\r" else end
        if node.kind in ("map", "seq") and not node.flow and node.items:
            item = node.items[-1]
            return self.value_end(item[1] if isinstance(item, tuple) else item)  # type: ignore[arg-type]
        return node.end

    def _line_break_before(self, index: int) -> str:
        """"\n" when `index` is the end of a file without a final line break."""
        return "\n" if index == len(self.text) and self.text and not self.text.endswith("\n") else ""

    # --- records and values as text -------------------------------------------------------

    def value_text(self, kind: spec.Kind, value: Any, indent: int, flow: bool) -> str:
        if isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Record):
            if flow:
                return "[" + ", ".join(self.flow_record(kind.item.name, item) for item in value) + "]"
            return "".join("\n" + self.block_record(kind.item.name, item, indent + 2, indent + 4).rstrip("\n")
                           for item in value)
        if isinstance(kind, spec.ListOf):
            return yamltext.flow_list([str(item) for item in value])
        return yamltext.scalar(str(value), indent, flow, isinstance(kind, spec.Text))

    def flow_record(self, record: str, fields: Fields) -> str:
        kinds = {f.name: f.kind for f in spec.RECORDS[record]}
        return "{" + ", ".join(f"{key}: {self.value_text(kinds[key], value, 0, True)}"
                               for key, value in _ordered(record, fields)) + "}"

    def block_record(self, record: str, fields: Fields, dash: int, indent: int) -> str:
        """`- key: value` lines: the dash at column `dash`, the keys at `indent`."""
        kinds = {f.name: f.kind for f in spec.RECORDS[record]}
        lines = []
        for number, (key, value) in enumerate(_ordered(record, fields)):
            lead = " " * dash + "-" + " " * (indent - dash - 1) if number == 0 else " " * indent
            lines.append(f"{lead}{_pair(key, self.value_text(kinds[key], value, indent, False))}\n")
        return "".join(lines)

    def entry_text(self, record: str | None, value: Any, dash: int, indent: int) -> str:
        if record is None:
            text = yamltext.flow_list([str(value)])[1:-1]
            return " " * dash + "- " + text + "\n"
        return self.block_record(record, value, dash, indent)

    # --- the changes ----------------------------------------------------------------------

    def append(self, sequence: Span, record: str | None, value: Any) -> Edit:
        """A new last entry of a list: a record's fields, or an id (`record` None)."""
        entries = sequence.entries
        if sequence.flow:
            item = self.flow_record(record, value) if record else yamltext.flow_list([str(value)])[1:-1]
            if entries:
                return Edit(entries[-1].end, entries[-1].end, ", " + item)
            return Edit(sequence.start + 1, sequence.start + 1, item)
        dash = self.column(sequence.start)
        first = entries[0]
        indent = self.column(first.start) if first.kind == "map" and not first.flow else dash + 2
        at = self.after_line(self.value_end(sequence))
        if first.flow and record is not None:
            text = " " * dash + "- " + self.flow_record(record, value) + "\n"
        else:
            text = self.entry_text(record, value, dash, indent)
        return Edit(at, at, self._line_break_before(at) + text)

    def add_key(self, mapping: Span, record: str, key: str, value: Any) -> Edit:
        """A key the mapping does not have, after the keys that come before it in the format."""
        kind = next(f.kind for f in spec.RECORDS[record] if f.name == key)
        order = [f.name for f in spec.RECORDS[record]]
        pairs = mapping.pairs
        before = [value_node for name, value_node in pairs
                  if name.value in order and order.index(name.value) < order.index(key)]
        after_node = before[-1] if before else pairs[-1][1]
        if mapping.flow:
            end = self.value_end(after_node)
            return Edit(end, end, f", {key}: {self.value_text(kind, value, 0, True)}")
        indent = self.column(pairs[0][0].start)
        at = self.after_line(self.value_end(after_node))
        return Edit(at, at, self._line_break_before(at) +
                    f"{' ' * indent}{_pair(key, self.value_text(kind, value, indent, False))}\n")

    def set_value(self, mapping: Span, record: str, key: str, value: Any) -> Edit:
        """The value of a key, replaced where it stands (or added when the mapping lacks it)."""
        node = mapping.get(key)
        if node is None:
            return self.add_key(mapping, record, key, value)
        kind = next(f.kind for f in spec.RECORDS[record] if f.name == key)
        key_node = mapping.key_of(key)
        assert key_node is not None
        text = self.value_text(kind, value, self.column(key_node.start), mapping.flow)
        start = node.start
        if text.startswith("\n"):  # a block list of records: after the key's colon
            start = self.text.index(":", key_node.end) + 1
        return Edit(start, self.value_end(node), text)

    def delete_key(self, mapping: Span, key: str) -> Edit:
        pairs = mapping.pairs
        index = next(i for i, (name, _) in enumerate(pairs) if name.value == key)
        name, node = pairs[index]
        if mapping.flow:
            if index > 0:
                return Edit(self.value_end(pairs[index - 1][1]), self.value_end(node), "")
            if len(pairs) > 1:
                return Edit(name.start, pairs[1][0].start, "")
            return Edit(name.start, self.value_end(node), "")
        if index == 0:
            raise OutputError(f"{self.name}: cannot remove '{key}', the first key of its entry, as text",
                              hint="move another key to the top of the entry, or edit the file by hand")
        return Edit(self.line_start(name.start), self.after_line(self.value_end(node)), "")

    def remove_entry(self, sequence: Span, index: int, key: Span | None = None) -> Edit:
        """One entry of a list, and its lines; the last entry leaves `[]`."""
        entries = sequence.entries
        entry = entries[index]
        if sequence.flow:
            if index > 0:
                return Edit(self.value_end(entries[index - 1]), self.value_end(entry), "")
            if len(entries) > 1:
                return Edit(entry.start, entries[1].start, "")
            return Edit(sequence.start + 1, sequence.end - 1, "")
        if len(entries) == 1 and key is not None:
            return Edit(key.end, self.value_end(entry), ": []")
        return Edit(self.line_start(entry.start), self.after_line(self.value_end(entry)), "")

    def root_list(self, key: str) -> Span | None:
        node = self.root.get(key)
        return node if node is not None and node.kind == "seq" else None

    def add_to_list(self, key: str, record: str, fields: Fields) -> Edit:
        """A record at the end of a top-level list, the list created where the format puts it."""
        node = self.root_list(key)
        if node is not None and (node.entries or not node.flow):
            return self.append(node, record, fields)
        if node is not None:  # `key: []`: the first entry makes it a block list
            key_node = self.root.key_of(key)
            assert key_node is not None
            entry = self.block_record(record, fields, 2, 4).rstrip("\n")
            return Edit(self.text.index(":", key_node.end) + 1, node.end, "\n" + entry)
        return self.add_key(self.root, "factbox", key, [fields])


def _pair(key: str, value: str) -> str:
    return f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}"


def _ordered(record: str, fields: Fields) -> list[tuple[str, Any]]:
    order = [f.name for f in spec.RECORDS[record]]
    return sorted(((k, v) for k, v in fields.items() if v is not None and v != []),
                  key=lambda item: order.index(item[0]))
