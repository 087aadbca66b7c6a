"""`factbox diff`: two versions of an invented factbox compared record by record, through the
real command line, the two sides as files or as revisions of a real git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import run, run_on_pty

BASE = """\
format: factbox/1
title: Harbour talks
as_of: 2025-12
sources:
  - {id: gazette, title: Harbour Gazette}
parties:
  - {id: ash, name: Ash}
  - {id: bay, name: Bay}
  - {id: cove, name: Cove}
speakers:
  - {id: ash-voice, name: Ash Voice, party: ash}
  - {id: bay-voice, name: Bay Voice, party: bay}
issues:
  - {id: dam, title: River dam, question: Should the dam be built?}
  - {id: fees, title: Harbour fees}
positions:
  - {party: ash, issue: dam, stance: -2, summary: Rejects the dam., basis: stated, quotes: [never]}
  - {party: bay, issue: dam, stance: 1, summary: Accepts the dam., basis: reported}
  - {party: cove, issue: dam, stance: 2, summary: Demands the dam., basis: stated}
quotes:
  - {id: never, speaker: ash-voice, text: "We will never accept a dam on our river.", issues: [dam], date: 2025-11}
  - {id: fees-low, speaker: bay-voice, text: "Fees must stay low.", issues: [fees]}
events:
  - {date: 2025-11, title: First round}
  - {id: second, date: 2025-12, title: Second round, place: Porto}
