"""Questions asked of a factbox: find entries by the names people type, filter quotes,
search text. Pure functions of the model; a name that matches nothing is a UsageError."""

from __future__ import annotations

import heapq
import re
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from .errors import UsageError
from .model import Factbox, Issue, PartialDate, Party, Position, Quote, Speaker, coarse_in, date_problem, in_period
from .names import closest, fold
from .records import Record

T = TypeVar("T", Party, Speaker, Issue)
_MIN_PREFIX = 3
_WORD = re.compile(r"\w+")


class Named(Record, Generic[T]):
    """An entry with every name it answers to: exact names, and the words of those names."""

    __slots__ = ("entry", "exact", "label", "words")
    entry: T

    def __init__(self, entry: T, label: str, exact: frozenset[str], words: frozenset[str]) -> None:
        self.entry = entry
        self.label = label
        self.exact = exact
        self.words = words


def _named(entry: T, label: str, names: Iterable[str]) -> Named[T]:
    folded = {fold(name) for name in names}
    words = {word for name in folded for word in name.replace("-", " ").replace(",", " ").split()}
    return Named(entry, label, frozenset(folded), frozenset(words))


def _once_per_factbox(names: Callable[[Factbox], list[Named[T]]]) -> Callable[[Factbox], list[Named[T]]]:
    """Made once for each factbox, and kept while it lives: across many files, a name is
    looked up twice in each, to see whether the file has it and then to answer."""
    made: weakref.WeakKeyDictionary[Factbox, list[Named[T]]] = weakref.WeakKeyDictionary()

    def once(factbox: Factbox) -> list[Named[T]]:
        found = made.get(factbox)
        if found is None:
            found = made[factbox] = names(factbox)
        return found

    return once


@_once_per_factbox
def party_names(factbox: Factbox) -> list[Named[Party]]:
    return [_named(p, f"{p.name} ({p.id})", [p.id, p.name, *p.aliases]) for p in factbox.parties]


@_once_per_factbox
def speaker_names(factbox: Factbox) -> list[Named[Speaker]]:
    return [_named(s, f"{s.name} ({s.id})", [s.id, s.name, *s.aliases]) for s in factbox.speakers]


@_once_per_factbox
def issue_names(factbox: Factbox) -> list[Named[Issue]]:
    return [_named(i, f"{i.title} ({i.id})", [i.id, i.title, *i.aliases]) for i in factbox.issues]


NAMES: dict[str, Callable[[Factbox], Sequence[Named[Any]]]] = {
    "party": party_names, "speaker": speaker_names, "issue": issue_names}


def _word_match(query_words: list[str], named: Named[T]) -> bool:
    def hit(word: str) -> bool:
        if word in named.words:
            return True
        return len(word) >= _MIN_PREFIX and any(w.startswith(word) for w in named.words)

    return bool(query_words) and all(hit(word) for word in query_words)


def find(kind: str, query: str, candidates: Sequence[Named[T]], factbox: Factbox | None = None) -> T:
    """The one entry `query` names: exactly (id, name, alias), else by its words.

    Several issues that all lie in one subtree resolve to its top; anything else that is
    ambiguous, or nothing at all, is a usage error that lists candidates or suggests one.
    """
    matches = matching(query, candidates)
    if len(matches) == 1:
        return matches[0].entry
    if matches and factbox is not None and kind == "issue":
        top = _subtree_top([m.entry for m in matches], factbox)
        if top is not None:
            return top
    if matches:
        listed = "; ".join(m.label for m in matches)
        plural = "parties" if kind == "party" else f"{kind}s"
        raise UsageError(f"'{query}' matches {len(matches)} {plural}: {listed}",
                         hint=f"name one of them by its id, e.g. '{_id(matches[0].entry)}'")
    spellings = {name: named for named in candidates for name in named.exact}
    guess = closest(query, list(spellings))
    hint = f" — did you mean '{spellings[guess].label}'?" if guess else ""
    known = ", ".join(_id(named.entry) for named in candidates[:12])
    plural = "parties" if kind == "party" else f"{kind}s"
    raise UsageError(f"no {kind} '{query}'{hint}", hint=None if guess else f"known {plural}: {known}")


