"""One question asked of many factboxes: the same command on each file, its names matched in
each file on its own, and the answers combined into one listing (`listings.combined_listing`).

How names are matched: a name typed (`--speaker Peskov`, `--party`, `--issue`, compare's
ISSUE) is looked up in each file by the rules of `queries.find`, so it finds `peskov` in every
file where he appears, whatever each file calls him. Entries are never merged across files: a
row belongs to its file, and the same id in two files stays two entries, each described by
its own file. A file in which none of an option's names is found gives no rows; a name found
in no file at all is a usage error, as it is for one file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .archive import Member
from .errors import UsageError
from .listings import combined_listing
from .model import Factbox
from .queries import NAMES, find, names_found
from .render.listing import Listing

#: The options of the commands that name parties, speakers or issues, by parameter name.
NAME_OPTIONS = {"party": "party", "speaker": "speaker", "issue": "issue"}


def ask_each(loaded: Iterable[tuple[Member, Factbox]], question: Callable[..., Listing],
             options: dict[str, Any]) -> Listing | None:
    """The combined answer of every file loaded, or None when no file loaded. With a `limit`
    option, files stop being read once the answer has that many rows and every name typed
    has been found."""
    limit = options.get("limit")
    unmatched = {(kind, name) for kind, names in _names(options) for name in names}
    parts: list[tuple[str, Listing]] = []
    first: Factbox | None = None
    rows = 0
    for member, factbox in loaded:
        first = first or factbox
        mine = _options_for(factbox, options, unmatched)
        if mine is not None:
            parts.append((member.name, question(factbox, **mine)))
            rows += len(parts[-1][1].rows)
        if limit is not None and rows >= limit and not unmatched:
            break
    if first is None:
        return None
    missing = [(kind, name) for kind, names in _names(options) for name in names if (kind, name) in unmatched]
    if missing:
        raise _not_found(first, *missing[0])
    return combined_listing(parts, limit)


def _names(options: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(kind, names typed) of each name option given."""
    found = []
    for option, kind in NAME_OPTIONS.items():
        value = options.get(option)
        if value:
            found.append((kind, [value] if isinstance(value, str) else list(value)))
    return found


def _options_for(factbox: Factbox, options: dict[str, Any], unmatched: set[tuple[str, str]]) -> dict[str, Any] | None:
    """The options with only the names this file has (None: it has none of one option's),
    and those names crossed off `unmatched`."""
    mine = dict(options)
    for option, kind in NAME_OPTIONS.items():
        value = options.get(option)
        if not value:
            continue
        found = names_found(factbox, kind, [value] if isinstance(value, str) else value)
        unmatched.difference_update((kind, name) for name in found)
        if not found:
            return None
        mine[option] = found[0] if isinstance(value, str) else found
    return mine


def _not_found(factbox: Factbox, kind: str, name: str) -> UsageError:
    """A name no file has: the error the first file gives for it (with its suggestion), said
    of every file."""
    try:
        find(kind, name, NAMES[kind](factbox), factbox)
    except UsageError as error:
        return UsageError(error.message.replace(f"no {kind} '{name}'", f"no {kind} '{name}' in any of the files", 1),
                          hint=error.hint)
    return UsageError(f"no {kind} '{name}' in any of the files")
