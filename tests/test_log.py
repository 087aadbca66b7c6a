"""`factbox log`: the commits of a real git repository made here, five of them, one whose
version is not valid, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run, run_on_pty, run_process
from test_diff import BASE, commit, edited, git, needs_git

pytestmark = needs_git


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "newsroom"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, BASE, "First version", "Ed Itor", 1)
    second = edited(("  - {id: fees-low,", "  - {id: more, speaker: bay-voice, text: \"More, please.\"}\n"
                                          "  - {id: fees-low,"))
    commit(folder, second, "Bay's new quote", "Ann Other", 2)
    commit(folder, second.replace("speaker: bay-voice, text: \"More", "speaker: nobody, text: \"More"),
           "A slip", "Ann Other", 3)
    third = edited(("stance: 1, summary: Accepts", "stance: 2, summary: Accepts"), text=second)
    commit(folder, third, "Bay moves on the dam", "Ed Itor", 4)
    commit(folder, edited(("text: \"More, please.\"", "text: \"More, please, now.\""), text=third),
           "Quote corrected", "Ed Itor", 5)
    return folder


def rows(repo: Path, *options: str) -> list[list[str]]:
    result = run("log", str(repo / "talks.yaml"), *options, "-f", "tsv", "--no-headers")
    assert result.exit_code == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_one_entry_per_commit_newest_first_with_what_it_changed(repo: Path) -> None:
    found = rows(repo)
    slip = git(repo, "rev-parse", "HEAD~2").strip()[:12]
    problem = (f"{slip}:{repo / 'talks.yaml'}:22:25: quotes[1].speaker: unknown speaker 'nobody' — expected one "
               "of the speaker ids: ash-voice, bay-voice")
    assert [row[1:4] + row[5:7] for row in found] == [
        ["2025-12-05T10:00:00+00:00", "Ed Itor", "Quote corrected", "", "1 quote text changed"],
        ["2025-12-04T10:00:00+00:00", "Ed Itor", "Bay moves on the dam", "", "Bay moved on dam from +1 to +2"],
        ["2025-12-03T10:00:00+00:00", "Ann Other", "A slip", problem, "invalid: " + problem],
        ["2025-12-02T10:00:00+00:00", "Ann Other", "Bay's new quote", "", "1 quote added"],
        ["2025-12-01T10:00:00+00:00", "Ed Itor", "First version", "",
         "file added: 3 parties, 2 speakers, 2 issues, 3 positions, 2 quotes, 1 source, 2 events"],
    ]
    assert [row[0] for row in found] == [git(repo, "rev-parse", f"HEAD~{n}").strip()[:12] for n in range(5)]


def test_limit_keeps_the_newest_and_still_knows_what_the_oldest_shown_changed(repo: Path) -> None:
    assert [row[6] for row in rows(repo, "-n", "2")] == ["1 quote text changed", "Bay moved on dam from +1 to +2"]


def test_json_holds_each_commits_full_diff(repo: Path) -> None:
    result = run("log", "--data", str(repo / "talks.yaml"), "-n", "1", "-f", "json")
    (entry,) = json.loads(result.stdout)
    (change,) = entry["changes"]
    assert entry["valid"] is True
    assert (change["kind"], change["id"], change["change"], change["text_diff"]) == (
        "quote", "more", "text changed", "More, [-please.-]{+please, now.+}")


def test_a_file_git_never_held_has_an_empty_log(repo: Path) -> None:
    other = repo / "other.yaml"
    other.write_text(BASE, encoding="utf-8")
    result = run("log", str(other), "-f", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_a_terminal_shows_the_log_as_a_table(repo: Path) -> None:
    code, screen, _ = run_on_pty("log", str(repo / "talks.yaml"), "-n", "1", env={"NO_COLOR": "1"}, columns=100)
    assert code == 0
    assert "Quote corrected" in screen and "1 quote text changed" in screen


def test_the_readme_log_sample_is_what_this_repository_gives(repo: Path) -> None:
    """README's ```console block of `log` and `diff --rev`, run in the repository built above
    (the same commits, authors and dates give the same commit ids)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```console\n$ factbox log talks.yaml\n", 1)[1].split("```", 1)[0]
    samples = ("$ factbox log talks.yaml\n" + block).split("$ factbox ")[1:]
    assert len(samples) == 2
    for sample in samples:
        command, _, shown = sample.partition("\n")
        result = run_process(*command.split(), "-f", "table", env={"COLUMNS": "100"}, cwd=repo)
        assert result.returncode == 0, result.stderr
        assert [line.rstrip() for line in result.stdout.splitlines()] == shown.splitlines(), command


def test_a_log_is_newest_first_and_not_sorted(repo: Path) -> None:
    result = run("log", str(repo / "talks.yaml"), "--sort", "author")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("factbox: error: --sort: these rows are ordered by commit, newest first, and")
