"""What each writing command changes, as edits of the text (`document.Edit`): the record
built from the options, names resolved as queries resolve them, ids made unique, and what
else must change with it (a replaced stance into `history`, citations of a removed record).

Nothing here judges the result: `session` validates the whole new text before writing.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from typing import Any

from .. import spec
from ..errors import UsageError
from ..model import Factbox, PartialDate
from ..names import closest, fold
from .appending import APPENDABLE, Ids
from .document import Document, Edit, Fields
from .layout import Span

#: The records `add`, `edit` and `remove` know, and the top-level list of each.
KINDS = {"quote": "quotes", "position": "positions", "event": "events", "speaker": "speakers",
         "source": "sources", "party": "parties", "issue": "issues"}
_ID_WORDS = 4


class Change:
    """The edits of one command, and the sentence that says what they do; `appended` is the
    (list, record) of an entry appended to a block list that `appending` can check alone."""

    __slots__ = ("appended", "edits", "summary")

    def __init__(self, edits: list[Edit], summary: str, appended: tuple[str, str] | None = None) -> None:
        self.edits = edits
        self.summary = summary
        self.appended = appended


# --- names to ids ---------------------------------------------------------------------------

def speaker_id(factbox: Factbox, name: str) -> str:
    from ..queries import find_speakers

    return find_speakers(factbox, [name])[0].id


def party_id(factbox: Factbox, name: str) -> str:
    from ..queries import find_parties

    return find_parties(factbox, [name])[0].id


def issue_list(factbox: Factbox, names: list[str] | None) -> list[str]:
    from ..queries import find_issues

    return [issue.id for issue in find_issues(factbox, names)] if names else []


def known_id(kind: str, ident: str, ids: list[str]) -> str:
    """An id that must exist already (a source, a quote): exact, else a usage error with the
    closest one."""
    if ident in ids:
        return ident
    guess = closest(ident, ids)
    hint = f" — did you mean '{guess}'?" if guess else ""
    raise UsageError(f"no {kind} '{ident}'{hint}",
                     hint=None if guess else f"known {kind}s: {', '.join(ids[:12]) or 'none yet'}")


def slug(text: str, words: int = _ID_WORDS) -> str:
    """An id from the first words of a text: 'A ceasefire is a respite' → 'a-ceasefire-is-a'."""
    parts = [part for part in re.split(r"[^a-z0-9]+", fold(text)) if part][:words]
    made = "-".join(parts)
    return made if made[:1].isalpha() else f"x-{made}" if made else "x"


def unique(ident: str, taken: Container[str]) -> str:
    """`ident`, or `ident-2`, `ident-3`… the first one the file does not use."""
    if ident not in taken:
        return ident
    number = 2
    while f"{ident}-{number}" in taken:
        number += 1
    return f"{ident}-{number}"


def _ids(factbox: Factbox, key: str) -> list[str]:
    if key == "quotes":
        return list(factbox.quote_by_id)
    return [entry.id for entry in getattr(factbox, key)]


def new_id(factbox: Factbox, key: str, given: str | None, made: str) -> str:
    """The id given (refused if taken), or one made unique."""
    taken = Ids(factbox, key)
    if given is not None:
        if given in taken:
            raise UsageError(f"the id '{given}' is already used in {key}", hint="choose another --id, or leave "
                             "it out for one made unique")
        return given
    return unique(made, taken)


# --- add ------------------------------------------------------------------------------------

def add_record(document: Document, kind: str, fields: Fields) -> Change:
    key = KINDS[kind]
    edit = document.add_to_list(key, kind, fields)
    label = fields.get("id") or fields.get("title") or ""
    existing = document.root_list(key)
    alone = kind in APPENDABLE and existing is not None and not existing.flow and edit.start == edit.end
    return Change([edit], f"added {kind} '{label}'" if label else f"added {kind}", (key, kind) if alone else None)


def quote_fields(factbox: Factbox, options: dict[str, Any]) -> Fields:
    speaker = speaker_id(factbox, options["speaker"])
    text = options["text"]
    made = f"{speaker}-{slug(text)}"
    return {"id": new_id(factbox, "quotes", options.get("id"), made), "speaker": speaker, "text": text,
            "issues": issue_list(factbox, options.get("issue")), "context": options.get("context"),
            "date": options.get("date"), "source": _source(factbox, options.get("source"))}


def _source(factbox: Factbox, ident: str | None) -> str | None:
    return None if ident is None else known_id("source", ident, _ids(factbox, "sources"))


def _sources(factbox: Factbox, idents: list[str] | None) -> list[str]:
    return [known_id("source", ident, _ids(factbox, "sources")) for ident in idents or []]


def _quotes(factbox: Factbox, idents: list[str] | None) -> list[str]:
    return [ident if factbox.quote_numbers("id", ident) else known_id("quote", ident, _ids(factbox, "quotes"))
            for ident in idents or []]


def speaker_fields(factbox: Factbox, options: dict[str, Any]) -> Fields:
    made = slug(options["name"].split()[-1] if options["name"].split() else options["name"], 1)
    return {"id": new_id(factbox, "speakers", options.get("id"), made), "name": options["name"],
            "party": party_id(factbox, options["party"]), "role": options.get("role"),
            "aliases": options.get("alias") or []}


def source_fields(factbox: Factbox, options: dict[str, Any]) -> Fields:
    return {"id": new_id(factbox, "sources", options.get("id"), slug(options["title"])), "title": options["title"],
            "publisher": options.get("publisher"), "date": options.get("date"), "url": options.get("url")}


def event_fields(factbox: Factbox, options: dict[str, Any]) -> Fields:
    """An event's id is optional: written only when given (and refused when taken)."""
    given = options.get("id")
    if given is not None and given in Ids(factbox, "events"):
        raise UsageError(f"the id '{given}' is already used in events", hint="choose another --id")
    return {"id": given, "date": options["date"], "title": options["title"], "place": options.get("place"),
            "source": _source(factbox, options.get("source"))}


