"""Parse a factbox's text into a YAML node tree, safely.

Only a node tree is built, from libyaml's event stream: no YAML tag can construct a Python
object, scalars stay exactly as written, and every node keeps its line and column for
error messages.

A file is usually valid, and then positions are never shown: `parse_plain` reads such a
file into plain values with yaml-rs (a Rust parser, five times faster than libyaml's events
and a third of the memory), and the loader builds the model from them. It answers only for
text on which both parsers are known to read every scalar exactly alike, and says None for
anything else, so that `parse_nodes` reads it again, with positions, and every problem is
worded and located by libyaml as before (loading.load_source).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from .errors import DataError, Problem
from .reading import SourceText

#: Aliases may repeat values, but never blow a document up past this size (a node counts
#: one, a scalar also its length in characters), or this many times the file's own length
#: for very large files: a bound on bytes, not nodes, so one long string repeated by
#: thousands of aliases is refused as surely as a billion nested lists.
MIN_EXPANSION_BOUND = 1_000_000
EXPANSION_FACTOR = 10
#: A factbox nests a few levels (the root, a list, a record, a list in it): deeper nesting is
#: refused at its opening, before libyaml reads on (in flow lists its scanner spends time on
#: every open level for each token).
MAX_NESTING = 64
#: A located node costs a hundred bytes or more, however short it is in the file (a list or a
#: mapping about three times a scalar's, with what validation keeps of it): a file may hold
#: MIN_VALUE_BOUND values, each list and mapping counted as three, or one per CHARS_PER_VALUE
#: characters of a larger file, so that memory stays in proportion to the file and
#: `[a, a, a, …]` or `[{}, {}, …]` cannot multiply it. (A factbox's values are records, ids,
#: names, dates and quotes: about twenty characters each.)
MIN_VALUE_BOUND = 1_000_000
CHARS_PER_VALUE = 16
CONTAINER_COST = 3

_Loader: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class Node:
    """A YAML node as factbox needs it: tag, 1-based position, and expanded size (its nodes,
    plus the characters of its scalars, with every alias counted in full)."""

    __slots__ = ("column", "line", "size", "tag")

    def __init__(self, tag: str, line: int, column: int) -> None:
        self.tag = tag
        self.line = line
        self.column = column
        self.size = 1


class Scalar(Node):
    __slots__ = ("style", "value")

    def __init__(self, value: str, tag: str, style: str | None, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self.value = value
        self.style = style or None
        self.size = 1 + len(value)


class AlteredScalar(Scalar):
    """A scalar whose text YAML may have changed without a word: the `&name` of an anchor or
    the `*name` of an alias written where it begins (`anchor`), or the line and column of a
    ` #` comment that cut a plain scalar's line short (`comment`). Rare, so a class of its
    own: every other scalar stays as small as it was."""

    __slots__ = ("anchor", "comment")

    def __init__(self, value: str, tag: str, style: str | None, line: int, column: int,
                 anchor: str | None = None, comment: tuple[int, int] | None = None) -> None:
        super().__init__(value, tag, style, line, column)
        self.anchor = anchor
        self.comment = comment


class Sequence(Node):
    __slots__ = ("value",)

    def __init__(self, tag: str, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self.value: list[Node] = []


class Mapping(Node):
    __slots__ = ("value",)

    def __init__(self, tag: str, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self.value: list[tuple[Node, Node]] = []


#: What the root of every factbox file must be.
ROOT_EXPECTED = "a factbox/1 mapping with format, title, parties and issues"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"


def parse_nodes(source: SourceText) -> Node | None:
    """The single document's node tree, or None for a file with no document at all."""
    try:
        return _compose(source)
    except yaml.MarkedYAMLError as error:
        raise DataError(f"{source.name}: not valid YAML", [_yaml_problem(source, error)]) from None
    except yaml.reader.ReaderError as error:
        line, column = _line_column(source.text, error.position)
        problem = Problem(source.name, line, column, "",
                          f"character U+{error.character:04X} is not allowed in YAML (a control character)"
                          if isinstance(error.character, int) else f"unreadable text: {error.reason}")
        raise DataError(f"{source.name}: not valid YAML", [problem]) from None
    except yaml.YAMLError as error:
        raise DataError(f"{source.name}: not valid YAML: {error}") from None
    except UnicodeEncodeError as error:  # a lone surrogate, only reachable through load_text()
        line, column = _line_column(source.text, error.start)
        raise DataError(f"{source.name}: not valid text",
                        [Problem(source.name, line, column, "", "a lone surrogate is not a character")]) from None


