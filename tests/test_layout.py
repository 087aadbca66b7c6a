"""The layout rules, on a real pseudo-terminal at 40, 80, 100 and 120 columns, for every
command on the bundled data, five parties (tests/fixtures/five.yaml) and the hostile fixture:
no word of the data is broken across lines where it fits, no line runs past the edge, and at
80 columns quotes, issues and compare are no taller than twice their height at 120."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from commands import COMMANDS, LISTINGS
from helpers import FIXTURES, run, run_on_pty
from rich.cells import cell_len

from factbox.render.layout import Field, longest_word, plan
from factbox.render.listing import cell_text
from factbox.render.terminal import shown

FIVE = str(FIXTURES / "five.yaml")
HOSTILE = str(FIXTURES / "hostile.yaml")
WIDTHS = [40, 80, 100, 120]
#: Each data set, with the command lines that give every command an answer on it.
ARGUMENTS = {"compare": {"five": ["water"], "hostile": ["markup-issue"]}, "search": {"five": ["river"],
                                                                                      "hostile": ["e", "bold"]},
             "quotes": {"five": [], "hostile": []}}
DATA = {"bundled": [], "five": ["--data", FIVE], "hostile": ["--data", HOSTILE]}


def fits(columns: int) -> int:
    """A word this wide fits whatever the layout: a table column is at least its longest word,
    and a record's value has the terminal less a label of at most a third and the gaps."""
    return columns - columns // 3 - 3

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def command_line(command: str, data: str) -> list[str]:
    if data == "bundled":
        return COMMANDS[command].bundled
    return [*command.split(), *ARGUMENTS.get(command, {}).get(data, [])]


def data_words(command: list[str], data: str) -> set[str]:
    """Every word of the listing's data as a terminal shows it (escapes included)."""
    result = run(*command, *DATA[data], "-f", "json")
    assert result.exit_code == 0, result.stderr
    found: set[str] = set()
    for record in json.loads(result.stdout):
        for value in record.values():
            found.update(shown(cell_text(value)).split())
    return found


def broken_words(screen: str, known: set[str], columns: int = 80) -> list[str]:
    """Data words short enough to fit (`fits`) that the screen shows in two pieces on lines
    one after the other, neither of them a word of the data: `consideratio` and `n`."""
    lines = [set(line.split()) - known for line in screen.split("\n")]
    pairs = {(a, b) for above, below in itertools.pairwise(lines) for a in above for b in below}
    return sorted(word for word in known if len(word) >= 2 and cell_len(word) <= fits(columns)
                  and any((word[:cut], word[cut:]) in pairs for cut in range(1, len(word))))


#: Listings that read files named on their command line, not --data: the bundled sample only.
OWN_FILES = {"diff", "log"}
CASES = [pytest.param(command, data, id=f"{command}-{data}") for command in sorted(COMMANDS)
         for data in DATA if data == "bundled" or (command in LISTINGS and command not in OWN_FILES)]


@pytest.mark.parametrize(("command", "data"), CASES)
def test_no_word_of_the_data_is_broken_and_nothing_runs_past_the_edge(command: str, data: str) -> None:
    args = command_line(command, data)
    known = data_words(args, data) if command in LISTINGS else set()
    for columns in WIDTHS:
        code, screen, stderr = run_on_pty(*args, *DATA[data], env={"NO_COLOR": "1"}, columns=columns)
        assert code == 0, stderr
        screen = ESCAPE.sub("", screen)
        if command in LISTINGS:  # a path or a schema is the terminal's to wrap
            assert max((cell_len(line) for line in screen.split("\n")), default=0) <= columns, (columns, screen)
        assert broken_words(screen, known, columns) == [], (columns, screen)


@pytest.mark.parametrize("command", [["quotes"], ["issues"], ["compare", "territory"], ["compare", "security"]])
def test_at_80_columns_no_taller_than_twice_120(command: list[str]) -> None:
    heights = {}
    for columns in (80, 120):
        code, screen, _ = run_on_pty(*command, env={"NO_COLOR": "1"}, columns=columns)
        assert code == 0
        heights[columns] = len(screen.split("\n"))
    assert heights[80] <= 2 * heights[120], heights


def test_a_broken_word_would_be_found() -> None:
    known = {"consideration", "special", "non-accession"}
    assert broken_words("special consideratio\n        n", known) == ["consideration"]
    assert broken_words("special consideration\nnon-accession", known) == []


@pytest.mark.parametrize("columns", [80, 120])
def test_punctuation_never_starts_a_line(tmp_path, columns: int) -> None:
    path = tmp_path / "dash.yaml"
    text = " ".join(["word"] * 7 + ["—", "and", "so", "on", ":", "more", "…"] * 12)
    path.write_text("format: factbox/1\ntitle: T\nparties: [{id: p, name: P}]\nspeakers: [{id: s, name: S, party: p}]\n"
                    f"issues: [{{id: i, title: I}}]\nquotes:\n  - {{id: q, speaker: s, text: \"{text}\"}}\n",
                    encoding="utf-8")
    code, screen, _ = run_on_pty("quotes", "--data", str(path), env={"NO_COLOR": "1"}, columns=columns)
    assert code == 0
    starts = [line.split()[0] for line in screen.split("\n") if line.split()]
    assert not {"—", ":", "…"} & set(starts), screen


def test_the_sample_is_measured_and_a_later_row_too_wide_is_a_record(tmp_path) -> None:
    """Widths come from the first rows; a row after them with a word too long for its column
    is written as a record, whole, and the table goes on."""
    from factbox.render.layout import SAMPLE

    rows = [f"  - {{id: q{n}, speaker: s, text: short words only {n}}}" for n in range(SAMPLE + 5)]
    rows.append("  - {id: late, speaker: s, text: " + "x" * 60 + " is one long word}")
    path = tmp_path / "late.yaml"
    path.write_text("format: factbox/1\ntitle: T\nparties: [{id: p, name: P}]\nspeakers: [{id: s, name: S, party: p}]\n"
                    "issues: [{id: i, title: I}]\nquotes:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run("quotes", "--data", str(path), "-f", "table", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = result.stdout.split("\n")
    assert any("x" * 60 in line for line in lines)  # whole, on one line
    assert lines[1].startswith("─") and "short words only 0" in lines[2]
    assert any(line.startswith(" Quote") and "x" * 60 in line for line in lines)  # as a record


def test_longest_word_counts_a_tree_indent_and_glued_punctuation() -> None:
    assert longest_word("  Donbas") == 8
    assert longest_word("counterproductive :") == len("counterproductive :")


@pytest.mark.parametrize(("yields", "left_out"), [(True, [0]), (False, [])])
def test_a_yielding_column_is_left_out_where_that_halves_the_wrapped_lines(yields: bool, left_out: list[int]) -> None:
    from rich.text import Text

    fields = [Field("Id", drop=1, yields=yields), Field("Title", weight=1, least=10)]
    sample = [[Text(f"issue-number-{n:08}"), Text(f"A title of some thirty cells {n}")] for n in range(3)]
    laid = plan(fields, sample, 45)
    assert laid is not None and laid.left_out == left_out
    assert laid.widths == ({1: 30} if yields else {0: 21, 1: 22})
