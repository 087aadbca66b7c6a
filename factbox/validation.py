"""Turn a YAML node tree into a Factbox, or into every problem the file has, each located.

The first pass checks each value against the format description (`spec.RECORDS`); the
second checks what spans records (ids, references, the issue tree, the scale). Nothing is
built from a file with any problem, so the model never holds a half-checked value.

`validate_plain` makes the same checks on plain values read without positions (the fast
path of a valid file, yamlsource.parse_plain): it stops at the first problem and answers
None, and the caller reads the file again with positions for `validate` to word every
problem. The second pass is shared; it looks a node up only to report a problem.
"""

from __future__ import annotations

import heapq
import itertools
import re
import sys
import unicodedata
from collections import abc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import model, spec
from .errors import DataError, Omitted, Problem
from .names import Spellings, closest, fold, hidden
from .yamlsource import (
    MAP_TAG,
    QUOTING_FIX,
    ROOT_EXPECTED,
    SEQ_TAG,
    STR_TAG,
    AlteredScalar,
    Mapping,
    Node,
    PlainDocument,
    Scalar,
    Sequence,
)

_INTEGER = re.compile(r"[-+]?[0-9]+")
_MAX_INTEGER_DIGITS = 18
MAX_SUGGESTIONS = 300
SUGGESTION_PASSES = 50
MIN_SUGGESTION_WORK = 2_000_000  # characters of ids
#: Problems (and warnings) listed per file, the first in file order; the rest are counted.
MAX_LISTED = 1000
_SLUG = re.compile(spec.SLUG_PATTERN)

_MODELS: dict[str, type] = {
    "factbox": model.Factbox,
    "scale": model.Scale,
    "source": model.Source,
    "party": model.Party,
    "speaker": model.Speaker,
    "issue": model.Issue,
    "position": model.Position,
    "history": model.HistoryEntry,
    "quote": model.Quote,
    "event": model.Event,
}

Path = tuple[str | int, ...]
#: A problem's message, or what words it when it is listed (a suggestion costs a search).
Message = str | Callable[[], str]


