"""The factbox as it stood on a date: the one rule behind `--as-of` on every command, and behind
the stances `shifts` compares a move with.

- A position's records are its `history` entries, oldest first, then its current stance,
  dated by the position's `as_of`, else the file's `as_of` (undated, it follows the history).
- A record is known on DATE when it is dated on or before it by the date rule of every command
  (`model.in_period`): a partial DATE means the end of its period (`--as-of 2025` is 31
  December 2025), and a record dated `2025` is known on `2025-06`, as any part of it is.
- A position on DATE is its last known record, in file order. Before its first dated record,
  its earliest record is carried back, and says so (`carried_back`): never shown as recorded.
- Quotes and events dated after DATE are left out; undated quotes are kept, and counted.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from .model import Event, Factbox, PartialDate, Position, Quote, in_period
from .records import Record


class Stated(Record):
    """One record of a position: what it said, when, and how it was known."""

    __slots__ = ("basis", "conditions", "date", "quotes", "stance", "summary")

    def __init__(self, date: PartialDate | None, stance: int | None, summary: str, basis: str | None = None,
                 conditions: str | None = None, quotes: Sequence[str] = ()) -> None:
        self.date = date
        self.stance = stance
        self.summary = summary
        self.basis = basis
        self.conditions = conditions
        self.quotes = list(quotes)


def records(factbox: Factbox, position: Position) -> list[Stated]:
    """The position's history, oldest first, then its current stance dated by its own or the
    file's `as_of`."""
    found = [Stated(entry.date, entry.stance, entry.summary, entry.basis, entry.conditions, entry.quotes)
             for entry in position.history]
    found.append(Stated(position.as_of or factbox.as_of, position.stance, position.summary, position.basis,
                        position.conditions, position.quotes))
    return found


def known_on(date: PartialDate, moment: PartialDate) -> bool:
    """A record dated `date` is known on `moment`: any part of its period is on or before the
    end of the moment's."""
    return in_period(date, None, moment)


class Then(Record):
    """A position's record on a date: its index among the position's records, and whether it
    is carried back from after the date."""

    __slots__ = ("carried_back", "index", "record")

    def __init__(self, record: Stated, index: int, carried_back: bool) -> None:
        self.record = record
        self.index = index
        self.carried_back = carried_back


class Timeline(Record):
    """A position's records arranged so that the one known on any date is found by bisection:
    built once, asked many times (`shifts` asks for every other party at every move)."""

    __slots__ = ("firsts", "latest", "records", "undated_last")

    def __init__(self, entries: list[Stated]) -> None:
        self.records = entries
        # An undated record can only be the current stance, the last one: it follows the rest.
        self.undated_last = entries[-1].date is None
        dated = sorted((record.date.first, index) for index, record in enumerate(entries)
                       if record.date is not None)
        self.firsts = [first for first, _ in dated]
        # latest[k]: the last record in file order among the k + 1 earliest ones.
        self.latest = list(itertools.accumulate((index for _, index in dated), max))

    def at(self, moment: PartialDate | None) -> Then:
        """The record known on `moment` (None: now, the current stance)."""
        last = len(self.records) - 1
        if moment is None:
            return Then(self.records[last], last, False)
        known = bisect.bisect_right(self.firsts, moment.last)
        if (known == len(self.firsts) and self.undated_last) or not self.firsts:
            return Then(self.records[last], last, False)  # nothing dated is still to come
        if known == 0:
            earliest = self.latest[0]  # the earliest dated record
            return Then(self.records[earliest], earliest, True)
        index = self.latest[known - 1]
        return Then(self.records[index], index, False)


def timeline(factbox: Factbox, party: str, issue: str) -> Timeline | None:
    position = factbox.position_by_key.get((party, issue))
    return None if position is None else Timeline(records(factbox, position))


class Scored(Record):
    """Every position's timeline, built when first asked for."""

    __slots__ = ("factbox", "timelines")

    def __init__(self, factbox: Factbox) -> None:
        self.factbox = factbox
        self.timelines: dict[tuple[str, str], Timeline | None] = {}

    def stance(self, party: str, issue: str, moment: PartialDate | None) -> int | None:
        """A party's stance on `moment` by the rule above (None: no position, or unscored then)."""
        key = (party, issue)
        if key not in self.timelines:
            self.timelines[key] = timeline(self.factbox, party, issue)
        found = self.timelines[key]
        return None if found is None else found.at(moment).record.stance


class FactboxThen(Factbox):
    """A factbox as it stood on `moment`: each position replaced by its record then (its
    history the records before it), quotes and events dated after it left out. What was
    carried back and how many quotes were kept undated are said with it."""

    def __init__(self, factbox: Factbox, moment: PartialDate, positions: list[Position],
                 quotes: list[Quote], events: list[Event], carried_back: frozenset[tuple[str, str]],
                 undated_quotes: int) -> None:
        super().__init__(factbox.format, factbox.title, factbox.parties, factbox.issues, factbox.description,
                         factbox.as_of, factbox.scale, factbox.sources, factbox.speakers, positions, quotes, events)
        self.moment = moment
        self.carried_back = carried_back
        self.undated_quotes = undated_quotes


def as_of(factbox: Factbox, moment: PartialDate | None) -> Factbox:
    """The factbox as it stood on `moment`; the factbox itself when no moment is given."""
    if moment is None:
        return factbox
    quotes = [quote for quote in factbox.quotes if quote.date is None or known_on(quote.date, moment)]
    kept = {quote.id for quote in quotes}
    positions: list[Position] = []
    carried: set[tuple[str, str]] = set()
    for position in factbox.positions:
        found = Timeline(records(factbox, position)).at(moment)
        record = found.record
        if found.carried_back:
            carried.add((position.party, position.issue))
        earlier = [] if found.carried_back else position.history[:found.index]
        positions.append(Position(position.party, position.issue, record.summary, record.stance, record.conditions,
                                  record.basis, [q for q in record.quotes if q in kept], list(position.sources),
                                  record.date, earlier))
    events = [event for event in factbox.events if known_on(event.date, moment)]
    undated = sum(1 for quote in quotes if quote.date is None)
    return FactboxThen(factbox, moment, positions, quotes, events, frozenset(carried), undated)


def carried_back(factbox: Factbox, party: str, issue: str) -> bool:
    """Whether the party's stance on the issue is its earliest known one, carried back."""
    return isinstance(factbox, FactboxThen) and (party, issue) in factbox.carried_back


def as_of_notes(factbox: Factbox) -> list[str]:
    """What a reader of a factbox as of a date must be told: the date, and the undated quotes kept."""
    if not isinstance(factbox, FactboxThen):
        return []
    notes = [f"as of {factbox.moment}: positions as recorded on or before it, later quotes and events left out"]
    if factbox.carried_back:
        count = len(factbox.carried_back)
        notes.append(f"{count} stance{'s' if count != 1 else ''} not yet recorded then: the earliest known, "
                     "carried back (carried_back: true)")
    if factbox.undated_quotes:
        count = factbox.undated_quotes
        notes.append(f"{count} undated quote{'s' if count != 1 else ''} kept (no date to leave them out by)")
    return notes