def position_change(document: Document, factbox: Factbox, options: dict[str, Any]) -> Change:
    """Set a party's position on an issue, dated; one already there moves into its history
    (with the date it held: its as_of, else the file's), and the file's as_of moves on to a
    later date."""
    party, issue = party_id(factbox, options["party"]), issue_list(factbox, [options["issue"]])[0]
    date = options["date"]
    new: Fields = {"party": party, "issue": issue, "stance": options.get("stance"),
                   "summary": options["summary"],
                   "conditions": options.get("conditions"), "basis": options.get("basis"),
                   "quotes": _quotes(factbox, options.get("quote")),
                   "sources": _sources(factbox, options.get("source")), "as_of": date}
    edits = _as_of_moves(document, factbox, date)
    old = factbox.position_by_key.get((party, issue))
    if old is None:
        return Change([document.add_to_list("positions", "position", new), *edits],
                      f"added position '{party}/{issue}'")
    held = old.as_of or factbox.as_of
    if held is None:
        raise UsageError(f"the position of '{party}' on '{issue}' has no as_of, nor has the file, so the "
                         "date it held is unknown", hint="give the position or the file an as_of first")
    if _valid_date(date) and PartialDate.parse(date) < held:
        raise UsageError(f"--date {date} is before {held}, the date of the position it would replace",
                         hint="a later position replaces an earlier one; edit the history by hand for older ones")
    new["sources"] = new["sources"] or old.sources  # where it came from stays known
    entry = {"date": held.text, "stance": old.stance, "summary": old.summary, "basis": old.basis,
             "conditions": old.conditions, "quotes": old.quotes}
    mapping = _position_span(document, party, issue)
    unchanged = {key for key in new if getattr(old, key) == new[key]}
    replaced = _replace_fields(document, mapping, "position", {k: v for k, v in new.items() if k not in unchanged})
    return Change([*replaced, _append_history(document, mapping, entry), *edits],
                  f"replaced position '{party}/{issue}'; the old one is in its history")


def _valid_date(text: str) -> bool:
    from ..model import date_problem

    return date_problem(text) is None


def _as_of_moves(document: Document, factbox: Factbox, date: str) -> list[Edit]:
    """The file's as_of moved on to a later date (a file without one is left without)."""
    if factbox.as_of is None or not _valid_date(date) or PartialDate.parse(date) <= factbox.as_of:
        return []
    return [document.set_value(document.root, "factbox", "as_of", date)]


def _replace_fields(document: Document, mapping: Span, record: str, fields: Fields) -> list[Edit]:
    edits = []
    for key, value in fields.items():
        if key in ("party", "issue"):
            continue
        if value is None or value == []:
            if mapping.get(key) is not None:
                edits.append(document.delete_key(mapping, key))
        else:
            edits.append(document.set_value(mapping, record, key, value))
    return edits


def _append_history(document: Document, mapping: Span, entry: Fields) -> Edit:
    history = mapping.get("history")
    if history is not None and history.kind == "seq":
        return document.append(history, "history", entry)
    return document.add_key(mapping, "position", "history", [entry])


