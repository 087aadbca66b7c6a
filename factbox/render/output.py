"""Where output goes and how it looks: decided once per run from options and environment,
then handed to the writers, so nothing deep inside asks `isatty()` (httpie's Environment)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

from ..records import Record
from .listing import Format, Listing


class Output(Record):
    __slots__ = ("color", "format", "headers", "is_terminal", "stream", "width")

    def __init__(self, stream: TextIO, is_terminal: bool, color: bool, format: Format, headers: bool = True,
                 width: int | None = None) -> None:
        self.stream = stream
        self.is_terminal = is_terminal
        self.color = color
        self.format = format
        self.headers = headers
        self.width = width


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


def resolve_output(
    format: Format,
    color: str = "auto",
    headers: bool = True,
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
) -> Output:
    stream = stream or sys.stdout
    env = os.environ if env is None else env
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if format is Format.auto:
        format = Format.table if is_terminal else Format.plain
    width = None
    if env.get("COLUMNS", "").isdigit():
        width = int(env["COLUMNS"])
    return Output(stream, is_terminal, wants_color(color, is_terminal, env), format, headers, width)


def write(listing: Listing, output: Output) -> None:
    """Write the rows in the chosen format; machine formats bypass Rich entirely."""
    out = output.stream
    match output.format:
        case Format.plain:
            from .delimited import write_tsv

            write_tsv(listing, out, headers=False)
        case Format.tsv:
            from .delimited import write_tsv

            write_tsv(listing, out, output.headers)
        case Format.csv:
            from .delimited import write_csv

            write_csv(listing, out, output.headers, output.is_terminal)
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
