"""What changed between two versions of a factbox, record by record, keyed by ids, not lines.

Records are matched by id (parties, speakers, issues, quotes, sources, events that have one),
a position by its party and issue, an event without an id by its date and title. A record
removed and another added with the same content under a new id is a rename, and references
to the old id are read as the new one, so a rename is one change, not dozens. A quote whose
text or speaker changed is a change of its own, with the words that changed; a stance that
moved is told like a shift, with the gap to each other party before and after.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Iterable, Iterator
from typing import Any

from . import model, spec
from .model import Factbox, HistoryEntry, PartialDate, Scale
from .queries import scope
from .records import Record

#: The lists compared, in the order changes are reported, with the record each holds.
LISTS = (("parties", "party"), ("speakers", "speaker"), ("issues", "issue"), ("sources", "source"),
         ("quotes", "quote"), ("positions", "position"), ("events", "event"))
TOP_FIELDS = ("format", "title", "description", "as_of", "scale")
CLASSES = {"party": model.Party, "speaker": model.Speaker, "issue": model.Issue, "source": model.Source,
           "quote": model.Quote, "position": model.Position, "event": model.Event}


class Change(Record):
    """One change. `change` is added, removed, renamed, changed, moved (a stance), text changed
    or speaker changed (a quote); `values` holds each changed field's old and new value."""

    __slots__ = ("change", "gaps", "key", "kind", "new_key", "values", "words")

    def __init__(self, kind: str, key: str, change: str, values: dict[str, tuple[Any, Any]] | None = None,
                 new_key: str | None = None, words: list[tuple[str, str]] | None = None,
                 gaps: dict[str, tuple[int, int]] | None = None) -> None:
        self.kind = kind
        self.key = key
        self.change = change
        self.values = values or {}
        self.new_key = new_key
        self.words = words or []  #: a quote's text as (op, text) pieces: "=", "-", "+"
        self.gaps = gaps or {}  #: a moved stance: other party → (gap before, gap after)


def plain(value: Any) -> Any:
    """A model value as JSON-like data: dates as written, records as their fields."""
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, HistoryEntry | Scale):
        return {name: plain(getattr(value, name)) for name in sorted(value.__slots__)}
    return value


def record_fields(record: Any, kind: str) -> dict[str, Any]:
    """The record's fields in the format's order, as data."""
    return {field.name: plain(getattr(record, field.name)) for field in spec.RECORDS[kind]}


def _key(kind: str, record: Any, number: int) -> str:
    if kind == "position":
        return f"{record.party}/{record.issue}"
    if kind == "event":  # without an id, by its date and title
        return str(record.id or f"{record.date} {record.title}")
    return str(record.id)


