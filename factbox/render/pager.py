"""Long output on a terminal goes through a pager, as with git and gh: `$FACTBOX_PAGER`, else
`$PAGER`, else `less` (with `LESS=FRX` when LESS is unset: quit at the end of one screen, keep
colour, leave the text on the screen). Either variable set but empty means no pager.

The output is held back only until it is taller than the screen; the pager starts then and
gets what was held and all that follows as it is written, so a short listing is written as
it is and a long one starts to show at once. Quitting the pager early ends factbox quietly
(exit 0): `PagerQuit` stops the writer, and `finish` waits for the pager to end.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from .stream import PagerQuit

#: Characters that make a pager command a shell command (a pipeline, a variable).
_SHELL = set("|&;<>()$`\\\"'*?[#~=%")


def pager_command(env: Mapping[str, str]) -> str | None:
    """The pager to run, or None when it is turned off (FACTBOX_PAGER= or PAGER= empty)."""
    for name in ("FACTBOX_PAGER", "PAGER"):
        if name in env:
            return env[name].strip() or None
    return "less"


class PagedStream:
    """Standard output that turns into a pager's input once more than `rows` lines were
    written (a TextIO as far as writers and Rich use one)."""

    def __init__(self, stream: TextIO, command: str, rows: int, env: Mapping[str, str]) -> None:
        self.stream = stream
        self.command = command
        self.rows = rows
        self.env = env
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        self.held: list[str] = []
        self.lines = 0
        self.pager: subprocess.Popen[str] | None = None
        self.interrupt: Any = None

    def write(self, text: str) -> int:
        if self.pager is not None:
            return self._to_pager(text)
        self.held.append(text)
        self.lines += text.count("\n")
        if self.lines >= self.rows:  # the last line of the screen is the pager's prompt
            self._start()
        return len(text)

    def _start(self) -> None:
        held, self.held = "".join(self.held), []
        env = dict(self.env)
        env.setdefault("LESS", "FRX")
        words = self.command if _SHELL & set(self.command) else shlex.split(self.command)
        try:
            self.pager = subprocess.Popen(words, shell=isinstance(words, str), stdin=subprocess.PIPE,
                                          env=env, text=True, encoding="utf-8", errors="replace")
        except OSError as error:
            sys.stderr.write(f"factbox: warning: cannot start the pager '{self.command}' ({error.strerror}); "
                             "writing without one\n")
            self.command = ""
            self.rows = sys.maxsize
            self.stream.write(held)
            return
        self.interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pager's, as in git
        self._to_pager(held)

    def _to_pager(self, text: str) -> int:
        assert self.pager is not None and self.pager.stdin is not None
        try:
            self.pager.stdin.write(text)
        except (BrokenPipeError, ValueError):
            raise PagerQuit() from None
        return len(text)

    def flush(self) -> None:
        if self.pager is None:
            self.stream.flush()
            return
        try:
            assert self.pager.stdin is not None
            self.pager.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise PagerQuit() from None

    def finish(self) -> None:
        """Write what is held (a short output) or close the pager's input and wait for it."""
        if self.pager is None:
            self.stream.write("".join(self.held))
            self.held = []
            self.stream.flush()
            return
        try:
            assert self.pager.stdin is not None
            self.pager.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        self.pager.wait()
        signal.signal(signal.SIGINT, self.interrupt)

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.stream.fileno()


def screen_rows(stream: TextIO, env: Mapping[str, str]) -> int | None:
    """The terminal's height: LINES when it is a plain number, else the terminal's own."""
    lines = env.get("LINES", "")
    if lines.isascii() and lines.isdigit() and 0 < int(lines) < 100_000:
        return int(lines)
    try:
        return os.get_terminal_size(stream.fileno()).lines or None
    except (AttributeError, OSError, ValueError):
        return None
