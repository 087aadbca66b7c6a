"""Comparing names as people type them: without case, accents, extra spaces or invisible
characters."""

from __future__ import annotations

import re
import unicodedata

#: Unicode's default-ignorable code points (DerivedCoreProperties.txt): zero-width space and
#: joiners, word joiner, soft hyphen, BOM, bidi marks, variation selectors, tag characters and
#: the rest. A renderer draws none of them, so two names that differ only by them look alike.
DEFAULT_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
INVISIBLE = re.compile(f"[{DEFAULT_IGNORABLE}]")

#: How many candidates difflib compares in full, after a cheap ranking of all of them.
_SHORTLIST = 5


def fold(text: str) -> str:
    """The form two names are compared in: 'Zelenskyy', 'ZELENSKYY' and 'Zelénskyy' agree,
    and so do 'Peskov' and 'Pes\u200bkov'."""
    if text.isascii():  # most ids and names: the same result, without a pass per character
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", INVISIBLE.sub("", text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("’", "'").split())


def _pairs(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(map(str.__add__, padded, padded[1:]))


class Spellings:
    """Names to suggest from, prepared once for many lookups (a validator's ids).

    difflib costs the product of the two lengths per candidate, which on a thousand long ids
    takes over a second per word; so the candidates are first ranked by the character pairs
    they share with the word (set operations, quick at any length) and only the best few are
    compared by difflib."""

    def __init__(self, candidates: list[str]) -> None:
        self.by_fold: dict[str, str] = {}
        for candidate in candidates:
            self.by_fold.setdefault(fold(candidate), candidate)
        self.pairs = [(folded, _pairs(folded)) for folded in self.by_fold]

    def closest(self, word: str, cutoff: float = 0.6) -> str | None:
        """The candidate a typo most likely meant, compared folded; None when nothing is close."""
        import difflib  # only when a name is not found
        import heapq

        target = fold(word)
        mine = _pairs(target)
        ranked = heapq.nlargest(_SHORTLIST, self.pairs,
                                key=lambda item: 2 * len(mine & item[1]) / (len(mine) + len(item[1])))
        matches = difflib.get_close_matches(target, [folded for folded, _ in ranked], n=1, cutoff=cutoff)
        return self.by_fold[matches[0]] if matches else None


def closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    """The candidate a typo most likely meant (see `Spellings`); None when nothing is close."""
    return Spellings(candidates).closest(word, cutoff)
