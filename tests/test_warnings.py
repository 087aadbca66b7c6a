"""Warnings: what a valid file may hold but an editor should look at. `validate` prints them
located, on stderr, and exits 0 unless --strict; no query command mentions them. New rules
reach files that are already cached.

Every file here is an invented factbox (a border-crossing negotiation) written by the test.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, run

from factbox import cache, rules
from factbox.errors import DataError, Problem
from factbox.loading import load, load_text
from factbox.reading import SourceText, default_data_path
from factbox.validation import validate
from factbox.yamlsource import parse_nodes

BASE = """\
format: factbox/1
title: "Crossing talks"
as_of: 2025-06
parties:
  - id: east
    name: "Eastmark"
  - id: west
    name: "Westmark"
speakers:
  - id: ana
    name: "Ana Varga"
    party: east
  - id: tom
    name: "Tom Reyes"
    party: west
issues:
  - id: crossing
    title: "Border crossing"
  - id: hours
    parent: crossing
    title: "Opening hours"
    question: "Should the crossing open at night?"
positions:
  - party: east
    issue: hours
    stance: 1
    summary: "Wants night opening"
    quotes: [ana-night]
    as_of: 2025-05
    history:
      - date: 2024
        stance: -1
        summary: "Wanted it closed"
  - party: west
    issue: hours
    stance: -1
    basis: reported
    summary: "Fears smuggling"
quotes:
  - id: ana-night
    speaker: ana
    text: "The crossing must open at night"
    date: 2025-05
  - id: tom-day
    speaker: tom
    text: "Daylight is enough"
