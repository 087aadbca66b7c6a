"""An on-disk cache of validated factboxes, so a repeated query skips YAML, and most of the
time skips reading the file at all.

Where: `$XDG_CACHE_HOME/factbox` (`~/.cache/factbox`), created 0700. One entry per data file,
named by a hash of the file's real path, so an edited file replaces its own entry and an
archive of many files keeps one entry each.

Finding an entry does not read the file (git's rule for its index). The entry records the
file's identity (device, inode, size, modification and change times to the nanosecond) and
the BLAKE2b hash of the bytes it was built from. The identity alone is trusted only when the
file's last change was safely older (`RACY_NS`) than the moment it was read, so that a later
edit within the same timestamp tick cannot look unchanged; the change time cannot be set back
by hand, which is what makes a same-size, same-mtime edit visible. Otherwise the bytes are
read and hashed: the same hash uses the entry (and records the new identity), another one
rebuilds it.

Nothing read from the directory is trusted. The directory and every file in it must belong
to the user and not be writable by group or others, or it is ignored. Every entry is
authenticated with keyed BLAKE2b under a per-user secret (`secret`, 0600, created atomically):
the header carries the MAC of each section and has its own, so a query checks only the
sections it reads. Sections are marshal'd plain values (no code can run from them), decoded
only after their MAC checks, and read with `pread`, never mapped (a truncated entry cannot
raise SIGBUS). Any problem with an entry is a miss and it is rebuilt; a failure to write one
is ignored.

Entries are written to a temporary file and renamed into place, with SIGTERM, SIGHUP and
SIGQUIT held back meanwhile, so neither a reader nor a kill leaves half of one; stale
temporary files are swept. The cache is bounded by total size (`FACTBOX_CACHE_SIZE`, default
`DEFAULT_SIZE`), evicting the entries least recently used (a hit marks its access time).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import struct
import sys
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from . import __version__
from .model import (
    Event,
    Factbox,
    HistoryEntry,
    Issue,
    PartialDate,
    Party,
    Position,
    Quote,
    Scale,
    Source,
    Speaker,
)
from .records import Record

MAGIC = b"FACTBOX\x05"
SECRET = "secret"
SUFFIX = ".fbc"
TEMPORARY = ".tmp-"
#: A file changed less than this before it was read is "racy": its identity alone is not
#: trusted (2 s: FAT's timestamp resolution, the coarsest in use, and a margin for clocks).
RACY_NS = 2_000_000_000
#: A temporary file this old belongs to no live writer and is swept.
STALE_NS = 600_000_000_000
DEFAULT_SIZE = 1024**3
#: Quotes per authenticated block: a query reads and checks whole blocks.
BLOCK = 64
_PREFIX = struct.Struct("<8sI32s")  # magic, header length, header MAC
_KEY_BYTES = 32
_MAC_BYTES = 32

_RECORDS: tuple[type[Record], ...] = (Scale, Source, Party, Speaker, Issue, HistoryEntry, Position, Quote, Event)


def factbox_fields() -> tuple[str, ...]:
    """`Factbox`'s own fields: its constructor's parameters (no `inspect` at start-up)."""
    code = Factbox.__init__.__code__
    return code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]


def fingerprint(records: Sequence[type[Record]] = _RECORDS, fields: Sequence[str] | None = None) -> str:
    """What an entry must have been written under to be read: this layout and version, this
    Python's marshal, and the shape of every stored record, `Factbox` itself included."""
    shape = fields if fields is not None else factbox_fields()
    return ";".join([f"5:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}",
                     f"Factbox({','.join(shape)})",
                     *(f"{cls.__name__}({','.join(cls.__slots__)})" for cls in records)])


LAYOUT = fingerprint()