def _position_span(document: Document, party: str, issue: str) -> Span:
    positions = document.root_list("positions")
    assert positions is not None
    for entry in positions.entries:
        if entry.kind == "map" and _text(entry, "party") == party and _text(entry, "issue") == issue:
            return entry
    raise UsageError(f"no position of '{party}' on '{issue}'")


def _text(mapping: Span, key: str) -> str | None:
    node = mapping.get(key)
    return node.value if node is not None and node.kind == "scalar" else None


# --- edit -----------------------------------------------------------------------------------

def find_entry(document: Document, factbox: Factbox, kind: str, ident: str) -> tuple[Span, int, str]:
    """The entry `ident` names (a position as PARTY/ISSUE), its index and its id."""
    key = KINDS[kind]
    entries = document.root_list(key)
    if kind == "position":
        party_name, _, issue_name = ident.partition("/")
        if not issue_name:
            raise UsageError(f"'{ident}' does not name a position", hint="name it PARTY/ISSUE, e.g. russia/ceasefire")
        party, issue = party_id(factbox, party_name), issue_list(factbox, [issue_name])[0]
        span = _position_span(document, party, issue)
        assert entries is not None
        return span, entries.entries.index(span), f"{party}/{issue}"
    ids = [(_text(entry, "id") or "") for entry in entries.entries] if entries is not None else []
    if kind == "speaker" and ident not in ids:
        ident = speaker_id(factbox, ident)
    elif kind in ("party", "issue") and ident not in ids:
        ident = party_id(factbox, ident) if kind == "party" else issue_list(factbox, [ident])[0]
    ident = known_id(kind, ident, [i for i in ids if i])
    assert entries is not None
    index = ids.index(ident)
    return entries.entries[index], index, ident


def edit_record(document: Document, factbox: Factbox, kind: str, ident: str, fields: Fields,
                force: bool) -> Change:
    span, _, name = find_entry(document, factbox, kind, ident)
    if kind == "quote" and "text" in fields and fields["text"] != _text(span, "text") and not force:
        raise UsageError(f"changing the text of quote '{name}' needs --force",
                         hint="a quotation should not change silently; check it against the source, "
                         "then run again with --force")
    if not fields:
        raise UsageError(f"nothing to change in {kind} '{name}'", hint=f"factbox edit {kind} --help lists the fields")
    edits = [document.set_value(span, kind, key, value) for key, value in fields.items()]
    return Change(edits, f"changed {', '.join(fields)} of {kind} '{name}'")


# --- remove ---------------------------------------------------------------------------------

class Citation:
    """Where a record is named: the entry that names it, its list and index, and the key
    (with the item's index, for a list of ids)."""

    __slots__ = ("entry", "entry_record", "index", "item", "key", "list_key", "path", "required")

    def __init__(self, list_key: str, index: int, entry: Span, key: str, item: int | None, required: bool,
                 path: str, entry_record: str) -> None:
        self.entry_record = entry_record
        self.list_key = list_key
        self.index = index
        self.entry = entry
        self.key = key
        self.item = item
        self.required = required
        self.path = path


def citations(document: Document, target: str, ident: str) -> list[Citation]:
    """Every reference to `ident` of the list `target`, in file order."""
    found: list[Citation] = []
    for list_key, record in ((KINDS[kind], kind) for kind in KINDS):
        entries = document.root_list(list_key)
        for index, entry in enumerate(entries.entries if entries else []):
            if entry.kind == "map":
                found += _cited_in(entry, record, target, ident, list_key, index, f"{list_key}[{index}]")
    return found


def _cited_in(entry: Span, record: str, target: str, ident: str, list_key: str, index: int,
              path: str) -> Iterator[Citation]:
    for described in spec.RECORDS[record]:
        node = entry.get(described.name)
        kind = described.kind
        if node is None:
            continue
        if isinstance(kind, spec.Ref) and kind.target == target and node.value == ident:
            yield Citation(list_key, index, entry, described.name, None, described.required,
                           f"{path}.{described.name}", record)
        elif isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Ref) and kind.item.target == target:
            for number, item in enumerate(node.entries if node.kind == "seq" else []):
                if item.value == ident:
                    yield Citation(list_key, index, entry, described.name, number, False,
                                   f"{path}.{described.name}[{number}]", record)
        elif isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Record) and node.kind == "seq":
            for number, item in enumerate(node.entries):
                if item.kind == "map":
                    yield from _cited_in(item, kind.item.name, target, ident, list_key, index,
                                         f"{path}.{described.name}[{number}]")


