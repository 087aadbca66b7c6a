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
authenticated with keyed BLAKE2b under a per-user secret (`secret`, 0600, created atomically),
so that a query checks only what it reads:

    magic | header length | header MAC | sections ... | quote records ... | cited | sections' table
          | offsets | header

An entry is written as it is made, never held whole, so the header comes last and the prefix
is filled in once the header is known. The header (layout, file path, content hash, identity,
and where the table of sections is, with its MAC) has its own MAC, and stays a few hundred
bytes whatever the file, so that checking whether an entry is fresh costs the same for every
file (a query across an archive checks every file's). The table says where each section is,
with its MAC. Sections hold the rest of the model (the positions apart, decoded only when used:
`CachedFactbox`), the indexes by speaker and issue, the quote counts and long texts that
several quotes repeat (stored once). Each quote is a record of its own whose MAC binds it to
the entry's salt and the quote's number, found through the table of offsets. Everything is
marshal'd plain values (no code can run from them), decoded only after its MAC checks, and
read with `pread`, never mapped (a truncated entry cannot raise SIGBUS). Any problem with an
entry is a miss and it is rebuilt (a part read only when used, when it is used); a failure
to write one is ignored.

Entries are written to a temporary file and renamed into place, with SIGTERM, SIGHUP and
SIGQUIT held back meanwhile, so neither a reader nor a kill leaves half of one; stale
temporary files are swept. The cache is bounded by total size (`FACTBOX_CACHE_SIZE`, default
`DEFAULT_SIZE`), evicting the entries least recently used (a hit marks its access time).
"""

from __future__ import annotations

import contextlib
import marshal
import operator
import os
import stat
import struct
import sys
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, overload

from . import __version__
from .model import (
    Event,
    Factbox,
    HistoryEntry,
    IndexedQuotes,
    Issue,
    PartialDate,
    Party,
    Position,
    Quote,
    Scale,
    Source,
    Speaker,
    index_quotes,
)
from .records import Record
from .rules import RULES_VERSION

MAGIC = b"FACTBOX\x06"
SECRET = "secret"
SUFFIX = ".fbc"
TEMPORARY = ".tmp-"
#: A file changed less than this before it was read is "racy": its identity alone is not
#: trusted (2 s: FAT's timestamp resolution, the coarsest in use, and a margin for clocks).
RACY_NS = 2_000_000_000
#: A temporary file this old belongs to no live writer and is swept.
STALE_NS = 600_000_000_000
DEFAULT_SIZE = 1024**3
#: The kinds of quote index stored, a section per key (model.index_quotes).
_INDEXED = ("speaker", "issue", "year", "undated")
#: Quotes read in one run of bytes when all are wanted.
_RUN = 256
_RECORD_MAC = 16
_PREFIX = struct.Struct("<8sI32s")  # magic, header length, header MAC
_KEY_BYTES = 32
_MAC_BYTES = 32

_RECORDS: tuple[type[Record], ...] = (PartialDate, Scale, Source, Party, Speaker, Issue, HistoryEntry, Position,
                                      Quote, Event)


def factbox_fields() -> tuple[str, ...]:
    """`Factbox`'s own fields: its constructor's parameters (no `inspect` at start-up)."""
    code = Factbox.__init__.__code__
    return code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]


def fingerprint(records: Sequence[type[Record]] = _RECORDS, fields: Sequence[str] | None = None) -> str:
    """What an entry must have been written under to be read: this layout and version, this
    Python's marshal, and the shape of every stored record, `Factbox` itself included.

    The validator's rules' version (`rules.RULES_VERSION`) is part of it, so that an entry
    checked under older rules is rebuilt; it lives in a module of its own because importing
    `validation` (PyYAML: ~150 ms) is what a warm run does not pay."""
    shape = fields if fields is not None else factbox_fields()
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return ";".join([f"10:{__version__}:{python}:{sys.byteorder}:rules{RULES_VERSION}",
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
    global _BLAKE2B
    if _BLAKE2B is None:
        try:
            from _blake2 import blake2b
        except ImportError:  # pragma: no cover - an interpreter built without it
            from hashlib import blake2b
        _BLAKE2B = blake2b
    return _BLAKE2B


_BLAKE2B: Any = None


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


def _open_private(path: str | Path, forbidden: int = 0o022) -> tuple[int, os.stat_result] | None:
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


def _read_private(path: str | Path, most: int, forbidden: int = 0o022) -> bytes | None:
    """At most `most` + 1 bytes of a private file (`_open_private`), or None."""
    opened = _open_private(path, forbidden)
    if opened is None:
        return None
    descriptor, _ = opened
    try:
        return os.read(descriptor, most + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _read_secret(directory: Path) -> bytes | None:
    secret = _read_private(directory / SECRET, _KEY_BYTES, forbidden=0o077)
    return secret if secret is not None and len(secret) == _KEY_BYTES else None


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
    values = dict(zip(cls.__slots__, row, strict=True))
    for name in _special(cls):
        value = values[name]
        if value is not None:
            values[name] = PartialDate(*value) if name in _DATES else [_decode(_NESTED[name], item) for item in value]
    return cls(**values)


def _special(cls: type[Record]) -> tuple[str, ...]:
    """The fields of a record that are not stored as they are: dates and nested records."""
    special = _SPECIAL.get(cls)
    if special is None:
        special = _SPECIAL[cls] = tuple(name for name in cls.__slots__ if name in _DATES or name in _NESTED)
    return special


_SPECIAL: dict[type[Record], tuple[str, ...]] = {}
_DATES = frozenset({"date", "as_of"})
_NESTED: dict[str, type[Record]] = {"history": HistoryEntry}
#: How each of `Factbox`'s fields is stored: a list of records, a record, or a plain value
#: ("date": a PartialDate as its text and numbers). Quotes are stored as records of their own.
_STORED: dict[str, type[Record] | str] = {
    "format": "plain", "title": "plain", "description": "plain", "as_of": "date", "scale": Scale,
    "sources": Source, "parties": Party, "speakers": Speaker, "issues": Issue, "positions": Position,
    "events": Event, "quotes": "records",
}
_SINGLE = frozenset({"scale"})
#: Stored as sections of their own, decoded when first used (`CachedFactbox`).
_APART = frozenset({"positions"})


#: The header's fields and their types (all checked before any is used).
_HEADER: dict[str, type] = {"layout": str, "path": str, "digest": str, "identity": tuple, "read_ns": int,
                            "sections": tuple, "quotes": int, "table": int, "salt": bytes, "body": int}


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

    @cached_property
    def sections(self) -> dict[str, Any]:
        """Where each section is, with its MAC: itself a section, read on first use, so that
        the header stays small and checking an entry's freshness costs the same for any file."""
        found = self.read(*self.header["sections"])
        if not isinstance(found, dict):
            raise Bad("sections")
        return found

    def section(self, name: str) -> Any:
        return self.read(*self.sections[name])

    def factbox(self, reload: Callable[[], Factbox]) -> Factbox | None:
        """The cached factbox, or None if the entry turns out damaged (`CachedFactbox`)."""
        try:
            core = self.section("core")
            values: dict[str, Any] = {}
            for name, kind in _STORED.items():
                if kind == "records" or name in _APART:
                    continue
                if kind == "date":
                    values[name] = None if core[name] is None else PartialDate(*core[name])
                elif isinstance(kind, type):
                    rows = core[name]
                    values[name] = _decode(kind, rows) if name in _SINGLE else [_decode(kind, row) for row in rows]
                else:
                    values[name] = core[name]
            return CachedFactbox(self, reload, **values)
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
            directory = _directory(create=False)
            if directory is None:
                return
            length = self.header["body"]
            with _new_entry(directory, entry_name(real_path), self.secret) as (body, header):
                while body.end < length:
                    run = os.pread(self.descriptor, min(_WRITE_BUFFER, length - body.end), self.body + body.end)
                    if not run:
                        raise Bad("short")
                    body.append(run)
                header.update({**self.header, "identity": identity(info), "read_ns": read_ns})


class CachedFactbox(Factbox):
    """A factbox read from its cache entry. Its quotes (`QuoteRecords`) and its positions (most
    of the rest of its bytes, which a quote query never looks at) are decoded when first used;
    a part found damaged then is taken from the file itself, read once (`reload`)."""

    def __init__(self, entry: Entry, reload: Callable[[], Factbox], **values: Any) -> None:
        super().__init__(**values, quotes=QuoteRecords(entry, lambda: self._file.quotes))
        del self.positions  # the cached property below, when first used
        self._entry = entry
        self._reload = reload

    @cached_property
    def _file(self) -> Factbox:
        return self._reload()

    @cached_property
    def positions(self) -> list[Position]:  # type: ignore[override]
        try:
            return [_decode(Position, row) for row in self._entry.section("positions")]
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            return self._file.positions


def _same(a: bytes, b: bytes) -> bool:
    """Compared in constant time: `hmac.compare_digest` itself, without `hmac`'s import of
    OpenSSL (which costs more than a whole warm query's checks)."""
    from _operator import _compare_digest

    return _compare_digest(a, b)


class Reader:
    """The cache opened for reading: its directory checked and the user's secret read once,
    so that each entry then costs one open (a query across an archive checks 500)."""

    def __init__(self, directory: Path, secret: bytes) -> None:
        self.folder = str(directory)
        self.secret = secret

    def entry(self, real_path: str) -> Entry | None:
        """The authenticated entry of the file at this real path, or None for any kind of miss."""
        opened = _open_private(os.path.join(self.folder, entry_name(real_path)))
        if opened is None:
            return None
        descriptor, info = opened
        try:
            prefix = os.pread(descriptor, _PREFIX.size, 0)
            magic, length, mac = _PREFIX.unpack(prefix)
            if magic != MAGIC or _PREFIX.size + length > info.st_size:
                raise Bad("header")
            header_bytes = os.pread(descriptor, length, info.st_size - length)
            if len(header_bytes) != length or not _same(_mac(self.secret, header_bytes), mac):
                raise Bad("header MAC")
            header = marshal.loads(header_bytes)
            if not isinstance(header, dict) or header.get("layout") != LAYOUT or header.get("path") != real_path:
                raise Bad("another layout or file")
            if header.get("body") != info.st_size - _PREFIX.size - length:
                raise Bad("truncated or extended")
            if not all(isinstance(header.get(name), kind) for name, kind in _HEADER.items()):
                raise Bad("header fields")
            entry = Entry(descriptor, _PREFIX.size + header["body"], self.secret, header, _PREFIX.size)
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            os.close(descriptor)
            return None
        entry.touch(info)
        return entry

    def blob(self, key: str) -> bytes | None:
        """The bytes stored under `key` (`store_blob`), once their MAC (keyed with the user's
        secret and bound to the key) checks; None for any kind of miss."""
        data = _read_private(os.path.join(self.folder, entry_name(key)), _BLOB_LIMIT)
        head = len(_BLOB) + _MAC_BYTES
        if data is None or not data.startswith(_BLOB) or len(data) > _BLOB_LIMIT or len(data) < head:
            return None
        if not _same(_mac(self.secret, os.fsencode(key) + data[head:]), data[len(_BLOB):head]):
            return None
        return data[head:]


def reader() -> Reader | None:
    """The cache opened for reading, or None when there is none to trust (`Reader`)."""
    directory = _directory(create=False)
    secret = _read_secret(directory) if directory is not None else None
    return None if directory is None or secret is None else Reader(directory, secret)


def open_entry(real_path: str) -> Entry | None:
    """The authenticated entry of the file at this real path, or None for any kind of miss."""
    opened = reader()
    return None if opened is None else opened.entry(real_path)


class QuoteRecords(IndexedQuotes):
    """The quotes of a cached factbox, each read and checked only when first used, with the
    entry's indexes. Each quote is a record of its own, with its own MAC (bound to this entry's
    salt and the quote's number), found through a table of offsets: reading quote n costs two
    `pread`s, whatever the file's size. A record found damaged after the entry was opened
    makes the file itself be read instead."""

    def __init__(self, entry: Entry, reload: Callable[[], Sequence[Quote]]) -> None:
        self._entry = entry
        self._reload = reload
        count, table, salt = entry.header["quotes"], entry.header["table"], entry.header["salt"]
        if not (isinstance(count, int) and isinstance(table, int) and isinstance(salt, bytes)):
            raise Bad("quotes")
        if count < 0 or table + 8 * (count + 1) != entry.header["body"]:
            raise Bad("quote table")
        self._count: int = count
        self._table: int = table
        self._salt: bytes = salt
        self._made: dict[int, Quote] = {}
        self._fallback: Sequence[Quote] | None = None
        self._index: dict[str, Any] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Quote: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Quote]: ...
    def __getitem__(self, index: int | slice) -> Quote | Sequence[Quote]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        number = index + self._count if index < 0 else index
        if not 0 <= number < self._count:
            raise IndexError(index)
        quote = self._made.get(number)
        if quote is None:
            self._read(number, number + 1)
            quote = self._made.get(number)
        return quote if quote is not None else self._fall_back()[number]

    def __iter__(self) -> Iterator[Quote]:
        for start in range(0, self._count, _RUN):
            self._read(start, min(start + _RUN, self._count))
            for index in range(start, min(start + _RUN, self._count)):
                yield self[index]

    def _read(self, start: int, stop: int) -> None:
        """Read and check quotes start..stop-1 in one run of bytes (any missing: fall back)."""
        if self._fallback is not None or all(n in self._made for n in range(start, stop)):
            return
        entry = self._entry
        try:
            table = os.pread(entry.descriptor, 8 * (stop - start + 1), entry.body + self._table + 8 * start)
            offsets = memoryview(table).cast("Q")  # not `array`: its import costs more than a query
            if len(offsets) != stop - start + 1 or offsets[0] > offsets[-1] or offsets[-1] > self._table:
                raise Bad("offsets")
            run = os.pread(entry.descriptor, offsets[-1] - offsets[0], entry.body + offsets[0])
            if len(run) != offsets[-1] - offsets[0]:
                raise Bad("short")
            for number in range(start, stop):
                record = run[offsets[number - start] - offsets[0]:offsets[number - start + 1] - offsets[0]]
                data = record[_RECORD_MAC:]
                if not _same(record[:_RECORD_MAC], _record_mac(entry.secret, self._salt, number, data)):
                    raise Bad("record MAC")
                row = marshal.loads(data)
                for field in _PROSE:
                    if isinstance(row[field], int):  # a long string kept once in the entry
                        shared = self._section(f"text:{row[field]}", str)
                        if shared is None:
                            raise Bad("shared text")
                        row = (*row[:field], shared, *row[field + 1:])
                self._made[number] = _decode(Quote, row)
        except (OSError, ValueError, EOFError, TypeError, IndexError, KeyError, OverflowError):
            self._fall_back()

    def _fall_back(self) -> Sequence[Quote]:
        if self._fallback is None:
            self._fallback = self._reload()
            self._index = {"counts": None}
        return self._fallback

    def _section(self, name: str, check: type) -> Any:
        """A section of the index, or None if it is damaged (then the file is read instead)."""
        if self._fallback is None:
            try:
                value = self._entry.section(name) if name in self._entry.sections else check()
                if isinstance(value, check):
                    return value
            except (OSError, ValueError, EOFError, TypeError, KeyError):
                pass
            self._fall_back()
        return None

    def numbers(self, kind: str, key: str) -> Sequence[int]:
        if kind == "id":
            cited = self._section("cited", dict)
            if cited is not None and isinstance(cited.get(key), int):
                return [cited[key]]
        elif kind in _INDEXED:
            stored = self._section(f"{kind}:{key}", bytes)
            if stored is not None and len(stored) % 4 == 0:
                numbers = memoryview(stored).cast("I")
                if not numbers or (min(numbers) >= 0 and max(numbers) < self._count):
                    return numbers.tolist()
        if "all" not in self._index:
            self._index["all"] = index_quotes(self._fall_back() if self._fallback is not None else self)
        return list(self._index["all"][kind].get(key, []))

    def counts(self, kind: str) -> dict[str, int]:
        counts = self._section("counts", dict)
        if counts is not None and isinstance(counts.get(kind), dict):
            return dict(counts[kind])
        return {key: len(numbers) for key, numbers in index_quotes(self._fall_back())[kind].items()}


