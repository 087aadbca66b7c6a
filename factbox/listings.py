"""Shape query results into Listings: the rows and columns every format writes.

Field names here are the documented, stable snake_case names of the JSON, CSV and TSV
output (the output's contract); the table shows a subset under friendlier headers. Nothing
here counts or searches: that is `queries`; nothing here writes text: that is `render`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from .asof import as_of_notes, carried_back
from .model import Factbox, Issue, PartialDate, Party, Quote, Source, Speaker
from .queries import (
    Hit,
    Scope,
    Selection,
    position_of,
    quotes_per_issue,
    quotes_per_party,
    quotes_per_speaker,
    record_counts,
    scope,
    supporting_quotes,
    tally,
)
from .render.listing import Column, Listing, Value, View

if TYPE_CHECKING:
    from .diff import Change
    from .divergence import Analysis, Beneath, Divergence, Fragility, Shift, Tip
    from .timeline import Chronology, Moment
    from .versions import Version


def quote_attribution(factbox: Factbox, quote: Quote) -> str:
    """'Dmitry Peskov: “…”' — the speaker always travels with the words."""
    return f"{factbox.speaker_by_id[quote.speaker].name}: “{quote.text}”"


def issues_listing(factbox: Factbox, issues: Sequence[Issue], measured: Scope | None = None) -> Listing:
    """The gap and class of each issue are measured within `measured` (the parties proper,
    by default: mediators and observers are not measured)."""
    from .divergence import SHORT_CLASS, divergence_of

    columns = [
        Column("id", "Id", drop=2, style="dim", yields=True),
        Column("title", "Issue", prose=2, least=28),
        Column("parent", "Parent", in_table=False),
        Column("depth", "Depth", in_table=False, numeric=True),
        Column("question", "Question", prose=2, drop=3, least=30, beneath="title"),
        Column("positions", "Positions", numeric=True),
        Column("quotes", "Quotes", numeric=True),
        Column("gap", "Gap", numeric=True, in_table=False),
        Column("gap_text", "Gap", machine=False),
        Column("class", "Divergence", in_table=False),
        Column("class_text", "Divergence", machine=False),
        Column("basis", "Basis", in_table=False),
        Column("carried_back", "Earliest known", in_table=False),
    ]
    measured = measured or scope(factbox)
    positions = tally(p.issue for p in factbox.positions)
    quotes = quotes_per_issue(factbox)
    rows: list[dict[str, Value]] = []
    for issue in issues:
        measure = divergence_of(factbox, issue, measured.parties, measured.bases)
        rows.append({
            "id": issue.id,
            "title": issue.title,
            "parent": issue.parent,
            "depth": factbox.depth(issue.id),
            "question": issue.question,
            "positions": positions.get(issue.id, 0),
            "quotes": quotes.get(issue.id, 0),
            "gap": measure.gap,
            "gap_text": gap_text(factbox, measure.gap),
            "class": measure.divergence_class,
            "class_text": SHORT_CLASS.get(measure.divergence_class, measure.divergence_class),
            "basis": dict(measure.basis),
            "carried_back": _carried_back(factbox, measure),
        })
    return Listing(columns, rows, indent="title", notes=as_of_notes(factbox))


def _carried_back(factbox: Factbox, measure: Divergence) -> list[str]:
    """The parties whose stance in this measure is their earliest known, carried back (--as-of)."""
    return [party for party in measure.stances if carried_back(factbox, party, measure.issue.id)]


def gap_text(factbox: Factbox, gap: int | None) -> str | None:
    """'3 of 4': a gap with the span it is out of, the one wording every view uses."""
    return None if gap is None else f"{gap} of {factbox.scale.span}"


def quotes_listing(factbox: Factbox, quotes: Sequence[Quote] | Selection) -> Listing:
    """`date` is the quote's own date (what filters and sorting use); where it has none, the
    table shows the source's or the file's date, marked with its `date_basis`. A date only
    partly in the period asked for is `date_coarse`."""
    selection = quotes if isinstance(quotes, Selection) else Selection(list(quotes), 0, set())
    columns = [
        Column("id", "Id", in_table=False),
        Column("date", "Date", in_table=False),
        Column("shown_date", "Date", detail="source_label", machine=False),
        Column("date_basis", "Date basis", in_table=False),
        Column("date_coarse", "Coarse date", in_table=False),
        Column("speaker", "Speaker id", in_table=False),
        Column("speaker_name", "Speaker", detail="speaker_role"),
        Column("speaker_role", "Role", in_table=False),
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party", drop=1),
        Column("text", "Quote", prose=3, least=24),
        Column("context", "Context", prose=2),
        Column("issues", "Issues", drop=2),
        Column("source", "Source id", in_table=False),
        Column("source_title", "Source", in_table=False),
        Column("source_publisher", "Publisher", in_table=False),
        Column("source_date", "Source date", in_table=False),
        Column("source_url", "URL", in_table=False),
        Column("source_label", "Source", in_table=False, machine=False),
        Column("citation", "Citation", in_table=False),
    ]
    rows: list[dict[str, Value]] = []
    for quote in selection.quotes:
        speaker = factbox.speaker_by_id[quote.speaker]
        source = factbox.source_by_id.get(quote.source) if quote.source else None
        when, basis = quote_date(factbox, quote)
        coarse = quote.id in selection.coarse
        rows.append({
            "id": quote.id,
            "date": quote.date.text if quote.date else None,
            "shown_date": _shown_date(when, basis, coarse),
            "date_basis": basis,
            "date_coarse": coarse,
            "speaker": speaker.id,
            "speaker_name": speaker.name,
            "speaker_role": speaker.role,
            "party": speaker.party,
            "party_name": factbox.party_by_id[speaker.party].name,
            "text": quote.text,
            "context": quote.context,
            "issues": list(quote.issues),
            "source": quote.source,
            "source_title": source.title if source else None,
            "source_publisher": source.publisher if source else None,
            "source_date": source.date.text if source and source.date else None,
            "source_url": source.url if source else None,
            "source_label": _source_label(source),
            "citation": citation(factbox, quote),
        })
    notes = [f"{len(rows)} quote{'s' if len(rows) != 1 else ''}"]
    if selection.undated_left_out:
        count = selection.undated_left_out
        notes.append(f"{count} undated quote{'s' if count != 1 else ''} not shown (a date filter leaves them out)")
    if selection.coarse:
        notes.append(f"{len(selection.coarse)} dated only to a month or year that lies partly in the period: "
                     "marked (in part)")
    return Listing(columns, rows, notes=notes + as_of_notes(factbox))


def _shown_date(when: str | None, basis: str | None, coarse: bool) -> str | None:
    """'2025-12', '2025-12 (source's date)', '2025 (in part)'."""
    if when is None:
        return None
    return when + ("" if basis == "quote" else f" ({basis}'s date)") + (" (in part)" if coarse else "")


