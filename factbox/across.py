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

from collections.abc import Callable
from typing import Any

from .archive import Loader
from .errors import UsageError
from .listings import combined_listing
from .model import Factbox
from .queries import NAMES, find, names_found
from .render.listing import Listing

#: The options of the commands that name parties, speakers or issues, by parameter name.
NAME_OPTIONS = {"party": "party", "speaker": "speaker", "issue": "issue"}


def ask_each(loaded: Loader, question: Callable[..., Listing], options: dict[str, Any]) -> Listing | None:
    """The combined answer of every file loaded, or None when no file loaded. With a `limit`
    option, the question stops being asked once the answer has that many rows and every name
    typed has been found; the files after are still validated (`Loader.check_rest`), so
    every invalid file is reported. An empty answer has the columns a full one would."""
    limit = options.get("limit")
    unmatched = {(kind, name) for kind, names in _names(options) for name in names}
    parts: list[tuple[str, Listing]] = []
    first: Factbox | None = None
    empty: Listing | None = None
    rows = 0
    for member, factbox in loaded:
        first = first or factbox
        found = _found(factbox, options)
        unmatched.difference_update((NAME_OPTIONS[option], name) for option, names in found.items() for name in names)
        if not all(found.values()):  # the file has none of one option's names: no rows from it
            empty = empty or _empty_answer(factbox, question, options, found)
            continue
        parts.append((member.name, question(factbox, **_narrowed(options, found))))
        rows += len(parts[-1][1].rows)
        if limit is not None and rows >= limit and not unmatched:
            loaded.check_rest()
            break
    if first is None:
        return None
    missing = [(kind, name) for kind, names in _names(options) for name in names if (kind, name) in unmatched]
    if missing:
        raise _not_found(first, *missing[0])
    if not parts and empty is not None:  # every file lacked one of the names: no rows, every column
        parts = [("", empty)]
    return combined_listing(parts, limit)


def _empty_answer(factbox: Factbox, question: Callable[..., Listing], options: dict[str, Any],
                  found: dict[str, list[str]]) -> Listing | None:
    """The question asked of a file that lacks some of its names, for its columns: with the
    names the file has, and none of an option it has none of; None when that would leave out
    the one name of an option that takes one (compare's ISSUE)."""
    if any(isinstance(options[option], str) and not names for option, names in found.items()):
        return None
    answer = question(factbox, **_narrowed(options, found))
    answer.rows = []
    return answer


def _names(options: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(kind, names typed) of each name option given."""
    found = []
    for option, kind in NAME_OPTIONS.items():
        value = options.get(option)
        if value:
            found.append((kind, [value] if isinstance(value, str) else list(value)))
    return found


def _found(factbox: Factbox, options: dict[str, Any]) -> dict[str, list[str]]:
    """The names of each name option given that this file has (`queries.names_found`)."""
    return {option: names_found(factbox, kind, [value] if isinstance(value, str) else value)
            for option, kind in NAME_OPTIONS.items() if (value := options.get(option))}


def _narrowed(options: dict[str, Any], found: dict[str, list[str]]) -> dict[str, Any]:
    """The options with only the names the file has (an option it has none of: none)."""
    mine = dict(options)
    for option, names in found.items():
        mine[option] = (names[0] if names else None) if isinstance(options[option], str) else names or None
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
