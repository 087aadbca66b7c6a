"""Where output goes and how it looks: decided once per run from options and environment,
then handed to the writers, so nothing deep inside asks `isatty()` (httpie's Environment)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any, TextIO, cast

from ..records import Record
from .stream import ChunkedWriter, standard_output


class Format(str, Enum):
    """Output formats of a listing; render/writers.py must write each (mypy checks it)."""

    auto = "auto"
    table = "table"
    plain = "plain"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    cite = "cite"  #: one ready citation per line (quotes only)

    @classmethod
    def _missing_(cls, value: object) -> Format | None:
        """The short forms people type: `md`, `ndjson`."""
        return _SHORT_FORMS.get(str(value))


_SHORT_FORMS = {"md": Format.markdown, "ndjson": Format.jsonl, "txt": Format.plain}


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Output(Record):
    """paged: the pager's stream (render/pager.py) when long output on this terminal is paged;
    wide: a table keeps every column, even those a narrow terminal would leave out; shape:
    --fields, --sort and --reverse, applied to the listing before it is written."""

    __slots__ = ("color", "format", "headers", "is_terminal", "paged", "shape", "spreadsheet_safe", "stream",
                 "wide", "width")

    def __init__(self, stream: TextIO, is_terminal: bool, color: bool, format: Format, headers: bool = True,
                 width: int | None = None, spreadsheet_safe: bool = False, paged: Any = None,
                 wide: bool = False, shape: tuple[str | None, str | None, bool] = (None, None, False)) -> None:
        self.stream = stream
        self.is_terminal = is_terminal
        self.color = color
        self.format = format
        self.headers = headers
        self.width = width
        self.spreadsheet_safe = spreadsheet_safe
        self.paged = paged
        self.wide = wide
        self.shape = shape

    def finish(self) -> None:
        """The end of the output: a short one is written now, a paged one waits for its pager."""
        if self.paged is not None:
            self.paged.finish()


def wants_color(choice: Color, is_terminal: bool, env: Mapping[str, str]) -> bool:
    """--color, then NO_COLOR, FORCE_COLOR/CLICOLOR_FORCE, CLICOLOR=0, TERM=dumb, then the TTY test."""
    if choice is not Color.auto:
        return choice is Color.always
    if env.get("NO_COLOR"):
        return False
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE"):
        if env.get(name) and env[name] != "0":
            return True
    if env.get("CLICOLOR") == "0" or env.get("TERM") in ("dumb", "unknown"):
        return False
    return is_terminal


#: Widths a table can be laid out in (narrower, a record's values have no room left).
MIN_WIDTH = 20
MAX_WIDTH = 10_000
DEFAULT_WIDTH = 80


def usable_width(columns: str) -> int | None:
    """COLUMNS as a width, or None when it is not a plain decimal number from MIN_WIDTH to
    MAX_WIDTH: `0` printed no data at all, and `²` passes str.isdigit() but not int()."""
    if not re.fullmatch("[0-9]{1,6}", columns):
        return None
    width = int(columns)
    return width if MIN_WIDTH <= width <= MAX_WIDTH else None


def table_width(stream: TextIO, is_terminal: bool, env: Mapping[str, str]) -> int:
    """COLUMNS when it is usable, else the terminal's own width, else 80: an unusable width
    means an unknown one."""
    width = usable_width(env.get("COLUMNS", ""))
    if width is None and is_terminal:
        try:
            width = usable_width(str(os.get_terminal_size(stream.fileno()).columns))
        except (AttributeError, OSError, ValueError):
            width = None
    return width or DEFAULT_WIDTH


def resolve_output(
    format: Format,
    color: Color = Color.auto,
    headers: bool = True,
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    spreadsheet_safe: bool = False,
    pager: bool = True,
    wide: bool = False,
    shape: tuple[str | None, str | None, bool] = (None, None, False),
) -> Output:
    stream = stream or standard_output()
    env = os.environ if env is None else env
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if format is Format.auto:
        format = Format.table if is_terminal else Format.plain
    width = table_width(stream, is_terminal, env)
    paged = _paged(stream, env) if is_terminal and pager else None
    return Output(cast(TextIO, ChunkedWriter(paged or stream)), is_terminal, wants_color(color, is_terminal, env),
                  format, headers, width, spreadsheet_safe, paged, wide, shape)


def _paged(stream: TextIO, env: Mapping[str, str]) -> Any:
    """A stream that becomes the pager's once the output is taller than the screen; None when
    no pager is wanted or the screen's height is unknown."""
    from .pager import PagedStream, pager_command, screen_rows  # only on a terminal

    command = pager_command(env)
    rows = screen_rows(stream, env) if command else None
    return PagedStream(stream, command, rows, env) if command and rows else None
