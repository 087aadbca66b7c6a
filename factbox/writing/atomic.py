"""One way to replace a file: validated by the caller first, then written whole to a
temporary file in the same folder, flushed to disk, and renamed over the target, so a reader
(or a crash, Ctrl-C, SIGTERM) sees the old file or the new one, never half of either.

Why one helper: the guarantees (same folder, fsync, rename, original permissions, links kept,
refused when the file changed underneath, one `--force` rule) are easy to get nearly right
and must hold for every command that writes."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import OutputError
from ..records import Record

TEMPORARY_PREFIX = ".factbox-"


@contextlib.contextmanager
def temporary_beside(
    directory: Path, prefix: str = TEMPORARY_PREFIX, suffix: str = ".tmp"
) -> Iterator[tuple[int, str]]:
    """A new temporary file (0600) in `directory`, removed unless renamed away first.
    SIGTERM, SIGHUP and SIGQUIT wait until it is gone or in place, then act as usual; Ctrl-C
    (KeyboardInterrupt) unwinds through here and removes it."""
    import signal  # here, not at the top: the cache writes rarely and start-up counts
    import tempfile

    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT})
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=suffix)
        try:
            yield descriptor, temporary
        finally:
            os.close(descriptor)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class Snapshot(Record):
    """What a command read before deciding what to write: the file's identity and the hash
    of its bytes. `write_file` refuses when the file on disk is no longer this one."""

    __slots__ = ("digest", "identity")

    def __init__(self, identity: tuple[int, int, int, int], digest: str) -> None:
        self.identity = identity
        self.digest = digest


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _digest(data: bytes) -> str:
    # Imported here: hashlib loads OpenSSL (about 4 MB), which a cache store or an export,
    # that use this module for its temporary files, need not carry.
    import hashlib

    return hashlib.blake2b(data, digest_size=32).hexdigest()


def read_for_update(path: Path) -> tuple[bytes, Snapshot]:
    """The bytes of an existing file a command will change, with the snapshot that
    `write_file(..., expected=...)` checks before it replaces the file."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OutputError(f"cannot write {path}: not a regular file")
            data = handle.read()
    except OSError as error:
        raise OutputError(f"cannot read {path}: {error.strerror or error}") from error
    return data, Snapshot(_identity(info), _digest(data))


def _unchanged(target: Path, expected: Snapshot) -> bool:
    try:
        with open(target, "rb") as handle:
            info = os.fstat(handle.fileno())
            if _identity(info) == expected.identity:
                return True
            return _digest(handle.read()) == expected.digest
    except FileNotFoundError:
        return False


def may_replace(target: Path, force: bool, is_ours: Callable[[Path], bool] | None = None) -> None:
    """The one `--force` rule: an existing file is replaced only with `--force`, or when
    `is_ours` says it is one this command made (e.g. an earlier export)."""
    if force or not os.path.lexists(target):
        return
    if is_ours is not None and is_ours(target):
        return
    raise OutputError(f"{target} already exists; nothing written", hint="use --force to replace it")


def write_file(path: Path | str, data: bytes, *, expected: Snapshot | None = None) -> Path:
    """Replace (or create) `path` with `data`, atomically. A symbolic link is kept and the
    file it points to replaced; an existing file keeps its permission bits, a new one gets
    the usual ones (0666 less the umask). With `expected`, nothing is written if the file
    changed since it was read. Returns the path actually written."""
    return replace_file(path, lambda descriptor, temporary: _write_all(descriptor, data), expected=expected)


def write_pieces(path: Path | str, pieces: Iterable[bytes], *, expected: Snapshot | None = None) -> Path:
    """`write_file` for content made a piece at a time (a page larger than its data), never
    held whole: the pieces are gathered into writes of about 1 MiB."""
    def fill(descriptor: int, _temporary: str) -> None:
        gathered: list[bytes] = []
        size = 0
        for piece in pieces:
            gathered.append(piece)
            size += len(piece)
            if size >= 1 << 20:
                _write_all(descriptor, b"".join(gathered))
                gathered, size = [], 0
        _write_all(descriptor, b"".join(gathered))

    return replace_file(path, fill, expected=expected)


def replace_file(path: Path | str, fill: Callable[[int, str], None], *, expected: Snapshot | None = None) -> Path:
    """`write_file` for content made by `fill(descriptor, temporary_path)` in the temporary
    file beside the target: through the descriptor, or by another library that opens the
    path itself (SQLite builds a database there, and must have closed it when `fill`
    returns). The same guarantees: flushed, permissions kept, renamed over the target."""
    target = Path(os.path.realpath(path))
    directory = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
    try:
        with temporary_beside(directory) as (descriptor, temporary):
            fill(descriptor, temporary)
            os.fchmod(descriptor, mode)
            os.fsync(descriptor)
            if expected is not None and not _unchanged(target, expected):
                raise OutputError(f"{path} changed while factbox was working on it; nothing written",
                                  hint="run the command again")
            os.replace(temporary, target)
        _sync_directory(directory)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
    return target


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view[: 1 << 20]):]


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; a folder that cannot be opened is left be)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