def matching(query: str, candidates: Sequence[Named[T]]) -> list[Named[T]]:
    """The entry `query` names exactly (id, name, alias), else every entry it names by its words."""
    folded = fold(query)
    for named in candidates:
        if folded in named.exact:
            return [named]
    words = folded.replace("-", " ").split()
    return [named for named in candidates if _word_match(words, named)]


def names_found(factbox: Factbox, kind: str, queries: Sequence[str]) -> list[str]:
    """The names typed that name something of `kind` ("party", "speaker", "issue") in this
    factbox, even ambiguously (`find` then says so): across many files, a name is looked for in
    each, and a file where none of the names of an option is found has no answer to give."""
    candidates = NAMES[kind](factbox)
    return [query for query in queries if matching(query, candidates)]


def _id(entry: Party | Speaker | Issue) -> str:
    return entry.id


def _subtree_top(issues: list[T], factbox: Factbox) -> T | None:
    """The issue all the others lie beneath, if there is one: only the shallowest can be it,
    so one subtree is walked, however many issues matched."""
    top = min(issues, key=lambda issue: factbox.depth(issue.id))
    below = set(factbox.subtree(top.id))
    return top if all(other.id in below for other in issues) else None


def find_parties(factbox: Factbox, queries: Sequence[str]) -> list[Party]:
    names = party_names(factbox)
    return _unique(find("party", q, names) for q in queries)


def find_speakers(factbox: Factbox, queries: Sequence[str]) -> list[Speaker]:
    names = speaker_names(factbox)
    return _unique(find("speaker", q, names) for q in queries)


def find_issues(factbox: Factbox, queries: Sequence[str]) -> list[Issue]:
    names = issue_names(factbox)
    return _unique(find("issue", q, names, factbox) for q in queries)


# --- names typed on the command line, to ids: one way, for every command ----------------
# Each returns None when no name was given (no filter), else the ids named.

def party_ids(factbox: Factbox, names: Sequence[str] | None) -> set[str] | None:
    return {party.id for party in find_parties(factbox, names)} if names else None


def speaker_ids(factbox: Factbox, names: Sequence[str] | None) -> set[str] | None:
    return {speaker.id for speaker in find_speakers(factbox, names)} if names else None


def issue_ids(factbox: Factbox, names: Sequence[str] | None) -> set[str] | None:
    """The issues named, each with every issue beneath it."""
    return set(expand_issues(factbox, find_issues(factbox, names))) if names else None


class Scope(Record):
    """Which stances a gap is measured from: the parties compared, and the bases allowed
    (None: any basis, or none given)."""

    __slots__ = ("bases", "parties")

    def __init__(self, parties: set[str], bases: set[str] | None = None) -> None:
        self.parties = parties
        self.bases = bases


def scope(factbox: Factbox, names: Sequence[str] | None = None, all_parties: bool = False,
          bases: Sequence[str] | None = None) -> Scope:
    """The parties named; else every party whose role is `party`: mediators and observers are
    shown but never widen a gap unless named, or unless `all_parties`."""
    named = party_ids(factbox, names)
    parties = named if named is not None else {p.id for p in factbox.parties if all_parties or p.role == "party"}
    return Scope(parties, set(bases) if bases else None)


def parties_named(factbox: Factbox, names: Sequence[str] | None) -> list[Party]:
    """The parties named, or every party when none is."""
    return find_parties(factbox, names) if names else list(factbox.parties)


def issue_tree(factbox: Factbox, name: str) -> list[Issue]:
    """The issue named and every issue beneath it, depth first in file order."""
    (issue,) = find_issues(factbox, [name])
    return [factbox.issue_by_id[i] for i in factbox.subtree(issue.id)]


def _unique(entries: Iterable[T]) -> list[T]:
    seen: dict[str, T] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())


