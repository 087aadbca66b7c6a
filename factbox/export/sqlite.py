"""One factbox or many into a SQLite database: a table per record kind with real keys, dates
with sortable bounds, a full-text index that matches words as `quotes --search` does, and
views for the common questions; browsable as it is with Datasette (`export.datasette`).

The tables are described once, in `TABLES` (columns, constraints, what each column means),
and both the SQL and the Datasette metadata are made from that description. Table and
column names are these constants; every value from a file goes in as a parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..model import Factbox, PartialDate, Quote
from ..queries import words
from ..records import Record
from .earlier import APPLICATION_ID

if TYPE_CHECKING:
    import sqlite3

#: PRAGMA user_version: the layout of the tables below.
LAYOUT = 1
#: The FTS5 tokenizer. The index holds each text as `queries.words` splits and folds it, one
#: word after another (ASCII text as it is, which the tokenizer splits and folds alike:
#: `search_text`); unicode61 then keeps each of those words whole (`_` is a token
#: character, as it is for Python's \w) and leaves it as it is, so a MATCH of prefix tokens
#: in a row (`"peace"* + "plan"*`, see `match_expression`) finds what `quotes --search` finds.
#: Case and Latin accents are folded on the query side too, for Datasette's search box. The
#: one known difference: 21 characters that Python's Unicode tables call letters and SQLite's
#: older ones spacing marks (New Tai Lue vowel signs, two Vedic signs) split a word in the
#: index (tests/test_export_sqlite.py lists them).
TOKENIZER = "unicode61 remove_diacritics 2 tokenchars '_'"

Row = tuple[Any, ...]


class Table(Record):
    """A table: its columns as (name, SQL type and constraint, description), its table
    constraints (keys), and what one row is."""

    __slots__ = ("columns", "constraints", "description", "name")

    def __init__(self, name: str, description: str, columns: list[tuple[str, str, str]],
                 constraints: Sequence[str] = ()) -> None:
        self.name = name
        self.description = description
        self.columns = columns
        self.constraints = list(constraints)

    def create(self) -> str:
        parts = [f"{name} {kind}" for name, kind, _ in self.columns] + self.constraints
        return f"CREATE TABLE {self.name} (\n  " + ",\n  ".join(parts) + "\n)"

    def insert(self) -> str:
        return f"INSERT INTO {self.name} VALUES ({', '.join('?' for _ in self.columns)})"


_FACTBOX = ("factbox", "TEXT NOT NULL", "The factbox file the row comes from (factboxes.id)")
_OF_FACTBOX = "FOREIGN KEY (factbox) REFERENCES factboxes (id)"


def _dated(name: str, what: str) -> list[tuple[str, str, str]]:
    return [(name, "TEXT", f"{what}, as written (YYYY, YYYY-MM or YYYY-MM-DD)"),
            (f"{name}_start", "TEXT", f"The first day {what.lower()} can mean (YYYY-MM-DD), for sorting"),
            (f"{name}_end", "TEXT", f"The last day {what.lower()} can mean (YYYY-MM-DD)")]


TABLES = [
    Table("factboxes", "One row per factbox file exported", [
        ("id", "TEXT PRIMARY KEY", "The file, as factbox names it (its path, or its path below the folder named)"),
        ("title", "TEXT NOT NULL", "The factbox's title"),
        ("description", "TEXT", "What the factbox covers"),
        ("format", "TEXT NOT NULL", "The data format (factbox/1)"),
        *_dated("as_of", "The date the factbox is current as of"),
        ("scale_min", "INTEGER NOT NULL", "The lowest stance on the scale"),
        ("scale_max", "INTEGER NOT NULL", "The highest stance on the scale"),
        ("scale_labels", "TEXT NOT NULL", "The scale's labels, as a JSON object from stance to label"),
    ]),
    Table("parties", "The parties to the negotiation, mediators and observers", [
        _FACTBOX,
        ("id", "TEXT NOT NULL", "The party's id, as written"),
        ("name", "TEXT NOT NULL", "The party's name"),
        ("role", "TEXT NOT NULL", "party, mediator or observer (only parties are measured in gaps)"),
        ("aliases", "TEXT NOT NULL", "Other names, as a JSON array"),
    ], ["PRIMARY KEY (factbox, id)", _OF_FACTBOX]),
    Table("speakers", "The people quoted", [
        _FACTBOX,
        ("id", "TEXT NOT NULL", "The speaker's id, as written (the same id in two files may be two people)"),
        ("name", "TEXT NOT NULL", "The speaker's name"),
        ("role", "TEXT", "The speaker's role"),
        ("party", "TEXT NOT NULL", "The party the speaker speaks for (parties.id)"),
        ("aliases", "TEXT NOT NULL", "Other names, as a JSON array"),
    ], ["PRIMARY KEY (factbox, id)", _OF_FACTBOX, "FOREIGN KEY (factbox, party) REFERENCES parties (factbox, id)"]),
    Table("issues", "The issues at stake, as a tree", [
        _FACTBOX,
        ("id", "TEXT NOT NULL", "The issue's id, as written"),
        ("title", "TEXT NOT NULL", "The issue's title"),
        ("parent", "TEXT", "The issue it is a part of (issues.id), if any"),
        ("depth", "INTEGER NOT NULL", "How many issues it lies beneath"),
        ("question", "TEXT", "The question a stance answers; an issue without one is not scored"),
        ("aliases", "TEXT NOT NULL", "Other names, as a JSON array"),
    ], ["PRIMARY KEY (factbox, id)", _OF_FACTBOX, "FOREIGN KEY (factbox, parent) REFERENCES issues (factbox, id)"]),
    Table("sources", "Where quotes and positions were published", [
        _FACTBOX,
        ("id", "TEXT NOT NULL", "The source's id, as written"),
        ("title", "TEXT NOT NULL", "The source's title"),
        ("publisher", "TEXT", "Who published it"),
        *_dated("date", "The date of publication"),
        ("url", "TEXT", "Where to read it"),
    ], ["PRIMARY KEY (factbox, id)", _OF_FACTBOX]),
    Table("positions", "Each party's stance on each issue", [
        _FACTBOX,
        ("party", "TEXT NOT NULL", "The party (parties.id)"),
        ("issue", "TEXT NOT NULL", "The issue (issues.id)"),
        ("stance", "INTEGER", "The stance on the factbox's scale; empty when not scored"),
        ("stance_label", "TEXT", "The scale's label for the stance"),
        ("summary", "TEXT NOT NULL", "The position in a sentence"),
        ("conditions", "TEXT", "The conditions the party sets"),
        ("basis", "TEXT", "How the stance is known: stated, reported or inferred"),
        *_dated("as_of", "The date the position is current as of"),
    ], ["PRIMARY KEY (factbox, party, issue)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, party) REFERENCES parties (factbox, id)",
        "FOREIGN KEY (factbox, issue) REFERENCES issues (factbox, id)"]),
    Table("position_history", "Earlier stances of a position, oldest first", [
        _FACTBOX,
        ("party", "TEXT NOT NULL", "The party (parties.id)"),
        ("issue", "TEXT NOT NULL", "The issue (issues.id)"),
        ("number", "INTEGER NOT NULL", "Its place in the history, from 1, oldest first"),
        *_dated("date", "The date of the earlier stance"),
        ("stance", "INTEGER", "The earlier stance"),
        ("summary", "TEXT NOT NULL", "The earlier position in a sentence"),
    ], ["PRIMARY KEY (factbox, party, issue, number)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, party, issue) REFERENCES positions (factbox, party, issue)"]),
    Table("position_quotes", "The quotes a position cites, in its order", [
        _FACTBOX,
        ("party", "TEXT NOT NULL", "The party (parties.id)"),
        ("issue", "TEXT NOT NULL", "The issue (issues.id)"),
        ("number", "INTEGER NOT NULL", "Its place in the position's list, from 1"),
        ("quote", "TEXT NOT NULL", "The quote cited (quotes.id)"),
    ], ["PRIMARY KEY (factbox, party, issue, number)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, party, issue) REFERENCES positions (factbox, party, issue)",
        "FOREIGN KEY (factbox, quote) REFERENCES quotes (factbox, id)"]),
    Table("position_sources", "The sources a position cites, in its order", [
        _FACTBOX,
        ("party", "TEXT NOT NULL", "The party (parties.id)"),
        ("issue", "TEXT NOT NULL", "The issue (issues.id)"),
        ("number", "INTEGER NOT NULL", "Its place in the position's list, from 1"),
        ("source", "TEXT NOT NULL", "The source cited (sources.id)"),
    ], ["PRIMARY KEY (factbox, party, issue, number)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, party, issue) REFERENCES positions (factbox, party, issue)",
        "FOREIGN KEY (factbox, source) REFERENCES sources (factbox, id)"]),
    Table("quotes", "Quotes, verbatim, with who said them", [
        ("number", "INTEGER PRIMARY KEY", "The quote's row number (the full-text index refers to it)"),
        _FACTBOX,
        ("id", "TEXT NOT NULL", "The quote's id, as written"),
        *_dated("date", "The date the words were said"),
        ("speaker", "TEXT NOT NULL", "Who said it (speakers.id)"),
        ("party", "TEXT NOT NULL", "The speaker's party (parties.id)"),
        ("text", "TEXT NOT NULL", "The words, verbatim: never altered or cut"),
        ("context", "TEXT", "When and why they were said"),
        ("issues", "TEXT NOT NULL", "The issues it speaks to, as a JSON array (see quote_issues)"),
        ("source", "TEXT", "Where it was published (sources.id)"),
    ], ["UNIQUE (factbox, id)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, speaker) REFERENCES speakers (factbox, id)",
        "FOREIGN KEY (factbox, party) REFERENCES parties (factbox, id)",
        "FOREIGN KEY (factbox, source) REFERENCES sources (factbox, id)"]),
    Table("quote_issues", "Which issues each quote speaks to", [
        _FACTBOX,
        ("quote", "TEXT NOT NULL", "The quote (quotes.id)"),
        ("issue", "TEXT NOT NULL", "The issue (issues.id)"),
        ("number", "INTEGER NOT NULL", "Its place in the quote's list, from 1"),
    ], ["PRIMARY KEY (factbox, quote, issue)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, quote) REFERENCES quotes (factbox, id)",
        "FOREIGN KEY (factbox, issue) REFERENCES issues (factbox, id)"]),
    Table("events", "What happened when", [
        _FACTBOX,
        ("number", "INTEGER NOT NULL", "Its place in the file, from 1"),
        *_dated("date", "The date of the event"),
        ("title", "TEXT NOT NULL", "What happened"),
        ("place", "TEXT", "Where"),
        ("source", "TEXT", "Where it was reported (sources.id)"),
    ], ["PRIMARY KEY (factbox, number)", _OF_FACTBOX,
        "FOREIGN KEY (factbox, source) REFERENCES sources (factbox, id)"]),
]
TABLE = {table.name: table for table in TABLES}

#: Full-text search: each quote's text and, separately, its context (`text: …` or
#: `context: …` in a MATCH), by the quote's number; contentless, it holds only the index.
FTS = f"CREATE VIRTUAL TABLE quotes_fts USING fts5(text, context, content='', tokenize=\"{TOKENIZER}\")"

INDEXES = [
    "CREATE INDEX quotes_by_speaker ON quotes (factbox, speaker)",
    "CREATE INDEX quotes_by_party ON quotes (factbox, party)",
    "CREATE INDEX quotes_by_date ON quotes (date_start)",
    "CREATE INDEX quote_issues_by_issue ON quote_issues (factbox, issue)",
    "CREATE INDEX speakers_by_party ON speakers (factbox, party)",
]

#: Views for the common questions; their columns are described in VIEW_COLUMNS.
VIEWS = {
    "quotes_full": """CREATE VIEW quotes_full AS