def path_text(path: Path) -> str:
    """('quotes', 3, 'speaker') → 'quotes[3].speaker'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(slots=True)
class Raw:
    """A checked mapping, before the model is built: its values and the nodes they came from."""

    record: str
    path: Path
    node: Mapping
    values: abc.Mapping[str, Any] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)


class _Built(abc.Mapping[str, Any]):
    """The values of a record read back from the model object already built of them (a
    value of None is none given). A file's quotes are built as they are read, so that its
    document and its model never both hold them all; the checks that span records read
    them here."""

    __slots__ = ("built",)

    def __init__(self, built: Any) -> None:
        self.built = built

    def __getitem__(self, key: str) -> Any:
        value = getattr(self.built, key, None)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return getattr(self.built, str(key), None) is not None

    def __iter__(self) -> Iterator[str]:
        return (key for key in self.built.__slots__ if getattr(self.built, key) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Invalid:
    """Marks a value that failed its check (and was reported)."""


INVALID = _Invalid()


def validate(root: Node | None, file: str, warnings: list[Problem] | None = None) -> model.Factbox:
    """The Factbox in `root`, or DataError listing every problem, in file order. Warnings
    (see `_Warnings`) are looked for only when a list is given to collect them, even when
    the file is refused, so that `validate` can show them with its errors."""
    checker = _Checker(file, warnings)
    if root is None:
        checker.report_at(1, 1, (), f"the file holds no YAML document — expected {ROOT_EXPECTED}")
        raise checker.failure()
    raw = checker.convert(root, spec.Record("factbox"), ())
    if isinstance(raw, Raw):
        cross = _CrossChecker(checker, raw)
        cross.run()
        if warnings is not None and not checker.problems.count:
            _Warnings(checker, cross).run()
    if checker.problems.count or not isinstance(raw, Raw):
        raise checker.failure()
    checker.hand_over_warnings()
    return _factbox(raw)


def validate_plain(document: PlainDocument, file: str) -> model.Factbox | None:
    """The Factbox in a document read without positions, or None at its first problem (which
    only `validate`, given the nodes, can locate and word)."""
    checker = _Checker(file, located=False)
    root, quote_parts = document
    try:
        raw = _plain(spec.Record("factbox"))(root)
        quotes = _plain_quotes(quote_parts)
        if quotes:
            root["quotes"] = quotes  # the root's Raw holds the root's dict itself
        _CrossChecker(checker, raw).run()
    except Unlocated:
        return None
    return _factbox(raw)


def _plain_quotes(parts: Iterable[list[Any] | None]) -> list[Raw]:
    """A block list of quotes read in parts: each quote is checked and built as its part
    comes, and the part let go before the next is read."""
    check = _plain(_QUOTES)
    quotes = []
    for part in parts:
        quotes += [Raw("quote", (), _NO_POSITION, _Built(_build(raw)), _NO_NODES) for raw in check(part)]
    return quotes


def _factbox(raw: Raw) -> model.Factbox:
    factbox = _build(raw)
    assert isinstance(factbox, model.Factbox)
    if "scale" not in raw.values:
        factbox.scale = model.Scale(labels=dict(model.DEFAULT_LABELS))
    return factbox


def check_record(node: Node, record: str, path: Path, file: str) -> Any:
    """One record on its own (an entry `factbox add` appends), checked against the format as
    it would be in a whole file: its model object, or DataError with its problems. What spans
    records (unique ids, references) is the caller's to check, against the file's model."""
    checker = _Checker(file)
    raw = checker.convert(node, spec.Record(record), path)
    if checker.problems.count or not isinstance(raw, Raw):
        raise checker.failure()
    return _build(raw)


class Unlocated(Exception):
    """A problem met without positions: the file must be read again to locate it."""


class _PositionLess(dict[str, Node]):
    """The nodes of a record read without positions: asking for one means a problem."""

    def __getitem__(self, key: str) -> Node:
        raise Unlocated(key)

    def get(self, key: str, default: Any = None) -> Any:
        raise Unlocated(key)


_NO_POSITION = Mapping(MAP_TAG, 0, 0)
_NO_NODES = _PositionLess()
_PlainCheck = Callable[[Any], Any]
_PLAIN: dict[spec.Kind, _PlainCheck] = {}


def _plain(kind: spec.Kind) -> _PlainCheck:
    """The check of a plain value of this kind, made once: it returns what `_Checker.convert`
    would for a valid value (a Raw without nodes for a record), and raises Unlocated on
    anything `convert` would report."""
    check = _PLAIN.get(kind)
    if check is None:
        check = _PLAIN[kind] = _plain_check(kind)
    return check


def _plain_check(kind: spec.Kind) -> _PlainCheck:
    def text(value: Any) -> str:
        if type(value) is not str:
            raise Unlocated(kind)
        return value

    def integer(value: Any) -> int:
        if type(value) is not int or len(str(abs(value))) > _MAX_INTEGER_DIGITS:
            raise Unlocated(kind)
        return value

    def accept(value: Any, passed: Any) -> Any:
        if not passed:
            raise Unlocated(kind)
        return value

    match kind:
        case spec.Ref():  # ids repeat in every quote: one string each
            return lambda value: sys.intern(accept(value, text(value).strip()))
        case spec.Text():
            return lambda value: accept(value, text(value).strip())
        case spec.Slug():
            return lambda value: accept(value, _SLUG.fullmatch(text(value)))
        case spec.Date():
            return _plain_date(text)
        case spec.Integer():
            return integer
        case spec.Choice(values):
            return lambda value: accept(value, text(value) in values)
        case spec.Const(constant):
            return lambda value: accept(value, text(value) == constant)
        case spec.ListOf(item, min_items):
            entry_check = _plain(item)

            def entries(value: Any) -> list[Any]:
                for index, entry in enumerate(accept(value, type(value) is list and len(value) >= min_items)):
                    checked = entry_check(entry)
                    if checked is not entry:
                        value[index] = checked  # in place: the document is read once, and dropped
                return value  # type: ignore[no-any-return]

            return entries
        case spec.Labels():
            label = _plain(spec.Text())
            return lambda value: {integer(stance): label(name) for stance, name in
                                  accept(value, type(value) is dict).items()}
        case spec.Record(name):
            return _plain_record(name)
    raise AssertionError(kind)


#: Dates checked once per text (a file repeats its dates), up to this many texts.
_DATES_KEPT = 50_000


def _plain_date(text: Callable[[Any], str]) -> _PlainCheck:
    """A date's check: a year alone is an integer to yaml-rs (never with a '+': yamlsource
    refuses that text). Equal dates share one PartialDate, as they are never changed."""
    dates: dict[Any, model.PartialDate] = {}

    def check(value: Any) -> model.PartialDate:
        date = dates.get(value) if type(value) is str else None  # not a list, nor True == 1
        if date is None:
            written = str(value) if type(value) is int else text(value)
            if model.date_problem(written) is not None:
                raise Unlocated(written)
            date = model.PartialDate.parse(written)
            if len(dates) < _DATES_KEPT and type(value) is str:
                dates[value] = date
        return date

    return check


def _plain_record(name: str) -> _PlainCheck:
    fields = {described.name: _plain(described.kind) for described in spec.RECORDS[name]}
    required = frozenset(described.name for described in spec.RECORDS[name] if described.required)

    def check(value: Any) -> Raw:
        if type(value) is not dict:
            raise Unlocated(name)
        for key, item in value.items():
            field_check = fields.get(key) if type(key) is str else None
            if field_check is None:
                raise Unlocated(key)
            checked = field_check(item)
            if checked is not item:
                value[key] = checked  # in place, as for a list
        if not required <= value.keys():
            raise Unlocated(name)
        return Raw(name, (), _NO_POSITION, value, _NO_NODES)

    return check


def _build(value: Any) -> Any:
    """The model of a checked value (a scalar, or a list of them, is its own). The values
    of each record are let go once it is built, so that a large file is not held twice."""
    if type(value) is Raw:
        if type(value.values) is _Built:
            return value.values.built
        return _MODELS[value.record](**{key: _build(item) if type(item) in _BUILT else item
                                        for key, item in value.values.items()})
    if not value or type(value[0]) is not Raw:
        return value
    built = []
    for item in value:
        built.append(_build(item))
        item.values = {}
    return built


_BUILT = frozenset({Raw, list})
_QUOTES = next(described.kind for described in spec.RECORDS["factbox"] if described.name == "quotes")


def _is_quote_text(path: Path) -> bool:
    """The verbatim words of a quote, which YAML must never change silently."""
    return len(path) == 3 and path[0] == "quotes" and path[2] == "text"


#: Each record's fields by name, made once: a file may hold a million records.
_FIELDS = {name: {f.name: f for f in fields} for name, fields in spec.RECORDS.items()}


def _a(record: str) -> str:
    noun = "history entry" if record == "history" else record
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _found(node: Node) -> str:
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Mapping):
        return "a mapping"
    assert isinstance(node, Scalar)
    text = node.value
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _describe(kind: spec.Kind) -> str:
    match kind:
        case spec.Text():
            return "text"
        case spec.Slug():
            return "an id (lower-case letters, digits and '-', starting with a letter)"
        case spec.Ref(target):
            return f"a {spec.ID_LISTS[target]} id"
        case spec.Date():
            return "a date YYYY, YYYY-MM or YYYY-MM-DD"
        case spec.Integer():
            return "an integer"
        case spec.Choice(values):
            return "one of " + ", ".join(values)
        case spec.Const(value):
            return f"'{value}'"
        case spec.ListOf(item):
            return f"a list of {_describe(item).removeprefix('a ').removeprefix('an ')}s"
        case spec.Labels():
            return "a mapping from stances to labels"
        case spec.Record(name):
            return f"a {name} mapping"
    raise AssertionError(kind)


class _FirstInFile:
    """The first MAX_LISTED problems in file order, however many are reported, and how many
    there were: memory stays bounded when every value of a long list is wrong."""

    def __init__(self, warning: bool = False) -> None:
        self.count = 0
        self.warning = warning
        self._kept: list[tuple[int, int, int, Problem]] = []  # a heap of the last kept on top

    def add(self, file: str, line: int, column: int, path: Path, message: Message) -> None:
        self.count += 1
        entry = (-line, -column, -self.count)
        if len(self._kept) > MAX_LISTED and entry < self._kept[0][:3]:
            return  # after every kept one: counted, never worded
        problem = Problem(file, line, column, path_text(path), message if isinstance(message, str) else message(),
                          self.warning)
        (heapq.heappushpop if len(self._kept) > MAX_LISTED else heapq.heappush)(self._kept, (*entry, problem))

    def listed(self) -> list[Problem]:
        """In file order; the one past MAX_LISTED stands for all the rest (Omitted)."""
        problems = [entry[3] for entry in sorted(self._kept, reverse=True)]
        if len(problems) > MAX_LISTED:
            problems[MAX_LISTED] = Omitted(problems[MAX_LISTED], self.count - MAX_LISTED)
        return problems


class _Checker:
    def __init__(self, file: str, warnings: list[Problem] | None = None, located: bool = True) -> None:
        self.file = file
        self.problems = _FirstInFile()
        self.warnings = warnings
        self.found_warnings = _FirstInFile(warning=True)
        self.located = located

    def report_at(self, line: int, column: int, path: Path, message: Message) -> None:
        if not self.located:
            raise Unlocated()
        self.problems.add(self.file, line, column, path, message)

    def report(self, node: Node | None, path: Path, message: Message) -> None:
        if node is None:
            raise Unlocated()
        self.report_at(node.line, node.column, path, message)

    def warn_at(self, line: int, column: int, path: Path, message: str) -> None:
        if self.warnings is not None:
            self.found_warnings.add(self.file, line, column, path, message)

    def hand_over_warnings(self) -> None:
        """The warnings found, in file order, into the caller's list."""
        if self.warnings is not None:
            self.warnings += self.found_warnings.listed()
            self.warnings.sort(key=lambda p: (p.line, p.column))
            self.found_warnings = _FirstInFile(warning=True)

    def failure(self) -> DataError:
        """Every problem, and the warnings when they are collected, in file order."""
        self.hand_over_warnings()
        count = self.problems.count
        located = sorted([*self.problems.listed(), *(self.warnings or [])], key=lambda p: (p.line, p.column))
        return DataError(f"{self.file}: {count:,} problem{'s' if count != 1 else ''}", located)

    def convert(self, node: Node, kind: spec.Kind, path: Path, optional: bool = False) -> Any:
        if node.tag not in (STR_TAG, SEQ_TAG, MAP_TAG):
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            pasted = isinstance(kind, spec.Text) and not tag.startswith("!!")  # `!important` in a quote
            text_hint = f"; a text that starts with '!' is read as a tag: {QUOTING_FIX}" if pasted else ""
            return self._fail(node, path, f"YAML tag '{tag}' is not part of the format — "
                              f"expected {_describe(kind)} without a tag{text_hint}")
        match kind:
            case spec.Record(name):
                return self._record(node, name, path)
            case spec.ListOf():
                return self._list(node, kind, path)
            case spec.Labels():
                return self._labels(node, path)
        text = self._scalar(node, path, kind)
        if text is None:
            return INVALID
        if isinstance(node, AlteredScalar) and isinstance(kind, spec.Text) and not self._as_written(node, path):
            return INVALID
        match kind:
            case spec.Text() | spec.Ref():
                if not text.strip():
                    leave_out = "; leave this optional key out if there is nothing to say" if optional else ""
                    return self._fail(node, path, f"empty — expected {_describe(kind)}{leave_out}")
                return text
            case spec.Slug():
                return self._slug(node, path, text)
            case spec.Date():
                return self._date(node, path, text)
            case spec.Integer():
                return self._integer(node, path, text)
            case spec.Choice(values):
                if text in values:
                    return text
                self.report(node, path, lambda: _not_one_of(text, values))
                return INVALID
            case spec.Const(value):
                if text == value:
                    return text
                if text.startswith("factbox/"):
                    return self._fail(node, path, f"unsupported format version '{text}' — "
                                      f"this factbox reads '{value}'")
                return self._fail(node, path, f"'{text}' is not a factbox format — expected '{value}'")
        raise AssertionError(kind)

    def _fail(self, node: Node, path: Path, message: str) -> _Invalid:
        self.report(node, path, message)
        return INVALID

    def _as_written(self, node: AlteredScalar, path: Path) -> bool:
        """False when YAML changed a quote's text (an error, reported); a warning for any
        other text. YAML drops the words after a ` #` on a plain scalar's line as a comment,
        and reads a leading `&name` or `*name` as an anchor or an alias."""
        if node.comment is not None:
            line, column = node.comment
            shown = node.value if len(node.value) <= 40 else "…" + node.value[-40:]
            message = (f"' #' starts a YAML comment, so the words after it were dropped and the text "
                       f"reads '{shown}' — {QUOTING_FIX}")
        elif node.anchor is not None:
            line, column = node.line, node.column
            meaning = "an anchor, dropped from" if node.anchor.startswith("&") else "an alias, standing for"
            message = f"'{node.anchor}' is read by YAML as {meaning} the text — {QUOTING_FIX}"
        else:
            return True
        if _is_quote_text(path):
            self.report_at(line, column, path, message)
            return False
        self.warn_at(line, column, path, message)
        return True

    def _scalar(self, node: Node, path: Path, kind: spec.Kind) -> str | None:
        if not isinstance(node, Scalar):
            self.report(node, path, f"found {_found(node)} — expected {_describe(kind)}")
            return None
        return str(node.value)

    def _slug(self, node: Node, path: Path, text: str) -> str | _Invalid:
        if _SLUG.fullmatch(text):
            return text
        suggestion = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
        hint = f" such as '{suggestion}'" if suggestion and _SLUG.fullmatch(suggestion) else ""
        return self._fail(node, path, f"'{text}' is not an id — expected lower-case letters, "
                          f"digits and '-', starting with a letter{hint}")

    def _date(self, node: Node, path: Path, text: str) -> model.PartialDate | _Invalid:
        problem = model.date_problem(text)
        return self._fail(node, path, problem) if problem else model.PartialDate.parse(text)

    def _integer(self, node: Node, path: Path, text: str) -> int | _Invalid:
        assert isinstance(node, Scalar)
        if node.style:  # '' (C loader) or None (Python loader) is plain
            return self._fail(node, path, f"'{text}' is quoted text — expected an integer "
                              "written without quotes, such as 2 or -1")
        if not _INTEGER.fullmatch(text) or len(text.lstrip("+-")) > _MAX_INTEGER_DIGITS:
            shown = text if len(text) <= 40 else text[:40] + "…"
            return self._fail(node, path, f"'{shown}' is not an integer — expected a whole number "
                              "such as 2 or -1")
        return int(text)

    def _list(self, node: Node, kind: spec.ListOf, path: Path) -> list[Any] | _Invalid:
        if not isinstance(node, Sequence):
            dash = " — start each entry with '- '" if isinstance(node, Mapping) and isinstance(
                kind.item, spec.Record) else ""
            return self._fail(node, path, f"found {_found(node)} — expected {_describe(kind)}{dash}")
        if len(node.value) < kind.min_items:
            return self._fail(node, path, f"empty list — expected at least {kind.min_items} entry")
        items = [self.convert(item, kind.item, (*path, index)) for index, item in enumerate(node.value)]
        return [item for item in items if item is not INVALID]

    def _pairs(self, node: Mapping, path: Path, record: str | None = None) -> Iterator[tuple[str, Node, Node]]:
        """Key text, key node and value node of each entry, refusing duplicate and odd keys."""
        seen: dict[str, Node] = {}
        repeated: list[tuple[str, Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, Scalar) or key_node.tag != STR_TAG:
                self.report(key_node, path, f"found {_found(key_node)} as a key — expected a plain key")
                continue
            key = str(key_node.value)
            if key in seen:
                repeated.append((key, key_node))
                continue
            seen[key] = key_node
            yield key, key_node, value_node
        if record is not None and len(repeated) > 1:
            self._missing_dash(record, path, repeated)
            return
        for key, key_node in repeated:
            first = seen[key].line
            self.report(key_node, (*path, key), f"duplicate key '{key}' — first at line {first}; "
                        "each key may appear once (YAML would silently keep only the last)")

    def _missing_dash(self, record: str, path: Path, repeated: list[tuple[str, Node]]) -> None:
        """Several keys given twice: most likely a second entry whose `- ` went missing."""
        key_node = repeated[0][1]
        keys = ", ".join(key for key, _ in repeated)
        self.report(key_node, path, f"the keys {keys} appear a second time from line {key_node.line} — "
                    f"is a '- ' missing there, starting another {record} entry? (YAML would silently "
                    "keep only the last of each)")

    def _record(self, node: Node, name: str, path: Path) -> Raw | _Invalid:
        fields = _FIELDS[name]
        if not isinstance(node, Mapping):
            self.report(node, path, lambda: f"found {_found(node)} — expected " + (ROOT_EXPECTED if not path else (
                f"a {name} mapping with " + ", ".join(f.name for f in fields.values() if f.required))))
            return INVALID
        entry = bool(path) and isinstance(path[-1], int)  # an entry of a list, where records go astray
        if entry and self._misplaced(node, name, path):
            return INVALID
        values: dict[str, Any] = {}
        raw = Raw(name, path, node, values)
        for key, key_node, value_node in self._pairs(node, path, name if entry else None):
            described = fields.get(key)
            if described is None:
                self._unknown_key(key_node, path, key, list(fields))
                continue
            value = self.convert(value_node, described.kind, (*path, key), optional=not described.required)
            raw.nodes[key] = value_node
            if value is not INVALID:
                values[key] = value
        for described in fields.values():
            if described.required and described.name not in raw.nodes:
                self.report(node, path,
                            f"missing required key '{described.name}' — expected {_describe(described.kind)}")
        return raw

    def _misplaced(self, node: Mapping, name: str, path: Path) -> bool:
        """A record of another kind put in this list (a quote appended under `events:`) is
        named once as such, not as one unknown key and one missing key after another."""
        keys = {key.value for key, _ in node.value if isinstance(key, Scalar)}
        if len(keys - {f.name for f in spec.RECORDS[name]}) < 2:
            return False
        fits = [other for other, fields in spec.RECORDS.items() if other not in (name, "factbox")
                and keys <= {f.name for f in fields} and all(f.name in keys for f in fields if f.required)]
        if len(fits) != 1:
            return False
        home = next((f.name for f in spec.RECORDS["factbox"] if f.kind == spec.ListOf(spec.Record(fits[0]))), None)
        where = next((part for part in reversed(path) if isinstance(part, str)), "")
        move = f"; move it under `{home}:`" if home else ""
        self.report(node, path, f"these keys belong to {_a(fits[0])}, not {_a(name)} — did this entry land "
                    f"under `{where}:` by mistake?{move}")
        return True

    def _unknown_key(self, key_node: Node, path: Path, key: str, known: list[str]) -> None:
        if key == "<<":
            self.report(key_node, path, "merge keys (<<) are not part of the format — write the keys out")
            return
        self.report(key_node, (*path, key), lambda: _unknown_key(key, known))

    def _labels(self, node: Node, path: Path) -> dict[int, str] | _Invalid:
        if not isinstance(node, Mapping):
            return self._fail(node, path, f"found {_found(node)} — expected {_describe(spec.Labels())}")
        labels: dict[int, str] = {}
        for key, key_node, value_node in self._pairs(node, path):
            stance = self.convert(key_node, spec.Integer(), (*path, key))
            label = self.convert(value_node, spec.Text(), (*path, key))
            if stance is not INVALID and label is not INVALID:
                labels[stance] = label
        return labels


def _not_one_of(text: str, values: tuple[str, ...]) -> str:
    guess = closest(text, list(values))
    hint = f" — did you mean '{guess}'?" if guess else ""
    return f"'{text}' is not one of {', '.join(values)}{hint}"


def _unknown_key(key: str, known: list[str]) -> str:
    guess = closest(key, known)
    hint = f" — did you mean '{guess}'?" if guess else f" — expected one of {', '.join(known)}"
    return f"unknown key '{key}'{hint}"


class _CrossChecker:
    """The rules that span records, run once every record on its own is known."""

    def __init__(self, checker: _Checker, root: Raw) -> None:
        self.checker = checker
        self.root = root
        self.ids: dict[str, dict[str, Raw]] = {}
        self.repeated_ids: set[int] = set()
        self.suggestions: dict[tuple[str, str], str | None] = {}
        self.suggestion_work = 0
        self.spellings: dict[str, tuple[Spellings, int]] = {}  # by target: its ids and their length
        self.records: list[Raw] | None = None

    def entries(self, key: str) -> list[Raw]:
        value = self.root.values.get(key, [])
        return [entry for entry in value if isinstance(entry, Raw)]

    def run(self) -> None:
        for list_key in spec.ID_LISTS:
            self.check_ids(list_key)
        for list_key, name_key in (("parties", "name"), ("speakers", "name"), ("issues", "title")):
            self.check_names(list_key, name_key)
        for raw in self.all_records():
            self.check_references(raw)
        self.check_issue_tree()
        self.check_scale()
        self.check_positions()

    def all_records(self) -> list[Raw]:
        """Every record of the file, found once."""
        if self.records is None:
            self.records = []
            stack = [self.root]
            while stack:
                raw = stack.pop()
                self.records.append(raw)
                if type(raw.values) is _Built:
                    continue  # a record built already holds no record of its own
                for value in raw.values.values():
                    if type(value) is Raw:
                        stack.append(value)
                    elif type(value) is list and value and type(value[0]) is Raw:
                        stack.extend(value)
        return self.records

    def check_ids(self, list_key: str) -> None:
        seen: dict[str, Raw] = {}
        for raw in self.entries(list_key):
            ident = raw.values.get("id")
            if ident is None:
                continue
            if ident in seen:
                self.repeated_ids.add(id(raw))
                first = seen[ident]
                line = first.nodes["id"].line
                self.checker.report(raw.nodes["id"], (*raw.path, "id"),
                                    f"duplicate id '{ident}' — already used by {path_text(first.path)} "
                                    f"at line {line}; ids are unique within {list_key}")
            else:
                seen[ident] = raw
        self.ids[list_key] = seen

    def check_names(self, list_key: str, name_key: str) -> None:
        claimed: dict[str, Raw] = {}
        for raw in self.entries(list_key):
            # A repeated id was reported as such; claiming it again would say the same twice.
            keys = (name_key,) if id(raw) in self.repeated_ids else ("id", name_key)
            claims: list[tuple[str, str, int | None]] = [(raw.values[key], key, None) for key in keys
                                                         if key in raw.values]
            claims += [(alias, "aliases", index) for index, alias in enumerate(raw.values.get("aliases", []))]
            for name, key, index in claims:
                self.check_visible(name, raw, key, index)
                owner = claimed.setdefault(fold(name), raw)
                if owner is not raw:
                    line = owner.node.line
                    node, path = _located(raw, key, index)
                    self.checker.report(node, path, f"'{name}' is already claimed by "
                                        f"{path_text(owner.path)} (line {line}) — each id, name and "
                                        f"alias may name only one entry of {list_key}, "
                                        "compared without case and accents")

    def check_visible(self, name: str, raw: Raw, key: str, index: int | None) -> None:
        """A name with a character that draws nothing (a zero-width space, a soft hyphen, a
        tag character) looks like another name, or like itself with other words hidden in it."""
        found = hidden().search(name)
        if found is not None:
            char = found.group()
            what = unicodedata.name(char, "an unassigned format character")
            node, path = _located(raw, key, index)
            self.checker.report(node, path, f"'{name}' holds an invisible character, U+{ord(char):04X} ({what}) — "
                                "a name must show every character it has; remove it")

    def check_references(self, raw: Raw) -> None:
        for key, target, listed in _references(raw.record):
            if key not in raw.values:
                continue
            if not listed:
                self.resolve(raw.values[key], raw, key, None, target)
                continue
            for index, value in enumerate(raw.values[key]):
                self.resolve(value, raw, key, index, target)

    def resolve(self, value: str, raw: Raw, key: str, index: int | None, target: str) -> None:
        known = self.ids.get(target, {})
        if value in known:
            return
        node, path = _located(raw, key, index)
        self.checker.report(node, path, lambda: self.unknown_reference(value, target, known))

    def unknown_reference(self, value: str, target: str, known: dict[str, Raw]) -> str:
        noun = spec.ID_LISTS[target]
        guess = self.suggestion(value, target, known)
        if guess:
            hint = f"did you mean '{guess}'?"
        elif known:
            hint = f"expected one of the {noun} ids: " + ", ".join(list(known)[:8])
            hint += ", …" if len(known) > 8 else ""
        else:
            hint = f"the file has no {target}"
        return f"unknown {noun} '{value}' — {hint}"

    def suggestion(self, value: str, target: str, known: dict[str, Raw]) -> str | None:
        """A close id, looked up once per misspelling. Each lookup reads every id, so lookups
        stop once they have read SUGGESTION_PASSES times the ids' length (MIN_SUGGESTION_WORK
        characters at least), or MAX_SUGGESTIONS of them: past that, a file is broken in bulk,
        and more suggestions would cost time in proportion to the square of its size."""
        key = (target, value)
        if key not in self.suggestions:
            if target not in self.spellings:
                self.spellings[target] = (Spellings(list(known)), sum(map(len, known)))
            spellings, characters = self.spellings[target]
            budget = max(MIN_SUGGESTION_WORK, SUGGESTION_PASSES * characters)
            if len(self.suggestions) < MAX_SUGGESTIONS and self.suggestion_work + characters <= budget:
                self.suggestion_work += characters
                self.suggestions[key] = spellings.closest(value)
            else:
                self.suggestions[key] = None
        return self.suggestions[key]

    def check_issue_tree(self) -> None:
        parents = {ident: raw.values.get("parent") for ident, raw in self.ids["issues"].items()}
        settled: set[str] = set()  # issues known to reach a root, or already reported
        for start in parents:
            trail: dict[str, int] = {}  # this walk's issues, by position: linear, however deep
            current: str | None = start
            while current is not None and current in parents and current not in settled and current not in trail:
                trail[current] = len(trail)
                current = parents[current]
            settled.update(trail)
            if current is None or current not in trail:
                continue
            cycle = list(trail)[trail[current]:]
            raw = self.ids["issues"][cycle[-1]]
            loop = " → ".join([*cycle, cycle[0]])
            self.checker.report(raw.nodes["parent"], (*raw.path, "parent"),
                                f"the issue tree has a cycle ({loop}) — parents must form a tree")

    def check_scale(self) -> None:
        scale = self.root.values.get("scale")
        low, high = -2, 2
        if "scale" in self.root.nodes and scale is None:
            return  # the scale itself is broken and reported; stances cannot be judged
        if isinstance(scale, Raw):
            if "min" not in scale.values or "max" not in scale.values:
                return
            low, high = scale.values["min"], scale.values["max"]
            if low >= high:
                self.checker.report(scale.nodes["max"], ("scale", "max"),
                                    f"{high} is not above scale.min {low} — expected max > min")
                return
            for text, key_node in _label_keys(scale):
                if not _INTEGER.fullmatch(text) or len(text.lstrip("+-")) > _MAX_INTEGER_DIGITS:
                    continue  # reported as not an integer
                stance = int(text)
                if not low <= stance <= high:
                    self.checker.report(key_node, ("scale", "labels", text),
                                            f"label for {stance}, which is off the scale — "
                                            f"expected an integer from {low} to {high}")
        for raw in self.all_records():
            if raw.record in ("position", "history") and "stance" in raw.values:
                stance = raw.values["stance"]
                if not low <= stance <= high:
                    self.checker.report(raw.nodes["stance"], (*raw.path, "stance"),
                                        f"{stance} is off the scale — expected an integer from {low} to {high}")

    def check_positions(self) -> None:
        seen: dict[tuple[str, str], Raw] = {}
        for raw in self.entries("positions"):
            pair = (raw.values.get("party", ""), raw.values.get("issue", ""))
            if "" not in pair and pair in seen:
                first = seen[pair]
                self.checker.report(raw.node, raw.path,
                                    f"a second position of '{pair[0]}' on '{pair[1]}' — the first is "
                                    f"{path_text(first.path)} at line {first.node.line}; "
                                    "expected at most one position per party and issue")
            seen.setdefault(pair, raw)
            history = [entry for entry in raw.values.get("history", []) if "date" in entry.values]
            for before, after in itertools.pairwise(history):
                if after.values["date"] < before.values["date"]:
                    self.checker.report(after.nodes["date"], (*after.path, "date"),
                                        f"{after.values['date']} comes before the previous entry's "
                                        f"{before.values['date']} — expected history oldest first")


def _located(raw: Raw, key: str, index: int | None) -> tuple[Node, Path]:
    """The node of a value (an entry of it, given an index) and its path, to report it."""
    node = raw.nodes[key]
    if index is None:
        return node, (*raw.path, key)
    assert isinstance(node, Sequence)
    return node.value[index], (*raw.path, key, index)


_REFERENCES: dict[str, tuple[tuple[str, str, bool], ...]] = {}


def _references(record: str) -> tuple[tuple[str, str, bool], ...]:
    """The keys of a record that name other entries: (key, list named, a list of them?)."""
    references = _REFERENCES.get(record)
    if references is None:
        found = []
        for described in spec.RECORDS[record]:
            kind = described.kind
            if isinstance(kind, spec.Ref):
                found.append((described.name, kind.target, False))
            elif isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Ref):
                found.append((described.name, kind.item.target, True))
        references = _REFERENCES[record] = tuple(found)
    return references


