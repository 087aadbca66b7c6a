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


# --- Mediators are shown but not measured; every stance says how it is known --------------
# small.yaml, shared-zone (scale 0-10): Estrela 0 (stated), Norland 9 (reported), and the
# Regional Fisheries Board, a mediator, 5 (stated). Ocean Watch, an observer, says nothing.

def divergence_of(issue: str, *args: str) -> dict[str, object]:
    rows = json.loads(run("divergence", "--data", SMALL, "-f", "json", *args).stdout)
    return next(row for row in rows if row["issue"] == issue)


def test_a_mediator_never_widens_a_gap_unless_asked() -> None:
    zone = divergence_of("shared-zone")
    assert (zone["stances"], zone["gap"], zone["class"]) == ({"estrela": 0, "norland": 9}, 9, "apart")
    named = divergence_of("shared-zone", "--party", "board", "--party", "estrela")
    assert (named["stances"], named["gap"]) == ({"estrela": 0, "board": 5}, 5)
    every = divergence_of("shared-zone", "--all-parties")
    assert every["stances"] == {"estrela": 0, "norland": 9, "board": 5}


def test_basis_travels_with_every_stance_and_can_restrict_it() -> None:
    zone = divergence_of("shared-zone")
    assert zone["basis"] == {"estrela": "stated", "norland": "reported"}
    stated = divergence_of("shared-zone", "--basis", "stated")
    assert (stated["stances"], stated["class"]) == ({"estrela": 0}, "fewer than two scored stances")
    stated_all = divergence_of("shared-zone", "--basis", "stated", "--all-parties")
    assert (stated_all["stances"], stated_all["gap"]) == ({"estrela": 0, "board": 5}, 5)


def test_the_headline_says_what_the_numbers_rest_on() -> None:
    _, screen, _ = run_on_pty("divergence", "--data", SMALL, env={"NO_COLOR": "1"}, columns=200)
    assert screen.splitlines()[0].endswith("; 2 of 4 stances reported.")


def test_a_class_resting_on_a_reported_stance_could_tip() -> None:
    zone = divergence_of("shared-zone")
    assert zone["could_tip"] is True
    assert zone["could_tip_because"] == "apart would become opposed if Norland stood at 10 instead of 9"
    assert "Could tip: apart would become opposed if Norland stood at 10 instead of 9." in zone["notes"]
    cod = divergence_of("cod-quota")  # Norland's reported 2 against Estrela's 8: apart either way
    assert cod["could_tip"] is False


def test_compare_shows_how_each_stance_is_known_and_leaves_out_the_silent() -> None:
    code, screen, stderr = run_on_pty("compare", "shared-zone", "--data", SMALL, env={"NO_COLOR": "1"},
                                      columns=120)
    assert code == 0
    assert "0 refuses · stated" in screen and "9 · reported" in screen and "5 undecided · stated" in screen
    assert "Ocean Watch" not in screen
    assert "not shown, with nothing on these issues: Ocean Watch" in stderr
    assert "apart · gap 9 of 10" in screen
    rows = json.loads(run("compare", "shared-zone", "--data", SMALL, "-f", "json").stdout)
    assert [row["party"] for row in rows] == ["estrela", "norland", "board", "ocean-watch"]  # every party
    assert {row["issue_gap"] for row in rows} == {9}


def test_issues_party_restricts_the_gap_too() -> None:
    rows = json.loads(run("issues", "--data", SMALL, "--party", "RFB", "-f", "json").stdout)
    assert [(row["id"], row["gap"], row["class"]) for row in rows] == [
        ("access", None, "no question to score"), ("shared-zone", None, "fewer than two scored stances")]


def test_on_the_bundled_data_the_plant_rests_on_one_partys_stance() -> None:
    """The United States (a mediator) made Zaporizhzhia look 'apart'; it is one stance."""
    rows = json.loads(run("divergence", "-f", "json").stdout)
    plant = next(row for row in rows if row["issue"] == "zaporizhzhia-npp")
    assert (plant["class"], plant["stances"]) == ("fewer than two scored stances", {"ukraine": -2})


def test_a_column_left_out_of_a_narrow_table_is_named_once() -> None:
    code, screen, stderr = run_on_pty("issues", "--data", SMALL, env={"NO_COLOR": "1"}, columns=80)
    assert code == 0 and "Question" not in screen
    assert stderr.count("left out at this width: ") == 1 and "Question" in stderr
    code, screen, stderr = run_on_pty("issues", "--data", SMALL, env={"NO_COLOR": "1"}, columns=200)
    assert "Question" in screen and "left out" not in stderr


def test_an_inferred_stance_is_marked_wherever_it_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "inferred.yaml"
    path.write_text("""\
format: factbox/1
title: Inferred
parties: [{id: north, name: Northland}, {id: south, name: Southland}]
issues: [{id: water, title: Water, question: Share the river?}]
positions:
  - {party: north, issue: water, stance: -2, summary: Refuses., basis: stated}
  - {party: south, issue: water, stance: 1, summary: Seems to accept., basis: inferred}
""", encoding="utf-8")
    _, compare, _ = run_on_pty("compare", "water", "--data", str(path), env={"NO_COLOR": "1"}, columns=100)
    assert "-2 rejects · stated" in compare and "1 accepts · inferred" in compare
    _, chart, _ = run_on_pty("divergence", "--data", str(path), env={"NO_COLOR": "1"}, columns=100)
    assert "S?" in chart and "~ reported, ? inferred" in chart
    assert "1 of 2 stances inferred." in " ".join(chart.split())
    row = json.loads(run("divergence", "--data", str(path), "-f", "json").stdout)[0]
    assert row["basis"] == {"north": "stated", "south": "inferred"}
    assert row["could_tip_because"] == "apart would become opposed if Southland stood at +2 instead of +1"
