"""Comparing names as people type them: without case, accents or extra spaces."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """The form two names are compared in: 'Zelenskyy', 'ZELENSKYY' and 'Zelénskyy' agree."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("’", "'").split())


def closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    """The candidate a typo most likely meant, compared folded; None when nothing is close."""
    import difflib  # only when a name is not found

    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    matches = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[matches[0]] if matches else None