class Bad(ValueError):
    """Something in the cache directory is not what it claims to be: a miss."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factbox"


def size_limit() -> tuple[int, str | None]:
    """The cache's bound in bytes from FACTBOX_CACHE_SIZE (a number of bytes with an optional
    K, M or G, powers of 1024; 0 stores nothing), and a problem with the setting if any."""
    text = os.environ.get("FACTBOX_CACHE_SIZE", "").strip()
    if not text:
        return DEFAULT_SIZE, None
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:].upper(), 1)
    number = text[:-1] if scale > 1 else text
    if not (number.isascii() and number.isdigit()):
        return DEFAULT_SIZE, f"FACTBOX_CACHE_SIZE={text!r} is not a size such as 500M or 2G"
    return int(number) * scale, None


def _blake2b() -> Any:
    """`_blake2` is the standard library's own C module: importing it avoids hashlib's
    OpenSSL start-up, which costs more than hashing a small file."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b


def digest(data: bytes) -> str:
    """BLAKE2b of a data file's bytes."""
    return str(_blake2b()(data, digest_size=32).hexdigest())


def _mac(secret: bytes, data: bytes) -> bytes:
    return bytes(_blake2b()(data, key=secret, digest_size=_MAC_BYTES).digest())


def entry_name(real_path: str) -> str:
    """The entry of the data file at this real path."""
    return str(_blake2b()(os.fsencode(real_path), digest_size=16).hexdigest()) + SUFFIX


def is_entry_name(name: str) -> bool:
    """Only names factbox gives its entries are ever read, pruned or cleared."""
    stem = name[:-len(SUFFIX)]
    return name.endswith(SUFFIX) and len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