@overload
def parse_date(text: str, option: str) -> PartialDate: ...
@overload
def parse_date(text: None, option: str) -> None: ...
def parse_date(text: str | None, option: str) -> PartialDate | None:
    """A date typed on the command line, partial dates allowed; None when none was given."""
    if text is None:
        return None
    problem = date_problem(text)
    if problem:
        raise UsageError(f"{option}: {problem}")
    return PartialDate.parse(text)


class QuoteFilter(Record):
    """Each option lists alternatives (any may hold); all options given must hold."""

    __slots__ = ("issues", "parties", "search", "search_in", "since", "speakers", "undated_only", "until")

    def __init__(self, speakers: Collection[str] | None = None, parties: Collection[str] | None = None,
                 issues: Collection[str] | None = None, search: tuple[str, ...] = (),
                 since: PartialDate | None = None, until: PartialDate | None = None,
                 search_in: str = "text", undated_only: bool = False) -> None:
        self.speakers = frozenset(speakers or ())
        self.parties = frozenset(parties or ())
        self.issues = frozenset(issues or ())
        self.search = search
        self.search_in = search_in  #: "text", "context" or "all"
        self.since = since
        self.until = until
        self.undated_only = undated_only  #: only the quotes without a date (to count them)


SEARCH_FIELDS = {"text": ("text",), "context": ("context",), "all": ("text", "context")}


def words(text: str) -> list[str]:
    """The words of a text as a search compares them: folded (no case, no accents), split at
    anything that is not a letter or a digit ('Kyiv's' is 'kyiv' and 's')."""
    return _WORD.findall(fold(text))


def has_words(text_words: Sequence[str], term_words: Sequence[str]) -> bool:
    """Whether the term's words stand in the text one after another, each as a whole word or
    the start of one: 'cease' finds 'ceasefire', 'peace plan' finds 'peace planning', 'fire'
    finds nothing in 'ceasefire'."""
    n = len(term_words)
    return n > 0 and any(all(text_words[i + k].startswith(term_words[k]) for k in range(n))
                         for i in range(len(text_words) - n + 1))


class Selection(Record):
    """Quotes chosen by a filter, with what a reader should be told: how many were left out
    only for having no date, and which dates lie only partly in the period asked for."""

    __slots__ = ("coarse", "quotes", "undated_left_out")

    def __init__(self, quotes: list[Quote], undated_left_out: int, coarse: set[str]) -> None:
        self.quotes = quotes
        self.undated_left_out = undated_left_out
        self.coarse = coarse


def select(factbox: Factbox, criteria: QuoteFilter, limit: int | None = None) -> Selection:
    quotes = select_quotes(factbox, criteria, limit)
    undated = 0
    if criteria.since or criteria.until:
        undated = len(select_quotes(factbox, QuoteFilter(criteria.speakers, criteria.parties, criteria.issues,
                                                         criteria.search, search_in=criteria.search_in,
                                                         undated_only=True)))
    coarse = {q.id for q in quotes if coarse_in(q.date, criteria.since, criteria.until)}
    return Selection(quotes, undated, coarse)


def select_quotes(factbox: Factbox, criteria: QuoteFilter, limit: int | None = None) -> list[Quote]:
    term_words = [words(term) for term in criteria.search]
    fields = SEARCH_FIELDS[criteria.search_in]
    selected: list[Quote] = []
    for quote in _candidates(factbox, criteria):
        if limit is not None and len(selected) >= limit:
            break
        if criteria.speakers and quote.speaker not in criteria.speakers:
            continue
        if criteria.parties and factbox.speaker_by_id[quote.speaker].party not in criteria.parties:
            continue
        if criteria.issues and criteria.issues.isdisjoint(quote.issues):
            continue
        if term_words and not any(has_words(words(getattr(quote, name) or ""), term)
                                  for name in fields for term in term_words):
            continue
        if criteria.undated_only:
            if quote.date is not None:
                continue
        elif not in_period(quote.date, criteria.since, criteria.until):
            continue
        selected.append(quote)
    return selected


