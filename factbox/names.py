"""Comparing names as people type them: without case, accents, extra spaces or invisible
characters."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Unicode's default-ignorable code points (DerivedCoreProperties.txt) are these and the
#: shaping ones below: zero-width space, word joiner, soft hyphen, BOM, bidi marks, tag
#: characters and the rest. A renderer draws none of them, so two names that differ only by
#: them look alike.
_HIDING = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
#: The default-ignorable code points that shape the character before them: joiners (emoji
#: sequences, Persian and Indic writing) and variation selectors (text or emoji style).
_SHAPING = "\u200c\u200d\ufe00-\ufe0f"
DEFAULT_IGNORABLE = _HIDING + _SHAPING
#: The default-ignorable code points that hide something: all of them, except a shaping one
#: right after a visible character outside ASCII (a Latin letter is never joined: 'Pes\u200dkov').
HIDDEN_PATTERN = f"[{_HIDING}]|(?<![^\\x00-\\x7f{DEFAULT_IGNORABLE}])[{_SHAPING}]"


# These classes of thousands of code points take about a millisecond each to compile: a
# query whose names and text are ASCII needs neither.
@cache
def invisible() -> re.Pattern[str]:
    return re.compile(f"[{DEFAULT_IGNORABLE}]")


@cache
def hidden() -> re.Pattern[str]:
    """HIDDEN_PATTERN, compiled."""
    return re.compile(HIDDEN_PATTERN)


#: How many candidates are compared in full, after a cheap ranking of all of them.
_SHORTLIST = 5
#: Names longer than this (on average, the word and the candidate) skip difflib.
_DIFFLIB_LENGTH = 100


def fold(text: str) -> str:
    """The form two names are compared in: 'Zelenskyy', 'ZELENSKYY' and 'Zelénskyy' agree,
    and so do 'Peskov' and 'Peskov' with a zero-width space inside (`invisible` is dropped)."""
    if text.isascii():  # most ids and names: the same result, without a pass per character
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", invisible().sub("", text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("’", "'").split())


def _pairs(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(map(str.__add__, padded, padded[1:]))


class Spellings:
    """Names to suggest from, prepared once for many lookups (a validator's ids).

    difflib costs the product of the two lengths per candidate, which on a thousand ids of
    125 characters takes over a second per word; so every candidate is first ranked by the
    character pairs it shares with the word (set operations, quick at any length), only the
    best few are compared by difflib, and long names by those shared pairs alone."""

    def __init__(self, candidates: list[str]) -> None:
        self.by_fold: dict[str, str] = {}
        for candidate in candidates:
            self.by_fold.setdefault(fold(candidate), candidate)
        self.pairs = [(folded, _pairs(folded)) for folded in self.by_fold]

    def closest(self, word: str, cutoff: float = 0.6) -> str | None:
        """The candidate a typo most likely meant, compared folded; None when nothing is close."""
        import heapq

        target = fold(word)
        mine = _pairs(target)
        # Sets of pairs cannot tell 'ab-77' from 'ab-777': the closer length breaks the tie.
        ranked = heapq.nlargest(_SHORTLIST, self.pairs,
                                key=lambda item: (_dice(mine, item[1]), -abs(len(item[0]) - len(target))))
        best: tuple[float, int, str] | None = None
        for folded, theirs in ranked:
            score = (_similarity(target, folded, _dice(mine, theirs)), -abs(len(folded) - len(target)), folded)
            if score[0] >= cutoff and (best is None or score[:2] > best[:2]):
                best = score
        return None if best is None else self.by_fold[best[2]]


def _dice(mine: frozenset[str], theirs: frozenset[str]) -> float:
    return 2 * len(mine & theirs) / (len(mine) + len(theirs))


def _similarity(word: str, candidate: str, dice: float) -> float:
    """difflib's ratio for names of ordinary length; for long ones, whose ratio would cost
    the product of their lengths, the share of character pairs they have in common."""
    if len(word) + len(candidate) > 2 * _DIFFLIB_LENGTH:
        return dice
    import difflib  # only when a name is not found

    return difflib.SequenceMatcher(None, word, candidate).ratio()


def closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    """The candidate a typo most likely meant (see `Spellings`); None when nothing is close."""
    return Spellings(candidates).closest(word, cutoff)
