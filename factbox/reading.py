"""Find and read a factbox file's bytes and text, with one clear message per way it can fail."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path

from .errors import DataError, UsageError
from .records import Record

STDIN = "-"
MAX_BYTES = 512 * 1024 * 1024

class SourceText(Record):
    """A data file's name as the user gave it, and its decoded text."""

    __slots__ = ("name", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text


def read_source(location: str) -> SourceText:
    """Read a path, or standard input for `-`, with a clear message for each way it can fail."""
    if location == STDIN:
        return SourceText("<stdin>", decode(_read_stdin(), "<stdin>"))
    return SourceText(location, decode(read_bytes(location), location))


def read_bytes(location: str) -> bytes:
    """A regular file's bytes, opened once: the checks (a regular file, within MAX_BYTES) are
    made on the open descriptor, so a name swapped for a link to /dev/zero or a FIFO after
    a check cannot be read instead, and the read stops one byte past the limit whatever the
    file claims. Opened without blocking, so a FIFO is refused, not waited on."""
    if not location:
        raise DataError("an empty file name was given", hint="name a factbox file, or - for standard input")
    try:
        descriptor = os.open(location, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataError(f"{location}: no such file", hint="check the path, or set FACTBOX_DATA") from None
    except PermissionError:
        raise DataError(f"{location}: permission denied") from None
    except OSError as error:
        raise DataError(f"{location}: cannot read: {error.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(f"{location}: is a directory, not a factbox file")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{location}: not a regular file (a pipe or a device)",
                            hint="to read a stream, pass --data - and send it to standard input")
        if info.st_size > MAX_BYTES:
            raise DataError(f"{location}: file is {info.st_size} bytes; the limit is {MAX_BYTES}")
        data = _read_at_most(descriptor, MAX_BYTES + 1)
    except OSError as error:
        raise DataError(f"{location}: cannot read: {error.strerror}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:
        raise DataError(f"{location}: file is larger than the limit of {MAX_BYTES} bytes")
    return data


def _read_at_most(descriptor: int, limit: int) -> bytes:
    pieces: list[bytes] = []
    remaining = limit
    while remaining > 0:
        piece = os.read(descriptor, min(remaining, 1 << 20))
        if not piece:
            break
        pieces.append(piece)
        remaining -= len(piece)
    return b"".join(pieces)


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None or stream.closed:
        raise DataError("standard input is closed", hint="pipe a factbox in, or pass --data FILE")
    try:
        data = stream.buffer.read(MAX_BYTES + 1) if hasattr(stream, "buffer") else stream.read().encode()
    except (OSError, ValueError) as error:
        raise DataError(f"cannot read standard input: {error}") from None
    if len(data) > MAX_BYTES:
        raise DataError(f"standard input is larger than the limit of {MAX_BYTES} bytes")
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8, or UTF-16/32 announced by a byte-order mark, as YAML allows."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    encoding = next((name for bom, name in boms if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise DataError(
            f"{name}:{line}:{column}: not valid {encoding.upper().replace('-SIG', '')} text "
            f"(byte 0x{data[error.start]:02x})",
            hint="save the file as UTF-8",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise DataError(f"{name}:{line}:{column}: NUL character — a factbox is a text file")
    return text


def default_data_path() -> Path:
    """The bundled dataset: installed inside the package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "positions.yaml", here.parent / "data" / "positions.yaml"):
        if candidate.is_file():
            return candidate
    return here / "data" / "positions.yaml"


def data_locations(data: list[str] | None, default: bool = True) -> list[str]:
    """The paths --data names, in order; else FACTBOX_DATA's, split at os.pathsep (Click
    would split a repeatable option's variable at spaces); else the bundled dataset (with
    `default`)."""
    if data:
        return list(data)
    return [path for path in os.environ.get("FACTBOX_DATA", "").split(os.pathsep) if path] or (
        [str(default_data_path())] if default else [])


def is_directory(location: str) -> bool:
    return location != STDIN and os.path.isdir(location)


def one_file(data: list[str] | None, changed: bool = False) -> str:
    """The one file a command that writes or compares versions reads (add, edit, remove,
    diff, log): several files or a folder is a usage error. A file to be `changed` has no
    default (the bundled dataset is never written)."""
    locations = data_locations(data, default=not changed)
    if not locations:
        raise UsageError("name the factbox file to change with --data FILE (or FACTBOX_DATA)",
                         hint="factbox init FILE starts a new one")
    if len(locations) != 1 or is_directory(locations[0]):
        named = "a folder" if len(locations) == 1 else f"{len(locations)} paths"
        raise UsageError(f"this command reads one factbox file, and --data names {named}",
                         hint="name one file with --data FILE")
    return locations[0]