"""


def edited(*replacements: tuple[str, str], text: str = BASE) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def changes(tmp_path: Path, new_text: str, *options: str) -> list[dict[str, Any]]:
    result = run("diff", write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", new_text), *options,
                 "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def described(tmp_path: Path, new_text: str) -> list[str]:
    return [row["description"] for row in changes(tmp_path, new_text)]


def test_the_same_file_has_no_changes(tmp_path: Path) -> None:
    assert changes(tmp_path, BASE) == []
    result = run("diff", write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", BASE), "--exit-code")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(("edit", "expected"), [
    # the file's own fields
    (("title: Harbour talks", "title: Harbour peace talks"),
     ["factbox title changed: title: “Harbour talks” → “Harbour peace talks”"]),
    # each kind of record: added
    (("  - {id: cove, name: Cove}\n", "  - {id: cove, name: Cove}\n  - {id: dune, name: Dune, role: observer}\n"),
     ["party dune added: id: “dune”; name: “Dune”; role: “observer”"]),
    (("  - {id: bay-voice", "  - {id: cove-voice, name: Cove Voice, party: cove}\n  - {id: bay-voice"),
     ["speaker cove-voice added: id: “cove-voice”; name: “Cove Voice”; party: “cove”"]),
    (("  - {id: fees, title: Harbour fees}\n", "  - {id: fees, title: Harbour fees}\n  - {id: nets, title: Nets}\n"),
     ["issue nets added: id: “nets”; title: “Nets”"]),
    (("  - {id: gazette, title: Harbour Gazette}\n",
      "  - {id: gazette, title: Harbour Gazette}\n  - {id: wire, title: The Wire, date: 2025}\n"),
     ["source wire added: id: “wire”; title: “The Wire”; date: “2025”"]),
    (("  - {party: cove, issue: dam,", "  - {party: ash, issue: fees, summary: Wants fees cut.}\n"
                                      "  - {party: cove, issue: dam,"),
     ["position ash/fees added: party: “ash”; issue: “fees”; summary: “Wants fees cut.”"]),
    (("  - {id: fees-low,", "  - {id: more, speaker: bay-voice, text: \"More, please.\"}\n  - {id: fees-low,"),
     ["quote more added: id: “more”; speaker: “bay-voice”; text: “More, please.”"]),
    (("  - {id: second,", "  - {id: third, date: 2026-01, title: Third round}\n  - {id: second,"),
     ["event third added: id: “third”; date: “2026-01”; title: “Third round”"]),
    # removed
    (("  - {id: fees-low, speaker: bay-voice, text: \"Fees must stay low.\", issues: [fees]}\n", ""),
     ["quote fees-low removed: id: “fees-low”; speaker: “bay-voice”; text: “Fees must stay low.”; "
      "issues: [fees]"]),
    (("  - {date: 2025-11, title: First round}\n", ""),
     ["event 2025-11 First round removed: date: “2025-11”; title: “First round”"]),
    # changed, with the old and new value of each field
    (("{id: second, date: 2025-12, title: Second round, place: Porto}",
      "{id: second, date: 2025-12-02, title: Second round, place: Porto Azul}"),
     ["event second changed: date: “2025-12” → “2025-12-02”; place: “Porto” → “Porto Azul”"]),
    (("summary: Accepts the dam., basis: reported}", "summary: Accepts a smaller dam., basis: stated}"),
     ["position bay/dam changed: summary: “Accepts the dam.” → “Accepts a smaller dam.”; "
      "basis: “reported” → “stated”"]),
    (("{id: fees, title: Harbour fees}", "{id: fees, title: Harbour fees, question: Should fees rise?}"),
     ["issue fees changed: question: (none) → “Should fees rise?”"]),
])
def test_every_kind_of_change(tmp_path: Path, edit: tuple[str, str], expected: list[str]) -> None:
    assert described(tmp_path, edited(edit)) == expected


def test_a_quote_text_change_is_flagged_on_its_own_with_a_word_diff(tmp_path: Path) -> None:
    rows = changes(tmp_path, edited(("never accept a dam on our river.", "never accept any dam on the river."),
                                    ("issues: [dam], date: 2025-11}", "issues: [dam, fees], date: 2025-11}")))
    assert [(row["change"], row["fields"]) for row in rows] == [("text changed", ["text"]), ("changed", ["issues"])]
    assert rows[0]["old"] == {"text": "We will never accept a dam on our river."}
    assert rows[0]["new"] == {"text": "We will never accept any dam on the river."}
    assert rows[0]["text_diff"] == "We will never accept [-a -]{+any +}dam on [-our -]{+the +}river."
    assert rows[0]["description"] == (
        "quote text changed: never: “We will never accept [-a -]{+any +}dam on [-our -]{+the +}river.”")


def test_a_quote_whose_speaker_changed_is_flagged(tmp_path: Path) -> None:
    (row,) = changes(tmp_path, edited(("{id: fees-low, speaker: bay-voice,", "{id: fees-low, speaker: ash-voice,")))
    assert (row["change"], row["description"]) == (
        "speaker changed", "quote speaker changed: fees-low: bay-voice → ash-voice")


def test_a_renamed_id_is_a_rename_and_its_references_follow(tmp_path: Path) -> None:
    # The quote 'never' becomes 'ash-never'; the position citing it follows without a change.
    new = edited(("{id: never,", "{id: ash-never,"), ("quotes: [never]", "quotes: [ash-never]"))
    assert described(tmp_path, new) == ["quote never renamed ash-never"]
    # A party renamed: its speaker and position follow it.
    new = edited(("{id: bay, name: Bay}", "{id: bay-city, name: Bay}"), ("party: bay}", "party: bay-city}"),
                 ("{party: bay, issue: dam,", "{party: bay-city, issue: dam,"))
    assert described(tmp_path, new) == ["party bay renamed bay-city"]


def test_a_stance_that_moved_tells_the_gaps_before_and_after(tmp_path: Path) -> None:
    (row,) = changes(tmp_path, edited(("stance: -2, summary: Rejects the dam.", "stance: 0, summary: Open to a dam.")))
    assert row["change"] == "moved"
    assert (row["old"], row["new"]) == ({"stance": -2, "summary": "Rejects the dam."},
                                        {"stance": 0, "summary": "Open to a dam."})
    assert row["gaps"] == {"bay": {"before": 3, "after": 1, "change": "narrowed"},
                           "cove": {"before": 4, "after": 2, "change": "narrowed"}}
    assert row["description"] == ("Ash moved from -2 to 0 on River dam; narrowed the gap to Bay from 3 to 1, "
                                  "narrowed the gap to Cove from 4 to 2; summary changed.")


def test_a_terminal_shows_the_summary_first_then_each_change_marked(tmp_path: Path) -> None:
    new = edited(("stance: 1, summary: Accepts", "stance: 2, summary: Accepts"),
                 ("text: \"Fees must stay low.\"", "text: \"Fees must stay very low.\""),
                 ("  - {id: second,", "  - {id: third, date: 2026-01, title: Third round}\n  - {id: second,"),
                 ("  - {date: 2025-11, title: First round}\n", ""))
    code, screen, _ = run_on_pty("diff", write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", new),
                                 env={"NO_COLOR": "1"}, columns=100)
    assert code == 0
    assert [line.rstrip() for line in screen.splitlines()] == [
        "1 quote text changed, 1 event removed, 1 event added, Bay moved on dam from +1 to +2",
        "~  quote text changed: fees-low: “Fees must stay {+very +}low.”",
        "~  Bay moved from +1 to +2 on River dam; widened the gap to Ash from 3 to 4, narrowed the gap to",
        "   Cove from 1 to 0.",
        "-  event 2025-11 First round removed: date: “2025-11”; title: “First round”",
        "+  event third added: id: “third”; date: “2026-01”; title: “Third round”",
    ]


def test_exit_code_says_whether_there_are_differences(tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", edited(("Porto}", "Porto Azul}")))
    assert run("diff", old, new).exit_code == 0
    assert run("diff", old, new, "--exit-code").exit_code == 5
    assert run("diff", old, old, "--exit-code").exit_code == 0


def test_an_invalid_side_gets_the_validators_located_errors(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", BASE)
    new = write(tmp_path, "new.yaml", edited(("speaker: bay-voice, text: \"Fees", "speaker: bay-vioce, text: \"Fees")))
    result = run("diff", old, new, "--exit-code")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{new}:22:29: quotes[1].speaker: unknown speaker 'bay-vioce' — did you mean 'bay-voice'?")


def test_one_file_is_not_a_diff(tmp_path: Path) -> None:
    result = run("diff", write(tmp_path, "old.yaml", BASE))
    assert result.exit_code == 2
    assert result.stderr.startswith("factbox: error: diff compares two files, or a file with its git history\n")


# ---------------------------------------------------------------------------------------
# --rev: the sides from a real git repository made here
# ---------------------------------------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *arguments: str) -> str:
    environment = {"GIT_AUTHOR_NAME": "Ed Itor", "GIT_AUTHOR_EMAIL": "ed@example.org",
                   "GIT_COMMITTER_NAME": "Ed Itor", "GIT_COMMITTER_EMAIL": "ed@example.org",
                   "GIT_AUTHOR_DATE": "2025-12-01T10:00:00+00:00", "GIT_COMMITTER_DATE": "2025-12-01T10:00:00+00:00",
                   "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ["PATH"]}
    return subprocess.run(["git", *arguments], cwd=repo, env=environment, check=True, capture_output=True,
                          text=True).stdout


def commit(repo: Path, text: str, message: str, author: str = "Ed Itor", day: int = 1) -> None:
    (repo / "talks.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "talks.yaml")
    when = f"2025-12-{day:02d}T10:00:00+00:00"
    git(repo, "-c", f"user.name={author}", "commit", "-q", "-m", message, "--date", when,
        "--author", f"{author} <{author.split()[0].lower()}@example.org>")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "newsroom"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, BASE, "First version")
    commit(folder, edited(("Porto}", "Porto Azul}")), "Second round's place")
    return folder


@needs_git
def test_rev_compares_a_revision_with_the_working_file(repo: Path) -> None:
    (repo / "talks.yaml").write_text(edited(("Porto}", "Porto Azul}"), ("title: Harbour talks", "title: Talks")))
    result = run("diff", "--rev", "HEAD", str(repo / "talks.yaml"), "-f", "tsv", "--no-headers")
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[:3] for line in result.stdout.splitlines()] == [["factbox", "title", "changed"]]
    result = run("diff", "--rev", "HEAD~1", str(repo / "talks.yaml"), "-f", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == ["title", "second"]


@needs_git
def test_rev_compares_two_revisions(repo: Path) -> None:
    result = run("diff", "--rev", "HEAD~1..HEAD", "--data", str(repo / "talks.yaml"), "-f", "json")
    assert [row["description"] for row in json.loads(result.stdout)] == [
        "event second changed: place: “Porto” → “Porto Azul”"]
    result = run("diff", "--rev", "HEAD..HEAD~1", str(repo / "talks.yaml"), "-f", "json")
    assert [row["description"] for row in json.loads(result.stdout)] == [
        "event second changed: place: “Porto Azul” → “Porto”"]


@needs_git
def test_rev_with_a_missing_revision_is_a_clear_error(repo: Path) -> None:
    result = run("diff", "--rev", "v9", str(repo / "talks.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"factbox: error: no revision 'v9' in the git repository of {repo / 'talks.yaml'}")
    result = run("diff", "--rev", "--output=x", str(repo / "talks.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "factbox: error: '--output=x' is not a revision"


@needs_git
def test_rev_outside_a_repository_and_a_file_not_in_the_revision(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "loose.yaml", BASE)
    result = run("diff", "--rev", "HEAD", outside)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, f"factbox: error: {outside}: not in a git repository")
    other = repo / "other.yaml"
    other.write_text(BASE, encoding="utf-8")
    result = run("diff", "--rev", "HEAD", str(other))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, f"factbox: error: {other} is not in revision HEAD")


@needs_git
def test_an_invalid_revision_of_the_file_gets_located_errors(repo: Path) -> None:
    commit(repo, edited(("title: Harbour talks\n", "")), "Title dropped")
    result = run("diff", "--rev", "HEAD", "--data", str(repo / "talks.yaml"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"HEAD:{repo / 'talks.yaml'}:1:1: missing required key 'title' — expected text")


@needs_git
def test_without_git_the_error_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo))  # a folder with no git in it
    result = run("diff", "--rev", "HEAD", str(repo / "talks.yaml"))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, "factbox: error: git is not installed (or not on PATH): the history of a file is read through it")
