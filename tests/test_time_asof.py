"""`--as-of DATE`: the one rule (factbox/asof.py) through the real command line, on a factbox
the test writes, with history, partial dates on both sides of DATE, and undated quotes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import run, run_on_pty

from factbox.asof import Timeline, records
from factbox.loading import load_text
from factbox.model import PartialDate

HISTORY = """\
format: factbox/1
title: A dam over time
as_of: 2025-12
parties:
  - {id: ash, name: Ash}
  - {id: bay, name: Bay}
speakers:
  - {id: ash-voice, name: Ash Voice, party: ash}
  - {id: bay-voice, name: Bay Voice, party: bay}
issues:
  - {id: dam, title: River dam, question: Should the dam be built?}
positions:
  - party: ash
    issue: dam
    stance: 2
    summary: Demands the dam.
    basis: stated
    as_of: 2025
    history:
      - {date: 2020, stance: -2, summary: Rejected the dam.}
      - {date: 2023-06, stance: 0, summary: Open to the dam., basis: reported, quotes: [middle]}
  - party: bay
    issue: dam
    stance: 1
    summary: Accepts the dam.
    basis: reported
quotes:
  - {id: early, speaker: ash-voice, text: "Never a dam.", issues: [dam], date: 2021-03-04}
  - {id: middle, speaker: ash-voice, text: "Perhaps a dam.", issues: [dam], date: 2023}
  - {id: late, speaker: bay-voice, text: "A dam, then.", issues: [dam], date: 2024-03}
  - {id: timeless, speaker: bay-voice, text: "Dams are old.", issues: [dam]}
events:
  - {date: 2022-05-01, title: First talks}
  - {date: 2024, title: Second talks}