def remove_record(document: Document, factbox: Factbox, kind: str, ident: str, cascade: bool) -> Change:
    """Remove one record; what cites it is refused, or with `cascade` removed too: a list's
    item, an optional reference, or the whole record that needs it (and what cites that)."""
    _, index, name = find_entry(document, factbox, kind, ident)
    edits: list[Edit] = []
    removed: list[str] = []
    pending: list[tuple[str, int, str]] = [(KINDS[kind], index, name)]
    seen: set[tuple[str, int]] = set()
    uncited: list[Citation] = []
    while pending:
        list_key, number, label = pending.pop()
        if (list_key, number) in seen:
            continue
        seen.add((list_key, number))
        sequence = document.root_list(list_key)
        assert sequence is not None
        edits.append(document.remove_entry(sequence, number, document.root.key_of(list_key)))
        removed.append(label)
        entry = sequence.entries[number]
        own = _text(entry, "id")
        cited = citations(document, list_key, own) if own and list_key in spec.ID_LISTS else []
        if cited and not cascade:
            where = "; ".join(c.path for c in cited)
            raise UsageError(f"{spec.ID_LISTS[list_key]} '{own}' is cited by {where}",
                             hint="remove those first, or pass --cascade to remove them too")
        pending += [(c.list_key, c.index, c.path.split(".")[0]) for c in cited if c.required]
        uncited += [c for c in cited if not c.required]
    edits += _uncite_all(document, uncited)
    extra = f" and {len(removed) - 1} record{'s' if len(removed) > 2 else ''} citing it" if len(removed) > 1 else ""
    return Change(edits, f"removed {kind} '{name}'{extra}")


def _uncite_all(document: Document, cited: list[Citation]) -> list[Edit]:
    """The citations taken out: an optional key deleted; items of one list of ids removed
    together (one `[a, b]` rewritten once, so that two removals never overlap)."""
    edits: list[Edit] = []
    lists: dict[int, tuple[Citation, set[int]]] = {}
    for citation in cited:
        if citation.item is None:
            edits.append(document.delete_key(citation.entry, citation.key))
        else:
            node = citation.entry.get(citation.key)
            lists.setdefault(id(node), (citation, set()))[1].add(citation.item)
    for citation, items in lists.values():
        node = citation.entry.get(citation.key)
        assert node is not None
        kept = [item.value for number, item in enumerate(node.entries) if number not in items]
        if node.flow or not kept:
            edits.append(document.set_value(citation.entry, citation.entry_record, citation.key, kept))
        else:
            edits += [document.remove_entry(node, number) for number in items]
    return edits


# --- the options of `edit`, as fields ---------------------------------------------------------

#: An option's field where its name is not the field's: repeatable options are singular.
_FIELD_OF = {"issue": "issues", "alias": "aliases", "quote": "quotes"}


def edit_fields(factbox: Factbox, kind: str, options: dict[str, Any]) -> Fields:
    """The fields the options given set, their names resolved to ids; an option that is not
    a field of `kind` is a usage error naming the fields it has."""
    described = {f.name: f for f in spec.RECORDS[kind]}
    fields: Fields = {}
    for option, value in options.items():
        if value is None or value == []:
            continue
        name = _FIELD_OF.get(option, option)
        if kind == "position":
            name = {"date": "as_of", "source": "sources"}.get(option, name)
        if name not in described or (kind == "position" and name in ("party", "issue", "history")):
            editable = ", ".join(f"--{f}" for f in described if f not in ("id", "history"))
            raise UsageError(f"--{option} is not a field of a {kind}", hint=f"a {kind} has {editable}")
        fields[name] = _resolved(factbox, described[name].kind, value, option)
    return fields


def _resolved(factbox: Factbox, kind: spec.Kind, value: Any, option: str) -> Any:
    if isinstance(kind, spec.ListOf):
        values = value if isinstance(value, list) else [value]
        return [_resolved(factbox, kind.item, item, option) for item in values]
    if isinstance(value, list):
        if len(value) != 1:
            raise UsageError(f"--{option} takes one value here; it was given {len(value)}")
        value = value[0]
    if isinstance(kind, spec.Ref):
        match kind.target:
            case "speakers":
                return speaker_id(factbox, value)
            case "parties":
                return party_id(factbox, value)
            case "issues":
                return issue_list(factbox, [value])[0]
            case target:
                return known_id(spec.ID_LISTS[target], value, _ids(factbox, target))
    return value
