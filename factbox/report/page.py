"""The page, built once from the queries: everything the HTML and the Markdown writers show,
in the order they show it, as plain records. The writers decide only how it looks."""

from __future__ import annotations

from collections.abc import Sequence

from .. import __version__
from ..asof import FactboxThen, as_of_notes, carried_back
from ..divergence import NOT_ENOUGH, analyze, competition_rank, divergence_of, headline, shifts
from ..listings import gap_text, quote_date, stance_text
from ..model import Factbox, Issue, PartialDate, Party, Quote, Source
from ..queries import Scope, issue_ids, parties_named, scope, supporting_quotes
from ..records import Record
from ..render.axis import Marker, axis_markers

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
    """One dated thing: an event, a quote (by reference to where it is shown) or a shift."""

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
               measured: Scope, quotes_in_scope: Sequence[Quote]) -> Page:
    """The page of `issues` (tree order) as `parties` see them, gaps measured within `measured`."""
    page = Page(factbox, made_from)
    _overview(page, factbox, issues, measured)
    placed: dict[str, QuoteView] = {}
    page.sections = _sections(factbox, issues, parties, measured, placed)
    page.unplaced = [_placed(factbox, quote, placed) for quote in quotes_in_scope if quote.id not in placed]
    page.quotes = list(placed.values())
    page.timeline = _timeline(factbox, issues, parties, placed)
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


def _timeline(factbox: Factbox, issues: Sequence[Issue], parties: Sequence[Party],
              placed: dict[str, QuoteView]) -> list[TimelineEntry]:
    """Events, dated quotes and shifts, oldest first (a partial date before the days it holds)."""
    shown = {issue.id for issue in issues}
    wanted = {party.id for party in parties}
    dated: list[tuple[PartialDate, int, TimelineEntry]] = []
    for event in factbox.events:
        text = event.title + (f" ({event.place})" if event.place else "")
        dated.append((event.date, 0, TimelineEntry(event.date.text, "event", text)))
    for view in placed.values():
        quote = factbox.quote_by_id[view.id]
        if quote.date is not None:
            dated.append((quote.date, 1, TimelineEntry(quote.date.text, "quote", f"{view.speaker} ({view.party})",
                                                       view.anchor)))
    for move in shifts(factbox, wanted):
        if move.issue in shown and move.date_to is not None:
            text = (f"{factbox.party_by_id[move.party].name} moved from {_stance_words(factbox, move.stance_from)} "
                    f"to {_stance_words(factbox, move.stance_to)} on {factbox.issue_by_id[move.issue].title}")
            dated.append((move.date_to, 2, TimelineEntry(move.date_to.text, "shift", text, f"issue-{move.issue}")))
    return [entry for _, _, entry in sorted(dated, key=lambda item: (item[0].sort_key, item[1]))]


def report_page(factbox: Factbox, made_from: str, issue_names: Sequence[str] | None = None,
                party_names: Sequence[str] | None = None) -> Page:
    """The page the filters ask for: `--issue` keeps those issues and everything beneath them,
    `--party` shows and measures those parties only (by default every party is shown and the
    parties proper are measured, as in `factbox divergence`)."""
    wanted = issue_ids(factbox, issue_names)
    issues = [issue for issue in factbox.issues_in_tree_order() if wanted is None or issue.id in wanted]
    parties = parties_named(factbox, party_names)
    shown = {party.id for party in parties}
    in_scope = [quote for quote in factbox.quotes if factbox.speaker_by_id[quote.speaker].party in shown
                and (wanted is None or not wanted.isdisjoint(quote.issues))]
    return build_page(factbox, made_from, issues, parties, scope(factbox, party_names), in_scope)