"""
SUMMARY = "2 parties, 2 speakers, 2 issues, 2 positions, 2 quotes, 0 sources, 0 events"


def line_of(text: str, fragment: str) -> int:
    """The line on which `fragment` (which may span lines, and occurs once) begins."""
    assert text.count(fragment) == 1, fragment
    return text.count("\n", 0, text.index(fragment)) + 1


def replaced(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate_text(content: str, *options: str) -> tuple[int, str, list[str]]:
    Path("f.yaml").write_text(content, encoding="utf-8")
    result = run("validate", "f.yaml", *options)
    return result.exit_code, result.stdout, result.stderr.splitlines()


def test_base_is_valid_and_warning_free() -> None:
    assert validate_text(BASE) == (0, f"f.yaml: valid factbox/1: {SUMMARY}\n", [])
    assert validate_text(BASE, "--strict") == (0, f"f.yaml: valid factbox/1: {SUMMARY}\n", [])


# --- one test per warning ----------------------------------------------------------------------

CASES = [
    pytest.param(
        replaced("    issue: hours\n    stance: -1\n", "    issue: crossing\n    stance: -1\n"),
        "    stance: -1\n    basis: reported", 13,
        "positions[1].stance: a stance on 'crossing', which has no question — it cannot be scored; give the "
        "issue a question, or leave the stance out",
        id="stance-on-an-issue-without-a-question"),
    pytest.param(
        replaced("    summary: \"Fears smuggling\"\n", "    summary: \"Fears smuggling\"\n    quotes: [ana-night]\n"),
        "    quotes: [ana-night]\nquotes:", 14,
        "positions[1].quotes[0]: quote 'ana-night' is by Ana Varga of 'east', not of 'west' — a position is "
        "backed by its own party's words",
        id="quote-of-another-party"),
    pytest.param(
        replaced("      - date: 2024\n", "      - date: 2025-06-02\n"), "      - date: 2025-06-02", 15,
        "positions[0].history[0].date: 2025-06-02 is after the position's as_of 2025-05 — history holds "
        "earlier positions; the latest one is the position itself",
        id="history-after-the-positions-as_of"),
    pytest.param(
        replaced("    date: 2025-05\n", "    date: 2025-07-01\n"), "    date: 2025-07-01", 11,
        "quotes[0].date: 2025-07-01 is after the file's as_of 2025-06 — correct the date, or move the file's "
        "as_of on",
        id="date-after-the-files-as_of"),
    pytest.param(
        replaced("\"Daylight is enough\"", "\"the crossing must  open at NIGHT\""),
        "    text: \"the crossing must", 11,
        "quotes[1].text: the same text as quotes[0] (line 40) — one quote with both issues, or a context that "
        "tells the two apart",
        id="two-quotes-with-the-same-text"),
    pytest.param(
        replaced("    stance: -1\n    basis: reported\n", "    stance: -1\n"), "    stance: -1\n    summary", 13,
        "positions[1].stance: a stance with neither quotes nor basis — say how it is known (basis: stated, "
        "reported or inferred) or cite the quotes behind it",
        id="stance-without-quotes-or-basis"),
    pytest.param(
        replaced("\"Fears smuggling\"", "Fears smuggling #and trucks"), "Fears smuggling #and", 30,
        "positions[1].summary: ' #' starts a YAML comment, so the words after it were dropped and the text "
        "reads 'Fears smuggling' — to keep the text as written, put it all in double quotes (writing \" as \\\" "
        "and \\ as \\\\) or write it as a '>-' block",
        id="comment-after-plain-text"),
]


@pytest.mark.parametrize(("content", "where", "column", "message"), CASES)
def test_warning(content: str, where: str, column: int, message: str) -> None:
    warning = f"f.yaml:{line_of(content, where)}:{column}: warning: {message}"
    assert validate_text(content) == (0, f"f.yaml: valid factbox/1: {SUMMARY} (1 warning)\n", [warning])
    assert validate_text(content, "--strict") == (
        1, "", [warning, "factbox: error: f.yaml: 1 warning, and --strict makes warnings errors"])
    for args in (("quotes",), ("issues",), ("compare", "hours"), ("divergence",), ("shifts",)):
        result = run(*args, "--data", "f.yaml", "-f", "json")
        assert (result.exit_code, result.stderr) == (0, ""), args


#: The fixed part of each warning's message, as docs/format.md quotes it.
DOCUMENTED = ["which has no question — it cannot be scored", "a position is backed by its own party's words",
              "is after the position's as_of", "is after the file's as_of", "the same text as",
              "a stance with neither quotes nor basis", "' #' starts a YAML comment",
              "is read by YAML as an anchor", "is read by YAML as an alias"]


def test_each_warning_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    assert [phrase for phrase in DOCUMENTED if phrase not in doc] == []
    for case in CASES:
        assert any(phrase in str(case.values[3]) for phrase in DOCUMENTED), case.id


def test_several_warnings_in_file_order_and_several_files(tmp_path: Path) -> None:
    content = replaced("    stance: -1\n    basis: reported\n", "    stance: -1\n")
    content = replaced("    date: 2025-05\n", "    date: 2026\n", content)
    Path("f.yaml").write_text(content, encoding="utf-8")
    Path("g.yaml").write_text(BASE, encoding="utf-8")
    result = run("validate", "f.yaml", "g.yaml", "--strict")
    assert result.exit_code == 1
    assert result.stdout == f"g.yaml: valid factbox/1: {SUMMARY}\n"
    lines = result.stderr.splitlines()
    assert [line.split(": warning: ")[0] for line in lines[:2]] == ["f.yaml:36:13", "f.yaml:42:11"]
    assert lines[2:] == ["factbox: error: f.yaml: 2 warnings, and --strict makes warnings errors"]


def test_warnings_are_shown_with_the_errors_of_a_refused_file() -> None:
    content = replaced("\"Fears smuggling\"", "Fears smuggling #and trucks")
    content = replaced("    speaker: tom\n", "    speaker: tim\n", content)
    code, out, err = validate_text(content)
    assert (code, out) == (1, "")
    assert [line.split(": ")[0:2] for line in err[:2]] == [["f.yaml:38:30", "warning"],
                                                           ["f.yaml:45:14", "quotes[1].speaker"]]
    assert err[2] == "factbox: error: f.yaml: 1 problem"


# --- in-process ----------------------------------------------------------------------------------


def test_validate_collects_warnings_only_when_asked() -> None:
    content = replaced("    stance: -1\n    basis: reported\n", "    stance: -1\n")
    root = parse_nodes(SourceText("f.yaml", content))
    warnings: list[Problem] = []
    factbox = validate(root, "f.yaml", warnings)
    assert [(w.line, w.column, w.path, w.warning) for w in warnings] == [(36, 13, "positions[1].stance", True)]
    assert str(warnings[0]).startswith("f.yaml:36:13: warning: positions[1].stance: a stance with neither")
    assert validate(root, "f.yaml").positions == factbox.positions


# --- the bundled data and the fixtures ----------------------------------------------------------

#: Fixtures that keep warnings on purpose, with why. Everything else must be warning-free.
KEPT = {
    "small.yaml": ("after the file's as_of", "a quote dated 2026-01-05 after the file's 2025-12: the date "
                   "filters' tests rely on a quote later than everything else"),
    "divergence/*.yaml": ("neither quotes nor basis", "arithmetic fixtures: bare stances, nothing to cite"),
    "divergence/sparse.yaml": ("which has no question", "stances on an unscored issue are what it tests"),
}


def _kept(name: str, message: str) -> bool:
    keys = [name, "divergence/*.yaml"] if name.startswith("divergence/") else [name]
    return any(key in KEPT and KEPT[key][0] in message for key in keys)


def test_the_bundled_data_is_warning_free() -> None:
    result = run("validate", str(default_data_path()), "--strict")
    assert (result.exit_code, result.stderr) == (0, "")


#: Fixtures that are invalid on purpose, and why.
INVALID = {"readme/draft.yaml": "the README's validate sample, which shows seven problems"}


@pytest.mark.parametrize("fixture", sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.yaml")))
def test_every_fixture_is_warning_free_or_says_why(fixture: str) -> None:
    result = run("validate", str(FIXTURES / fixture))
    if fixture in INVALID:
        assert result.exit_code == 1 and "problems" in result.stderr
        return
    assert result.exit_code == 0
    unexplained = [line for line in result.stderr.splitlines() if not _kept(fixture, line)]
    assert unexplained == []


# --- new rules reach cached files ---------------------------------------------------------------


def test_rules_version_is_part_of_the_cache_layout() -> None:
    assert f":rules{rules.RULES_VERSION}" in cache.LAYOUT


def test_a_file_cached_before_a_rule_existed_is_judged_by_the_new_rule(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cut = replaced("\"The crossing must open at night\"", "The crossing must open #at night")
    path = tmp_path / "f.yaml"
    path.write_text(cut, encoding="utf-8")
    # Before the ` #` rule (rules version 1), this file loaded with the quote cut short, and
    # was cached so: plant that entry under the older layout.
    before = load_text(replaced("\"The crossing must open at night\"", "\"The crossing must open\""))
    older = cache.LAYOUT.replace(f":rules{rules.RULES_VERSION}", f":rules{rules.RULES_VERSION - 1}")
    assert older != cache.LAYOUT
    with monkeypatch.context() as patch:
        patch.setattr(cache, "LAYOUT", older)
        cache.store(os.path.realpath(path), os.stat(path), time.time_ns(), cache.digest(path.read_bytes()), before)
        # Without the version in the layout, the old judgement would stand:
        assert load(str(path)).quotes[0].text == "The crossing must open"
    result = run("quotes", "--data", str(path), "-f", "json", env={"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"{path}:42:34: quotes[0].text: ' #' starts a YAML comment")
    with pytest.raises(DataError):
        load(str(path))


def test_validate_locates_warnings_on_a_cached_file(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    content = replaced("    stance: -1\n    basis: reported\n", "    stance: -1\n")
    Path("f.yaml").write_text(content, encoding="utf-8")
    assert run("quotes", "--data", "f.yaml", "-f", "json", env=env).exit_code == 0  # now cached
    assert list((tmp_path / "xdg" / "factbox").glob("*.fbc"))
    for options in ((), ("--no-cache",), ()):
        result = run("validate", "f.yaml", *options, env=env)
        assert result.exit_code == 0
        assert result.stderr.startswith("f.yaml:36:13: warning: positions[1].stance: "), options


def test_warnings_on_standard_input_are_located_in_stdin() -> None:
    content = replaced("    stance: -1\n    basis: reported\n", "    stance: -1\n")
    result = run("validate", "-", input=content)
    assert (result.exit_code, result.stdout) == (0, f"<stdin>: valid factbox/1: {SUMMARY} (1 warning)\n")
    assert result.stderr.startswith("<stdin>:36:13: warning: positions[1].stance: a stance with neither")
    assert run("validate", "-", "--strict", input=content).exit_code == 1