def _record_mac(secret: bytes, salt: bytes, number: int, data: bytes) -> bytes:
    """Copied from a hash already keyed with this entry's secret and salt: keying costs a
    compression of its own, a third of the cost of a quote's MAC."""
    global _KEYED
    if _KEYED is None or _KEYED[0] != (secret, salt):
        _KEYED = ((secret, salt), _blake2b()(key=secret, salt=salt, digest_size=_RECORD_MAC))
    mac = _KEYED[1].copy()
    mac.update(number.to_bytes(8, "little"))
    mac.update(data)
    return bytes(mac.digest())


_KEYED: tuple[tuple[bytes, bytes], Any] | None = None


# --- writing an entry ----------------------------------------------------------------------


def _encode(record: Record) -> tuple[Any, ...]:
    values = []
    for name, value in zip(record.__slots__, record.fields(), strict=True):
        if isinstance(value, PartialDate):
            value = (value.text, value.year, value.month, value.day)
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
        unchanged_since = os.stat(directory).st_mtime_ns
        secret = _secret(directory)
        if secret is None:
            return
        core: dict[str, Any] = {}
        apart: dict[str, Any] = {}
        for name, kind in _STORED.items():
            value = getattr(factbox, name)
            if kind == "date":
                value = (value.text, value.year, value.month, value.day) if value is not None else None
            elif isinstance(kind, type):
                value = _encode(value) if name in _SINGLE else [_encode(item) for item in value]
            if name in _APART:
                apart[name] = value
            elif kind != "records":
                core[name] = value
        from array import array

        with _new_entry(directory, entry_name(real_path), secret) as (body, header):

            def add(value: Any) -> tuple[int, int, bytes]:
                """Append a section to the body; where it is, and its MAC."""
                data = marshal.dumps(value)
                return (body.append(data), len(data), _mac(secret, data))

            index = index_quotes(factbox.quotes, numbers=lambda: array("I"), by_id=False)
            sections = {"core": add(core), **{name: add(value) for name, value in apart.items()}}
            for kind in _INDEXED:
                for key, numbers in index[kind].items():
                    sections[f"{kind}:{key}"] = add(bytes(numbers))
            sections["counts"] = add({kind: {key: len(numbers) for key, numbers in index[kind].items()}
                                      for kind in _INDEXED})
            factbox.keep_quote_index(index)
            shared = _shared_texts(factbox.quotes)
            for text, number in shared.items():
                sections[f"text:{number}"] = add(text)
            cited = {quote_id: -1 for position in factbox.positions for quote_id in position.quotes}
            salt = os.urandom(16)
            offsets = array("Q")
            for number, quote in enumerate(factbox.quotes):
                data = marshal.dumps(_encode_quote(quote, shared))
                offsets.append(body.append(_record_mac(secret, salt, number, data)))
                body.append(data)
                if quote.id in cited:
                    cited[quote.id] = number
            offsets.append(body.end)
            sections["cited"] = add({quote_id: number for quote_id, number in cited.items() if number >= 0})
            where = add(sections)
            table = body.append(bytes(offsets))
            header.update({"layout": LAYOUT, "path": real_path, "digest": content, "identity": identity(info),
                           "read_ns": read_ns, "sections": where, "quotes": len(factbox.quotes),
                           "table": table, "salt": salt})
        _bound(directory, limit, unchanged_since, entry_name(real_path))


