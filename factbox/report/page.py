"""The page, built once from the queries: everything the HTML and the Markdown writers show,
in the order they show it, as plain records. The writers decide only how it looks."""

from __future__ import annotations

from collections.abc import Sequence

from .. import __version__
from ..asof import FactboxThen, as_of_notes, carried_back
from ..divergence import NOT_ENOUGH, analyze, competition_rank, divergence_of, headline
from ..listings import gap_text, quote_date, stance_text
from ..model import Factbox, Issue, Party, Quote, Source
from ..queries import Scope, issue_ids, parties_named, party_ids, scope, supporting_quotes
from ..records import Record
from ..render.axis import Marker, axis_markers
from ..timeline import Chronology, Moment, TimelineFilter, chronology

#: Link schemes a page may follow; any other URL is shown as text.
SAFE_SCHEMES = ("http://", "https://", "mailto:")
#: How many of the most divergent issues the overview names.
FURTHEST = 3


def safe_url(url: str | None) -> str | None:
    """The URL when a reader's browser may follow it (http, https, mailto), else None."""
    if url is None:
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(SAFE_SCHEMES) and not any(c.isspace() for c in url.strip()) else None


class SourceView(Record):
    __slots__ = ("date", "id", "publisher", "title", "url")

    def __init__(self, source: Source) -> None:
        self.id = source.id
        self.title = source.title
        self.publisher = source.publisher
        self.date = source.date.text if source.date else None
        self.url = source.url  #: as written; `link` is the one a page may follow

    @property
    def link(self) -> str | None:
        return safe_url(self.url)


class QuoteView(Record):
    """A quote with everything that travels with it: who, in what role, when, and from where."""

    __slots__ = ("anchor", "context", "date", "date_basis", "group", "id", "party", "role", "source", "speaker",
                 "text")

    def __init__(self, factbox: Factbox, quote: Quote, anchor: str | None) -> None:
        speaker = factbox.speaker_by_id[quote.speaker]
        self.id = quote.id
        self.anchor = anchor  #: the HTML id of the quote's first appearance; None elsewhere
        self.text = quote.text
        self.context = quote.context
        self.speaker = speaker.name
        self.role = speaker.role
        self.group = speaker.kind == "group"
        self.party = factbox.party_by_id[speaker.party].name
        self.date, self.date_basis = quote_date(factbox, quote)
        source = factbox.source_by_id.get(quote.source) if quote.source else None
        self.source = SourceView(source) if source else None


class StanceView(Record):
    """One party on one issue: its stance (number, label, how it is known), its words."""

    __slots__ = ("as_of", "basis", "carried_back", "conditions", "label", "party", "party_id", "quotes", "stance",
                 "summary")

    def __init__(self, party: Party, stance: str | None, label: str | None, basis: str | None,
                 summary: str | None, conditions: str | None, as_of: str | None, quotes: list[QuoteView],
                 carried_back: bool = False) -> None:
        self.party = party.name
        self.party_id = party.id
        self.stance = stance
        self.label = label
        self.basis = basis
        self.summary = summary
        self.conditions = conditions
        self.as_of = as_of
        self.quotes = quotes
        self.carried_back = carried_back  #: not yet recorded on --as-of's date: the earliest known


class SectionView(Record):
    __slots__ = ("anchor", "divergence", "gap", "id", "level", "question", "stances", "title")

    def __init__(self, issue: Issue, level: int, divergence: str, gap: str | None,
                 stances: list[StanceView]) -> None:
        self.id = issue.id
        self.anchor = f"issue-{issue.id}"
        self.title = issue.title
        self.question = issue.question
        self.level = level  #: the heading level, 2 for a top issue (deeper trees stop at 6)
        self.divergence = divergence
        self.gap = gap
        self.stances = stances


class ChartView(Record):
    """One scored issue's axis: the markers where `render.axis` puts them, and the scale."""

    __slots__ = ("anchor", "divergence", "gap", "high", "labels", "low", "markers", "summary", "title")

    def __init__(self, issue: Issue, divergence: str, gap: str | None, markers: list[Marker], low: int,
                 high: int, labels: dict[int, str], summary: str) -> None:
        self.title = issue.title
        self.anchor = f"issue-{issue.id}"
        self.divergence = divergence
        self.gap = gap
        self.markers = markers
        self.low = low
        self.high = high
        self.labels = labels
        self.summary = summary  #: the chart as words: its text alternative