def quote_date(factbox: Factbox, quote: Quote) -> tuple[str | None, str | None]:
    """The date to show a quote with, and whose date it is: the quote's, else its source's,
    else the file's `as_of`; (None, None) when there is none at all. Never invented."""
    source = factbox.source_by_id.get(quote.source) if quote.source else None
    for date, basis in ((quote.date, "quote"), (source.date if source else None, "source"), (factbox.as_of, "file")):
        if date is not None:
            return date.text, basis
    return None, None


def _source_label(source: Source | None) -> str | None:
    """'Anadolu Agency, 2025-12': the publisher (else the title) and the date of a source."""
    if source is None:
        return None
    return ", ".join(part for part in (source.publisher or source.title, source.date and source.date.text) if part)


def citation(factbox: Factbox, quote: Quote) -> str:
    """“…” said Dmitry Peskov, Kremlin spokesman (Anadolu Agency, 2025-12). The exact words
    inside the marks, nothing added to them; the source and date as far as they are known."""
    speaker = factbox.speaker_by_id[quote.speaker]
    who = ", ".join(part for part in (speaker.name, speaker.role) if part)
    source = factbox.source_by_id.get(quote.source) if quote.source else None
    date = quote.date or (source.date if source else None)
    where = ", ".join(part for part in (source and (source.publisher or source.title), date and date.text) if part)
    return f"“{quote.text}” said {who}" + (f" ({where})." if where else ".")


