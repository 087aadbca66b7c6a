"""The factbox/1 data model: plain, typed records that every other layer shares.

The loader builds these only from a file that passed validation, so the rest of the
program may rely on every reference resolving and every stance lying on the scale.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, MutableSequence, Sequence
from functools import cached_property, total_ordering

from .records import Record

DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def date_problem(text: str) -> str | None:
    """Why `text` is not a date YYYY, YYYY-MM or YYYY-MM-DD that exists; None when it is one."""
    import calendar  # only here: not every run checks a date

    match = DATE_PATTERN.fullmatch(text)
    if not match:
        return f"'{text}' is not an ISO 8601 date — expected YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if year == 0:
        return f"'{text}' is not a date: there is no year 0000"
    if match[2] and not 1 <= month <= 12:
        return f"'{text}' is not a date: there is no month {match[2]}"
    if match[3] and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"'{text}' is not a date: {calendar.month_name[month]} {year} has no day {match[3]}"
    return None


@total_ordering
class PartialDate(Record):
    """An ISO 8601 date of year, month or day precision, kept exactly as written.

    A partial date sorts before the full dates it contains: 2025-12 < 2025-12-01.
    """

    __slots__ = ("day", "month", "text", "year")

    def __init__(self, text: str, year: int, month: int = 0, day: int = 0) -> None:
        self.text = text
        self.year = year
        self.month = month
        self.day = day

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """A date already known to be well formed (validated data, the cache)."""
        match = DATE_PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(f"not a date: {text!r}")
        return cls(text, int(match[1]), int(match[2] or 0), int(match[3] or 0))

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self.text == other.text

    def __hash__(self) -> int:
        return hash(self.text)

    def contains(self, other: PartialDate) -> bool:
        """True when `other` falls within this date's precision (2025-12 contains 2025-12-19)."""
        mine = self.sort_key
        theirs = other.sort_key
        return all(m == 0 or m == t for m, t in zip(mine, theirs, strict=True))

    @property
    def first(self) -> tuple[int, int, int]:
        """The first day of the period the date names: 2025-12 starts on (2025, 12, 1)."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> tuple[int, int, int]:
        """The last day of the period the date names: 2025 ends on (2025, 12, 31)."""
        import calendar  # only for a partial date

        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.text


def in_period(date: PartialDate | None, since: PartialDate | None, until: PartialDate | None) -> bool:
    """The one date rule of every command. A bound that is partial means its whole period
    (--since 2025-12 from 1 December, --until 2025 to 31 December 2025), and a record's
    partial date is in the period when any of its own period is (2025-12 is within
    --since 2025-12-19; `coarse_in` says so). An undated record is outside every bounded period."""
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date.last >= since.first) and (until is None or date.first <= until.last)


def coarse_in(date: PartialDate | None, since: PartialDate | None, until: PartialDate | None) -> bool:
    """In the period only in part: a date coarser than the bounds, straddling one of them."""
    return date is not None and in_period(date, since, until) and (
        (since is not None and date.first < since.first) or (until is not None and date.last > until.last))


DEFAULT_LABELS = {-2: "rejects", -1: "resists", 0: "open", 1: "accepts", 2: "demands"}


class Scale(Record):
    __slots__ = ("labels", "max", "min")

    def __init__(self, min: int = -2, max: int = 2, labels: dict[int, str] | None = None) -> None:
        self.min = min
        self.max = max
        self.labels = {} if labels is None else labels

    @property
    def span(self) -> int:
        return self.max - self.min

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2

    def label(self, stance: int | None) -> str | None:
        return None if stance is None else self.labels.get(stance)


class Source(Record):
    __slots__ = ("date", "id", "publisher", "title", "url")

    def __init__(self, id: str, title: str, publisher: str | None = None, date: PartialDate | None = None,
                 url: str | None = None) -> None:
        self.id = id
        self.title = title
        self.publisher = publisher
        self.date = date
        self.url = url


class Party(Record):
    __slots__ = ("aliases", "id", "name", "role")

    def __init__(self, id: str, name: str, aliases: list[str] | None = None, role: str = "party") -> None:
        self.id = id
        self.name = name
        self.aliases = aliases or []
        self.role = role


class Speaker(Record):
    __slots__ = ("aliases", "id", "kind", "name", "party", "role")

    def __init__(self, id: str, name: str, party: str, role: str | None = None,
                 aliases: list[str] | None = None, kind: str = "person") -> None:
        self.id = id
        self.name = name
        self.party = party
        self.role = role
        self.aliases = aliases or []
        self.kind = kind  #: "person", or "group" for words attributed to many ("Russian officials")


class Issue(Record):
    __slots__ = ("aliases", "id", "parent", "question", "title")

    def __init__(self, id: str, title: str, parent: str | None = None, aliases: list[str] | None = None,
                 question: str | None = None) -> None:
        self.id = id
        self.title = title
        self.parent = parent
        self.aliases = aliases or []
        self.question = question


class HistoryEntry(Record):
    """An earlier position: what `factbox add position` moves here when it replaces one."""

    __slots__ = ("basis", "conditions", "date", "quotes", "stance", "summary")

    def __init__(self, date: PartialDate, summary: str, stance: int | None = None, conditions: str | None = None,
                 basis: str | None = None, quotes: list[str] | None = None) -> None:
        self.date = date
        self.summary = summary
        self.stance = stance
        self.conditions = conditions
        self.basis = basis
        self.quotes = quotes or []


class Position(Record):
    __slots__ = (
        "as_of",
        "basis",
        "conditions",
        "history",
        "issue",
        "party",
        "quotes",
        "sources",
        "stance",
        "summary",
    )

    def __init__(self, party: str, issue: str, summary: str, stance: int | None = None,
                 conditions: str | None = None, basis: str | None = None, quotes: list[str] | None = None,
                 sources: list[str] | None = None, as_of: PartialDate | None = None,
                 history: list[HistoryEntry] | None = None) -> None:
        self.party = party
        self.issue = issue
        self.summary = summary
        self.stance = stance
        self.conditions = conditions
        self.basis = basis
        self.quotes = quotes or []
        self.sources = sources or []
        self.as_of = as_of
        self.history = history or []


class Quote(Record):
    __slots__ = ("context", "date", "id", "issues", "source", "speaker", "text")

    def __init__(self, id: str, speaker: str, text: str, issues: list[str] | None = None,
                 context: str | None = None, date: PartialDate | None = None, source: str | None = None) -> None:
        self.id = id
        self.speaker = speaker
        self.text = text
        self.issues = issues or []
        self.context = context
        self.date = date
        self.source = source


class Event(Record):
    """A round of talks or a milestone; its `id` is optional (events had none in 0.2)."""

    __slots__ = ("date", "id", "place", "source", "title")

    def __init__(self, date: PartialDate, title: str, place: str | None = None, source: str | None = None,
                 id: str | None = None) -> None:
        self.id = id
        self.date = date
        self.title = title
        self.place = place
        self.source = source


class IndexedQuotes(Sequence[Quote]):
    """Quotes that come with their indexes (the cache's): a query reads only what it needs."""

    def numbers(self, kind: str, key: str) -> Sequence[int]:
        raise NotImplementedError

    def counts(self, kind: str) -> dict[str, int]:
        raise NotImplementedError


def index_quotes(quotes: Iterable[Quote], numbers: Callable[[], MutableSequence[int]] = list,
                 by_id: bool = True) -> dict[str, dict[str, MutableSequence[int]]]:
    """Quote numbers by speaker id, by issue id (each quote once per issue), by the year of
    their date, of the undated ones (under ""), and by id (unless not `by_id`), each kept in
    a sequence `numbers` makes (the cache's are arrays: four bytes a number)."""
    speakers: defaultdict[str, MutableSequence[int]] = defaultdict(numbers)
    issues: defaultdict[str, MutableSequence[int]] = defaultdict(numbers)
    years: defaultdict[str, MutableSequence[int]] = defaultdict(numbers)
    undated: defaultdict[str, MutableSequence[int]] = defaultdict(numbers)
    ids: dict[str, MutableSequence[int]] = {}
    for number, quote in enumerate(quotes):
        speakers[quote.speaker].append(number)
        for issue in dict.fromkeys(quote.issues):
            issues[issue].append(number)
        (years[str(quote.date.year)] if quote.date is not None else undated[""]).append(number)
        if by_id:
            ids[quote.id] = [number]
    return {"speaker": dict(speakers), "issue": dict(issues), "year": dict(years), "undated": dict(undated),
            "id": ids}


class Factbox:
    """A whole, valid factbox, with id lookups built once on first use."""

    def __init__(self, format: str, title: str, parties: list[Party], issues: list[Issue],
                 description: str | None = None, as_of: PartialDate | None = None, scale: Scale | None = None,
                 sources: list[Source] | None = None, speakers: list[Speaker] | None = None,
                 positions: list[Position] | None = None, quotes: Sequence[Quote] | None = None,
                 events: list[Event] | None = None) -> None:
        self.format = format
        self.title = title
        self.parties = parties
        self.issues = issues
        self.description = description
        self.as_of = as_of
        self.scale = scale if scale is not None else Scale(labels=dict(DEFAULT_LABELS))
        self.sources = sources or []
        self.speakers = speakers or []
        self.positions = positions or []
        self.quotes: Sequence[Quote] = quotes if quotes is not None else []
        self.events = events or []

    @cached_property
    def party_by_id(self) -> dict[str, Party]:
        return {p.id: p for p in self.parties}

    @cached_property
    def speaker_by_id(self) -> dict[str, Speaker]:
        return {s.id: s for s in self.speakers}

    @cached_property
    def issue_by_id(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def quote_by_id(self) -> dict[str, Quote]:
        return {q.id: q for q in self.quotes}

    def quote_numbers(self, kind: str, key: str) -> Sequence[int]:
        """Indices into `quotes`, in file order, of the quotes of one speaker (kind "speaker"),
        tagged with one issue ("issue"), dated in one year ("year", e.g. "2025"), undated
        ("undated", "") or with one id ("id"); from the cache's index when there is one."""
        if isinstance(self.quotes, IndexedQuotes):
            return self.quotes.numbers(kind, key)
        if kind == "id":
            number = self._quote_number_by_id.get(key)
            return [] if number is None else [number]
        return self._quote_index[kind].get(key, [])

    def quote_counts(self, kind: str) -> dict[str, int]:
        """How many quotes each speaker has ("speaker"), are tagged with each issue ("issue") or
        are dated in each year ("year")."""
        if isinstance(self.quotes, IndexedQuotes):
            return self.quotes.counts(kind)
        return {key: len(numbers) for key, numbers in self._quote_index[kind].items()}

    def keep_quote_index(self, index: dict[str, dict[str, MutableSequence[int]]]) -> None:
        """Keep an index of these quotes made elsewhere (index_quotes without ids: the cache
        entry a first run writes makes one), so that a query does not build it again."""
        self.__dict__.setdefault("_quote_index", index)

    @cached_property
    def _quote_index(self) -> dict[str, dict[str, MutableSequence[int]]]:
        """By speaker, issue, year and undated (ids apart: few queries need them)."""
        return index_quotes(self.quotes, by_id=False)

    @cached_property
    def _quote_number_by_id(self) -> dict[str, int]:
        return {quote.id: number for number, quote in enumerate(self.quotes)}

    @cached_property
    def position_by_key(self) -> dict[tuple[str, str], Position]:
        """Positions by (party id, issue id)."""
        return {(p.party, p.issue): p for p in self.positions}

    @cached_property
    def children(self) -> dict[str | None, list[Issue]]:
        """Issues by parent id, in file order; roots under None."""
        tree: dict[str | None, list[Issue]] = {}
        for issue in self.issues:
            tree.setdefault(issue.parent, []).append(issue)
        return tree

    def subtree(self, issue_id: str) -> list[str]:
        """The issue and all issues beneath it, depth first in file order."""
        ids: list[str] = []
        stack = [issue_id]  # iterative: a tree may be deeper than Python's recursion limit
        while stack:
            current = stack.pop()
            ids.append(current)
            stack.extend(reversed([child.id for child in self.children.get(current, [])]))
        return ids

    @cached_property
    def depth_by_id(self) -> dict[str, int]:
        """Each issue's number of ancestors, worked out top down once (asking each issue's
        chain of parents would cost a deep tree its size times its depth)."""
        depths: dict[str, int] = {}
        for issue in self.issues_in_tree_order():
            depths[issue.id] = 0 if issue.parent is None else depths[issue.parent] + 1
        return depths

    def depth(self, issue_id: str) -> int:
        return self.depth_by_id[issue_id]

    def issues_in_tree_order(self) -> list[Issue]:
        ordered: list[Issue] = []
        for root in self.children.get(None, []):
            ordered.extend(self.issue_by_id[i] for i in self.subtree(root.id))
        return ordered