class Ranked(Record):
    __slots__ = ("anchor", "divergence", "gap", "title")

    def __init__(self, issue: Issue, divergence: str, gap: str | None) -> None:
        self.title = issue.title
        self.anchor = f"issue-{issue.id}"
        self.divergence = divergence
        self.gap = gap


class TimelineEntry(Record):
    """One dated thing: an event, a recorded stance or a shift (linked to its issue), or a quote
    (linked to where the page shows it)."""

    __slots__ = ("anchor", "date", "kind", "text")

    def __init__(self, date: str, kind: str, text: str, anchor: str | None = None) -> None:
        self.date = date
        self.kind = kind
        self.text = text
        self.anchor = anchor


class Page(Record):
    __slots__ = ("as_of", "charts", "common", "description", "format", "furthest", "headline", "made_from",
                 "notes", "quotes", "sections", "sources", "timeline", "title", "unplaced", "version")

    def __init__(self, factbox: Factbox, made_from: str) -> None:
        self.title = factbox.title
        self.description = factbox.description
        moment = factbox.moment if isinstance(factbox, FactboxThen) else factbox.as_of
        self.as_of = moment.text if moment else None  #: --as-of's date, else the file's as_of
        self.notes = as_of_notes(factbox)  #: what a reader of the factbox as of a date must be told
        self.format = factbox.format
        self.version = __version__
        self.made_from = made_from
        self.sources = [SourceView(s) for s in factbox.sources]
        self.headline = ""
        self.furthest: list[Ranked] = []
        self.common: list[Ranked] = []
        self.charts: list[ChartView] = []
        self.sections: list[SectionView] = []
        self.unplaced: list[QuoteView] = []  #: quotes in scope that no section shows
        self.timeline: list[TimelineEntry] = []
        self.quotes: list[QuoteView] = []  #: every quote on the page, once, in order of appearance


def build_page(factbox: Factbox, made_from: str, issues: Sequence[Issue], parties: Sequence[Party],
               measured: Scope, quotes_in_scope: Sequence[Quote], dated: Chronology) -> Page:
    """The page of `issues` (tree order) as `parties` see them, gaps measured within `measured`,
    with the timeline `dated`."""
    page = Page(factbox, made_from)
    _overview(page, factbox, issues, measured)
    placed: dict[str, QuoteView] = {}
    page.sections = _sections(factbox, issues, parties, measured, placed)
    page.unplaced = [_placed(factbox, quote, placed) for quote in quotes_in_scope if quote.id not in placed]
    page.quotes = list(placed.values())
    page.timeline = _timeline(factbox, dated, placed)
    return page


def _overview(page: Page, factbox: Factbox, issues: Sequence[Issue], measured: Scope) -> None:
    analysis = analyze(factbox, issues, measured.parties, None, measured.bases)
    page.headline = headline(factbox, analysis)
    scored = [d for d in analysis.ranked if d.scored]
    ranks = competition_rank({d.issue.id: d.normalized_gap or 0.0 for d in scored})
    page.furthest = [Ranked(d.issue, d.divergence_class, gap_text(factbox, d.gap))
                     for d in scored if ranks[d.issue.id] <= FURTHEST and d.gap]
    common = set(analysis.common)
    page.common = [Ranked(d.issue, d.divergence_class, gap_text(factbox, d.gap)) for d in scored
                   if d.issue.id in common]
    names = {p.id: p.name for p in factbox.parties}
    scale = factbox.scale
    for d in scored:  # most divergent first, as `factbox divergence` ranks them
        markers = axis_markers(d.stances, d.basis, scale.min, scale.max, names)
        words = "; ".join(f"{names[m.party]}: {_stance_words(factbox, m.stance)}, {m.basis or 'basis not given'}"
                          for m in markers)
        page.charts.append(ChartView(d.issue, d.divergence_class, gap_text(factbox, d.gap), markers, scale.min,
                                     scale.max, scale.labels, f"{d.issue.title}: {words}."))


def _stance_words(factbox: Factbox, stance: int | None) -> str:
    """'accepts (+1)', or '+1' on a scale without that label."""
    if stance is None:
        return "no stance scored"
    label = factbox.scale.label(stance)
    number = stance_text(factbox, stance)
    return f"{label} ({number})" if label else number