def _keyed(kind: str, records: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {_key(kind, record, n): record_fields(record, kind) for n, record in enumerate(records)}


def _references(kind: str) -> dict[str, str]:
    """The fields of a record that hold ids, with the list whose ids they are."""
    found: dict[str, str] = {}
    for field in spec.RECORDS[kind]:
        target = field.kind.item if isinstance(field.kind, spec.ListOf) else field.kind
        if isinstance(target, spec.Ref):
            found[field.name] = target.target
    return found


def _renamed(fields: dict[str, Any], kind: str, renames: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The fields with every reference to a renamed id read as its new id."""
    result = dict(fields)
    for name, target in _references(kind).items():
        mapping = renames.get(target)
        value = result.get(name)
        if mapping and value is not None:
            result[name] = [mapping.get(v, v) for v in value] if isinstance(value, list) else mapping.get(value, value)
    return result


def _without_id(fields: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((name, repr(value)) for name, value in fields.items() if name != "id")


def _find_renames(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Old id → new id, for records gone from `old` whose content, but for the id, is exactly
    that of one record new in `new` (and of no other)."""
    gone = {key: fields for key, fields in old.items() if key not in new}
    came: dict[tuple[tuple[str, Any], ...], list[str]] = {}
    for key, fields in new.items():
        if key not in old:
            came.setdefault(_without_id(fields), []).append(key)
    found: dict[str, str] = {}
    by_content: dict[tuple[tuple[str, Any], ...], list[str]] = {}
    for key, fields in gone.items():
        by_content.setdefault(_without_id(fields), []).append(key)
    for content, keys in by_content.items():
        targets = came.get(content, [])
        if len(keys) == 1 and len(targets) == 1:
            found[keys[0]] = targets[0]
    return found


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts as pieces kept ("="), taken out ("-") and put in ("+"), word by word
    (a word and the space after it), so an edited quotation shows exactly what moved."""
    old_words, new_words = _tokens(old), _tokens(new)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("=", "".join(old_words[a0:a1])))
            continue
        if a1 > a0:
            pieces.append(("-", "".join(old_words[a0:a1])))
        if b1 > b0:
            pieces.append(("+", "".join(new_words[b0:b1])))
    return pieces


def _tokens(text: str) -> list[str]:
    """Words with the spaces after them; joined they give the text back exactly."""
    return re.findall(r"\S+\s*|\s+", text)


def word_diff_text(pieces: list[tuple[str, str]]) -> str:
    """'a [-b-]{+c+} d': git's --word-diff=plain marks, readable anywhere."""
    return "".join(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}" for op, text in pieces)


def diff(old: Factbox, new: Factbox) -> list[Change]:
    """Every change from `old` to `new`: the file's own fields first, then each list in the
    order of LISTS, each in the order of the new file (removals where the old file had them)."""
    changes = [Change("factbox", name, "changed", {name: (plain(getattr(old, name)), plain(getattr(new, name)))})
               for name in TOP_FIELDS if plain(getattr(old, name)) != plain(getattr(new, name))]
    renames: dict[str, dict[str, str]] = {}  # by list: old id → new id
    for list_key, kind in LISTS:
        before = _keyed(kind, getattr(old, list_key))
        after = _keyed(kind, getattr(new, list_key))
        if kind == "position":  # keyed by references: read the old keys through the renames
            before = {_position_key(fields): fields for fields in
                      (_renamed(f, kind, renames) for f in before.values())}
        else:  # the lists it refers to come before it, so their renames are known
            renames[list_key] = _find_renames(
                {key: _renamed(fields, kind, renames) for key, fields in before.items()}, after)
        changes.extend(_list_changes(kind, before, after, renames, renames.get(list_key, {}), (old, new)))
    return changes


def _list_changes(kind: str, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]],
                  renames: dict[str, dict[str, str]], mapping: dict[str, str],
                  sides: tuple[Factbox, Factbox]) -> Iterator[Change]:
    for key, fields in before.items():
        if key in mapping:
            yield Change(kind, key, "renamed", new_key=mapping[key])
        elif key not in after:
            yield Change(kind, key, "removed", {name: (value, None) for name, value in _given(kind, fields)})
    moved_to = set(mapping.values())
    for key, fields in after.items():
        if key in moved_to:
            continue
        if key not in before:
            yield Change(kind, key, "added", {name: (None, value) for name, value in _given(kind, fields)})
            continue
        yield from _record_changes(kind, key, _renamed(before[key], kind, renames), fields, sides)


def _given(kind: str, fields: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The fields of a record added or removed that say something: not empty, not the default."""
    defaults = {name: plain(p.default) for name, p in inspect.signature(CLASSES[kind]).parameters.items()}
    return ((name, value) for name, value in fields.items()
            if value not in (None, [], {}) and (name not in defaults or defaults[name] != value))


def _position_key(fields: dict[str, Any]) -> str:
    return f"{fields['party']}/{fields['issue']}"


def _record_changes(kind: str, key: str, before: dict[str, Any], after: dict[str, Any],
                    sides: tuple[Factbox, Factbox]) -> Iterator[Change]:
    changed: dict[str, tuple[Any, Any]] = {name: (before.get(name), value) for name, value in after.items()
                                           if before.get(name) != value}
    if not changed:
        return
    if kind == "quote":
        if "text" in changed:
            yield Change(kind, key, "text changed", {"text": changed.pop("text")},
                         words=word_diff(before["text"], after["text"]))
        if "speaker" in changed:
            yield Change(kind, key, "speaker changed", {"speaker": changed.pop("speaker")})
    if kind == "position" and "stance" in changed and None not in changed["stance"]:
        stance: tuple[int, int] = changed.pop("stance")
        yield Change(kind, key, "moved", {"stance": stance, **changed},
                     gaps=_gaps(*sides, after["party"], after["issue"], stance))
        return
    if changed:
        yield Change(kind, key, "changed", changed)


def _gaps(old: Factbox, new: Factbox, party: str, issue: str, stance: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """The distance to each other party proper (as `shifts` measures), before and after."""
    gaps: dict[str, tuple[int, int]] = {}
    for other in sorted(scope(new).parties, key=[p.id for p in new.parties].index):
        if other == party:
            continue
        then = old.position_by_key.get((other, issue))
        now = new.position_by_key.get((other, issue))
        if then is not None and now is not None and then.stance is not None and now.stance is not None:
            gaps[other] = (abs(stance[0] - then.stance), abs(stance[1] - now.stance))
    return gaps