def identity(info: os.stat_result) -> tuple[int, int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def is_racy(info: os.stat_result, read_ns: int) -> bool:
    """Whether the file may have changed within a timestamp tick of being read at `read_ns`."""
    return max(info.st_mtime_ns, info.st_ctime_ns) + RACY_NS > read_ns


# --- trust ---------------------------------------------------------------------------------


def _private(info: os.stat_result, forbidden: int = 0o022) -> bool:
    """Owned by this user and writable by nobody else."""
    return info.st_uid == os.geteuid() and not info.st_mode & forbidden


def _directory(create: bool) -> Path | None:
    """The cache directory if it is the user's own, made 0700 when `create`; else None."""
    directory = cache_dir()
    try:
        if create:
            directory.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                os.mkdir(directory, 0o700)
        info = os.stat(directory)
    except OSError:
        return None
    return directory if stat.S_ISDIR(info.st_mode) and _private(info) else None


def _open_private(path: Path, forbidden: int = 0o022) -> tuple[int, os.stat_result] | None:
    """A descriptor on a regular file of the user's own that nobody else can write. Never
    blocks (a FIFO put in its place) and never follows a link."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
    except OSError:
        os.close(descriptor)
        return None
    if not stat.S_ISREG(info.st_mode) or not _private(info, forbidden):
        os.close(descriptor)
        return None
    return descriptor, info


def _read_secret(directory: Path) -> bytes | None:
    opened = _open_private(directory / SECRET, forbidden=0o077)
    if opened is None:
        return None
    descriptor, _ = opened
    try:
        secret = os.read(descriptor, _KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return secret if len(secret) == _KEY_BYTES else None


def _secret(directory: Path) -> bytes | None:
    """The user's secret, made on first use: written whole to a temporary file (0600) and
    linked into place, so racing processes all end up with the one that won. One that is not
    private is replaced, which makes every entry signed with it a miss."""
    secret = _read_secret(directory)
    if secret is not None:
        return secret
    with _writing(directory) as (descriptor, temporary):
        os.write(descriptor, os.urandom(_KEY_BYTES))
        os.fsync(descriptor)
        try:
            os.link(temporary, directory / SECRET)
        except FileExistsError:
            if _read_secret(directory) is None:
                os.replace(temporary, directory / SECRET)
    return _read_secret(directory)


# --- reading an entry ----------------------------------------------------------------------


def _decode(cls: type[Record], row: Sequence[Any]) -> Any:
    values: dict[str, Any] = {}
    for name, value in zip(cls.__slots__, row, strict=True):
        if value is not None:
            if name in _DATES:
                value = PartialDate.parse(value)
            elif name in _NESTED:
                value = [_decode(_NESTED[name], item) for item in value]
        values[name] = value
    return cls(**values)


_DATES = frozenset({"date", "as_of"})
_NESTED: dict[str, type[Record]] = {"history": HistoryEntry}
#: How each of `Factbox`'s fields is stored: a list of records, a record, or a plain value
#: ("date": a PartialDate as its text). Quotes are stored in blocks of their own.
_STORED: dict[str, type[Record] | str] = {
    "format": "plain", "title": "plain", "description": "plain", "as_of": "date", "scale": Scale,
    "sources": Source, "parties": Party, "speakers": Speaker, "issues": Issue, "positions": Position,
    "events": Event, "quotes": "blocks",
}
_SINGLE = frozenset({"scale"})


class Entry:
    """An open, authenticated entry: its header is checked; each section is checked when read."""

    def __init__(self, descriptor: int, size: int, secret: bytes, header: dict[str, Any], body: int) -> None:
        self.descriptor = descriptor
        self.size = size
        self.secret = secret
        self.header = header
        self.body = body
        self._closer = weakref.finalize(self, os.close, descriptor)

    @property
    def digest(self) -> str:
        return str(self.header["digest"])

    def fresh(self, info: os.stat_result) -> bool:
        """Whether the file is, without reading it, the one this entry was built from."""
        return tuple(self.header["identity"]) == identity(info) and not is_racy(info, self.header["read_ns"])

    def read(self, offset: int, length: int, mac: bytes) -> Any:
        """The plain values stored at `offset` in the body, once their MAC checks."""
        if not (isinstance(offset, int) and isinstance(length, int) and isinstance(mac, bytes)):
            raise Bad("section")
        start = self.body + offset
        if offset < 0 or length < 0 or start + length > self.size:
            raise Bad("outside the entry")
        data = os.pread(self.descriptor, length, start)
        if len(data) != length or not _same(_mac(self.secret, data), mac):
            raise Bad("MAC")
        return marshal.loads(data)

    def section(self, name: str) -> Any:
        return self.read(*self.header["sections"][name])

    def factbox(self, reload: Callable[[], Sequence[Quote]]) -> Factbox | None:
        """The cached factbox, or None if the entry turns out damaged. Its quotes are read when
        used; `reload` reads the file itself if a block of them turns out damaged then."""
        try:
            core = self.section("core")
            values: dict[str, Any] = {}
            for name, kind in _STORED.items():
                if kind == "blocks":
                    values[name] = QuoteRecords(self, reload)
                elif kind == "date":
                    values[name] = None if core[name] is None else PartialDate.parse(core[name])
                elif isinstance(kind, type):
                    rows = core[name]
                    values[name] = _decode(kind, rows) if name in _SINGLE else [_decode(kind, row) for row in rows]
                else:
                    values[name] = core[name]
            return Factbox(**values)
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            return None

    def touch(self, info: os.stat_result) -> None:
        """Mark the entry used now, for eviction (its modification time is left alone)."""
        now = time.time_ns()
        if info.st_atime_ns < now - 60_000_000_000:
            with contextlib.suppress(OSError):
                os.utime(self.descriptor, ns=(now, info.st_mtime_ns))

    def refresh(self, real_path: str, info: os.stat_result, read_ns: int) -> None:
        """Record a new identity for the same bytes (the file was copied back, touched or
        moved), so the next run need not hash it again; the sections are kept as they are."""
        if is_racy(info, read_ns):
            return
        with contextlib.suppress(OSError, Bad):
            body = os.pread(self.descriptor, self.size - self.body, self.body)
            if len(body) != self.size - self.body:
                raise Bad("short")
            header = {**self.header, "identity": identity(info), "read_ns": read_ns}
            directory = _directory(create=False)
            if directory is not None:
                _write_entry(directory, entry_name(real_path), self.secret, header, [body])


def _same(a: bytes, b: bytes) -> bool:
    import hmac

    return hmac.compare_digest(a, b)


def open_entry(real_path: str) -> Entry | None:
    """The authenticated entry of the file at this real path, or None for any kind of miss."""
    directory = _directory(create=False)
    if directory is None:
        return None
    secret = _read_secret(directory)
    if secret is None:
        return None
    opened = _open_private(directory / entry_name(real_path))
    if opened is None:
        return None
    descriptor, info = opened
    try:
        prefix = os.pread(descriptor, _PREFIX.size, 0)
        magic, length, mac = _PREFIX.unpack(prefix)
        if magic != MAGIC or _PREFIX.size + length > info.st_size:
            raise Bad("header")
        header_bytes = os.pread(descriptor, length, _PREFIX.size)
        if len(header_bytes) != length or not _same(_mac(secret, header_bytes), mac):
            raise Bad("header MAC")
        header = marshal.loads(header_bytes)
        if not isinstance(header, dict) or header.get("layout") != LAYOUT or header.get("path") != real_path:
            raise Bad("another layout or file")
        if header.get("body") != info.st_size - _PREFIX.size - length:
            raise Bad("truncated or extended")
        entry = Entry(descriptor, info.st_size, secret, header, _PREFIX.size + length)
    except (OSError, ValueError, EOFError, TypeError, struct.error):
        os.close(descriptor)
        return None
    entry.touch(info)
    return entry


class QuoteRecords(Sequence[Quote]):
    """The quotes of a cached factbox, read and checked a block at a time when first used.
    A block found damaged after the entry was opened makes the file itself be read instead."""

    def __init__(self, entry: Entry, reload: Callable[[], Sequence[Quote]]) -> None:
        self._entry = entry
        self._reload = reload
        self._count: int = entry.header["quotes"]
        self._blocks: list[tuple[int, int, bytes]] = entry.header["blocks"]
        if not isinstance(self._count, int) or len(self._blocks) != -(-self._count // BLOCK):
            raise Bad("quote count")
        self._made: dict[int, list[Quote]] = {}
        self._fallback: Sequence[Quote] | None = None
        self._by_speaker: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Quote: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Quote]: ...
    def __getitem__(self, index: int | slice) -> Quote | Sequence[Quote]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if self._fallback is not None:
            return self._fallback[index]
        number, within = divmod(index, BLOCK)
        block = self._made.get(number)
        if block is None:
            try:
                block = [_decode(Quote, row) for row in self._entry.read(*self._blocks[number])]
                if len(block) != min(BLOCK, self._count - number * BLOCK):
                    raise Bad("block size")
            except (OSError, ValueError, EOFError, TypeError, IndexError, KeyError):
                return self._fall_back()[index]
            self._made[number] = block
        return block[within]

    def __iter__(self) -> Iterator[Quote]:
        return (self[i] for i in range(self._count))

    def _fall_back(self) -> Sequence[Quote]:
        if self._fallback is None:
            self._fallback = self._reload()
        return self._fallback

    @property
    def by_speaker(self) -> dict[str, list[int]]:
        """Quote numbers by speaker id, from the entry's index."""
        if self._by_speaker is None:
            try:
                index = self._entry.section("by-speaker")
                if not isinstance(index, dict):
                    raise Bad("index")
                self._by_speaker = index
            except (OSError, ValueError, EOFError, TypeError, KeyError):
                self._by_speaker = {}
                for number, quote in enumerate(self._fall_back()):
                    self._by_speaker.setdefault(quote.speaker, []).append(number)
        return self._by_speaker


# --- writing an entry ----------------------------------------------------------------------


def _encode(record: Record) -> tuple[Any, ...]:
    values = []
    for name, value in zip(record.__slots__, record.fields(), strict=True):
        if isinstance(value, PartialDate):
            value = value.text
        elif name in _NESTED:
            value = [_encode(item) for item in value]
        values.append(value)
    return tuple(values)


def store(real_path: str, info: os.stat_result, read_ns: int, content: str, factbox: Factbox) -> None:
    """Write the entry of the file at `real_path`, whose bytes (hash `content`) had `info` when
    read at `read_ns`. Any failure leaves no file and is not an error."""
    limit, _ = size_limit()
    if limit == 0:
        return
    directory = _directory(create=True)
    if directory is None:
        return
    with contextlib.suppress(OSError, ValueError):
        secret = _secret(directory)
        if secret is None:
            return
        core: dict[str, Any] = {}
        for name, kind in _STORED.items():
            value = getattr(factbox, name)
            if kind == "date":
                value = value.text if value is not None else None
            elif isinstance(kind, type):
                value = _encode(value) if name in _SINGLE else [_encode(item) for item in value]
            if kind != "blocks":
                core[name] = value
        by_speaker: dict[str, list[int]] = {}
        for number, quote in enumerate(factbox.quotes):
            by_speaker.setdefault(quote.speaker, []).append(number)
        quotes = [_encode(quote) for quote in factbox.quotes]
        pieces: list[bytes] = []
        end = 0

        def add(value: Any) -> tuple[int, int, bytes]:
            """Append a section to the body; where it is, and its MAC."""
            nonlocal end
            data = marshal.dumps(value)
            pieces.append(data)
            end += len(data)
            return (end - len(data), len(data), _mac(secret, data))

        sections = {"core": add(core), "by-speaker": add(by_speaker)}
        blocks = [add(quotes[start:start + BLOCK]) for start in range(0, len(quotes), BLOCK)]
        header = {"layout": LAYOUT, "path": real_path, "digest": content, "identity": identity(info),
                  "read_ns": read_ns, "sections": sections, "quotes": len(quotes), "blocks": blocks, "body": end}
        _write_entry(directory, entry_name(real_path), secret, header, pieces)
        prune(directory, limit)


def _write_entry(directory: Path, name: str, secret: bytes, header: dict[str, Any], body: list[bytes]) -> None:
    encoded = marshal.dumps(header)
    with _writing(directory) as (descriptor, temporary):
        with os.fdopen(os.dup(descriptor), "wb") as handle:
            handle.write(_PREFIX.pack(MAGIC, len(encoded), _mac(secret, encoded)))
            handle.write(encoded)
            for piece in body:
                handle.write(piece)
        os.replace(temporary, directory / name)


@contextlib.contextmanager
def _writing(directory: Path) -> Iterator[tuple[int, str]]:
    """A new temporary file (0600) in the cache directory, removed unless renamed away.
    SIGTERM, SIGHUP and SIGQUIT wait until it is gone or in place, then act as usual."""
    import signal
    import tempfile

    held = {signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=TEMPORARY, suffix=SUFFIX)
        try:
            yield descriptor, temporary
        finally:
            os.close(descriptor)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


# --- the whole cache -----------------------------------------------------------------------


class Usage(Record):
    """What `factbox cache info` reports."""

    __slots__ = ("directory", "entries", "limit", "problem", "size")

    def __init__(self, directory: Path, entries: int, size: int, limit: int, problem: str | None) -> None:
        self.directory = directory
        self.entries = entries
        self.size = size
        self.limit = limit
        self.problem = problem


def _entries(directory: Path) -> list[tuple[int, str, int]]:
    """(access time, name, size) of every entry; stale temporary files are removed on the way.
    Anything else in the directory, or anything that cannot be read, is left alone."""
    found: list[tuple[int, str, int]] = []
    stale = time.time_ns() - STALE_NS
    with contextlib.suppress(OSError), os.scandir(directory) as items:
        for item in items:
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    continue
                if item.name.startswith(TEMPORARY) and item.name.endswith(SUFFIX):
                    if info.st_mtime_ns < stale:
                        os.unlink(item.path)
                elif is_entry_name(item.name):
                    found.append((info.st_atime_ns, item.name, info.st_size))
    return found


def prune(directory: Path, limit: int) -> None:
    """Evict the least recently used entries until the cache fits its size bound."""
    found = sorted(_entries(directory))
    total = sum(size for _, _, size in found)
    for _, name, size in found:
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
            total -= size


def usage() -> Usage:
    limit, problem = size_limit()
    directory = _directory(create=False)
    found = _entries(directory) if directory is not None else []
    if directory is None and cache_dir().exists():
        problem = f"{cache_dir()} is not a private directory of this user's, so it is not used"
    return Usage(cache_dir(), len(found), sum(size for _, _, size in found), limit, problem)


def clear() -> int:
    """Remove every entry (only names factbox gives its entries); the number removed."""
    directory = _directory(create=False)
    if directory is None:
        return 0
    removed = 0
    for _, name, _ in _entries(directory):
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
            removed += 1
    return removed
