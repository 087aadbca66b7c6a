"""validate -f json and -f github: every problem, located, for scripts, editors and CI."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import FIXTURES, run

DRAFT = FIXTURES / "readme" / "draft.yaml"


def test_json_has_one_object_per_problem_with_the_documented_fields(tmp_path: Path) -> None:
    result = run("validate", "-f", "json", str(DRAFT))
    assert (result.exit_code, result.stderr) == (1, "")
    problems = json.loads(result.stdout)
    assert problems[1] == {"file": str(DRAFT), "line": 10, "column": 5, "path": "parties[1].nme",
                           "severity": "error", "message": "unknown key 'nme'", "hint": "did you mean 'name'?"}
    text = run("validate", str(DRAFT)).stderr.splitlines()[:-1]
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['path']}: {p['message']}"
            + (f" — {p['hint']}" if p["hint"] else "") for p in problems] == text


def test_json_of_a_valid_file_is_empty_and_of_an_unreadable_one_unlocated(tmp_path: Path) -> None:
    valid = run("validate", "-f", "json", str(FIXTURES / "readme" / "talks.yaml"))
    assert (valid.exit_code, valid.stdout) == (0, "[]\n")
    missing = run("validate", "-f", "json", str(tmp_path / "none.yaml"))
    assert missing.exit_code == 1
    assert json.loads(missing.stdout) == [{"file": str(tmp_path / "none.yaml"), "line": None, "column": None,
                                           "path": None, "severity": "error",
                                           "message": f"{tmp_path / 'none.yaml'}: no such file", "hint": None}]


def test_warnings_are_warnings_unless_strict() -> None:
    small = str(FIXTURES / "small.yaml")
    loose = run("validate", "-f", "github", small)
    assert loose.exit_code == 0 and loose.stdout.startswith(f"::warning file={small},line=")
    strict = run("validate", "-f", "github", "--strict", small)
    assert strict.exit_code == 1 and strict.stdout == loose.stdout.replace("::warning ", "::error ")
    assert json.loads(run("validate", "-f", "json", "--strict", small).stdout)[0]["severity"] == "error"


def test_github_annotations_escape_what_would_end_them(tmp_path: Path) -> None:
    path = tmp_path / "a,b:c%.yaml"
    path.write_text("format: factbox/1\ntitle: x\nparties: [{id: a, name: A}]\nissues: [{id: b, title: B}]\n"
                    "quotes: [{id: q, speaker: \"50%\\nmore\", text: t}]\n", encoding="utf-8")
    result = run("validate", "-f", "github", str(path))
    escaped = str(path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    assert result.stdout == (f"::error file={escaped},line=5,col=27,title=quotes[0].speaker::unknown speaker "
                             "'50%25%0Amore' — the file has no speakers\n")