def info_listing(factbox: Factbox) -> Listing:
    """What a factbox is, as `field`/`value` rows: the first screen a reporter needs."""
    from .queries import record_counts

    scale = factbox.scale
    labels = "; ".join(f"{stance_text(factbox, value)} {label}" for value, label in sorted(scale.labels.items()))
    facts: list[tuple[str, str | None]] = [
        ("title", factbox.title),
        ("description", factbox.description),
        ("as_of", factbox.as_of.text if factbox.as_of else None),
        ("format", factbox.format),
        ("scale", f"{scale.min} to {scale.max}" + (f": {labels}" if labels else "")),
        ("holds", record_counts(factbox)),
        *(("party", f"{party.name} ({party.id}, {party.role})") for party in factbox.parties),
        *(("source", "; ".join(part for part in (source.title, source.publisher, source.date and source.date.text,
                                                 source.url) if part)) for source in factbox.sources),
    ]
    rows: list[dict[str, Value]] = [{"field": field, "value": value} for field, value in facts]
    mediators = [p.name for p in factbox.parties if p.role != "party"]
    rows.append({"field": "not measured", "value": (
        ", ".join(mediators) + ": mediators and observers, shown beside the parties but left out of gaps"
        if mediators else "every party is measured")})
    return Listing([Column("field", "Field"), Column("value", "Value", prose=1)], rows)


def parties_listing(factbox: Factbox, parties: Sequence[Party]) -> Listing:
    columns = [
        Column("id", "Id"),
        Column("name", "Party"),
        Column("role", "Role"),
        Column("aliases", "Also known as", drop=1),
        Column("speakers", "Speakers", numeric=True),
        Column("positions", "Positions", numeric=True),
        Column("quotes", "Quotes", numeric=True),
    ]
    speakers = tally(s.party for s in factbox.speakers)
    positions = tally(p.party for p in factbox.positions)
    quotes = quotes_per_party(factbox)
    rows: list[dict[str, Value]] = [
        {
            "id": party.id,
            "name": party.name,
            "role": party.role,
            "aliases": list(party.aliases),
            "speakers": speakers.get(party.id, 0),
            "positions": positions.get(party.id, 0),
            "quotes": quotes.get(party.id, 0),
        }
        for party in parties
    ]
    return Listing(columns, rows, notes=as_of_notes(factbox))


def speakers_listing(factbox: Factbox, speakers: Sequence[Speaker]) -> Listing:
    columns = [
        Column("id", "Id"),
        Column("name", "Speaker"),
        Column("role", "Role", prose=2),
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("aliases", "Also known as", drop=1),
        Column("quotes", "Quotes", numeric=True),
    ]
    counts = quotes_per_speaker(factbox)
    rows: list[dict[str, Value]] = [
        {
            "id": speaker.id,
            "name": speaker.name,
            "role": speaker.role,
            "party": speaker.party,
            "party_name": factbox.party_by_id[speaker.party].name,
            "aliases": list(speaker.aliases),
            "quotes": counts.get(speaker.id, 0),
        }
        for speaker in speakers
    ]
    return Listing(columns, rows, notes=as_of_notes(factbox))


def compare_listing(factbox: Factbox, issues: Sequence[Issue], parties: Sequence[Party],
                    measured: Scope | None = None) -> Listing:
    """One row per (issue, party), long form; the table pivots it to a column per party.
    Every party shown has a row; the gap is measured within `measured` only, and a stance
    whose basis it does not allow is left out like a missing one."""
    from .divergence import divergence_of

    columns = [
        Column("issue", "Issue id"),
        Column("issue_title", "Issue"),
        Column("depth", "Depth", numeric=True),
        Column("question", "Question", prose=2),
        Column("issue_gap", "Gap", numeric=True),
        Column("issue_gap_text", "Gap", in_table=False, machine=False),
        Column("issue_class", "Divergence"),
        Column("party", "Party id"),
        Column("party_name", "Party"),
        Column("stance", "Stance", numeric=True),
        Column("stance_label", "Label"),
        Column("summary", "Summary", prose=2),
        Column("conditions", "Conditions", prose=2),
        Column("basis", "Basis"),
        Column("as_of", "As of"),
        Column("carried_back", "Earliest known"),
        Column("quotes", "Quotes", prose=2),
        Column("quote_ids", "Quote ids"),
    ]
    rows: list[dict[str, Value]] = []
    measured = measured or scope(factbox)
    for issue in issues:
        measure = divergence_of(factbox, issue, measured.parties, measured.bases)
        for party in parties:
            position = position_of(factbox, party.id, issue.id)
            if position is not None and measured.bases is not None and position.basis not in measured.bases:
                position = None
            quotes = supporting_quotes(factbox, party.id, issue.id)
            stance = position.stance if position else None
            rows.append({
                "issue": issue.id,
                "issue_title": issue.title,
                "depth": factbox.depth(issue.id),
                "question": issue.question,
                "issue_gap": measure.gap,
                "issue_gap_text": gap_text(factbox, measure.gap),
                "issue_class": measure.divergence_class,
                "party": party.id,
                "party_name": party.name,
                "stance": stance,
                "stance_label": factbox.scale.label(stance),
                "summary": position.summary if position else None,
                "conditions": position.conditions if position else None,
                "basis": position.basis if position else None,
                "as_of": position.as_of.text if position and position.as_of else None,
                "carried_back": carried_back(factbox, party.id, issue.id),
                "quotes": [quote_attribution(factbox, q) for q in quotes],
                "quote_ids": [q.id for q in quotes],
            })
    return Listing(columns, rows, view=View.compare, notes=as_of_notes(factbox), parties=party_order(factbox))


