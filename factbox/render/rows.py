"""Shape query results into Listings: the rows and columns every format writes.

Field names here are the documented, stable snake_case names of the JSON, CSV and TSV
output; the table shows a subset under friendlier headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Factbox, Issue, Party, Quote, Speaker
from ..queries import Hit, position_of, supporting_quotes
from .listing import Column, Listing, Value

if TYPE_CHECKING:
    from ..divergence import Analysis, Beneath, Divergence, Fragility, Shift


def quote_attribution(factbox: Factbox, quote: Quote) -> str:
    """'Dmitry Peskov: “…”' — the speaker always travels with the words."""
    return f"{factbox.speaker_by_id[quote.speaker].name}: “{quote.text}”"


def issues_listing(factbox: Factbox, issues: Sequence[Issue]) -> Listing:
    from ..divergence import divergence_of

    columns = [
        Column("id", "Id"),
        Column("title", "Issue", prose=1),
        Column("parent", "Parent", in_table=False),
        Column("depth", "Depth", in_table=False, numeric=True),
        Column("question", "Question", prose=2, droppable=True),
        Column("positions", "Positions", numeric=True),
        Column("quotes", "Quotes", numeric=True),
        Column("gap", "Gap", numeric=True),
        Column("class", "Divergence"),
    ]
    positions: dict[str, int] = {}
    for position in factbox.positions:
        positions[position.issue] = positions.get(position.issue, 0) + 1
    quotes: dict[str, int] = {}
    for quote in factbox.quotes:
        for issue_id in quote.issues:
            quotes[issue_id] = quotes.get(issue_id, 0) + 1
    rows: list[dict[str, Value]] = [
        {
            "id": issue.id,
            "title": issue.title,
            "parent": issue.parent,
            "depth": factbox.depth(issue.id),
            "question": issue.question,
            "positions": positions.get(issue.id, 0),
            "quotes": quotes.get(issue.id, 0),
            "gap": (measure := divergence_of(factbox, issue)).gap,
            "class": measure.divergence_class,
        }
        for issue in issues
    ]
    return Listing(columns, rows, indent="title")


def quotes_listing(factbox: Factbox, quotes: Sequence[Quote]) -> Listing:
    columns = [
        Column("id", "Id", in_table=False),
        Column("date", "Date"),
        Column("speaker", "Speaker id", in_table=False),
        Column("speaker_name", "Speaker", detail="speaker_role"),
        Column("speaker_role", "Role", in_table=False),
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("text", "Quote", prose=3),
        Column("context", "Context", prose=2),
        Column("issues", "Issues", droppable=True),
        Column("source", "Source id", in_table=False),
        Column("source_title", "Source", in_table=False),
        Column("source_url", "URL", in_table=False),
    ]
    rows: list[dict[str, Value]] = []
    for quote in quotes:
        speaker = factbox.speaker_by_id[quote.speaker]
        source = factbox.source_by_id.get(quote.source) if quote.source else None
        rows.append({
            "id": quote.id,
            "date": quote.date.text if quote.date else None,
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
            "source_url": source.url if source else None,
        })
    return Listing(columns, rows)


def parties_listing(factbox: Factbox, parties: Sequence[Party]) -> Listing:
    columns = [
        Column("id", "Id"),
        Column("name", "Party"),
        Column("role", "Role"),
        Column("aliases", "Also known as", droppable=True),
        Column("speakers", "Speakers", numeric=True),
        Column("positions", "Positions", numeric=True),
        Column("quotes", "Quotes", numeric=True),
    ]
    rows: list[dict[str, Value]] = []
    for party in parties:
        speakers = {s.id for s in factbox.speakers if s.party == party.id}
        rows.append({
            "id": party.id,
            "name": party.name,
            "role": party.role,
            "aliases": list(party.aliases),
            "speakers": len(speakers),
            "positions": sum(1 for p in factbox.positions if p.party == party.id),
            "quotes": sum(1 for q in factbox.quotes if q.speaker in speakers),
        })
    return Listing(columns, rows)


def speakers_listing(factbox: Factbox, speakers: Sequence[Speaker]) -> Listing:
    columns = [
        Column("id", "Id"),
        Column("name", "Speaker"),
        Column("role", "Role", prose=2),
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("aliases", "Also known as", droppable=True),
        Column("quotes", "Quotes", numeric=True),
    ]
    counts: dict[str, int] = {}
    for quote in factbox.quotes:
        counts[quote.speaker] = counts.get(quote.speaker, 0) + 1
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
    return Listing(columns, rows)


def compare_listing(factbox: Factbox, issues: Sequence[Issue], parties: Sequence[Party]) -> Listing:
    """One row per (issue, party), long form; the table pivots it to a column per party."""
    from ..divergence import divergence_of

    columns = [
        Column("issue", "Issue id"),
        Column("issue_title", "Issue"),
        Column("depth", "Depth", numeric=True),
        Column("question", "Question", prose=2),
        Column("issue_gap", "Gap", numeric=True),
        Column("issue_class", "Divergence"),
        Column("party", "Party id"),
        Column("party_name", "Party"),
        Column("stance", "Stance", numeric=True),
        Column("stance_label", "Label"),
        Column("summary", "Summary", prose=2),
        Column("conditions", "Conditions", prose=2),
        Column("basis", "Basis"),
        Column("as_of", "As of"),
        Column("quotes", "Quotes", prose=2),
        Column("quote_ids", "Quote ids"),
    ]
    rows: list[dict[str, Value]] = []
    party_ids = {party.id for party in parties}
    for issue in issues:
        measure = divergence_of(factbox, issue, party_ids)
        for party in parties:
            position = position_of(factbox, party.id, issue.id)
            quotes = supporting_quotes(factbox, party.id, issue.id)
            stance = position.stance if position else None
            rows.append({
                "issue": issue.id,
                "issue_title": issue.title,
                "depth": factbox.depth(issue.id),
                "question": issue.question,
                "issue_gap": measure.gap,
                "issue_class": measure.divergence_class,
                "party": party.id,
                "party_name": party.name,
                "stance": stance,
                "stance_label": factbox.scale.label(stance),
                "summary": position.summary if position else None,
                "conditions": position.conditions if position else None,
                "basis": position.basis if position else None,
                "as_of": position.as_of.text if position and position.as_of else None,
                "quotes": [quote_attribution(factbox, q) for q in quotes],
                "quote_ids": [q.id for q in quotes],
            })
    return Listing(columns, rows, view="compare")


def search_listing(hits: Sequence[Hit], terms: Sequence[str]) -> Listing:
    columns = [
        Column("kind", "Kind"),
        Column("id", "Where"),
        Column("field", "Field"),
        Column("text", "Text", prose=2),
    ]
    rows: list[dict[str, Value]] = [
        {"kind": hit.kind, "id": hit.id, "field": hit.field, "text": hit.text} for hit in hits
    ]
    return Listing(columns, rows, highlight=tuple(terms))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def divergence_listing(factbox: Factbox, analysis: Analysis) -> Listing:
    from ..divergence import competition_rank, headline

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
        Column("pairwise", "Pairwise", in_table=False),
        Column("isolated", "Isolated", in_table=False),
        Column("common_ground", "Common ground", in_table=False),
        Column("conditional", "Conditional", in_table=False),
        Column("fragile", "Fragile", in_table=False),
        Column("fragile_because", "Fragile because", in_table=False, prose=2),
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
            "pairwise": measure.pairwise if measure.scored else None,
            "isolated": measure.isolated,
            "common_ground": issue.id in common,
            "conditional": conditional,
            "fragile": fragile is not None,
            "fragile_because": _fragility_text(factbox, fragile) if fragile else None,
            "gap_below": below.gap,
            "normalized_gap_below": _rounded(below.normalized_gap),
            "driver": below.driver,
            "notes": _notes(factbox, measure, issue.id in common, conditional, fragile, below),
        })
    return Listing(columns, rows, view="divergence", title=headline(factbox, analysis))


def _fragility_text(factbox: Factbox, fragile: Fragility) -> str:
    party = factbox.party_by_id[fragile.party].name
    issue = factbox.issue_by_id[fragile.issue].title
    return (f"rank {fragile.rank} would become {fragile.new_rank} if {party} stood at "
            f"{_stance(factbox, fragile.instead)} instead of {_stance(factbox, fragile.stance)} on {issue}")


def _stance(factbox: Factbox, value: int) -> str:
    """+1 on a scale around zero, where the sign says which side; plain 7 on a 0-10 scale."""
    return f"{value:+d}" if factbox.scale.min < 0 and value else str(value)


def _notes(factbox: Factbox, measure: Divergence, common: bool, conditional: list[str],
           fragile: Fragility | None, below: Beneath) -> list[str]:
    from ..divergence import NOT_ENOUGH

    notes: list[str] = []
    name = factbox.party_by_id
    if measure.divergence_class == NOT_ENOUGH:
        count = len(measure.stances)
        notes.append(f"Not enough stated positions: {count} scored stance{'s' if count != 1 else ''}, 2 needed.")
    if below.driver is not None:
        title = factbox.issue_by_id[below.driver].title
        notes.append(f"Widest gap beneath: {below.gap} on {title}.")
    if common:
        notes.append("Common ground: no party rejects what another accepts.")
    for party in conditional:
        position = factbox.position_by_key[(party, measure.issue.id)]
        notes.append(f"{name[party].name}'s conditions separate it from the others: {position.conditions}")
    if measure.isolated:
        notes.append(f"{name[measure.isolated].name} is isolated: farthest from all the others.")
    if fragile:
        notes.append("Fragile: " + _fragility_text(factbox, fragile) + ".")
    return notes


def shifts_listing(factbox: Factbox, moves: Sequence[Shift]) -> Listing:
    columns = [
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("issue", "Issue id", in_table=False),
        Column("issue_title", "Issue", prose=1),
        Column("date_from", "From"),
        Column("date_to", "To"),
        Column("stance_from", "Was", numeric=True),
        Column("stance_to", "Now", numeric=True),
        Column("summary_from", "Before", prose=2, in_table=False),
        Column("summary_to", "After", prose=2),
        Column("gaps", "Gaps", in_table=False),
        Column("narrative", "What changed", prose=3),
    ]
    rows: list[dict[str, Value]] = []
    for move in moves:
        party = factbox.party_by_id[move.party].name
        issue = factbox.issue_by_id[move.issue].title
        when = f"{move.date_from or '?'} → {move.date_to or 'now'}"
        effects = [f"{gap.change} the gap to {factbox.party_by_id[gap.party].name} from {gap.before} to {gap.after}"
                   for gap in move.gaps]
        narrative = (f"{party} moved from {_stance(factbox, move.stance_from)} to "
                     f"{_stance(factbox, move.stance_to)} on {issue} ({when})")
        narrative += ("; " + ", ".join(effects) if effects else "") + "."
        rows.append({
            "party": move.party,
            "party_name": party,
            "issue": move.issue,
            "issue_title": issue,
            "date_from": move.date_from.text if move.date_from else None,
            "date_to": move.date_to.text if move.date_to else None,
            "stance_from": move.stance_from,
            "stance_to": move.stance_to,
            "summary_from": move.summary_from,
            "summary_to": move.summary_to,
            "gaps": {gap.party: {"before": gap.before, "after": gap.after, "change": gap.change}
                     for gap in move.gaps},
            "narrative": narrative,
        })
    return Listing(columns, rows)