#: Text that `parse_plain` leaves to libyaml (`_plain_refused`). Each is a place where yaml-rs
#: (YAML 1.2) and libyaml (YAML 1.1) may differ, or where factbox must see the text as written:
#: - a character libyaml refuses or reads as a line break; a tab, a carriage return, a BOM;
#: - `&`, `*` or `!` where a token may begin (an anchor, an alias, a tag: validation reports
#:   them, and yaml-rs drops unknown tags);
#: - a `#` after anything on its line (a comment, which may have cut a plain scalar short);
#: - a number in hexadecimal, octal or binary, or with `_` or `+`, or 19 digits with a
#:   leading zero (yaml-rs reads them as integers; the format allows only decimals of 18
#:   digits, and a date never has a sign);
#: - a second document, or a directive;
#: - in flow context, a `?` or `:` that opens an entry (`[?x]`, `{x: :y}`), or a line that
#:   starts with `:` (libyaml refuses a key and its `:` on two lines; yaml-rs does not);
#: - a last line without a line break (where the two keep a block scalar's blanks apart);
#: - block structure (indentation, `- `, `? `, `: `) deeper than `_PLAIN_INDENT` columns:
#:   yaml-rs nests without a limit of its own (100,000 levels overflow its stack), where
#:   libyaml stops at 1,000.
#: Each is found by a search for bytes or a literal, so the check costs a few passes of memchr.
_ALLOWED_BYTES = bytes([0x0A, *range(0x20, 0x7F), *range(0x80, 0x100)])
_REFUSED_SEQUENCES = tuple(re.compile(pattern) for pattern in (
    rb"\xc2[\x80-\x9f]",  # C1 controls, NEL among them
    rb"\xe2\x80[\xa8\xa9]",  # the line and paragraph separators
    rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])",  # a byte-order mark, U+FFFE, U+FFFF
))
#: Each begins with a literal, which the regular expression engine finds fast.
_REFUSED_PATTERNS = tuple(re.compile(pattern) for pattern in (
    rb"\n(?:---|\.\.\.|%| *:)",  # a document mark, a directive, a line opened by ':'
    rb"0[xXoObB]", rb"0[0-9]{18}", rb"\+[0-9]",  # numbers ('+2025' is no date, 2025 is)
    rb"\[ *[?:]", rb"\{ *[?:]", rb", *[?:]", rb": +:",  # flow entries opened by '?' or ':'
))
_TOKEN_START = b" \n[]{},"
_PLAIN_INDENT = 200
_DEEP_BLOCK = re.compile(rb"\n[ ?:-]{" + str(_PLAIN_INDENT).encode() + rb"}")
#: How much of the text's start is read to find the root's shape before anything else.
_ROOT_PEEK = 64 * 1024


#: A document read without positions: its root mapping, and the entries of the root's block
#: list of quotes in parts, each part parsed only when it is asked for (a part that cannot be
#: read is None). When there are parts, the root's "quotes" is an empty list in their place.
PlainDocument = tuple[dict[str, Any], Iterator[list[Any] | None]]
#: The text of quotes parsed at a time (some 1,000 of them; a part ends where an entry
#: begins): a part's plain values are let go before the next part is read.
PART_CHARS = 1 << 19


def parse_plain(source: SourceText) -> PlainDocument | None:
    """The document as plain values (str, int, list, dict) when its root is a mapping and
    yaml-rs reads it exactly as libyaml would; None when it cannot be sure (see
    `_ALLOWED_BYTES`), or when the text is not valid YAML: then `parse_nodes` must read it.
    A root block mapping's block list of quotes comes in parts (`_quote_parts`), so that the
    whole document is never held at once."""
    text = source.text
    root_style = _root_mapping_style(text)
    if root_style is None or _plain_refused(text):
        return None
    section = _quotes_section(text) if root_style == "block" else None
    if section is not None:
        start, first, end = section
        marker = _absent_number(text)
        root = _loads(f"{text[:start]}quotes: {marker}\n{text[end:]}")
        # The root's "quotes" read as the marker, a number the text does not hold, proves
        # the `quotes:` line is a key of the root block mapping (not words in a scalar).
        if isinstance(root, dict) and type(root.get("quotes")) is int and root["quotes"] == int(marker):
            root["quotes"] = []
            return root, _quote_parts(text, first, end)
    root = _loads(text)
    return (root, iter(())) if isinstance(root, dict) else None


def _absent_number(text: str) -> str:
    """Digits found nowhere in the text: no integer it holds can be read as this one."""
    marker = "81618161"
    while marker in text:
        marker += "1"
    return marker