def _encode_quote(quote: Quote, shared: dict[str, int]) -> tuple[Any, ...]:
    """`_encode` of a quote, the one record there are many of; a shared text as its number."""
    row = list(_QUOTE_FIELDS(quote))
    date = row[_QUOTE_DATE]
    if date is not None:
        row[_QUOTE_DATE] = (date.text, date.year, date.month, date.day)
    if shared:
        for field in _PROSE:
            if row[field] in shared:
                row[field] = shared[row[field]]
    return tuple(row)


_QUOTE_FIELDS = operator.attrgetter(*Quote.__slots__)
_QUOTE_DATE = Quote.__slots__.index("date")
#: A quote's text or context this long, found in more than one quote, is stored once.
_LONG = 256
_PROSE = tuple(Quote.__slots__.index(name) for name in ("text", "context"))


def _shared_texts(quotes: Sequence[Quote]) -> dict[str, int]:
    """Long texts that several quotes repeat (through YAML aliases), each with its number."""
    seen: set[str] = set()
    shared: dict[str, int] = {}
    for quote in quotes:
        for text in (quote.text, quote.context):
            if text is not None and len(text) >= _LONG:
                if text in seen:
                    shared.setdefault(text, len(shared))
                seen.add(text)
    return shared


class _Body:
    """The body of an entry, written to its file as it is made."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.end = 0

    def append(self, data: bytes) -> int:
        """Write `data` at the body's end; where in the body it begins."""
        self.handle.write(data)
        self.end += len(data)
        return self.end - len(data)