SELECT q.number, q.factbox, f.title AS factbox_title, q.id, q.date, q.date_start, q.date_end,
  q.speaker, s.name AS speaker_name, s.role AS speaker_role, q.party, p.name AS party_name, p.role AS party_role,
  q.text, q.context, q.issues, q.source, src.title AS source_title, src.publisher AS source_publisher,
  src.date AS source_date, src.url AS source_url
FROM quotes q
JOIN factboxes f ON f.id = q.factbox
JOIN speakers s ON s.factbox = q.factbox AND s.id = q.speaker
JOIN parties p ON p.factbox = q.factbox AND p.id = q.party
LEFT JOIN sources src ON src.factbox = q.factbox AND src.id = q.source""",
    # The gap as `divergence` measures it by default: among the parties proper (role
    # 'party'), on issues with a question, from at least two scored stances.
    "stances": """CREATE VIEW stances AS
WITH measured AS (
  SELECT p.factbox, p.issue, count(*) AS scored, max(p.stance) - min(p.stance) AS spread
  FROM positions p
  JOIN parties pa ON pa.factbox = p.factbox AND pa.id = p.party
  JOIN issues i ON i.factbox = p.factbox AND i.id = p.issue
  WHERE pa.role = 'party' AND p.stance IS NOT NULL AND i.question IS NOT NULL
  GROUP BY p.factbox, p.issue)
