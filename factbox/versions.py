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
    valid version before it. Versions are read only as far back as the oldest commit shown
    and the valid one before it; an invalid version is listed with its first problem and its
    changes are skipped over (the next commit's are counted from the valid one before)."""
    found = commits(path)
    loaded: dict[int, Factbox | DataError] = {}

    def version(number: int) -> Factbox | DataError:
        if number not in loaded:
            try:
                loaded[number] = load_at(path, found[number].sha[:12])
            except DataError as error:
                loaded[number] = error
        return loaded[number]

    versions: list[Version] = []
    for number in range(len(found) if limit is None else min(limit, len(found))):
        current = version(number)
        if isinstance(current, DataError):
            first = current.problems[0] if current.problems else None
            versions.append(Version(found[number], None, None, str(first) if first else current.message))
            continue
        before = next((v for n in range(number + 1, len(found)) if isinstance(v := version(n), Factbox)), None)
        versions.append(Version(found[number], current, None if before is None else diff(before, current)))
    return versions