def party_order(factbox: Factbox) -> list[str]:
    """Every party id in the file's order: each party's one colour in every terminal view."""
    return [party.id for party in factbox.parties]


def search_listing(factbox: Factbox, hits: Sequence[Hit], terms: Sequence[str]) -> Listing:
    """`said_by`: who said a matched quote, or whose a matched position is."""
    columns = [
        Column("kind", "Kind"),
        Column("id", "Where", drop=1, style="dim", yields=True),
        Column("who", "Who", machine=False),
        Column("field", "Field"),
        Column("text", "Text", prose=3, least=24),
        Column("said_by", "Said by", in_table=False),
    ]
    rows: list[dict[str, Value]] = []
    for hit in hits:
        who = _said_by(factbox, hit)
        rows.append({"kind": hit.kind, "id": hit.id, "who": who, "field": hit.field, "text": hit.text, "said_by": who})
    return Listing(columns, rows, highlight=tuple(terms))


def _said_by(factbox: Factbox, hit: Hit) -> str | None:
    if hit.kind == "quote":
        return factbox.speaker_by_id[factbox.quote_by_id[hit.id].speaker].name
    if hit.kind == "position":
        return factbox.party_by_id[hit.id.partition("/")[0]].name
    return None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def divergence_listing(factbox: Factbox, analysis: Analysis) -> Listing:
    from .divergence import competition_rank, headline

    columns = [
        Column("rank", "#", numeric=True),
        Column("issue", "Issue id"),
        Column("title", "Issue", prose=1),
        Column("parent", "Parent", in_table=False),
        Column("question", "Question", prose=2, in_table=False),
        Column("class", "Class"),
        Column("gap", "Gap", numeric=True),
        Column("span", "Span", numeric=True, in_table=False),
        Column("normalized_gap", "Normalized", numeric=True),
        Column("mean_distance", "Mean distance", numeric=True),
        Column("scale_min", "Min", numeric=True, in_table=False),
        Column("scale_max", "Max", numeric=True, in_table=False),
        Column("stances", "Stances"),
        Column("basis", "Basis", in_table=False),
        Column("carried_back", "Earliest known", in_table=False),
        Column("pairwise", "Pairwise", in_table=False),
        Column("isolated", "Isolated", in_table=False),
        Column("common_ground", "Common ground", in_table=False),
        Column("conditional", "Conditional", in_table=False),
        Column("fragile", "Fragile", in_table=False),
        Column("fragile_because", "Fragile because", in_table=False, prose=2),
        Column("could_tip", "Could tip", in_table=False),
        Column("could_tip_because", "Could tip because", in_table=False, prose=2),
        Column("gap_below", "Gap below", numeric=True, in_table=False),
        Column("normalized_gap_below", "Normalized below", numeric=True, in_table=False),
        Column("driver", "Driven by", in_table=False),
        Column("notes", "Notes", prose=3),
    ]
    scored = {d.issue.id: d.normalized_gap or 0.0 for d in analysis.ranked if d.scored}
    ranks = competition_rank(scored)
    common = set(analysis.common)
    rows: list[dict[str, Value]] = []
    for measure in analysis.ranked:
        issue = measure.issue
        fragile = analysis.fragile.get(issue.id)
        tip = analysis.tips.get(issue.id)
        below = analysis.beneath[issue.id]
        conditional = analysis.conditional.get(issue.id, [])
        rows.append({
            "rank": ranks.get(issue.id),
            "issue": issue.id,
            "title": issue.title,
            "parent": issue.parent,
            "question": issue.question,
            "class": measure.divergence_class,
            "gap": measure.gap,
            "span": factbox.scale.span,
            "normalized_gap": _rounded(measure.normalized_gap),
            "mean_distance": _rounded(measure.mean_distance),
            "scale_min": factbox.scale.min,
            "scale_max": factbox.scale.max,
            "stances": dict(measure.stances),
            "basis": dict(measure.basis),
            "carried_back": _carried_back(factbox, measure),
            "pairwise": measure.pairwise if measure.scored else None,
            "isolated": measure.isolated,
            "common_ground": issue.id in common,
            "conditional": conditional,
            "fragile": fragile is not None,
            "fragile_because": _fragility_text(factbox, fragile) if fragile else None,
            "could_tip": tip is not None,
            "could_tip_because": _tip_text(factbox, measure, tip) if tip else None,
            "gap_below": below.gap,
            "normalized_gap_below": _rounded(below.normalized_gap),
            "driver": below.driver,
            "notes": _notes(factbox, measure, issue.id in common, conditional, tip, below),
        })
    return Listing(columns, rows, view=View.divergence, title=headline(factbox, analysis),
                   notes=as_of_notes(factbox), parties=party_order(factbox), order="rank")


