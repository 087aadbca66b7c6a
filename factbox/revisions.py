"""A factbox file's versions in git, read through the `git` program: the file at a revision
(`git show REV:PATH`) and the commits that touched it (`git log`). git runs with an argument
list, never through a shell, and a revision is resolved to a commit before it is used, so a
name typed on the command line can never be read as an option."""

from __future__ import annotations

import os
import subprocess

from .errors import DataError, UsageError
from .model import Factbox
from .reading import SourceText, decode
from .records import Record

_FIELD = "\x1f"
_RECORD = "\x1e"


class Commit(Record):
    __slots__ = ("author", "date", "sha", "subject")

    def __init__(self, sha: str, date: str, author: str, subject: str) -> None:
        self.sha = sha
        self.date = date
        self.author = author
        self.subject = subject


def _git(path: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    """git in the file's folder; a DataError when there is no git or no repository."""
    folder = os.path.dirname(os.path.abspath(path))
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", "--no-pager", "-C", folder, *arguments], capture_output=True,
                                env=environment, check=False, timeout=120)
    except FileNotFoundError:
        raise DataError("git is not installed (or not on PATH): the history of a file is read through it",
                        hint="install git, or compare two files: factbox diff OLD NEW") from None
    except subprocess.TimeoutExpired:
        raise DataError(f"{path}: git took more than two minutes to answer") from None
    if result.returncode != 0 and b"not a git repository" in result.stderr:
        raise DataError(f"{path}: not in a git repository", hint="compare two files instead: factbox diff OLD NEW")
    return result


def commit_of(path: str, revision: str) -> str:
    """The commit a revision names (a branch, tag, HEAD~2, a hash), or a UsageError."""
    if not revision or revision.startswith("-"):
        raise UsageError(f"'{revision}' is not a revision", hint="name a commit, branch or tag, e.g. HEAD~1")
    result = _git(path, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise UsageError(f"no revision '{revision}' in the git repository of {path}",
                         hint="git log shows the commits; e.g. --rev HEAD~1")
    return result.stdout.decode("ascii").strip()


def text_at(path: str, revision: str) -> SourceText:
    """The file's text in a revision, named `REV:PATH` in messages."""
    commit = commit_of(path, revision)
    result = _git(path, "show", f"{commit}:./{os.path.basename(path)}")
    name = f"{revision}:{path}"
    if result.returncode != 0:
        raise DataError(f"{path} is not in revision {revision}",
                        hint="factbox log FILE lists the commits that hold it")
    return SourceText(name, decode(result.stdout, name))


def load_at(path: str, revision: str) -> Factbox:
    """The factbox the file held in a revision; a DataError with its located problems when
    that version is not valid."""
    from .loading import load_source

    return load_source(text_at(path, revision))


def commits(path: str, limit: int | None = None) -> list[Commit]:
    """The commits that touched the file, newest first (none for a file git never held)."""
    arguments = ["log", f"--format=%H{_FIELD}%aI{_FIELD}%an{_FIELD}%s{_RECORD}"]
    if limit is not None:
        arguments.append(f"-n{limit}")
    result = _git(path, *arguments, "--", f"./{os.path.basename(path)}")
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError(f"{path}: git log failed: {message[-1] if message else 'no message'}")
    found: list[Commit] = []
    for entry in result.stdout.decode("utf-8", "replace").split(_RECORD):
        parts = entry.strip("\n").split(_FIELD)
        if len(parts) == 4:
            found.append(Commit(*parts))
    return found



def two_versions(first: str | None, second: str | None, revision: str | None, data_file: str,
                 use_cache: bool = True) -> tuple[Factbox, Factbox]:
    """The two sides of `diff`: files OLD and NEW; or with `revision` REV, the file (FILE,
    else `data_file`: --data, FACTBOX_DATA or the bundled file) in REV and as it is now; with
    A..B, the file in A and in B (B empty: HEAD)."""
    from .loading import load

    if revision is None:
        if first is None or second is None:
            raise UsageError("diff compares two files, or a file with its git history",
                             hint="factbox diff OLD NEW, or factbox diff --rev HEAD~1 FILE")
        return load(first, use_cache), load(second, use_cache)
    if second is not None:
        raise UsageError("with --rev, diff takes one file", hint="factbox diff --rev A..B FILE")
    path = first or data_file
    if ".." in revision:
        older, _, newer = revision.partition("..")
        return load_at(path, older or "HEAD"), load_at(path, newer or "HEAD")
    return load_at(path, revision), load(path, use_cache)
