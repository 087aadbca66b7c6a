"""Where output goes and how it looks: decided once per run from options and environment,
then handed to the writers, so nothing deep inside asks `isatty()` (httpie's Environment)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from enum import Enum
from typing import TextIO

from ..records import Record


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


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


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


def resolve_output(
    format: Format,
    color: Color = Color.auto,
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
