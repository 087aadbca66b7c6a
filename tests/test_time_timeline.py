"""`factbox timeline`: everything dated, in order, through the real command line, on the
factbox of tests/test_time_asof.py (history, partial dates, an undated quote, events)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run, run_on_pty
from test_time_asof import HISTORY


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "dam.yaml"
    path.write_text(HISTORY, encoding="utf-8")
    return path


def rows(data: Path, *options: str) -> list[tuple[str, str, str, str]]:
    result = run("timeline", "--data", str(data), *options, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return [(row["date"], row["kind"], row["ref"], row["what"]) for row in json.loads(result.stdout)]


EVERYTHING = [
    ("2020", "stance", "ash/dam", "Rejected the dam."),
    ("2021-03-04", "quote", "early", "Never a dam."),
    ("2022-05-01", "event", "event 1", "First talks"),
    ("2023", "quote", "middle", "Perhaps a dam."),  # a year sorts before its months
    ("2023-06", "stance", "ash/dam", "Open to the dam."),
    ("2024", "event", "event 2", "Second talks"),
    ("2024-03", "quote", "late", "A dam, then."),
    ("2025", "stance", "ash/dam", "Demands the dam."),  # Ash's own as_of
    ("2025-12", "stance", "bay/dam", "Accepts the dam."),  # dated by the file's as_of
]


def test_everything_dated_oldest_first(data: Path) -> None:
    assert rows(data) == EVERYTHING


@pytest.mark.parametrize(("options", "expected"), [
    (["--kind", "event"], [EVERYTHING[2], EVERYTHING[5]]),
    (["--kind", "stance", "--kind", "event"], [EVERYTHING[i] for i in (0, 2, 4, 5, 7, 8)]),
    (["--party", "bay"], [EVERYTHING[6], EVERYTHING[8]]),  # events have no party: left out
    (["--issue", "dam", "--kind", "quote"], [EVERYTHING[i] for i in (1, 3, 6)]),
    (["--since", "2023-06", "--until", "2024-02"], [EVERYTHING[i] for i in (3, 4, 5)]),  # 2023, 2024 in part
    (["--as-of", "2023"], EVERYTHING[:5]),
    (["--as-of", "2019"], []),  # nothing recorded yet: the carried-back stances are not on it
])
def test_filters(data: Path, options: list[str], expected: list[tuple[str, str, str, str]]) -> None:
    assert rows(data, *options) == expected


def test_machine_fields_of_a_stance_and_a_quote(data: Path) -> None:
    result = run("timeline", "--data", str(data), "--since", "2024-02", "--party", "bay", "-f", "json")
    quote, stance = json.loads(result.stdout)
    assert quote == {"date": "2024-03", "date_coarse": False, "kind": "quote", "ref": "late", "party": "bay",
                     "party_name": "Bay", "speaker": "bay-voice", "speaker_name": "Bay Voice", "issues": ["dam"],
                     "stance": None, "stance_label": None, "basis": None, "what": "A dam, then.", "place": None,
                     "source": None}
    assert (stance["stance"], stance["stance_label"], stance["basis"], stance["speaker"]) == (
        1, "accepts", "reported", None)


def test_a_terminal_shows_month_headings_and_counts_what_is_left_out(data: Path) -> None:
    code, screen, stderr = run_on_pty("timeline", "--data", str(data), "--since", "2023-06", "--until", "2024",
                                      env={"NO_COLOR": "1"}, columns=80)
    assert code == 0
    lines = [line.rstrip() for line in screen.splitlines()]
    assert lines == [
        "Date            Kind    Who        Issue  What",
        "─" * 77,
        "2023",
        "2023 (in part)  quote   Ash        dam    “Perhaps a dam.”",
        "                        Ash Voice",
        "June 2023",
        "2023-06         stance  Ash        dam    0 open · reported: Open to the dam.",
        "2024",
        "2024            event                     Second talks",
        "March 2024",
        "2024-03         quote   Bay        dam    “A dam, then.”",
        "                        Bay Voice",
    ]
    assert stderr.splitlines() == [
        "4 dated rows",
        "1 undated quote or stance not on the timeline (no date to place them by)",
        "1 dated only to a month or year that lies partly in the period: marked (in part)",
    ]