def _fragility_text(factbox: Factbox, fragile: Fragility) -> str:
    party = factbox.party_by_id[fragile.party].name
    issue = factbox.issue_by_id[fragile.issue].title
    return (f"rank {fragile.rank} would become {fragile.new_rank} if {party} stood at "
            f"{stance_text(factbox, fragile.instead)} instead of {stance_text(factbox, fragile.stance)} on {issue}")


def _tip_text(factbox: Factbox, measure: Divergence, tip: Tip) -> str:
    party = factbox.party_by_id[tip.party].name
    return (f"{measure.divergence_class} would become {tip.new_class} if {party} stood at "
            f"{stance_text(factbox, tip.instead)} instead of {stance_text(factbox, tip.stance)}")


def _labelled(factbox: Factbox, value: int) -> str:
    """'-2 rejects': a stance with its label, as a table shows it."""
    return f"{stance_text(factbox, value)} {factbox.scale.label(value) or ''}".rstrip()


def stance_text(factbox: Factbox, value: int) -> str:
    """+1 on a scale around zero, where the sign says which side; plain 7 on a 0-10 scale."""
    return f"{value:+d}" if factbox.scale.min < 0 and value else str(value)


def _notes(factbox: Factbox, measure: Divergence, common: bool, conditional: list[str],
           tip: Tip | None, below: Beneath) -> list[str]:
    from .divergence import NOT_ENOUGH

    notes: list[str] = []
    name = factbox.party_by_id
    if measure.divergence_class == NOT_ENOUGH:
        count = len(measure.stances)
        notes.append(f"Fewer than two scored stances: {count} scored, 2 needed.")
    if below.driver is not None:
        title = factbox.issue_by_id[below.driver].title
        notes.append(f"Widest gap beneath: {gap_text(factbox, below.gap)} on {title}.")
    if common:
        notes.append("Common ground: no party rejects what another accepts.")
    for party in conditional:
        position = factbox.position_by_key[(party, measure.issue.id)]
        notes.append(f"{name[party].name}'s conditions separate it from the others: {position.conditions}")
    if (earliest := _carried_back(factbox, measure)):
        notes.append("Earliest known, carried back: " + ", ".join(name[party].name for party in earliest) + ".")
    if measure.isolated:
        notes.append(f"{name[measure.isolated].name} is isolated: farthest from all the others.")
    if tip:
        notes.append("Could tip: " + _tip_text(factbox, measure, tip) + ".")
    return notes


