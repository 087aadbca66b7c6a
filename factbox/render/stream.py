"""Writing to standard output: all of it, or a clear failure. Never output cut short with an
exit status of 0.

CPython hands a single write larger than the stream's buffer (8 KiB) straight to the file,
and when a pipe's reader goes away during such a write, or the disk fills, the part not
written can vanish without an error. Text is therefore passed on in pieces that go through
the buffer, whose flush reports every failure, and the stream is flushed before a command
counts as done.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

from ..errors import OutputError

#: Characters per write: at most 8 KiB of UTF-8, so that no piece bypasses the buffer.
CHUNK = 2048


class PagerQuit(Exception):
    """The pager ended before the output did (the reader pressed q): nothing more to write,
    and nothing wrong (render/pager.py)."""


class ChunkedWriter:
    """A text stream that passes what it is given on to `stream` in pieces of CHUNK
    characters (only what writers and Rich use of a TextIO: write, flush, isatty, fileno,
    encoding)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        for start in range(0, len(text), CHUNK):
            self.stream.write(text[start:start + CHUNK])
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


def standard_output() -> TextIO:
    """sys.stdout, or OutputError when the process was started with it closed (`>&-`)."""
    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    return sys.stdout


#: The ways a write to standard output fails (others are not about the output).
OUTPUT_FAILURES = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE, errno.EBADF,
                             errno.ENXIO})


def output_failure(error: OSError) -> OutputError | BrokenPipeError | None:
    """What a failed write to standard output means, or None for another kind of OSError."""
    if error.errno == errno.EPIPE:
        return BrokenPipeError(errno.EPIPE, error.strerror)
    if error.errno in OUTPUT_FAILURES:
        return OutputError(f"cannot write output: {error.strerror or error}")
    return None


@contextmanager
def failures_reported() -> Iterator[None]:
    """Turns a failed write into OutputError ('cannot write output: No space left on
    device'), except a closed pipe, which stays BrokenPipeError (exit 141)."""
    try:
        yield
    except OSError as error:
        raise (output_failure(error) or error) from None


def write_out(text: str | Iterable[str]) -> None:
    """Write `text` (or each of its pieces in turn) to standard output and flush it, or raise
    OutputError."""
    with failures_reported():
        stream = standard_output()
        writer = ChunkedWriter(stream)
        for piece in [text] if isinstance(text, str) else text:
            writer.write(piece)
        stream.flush()
