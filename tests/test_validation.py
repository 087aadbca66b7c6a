"""`factbox validate`, through the real command line: every rule of the factbox/1 format
(shared/FORMAT.md, docs/format.md) has an invalid file that breaks it, refused with the exact
located message `FILE:LINE:COL: field.path: message` on stderr and exit code 1.

Each invalid file is BASE (valid, below) with one edit. BASE carries its line numbers as
comments, so every expected `f.yaml:LINE:COL` can be checked by eye. A second, parametrised
test breaks the same rules in a copy of the bundled dataset.

Tests marked xfail(strict=True) document a bug found in the validator: each says what it
expected; they turn into failures once the bug is fixed, so the mark must then be removed.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
import time
from pathlib import Path

import pytest
import yaml
from helpers import run, run_process

from factbox.errors import DataError
from factbox.loading import load_text
from factbox.model import PartialDate
from factbox.yamlsource import QUOTING_FIX

BASE = """\
format: factbox/1                               # 1
title: "Test factbox"                           # 2
as_of: 2025-12                                  # 3
scale:                                          # 4
  min: -2                                       # 5
  max: 2                                        # 6
  labels: {-2: rejects, 2: demands}             # 7
sources:                                        # 8
  - id: src                                     # 9
    title: "A source"                           # 10
    date: 2025-12-19                            # 11
parties:                                        # 12
  - id: ukraine                                 # 13
    name: "Ukraine"                             # 14
    aliases: [Kyiv]                             # 15
  - id: russia                                  # 16
    name: "Russia"                              # 17
    role: party                                 # 18
speakers:                                       # 19
  - id: zelenskyy                               # 20
    name: "Volodymyr Zelenskyy"                 # 21
    party: ukraine                              # 22
issues:                                         # 23
  - id: security                                # 24
    title: "Security"                           # 25
  - id: nato                                    # 26
    parent: security                            # 27
    title: "NATO membership"                    # 28
    question: "Should Ukraine drop its NATO bid?" # 29
positions:                                      # 30
  - party: ukraine                              # 31
    issue: nato                                 # 32
    stance: 1                                   # 33
    summary: "Ready to drop the bid"            # 34
    quotes: [compromise]                        # 35
    sources: [src]                              # 36
    history:                                    # 37
      - date: 2019                              # 38
        stance: -2                              # 39
        summary: "Bid written into the law"     # 40
quotes:                                         # 41
  - id: compromise                              # 42
    speaker: zelenskyy                          # 43
    text: "This is already a compromise"        # 44
    issues: [nato]                              # 45
    source: src                                 # 46
events:                                         # 47
  - date: 2025-12                               # 48
    title: "Talks in Miami"                     # 49
    source: src                                 # 50
