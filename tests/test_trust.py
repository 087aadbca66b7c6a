"""Trust: a quote is printed exactly and cited with how its date is known; the first screen
of a factbox says what it rests on. Through the real command line, on invented factboxes."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import FIXTURES, run, run_on_pty

SMALL = str(FIXTURES / "small.yaml")


def test_cite_prints_one_ready_line_per_quote() -> None:
    result = run("quotes", "--data", SMALL, "--speaker", "alvarez", "-f", "cite")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "“Without a deep cut there will be no cod left to argue about.” said José Álvarez, Minister of the Sea "
        "(Harbour Gazette, 2025-11-30).\n"
        "“Não há acordo sem o bacalhau.” said José Álvarez, Minister of the Sea (2025-12-19).\n")


def test_cite_adds_nothing_it_does_not_know() -> None:
    result = run("quotes", "--data", SMALL, "--speaker", "ow-researchers", "-f", "cite")
    assert result.stdout == "“Nobody is counting the juvenile cod.” said Ocean Watch researchers.\n"


def test_cite_is_a_format_of_quotes_only() -> None:
    result = run("issues", "--data", SMALL, "-f", "cite")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "factbox: error: -f cite is a format of quotes only\nhint: factbox quotes -f cite\n"


def test_cite_keeps_invisible_characters_and_names_them(tmp_path: Path) -> None:
    path = tmp_path / "hidden.yaml"
    path.write_text("""\
format: factbox/1
title: Hidden
parties: [{id: north, name: Northland}]
speakers: [{id: ann, name: Ann Able, party: north}]
issues: [{id: water, title: Water}]
quotes:
  - {id: q1, speaker: ann, text: "We will\\u200b never agree"}
""", encoding="utf-8")
    result = run("quotes", "--data", str(path), "-f", "cite")
    assert result.exit_code == 0
    assert result.stdout == "“We will\u200b never agree” said Ann Able.\n"
    assert result.stderr == ("factbox: note: q1 holds characters a reader cannot see "
                             "(U+200B ZERO WIDTH SPACE); printed exactly\n")


def test_an_undated_quote_is_shown_with_its_sources_date_and_stays_undated() -> None:
    rows = json.loads(run("quotes", "--speaker", "peskov", "-f", "json").stdout)
    undated = [row for row in rows if row["date"] is None]
    assert undated and all(row["date_basis"] == "source" and row["source_date"] == "2025-12" for row in undated)
    table = run("quotes", "--speaker", "peskov", "-f", "table", env={"COLUMNS": "120"}).stdout
    assert "(source's" in table and "Anadolu Agency" in table


def test_info_is_the_first_screen_a_reporter_needs() -> None:
    result = run("info", "--data", SMALL, "-f", "json")
    facts = {(row["field"], row["value"]) for row in json.loads(result.stdout)}
    assert ("title", "Estrela Bank fisheries talks") in facts
    assert ("scale", "0 to 10: 0 refuses; 5 undecided; 10 insists") in facts
    assert ("party", "Regional Fisheries Board (board, mediator)") in facts
    assert ("source", "Harbour Gazette: the cod talks; Harbour Gazette; 2025-12-20; "
                      "https://example.org/cod-talks") in facts
    assert ("not measured", "Regional Fisheries Board, Ocean Watch: mediators and observers, shown beside the "
                            "parties but left out of gaps") in facts


def test_a_coarse_date_in_a_period_is_marked_and_undated_quotes_are_counted() -> None:
    """okafor-trial is dated "2025": in --since 2025-12-20 only in part; ow-juveniles has no date."""
    rows = json.loads(run("quotes", "--data", SMALL, "--since", "2025-12-20", "-f", "json").stdout)
    assert [(row["id"], row["date_coarse"]) for row in rows] == [
        ("okafor-trial", True), ("lindqvist-ten-percent", True), ("berg-inspectors", False)]
    code, screen, stderr = run_on_pty("quotes", "--data", SMALL, "--since", "2025-12-20", env={"NO_COLOR": "1"})
    assert code == 0
    assert "(in part)" in screen
    assert stderr == ("3 quotes\n1 undated quote not shown (a date filter leaves them out)\n"
                      "2 dated only to a month or year that lies partly in the period: marked (in part)\n")


def test_without_a_date_filter_nothing_is_said_about_dates() -> None:
    code, _, stderr = run_on_pty("quotes", "--data", SMALL, env={"NO_COLOR": "1"})
    assert (code, stderr) == (0, "8 quotes\n")