SELECT p.factbox, p.issue, i.title AS issue_title, i.question, p.party, pa.name AS party_name,
  pa.role AS party_role, p.stance, p.stance_label, p.basis, p.summary, p.conditions, p.as_of,
  CASE WHEN m.scored >= 2 THEN m.spread END AS gap, f.scale_max - f.scale_min AS span,
  CASE WHEN m.scored >= 2 THEN round(1.0 * m.spread / (f.scale_max - f.scale_min), 4) END AS normalized_gap
FROM positions p
JOIN factboxes f ON f.id = p.factbox
JOIN parties pa ON pa.factbox = p.factbox AND pa.id = p.party
JOIN issues i ON i.factbox = p.factbox AND i.id = p.issue
LEFT JOIN measured m ON m.factbox = p.factbox AND m.issue = p.issue""",
}
VIEW_DESCRIPTIONS = {
    "quotes_full": "Every quote with its speaker, party and source joined",
    "stances": "Each party's stance with the gap on its issue, measured among the parties proper as "
               "`factbox divergence` does (empty with fewer than two scored stances)",
}
VIEW_COLUMNS = {
    "factbox_title": "The factbox's title",
    "speaker_name": "The speaker's name",
    "speaker_role": "The speaker's role",
    "party_name": "The party's name",
    "party_role": "party, mediator or observer (only parties are measured in gaps)",
    "issue_title": "The issue's title",
    "source_title": "The source's title",
    "source_publisher": "Who published the source",
    "source_date": "The source's date, as written",
    "source_url": "Where to read the source",
    "gap": "Largest minus smallest stance among the parties proper on the issue",
    "normalized_gap": "The gap divided by the scale's span, from 0 to 1",
    "span": "The scale's span: its highest stance less its lowest",
}

_CHUNK = 5_000


def day(date: tuple[int, int, int]) -> str:
    return f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"


def _date(date: PartialDate | None) -> tuple[str | None, str | None, str | None]:
    """A date as written, with the first and last day it can mean: 2025-12 is 2025-12-01 to 2025-12-31."""
    return (None, None, None) if date is None else (date.text, day(date.first), day(date.last))


def _list(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def match_expression(term: str) -> str:
    """The FTS5 MATCH for one `quotes --search` term: its words, each the start of a word,
    one after another (`"peace"* + "plan"*`). The words of `queries.words` hold only letters,
    digits and `_`, so quoting them needs no escape."""
    return " + ".join(f'"{word}"*' for word in words(term))


def build(connection: sqlite3.Connection, factboxes: Iterable[tuple[str, Factbox]]) -> None:
    """Create the tables and fill them from each (name, factbox), one file after another."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {LAYOUT}")
    for statement in [*(table.create() for table in TABLES), FTS, *VIEWS.values()]:
        connection.execute(statement)
    numbers = iter(range(1, 1 << 62))
    for name, factbox in factboxes:
        for table, rows in _records(name, factbox):
            connection.executemany(TABLE[table].insert(), rows)
        _insert_quotes(connection, name, factbox, numbers)
    for statement in INDEXES:  # made once at the end, not kept up to date row by row
        connection.execute(statement)


