"""Where output goes and how it looks: decided once per run from options and environment,
then handed to the writers, so nothing deep inside asks `isatty()` (httpie's Environment)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TextIO, cast

from ..records import Record
from ..writing import ChunkedWriter, failures_reported, standard_output
from .listing import Format, Listing


class Output(Record):
    __slots__ = ("color", "format", "headers", "is_terminal", "spreadsheet_safe", "stream", "width")

    def __init__(self, stream: TextIO, is_terminal: bool, color: bool, format: Format, headers: bool = True,
                 width: int | None = None, spreadsheet_safe: bool = False) -> None:
        self.stream = stream
        self.is_terminal = is_terminal
        self.color = color
        self.format = format
        self.headers = headers
        self.width = width
        self.spreadsheet_safe = spreadsheet_safe


def wants_color(choice: str, is_terminal: bool, env: Mapping[str, str]) -> bool:
    """--color, then NO_COLOR, FORCE_COLOR/CLICOLOR_FORCE, CLICOLOR=0, TERM=dumb, then the TTY test."""
    if choice != "auto":
        return choice == "always"
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
    color: str = "auto",
    headers: bool = True,
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    spreadsheet_safe: bool = False,
) -> Output:
    stream = stream or standard_output()
    env = os.environ if env is None else env
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if format is Format.auto:
        format = Format.table if is_terminal else Format.plain
    return Output(cast(TextIO, ChunkedWriter(stream)), is_terminal, wants_color(color, is_terminal, env), format,
                  headers, table_width(stream, is_terminal, env), spreadsheet_safe)


def write(listing: Listing, output: Output) -> None:
    """Write the rows in the chosen format, and flush them: every row reaches the stream, or
    OutputError (BrokenPipeError for a closed pipe) says it did not."""
    with failures_reported():
        _write_format(listing, output)
        output.stream.flush()


def _write_format(listing: Listing, output: Output) -> None:
    """Machine formats bypass Rich entirely."""
    out = output.stream
    match output.format:
        case Format.plain:
            from .delimited import write_tsv

            write_tsv(listing, out, False, output.spreadsheet_safe)
        case Format.tsv:
            from .delimited import write_tsv

            write_tsv(listing, out, output.headers, output.spreadsheet_safe)
        case Format.csv:
            from .delimited import write_csv

            write_csv(listing, out, output.headers, output.is_terminal, output.spreadsheet_safe)
        case Format.json:
            from .jsonout import write_json

            write_json(listing, out)
        case Format.jsonl:
            from .jsonout import write_jsonl

            write_jsonl(listing, out)
        case Format.markdown:
            from .markdown import write_markdown

            write_markdown(listing, out, output.headers)
        case Format.table | Format.auto:
            from .table import write_table

            write_table(listing, output)
