"""An on-disk cache of validated factboxes, so a repeated query skips YAML entirely.

A cache entry is keyed by a BLAKE2b hash of the file's bytes (never by size or mtime), so a
changed file is always re-read. It holds the model as plain values (marshal: no code can
run from it), with a checksum over everything it holds. Quotes are stored one record each,
with a by-speaker index, so a query for one speaker reads only that speaker's quotes.
Anything wrong with an entry (corrupt, truncated, another version, unreadable) makes
it a miss; a failure to write one is ignored. Entries are written to a temporary file and
renamed into place, so a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import stat
import struct
import sys
import zlib
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

MAGIC = b"FACTBOX\x00"
_RECORDS = (Source, Party, Speaker, Issue, HistoryEntry, Position, Quote, Event)
#: Entries of another layout, version or model shape are ignored (the model's fields are
#: part of it, so a changed model can never be read from an old entry).
LAYOUT = ";".join([f"4:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}",
                   *(f"{cls.__name__}({','.join(cls.__slots__)})" for cls in _RECORDS)])
_HEAD = struct.Struct("<8sQI")  # magic, header length, header crc32
MAX_ENTRIES = 16


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factbox"


def digest(data: bytes) -> str:
    """BLAKE2b of the content. `_blake2` is the standard library's own C module: importing
    it avoids hashlib's OpenSSL start-up, which costs more than hashing a small file."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=32).hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / f"{key}.fbc"


# --- the model as plain values -------------------------------------------------------

_DATES = frozenset({"date", "as_of"})
_NESTED: dict[str, type[Record]] = {"history": HistoryEntry}


def _encode(record: Record) -> tuple[Any, ...]:
    values = []
    for name, value in zip(record.__slots__, record.fields(), strict=True):
        if isinstance(value, PartialDate):
            value = value.text
        elif name in _NESTED:
            value = [_encode(item) for item in value]
        values.append(value)
    return tuple(values)


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


_CORE = (("sources", Source), ("parties", Party), ("speakers", Speaker), ("issues", Issue),
         ("positions", Position), ("events", Event))


class QuoteRecords(Sequence[Quote]):
    """The quotes of a cached factbox, each decoded only when first used."""

    def __init__(self, view: memoryview, offsets: list[int], crcs: list[int],
                 by_speaker: dict[str, list[int]], reload: Callable[[], Sequence[Quote]]) -> None:
        self._reload = reload
        self._view = view
        self._offsets = offsets
        self._crcs = crcs
        self._made: list[Quote | None] = [None] * (len(offsets) - 1)
        self.by_speaker = by_speaker

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Quote: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Quote]: ...
    def __getitem__(self, index: int | slice) -> Quote | Sequence[Quote]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        quote = self._made[index]
        if quote is None:
            chunk = self._view[self._offsets[index]:self._offsets[index + 1]]
            try:
                if zlib.crc32(chunk) != self._crcs[index]:
                    raise ValueError("checksum")
                quote = _decode(Quote, marshal.loads(chunk))
            except (ValueError, EOFError, TypeError):
                # The entry was damaged after it was opened: read the file itself instead.
                self._made = list(self._reload())
                return self._made[index]  # type: ignore[return-value]
            self._made[index] = quote
        return quote

    def __iter__(self) -> Iterator[Quote]:
        return (self[i] for i in range(len(self)))


def load(key: str, reload: Callable[[], Sequence[Quote]]) -> Factbox | None:
    """The cached factbox for this content digest, or None for any kind of miss."""
    try:
        # Non-blocking, and only a regular file: a FIFO put in its place must not hang us.
        descriptor = os.open(_entry(key), os.O_RDONLY | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None
            mapped = mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
        finally:
            os.close(descriptor)
        view = memoryview(mapped)
        magic, length, crc = _HEAD.unpack_from(view, 0)
        header_bytes = view[_HEAD.size:_HEAD.size + length]
        if magic != MAGIC or len(header_bytes) != length or zlib.crc32(header_bytes) != crc:
            return None
        header = marshal.loads(header_bytes)
        if header.get("layout") != LAYOUT or header.get("key") != key:
            return None
        offsets = [_HEAD.size + length + offset for offset in header["offsets"]]
        if offsets[-1] != len(view):
            return None
        core = header["core"]
        factbox = Factbox(
            format=core["format"], title=core["title"], description=core["description"],
            as_of=PartialDate.parse(core["as_of"]) if core["as_of"] else None,
            scale=Scale(*core["scale"]), parties=[], issues=[],
            quotes=QuoteRecords(view, offsets, header["crcs"], header["by_speaker"], reload),
        )
        for name, cls in _CORE:
            setattr(factbox, name, [_decode(cls, row) for row in core[name]])
        return factbox
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, struct.error):
        return None


def store(key: str, factbox: Factbox) -> None:
    """Write the entry atomically; any failure leaves no file and is not an error."""
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        records = [marshal.dumps(_encode(quote)) for quote in factbox.quotes]
        offsets = [0]
        for record in records:
            offsets.append(offsets[-1] + len(record))
        by_speaker: dict[str, list[int]] = {}
        for index, quote in enumerate(factbox.quotes):
            by_speaker.setdefault(quote.speaker, []).append(index)
        core = {
            "format": factbox.format, "title": factbox.title, "description": factbox.description,
            "as_of": factbox.as_of.text if factbox.as_of else None,
            "scale": (factbox.scale.min, factbox.scale.max, dict(factbox.scale.labels)),
            **{name: [_encode(item) for item in getattr(factbox, name)] for name, _ in _CORE},
        }
        header = marshal.dumps({
            "layout": LAYOUT, "key": key, "core": core, "offsets": offsets,
            "crcs": [zlib.crc32(record) for record in records], "by_speaker": by_speaker,
        })
        import tempfile

        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".fbc")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(_HEAD.pack(MAGIC, len(header), zlib.crc32(header)))
                handle.write(header)
                for record in records:
                    handle.write(record)
            os.replace(temporary, _entry(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(directory)
    except (OSError, ValueError):
        return


def _prune(directory: Path) -> None:
    """Keep the newest entries only, so the cache cannot grow without bound."""
    entries = sorted(directory.glob("*.fbc"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()