def _loads(text: str) -> Any:
    """yaml-rs's reading of the text, or None if it refuses it."""
    import yaml_rs

    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except (ValueError, RecursionError):
        return None
    except BaseException as error:  # a Rust panic arrives as a BaseException of its own
        if isinstance(error, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        return None


_QUOTES_KEY = re.compile(r"(?:^|\n)quotes: *\n(?:(?: *#.*)?\n)*( *)-[ \n]")


def _quotes_section(text: str) -> tuple[int, int, int] | None:
    """Where the root's block list of quotes is, to be read in parts: the start of its
    `quotes:` line, of its first entry, and of the first line after it (at the first column,
    and no entry, comment or blank). None when a line between is at the entries' indentation
    but opens none, or less indented but not at the first column: the whole is read then."""
    key = _QUOTES_KEY.search(text)
    if key is None:
        return None
    indent = len(key.group(1))
    outside = re.compile(rf"\n(?! {{{indent}}}-[ \n]| *#| *\n| {{{indent + 1}}})")
    after = outside.search(text, key.start(1) - 1)
    end = len(text) if after is None or after.end() == len(text) else after.end()
    if text[end:end + 1] == " ":
        return None
    return key.start() + (text[key.start()] == "\n"), key.start(1), end


def _quote_parts(text: str, first: int, end: int) -> Iterator[list[Any] | None]:
    """The entries of the block list text[first:end], about PART_CHARS characters of them at
    a time. Each part starts at an entry's `-` at the list's indentation and is read as a
    document of its own: a scalar or flow collection cut by a part's end leaves that part
    unreadable (None), so a part read is read as the whole would be."""
    entry = re.compile("\n" + text[first:text.index("-", first)] + "-[ \n]")
    start = first
    while start < end:
        after = entry.search(text, min(start + PART_CHARS, end), end)
        stop = end if after is None else after.start() + 1
        yield _loads(text[start:stop])
        start = stop


def _plain_refused(text: str) -> bool:
    """True when the text holds anything that only libyaml reads as factbox must (see
    `_ALLOWED_BYTES`); False guarantees none of it is there."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    if data.translate(None, _ALLOWED_BYTES):
        return True
    if not text.isascii() and any(pattern.search(data) for pattern in _REFUSED_SEQUENCES):
        return True
    if not data.endswith(b"\n") or any(pattern.search(data) for pattern in _REFUSED_PATTERNS):
        return True
    if any(data[at - 1:at].isdigit() for at in _occurrences(data, b"_")):  # 1_000
        return True
    if any(at == 0 or data[at - 1] in _TOKEN_START for mark in (b"&", b"*", b"!")
           for at in _occurrences(data, mark)):
        return True
    for at in _occurrences(data, b"#"):
        if at and data[at - 1] == 0x20 and data[data.rfind(b"\n", 0, at) + 1:at].strip(b" "):
            return True  # a comment after something on its line
    first_line = b"\n" + data[:_PLAIN_INDENT]
    return _DEEP_BLOCK.match(first_line) is not None or _DEEP_BLOCK.search(data) is not None


def _occurrences(data: bytes, byte: bytes) -> Iterator[int]:
    at = data.find(byte)
    while at >= 0:
        yield at
        at = data.find(byte, at + 1)


def _root_mapping_style(text: str) -> str | None:
    """"block" or "flow" when libyaml, reading the text's start, opens a mapping at the root;
    None for any other root, which `parse_nodes` refuses as soon as it opens, never after
    the whole is read."""
    try:
        parser = _Loader(text[:_ROOT_PEEK])
    except UnicodeEncodeError:  # a lone surrogate, which parse_nodes reports
        return None
    try:
        events = [parser.get_event() for _ in range(3)]
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    if [type(event) for event in events] != [yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent]:
        return None
    return "flow" if events[2].flow_style else "block"


def _compose(source: SourceText) -> Node | None:
    """Build nodes straight from libyaml's events: no Python-level composer, no Mark objects
    kept, and aliases checked as they appear (undefined, recursive, or exploding)."""
    parser = _Loader(source.text)
    anchors: dict[str, Node] = {}
    open_nodes: list[Node] = []
    open_ids: set[int] = set()  # the open containers again, so a recursive alias is found in O(1)
    pending_keys: list[Node | None] = []
    root: Node | None = None
    documents = 0
    bound = max(MIN_EXPANSION_BOUND, EXPANSION_FACTOR * len(source.text))
    values_left = max(MIN_VALUE_BOUND, len(source.text) // CHARS_PER_VALUE)
    seen_line, line = -1, 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            node: Node
            cost = _COST.get(kind)
            if cost is not None:
                mark = event.start_mark
                values_left -= cost
                if values_left < 0:
                    raise _too_many_values(source, mark)
                if mark.line != seen_line:  # one int per line, not per node: lines are many
                    seen_line = mark.line
                    line = seen_line + 1
            if kind is yaml.ScalarEvent:
                tag = event.tag if event.tag not in (None, "!") else STR_TAG
                comment = None
                if not event.style:  # plain: YAML may have cut it at a ` #` or read an `&name` off it
                    end = event.end_mark
                    if source.text[end.index:end.index + 1] in (" ", "\t"):
                        comment = _comment_after(source.text, end.index, end.line + 1, end.column + 1)
                if comment is None and (event.anchor is None or event.style):
                    node = Scalar(event.value, tag, event.style, line, mark.column + 1)
                else:
                    node = AlteredScalar(event.value, tag, event.style, line, mark.column + 1,
                                         None if event.style or event.anchor is None else "&" + event.anchor,
                                         comment)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                is_map = kind is yaml.MappingStartEvent
                if not open_nodes and not is_map:
                    raise _not_a_mapping(source, event.tag, line, mark.column + 1)
                if len(open_nodes) >= MAX_NESTING:
                    raise _too_deep(source, line, mark.column + 1)
                default = MAP_TAG if is_map else SEQ_TAG
                tag = event.tag if event.tag not in (None, "!") else default
                container: Node = (Mapping if is_map else Sequence)(tag, line, mark.column + 1)
                if event.anchor is not None:
                    anchors[event.anchor] = container
                open_nodes.append(container)
                open_ids.add(id(container))
                pending_keys.append(None)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = open_nodes.pop()
                open_ids.discard(id(node))
                pending_keys.pop()
                if node.size > bound:
                    raise DataError(
                        f"{source.name}: aliases expand the document to {node.size:,} nodes and characters, "
                        f"more than {EXPANSION_FACTOR} times its own {len(source.text):,} characters "
                        f"(the limit is {bound:,})",
                        hint="aliases may repeat a value, not multiply the document",
                    )
            elif kind is yaml.AliasEvent:
                target = anchors.get(event.anchor)
                if target is None:
                    raise DataError(f"{source.name}: undefined alias", [Problem(
                        source.name, mark.line + 1, mark.column + 1, "",
                        f"alias '*{event.anchor}' refers to no anchor defined before it — a '*' at the "
                        f"start of a value makes YAML read an alias; {QUOTING_FIX}")])
                if id(target) in open_ids:
                    raise DataError(f"{source.name}: recursive alias", [Problem(
                        source.name, mark.line + 1, mark.column + 1, "",
                        f"alias '*{event.anchor}' refers to a node that contains it")])
                node = target
                if isinstance(target, Scalar):  # a copy that knows it was written as `*name`, and where
                    node = AlteredScalar(target.value, target.tag, target.style, line, mark.column + 1,
                                         "*" + event.anchor)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise DataError(f"{source.name}: more than one YAML document", [Problem(
                        source.name, mark.line + 1, mark.column + 1, "",
                        "a factbox holds exactly one YAML document; found another one here")])
                continue
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                continue
            if isinstance(node, Scalar) and kind is yaml.ScalarEvent and event.anchor is not None:
                anchors[event.anchor] = node
            if not open_nodes:
                root = node
                continue
            parent = open_nodes[-1]
            parent.size += node.size
            if isinstance(parent, Sequence):
                parent.value.append(node)
            elif isinstance(parent, Mapping):
                key = pending_keys[-1]
                if key is None:
                    pending_keys[-1] = node
                else:
                    parent.value.append((key, node))
                    pending_keys[-1] = None
    finally:
        parser.dispose()


_COST = {yaml.ScalarEvent: 1, yaml.AliasEvent: 1, yaml.SequenceStartEvent: CONTAINER_COST,
         yaml.MappingStartEvent: CONTAINER_COST}


def _too_deep(source: SourceText, line: int, column: int) -> DataError:
    return DataError(f"{source.name}: nested too deeply", [Problem(
        source.name, line, column, "", f"nesting deeper than {MAX_NESTING} levels of lists and mappings — "
        "a factbox nests a few levels (a list of records, each with its own lists): close the "
        "lists and mappings opened before this one")])


def _too_many_values(source: SourceText, mark: Any) -> DataError:
    limit = max(MIN_VALUE_BOUND, len(source.text) // CHARS_PER_VALUE)
    return DataError(f"{source.name}: too many values", [Problem(
        source.name, mark.line + 1, mark.column + 1, "",
        f"more than {limit:,} YAML values in {len(source.text):,} characters (each list and mapping "
        f"counts as {CONTAINER_COST}) — a file may hold {MIN_VALUE_BOUND:,}, or one per {CHARS_PER_VALUE} "
        "characters of a larger file; a factbox's values are records, ids, names, dates and quotes: "
        "check how the file was made")])


def _comment_after(text: str, offset: int, line: int, column: int) -> tuple[int, int] | None:
    """Where a comment begins on the rest of this line, if only blanks come before it."""
    rest = text[offset:offset + 4096]  # bounded: the blanks of one line
    stripped = rest.lstrip(" \t")
    if not stripped.startswith("#"):
        return None
    return line, column + len(rest) - len(stripped)


def _not_a_mapping(source: SourceText, tag: str | None, line: int, column: int) -> DataError:
    """Refused as soon as the root opens: a root list is never read to its end."""
    shown = str(tag).replace("tag:yaml.org,2002:", "!!")
    tagged = f" with the YAML tag '{shown}', which is not part of the format," if tag not in (None, "!") else ""
    return DataError(f"{source.name}: 1 problem", [Problem(
        source.name, line, column, "", f"found a list{tagged} — expected {ROOT_EXPECTED}")])


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _yaml_problem(source: SourceText, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or "syntax error").strip()
    if error.context:
        problem = f"{problem} ({error.context.strip()})"
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    if mark is not None and source.text[mark.index:mark.index + 1] == "\t":
        problem = "a tab character — YAML must be indented with spaces, not tabs"
    elif mark is not None:
        hint = _pitfall(source.text, error, mark.index)
        if hint:
            problem = f"{problem} — {hint}; {QUOTING_FIX}"
    return Problem(source.name, line, column, "", f"YAML syntax: {problem}")


#: How to write any text so that YAML takes it exactly as written.
QUOTING_FIX = ("to keep the text as written, put it all in double quotes (writing \" as \\\" and \\ "
               "as \\\\) or write it as a '>-' block")

#: What YAML makes of a character that an editor pasting a quote meets first.
_AT_MARK = {
    "mapping values are not allowed in this context": "': ' inside unquoted text starts a key to YAML",
    "mapping keys are not allowed in this context": "'? ' at the start of a value starts a key to YAML",
    "block sequence entries are not allowed in this context": "'- ' at the start of a value starts a list "
                                                              "item to YAML",
}
_CANNOT_START = {
    "@": "'@' is reserved in YAML and cannot start unquoted text",
    "`": "'`' is reserved in YAML and cannot start unquoted text",
    "%": "'%' at the start of a value is a YAML directive and cannot start unquoted text",
}
_VALUE_START = {
    '"': "text that opens with '\"' ends, to YAML, at the next '\"', and the words after it cannot be read",
    "'": "text that opens with \"'\" ends, to YAML, at the next \"'\" (an apostrophe), and the words after "
         "it cannot be read",
    "[": "'[' at the start of a value opens a YAML list, and the words after its ']' cannot be read",
    "{": "'{' at the start of a value opens a YAML mapping, and the words after its '}' cannot be read",
    "*": "'*' at the start of a value makes YAML read an alias ('*name'), and the words after it cannot be read",
    "&": "'&' at the start of a value makes YAML read an anchor ('&name')",
    "|": "'|' at the start of a value begins a YAML block, whose text must start on the next line",
    ">": "'>' at the start of a value begins a YAML block, whose text must start on the next line",
    "!": "'!' at the start of a value makes YAML read a tag ('!name')",
}
_VALUE = re.compile(r"[ \t]*(?:- +)*(?:[A-Za-z_][\w-]*: +)?(\S)")


def _pitfall(text: str, error: yaml.MarkedYAMLError, index: int) -> str | None:
    """The plain meaning of a YAML error that a pasted quote causes, or None."""
    problem = error.problem or ""
    opened = error.context_mark
    if problem == "found unexpected end of stream" and error.context == "while scanning a quoted scalar" and opened:
        return (f"the quotation mark at line {opened.line + 1}, column {opened.column + 1} opens a text "
                "that never closes")
    if problem == "found unknown escape character":
        return "inside double quotes '\\' starts an escape, such as \\\" for '\"'"
    if problem in _AT_MARK:
        return _AT_MARK[problem]
    if problem == "found character that cannot start any token":
        return _CANNOT_START.get(text[index:index + 1])
    if problem.startswith("did not find expected"):
        line_start = text.rfind("\n", 0, index) + 1
        value = _VALUE.match(text, line_start, index)
        return _VALUE_START.get(value[1]) if value else None
    return None