def _candidates(factbox: Factbox, criteria: QuoteFilter) -> Iterable[Quote]:
    """Only the quotes of the speakers, issues or years asked for, by index, when they narrow it
    (the filters in `select_quotes` still decide), in file order. One kind of narrowing is read
    lazily, its index lists merged, so that a query with a limit stops where its answer does."""
    narrowing: list[list[Sequence[int]]] = []  # each: the index lists whose union a filter allows
    if criteria.speakers or criteria.parties:
        speakers = criteria.speakers or {s.id for s in factbox.speakers if s.party in criteria.parties}
        if criteria.speakers and criteria.parties:
            speakers = {s for s in speakers if factbox.speaker_by_id[s].party in criteria.parties}
        narrowing.append([factbox.quote_numbers("speaker", speaker) for speaker in speakers])
    if criteria.issues:
        narrowing.append([factbox.quote_numbers("issue", issue) for issue in criteria.issues])
    if criteria.undated_only:
        narrowing.append([factbox.quote_numbers("undated", "")])
    elif criteria.since is not None or criteria.until is not None:
        first = criteria.since.year if criteria.since is not None else 0
        last = criteria.until.year if criteria.until is not None else 10_000
        narrowing.append([factbox.quote_numbers("year", year) for year in factbox.quote_counts("year")
                          if first <= int(year) <= last])
    if not narrowing:
        return factbox.quotes
    if len(narrowing) == 1:
        return (factbox.quotes[n] for n in _ascending_union(narrowing[0]))
    allowed = set.intersection(*({n for numbers in lists for n in numbers} for lists in narrowing))
    return (factbox.quotes[n] for n in sorted(allowed))


def _ascending_union(lists: list[Sequence[int]]) -> Iterator[int]:
    """The numbers of ascending lists (an index's, in file order), ascending and each once."""
    last = -1
    for number in heapq.merge(*lists):
        if number != last:
            yield number
            last = number


def expand_issues(factbox: Factbox, issues: Iterable[Issue]) -> frozenset[str]:
    """An issue stands for itself and everything beneath it."""
    return frozenset(i for issue in issues for i in factbox.subtree(issue.id))


def issues_with_parties(factbox: Factbox, party_ids: set[str]) -> list[Issue]:
    """Issues in tree order on which one of the parties has a position (or, for a parent,
    one of its sub-issues does, so the tree stays whole)."""
    kept: set[str] = set()
    for position in factbox.positions:
        if position.party not in party_ids:
            continue
        current: str | None = position.issue  # it and its ancestors, up to one already kept
        while current is not None and current not in kept:
            kept.add(current)
            current = factbox.issue_by_id[current].parent
    return [i for i in factbox.issues_in_tree_order() if i.id in kept]


def position_of(factbox: Factbox, party_id: str, issue_id: str) -> Position | None:
    return factbox.position_by_key.get((party_id, issue_id))


def supporting_quotes(factbox: Factbox, party_id: str, issue_id: str) -> list[Quote]:
    """The quotes a position cites, then the party's other quotes tagged with the issue."""
    position = position_of(factbox, party_id, issue_id)
    cited = list(position.quotes) if position else []
    found = {quote.id: quote for quote in _tagged_by_party(factbox, issue_id).get(party_id, [])}
    for quote_id in cited:
        if quote_id not in found:
            found[quote_id] = factbox.quotes[factbox.quote_numbers("id", quote_id)[0]]
    return [found[quote_id] for quote_id in dict.fromkeys([*cited, *found])]


_TAGGED: weakref.WeakKeyDictionary[Factbox, dict[str, dict[str, list[Quote]]]] = weakref.WeakKeyDictionary()


