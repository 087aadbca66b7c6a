"""The bundled factbox (data/positions.yaml) quotes its one source completely and faithfully.

The source is the Anadolu Agency factbox "FACTBOX – Key positions of Russia and Ukraine in
ongoing peace talks". ARTICLE_QUOTES below lists, by hand, every quotation in that article
as (speaker id, exact text), in the article's order. The tests check that the bundled data
holds exactly these quotes, and, when the article itself is at hand, that each text occurs
in it verbatim and that no quotation of the article is missing from the list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factbox.loading import load_file

DATA = Path(__file__).resolve().parents[1] / "data" / "positions.yaml"
ARTICLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "seed"
    / "aa-factbox-russia-ukraine-positions.txt"
)

# Every quotation of the article: (speaker id, text exactly as in the article). A closing
# comma or period the article puts inside the quotation marks as its own punctuation is
# left out; a fragment repeated for the same speaker is listed once.
ARTICLE_QUOTES: list[tuple[str, str]] = [
    # Summary bullets.
    ("russian-officials", "subject for discussion"),
    ("russian-officials", "realities on the ground"),
    # Security: Ukraine.
    ("zelenskyy", "compromise"),
    (
        "zelenskyy",
        "These security guarantees are an opportunity for us to prevent another wave of "
        "Russian aggression. And this is already a compromise on our part",
    ),
    ("zelenskyy", "real security guarantees"),
    ("zelenskyy", "essential"),
    ("zelenskyy", "These should be strong security guarantees, not like Budapest or Minsk"),
    (
        "zelenskyy",
        "This is definitely not in the interests of Ukraine, but we need to continue the "
        "conversation",
    ),
    # Security: Russia.
    ("peskov", "special consideration"),
    (
        "putin",
        "We are not saying that any country does not have the right to choose a way to "
        "protect itself, but it should be a way that does not threaten anyone, including us",
    ),
    ("peskov", "a subject for discussion"),
    # Territory: Ukraine.
    ("zelenskyy", "The question of territory is an extremely painful issue for us"),
    ("zelenskyy", "very clear"),
    ("zelenskyy", "I\u2019m well aware of what the Russian demands are"),
    ("zelenskyy", "I merely communicated to the special envoys what our point of view is."),
    ("ukrainian-officials", "reward aggression"),
    ("zelenskyy", "fair and realistic option"),
    (
        "zelenskyy",
        "I believe the people of Ukraine will answer this question \u2013 in the format of "
        "elections or in the format of a referendum",
    ),
    ("zelenskyy", "unfair"),
    ("zelenskyy", "most difficult issues"),
    # Territory: Russia ("realities on the ground" again, listed above).
    (
        "ushakov",
        "Donbas is Russian. The entire Donbas is Russian as stipulated in the Constitution "
        "of the Russian Federation",
    ),
    ("peskov", "A ceasefire is a respite, another deception, another delay"),
    ("russian-officials", "camouflage a desire to continue violence"),
    (
        "zakharova",
        "All the talk about some kind of elements of a ceasefire\u2026 is of no use to anyone",
    ),
    (
        "ushakov",
        "We haven\u2019t seen the corrected versions of American proposals. When we do, "
        "there may be many things we won\u2019t like",
    ),
]

#: Passages in quotation marks that are names, not anyone's words, and so are not quotes.
TERMS = {"free economic": "the article's name for zones Kyiv is concerned about"}

# A passage of the article inside “…” or ‘…’ quotation marks.
QUOTATION = re.compile(r"\u201c([^\u201d]*)\u201d|\u2018([^\u2019]*)\u2019")


@pytest.fixture(scope="module")
def bundled_pairs() -> list[tuple[str, str]]:
    fb = load_file(DATA)
    return [(q.speaker, q.text) for q in fb.quotes]


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"source article not available at {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


def test_the_list_has_no_duplicates():
    assert len(set(ARTICLE_QUOTES)) == len(ARTICLE_QUOTES)


@pytest.mark.parametrize(("speaker", "text"), ARTICLE_QUOTES)
def test_every_article_quote_is_bundled(bundled_pairs, speaker, text):
    assert (speaker, text) in bundled_pairs, (
        f"missing: {text!r} by {speaker!r}; by others: {[s for s, t in bundled_pairs if t == text]}"
    )


def test_nothing_is_bundled_beyond_the_article_quotes(bundled_pairs):
    extra = [pair for pair in bundled_pairs if pair not in ARTICLE_QUOTES]
    assert extra == []
    assert len(bundled_pairs) == len(ARTICLE_QUOTES)


def test_every_bundled_quote_occurs_verbatim_in_the_article(bundled_pairs, article):
    absent = [text for _, text in bundled_pairs if text not in article]
    assert absent == []


def test_every_quotation_of_the_article_is_listed(article):
    listed = {text for _, text in ARTICLE_QUOTES}
    passages = [a or b for a, b in QUOTATION.findall(article)]
    assert len(passages) >= len(listed)
    missing = [p for p in passages if p not in listed and p.rstrip(",.") not in listed and p not in TERMS]
    assert missing == []


def test_terms_in_quotation_marks_are_not_quotes(bundled_pairs):
    """A fact-check found "free economic" bundled as words of Ukrainian officials: the article
    only names the zones so. It stays a term, in a summary."""
    assert [text for _, text in bundled_pairs if text in TERMS] == []
    positions = load_file(DATA).positions
    assert any('"free economic" zones' in p.summary for p in positions if p.issue == "buffer-zones")


def test_camouflage_is_words_of_russian_officials_echoed_by_zakharova():
    quote = load_file(DATA).quote_by_id["russian-officials-camouflage"]
    assert quote.speaker == "russian-officials"
    assert quote.context is not None and "Zakharova echoed the phrase" in quote.context


def test_russia_is_open_on_foreign_troops_with_the_older_skepticism_in_the_summary():
    factbox = load_file(DATA)
    position = factbox.position_by_key[("russia", "foreign-troops")]
    assert (position.stance, position.basis, position.history) == (0, "stated", [])
    assert all("subject for discussion" in factbox.quote_by_id[q].text for q in position.quotes)
    assert "without a date" in position.summary and "skepticism" in position.summary