def _sections(factbox: Factbox, issues: Sequence[Issue], parties: Sequence[Party], measured: Scope,
              placed: dict[str, QuoteView]) -> list[SectionView]:
    shown = {issue.id for issue in issues}
    relative: dict[str, int] = {}
    sections = []
    for issue in issues:
        relative[issue.id] = relative[issue.parent] + 1 if issue.parent in shown and issue.parent else 0
        measure = divergence_of(factbox, issue, measured.parties, measured.bases)
        stances = [view for party in parties if (view := _stance(factbox, party, issue, placed)) is not None]
        klass = measure.divergence_class
        gap = gap_text(factbox, measure.gap) if klass != NOT_ENOUGH else None
        sections.append(SectionView(issue, min(2 + relative[issue.id], 6), klass, gap, stances))
    return sections


def _stance(factbox: Factbox, party: Party, issue: Issue, placed: dict[str, QuoteView]) -> StanceView | None:
    position = factbox.position_by_key.get((party.id, issue.id))
    quotes = [_placed(factbox, quote, placed) for quote in supporting_quotes(factbox, party.id, issue.id)]
    if position is None and not quotes:
        return None
    if position is None:
        return StanceView(party, None, None, None, None, None, None, quotes)
    number = stance_text(factbox, position.stance) if position.stance is not None else None
    return StanceView(party, number, factbox.scale.label(position.stance), position.basis, position.summary,
                      position.conditions, position.as_of.text if position.as_of else None, quotes,
                      carried_back(factbox, party.id, issue.id))


def _placed(factbox: Factbox, quote: Quote, placed: dict[str, QuoteView]) -> QuoteView:
    """The quote's view; its first appearance holds its anchor (and its one JSON-LD entry)."""
    if quote.id in placed:
        return QuoteView(factbox, quote, None)
    view = QuoteView(factbox, quote, f"quote-{quote.id}")
    placed[quote.id] = view
    return view


def _timeline(factbox: Factbox, found: Chronology, placed: dict[str, QuoteView]) -> list[TimelineEntry]:
    """`timeline.chronology`'s rows, in its order: an event; a recorded stance, said as a shift
    when the party's stance on the issue differs from its record before; a dated quote, as a
    link to where the page shows it."""
    before: dict[str, int | None] = {}
    entries = []
    for moment in found.moments:
        date = moment.date.text if moment.date else ""
        if moment.kind == "event":
            entries.append(TimelineEntry(date, "event", moment.what + (f" ({moment.place})" if moment.place else "")))
        elif moment.kind == "stance":
            entries.append(_recorded(factbox, moment, before, date))
        elif (view := placed.get(moment.ref)) is not None:
            about = f" on {factbox.issue_by_id[moment.issues[0]].title}" if moment.issues else ""
            entries.append(TimelineEntry(date, "quote", f"{view.speaker} ({view.party}){about}", view.anchor))
    return entries


def _recorded(factbox: Factbox, moment: Moment, before: dict[str, int | None], date: str) -> TimelineEntry:
    party = factbox.party_by_id[moment.party or ""].name
    issue = factbox.issue_by_id[moment.issues[0]].title
    earlier = before.get(moment.ref)
    before[moment.ref] = moment.stance
    anchor = f"issue-{moment.issues[0]}"
    if earlier is not None and moment.stance is not None and earlier != moment.stance:
        return TimelineEntry(date, "shift", f"{party} moved from {_stance_words(factbox, earlier)} to "
                             f"{_stance_words(factbox, moment.stance)} on {issue}", anchor)
    text = f"{party}: {_stance_words(factbox, moment.stance)} on {issue}"
    current = factbox.position_by_key[(moment.party or "", moment.issues[0])].summary
    # The current stance's summary is in the issue's section; an earlier one only here.
    return TimelineEntry(date, "stance", text if moment.what == current else f"{text} — {moment.what}", anchor)


def report_page(factbox: Factbox, made_from: str, issue_names: Sequence[str] | None = None,
                party_names: Sequence[str] | None = None) -> Page:
    """The page the filters ask for: `--issue` keeps those issues and everything beneath them,
    `--party` shows and measures those parties only (by default every party is shown and the
    parties proper are measured, as in `factbox divergence`)."""
    wanted = issue_ids(factbox, issue_names)
    named = party_ids(factbox, party_names)
    issues = [issue for issue in factbox.issues_in_tree_order() if wanted is None or issue.id in wanted]
    parties = parties_named(factbox, party_names)
    shown = {party.id for party in parties}
    in_scope = [quote for quote in factbox.quotes if factbox.speaker_by_id[quote.speaker].party in shown
                and (wanted is None or not wanted.isdisjoint(quote.issues))]
    dated = chronology(factbox, TimelineFilter(parties=named, issues=wanted))
    return build_page(factbox, made_from, issues, parties, scope(factbox, party_names), in_scope, dated)
