"""The Datasette metadata written beside an export (`OUT.metadata.yml`), so that
`datasette OUT.db -m OUT.metadata.yml` opens a browsable, searchable site with no set-up:
titles, sources, a licence note, what every table and column holds, facets on speaker, party
and issue, and the full-text index wired to the quotes table.

Datasette before 1.0 reads metadata from this file (1.0 keeps it in the database); the test
dependency is pinned below 1.0 for that reason. Every value from a factbox is plain text in a
YAML string (safe_dump quotes it): Datasette shows `title` and `description` escaped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model import Factbox, Source
from ..records import Record
from .earlier import MARKER, metadata_path
from .sqlite import table_descriptions

LICENSE = ("Quotes are the words of their speakers as published by the sources listed (the sources "
           "table); reuse follows each source's terms")
_SOURCES_LISTED = 20

FACETS: dict[str, list[Any]] = {
    "quotes": ["speaker", "party", {"array": "issues"}],
    "quotes_full": ["speaker_name", "party_name", {"array": "issues"}],
    "positions": ["party", "issue", "basis"],
    "stances": ["party_name", "issue_title", "basis"],
    "speakers": ["party"],
    "quote_issues": ["issue"],
}
#: The factboxes' own title and description go in the database's; quotes sort newest first.
SORT_DESC = {"quotes": "date_start", "quotes_full": "date_start"}


class Described(Record):
    """What the metadata says of one factbox exported, kept instead of the factbox itself (an
    archive is exported one file at a time, so only one is in memory)."""

    __slots__ = ("description", "name", "quotes", "sources", "title")

    def __init__(self, name: str, factbox: Factbox) -> None:
        self.name = name
        self.title = factbox.title
        self.description = factbox.description
        self.sources: list[Source] = list(factbox.sources)
        self.quotes = len(factbox.quotes)


def metadata(database: Path, factboxes: Sequence[Described]) -> dict[str, Any]:
    """Datasette's metadata for the export of `factboxes` at `database`."""
    several = len(factboxes) > 1
    tables: dict[str, Any] = {}
    for name, (description, columns) in table_descriptions().items():
        table: dict[str, Any] = {"description": description, "columns": columns}
        facets = FACETS.get(name)
        if facets is not None:
            table["facets"] = [*(["factbox"] if several else []), *facets]
        if name in SORT_DESC:
            table["sort_desc"] = SORT_DESC[name]
        tables[name] = table
    tables["quotes"].update({"fts_table": "quotes_fts", "fts_pk": "number"})
    tables["quotes_fts"] = {"hidden": True}
    return {
        "title": _title(factboxes),
        "description": _description(factboxes),
        "license": LICENSE,
        "databases": {database.stem: {"tables": tables}},
    }


def _title(factboxes: Sequence[Described]) -> str:
    if len(factboxes) == 1:
        return factboxes[0].title
    return f"{len(factboxes)} factboxes"


def _description(factboxes: Sequence[Described]) -> str:
    """The factboxes by title and file, then their sources (the first few; all are in the table)."""
    parts = [f"{factbox.title} ({factbox.name})" + (f": {factbox.description}" if factbox.description else "")
             for factbox in factboxes]
    sources = list(dict.fromkeys(
        ", ".join(p for p in (s.title, s.publisher, s.date and s.date.text) if p)
        for factbox in factboxes for s in factbox.sources))
    if sources:
        listed = "; ".join(sources[:_SOURCES_LISTED])
        more = len(sources) - _SOURCES_LISTED
        parts.append("Sources: " + listed + (f"; and {more} more in the sources table" if more > 0 else ""))
    parts.append("Exported by factbox; search quotes by word or, with _searchmode=raw, by the start of a "
                 "word (cease*).")
    return " ".join(part if part.endswith(".") else part + "." for part in parts)


def write_metadata(database: Path, factboxes: Sequence[Described]) -> Path:
    """Write OUT.metadata.yml atomically (whether it may be replaced is decided before)."""
    import yaml

    from ..writing.atomic import write_file

    target = metadata_path(database)
    text = MARKER + yaml.safe_dump(metadata(database, factboxes), allow_unicode=True, sort_keys=False, width=100)
    return write_file(target, text.encode("utf-8"))
