"""A factbox file's history in git, commit by commit: what each commit changed (`diff` of the
version before it and its own), or why its version is not a valid factbox."""

from __future__ import annotations

from .diff import Change, diff
from .errors import DataError
from .model import Factbox
from .records import Record
from .revisions import Commit, commits, load_at


class Version(Record):
    """One commit that touched the file. `changes` is None for the commit that added the file
    (nothing before it) and for a version that is not valid (`problem` says why)."""

    __slots__ = ("changes", "commit", "factbox", "problem")

    def __init__(self, commit: Commit, factbox: Factbox | None, changes: list[Change] | None,
                 problem: str | None = None) -> None:
        self.commit = commit
        self.factbox = factbox
        self.changes = changes
        self.problem = problem


def history(path: str, limit: int | None = None) -> list[Version]:
    """The commits that touched the file, newest first, each with its changes from the last
    valid version before it. One commit more than `limit` is read, to know what the oldest
    shown changed; an invalid version is listed with its first problem and skipped over."""
    found = commits(path, None if limit is None else limit + 1)
    versions: list[Version] = []
    before: Factbox | None = None
    for commit in reversed(found):
        try:
            factbox = load_at(path, commit.sha)
        except DataError as error:
            first = error.problems[0] if error.problems else None
            versions.append(Version(commit, None, None, str(first) if first else error.message))
            continue
        versions.append(Version(commit, factbox, None if before is None else diff(before, factbox)))
        before = factbox
    newest_first = versions[::-1]
    return newest_first if limit is None else newest_first[:limit]