def shifts_listing(factbox: Factbox, moves: Sequence[Shift]) -> Listing:
    columns = [
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("issue", "Issue id", in_table=False),
        Column("issue_title", "Issue", prose=1),
        Column("date_from", "From", in_table=False),
        Column("date_to", "To", in_table=False),
        Column("when", "When", machine=False),
        Column("stance_from", "Was", numeric=True, in_table=False),
        Column("stance_to", "Now", numeric=True, in_table=False),
        Column("before", "Before", prose=2, machine=False, detail="summary_from"),
        Column("summary_from", "Summary before", prose=2, in_table=False),
        Column("after", "After", prose=2, machine=False, detail="summary_to"),
        Column("summary_to", "Summary after", prose=2, in_table=False),
        Column("gaps", "Gaps", in_table=False),
        Column("basis", "Basis", in_table=False),
        Column("narrative", "What changed", prose=3, drop=1),
    ]
    rows: list[dict[str, Value]] = []
    for move in moves:
        party = factbox.party_by_id[move.party].name
        issue = factbox.issue_by_id[move.issue].title
        when = f"{move.date_from or '?'} → {move.date_to or 'now'}"
        effects = [f"{gap.change} the gap to {factbox.party_by_id[gap.party].name} from {gap.before} to {gap.after}"
                   for gap in move.gaps]
        narrative = (f"{party} moved from {stance_text(factbox, move.stance_from)} to "
                     f"{stance_text(factbox, move.stance_to)} on {issue} ({when})")
        narrative += ("; " + ", ".join(effects) if effects else "") + "."
        rows.append({
            "party": move.party,
            "party_name": party,
            "issue": move.issue,
            "issue_title": issue,
            "date_from": move.date_from.text if move.date_from else None,
            "date_to": move.date_to.text if move.date_to else None,
            "when": when,
            "stance_from": move.stance_from,
            "stance_to": move.stance_to,
            "before": _labelled(factbox, move.stance_from),
            "summary_from": move.summary_from,
            "after": _labelled(factbox, move.stance_to),
            "summary_to": move.summary_to,
            "gaps": {gap.party: {"before": gap.before, "after": gap.after, "change": gap.change}
                     for gap in move.gaps},
            "basis": factbox.position_by_key[(move.party, move.issue)].basis,
            "narrative": narrative,
        })
    return Listing(columns, rows, notes=as_of_notes(factbox))


def timeline_listing(factbox: Factbox, chronology: Chronology) -> Listing:
    """One row per dated event, stance record and quote, oldest first. `heading` (the month, or
    the year of a date with no month) groups the rows under headings in a terminal."""
    columns = [
        Column("heading", "Month", in_table=False, machine=False),
        Column("date", "Date"),
        Column("date_coarse", "Coarse date", in_table=False),
        Column("kind", "Kind"),
        Column("ref", "Id", in_table=False),
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("speaker", "Speaker id", in_table=False),
        Column("speaker_name", "Speaker"),
        Column("issues", "Issues", drop=1),
        Column("stance", "Stance", numeric=True, in_table=False),
        Column("stance_label", "Label", in_table=False),
        Column("basis", "Basis", in_table=False),
        Column("what", "What", in_table=False),
        Column("shown", "What", prose=3, machine=False),
        Column("place", "Place", in_table=False),
        Column("source", "Source id", in_table=False),
    ]
    rows: list[dict[str, Value]] = []
    for number, moment in enumerate(chronology.moments):
        assert moment.date is not None  # a timeline holds only dated rows
        speaker = factbox.speaker_by_id[moment.speaker] if moment.speaker else None
        coarse = number in chronology.coarse
        rows.append({
            "heading": _month_heading(moment.date),
            "date": moment.date.text,
            "date_coarse": coarse,
            "kind": moment.kind,
            "ref": moment.ref,
            "party": moment.party,
            "party_name": factbox.party_by_id[moment.party].name if moment.party else None,
            "speaker": moment.speaker,
            "speaker_name": speaker.name if speaker else None,
            "issues": list(moment.issues),
            "stance": moment.stance,
            "stance_label": factbox.scale.label(moment.stance),
            "basis": moment.basis,
            "what": moment.what,
            "shown": _moment_text(factbox, moment),
            "place": moment.place,
            "source": moment.source,
        })
    notes = [f"{len(rows)} dated row{'s' if len(rows) != 1 else ''}"]
    if chronology.undated:
        notes.append(f"{chronology.undated} undated quote{'s' if chronology.undated != 1 else ''} or stance"
                     f"{'s' if chronology.undated != 1 else ''} not on the timeline (no date to place them by)")
    if chronology.coarse:
        notes.append(f"{len(chronology.coarse)} dated only to a month or year that lies partly in the period: "
                     "marked (in part)")
    return Listing(columns, rows, view=View.timeline, notes=notes + as_of_notes(factbox),
                   parties=party_order(factbox), order="date")