@contextlib.contextmanager
def _new_entry(directory: Path, name: str, secret: bytes) -> Iterator[tuple[_Body, dict[str, Any]]]:
    """A new entry, written as it is made (so a large one is never held whole): the caller
    appends its body and fills in its header, which goes after the body (with the body's
    length); the prefix then says where the header is and authenticates it. The entry takes
    its name only once whole, and not at all if the caller fails."""
    header: dict[str, Any] = {}
    with _writing(directory) as (descriptor, temporary):
        with os.fdopen(os.dup(descriptor), "wb", buffering=_WRITE_BUFFER) as handle:
            handle.write(bytes(_PREFIX.size))
            body = _Body(handle)
            yield body, header
            header["body"] = body.end
            encoded = marshal.dumps(header)
            handle.write(encoded)
            handle.seek(0)
            handle.write(_PREFIX.pack(MAGIC, len(encoded), _mac(secret, encoded)))
        os.replace(temporary, directory / name)


_WRITE_BUFFER = 1 << 20


def _writing(directory: Path) -> contextlib.AbstractContextManager[tuple[int, str]]:
    """A new temporary cache file (0600), removed unless renamed away; signals wait for it.
    The writer is imported only here: a run that finds its entry writes nothing."""
    from .writing.atomic import temporary_beside

    return temporary_beside(directory, prefix=TEMPORARY, suffix=SUFFIX)