"""


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "dam.yaml"
    path.write_text(HISTORY, encoding="utf-8")
    return path


def json_of(*args: str) -> Any:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def stances(data: Path, *options: str) -> list[tuple[str, int | None, bool, str | None]]:
    rows = json_of("compare", "dam", "--data", str(data), *options)
    return [(row["party"], row["stance"], row["carried_back"], row["as_of"]) for row in rows]


def test_without_as_of_nothing_is_carried_back(data: Path) -> None:
    assert stances(data) == [("ash", 2, False, "2025"), ("bay", 1, False, None)]


def test_before_any_history_the_earliest_stance_is_carried_back_and_marked(data: Path) -> None:
    # Ash's first record is 2020 (-2); Bay's only one is dated by the file's as_of, 2025-12.
    assert stances(data, "--as-of", "2019") == [("ash", -2, True, "2020"), ("bay", 1, True, "2025-12")]
    (row,) = json_of("divergence", "--data", str(data), "--as-of", "2019")
    assert (row["gap"], row["class"], row["carried_back"]) == (3, "apart", ["ash", "bay"])
    assert "Earliest known, carried back: Ash, Bay." in row["notes"]


@pytest.mark.parametrize(("moment", "ash"), [
    ("2020", (-2, False, "2020")),        # a record of the year DATE names
    ("2023-05", (-2, False, "2020")),     # 2023-06 is still to come
    ("2023", (0, False, "2023-06")),      # a partial DATE is the end of its period: 2023-06 is known
    ("2023-06-01", (0, False, "2023-06")),  # a record's partial date is known when any of it is
    ("2025-03", (2, False, "2025")),      # the current stance dated 2025 (its own as_of), known in part
    ("2026", (2, False, "2025")),
])
def test_partial_dates_on_both_sides_of_the_date(data: Path, moment: str,
                                                 ash: tuple[int, bool, str]) -> None:
    assert stances(data, "--as-of", moment)[0] == ("ash", *ash)


def test_quotes_after_the_date_are_left_out_and_undated_ones_kept(data: Path) -> None:
    rows = json_of("quotes", "--data", str(data), "--as-of", "2022")
    assert [row["id"] for row in rows] == ["early", "timeless"]
    # 2023 is known on 2023-02 in part: the date rule of every command.
    rows = json_of("quotes", "--data", str(data), "--as-of", "2023-02")
    assert [row["id"] for row in rows] == ["early", "middle", "timeless"]


def test_a_terminal_is_told_the_date_and_what_was_carried_back_and_kept(data: Path) -> None:
    code, _, stderr = run_on_pty("quotes", "--data", str(data), "--as-of", "2019")
    assert code == 0
    assert stderr.splitlines() == [
        "1 quote",
        "as of 2019: positions as recorded on or before it, later quotes and events left out",
        "2 stances not yet recorded then: the earliest known, carried back (carried_back: true)",
        "1 undated quote kept (no date to leave them out by)",
    ]


def test_a_history_entry_brings_its_own_basis_and_quotes(data: Path) -> None:
    (ash, _) = json_of("compare", "dam", "--data", str(data), "--as-of", "2024")
    assert (ash["stance"], ash["basis"], ash["quote_ids"], ash["carried_back"]) == (0, "reported", ["middle", "early"],
                                                                                    False)


def test_the_compare_table_says_earliest_known(data: Path) -> None:
    code, screen, _ = run_on_pty("compare", "dam", "--data", str(data), "--as-of", "2019")
    assert code == 0
    assert "-2 rejects · basis not given · earliest known" in screen
    assert "1 accepts · reported · earliest known" in screen


def test_counts_as_of_a_date(data: Path) -> None:
    parties = json_of("parties", "--data", str(data), "--as-of", "2022")
    assert [(row["id"], row["quotes"]) for row in parties] == [("ash", 1), ("bay", 1)]
    speakers = json_of("speakers", "--data", str(data), "--as-of", "2023")
    assert [(row["id"], row["quotes"]) for row in speakers] == [("ash-voice", 2), ("bay-voice", 1)]
    (issue,) = json_of("issues", "--data", str(data), "--as-of", "2023")
    assert (issue["gap"], issue["carried_back"], issue["quotes"]) == (1, ["bay"], 3)


def test_shifts_as_of_a_date_end_there(data: Path) -> None:
    rows = json_of("shifts", "--data", str(data), "--as-of", "2024")
    assert [row["narrative"] for row in rows] == [
        "Ash moved from -2 to 0 on River dam (2020 → 2023-06); narrowed the gap to Bay from 3 to 1."]
    rows = json_of("shifts", "--data", str(data))
    assert [row["date_to"] for row in rows] == ["2023-06", "2025"]


def test_a_bad_date_is_a_usage_error(data: Path) -> None:
    result = run("compare", "dam", "--data", str(data), "--as-of", "2023-13")
    assert result.exit_code == 2
    assert result.stderr == "factbox: error: --as-of: '2023-13' is not a date: there is no month 13\n"


@pytest.mark.parametrize(("moment", "expected"), [
    (None, (2, False)), ("2019", (-2, True)), ("2020-12-31", (-2, False)), ("2023-06", (0, False)),
])
def test_the_rule_in_process(moment: str | None, expected: tuple[int, bool]) -> None:
    factbox = load_text(HISTORY)
    found = Timeline(records(factbox, factbox.position_by_key[("ash", "dam")])).at(
        PartialDate.parse(moment) if moment else None)
    assert (found.record.stance, found.carried_back) == expected


def test_the_bundled_worked_example() -> None:
    def nato(*options: str) -> list[tuple[str, int | None, bool, int, str]]:
        return [(r["party"], r["stance"], r["carried_back"], r["issue_gap"], r["issue_class"])
                for r in json_of("compare", "nato", "--party", "ukraine", "--party", "russia", *options)]

    assert nato("--as-of", "2019") == [("ukraine", -2, False, 4, "opposed"), ("russia", 2, True, 4, "opposed")]
    assert nato("--as-of", "2025") == nato() == [("ukraine", 1, False, 1, "close"), ("russia", 2, False, 1, "close")]