"""
BASE_SUMMARY = "2 parties, 1 speaker, 2 issues, 1 position, 1 quote, 1 source, 1 event"
BASE_LINES = BASE.splitlines(keepends=True)


def at(line: int, old: str, new: str, text: str = BASE) -> str:
    """`text` with `old` replaced by `new` on line `line` (1-based), where it occurs once."""
    lines = text.splitlines(keepends=True)
    assert lines[line - 1].count(old) == 1, (line, old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new)
    return "".join(lines)


def after(line: int, new_lines: str, text: str = BASE) -> str:
    """`text` with `new_lines` (ending in a newline) inserted after line `line`."""
    lines = text.splitlines(keepends=True)
    return "".join([*lines[:line], new_lines, *lines[line:]])


def without(line: int, text: str = BASE) -> str:
    lines = text.splitlines(keepends=True)
    return "".join([*lines[: line - 1], *lines[line:]])


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in its own empty folder, so files are named just `f.yaml`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(text: str | bytes, name: str = "f.yaml") -> str:
    path = Path(name)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return name


def assert_problems(text: str | bytes, *problems: str) -> None:
    """validate refuses `text`: exit 1, nothing on stdout, exactly these lines on stderr."""
    name = write(text)
    result = run("validate", name)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    assert result.stderr.splitlines() == [*problems, f"factbox: error: f.yaml: {count}"]


def assert_valid(text: str | bytes, summary: str = BASE_SUMMARY) -> None:
    name = write(text)
    result = run("validate", name)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"f.yaml: valid factbox/1: {summary}\n", "")


# --- the valid files --------------------------------------------------------------------


def test_base_line_comments_are_its_line_numbers() -> None:
    for number, line in enumerate(BASE_LINES, start=1):
        assert line.rstrip().endswith(f"# {number}"), line


def test_base_is_valid() -> None:
    assert_valid(BASE)


def _bundled_summary(text: str) -> str:
    """The summary expected for the bundled data, counted independently of the validator."""
    raw = yaml.safe_load(text)
    counts = [
        (len(raw.get(key) or []), one, many)
        for key, one, many in (
            ("parties", "party", "parties"),
            ("speakers", "speaker", "speakers"),
            ("issues", "issue", "issues"),
            ("positions", "position", "positions"),
            ("quotes", "quote", "quotes"),
            ("sources", "source", "sources"),
            ("events", "event", "events"),
        )
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)


def test_bundled_data_validates(bundled: Path, bundled_text: str) -> None:
    result = run("validate")
    expected = f"{bundled}: valid factbox/1: {_bundled_summary(bundled_text)}\n"
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")


def test_bundled_data_validates_by_path(bundled: Path, bundled_text: str) -> None:
    result = run("validate", str(bundled))
    expected = f"{bundled}: valid factbox/1: {_bundled_summary(bundled_text)}\n"
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")


def test_data_option() -> None:
    write(BASE)
    for option in ("--data", "-d"):
        result = run("validate", option, "f.yaml")
        assert (result.exit_code, result.stdout, result.stderr) == (0, f"f.yaml: valid factbox/1: {BASE_SUMMARY}\n", "")


def test_factbox_data_environment_variable() -> None:
    write(BASE)
    result = run("validate", env={"FACTBOX_DATA": "f.yaml"})
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"f.yaml: valid factbox/1: {BASE_SUMMARY}\n", "")


def test_data_option_wins_over_environment_variable() -> None:
    write(BASE)
    write("not: a factbox\n", "other.yaml")
    result = run("validate", "--data", "f.yaml", env={"FACTBOX_DATA": "other.yaml"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("f.yaml: valid")


def test_invalid_file_from_environment_variable_is_named() -> None:
    write(at(3, "2025-12", "2025-13"))
    result = run("validate", env={"FACTBOX_DATA": "f.yaml"})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "f.yaml:3:8: as_of: '2025-13' is not a date: there is no month 13\n"
        "factbox: error: f.yaml: 1 problem\n"
    )


@pytest.mark.parametrize("args", [("validate", "-"), ("validate", "--data", "-")], ids=["argument", "option"])
def test_standard_input(args: tuple[str, ...]) -> None:
    result = run(*args, input=BASE)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"<stdin>: valid factbox/1: {BASE_SUMMARY}\n", "")


def test_standard_input_problems_are_located_in_stdin() -> None:
    result = run("validate", "-", input=at(3, "2025-12", "2025-13"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "<stdin>:3:8: as_of: '2025-13' is not a date: there is no month 13\n"
        "factbox: error: <stdin>: 1 problem\n"
    )


def test_standard_input_through_a_real_pipe() -> None:
    result = run_process("validate", "-", input=BASE)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"<stdin>: valid factbox/1: {BASE_SUMMARY}\n", "")


def test_several_files_each_reported() -> None:
    write(BASE, "good.yaml")
    write(at(3, "2025-12", "2025-13"), "bad.yaml")
    result = run("validate", "good.yaml", "bad.yaml", "good.yaml")
    assert result.exit_code == 1
    assert result.stdout == f"good.yaml: valid factbox/1: {BASE_SUMMARY}\n" * 2
    assert result.stderr == (
        "bad.yaml:3:8: as_of: '2025-13' is not a date: there is no month 13\n"
        "factbox: error: bad.yaml: 1 problem\n"
    )


# --- one invalid file per rule ----------------------------------------------------------

RULES = [
    # Unknown keys: a typo never passes silently, and the closest key is suggested.
    pytest.param(
        at(43, "speaker:", "speker:"),
        ["f.yaml:42:5: quotes[0]: missing required key 'speaker' — expected a speaker id",
         "f.yaml:43:5: quotes[0].speker: unknown key 'speker' — did you mean 'speaker'?"],
        id="unknown-key-speker",
    ),
    pytest.param(
        at(18, "role:", "rol:"),
        ["f.yaml:18:5: parties[1].rol: unknown key 'rol' — did you mean 'role'?"],
        id="unknown-key-with-suggestion",
    ),
    pytest.param(
        after(22, "    colour: red\n"),
        ["f.yaml:23:5: speakers[0].colour: unknown key 'colour' — expected one of id, name, party, role, aliases, "
         "kind"],
        id="unknown-key-no-close-match",
    ),
    pytest.param(
        after(22, "    kind: crowd\n"),
        ["f.yaml:23:11: speakers[0].kind: 'crowd' is not one of person, group"],
        id="speaker-kind-not-a-choice",
    ),
    pytest.param(
        BASE + "speker: []\n",
        ["f.yaml:51:1: speker: unknown key 'speker' — did you mean 'speakers'?"],
        id="unknown-top-level-key",
    ),
    # Required keys.
    pytest.param(
        without(17),
        ["f.yaml:16:5: parties[1]: missing required key 'name' — expected text"],
        id="missing-required-key",
    ),
    pytest.param(
        without(2),
        ["f.yaml:1:1: missing required key 'title' — expected text"],
        id="missing-required-top-level-key",
    ),
    pytest.param(
        without(48).replace('    title: "Talks', '  - title: "Talks'),
        ["f.yaml:48:5: events[0]: missing required key 'date' — expected a date YYYY, YYYY-MM or YYYY-MM-DD"],
        id="missing-required-date",
    ),
    # Types.
    pytest.param(
        at(2, '"Test factbox"', "[Test, factbox]"),
        ["f.yaml:2:8: title: found a list — expected text"],
        id="list-where-text-expected",
    ),
    pytest.param(
        at(15, "[Kyiv]", "{Kyiv: Kiev}"),
        ["f.yaml:15:14: parties[0].aliases: found a mapping — expected a list of texts"],
        id="mapping-where-list-expected",
    ),
    pytest.param(
        at(4, "scale:", "scale: [-2, 2]", without(5, without(6, without(7)))),
        ["f.yaml:4:8: scale: found a list — expected a scale mapping with min, max"],
        id="list-where-mapping-expected",
    ),
    pytest.param(
        at(18, "party", "partie"),
        ["f.yaml:18:11: parties[1].role: 'partie' is not one of party, mediator, observer — did you mean 'party'?"],
        id="choice-with-suggestion",
    ),
    pytest.param(
        after(33, "    basis: fact\n"),
        ["f.yaml:34:12: positions[0].basis: 'fact' is not one of stated, reported, inferred"],
        id="choice-without-suggestion",
    ),
    # Empty text, where text is optional (the hint to leave the key out is right there).
    pytest.param(
        after(34, "    conditions: ''\n"),
        ["f.yaml:35:17: positions[0].conditions: empty — expected text; "
         "leave this optional key out if there is nothing to say"],
        id="empty-optional-text",
    ),
    pytest.param(
        at(15, "[Kyiv]", "[Kyiv, ' ']"),
        ["f.yaml:15:21: parties[0].aliases[1]: empty — expected text"],
        id="blank-alias",
    ),
    # Ids.
    pytest.param(
        at(16, "russia", "Russian Federation"),
        ["f.yaml:16:9: parties[1].id: 'Russian Federation' is not an id — expected lower-case letters, "
         "digits and '-', starting with a letter such as 'russian-federation'"],
        id="id-not-a-slug",
    ),
    pytest.param(
        at(16, "russia", "2nd"),
        ["f.yaml:16:9: parties[1].id: '2nd' is not an id — expected lower-case letters, "
         "digits and '-', starting with a letter"],
        id="id-starting-with-a-digit",
    ),
    pytest.param(
        after(11, "  - id: src\n    title: Another source\n"),
        ["f.yaml:12:9: sources[1].id: duplicate id 'src' — already used by sources[0] at line 9; "
         "ids are unique within sources"],
        id="duplicate-id",
    ),
    pytest.param(
        after(50, "    id: miami\n  - id: miami\n    date: 2025-12\n    title: Talks again\n"),
        ["f.yaml:52:9: events[1].id: duplicate id 'miami' — already used by events[0] at line 51; "
         "ids are unique within events"],
        id="duplicate-event-id",
    ),
    pytest.param(
        after(50, "    id: Miami\n"),
        ["f.yaml:51:9: events[0].id: 'Miami' is not an id — expected lower-case letters, digits and '-', "
         "starting with a letter such as 'miami'"],
        id="event-id-not-a-slug",
    ),
    # Every kind of reference resolves; a near miss is suggested.
    pytest.param(
        at(22, "ukraine", "ukrane"),
        ["f.yaml:22:12: speakers[0].party: unknown party 'ukrane' — did you mean 'ukraine'?"],
        id="dangling-speaker-party",
    ),
    pytest.param(
        at(27, "security", "securty"),
        ["f.yaml:27:13: issues[1].parent: unknown issue 'securty' — did you mean 'security'?"],
        id="dangling-issue-parent",
    ),
    pytest.param(
        at(31, "ukraine", "ukrain"),
        ["f.yaml:31:12: positions[0].party: unknown party 'ukrain' — did you mean 'ukraine'?"],
        id="dangling-position-party",
    ),
    pytest.param(
        at(32, "nato", "natto"),
        ["f.yaml:32:12: positions[0].issue: unknown issue 'natto' — did you mean 'nato'?"],
        id="dangling-position-issue",
    ),
    pytest.param(
        at(35, "[compromise]", "[compromize]"),
        ["f.yaml:35:14: positions[0].quotes[0]: unknown quote 'compromize' — did you mean 'compromise'?"],
        id="dangling-position-quotes",
    ),
    pytest.param(
        at(36, "[src]", "[src, scr]"),
        ["f.yaml:36:20: positions[0].sources[1]: unknown source 'scr' — did you mean 'src'?"],
        id="dangling-position-sources",
    ),
    pytest.param(
        at(43, "zelenskyy", "zelensky"),
        ["f.yaml:43:14: quotes[0].speaker: unknown speaker 'zelensky' — did you mean 'zelenskyy'?"],
        id="dangling-quote-speaker",
    ),
    pytest.param(
        at(45, "[nato]", "[nato, securty]"),
        ["f.yaml:45:20: quotes[0].issues[1]: unknown issue 'securty' — did you mean 'security'?"],
        id="dangling-quote-issues",
    ),
    pytest.param(
        at(46, "src", "scr"),
        ["f.yaml:46:13: quotes[0].source: unknown source 'scr' — did you mean 'src'?"],
        id="dangling-quote-source",
    ),
    pytest.param(
        at(50, "src", "source"),
        ["f.yaml:50:13: events[0].source: unknown source 'source' — did you mean 'src'?"],
        id="dangling-event-source",
    ),
    pytest.param(
        at(31, "ukraine", "belarus"),
        ["f.yaml:31:12: positions[0].party: unknown party 'belarus' — expected one of the party ids: "
         "ukraine, russia"],
        id="dangling-reference-no-close-match",
    ),
    # The issue tree.
    pytest.param(
        after(24, "    parent: nato\n"),
        ["f.yaml:28:13: issues[1].parent: the issue tree has a cycle (security → nato → security) "
         "— parents must form a tree"],
        id="issue-tree-cycle",
    ),
    pytest.param(
        at(27, "security", "nato"),
        ["f.yaml:27:13: issues[1].parent: the issue tree has a cycle (nato → nato) — parents must form a tree"],
        id="issue-its-own-parent",
    ),
    # The scale and stances.
    pytest.param(
        at(33, "1", "3"),
        ["f.yaml:33:13: positions[0].stance: 3 is off the scale — expected an integer from -2 to 2"],
        id="stance-off-scale",
    ),
    pytest.param(
        at(39, "-2", "-3"),
        ["f.yaml:39:17: positions[0].history[0].stance: -3 is off the scale — expected an integer from -2 to 2"],
        id="history-stance-off-scale",
    ),
    pytest.param(
        at(6, "2", "5", at(33, "1", "5")),
        [],
        id="stance-on-a-wider-scale",
    ),
    pytest.param(
        at(33, "1", "1.5"),
        ["f.yaml:33:13: positions[0].stance: '1.5' is not an integer — expected a whole number such as 2 or -1"],
        id="stance-decimal",
    ),
    pytest.param(
        at(33, "1", "yes"),
        ["f.yaml:33:13: positions[0].stance: 'yes' is not an integer — expected a whole number such as 2 or -1"],
        id="stance-yes",
    ),
    pytest.param(
        at(33, "1", '"2"'),
        ["f.yaml:33:13: positions[0].stance: '2' is quoted text — expected an integer written without quotes, "
         "such as 2 or -1"],
        id="stance-quoted",
    ),
    pytest.param(
        at(5, "-2", "-2.0"),
        ["f.yaml:5:8: scale.min: '-2.0' is not an integer — expected a whole number such as 2 or -1"],
        id="scale-bound-decimal",
    ),
    pytest.param(
        at(6, "2", "-2"),
        ["f.yaml:6:8: scale.max: -2 is not above scale.min -2 — expected max > min"],
        id="scale-min-equals-max",
    ),
    pytest.param(
        at(5, "-2", "3", without(7)),
        ["f.yaml:6:8: scale.max: 2 is not above scale.min 3 — expected max > min"],
        id="scale-min-above-max",
    ),
    pytest.param(
        at(7, "2: demands", "3: demands"),
        ["f.yaml:7:25: scale.labels.3: label for 3, which is off the scale — expected an integer from -2 to 2"],
        id="label-off-scale",
    ),
    pytest.param(
        at(7, "2: demands", "two: demands"),
        ["f.yaml:7:25: scale.labels.two: 'two' is not an integer — expected a whole number such as 2 or -1"],
        id="label-key-not-an-integer",
    ),
    # Positions.
    pytest.param(
        after(40, "  - party: ukraine\n    issue: nato\n    summary: Again\n"),
        ["f.yaml:41:5: positions[1]: a second position of 'ukraine' on 'nato' — the first is positions[0] "
         "at line 31; expected at most one position per party and issue"],
        id="two-positions-for-one-party-and-issue",
    ),
    pytest.param(
        after(40, "      - date: 2018-05\n        summary: Earlier\n"),
        ["f.yaml:41:15: positions[0].history[1].date: 2018-05 comes before the previous entry's 2019 "
         "— expected history oldest first"],
        id="history-not-oldest-first",
    ),
    pytest.param(
        after(40, "      - date: 2019-06\n        summary: Later\n      - date: 2019\n        summary: Whole year\n"),
        ["f.yaml:43:15: positions[0].history[2].date: 2019 comes before the previous entry's 2019-06 "
         "— expected history oldest first"],
        id="history-partial-date-after-a-date-it-contains",
    ),
    # Names and aliases claimed twice, compared without case and accents.
    pytest.param(
        at(17, "Russia", "UKRAINE"),
        ["f.yaml:17:11: parties[1].name: 'UKRAINE' is already claimed by parties[0] (line 13) — each id, "
         "name and alias may name only one entry of parties, compared without case and accents"],
        id="party-name-claimed-twice",
    ),
    pytest.param(
        after(18, "    aliases: [Moscow, kyiv]\n"),
        ["f.yaml:19:23: parties[1].aliases[1]: 'kyiv' is already claimed by parties[0] (line 13) — each id, "
         "name and alias may name only one entry of parties, compared without case and accents"],
        id="party-alias-claimed-twice",
    ),
    pytest.param(
        after(22, "  - id: other\n    name: Zelénskyy\n    party: ukraine\n"),
        ["f.yaml:24:11: speakers[1].name: 'Zelénskyy' is already claimed by speakers[0] (line 20) — each id, "
         "name and alias may name only one entry of speakers, compared without case and accents"],
        id="speaker-name-claimed-twice-accents",
    ),
    pytest.param(
        at(28, "NATO membership", "Sécurité", at(25, "Security", "Securite")),
        ["f.yaml:28:12: issues[1].title: 'Sécurité' is already claimed by issues[0] (line 24) — each id, "
         "name and alias may name only one entry of issues, compared without case and accents"],
        id="issue-title-claimed-twice",
    ),
    pytest.param(
        after(28, "    aliases: [Security]\n"),
        ["f.yaml:29:15: issues[1].aliases[0]: 'Security' is already claimed by issues[0] (line 24) — each id, "
         "name and alias may name only one entry of issues, compared without case and accents"],
        id="issue-alias-claimed-twice",
    ),
    # Dates.
    pytest.param(
        at(3, "2025-12", "2025-02-30"),
        ["f.yaml:3:8: as_of: '2025-02-30' is not a date: February 2025 has no day 30"],
        id="date-2025-02-30",
    ),
    pytest.param(
        at(3, "2025-12", "2025-13"),
        ["f.yaml:3:8: as_of: '2025-13' is not a date: there is no month 13"],
        id="date-2025-13",
    ),
    pytest.param(
        at(11, "2025-12-19", "2023-02-29"),
        ["f.yaml:11:11: sources[0].date: '2023-02-29' is not a date: February 2023 has no day 29"],
        id="date-2023-02-29",
    ),
    pytest.param(
        at(48, "2025-12", "2025-00"),
        ["f.yaml:48:11: events[0].date: '2025-00' is not a date: there is no month 00"],
        id="date-month-00",
    ),
    pytest.param(
        at(38, "2019", "0000"),
        ["f.yaml:38:15: positions[0].history[0].date: '0000' is not a date: there is no year 0000"],
        id="date-year-0000",
    ),
    pytest.param(
        at(3, "2025-12", "19 Dec 2025"),
        ["f.yaml:3:8: as_of: '19 Dec 2025' is not an ISO 8601 date — expected YYYY, YYYY-MM or YYYY-MM-DD"],
        id="date-19-Dec-2025",
    ),
    pytest.param(
        at(3, "2025-12", "2025-1"),
        ["f.yaml:3:8: as_of: '2025-1' is not an ISO 8601 date — expected YYYY, YYYY-MM or YYYY-MM-DD"],
        id="date-2025-1",
    ),
    pytest.param(
        at(11, "2025-12-19", "2025-12-19T10:00:00Z"),
        ["f.yaml:11:11: sources[0].date: '2025-12-19T10:00:00Z' is not an ISO 8601 date — expected YYYY, "
         "YYYY-MM or YYYY-MM-DD"],
        id="date-with-time",
    ),
    # Keys appear once.
    pytest.param(
        after(2, "title: Another title\n"),
        ["f.yaml:3:1: title: duplicate key 'title' — first at line 2; each key may appear once "
         "(YAML would silently keep only the last)"],
        id="duplicate-top-level-key",
    ),
    pytest.param(
        after(17, "    name: Russland\n"),
        ["f.yaml:18:5: parties[1].name: duplicate key 'name' — first at line 17; each key may appear once "
         "(YAML would silently keep only the last)"],
        id="duplicate-key",
    ),
    # The format's version.
    pytest.param(
        at(1, "factbox/1", "factbox/2"),
        ["f.yaml:1:9: format: unsupported format version 'factbox/2' — this factbox reads 'factbox/1'"],
        id="format-factbox-2",
    ),
    pytest.param(
        at(1, "factbox/1", "openapi/3"),
        ["f.yaml:1:9: format: 'openapi/3' is not a factbox format — expected 'factbox/1'"],
        id="format-other",
    ),
    pytest.param(
        without(1),
        ["f.yaml:1:1: missing required key 'format' — expected 'factbox/1'"],
        id="format-missing",
    ),
    # YAML features outside the format.
    pytest.param(
        at(16, "- id: russia", "- <<: {role: party}\n    id: russia", without(18)),
        ["f.yaml:16:5: parties[1]: merge keys (<<) are not part of the format — write the keys out"],
        id="merge-key",
    ),
    pytest.param(
        at(33, "1", "!!int 1"),
        ["f.yaml:33:13: positions[0].stance: YAML tag '!!int' is not part of the format — "
         "expected an integer without a tag"],
        id="tag-int",
    ),
    pytest.param(
        at(2, '"Test factbox"', "!!binary VGVzdA=="),
        ["f.yaml:2:8: title: YAML tag '!!binary' is not part of the format — expected text without a tag"],
        id="tag-binary",
    ),
    pytest.param(
        at(2, '"Test factbox"', "!local Test"),
        ["f.yaml:2:8: title: YAML tag '!local' is not part of the format — expected text without a tag; a text "
         f"that starts with '!' is read as a tag: {QUOTING_FIX}"],
        id="tag-local",
    ),
    pytest.param(
        at(4, "scale:", "scale: !!python/object:collections.OrderedDict"),
        ["f.yaml:4:8: scale: YAML tag '!!python/object:collections.OrderedDict' is not part of the format — "
         "expected a scale mapping without a tag"],
        id="tag-python-object-mapping",
    ),
    # What the file holds at the top.
    pytest.param(
        "",
        ["f.yaml:1:1: the file holds no YAML document — expected a factbox/1 mapping with format, title, "
         "parties and issues"],
        id="empty-file",
    ),
    pytest.param(
        "# a factbox, one day\n\n# nothing yet\n",
        ["f.yaml:1:1: the file holds no YAML document — expected a factbox/1 mapping with format, title, "
         "parties and issues"],
        id="comments-only",
    ),
    pytest.param(
        "- format: factbox/1\n- title: Test\n",
        ["f.yaml:1:1: found a list — expected a factbox/1 mapping with format, title, parties and issues"],
        id="top-level-list",
    ),
    pytest.param(
        "factbox/1\n",
        ["f.yaml:1:1: found 'factbox/1' — expected a factbox/1 mapping with format, title, parties and issues"],
        id="top-level-scalar",
    ),
]


@pytest.mark.parametrize(("text", "problems"), RULES)
def test_rule(text: str, problems: list[str]) -> None:
    if problems:
        assert_problems(text, *problems)
    else:
        assert_valid(text)


def test_python_tag_builds_nothing(workdir: Path) -> None:
    marker = workdir / "pwned"
    text = at(2, '"Test factbox"', f"!!python/object/apply:os.system ['touch {marker}']")
    assert_problems(
        text,
        "f.yaml:2:8: title: YAML tag '!!python/object/apply:os.system' is not part of the format — "
        "expected text without a tag",
    )
    assert not marker.exists()


def test_python_tag_on_a_key_builds_nothing(workdir: Path) -> None:
    marker = workdir / "pwned"
    text = after(2, f"? !!python/object/apply:os.system ['touch {marker}']\n: x\n")
    assert_problems(text, "f.yaml:3:3: found a list as a key — expected a plain key")
    assert not marker.exists()


def test_all_problems_at_once_in_file_order() -> None:
    text = BASE
    text = at(50, "src", "scr", text)  # a dangling reference (found by the second pass)
    text = at(33, "1", "1.5", text)  # not an integer
    text = at(22, "ukraine", "ukrane", text)  # a dangling reference
    text = at(16, "russia", "Russia", text)  # not a slug
    text = at(3, "2025-12", "2025-13", text)  # an impossible date
    assert_problems(
        text,
        "f.yaml:3:8: as_of: '2025-13' is not a date: there is no month 13",
        "f.yaml:16:9: parties[1].id: 'Russia' is not an id — expected lower-case letters, digits and '-', "
        "starting with a letter such as 'russia'",
        "f.yaml:22:12: speakers[0].party: unknown party 'ukrane' — did you mean 'ukraine'?",
        "f.yaml:33:13: positions[0].stance: '1.5' is not an integer — expected a whole number such as 2 or -1",
        "f.yaml:50:13: events[0].source: unknown source 'scr' — did you mean 'src'?",
    )


# --- YAML syntax and structure: located, and named as syntax --------------------------------


def assert_yaml_problem(text: str | bytes, problem: str) -> None:
    """Exit 1; the located YAML problem, then the summary line; nothing on stdout."""
    write(text)
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == problem
    assert len(lines) == 2 and lines[1].startswith("factbox: error: "), lines


def test_yaml_syntax_error_is_located() -> None:
    assert_yaml_problem(
        at(15, "[Kyiv]", "[Kyiv"),
        "f.yaml:16:3: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)",
    )


def test_yaml_bad_indentation_is_located() -> None:
    assert_yaml_problem(
        at(17, "    name:", "   name:"),
        "f.yaml:17:4: YAML syntax: did not find expected '-' indicator (while parsing a block collection)",
    )


def test_yaml_tab_indentation_is_located() -> None:
    write(at(17, "    name:", "\tname:"))
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("f.yaml:17:1: YAML syntax: ")


def test_yaml_tab_indentation_message_names_the_tab() -> None:
    write(at(17, "    name:", "\tname:"))
    result = run("validate", "f.yaml")
    assert "tab" in result.stderr.splitlines()[0]


def test_undefined_alias_is_located() -> None:
    assert_yaml_problem(at(2, '"Test factbox"', "*title"),
                        "f.yaml:2:8: alias '*title' refers to no anchor defined before it — a '*' at the start of a "
                        f"value makes YAML read an alias; {QUOTING_FIX}")


def test_alias_before_its_anchor_is_undefined() -> None:
    text = at(10, '"A source"', "*later", at(49, '"Talks in Miami"', "&later Talks in Miami"))
    assert_yaml_problem(text, "f.yaml:10:12: alias '*later' refers to no anchor defined before it — a '*' at "
                        f"the start of a value makes YAML read an alias; {QUOTING_FIX}")


def test_several_documents_are_refused() -> None:
    assert_yaml_problem(
        BASE + "---\nformat: factbox/1\n",
        "f.yaml:51:1: a factbox holds exactly one YAML document; found another one here",
    )


def test_several_documents_are_refused_even_when_the_first_is_explicit() -> None:
    assert_yaml_problem(
        "---\n" + BASE + "---\n",
        "f.yaml:52:1: a factbox holds exactly one YAML document; found another one here",
    )


def test_document_end_marker_alone_is_fine() -> None:
    assert_valid(BASE + "...\n")


def test_recursive_alias_is_refused() -> None:
    write("format: factbox/1\ntitle: &x [*x]\n")
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == "f.yaml:2:12: alias '*x' refers to a node that contains it"


@pytest.mark.parametrize(("text", "last"), [
    (at(15, "[Kyiv]", "[Kyiv"), "factbox: error: f.yaml: not valid YAML"),
    (BASE + "---\n{}\n", "factbox: error: f.yaml: more than one YAML document"),
    ("format: factbox/1\ntitle: &x [*x]\n", "factbox: error: f.yaml: recursive alias"),
    ("format: factbox/1\ntitle: *x\n", "factbox: error: f.yaml: undefined alias"),
], ids=["syntax", "two-documents", "recursive-alias", "undefined-alias"])
def test_final_error_line_names_the_file(text: str, last: str) -> None:
    """With several files on one command line, the closing line says which one failed."""
    write(text)
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == last


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in itertools.pairwise("abcdefghijklmnopqrstuvwxyz"[:levels]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast() -> None:
    write(_alias_bomb())  # 9**9 ≈ 387 million strings once expanded
    started = time.monotonic()
    result = run("validate", "f.yaml")
    elapsed = time.monotonic() - started
    assert (result.exit_code, result.stdout) == (1, "")
    assert re.fullmatch(
        r"factbox: error: f\.yaml: aliases expand the document to [\d,]+ nodes and characters, "
        r"more than 10 times its own 414 characters \(the limit is 1,000,000\)\n"
        r"hint: aliases may repeat a value, not multiply the document\n",
        result.stderr,
    ), result.stderr
    assert elapsed < 5, f"took {elapsed:.1f} s"


def test_alias_bomb_inside_a_factbox_is_refused() -> None:
    bomb = "".join(f"  {line}\n" for line in _alias_bomb().splitlines())
    write(after(2, "description:\n" + bomb))
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "aliases expand the document" in result.stderr


# --- the same rules, broken in a copy of the bundled dataset -----------------------------

# (old, new, where, message): `old` (its first occurrence in the bundled file) becomes `new`;
# `where` occurs exactly once in the broken file and its `^` marks the line:col the problem
# must be reported at; `message` is part of that problem line.
BUNDLED_FAULTS = [
    ("    speaker: zelenskyy\n", "    speker: zelenskyy\n", "    ^speker: zelenskyy",
     "unknown key 'speker' — did you mean 'speaker'?"),
    ("    name: Vladimir Putin\n", "", "  - ^id: putin\n", "missing required key 'name' — expected text"),
    ("\ntitle: Key positions", "\ntitle: [Key positions]\nx: ", "\ntitle: ^[Key positions]",
     "title: found a list — expected text"),
    ("    aliases: [Kyiv, Kiev]", "    aliases: {Kyiv: Kiev}", "aliases: ^{Kyiv: Kiev}",
     "found a mapping — expected a list of texts"),
    ("    name: Russia\n", "    name: ''\n", "    name: ^''", "name: empty — expected text"),
    ("  - id: putin\n", "  - id: Putin\n", "  - id: ^Putin", "id: 'Putin' is not an id"),
    ("  - id: zelenskyy-essential\n", "  - id: zelenskyy-compromise\n",
     "  - id: ^zelenskyy-compromise\n    speaker: zelenskyy\n    text: \"essential\"",
     "duplicate id 'zelenskyy-compromise'"),
    ("    party: russia\n    role: President", "    party: rusia\n    role: President", "party: ^rusia",
     "unknown party 'rusia' — did you mean 'russia'?"),
    ("    parent: security\n", "    parent: securty\n", "parent: ^securty",
     "unknown issue 'securty' — did you mean 'security'?"),
    ("  - party: ukraine\n", "  - party: ukrain\n", "party: ^ukrain\n",
     "unknown party 'ukrain' — did you mean 'ukraine'?"),
    ("    issue: nato-membership\n", "    issue: nato-membrship\n", "issue: ^nato-membrship",
     "unknown issue 'nato-membrship' — did you mean 'nato-membership'?"),
    ("quotes: [zelenskyy-compromise-word,", "quotes: [zelenskyy-compromise-wurd,", "[^zelenskyy-compromise-wurd",
     "unknown quote 'zelenskyy-compromise-wurd' — did you mean 'zelenskyy-compromise-word'?"),
    ("    sources: [aa-factbox]\n", "    sources: [aa-factbx]\n", "[^aa-factbx]",
     "unknown source 'aa-factbx' — did you mean 'aa-factbox'?"),
    ("    speaker: zakharova\n", "    speaker: zaharova\n", "speaker: ^zaharova",
     "unknown speaker 'zaharova' — did you mean 'zakharova'?"),
    ("    issues: [foreign-troops]\n", "    issues: [foreign-troop]\n", "[^foreign-troop]",
     "unknown issue 'foreign-troop' — did you mean 'foreign-troops'?"),
    ("    source: aa-factbox\n", "    source: aa-factbx\n", "source: ^aa-factbx",
     "unknown source 'aa-factbx' — did you mean 'aa-factbox'?"),
    ("    place: Miami\n    source: aa-factbox", "    place: Miami\n    source: aa-factbx", "source: ^aa-factbx",
     "unknown source 'aa-factbx' — did you mean 'aa-factbox'?"),
    ("  - id: territory\n", "  - id: territory\n    parent: donbas\n",
     "    parent: ^territory\n    title: Donbas", "the issue tree has a cycle (territory → donbas → territory)"),
    ("    stance: 1\n", "    stance: 3\n", "stance: ^3", "3 is off the scale — expected an integer from -2 to 2"),
    ("        stance: -2\n", "        stance: -3\n", "stance: ^-3", "-3 is off the scale"),
    ("    stance: 1\n", "    stance: 1.5\n", "stance: ^1.5", "'1.5' is not an integer"),
    ("    stance: 1\n", "    stance: yes\n", "stance: ^yes", "'yes' is not an integer"),
    ("    stance: 1\n", '    stance: "2"\n', 'stance: ^"2"', "'2' is quoted text"),
    ("  max: 2\n", "  max: -2\n", "max: ^-2", "-2 is not above scale.min -2"),
    ("2: demands}", "3: demands}", "^3: demands}", "label for 3, which is off the scale"),
    ("  - party: united-states\n    issue: nato-membership", "  - party: russia\n    issue: nato-membership",
     "  - ^party: russia\n    issue: nato-membership\n    summary",
     "a second position of 'russia' on 'nato-membership'"),
    ("Constitution.\n", "Constitution.\n      - date: 2018\n        summary: Earlier\n", "date: ^2018",
     "2018 comes before the previous entry's 2019 — expected history oldest first"),
    ("[Dmitri Peskov, Dmitriy Peskov]", "[Dmitri Peskov, ZELÉNSKYY]", "^ZELÉNSKYY",
     "'ZELÉNSKYY' is already claimed by speakers["),
    ("Kremlin, Russian Federation]", "Kremlin, Russian Federation, kyiv]", "^kyiv]",
     "'kyiv' is already claimed by parties["),
    ("[front line, truce]", "[front line, truce, Donbass]", "^Donbass]", "'Donbass' is already claimed by issues["),
    ("\nas_of: 2025-12\n", "\nas_of: 2025-02-30\n", "as_of: ^2025-02-30", "February 2025 has no day 30"),
    ("\nas_of: 2025-12\n", "\nas_of: 2025-13\n", "as_of: ^2025-13", "there is no month 13"),
    ("\nas_of: 2025-12\n", "\nas_of: 2023-02-29\n", "as_of: ^2023-02-29", "February 2023 has no day 29"),
    ("\nas_of: 2025-12\n", "\nas_of: 19 Dec 2025\n", "as_of: ^19 Dec", "'19 Dec 2025' is not an ISO 8601 date"),
    ("\nas_of: 2025-12\n", "\nas_of: 2025-1\n", "as_of: ^2025-1\n", "'2025-1' is not an ISO 8601 date"),
    ("\ntitle: Key positions", "\ntitle: Again\ntitle: Key positions", "\n^title: Key positions",
     "duplicate key 'title' — first at line"),
    ("format: factbox/1", "format: factbox/2", "format: ^factbox/2", "unsupported format version 'factbox/2'"),
    ("  - id: putin\n", "  - <<: {role: x}\n    id: putin\n", "  - ^<<:", "merge keys (<<) are not part of the format"),
    ("\ntitle: Key positions", "\ntitle: !!python/object/apply:os.system ['true']\nx: Key positions",
     "title: ^!!python", "YAML tag '!!python/object/apply:os.system' is not part of the format"),
    ("    stance: 1\n", "    stance: !!int 1\n", "stance: ^!!int", "YAML tag '!!int' is not part of the format"),
    ("    name: Ukraine\n", "    name: Ukraine: Kyiv\n", "Ukraine^: Kyiv",
     "YAML syntax: mapping values are not allowed"),
    ("\ntitle: Key positions", "\ntitle: Key positions", "\n^---\nformat: factbox/1\n", "exactly one YAML document"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), BUNDLED_FAULTS,
                         ids=[f"{i:02d}-{fault[3][:40]}" for i, fault in enumerate(BUNDLED_FAULTS)])
def test_rule_broken_in_bundled_data(bundled_text: str, old: str, new: str, where: str, message: str) -> None:
    assert old in bundled_text, f"the bundled data changed: {old!r} is gone"
    text = bundled_text.replace(old, new, 1)
    if where.endswith("---\nformat: factbox/1\n"):
        text += "---\nformat: factbox/1\n"
    needle = where.replace("^", "")
    assert text.count(needle) == 1, f"{needle!r} is not unique in the broken file"
    offset = text.index(needle) + where.index("^")
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    name = write(text, "copy.yaml")
    result = run("validate", name)
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    located = [problem for problem in result.stderr.splitlines()
               if problem.startswith(f"copy.yaml:{line}:{column}: ") and message in problem]
    assert located, f"expected copy.yaml:{line}:{column}: …{message}… in\n{result.stderr}"
    assert result.stderr.splitlines()[-1].startswith("factbox: error: ")


# --- values stay as written -------------------------------------------------------------


def uncommented(text: str) -> str:
    """`text` without the line-number comments, which after a plain text are warned about."""
    return re.sub(r" +# [0-9]+$", "", text, flags=re.MULTILINE)


def test_values_stay_as_written() -> None:
    text = at(2, '"Test factbox"', "1.10")
    text = at(16, "russia", "no", text)
    text = at(17, '"Russia"', "010", text)
    text = at(25, '"Security"', "off", text)
    text = at(24, "security", "on", at(27, "security", "on", text))
    text = at(29, '"Should Ukraine drop its NATO bid?"', "1e3", text)
    text = at(21, '"Volodymyr Zelenskyy"', "0x1F", text)
    text = uncommented(at(3, "2025-12", "2025-12-19", text))
    factbox = load_text(text)
    assert factbox.as_of is not None and factbox.as_of.text == "2025-12-19"
    assert factbox.title == "1.10"
    assert (factbox.parties[1].id, factbox.parties[1].name) == ("no", "010")
    assert (factbox.issues[0].id, factbox.issues[0].title) == ("on", "off")
    assert factbox.issues[1].parent == "on"
    assert factbox.issues[1].question == "1e3"
    assert factbox.speakers[0].name == "0x1F"
    assert_valid(text)


def test_dates_stay_as_written() -> None:
    factbox = load_text(BASE)
    assert factbox.as_of == PartialDate("2025-12", 2025, 12)
    assert str(factbox.as_of) == "2025-12"
    assert str(factbox.sources[0].date) == "2025-12-19"
    assert factbox.sources[0].date == PartialDate("2025-12-19", 2025, 12, 19)
    assert str(factbox.positions[0].history[0].date) == "2019"
    assert factbox.positions[0].stance == 1
    assert factbox.positions[0].history[0].stance == -2
    assert factbox.scale.labels == {-2: "rejects", 2: "demands"}


def test_quoted_date_is_the_same_date() -> None:
    factbox = load_text(at(3, "2025-12", "'2025-12'"))
    assert factbox.as_of == PartialDate("2025-12", 2025, 12)


def test_leap_day_is_a_date() -> None:
    factbox = load_text(at(3, "2025-12", "2024-02-29"))
    assert factbox.as_of == PartialDate("2024-02-29", 2024, 2, 29)


def test_partial_dates_sort_before_the_dates_they_contain() -> None:
    month = load_text(at(3, "2025-12", "2025-12")).as_of
    first = load_text(at(3, "2025-12", "2025-12-01")).as_of
    before = load_text(at(3, "2025-12", "2025-11-30")).as_of
    year = load_text(at(3, "2025-12", "2025")).as_of
    assert month is not None and first is not None and before is not None and year is not None
    assert before < month < first
    assert year < before
    assert sorted([first, month, before, year]) == [year, before, month, first]
    assert [str(d) for d in sorted([first, month, before, year])] == ["2025", "2025-11-30", "2025-12", "2025-12-01"]


def test_history_may_go_from_a_partial_date_to_a_date_it_contains() -> None:
    assert_valid(after(40, "      - date: 2019-03-01\n        summary: Later that year\n"))


def test_anchors_and_aliases_repeating_a_value_load_and_warn_on_text() -> None:
    """Repeating a text through an alias works, but a text field is warned about: in pasted
    words `&name` or `*name` would be read the same way."""
    text = at(10, '"A source"', "&src-title A source")
    text = at(49, '"Talks in Miami"', "*src-title", text)
    text = at(35, "[compromise]", "&backing [compromise]", text)
    text = uncommented(after(40, "    conditions: *src-title\n", text))
    factbox = load_text(text)
    assert factbox.events[0].title == "A source"
    assert factbox.positions[0].conditions == "A source"
    write(text)
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (0, f"f.yaml: valid factbox/1: {BASE_SUMMARY} (3 warnings)\n")
    assert result.stderr.splitlines() == [
        f"f.yaml:10:12: warning: sources[0].title: '&src-title' is read by YAML as an anchor, dropped from the "
        f"text — {QUOTING_FIX}",
        f"f.yaml:41:17: warning: positions[0].conditions: '*src-title' is read by YAML as an alias, standing "
        f"for the text — {QUOTING_FIX}",
        f"f.yaml:50:12: warning: events[0].title: '*src-title' is read by YAML as an alias, standing for the "
        f"text — {QUOTING_FIX}",
    ]


def test_alias_repeating_a_list_loads() -> None:
    text = at(15, "[Kyiv]", "&names [Kyiv]")
    text = at(45, "[nato]", "&issues [nato]", text)
    text = after(45, "    context: &ctx \"Said in Miami\"\n", text)
    text = after(51, "    place: *ctx\n", text)
    factbox = load_text(text)
    assert factbox.events[0].place == "Said in Miami"
    text = text.replace("    place: *ctx\n", "")
    assert_valid(text)


@pytest.mark.xfail(strict=True, reason=(
    "MISLOCATED: a problem in a value reached through an alias is located at the anchored node, not at "
    "the alias: here parties[1].aliases[0] (line 19, `aliases: *names`) is reported at 15:22, inside "
    "parties[0], the very entry it is said to clash with"
))
def test_problem_through_an_alias_is_located_at_the_alias() -> None:
    text = at(15, "[Kyiv]", "&names [Kyiv]")
    text = after(18, "    aliases: *names\n", text)
    assert_problems(
        text,
        "f.yaml:19:14: parties[1].aliases[0]: 'Kyiv' is already claimed by parties[0] (line 13) — each id, "
        "name and alias may name only one entry of parties, compared without case and accents",
    )


# --- file-level errors ------------------------------------------------------------------


def assert_file_error(location: str, *lines: str) -> None:
    result = run("validate", location)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == list(lines)
    assert "Traceback" not in result.stderr


def test_missing_file() -> None:
    assert_file_error("missing.yaml", "factbox: error: missing.yaml: no such file",
                      "hint: check the path, or set FACTBOX_DATA")


def test_missing_file_from_data_option() -> None:
    result = run("validate", "--data", "missing.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("factbox: error: missing.yaml: no such file\n")


def test_directory(workdir: Path) -> None:
    """A folder is every factbox file below it (Many factboxes); one that holds none is an error."""
    (workdir / "folder").mkdir()
    assert_file_error("folder", "factbox: error: folder: no *.yaml or *.yml file in this folder or below it",
                      "hint: name a factbox file, or a folder that holds some")


def test_empty_file_name() -> None:
    result = run("validate", "")
    assert result.exit_code in (1, 2)
    assert "is a directory" not in result.stderr


def test_not_a_regular_file() -> None:
    result = run("validate", "/dev/null")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("factbox: error: /dev/null: not a regular file")
    assert "Traceback" not in result.stderr


def test_unreadable_file(workdir: Path) -> None:
    path = workdir / "f.yaml"
    path.write_text(BASE, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user (root) who can read a chmod 000 file")
        assert_file_error("f.yaml", "factbox: error: f.yaml: permission denied")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_not_utf8_is_located() -> None:
    write(at(17, '"Russia"', "Rußland").encode("utf-8").replace("ß".encode(), "ß".encode("latin-1")))
    assert_file_error("f.yaml", "factbox: error: f.yaml:17:13: not valid UTF-8 text (byte 0xdf)",
                      "hint: save the file as UTF-8")


def test_not_utf8_column_counts_characters() -> None:
    write("title: Café ".encode() + b"\xff\n")
    result = run("validate", "f.yaml")
    assert result.stderr.splitlines()[0] == "factbox: error: f.yaml:1:13: not valid UTF-8 text (byte 0xff)"


def test_nul_byte_is_located() -> None:
    write(at(17, '"Russia"', "Rus\x00sia").encode())
    assert_file_error("f.yaml", "factbox: error: f.yaml:17:14: NUL character — a factbox is a text file")


def test_control_character_is_located() -> None:
    write(at(17, '"Russia"', "Rus\x07sia"))
    result = run("validate", "f.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0].startswith("f.yaml:17:14: ")
    assert "<unicode string>" not in result.stderr


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + BASE.encode(),
    BASE.encode("utf-16"),
    b"\xfe\xff" + BASE.encode("utf-16-be"),
    BASE.encode("utf-32"),
    BASE.replace("\n", "\r\n").encode(),
], ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32-bom", "crlf"])
def test_encodings_and_line_ends_load(data: bytes) -> None:
    assert_valid(data)


@pytest.mark.parametrize("encode", [
    lambda text: b"\xef\xbb\xbf" + text.encode(),
    lambda text: text.encode("utf-16"),
    lambda text: text.replace("\n", "\r\n").encode(),
], ids=["utf8-bom", "utf16-bom", "crlf"])
def test_problems_are_located_the_same_whatever_the_encoding(encode: object) -> None:
    assert callable(encode)
    text = at(16, "russia", "Russia", at(1, "factbox/1", "factbox/2"))
    assert_problems(
        encode(text),
        "f.yaml:1:9: format: unsupported format version 'factbox/2' — this factbox reads 'factbox/1'",
        "f.yaml:16:9: parties[1].id: 'Russia' is not an id — expected lower-case letters, digits and '-', "
        "starting with a letter such as 'russia'",
    )


def test_standard_input_bytes_with_bom() -> None:
    result = run("validate", "-", input=BASE.encode("utf-16"))
    assert (result.exit_code, result.stderr) == (0, "")


def test_not_utf8_on_standard_input() -> None:
    result = run("validate", "-", input=b"format: factbox/1\ntitle: \xff\n")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == ["factbox: error: <stdin>:2:8: not valid UTF-8 text (byte 0xff)",
                                          "hint: save the file as UTF-8"]


# --- bugs: rules FORMAT.md states that the validator does not keep -----------------------


def test_duplicate_party_id_is_one_problem() -> None:
    assert_problems(
        at(16, "russia", "ukraine"),
        "f.yaml:16:9: parties[1].id: duplicate id 'ukraine' — already used by parties[0] at line 13; "
        "ids are unique within parties",
    )


def test_empty_required_text_does_not_advise_leaving_the_key_out() -> None:
    write(at(17, '"Russia"', "''"))
    result = run("validate", "f.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("f.yaml:17:11: parties[1].name: empty — expected text")
    assert "leave the key out" not in result.stderr


def test_empty_required_text_is_refused() -> None:
    for text in (at(17, '"Russia"', "''"), at(17, '"Russia"', ""), at(17, '"Russia"', "'  '")):
        write(text)
        result = run("validate", "f.yaml")
        assert (result.exit_code, result.stdout) == (1, "")
        assert re.match(r"f\.yaml:17:1[01]: parties\[1\]\.name: empty — expected text", result.stderr)


@pytest.mark.parametrize("text", [
    at(16, "russia", '"russia\\n"'),
    BASE.replace("  - id: russia  ", "  - id: |\n      russia\n    #"),
    at(3, "2025-12", '"2025-12\\n"'),
], ids=["quoted-id", "block-id", "quoted-date"])
def test_trailing_newline_is_not_a_slug_or_date(text: str) -> None:
    write(text)
    result = run("validate", "f.yaml")
    assert result.exit_code == 1


def test_non_ascii_digits_are_not_a_date() -> None:
    write(at(3, "2025-12", "٢٠٢٥"))
    result = run("validate", "f.yaml")
    assert result.exit_code == 1


# --- the command line -------------------------------------------------------------------


def test_unknown_option_is_a_usage_error() -> None:
    result = run("validate", "--bogus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "No such option: --bogus" in result.stderr


def test_unknown_command_suggests_the_closest() -> None:
    result = run("valdate", "f.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "No such command 'valdate'. Did you mean 'validate'?" in result.stderr


def test_data_option_without_value_is_a_usage_error() -> None:
    result = run("validate", "--data")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "requires an argument" in result.stderr


def test_invalid_file_never_shows_a_traceback() -> None:
    result = run_process("validate", "-", input=at(33, "1", "1.5"))
    assert (result.returncode, result.stdout) == (1, "")
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("factbox: error: <stdin>: 1 problem\n")


def test_load_text_raises_data_error_with_problems() -> None:
    with pytest.raises(DataError) as raised:
        load_text(at(33, "1", "1.5"), "x.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "x.yaml:33:13: positions[0].stance: '1.5' is not an integer — expected a whole number such as 2 or -1"
    ]
