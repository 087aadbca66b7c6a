"""One change to one file, with a careful tool's guarantees: the file named explicitly (never
standard input or the bundled dataset), read once with a snapshot, changed as text, the
whole result validated before it replaces the file, written atomically (`atomic`), and
refused if the file changed meanwhile. `--dry-run` shows the unified diff instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import DataError, ExitCode, OutputError, UsageError
from ..model import Factbox
from .atomic import Snapshot, read_for_update, write_file
from .changes import Change
from .document import Document


class Refused(DataError):
    """The change would make the file invalid: its problems are listed, nothing is written."""

    exit_code = ExitCode.NOT_WRITTEN


class Outcome:
    """What a command did: the sentence to print, or the diff of a dry run."""

    __slots__ = ("diff", "message")

    def __init__(self, message: str, diff: str | None = None) -> None:
        self.message = message
        self.diff = diff


def target(data: list[str] | None) -> Path:
    """The one file a writing command may change (`reading.one_file`): named with --data or
    FACTBOX_DATA, a regular file, not standard input, not the bundled dataset."""
    from ..reading import STDIN, default_data_path, one_file

    location = one_file(data, changed=True)
    if location == STDIN:
        raise UsageError("--data - (standard input) cannot be written to", hint="name a file with --data FILE")
    path = Path(location)
    if not path.exists():
        raise UsageError(f"{location}: no such file", hint=f"factbox init {location} starts a new one")
    if os.path.realpath(path) == os.path.realpath(default_data_path()):
        raise UsageError(f"{location} is the bundled dataset, which factbox does not change",
                         hint=f"copy it first: cp {location} mine.yaml, then --data mine.yaml")
    return path


def change(named: list[str] | None, plan: Callable[[Document, Factbox], Change], dry_run: bool) -> Outcome:
    """Read the file --data names, make the planned change, validate it, then show or write it."""
    path = target(named)
    data, snapshot = read_for_update(path)
    document = Document.decode(data, str(path))
    before = _current(path)
    planned = plan(document, before)
    text = document.apply(planned.edits)
    try:
        after = _validated(document, before, planned, text)
    except DataError as error:
        raise Refused(f"{path}: the change would make the file invalid; nothing written", error.problems,
                      hint="the problems above are in the changed file; fix the options and run again") from None
    if dry_run:
        return Outcome(f"{path}: {planned.summary} (dry run: nothing written)", unified_diff(document.text, text,
                                                                                           str(path)))
    written = document.encode(text)
    _remember(_write(path, written, snapshot), written, after)
    return Outcome(f"{path}: {planned.summary}")


def _validated(document: Document, before: Factbox, planned: Change, text: str) -> Factbox:
    """The model of the new text: for one appended entry, that entry checked against the
    model of the file as it was (`appending`); else the whole text validated."""
    from .. import loading

    if planned.appended is not None:
        from .appending import appended_model

        key, record = planned.appended
        return appended_model(document, before, key, record, planned.edits[0])
    return loading.load_text(text, document.name)


def _current(path: Path) -> Factbox:
    """The file as it is, from its cache entry when that holds (an invalid file is not changed)."""
    from ..loading import load

    try:
        return load(str(path))
    except DataError as error:
        raise DataError(f"{path} has problems; fix them before changing it (nothing written)",
                        error.problems, hint=f"factbox validate {path}") from None


def _remember(written: Path, data: bytes, factbox: Factbox) -> None:
    """The cache entry of the new file, from the model just validated: the next command reads
    it without parsing the file again."""
    import time

    from .. import cache

    read_ns = time.time_ns()
    try:
        info = os.stat(written)
    except OSError:
        return
    cache.store(str(written), info, read_ns, cache.digest(data), factbox)


def _write(path: Path, data: bytes, snapshot: Snapshot) -> Path:
    """Refused, with the reason, for a file or folder without write permission for anyone
    (checked on the mode bits, so that it holds for root too)."""
    import stat

    for what in (path, path.resolve().parent):
        if not os.stat(what).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise OutputError(f"cannot write {path}: permission denied; nothing written", hint=_why_not(path))
    try:
        return write_file(path, data, expected=snapshot)
    except OutputError as error:
        if "changed while" in error.message:
            raise
        raise OutputError(f"{error.message}; nothing written", hint=_why_not(path)) from None


def _why_not(path: Path) -> str:
    import stat

    folder = path.resolve().parent
    writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not os.access(path, os.W_OK) or not os.stat(path).st_mode & writable:
        return f"{path} is read-only; make it writable (chmod u+w) to change it"
    if not os.access(folder, os.W_OK) or not os.stat(folder).st_mode & writable:
        return f"the folder {folder} is read-only: factbox writes the new file beside the old one, then renames it"
    return "check the disk and the permissions"


def unified_diff(old: str, new: str, name: str) -> str:
    import difflib

    shown = name.lstrip("/")  # as git names a path: a/tmp/t.yaml, not a//tmp/t.yaml
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{shown}", tofile=f"b/{shown}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
