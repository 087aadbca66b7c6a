"""Each output format's writer, in-process, on a listing built by hand: the smallest test to
copy when adding a format (pip-audit tests its formats the same way)."""

from __future__ import annotations

import io
import json

import pytest

from factbox.render.listing import Column, Listing, Value, View
from factbox.render.output import Color, Format, Output
from factbox.render.writers import write


def two_rows() -> Listing:
    columns = [Column("id", "Id"), Column("text", "Quote", prose=1), Column("issues", "Issues"),
               Column("count", "Count", numeric=True)]
    rows: list[dict[str, Value]] = [
        {"id": "q1", "text": "A respite,\tanother delay", "issues": ["ceasefire", "nato"], "count": 2},
        {"id": "q2", "text": "Line one\nline two", "issues": [], "count": None},
    ]
    return Listing(columns, rows)


def written(format: Format, listing: Listing | None = None, width: int = 80, headers: bool = True) -> str:
    stream = io.StringIO()
    write(listing or two_rows(), Output(stream, is_terminal=False, color=False, format=format, headers=headers,
                                        width=width))
    return stream.getvalue()


def test_json_is_an_array_of_objects_in_column_order() -> None:
    assert json.loads(written(Format.json)) == [
        {"id": "q1", "text": "A respite,\tanother delay", "issues": ["ceasefire", "nato"], "count": 2},
        {"id": "q2", "text": "Line one\nline two", "issues": [], "count": None},
    ]


def test_jsonl_is_one_object_per_line() -> None:
    lines = written(Format.jsonl).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["q1", "q2"]


def test_tsv_escapes_tabs_and_newlines_and_joins_lists() -> None:
    assert written(Format.tsv) == ("id\ttext\tissues\tcount\n"
                                   "q1\tA respite,\\tanother delay\tceasefire; nato\t2\n"
                                   "q2\tLine one\\nline two\t\t\n")


def test_plain_is_tsv_without_the_header() -> None:
    assert written(Format.plain) == written(Format.tsv).split("\n", 1)[1]


def test_csv_keeps_the_exact_text() -> None:
    assert written(Format.csv) == ('id,text,issues,count\n'
                                   'q1,"A respite,\tanother delay",ceasefire; nato,2\n'
                                   'q2,"Line one\nline two",,\n')


def test_markdown_is_a_pipe_table_with_numbers_right_aligned() -> None:
    lines = written(Format.markdown).splitlines()
    assert lines[:2] == ["| Id | Quote | Issues | Count |", "|---|---|---|---:|"]
    assert lines[3] == "| q2 | Line one<br>line two |  |  |"


def test_table_keeps_every_word_whole() -> None:
    text = written(Format.table, width=60)
    assert "another delay" in text and "ceasefire; nato" in text
    assert "\x1b" not in text  # no colour asked for


def test_every_view_has_a_terminal_writer() -> None:
    """A View member without its module in render/table.py fails here (and in mypy)."""
    for view in View:
        listing = two_rows()
        listing.view = view
        if view is View.compare:
            listing.rows = [{"issue": "i", "issue_title": "Issue", "party": "p", "party_name": "P", "stance": 1,
                             "stance_label": "accepts", "summary": "S", "quotes": []}]
        if view is View.divergence:
            listing.rows = [{"rank": 1, "issue": "i", "title": "Issue", "class": "close", "gap": 1, "span": 4,
                             "stances": {"p": 1, "q": 2}, "scale_min": -2, "scale_max": 2, "notes": []}]
        if view is View.diff:
            listing.rows = [{"change": "added", "id": "q", "description": "quote q added", "pieces": []}]
        if view is View.timeline:
            listing.rows = [{"heading": "December 2025", "date": "2025-12", "kind": "event", "party_name": None,
                             "issues": [], "shown": "Talks"}]
        assert written(Format.table, listing).strip(), view


@pytest.mark.parametrize("format", [f for f in Format if f is not Format.auto])
def test_every_format_has_a_writer(format: Format) -> None:
    listing = two_rows()
    listing.columns.append(Column("citation", "Citation"))
    for row in listing.rows:
        row["citation"] = f"“{row['text']}” said someone."
    assert written(format, listing).strip(), format


def test_cite_writes_each_citation_on_a_line() -> None:
    listing = Listing([Column("id", "Id"), Column("citation", "Citation")],
                      [{"id": "q1", "citation": "“No.” said Ann."}, {"id": "q2", "citation": "“Yes.” said Bob."}])
    assert written(Format.cite, listing) == "“No.” said Ann.\n“Yes.” said Bob.\n"


def test_color_is_resolved_from_the_option_first() -> None:
    from factbox.render.output import wants_color

    assert wants_color(Color.always, is_terminal=False, env={"NO_COLOR": "1"}) is True
    assert wants_color(Color.never, is_terminal=True, env={"FORCE_COLOR": "1"}) is False
    assert wants_color(Color.auto, is_terminal=True, env={"NO_COLOR": "1"}) is False