# --- small blobs: what else is worth keeping between runs ----------------------------------

#: A blob starts with this, then its MAC, then its bytes; it is named like an entry (by its
#: key), so it is pruned, counted and cleared with them.
_BLOB = b"FACTBOX-blob\x01"
#: No blob is larger (a compiled template is tens of kilobytes).
_BLOB_LIMIT = 1 << 24


def load_blob(key: str) -> bytes | None:
    """The bytes stored under `key`, or None for any kind of miss (`Reader.blob`)."""
    opened = reader()
    return None if opened is None else opened.blob(key)


def store_blob(key: str, data: bytes) -> None:
    """Keep `data` under `key` for `load_blob`; any failure stores nothing and is not an error."""
    if size_limit()[0] == 0 or len(data) > _BLOB_LIMIT:
        return
    directory = _directory(create=True)
    if directory is None:
        return
    with contextlib.suppress(OSError):
        secret = _secret(directory)
        if secret is None:
            return
        with _writing(directory) as (descriptor, temporary):
            signed = _BLOB + _mac(secret, os.fsencode(key) + data) + data
            view = memoryview(signed)
            while view:
                view = view[os.write(descriptor, view):]
            os.replace(temporary, directory / entry_name(key))


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


def prune(directory: Path, limit: int) -> int:
    """Evict the least recently used entries until the cache fits its size bound; its size then."""
    found = sorted(_entries(directory))
    total = sum(size for _, _, size in found)
    for _, name, size in found:
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
            total -= size
    return total


#: Each cache directory this process has pruned or written to: its modification time as the
#: process left it, and its total size then.
_LEFT: dict[str, tuple[int, int]] = {}


def _bound(directory: Path, limit: int, unchanged_since: int, written: str) -> None:
    """Keep the cache within its bound after an entry was written: by `prune`, unless this
    process knows the directory's size because nothing but this process changed its list of
    files since it last looked (its modification time was `unchanged_since` before the entry
    was written) and the entry leaves it within the bound. Scanning the whole directory after
    each entry made a first run across an archive of 500 files quadratic."""
    key = str(directory)
    left = _LEFT.get(key)
    size = os.stat(directory / written).st_size
    if left is not None and left[0] == unchanged_since and left[1] + size <= limit:
        total = left[1] + size
    else:
        total = prune(directory, limit)
    _LEFT[key] = (os.stat(directory).st_mtime_ns, total)


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