def _records(name: str, factbox: Factbox) -> Iterator[tuple[str, Iterable[Row]]]:
    """Every table but the quotes, as (table, rows), parents before children."""
    scale = factbox.scale
    yield "factboxes", [(name, factbox.title, factbox.description, factbox.format, *_date(factbox.as_of),
                         scale.min, scale.max, json.dumps({str(k): v for k, v in sorted(scale.labels.items())},
                                                          ensure_ascii=False))]
    yield "parties", ((name, p.id, p.name, p.role, _list(p.aliases)) for p in factbox.parties)
    yield "speakers", ((name, s.id, s.name, s.role, s.party, _list(s.aliases)) for s in factbox.speakers)
    yield "issues", ((name, i.id, i.title, i.parent, factbox.depth(i.id), i.question, _list(i.aliases))
                     for i in factbox.issues_in_tree_order())
    yield "sources", ((name, s.id, s.title, s.publisher, *_date(s.date), s.url) for s in factbox.sources)
    yield "positions", ((name, p.party, p.issue, p.stance, scale.label(p.stance), p.summary, p.conditions,
                         p.basis, *_date(p.as_of)) for p in factbox.positions)
    yield "position_history", ((name, p.party, p.issue, n, *_date(h.date), h.stance, h.summary)
                               for p in factbox.positions for n, h in enumerate(p.history, 1))
    yield "events", ((name, n, *_date(e.date), e.title, e.place, e.source) for n, e in enumerate(factbox.events, 1))


def _position_links(name: str, factbox: Factbox) -> Iterator[tuple[str, Iterable[Row]]]:
    yield "position_quotes", ((name, p.party, p.issue, n, q) for p in factbox.positions
                              for n, q in enumerate(p.quotes, 1))
    yield "position_sources", ((name, p.party, p.issue, n, s) for p in factbox.positions
                               for n, s in enumerate(p.sources, 1))