def _month_heading(date: PartialDate) -> str:
    """'December 2025'; a date of the year only goes under its year, '2025', which sorts before
    the year's months."""
    import calendar

    return f"{calendar.month_name[date.month]} {date.year}" if date.month else str(date.year)


def _moment_text(factbox: Factbox, moment: Moment) -> str:
    """A stance with its label and how it is known; a quote verbatim in quotation marks (its
    speaker is shown beside it); an event with its place."""
    if moment.kind == "stance":
        score = "unscored" if moment.stance is None else " ".join(
            part for part in (stance_text(factbox, moment.stance), factbox.scale.label(moment.stance)) if part)
        return f"{score} · {moment.basis or 'basis not given'}: {moment.what}"
    if moment.kind == "quote":
        return f"“{moment.what}”"  # its speaker is in the row
    return moment.what + (f" ({moment.place})" if moment.place else "")


def combined_listing(parts: Sequence[tuple[str, Listing]], limit: int | None = None) -> Listing:
    """The listings of several factboxes as one, with a first `factbox` column: rows by
    factbox (in the order given), then as each file ordered them; `divergence` ranks every
    file's issues together instead. Each file's notes are kept under its name. No part (each
    file lacked one of the names asked for) is an empty listing."""
    if not parts:
        return Listing([Column("factbox", "Factbox")], [])
    first = parts[0][1]
    rows: list[dict[str, Value]] = [{"factbox": name, **row} for name, listing in parts for row in listing.rows]
    title = first.title
    if first.view is View.divergence:
        rows = _ranked_together(rows)
        title = (f"{len(parts)} factboxes, their issues ranked together (each file's own headline: "
                 "factbox divergence --data FILE)")
    notes = [f"{name}: {note}" for name, listing in parts if listing.rows for note in listing.notes]
    return Listing([Column("factbox", "Factbox"), *first.columns], rows[:limit], highlight=first.highlight,
                   indent=first.indent, view=first.view, title=title, notes=notes, order=first.order)


def _ranked_together(rows: list[dict[str, Value]]) -> list[dict[str, Value]]:
    """Divergence rows of several files in one ranking, as `divergence.analyze` ranks one
    file's: scored issues by normalized gap, then mean distance; the unscored last."""
    from .divergence import competition_rank

    def measure(row: dict[str, Value], key: str) -> float:
        value = row.get(key)
        return float(value) if isinstance(value, (int, float)) else 0.0

    order = sorted(range(len(rows)), key=lambda n: (rows[n]["rank"] is None, -measure(rows[n], "normalized_gap"),
                                                    -measure(rows[n], "mean_distance"), n))
    ranked = [rows[n] for n in order]
    ranks = competition_rank({str(n): measure(row, "normalized_gap") for n, row in enumerate(ranked)
                              if row["rank"] is not None})
    return [{**row, "rank": ranks.get(str(n))} for n, row in enumerate(ranked)]


def diff_summary(factbox: Factbox, changes: Sequence[Change]) -> str:
    """'2 quotes added, 1 quote text changed, Russia moved on ceasefire from -2 to -1': how many
    of each kind of change, then each stance that moved; 'no changes' when there are none."""
    if not changes:
        return "no changes"
    counts: dict[tuple[str, str], int] = {}
    moves: list[str] = []
    for change in changes:
        if change.change == "moved":
            party, issue = change.key.split("/")
            before, after = change.values["stance"]
            moves.append(f"{_party_name(factbox, party)} moved on {issue} from {stance_text(factbox, before)} "
                         f"to {stance_text(factbox, after)}")
        else:
            counts[(change.kind, change.change)] = counts.get((change.kind, change.change), 0) + 1
    plurals = {"party": "parties", "factbox": "file fields"}
    parts = [f"{n} {kind if n == 1 else plurals.get(kind, kind + 's')} {what}" for (kind, what), n in counts.items()]
    return ", ".join([*parts, *moves])


def _party_name(factbox: Factbox, party: str) -> str:
    return factbox.party_by_id[party].name if party in factbox.party_by_id else party


