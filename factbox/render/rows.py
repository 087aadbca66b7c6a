"""Shape query results into Listings: the rows and columns every format writes.

Field names here are the documented, stable snake_case names of the JSON, CSV and TSV
output; the table shows a subset under friendlier headers.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Factbox, Issue, Party, Quote, Speaker
from ..queries import Hit, position_of, supporting_quotes
from .listing import Column, Listing, Value


def quote_attribution(factbox: Factbox, quote: Quote) -> str:
    """'Dmitry Peskov: “…”' — the speaker always travels with the words."""
    return f"{factbox.speaker_by_id[quote.speaker].name}: “{quote.text}”"


def issues_listing(factbox: Factbox, issues: Sequence[Issue]) -> Listing:
    columns = [
        Column("id", "Id", code=True),
        Column("title", "Issue", prose=1),
        Column("parent", "Parent", in_table=False),
        Column("depth", "Depth", in_table=False, numeric=True),
        Column("question", "Question", prose=2),
        Column("positions", "Positions", numeric=True),
        Column("quotes", "Quotes", numeric=True),
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
        Column("text", "Quote", prose=2),
        Column("context", "Context", prose=2),
        Column("issues", "Issues"),
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
        Column("id", "Id", code=True),
        Column("name", "Party"),
        Column("role", "Role"),
        Column("aliases", "Also known as"),
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
        Column("id", "Id", code=True),
        Column("name", "Speaker"),
        Column("role", "Role", prose=2),
        Column("party", "Party id", in_table=False),
        Column("party_name", "Party"),
        Column("aliases", "Also known as"),
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
    columns = [
        Column("issue", "Issue id"),
        Column("issue_title", "Issue"),
        Column("depth", "Depth", numeric=True),
        Column("question", "Question", prose=2),
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
    for issue in issues:
        for party in parties:
            position = position_of(factbox, party.id, issue.id)
            quotes = supporting_quotes(factbox, party.id, issue.id)
            stance = position.stance if position else None
            rows.append({
                "issue": issue.id,
                "issue_title": issue.title,
                "depth": factbox.depth(issue.id),
                "question": issue.question,
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
    return Listing(columns, rows, pivot_row="issue", pivot_column="party")


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