def _insert_quotes(connection: sqlite3.Connection, name: str, factbox: Factbox, numbers: Iterator[int]) -> None:
    """The quotes, their issues and their full-text index in one pass over the quotes (each
    is decoded once, from the cache when there is one), a chunk at a time. Dates and issue
    lists repeat from quote to quote: each is written out once."""
    party = {s.id: s.party for s in factbox.speakers}
    dates: dict[str, tuple[str | None, str | None, str | None]] = {}
    lists: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
    chunk: list[Quote] = []

    def date_of(date: PartialDate | None) -> tuple[str | None, str | None, str | None]:
        if date is None:
            return (None, None, None)
        found = dates.get(date.text)
        if found is None:
            found = dates[date.text] = _date(date)
        return found

    def issues_of(quote: Quote) -> tuple[tuple[str, ...], str]:
        """Its issues, each once, and as the JSON array of the quotes table."""
        key = tuple(quote.issues)
        found = lists.get(key)
        if found is None:
            issues = tuple(dict.fromkeys(key))
            found = lists[key] = (issues, _list(issues))
        return found

    def flush() -> None:
        rows = [(next(numbers), q, issues_of(q)) for q in chunk]
        connection.executemany(TABLE["quotes"].insert(), (
            (n, name, q.id, *date_of(q.date), q.speaker, party[q.speaker], q.text, q.context,
             issues[1], q.source) for n, q, issues in rows))
        connection.executemany(TABLE["quote_issues"].insert(), (
            (name, q.id, issue, k) for _, q, issues in rows for k, issue in enumerate(issues[0], 1)))
        if rows and all(q.text.isascii() and (q.context or "").isascii() for q in chunk):
            # search_text of ASCII is the text itself: SQLite copies it from the rows just written
            connection.execute("INSERT INTO quotes_fts (rowid, text, context) SELECT number, text, context "
                               "FROM quotes WHERE number BETWEEN ? AND ?", (rows[0][0], rows[-1][0]))
        else:
            connection.executemany("INSERT INTO quotes_fts (rowid, text, context) VALUES (?, ?, ?)", (
                (n, search_text(q.text), search_text(q.context)) for n, q, _ in rows))
        chunk.clear()

    for quote in factbox.quotes:
        chunk.append(quote)
        if len(chunk) == _CHUNK:
            flush()
    flush()
    for table, links in _position_links(name, factbox):
        connection.executemany(TABLE[table].insert(), links)


def search_text(text: str | None) -> str | None:
    """A text as the full-text index holds it: its words as `queries.words` splits and folds
    them, one after another. ASCII text goes in as it is: the tokenizer splits it at exactly
    the characters `\\w` does not match and folds its case as `fold` does, so the index is the
    same without a pass in Python."""
    return text if text is None or text.isascii() else " ".join(words(text))


def write_database(target: Path, factboxes: Iterable[tuple[str, Factbox]]) -> Path:
    """Build the database beside `target` and rename it over it (`writing.atomic`); whether
    it may be replaced is `export.export_sqlite`'s to decide, before. sqlite3 is imported
    here, once the first file is loaded: its 2 MB then do not add to the peak of loading."""
    import sqlite3

    from ..writing.atomic import replace_file

    def fill(descriptor: int, temporary: str) -> None:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")  # a failed build is thrown away whole
            connection.execute("PRAGMA synchronous = OFF")  # replace_file syncs the finished file
            connection.execute("PRAGMA cache_size = -256")  # KiB: the file's pages live in the OS's cache anyway
            build(connection, factboxes)
            connection.commit()
        finally:
            connection.close()

    try:
        return replace_file(target, fill)
    except sqlite3.Error as error:
        raise OutputError(f"cannot write {target}: {error}") from error


def table_descriptions() -> dict[str, tuple[str, dict[str, str]]]:
    """Every table and view: its description and its columns' (for Datasette's metadata)."""
    described: dict[str, tuple[str, dict[str, str]]] = {
        table.name: (table.description, {name: text for name, _, text in table.columns}) for table in TABLES}
    every_column = {name: text for _, columns in described.values() for name, text in columns.items()}
    for view, sql in VIEWS.items():
        columns = _view_columns(sql)
        described[view] = (VIEW_DESCRIPTIONS[view], {c: VIEW_COLUMNS.get(c, every_column.get(c, "")) for c in columns})
    return described


def _view_columns(sql: str) -> list[str]:
    import sqlite3

    connection = sqlite3.connect(":memory:")
    try:
        for table in TABLES:
            connection.execute(table.create())
        cursor = connection.execute(sql.split(" AS\n", 1)[1] + " LIMIT 0")
        return [column[0] for column in cursor.description]
    finally:
        connection.close()