def diff_listing(new: Factbox, changes: Sequence[Change]) -> Listing:
    """One row per change; the summary line is the listing's title (first in a terminal)."""
    from .diff import word_diff_text
    from .divergence import Gap

    columns = [
        Column("kind", "Kind", in_table=False),
        Column("id", "Id", in_table=False),
        Column("change", "Change", in_table=False),
        Column("new_id", "New id", in_table=False),
        Column("fields", "Fields", in_table=False),
        Column("old", "Old", in_table=False),
        Column("new", "New", in_table=False),
        Column("text_diff", "Text diff", in_table=False),
        Column("pieces", "Pieces", in_table=False, machine=False),
        Column("gaps", "Gaps", in_table=False),
        Column("description", "What changed", prose=1),
    ]
    rows: list[dict[str, Value]] = [{
        "kind": change.kind,
        "id": change.key,
        "change": change.change,
        "new_id": change.new_key,
        "fields": list(change.values),
        "old": {name: old for name, (old, _) in change.values.items()},
        "new": {name: value for name, (_, value) in change.values.items()},
        "text_diff": word_diff_text(change.words) if change.words else None,
        "pieces": [op + text for op, text in change.words],
        "gaps": {party: {"before": before, "after": after, "change": Gap(party, before, after).change}
                 for party, (before, after) in change.gaps.items()},
        "description": _change_text(new, change),
    } for change in changes]
    return Listing(columns, rows, view=View.diff, title=diff_summary(new, changes))


def _change_text(factbox: Factbox, change: Change) -> str:
    """The change in one sentence, in the words of `shifts` for a stance that moved."""
    from .diff import word_diff_text
    from .divergence import Gap

    what = f"{change.kind} {change.key}"
    if change.change == "renamed":
        return f"{what} renamed {change.new_key}"
    if change.change == "text changed":
        return f"quote text changed: {change.key}: “{word_diff_text(change.words)}”"
    if change.change == "speaker changed":
        before, after = change.values["speaker"]
        return f"quote speaker changed: {change.key}: {before} → {after}"
    if change.change == "moved":
        party, issue = change.key.split("/")
        before, after = change.values["stance"]
        title = factbox.issue_by_id[issue].title if issue in factbox.issue_by_id else issue
        effects = [f"{Gap(other, then, now).change} the gap to {_party_name(factbox, other)} from {then} to {now}"
                   for other, (then, now) in change.gaps.items()]
        others = "".join(f"; {name} changed" for name in change.values if name != "stance")
        return (f"{_party_name(factbox, party)} moved from {stance_text(factbox, before)} to "
                f"{stance_text(factbox, after)} on {title}" + ("; " + ", ".join(effects) if effects else "")
                + others + ".")
    shown = "; ".join(f"{name}: {_short(old)} → {_short(new)}" if change.change == "changed" else
                      f"{name}: {_short(new if change.change == 'added' else old)}"
                      for name, (old, new) in change.values.items())
    return f"{what} {change.change}" + (f": {shown}" if shown else "")


def _short(value: object) -> str:
    """A value as a reader scans it in a change: text in quotation marks, lists joined."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "[" + ", ".join(str(item) for item in value) + "]"
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def log_listing(versions: Sequence[Version]) -> Listing:
    """One row per commit that touched the file, newest first, with the summary of what it
    changed; `changes` (machine formats) holds each change as `diff` gives it."""
    columns = [
        Column("commit", "Commit"),
        Column("date", "Date"),
        Column("author", "Author"),
        Column("subject", "Subject", prose=1),
        Column("valid", "Valid", in_table=False),
        Column("problem", "Problem", in_table=False),
        Column("summary", "What changed", prose=2),
        Column("changes", "Changes", in_table=False),
    ]
    rows: list[dict[str, Value]] = []
    for version in versions:
        if version.factbox is None:
            summary = f"invalid: {version.problem}"
        elif version.changes is None:
            summary = f"file added: {record_counts(version.factbox)}"
        else:
            summary = diff_summary(version.factbox, version.changes)
        changes = diff_listing(version.factbox, version.changes).rows if version.factbox and version.changes else []
        rows.append({
            "commit": version.commit.sha[:12],
            "date": version.commit.date,
            "author": version.commit.author,
            "subject": version.commit.subject,
            "valid": version.factbox is not None,
            "problem": version.problem,
            "summary": summary,
            # A list of records: every writer takes it (cell_text joins them), though Value says list[str].
            "changes": cast(Value, [{k: v for k, v in row.items() if k != "pieces"} for row in changes]),
        })
    return Listing(columns, rows, order="commit, newest first")
