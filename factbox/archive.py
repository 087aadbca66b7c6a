"""Many factbox files at once: which files the --data values name, and each loaded on its
own (through its own cache entry), with the files that do not load set aside with their
located problems instead of stopping the rest.

A directory stands for every `*.yaml` and `*.yml` file below it, in a stable order (sorted by
path, folder by folder), skipping hidden files and folders (a name starting with `.`) and
never following a link to a directory (a link to a file is read like the file). Each file is
named as factbox shows it in the `factbox` column: a file given as it was given; a file
found in a directory by its path below that directory, or, when --data names several paths,
by the directory as given joined with that path, so that two names never clash.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .errors import DataError
from .model import Factbox
from .reading import STDIN, is_directory
from .records import Record

if TYPE_CHECKING:
    from .cache import Entry, Reader

SUFFIXES = (".yaml", ".yml")


class Member(Record):
    """One file of an archive: the name it is shown under, where to read it, and its real
    path (what its cache entry is named by)."""

    __slots__ = ("location", "name", "real")

    def __init__(self, name: str, location: str, real: str) -> None:
        self.name = name
        self.location = location
        self.real = real


def members(locations: Sequence[str]) -> list[Member]:
    """The files the locations name, in order of their names, each once (by its real path)."""
    found: dict[str, Member] = {}
    prefix = len(locations) > 1
    for location in locations:
        if not is_directory(location):
            real = _real(location)
            found.setdefault(real, Member(location, location, real))
            continue
        # The folders below are never links (files_below does not follow them), so a file
        # that is not a link itself is really where its folder really is: one realpath a
        # folder, not one a file.
        root = os.path.realpath(location)
        for relative in _below(location):
            path = os.path.join(location, relative)
            real = os.path.realpath(path) if os.path.islink(path) else os.path.join(root, relative)
            found.setdefault(real, Member(path if prefix else relative, path, real))
    return sorted(found.values(), key=lambda member: _parts(member.name))


def paths(locations: Sequence[str]) -> list[str]:
    """Each location in the order given, a folder replaced by the files below it (`validate DIR`)."""
    return [path for location in locations for path in (
        [os.path.join(location, relative) for relative in _below(location)] if is_directory(location)
        else [location])]


def _below(directory: str) -> list[str]:
    """`files_below`; a folder that holds none is a DataError (a typo should not answer nothing)."""
    below = files_below(directory)
    if not below:
        raise DataError(f"{directory}: no *.yaml or *.yml file in this folder or below it",
                        hint="name a factbox file, or a folder that holds some")
    return below


def _real(location: str) -> str:
    return location if location == STDIN else os.path.realpath(location)


def _parts(name: str) -> tuple[str, ...]:
    """A name's sort key: folder by folder, so `a/b.yaml` sorts with `a/`, not among `a-…`."""
    return tuple(name.replace(os.sep, "/").split("/"))


def files_below(directory: str) -> list[str]:
    """Every *.yaml and *.yml below `directory`, as paths relative to it: hidden files and
    folders skipped, links to folders not followed; an unreadable folder is skipped."""
    found: list[str] = []
    for folder, folders, files in os.walk(directory, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        relative = os.path.relpath(folder, directory)
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                found.append(name if relative == os.curdir else os.path.join(relative, name))
    return found


class Skipped(Record):
    """A file that could not be loaded: its name and why (its located problems)."""

    __slots__ = ("error", "member")

    def __init__(self, member: Member, error: DataError) -> None:
        self.member = member
        self.error = error


class Loader:
    """The files of an archive, each loaded on its own and only when asked for (a query that
    has its answer stops asking); each that does not load is added to `skipped` and the rest
    go on. `check_rest` then validates the files never asked for, so that every invalid file
    is reported all the same: a file whose cache entry is fresh is valid without being read."""

    def __init__(self, files: Sequence[Member], use_cache: bool) -> None:
        self.files = files
        self.use_cache = use_cache
        self.skipped: list[Skipped] = []
        self._asked = 0

    def __iter__(self) -> Iterator[tuple[Member, Factbox]]:
        from .loading import load

        while self._asked < len(self.files):
            member = self.files[self._asked]
            self._asked += 1
            try:
                factbox = load(member.location, use_cache=self.use_cache)
            except DataError as error:
                self.skipped.append(Skipped(member, error))
                continue
            yield member, factbox

    def check_rest(self) -> None:
        from . import cache
        from .loading import load

        opened = cache.reader() if self.use_cache else None
        for member in self.files[self._asked:]:
            self._asked += 1
            if opened is not None and _fresh_entry(opened, member.real) is not None:
                continue
            try:
                load(member.location, use_cache=self.use_cache)
            except DataError as error:
                self.skipped.append(Skipped(member, error))


def completion_factboxes(locations: Sequence[str]) -> list[Factbox]:
    """What a Tab completes from: each file named, loaded as a query would; each file of a
    folder only from a cache entry known fresh (`cached_factbox`); never standard input."""
    from . import cache
    from .loading import load

    found: list[Factbox] = []
    opened = cache.reader()
    for location in locations:
        if location == STDIN:
            continue
        if is_directory(location):
            if opened is None:
                continue
            below = (cached_factbox(opened, os.path.join(location, relative)) for relative in files_below(location))
            found.extend(factbox for factbox in below if factbox is not None)
        else:
            with contextlib.suppress(DataError):
                found.append(load(location))
    return found


def cached_factbox(opened: Reader, location: str) -> Factbox | None:
    """The file's factbox from its cache entry alone, when the entry is known fresh from the
    file's identity; None otherwise, and the file is neither read nor parsed (shell
    completion over a folder: a Tab must not parse 500 files)."""
    try:
        entry = _fresh_entry(opened, _real(location))
    except (OSError, ValueError):
        return None
    return None if entry is None else entry.factbox(reload=_no_reload)


def _fresh_entry(opened: Reader, real_path: str) -> Entry | None:
    """The cache entry of the file at this real path when it is known fresh from the file's
    identity alone (only a valid file has one); None otherwise, the file not read."""
    if real_path == STDIN:
        return None
    try:
        info = os.stat(real_path)
    except (OSError, ValueError):
        return None
    entry = opened.entry(real_path)
    return entry if entry is not None and entry.fresh(info) else None


def _no_reload() -> Factbox:
    raise DataError("the cache entry changed while it was read")