def _tagged_by_party(factbox: Factbox, issue_id: str) -> dict[str, list[Quote]]:
    """The quotes tagged with an issue by their speaker's party, in file order, sorted out once
    per issue: a scan of them all for each party was quadratic (3,400 parties on one issue of
    68,000 quotes took a minute)."""
    by_issue = _TAGGED.setdefault(factbox, {})
    grouped = by_issue.get(issue_id)
    if grouped is None:
        grouped = by_issue[issue_id] = {}
        for number in factbox.quote_numbers("issue", issue_id):
            quote = factbox.quotes[number]
            grouped.setdefault(factbox.speaker_by_id[quote.speaker].party, []).append(quote)
    return grouped


# --- counts: each one pass over the records, whatever the number of parties or issues ----

def tally(keys: Iterable[str]) -> dict[str, int]:
    """How many times each key occurs."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


def quotes_per_speaker(factbox: Factbox) -> dict[str, int]:
    """From the cache's precomputed counts when there are some: no quote is decoded."""
    return factbox.quote_counts("speaker")


def quotes_per_party(factbox: Factbox) -> dict[str, int]:
    counts: dict[str, int] = {}
    for speaker, count in quotes_per_speaker(factbox).items():
        party = factbox.speaker_by_id[speaker].party
        counts[party] = counts.get(party, 0) + count
    return counts


def record_counts(factbox: Factbox) -> str:
    """'5 parties, 12 speakers, …': what a file holds, as `validate` reports it."""
    counts = [
        (len(factbox.parties), "party", "parties"),
        (len(factbox.speakers), "speaker", "speakers"),
        (len(factbox.issues), "issue", "issues"),
        (len(factbox.positions), "position", "positions"),
        (len(factbox.quotes), "quote", "quotes"),
        (len(factbox.sources), "source", "sources"),
        (len(factbox.events), "event", "events"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)


def quotes_per_issue(factbox: Factbox) -> dict[str, int]:
    """Quotes tagged with each issue (a quote counts once for each issue it names)."""
    return factbox.quote_counts("issue")


class Hit(Record):
    __slots__ = ("field", "id", "kind", "text")

    def __init__(self, kind: str, id: str, field: str, text: str) -> None:
        self.kind = kind
        self.id = id
        self.field = field
        self.text = text


def search(factbox: Factbox, terms: Sequence[str]) -> list[Hit]:
    """Every field of issues, positions, quotes, parties, speakers, events and sources holding
    one of the terms, by the word rule of `quotes --search` (`has_words`)."""
    term_words = [found for term in terms if (found := words(term))]

    def candidates() -> Iterable[Hit]:
        for party in factbox.parties:
            yield from _hits("party", party.id, [("name", party.name), ("aliases", "; ".join(party.aliases))])
        for speaker in factbox.speakers:
            yield from _hits("speaker", speaker.id, [("name", speaker.name), ("role", speaker.role),
                                                     ("aliases", "; ".join(speaker.aliases))])
        for issue in factbox.issues_in_tree_order():
            yield from _hits("issue", issue.id, [("title", issue.title), ("question", issue.question),
                                                 ("aliases", "; ".join(issue.aliases))])
        for position in factbox.positions:
            yield from _hits("position", f"{position.party}/{position.issue}",
                             [("summary", position.summary), ("conditions", position.conditions)])
        for quote in factbox.quotes:
            yield from _hits("quote", quote.id, [("text", quote.text), ("context", quote.context)])
        for number, event in enumerate(factbox.events):
            yield from _hits("event", event_ref(number, event.id), [("title", event.title), ("place", event.place)])
        for source in factbox.sources:
            yield from _hits("source", source.id, [("title", source.title), ("publisher", source.publisher),
                                                   ("url", source.url)])

    return [hit for hit in candidates() if any(has_words(words(hit.text), term) for term in term_words)]


def event_ref(number: int, event_id: str | None) -> str:
    """An event is named by its id, else by its place in the list (`event 3`, from 1)."""
    return event_id or f"event {number + 1}"


def _hits(kind: str, ident: str, values: list[tuple[str, str | None]]) -> Iterable[Hit]:
    return (Hit(kind, ident, name, text) for name, text in values if text)
