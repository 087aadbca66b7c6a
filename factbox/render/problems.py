"""A file's problems for machines: JSON (one object per problem) for editors and scripts, and
GitHub Actions workflow commands, which annotate the lines of a pull request."""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from .jsonout import dumps


def problem_record(problem: Problem, strict: bool = False) -> dict[str, Any]:
    """The documented fields: a location of 0 (a file that cannot be read at all) is null."""
    severity = "error" if strict else problem.severity
    return {"file": problem.file, "line": problem.line or None, "column": problem.column or None,
            "path": problem.path or None, "severity": severity, "message": problem.what,
            "hint": problem.hint}


def problems_json(problems: list[Problem], strict: bool = False) -> str:
    return dumps([problem_record(problem, strict) for problem in problems], indent=2) + "\n"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a command's message: %, CR and LF (and nothing else)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem], strict: bool = False) -> str:
    """`::error file=F,line=L,col=C,title=PATH::message — hint`, one line per problem."""
    lines = []
    for problem in problems:
        record = problem_record(problem, strict)
        where = [f"file={_escape_property(problem.file)}"]
        if record["line"]:
            where += [f"line={problem.line}", f"col={problem.column}"]
        if record["path"]:
            where.append(f"title={_escape_property(problem.path)}")
        lines.append(f"::{record['severity']} {','.join(where)}::{_escape_data(problem.message)}\n")
    return "".join(lines)