def _label_keys(scale: Raw) -> list[tuple[str, Node | None]]:
    """Each label's stance as written, and its node (None when read without positions)."""
    if isinstance(scale.nodes, _PositionLess):
        return [(str(stance), None) for stance in scale.values.get("labels", {})]
    labels = scale.nodes.get("labels")
    if not isinstance(labels, Mapping):
        return []
    return [(str(key.value), key) for key, _ in labels.value if isinstance(key, Scalar)]


class _Warnings:
    """What a valid file may hold but an editor should look at: located like problems, and
    errors only under `validate --strict`. Each rule is documented in docs/format.md."""

    def __init__(self, checker: _Checker, cross: _CrossChecker) -> None:
        self.checker = checker
        self.cross = cross

    def warn(self, node: Node, path: Path, message: str) -> None:
        self.checker.warn_at(node.line, node.column, path, message)

    def run(self) -> None:
        self.unscorable_stances()
        self.quotes_of_other_parties()
        self.unbacked_stances()
        self.dates_after_as_of()
        self.repeated_quotes()

    def unscorable_stances(self) -> None:
        issues = self.cross.ids["issues"]
        for raw in self.cross.entries("positions"):
            issue = issues.get(raw.values["issue"])
            if "stance" in raw.values and issue is not None and "question" not in issue.values:
                self.warn(raw.nodes["stance"], (*raw.path, "stance"),
                          f"a stance on '{raw.values['issue']}', which has no question — it cannot be "
                          "scored; give the issue a question, or leave the stance out")

    def quotes_of_other_parties(self) -> None:
        quotes, speakers = self.cross.ids["quotes"], self.cross.ids["speakers"]
        for raw in self.cross.entries("positions"):
            nodes = raw.nodes.get("quotes")
            for index, quote_id in enumerate(raw.values.get("quotes", [])):
                speaker = speakers[quotes[quote_id].values["speaker"]]
                party = speaker.values["party"]
                if party != raw.values["party"] and isinstance(nodes, Sequence):
                    self.warn(nodes.value[index], (*raw.path, "quotes", index),
                              f"quote '{quote_id}' is by {speaker.values['name']} of '{party}', not of "
                              f"'{raw.values['party']}' — a position is backed by its own party's words")

    def unbacked_stances(self) -> None:
        for raw in self.cross.entries("positions"):
            if "stance" in raw.values and not raw.values.get("quotes") and "basis" not in raw.values:
                self.warn(raw.nodes["stance"], (*raw.path, "stance"),
                          "a stance with neither quotes nor basis — say how it is known (basis: stated, "
                          "reported or inferred) or cite the quotes behind it")

    def dates_after_as_of(self) -> None:
        file_as_of = self.cross.root.values.get("as_of")
        dated = [(raw, "date") for list_key in ("sources", "quotes", "events") for raw in self.cross.entries(list_key)]
        for position in self.cross.entries("positions"):
            dated += [(position, "as_of"), *((entry, "date") for entry in position.values.get("history", []))]
        for raw, key in dated:
            date = raw.values.get(key)
            if file_as_of is not None and date is not None and _after(date, file_as_of):
                self.warn(raw.nodes[key], (*raw.path, key),
                          f"{date} is after the file's as_of {file_as_of} — correct the date, or "
                          "move the file's as_of on")
        for position in self.cross.entries("positions"):
            as_of = position.values.get("as_of")
            for entry in position.values.get("history", []):
                date = entry.values.get("date")
                if as_of is None or date is None or (file_as_of is not None and _after(date, file_as_of)):
                    continue  # a date after the file's as_of is warned about once, above
                if _after(date, as_of):
                    self.warn(entry.nodes["date"], (*entry.path, "date"),
                              f"{date} is after the position's as_of {as_of} — history holds earlier "
                              "positions; the latest one is the position itself")

    def repeated_quotes(self) -> None:
        seen: dict[str, Raw] = {}
        for raw in self.cross.entries("quotes"):
            if "text" not in raw.values:
                continue
            text = " ".join(raw.values["text"].casefold().split())
            first = seen.setdefault(text, raw)
            if first is not raw:
                self.warn(raw.nodes["text"], (*raw.path, "text"),
                          f"the same text as {path_text(first.path)} (line {first.node.line}) — "
                          "one quote with both issues, or a context that tells the two apart")


def _after(date: model.PartialDate, bound: model.PartialDate) -> bool:
    """True when `date` begins after the whole period of `bound` (2026-01 is after 2025-12,
    2025-12-19 is not)."""
    return date.sort_key > bound.sort_key and not bound.contains(date)
