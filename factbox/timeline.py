"""Everything dated in a factbox, in one chronological order: events, dated quotes, and each
recorded stance (a position's history, then its current stance at its `as_of`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from .asof import carried_back, records
from .model import Factbox, PartialDate, coarse_in, in_period
from .queries import QuoteFilter, event_ref, select_quotes
from .records import Record

KINDS = ("event", "stance", "quote")


class Moment(Record):
    """One dated row of the timeline. `ref` names the record: an event's id (or its number
    among the events), a quote's id, a stance's `party/issue`."""

    __slots__ = ("basis", "date", "issues", "kind", "party", "place", "ref", "source", "speaker", "stance", "what")

    def __init__(self, kind: str, date: PartialDate | None, ref: str, what: str, party: str | None = None,
                 speaker: str | None = None, issues: tuple[str, ...] = (), stance: int | None = None,
                 basis: str | None = None, place: str | None = None, source: str | None = None) -> None:
        self.kind = kind
        self.date = date
        self.ref = ref
        self.what = what
        self.party = party
        self.speaker = speaker
        self.issues = issues
        self.stance = stance
        self.basis = basis
        self.place = place
        self.source = source


class Chronology(Record):
    """The rows, oldest first, what a reader must be told besides: the undated quotes and
    stances left out, and the rows whose partial date lies only partly in the period."""

    __slots__ = ("coarse", "moments", "undated")

    def __init__(self, moments: list[Moment], undated: int, coarse: set[int]) -> None:
        self.moments = moments
        self.undated = undated
        self.coarse = coarse  #: indexes into `moments`


class TimelineFilter(Record):
    __slots__ = ("issues", "kinds", "parties", "since", "until")

    def __init__(self, kinds: Collection[str] | None = None, parties: Collection[str] | None = None,
                 issues: Collection[str] | None = None, since: PartialDate | None = None,
                 until: PartialDate | None = None) -> None:
        self.kinds = frozenset(kinds or KINDS)
        self.parties = frozenset(parties or ())
        self.issues = frozenset(issues or ())
        self.since = since
        self.until = until


def chronology(factbox: Factbox, criteria: TimelineFilter) -> Chronology:
    """Events have no party or issue: --party and --issue leave them out. Partial dates sort
    before the full dates they contain (the format's order); rows of one date keep the order
    event, stance, quote, and file order within each. Quotes are found through the quote
    indexes (`queries.select_quotes`), so a narrow timeline of a large file reads few."""
    moments = [m for m in (*_events(factbox), *_stances(factbox)) if _wanted(m, criteria)]
    quotes, undated_quotes = _quotes(factbox, criteria)
    dated = [m for m in (*moments, *quotes) if m.date is not None and in_period(m.date, criteria.since, criteria.until)]
    ordered = sorted(dated, key=lambda m: (m.date.sort_key if m.date else (0, 0, 0), KINDS.index(m.kind)))
    undated = sum(1 for m in moments if m.date is None) + undated_quotes
    coarse = {n for n, m in enumerate(ordered) if coarse_in(m.date, criteria.since, criteria.until)}
    return Chronology(ordered, undated, coarse)


def _wanted(moment: Moment, criteria: TimelineFilter) -> bool:
    return (moment.kind in criteria.kinds
            and (not criteria.parties or moment.party in criteria.parties)
            and (not criteria.issues or not criteria.issues.isdisjoint(moment.issues)))


def _events(factbox: Factbox) -> Iterator[Moment]:
    for number, event in enumerate(factbox.events):
        yield Moment("event", event.date, event_ref(number, event.id), event.title, place=event.place,
                     source=event.source)


def _stances(factbox: Factbox) -> Iterator[Moment]:
    for position in factbox.positions:
        if carried_back(factbox, position.party, position.issue):
            continue  # as of a date before its first record: nothing of it was recorded yet
        for record in records(factbox, position):
            yield Moment("stance", record.date, f"{position.party}/{position.issue}", record.summary,
                         party=position.party, issues=(position.issue,), stance=record.stance, basis=record.basis)


def _quotes(factbox: Factbox, criteria: TimelineFilter) -> tuple[list[Moment], int]:
    """The dated quotes the filter keeps, and how many undated ones it would have kept."""
    if "quote" not in criteria.kinds:
        return [], 0
    wanted = QuoteFilter(parties=criteria.parties, issues=criteria.issues, since=criteria.since,
                         until=criteria.until)
    found = select_quotes(factbox, wanted)
    undated = sum(1 for quote in found if quote.date is None)
    if criteria.since or criteria.until:
        undated = len(select_quotes(factbox, QuoteFilter(parties=criteria.parties, issues=criteria.issues,
                                                         undated_only=True)))
    return [Moment("quote", quote.date, quote.id, quote.text, party=factbox.speaker_by_id[quote.speaker].party,
                   speaker=quote.speaker, issues=tuple(quote.issues), source=quote.source)
            for quote in found if quote.date is not None], undated
