"""Shell completion from the data in use, made safe for the shells that evaluate it.

A completion item reaches a shell that may word-split it, glob it (bash) or `eval` it (zsh).
The data is untrusted, so safety is decided here, at the source: only values made of
letters, digits and `-_.'` are offered, and descriptions keep only letters, digits, spaces
and plain punctuation, so no name in a factbox can run a command, expand to file names or
send an escape sequence to the terminal. Nothing is ever completed from standard input.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import ZshComplete

if TYPE_CHECKING:
    from .model import Factbox

_VALUE_PUNCTUATION = frozenset("-_.'")
_DESCRIPTION_PUNCTUATION = frozenset("-_.,()'/")
MAX_DESCRIPTION = 60


def safe_value(value: str) -> bool:
    """A value any shell takes literally: Unicode letters and digits, and `-_.'` only (so no
    whitespace, no shell or glob metacharacter, no backslash, no control or invisible
    character); it must also start with a letter or digit, never read as an option."""
    return bool(value) and value[0].isalnum() and all(
        ch.isalnum() or ch in _VALUE_PUNCTUATION for ch in value
    ) and unicodedata.is_normalized("NFC", value)


def safe_description(text: str | None) -> str:
    """A description as plain words: anything but letters, digits, spaces and plain
    punctuation becomes a space, runs of space fold to one, and a long one is cut."""
    kept = "".join(ch if ch.isalnum() or ch in _DESCRIPTION_PUNCTUATION else " " for ch in text or "")
    words = " ".join(kept.split())
    return words if len(words) <= MAX_DESCRIPTION else words[: MAX_DESCRIPTION - 3].rstrip() + "..."


def names(factbox: Factbox, kind: str) -> list[tuple[str, str | None, list[str]]]:
    """What may complete each entry of a kind: its id, and names or aliases typed with their
    capitals (the shell keeps what starts alike): a speaker's surname, a party's name."""
    if kind == "issue":
        return [(i.id, i.title, i.aliases) for i in factbox.issues]
    if kind == "party":
        return [(p.id, p.name, [p.name, *p.aliases]) for p in factbox.parties]
    return [(s.id, s.name, [*s.name.split()[-1:], *s.aliases]) for s in factbox.speakers]


def items(incomplete: str, entries: Iterable[tuple[str, str | None, Iterable[str]]]) -> list[tuple[str, str]]:
    """Each (id, label, other names) offers its id and names that start with what was typed
    and are safe to offer, once each, described by its label."""
    found: dict[str, str] = {}
    for ident, label, names in entries:
        for value in (ident, *names):
            if value.startswith(incomplete) and safe_value(value):
                found.setdefault(value, safe_description(label))
    return list(found.items())


class SafeZshComplete(ZshComplete):
    """Typer's zsh completion without Rich markup on the description (a `[/]` in a name
    crashed it) and with quoting zsh's `eval` cannot escape from: the item goes into a
    single-quoted word, so its only special character is `'` itself."""

    def format_completion(self, item: CompletionItem) -> str:
        value = _single_quoted(_double_quoted(item.value))
        if item.help:
            return f"{value}:{_single_quoted(_double_quoted(item.help))}"
        return value


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


def _single_quoted(text: str) -> str:
    return text.replace("'", "'\\''")


def install_safe_classes(*_: Any) -> None:
    """Put the safe zsh class in place of Typer's, after Typer has registered its own."""
    add_completion_class(SafeZshComplete, "zsh")
