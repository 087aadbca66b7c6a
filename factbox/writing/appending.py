"""A record appended to a block list, checked without reading the file again: the new
entry's text is parsed on its own and checked against the format, its ids and references
against the model of the file as it was (from its cache entry), and that model with the
record added is the model of the new file.

Why this holds: the entry is inserted at the start of the line after the list's last entry,
at the list's own indentation, and ends with a line break, so the text after it (blank lines,
comments, the next key) is read as before; the file was valid, and the only new value is
the entry, whose every check is made here. Records with checks across others beyond ids
and references (a speaker's names, a position's pair) take the full validation instead.
"""

from __future__ import annotations

from typing import Any

from .. import spec
from ..errors import DataError, Problem
from ..model import Factbox
from .document import Document, Edit

#: The records whose checks across the file are their id and references only.
APPENDABLE = ("quote", "event", "source")


def appended_model(document: Document, before: Factbox, key: str, record: str, edit: Edit) -> Factbox:
    """The model of the file with `edit` (one entry appended to `key`) made; DataError, with
    problems located in the new file, when the entry is not valid there."""
    from ..reading import SourceText
    from ..validation import check_record
    from ..yamlsource import Mapping, Sequence, parse_nodes

    name = document.name
    first_line = document.text.count("\n", 0, edit.start) + 1  # of the entry's text, in the new file
    root = parse_nodes(SourceText(name, f"{key}:\n{edit.text}"))
    entries = root.value[0][1] if isinstance(root, Mapping) and len(root.value) == 1 else None
    if not isinstance(entries, Sequence) or len(entries.value) != 1:
        raise DataError(f"{name}: the new entry does not read as one {record}")  # a bug, never reached
    path = (key, len(getattr(before, key)))
    try:
        value = check_record(entries.value[0], record, path, name)
    except DataError as error:
        raise DataError(error.message, [_moved(p, first_line - 2) for p in error.problems]) from None
    problems = _cross_problems(name, before, key, record, value, entries.value[0], path, first_line - 2)
    if problems:
        count = len(problems)
        raise DataError(f"{name}: {count} problem{'s' if count != 1 else ''}", problems)
    return _with(before, key, value)


def _moved(problem: Problem, lines: int) -> Problem:
    return Problem(problem.file, problem.line + lines, problem.column, problem.path, problem.message,
                   problem.warning)


class Ids:
    """The ids of one list of a model, as `in` asks for them: a quote's through the index, so
    that a cached file's quotes are not read one by one."""

    def __init__(self, factbox: Factbox, key: str) -> None:
        self.factbox = factbox
        self.ids = None if key == "quotes" else {
            entry.id for entry in getattr(factbox, key) if getattr(entry, "id", None) is not None}

    def __contains__(self, ident: object) -> bool:
        if self.ids is None:
            return bool(self.factbox.quote_numbers("id", str(ident)))
        return ident in self.ids


def _cross_problems(name: str, before: Factbox, key: str, record: str, value: Any, node: Any,
                    path: tuple[str | int, ...], lines: int) -> list[Problem]:
    """Its id unique in its list, each reference to an existing record."""
    from ..validation import path_text

    nodes = {pair[0].value: pair[1] for pair in node.value}
    problems = []

    def report(where: tuple[str | int, ...], message: str, at: Any) -> None:
        problems.append(Problem(name, at.line + lines, at.column, path_text((*path, *where)), message))

    for described in spec.RECORDS[record]:
        given = getattr(value, described.name, None)
        kind = described.kind
        if described.name == "id" and given is not None and given in Ids(before, key):
            report(("id",), f"duplicate id '{given}' — ids are unique within {key}", nodes["id"])
        elif isinstance(kind, spec.Ref) and given is not None and given not in Ids(before, kind.target):
            report((described.name,), f"unknown {spec.ID_LISTS[kind.target]} '{given}'", nodes[described.name])
        elif isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Ref) and given:
            known = Ids(before, kind.item.target)
            for index, (ident, item) in enumerate(zip(given, nodes[described.name].value, strict=False)):
                if ident not in known:
                    report((described.name, index), f"unknown {spec.ID_LISTS[kind.item.target]} '{ident}'", item)
    return problems


def _with(before: Factbox, key: str, value: Any) -> Factbox:
    """A new model: the old one's fields, with the list `key` one entry longer."""
    from ..cache import factbox_fields

    fields = {name: getattr(before, name) for name in factbox_fields()}
    fields[key] = [*fields[key], value]
    return Factbox(**fields)
