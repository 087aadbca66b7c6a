"""What every terminal writer shares: a Rich console that obeys the resolved output, and
untrusted text turned into table cells (Rich `Text` with colour, plain text without) that can
never be read as markup or reach the terminal as a control sequence."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .layout import Cell, Piece, styled_text
from .output import Output
from .sanitize import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def console_for(output: Output) -> Console:
    """Rich's console, imported only to write colour: without it a table is plain text, and
    importing rich.console would cost more than laying the table out."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Rich exits with status 1 here; a closed pipe is ExitCode.BROKEN_PIPE, like every format."""
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Console(
        file=output.stream,
        width=output.width,
        height=25,  # unused; given, with the width, so that Rich never reads COLUMNS or LINES itself
        force_terminal=output.color,
        color_system="auto" if output.color else None,
        no_color=not output.color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def line_writer(output: Output) -> Callable[[Piece], None]:
    """Writes one laid-out line (render/layout.py) to the output: plain text as it is, the
    quickest way; with colour, a Text through Rich's console, which writes its styles."""
    stream = output.stream
    if output.color:
        console = console_for(output)

        def write(line: Piece) -> None:
            if isinstance(line, str):
                stream.write(line + "\n")
            else:
                console.print(line, soft_wrap=True)

        return write

    def write_plain(line: Piece) -> None:
        stream.write((line if isinstance(line, str) else line.plain) + "\n")

    return write_plain


#: One colour per party, by its place in the file (Listing.parties), the same in every view;
#: never the only sign of a party, whose name or code is always written too.
PARTY_COLOURS = ("cyan", "magenta", "yellow", "blue", "green", "red")


def party_style(parties: list[str], party: str) -> str:
    return PARTY_COLOURS[parties.index(party) % len(PARTY_COLOURS)] if party in parties else ""


def shown(value: str) -> str:
    """Untrusted text as a terminal shows it: controls escaped, newlines kept, tabs as spaces."""
    return visible(value.replace("\r\n", "\n"), keep_newlines=True).replace("\t", "    ")


#: Highlights in one cell, at most: each is a span Rich carries through every step of the
#: layout, so a word repeated a million times in one text would cost seconds and gigabytes.
MAX_HIGHLIGHTS = 1000


def data_text(value: str, style: str = "", highlight: tuple[str, ...] = ()) -> Text:
    """Untrusted text as a Rich Text (`shown`), with terms highlighted."""
    text = styled_text(shown(value), style)
    for start, end in _highlights(text.plain, highlight):
        text.stylize("bold reverse", start, end)
    return text


def data_cell(value: str, styled: bool, style: str = "", highlight: tuple[str, ...] = ()) -> Cell:
    """Untrusted text as a table cell: `data_text` with colour to write, else plain (`shown`)."""
    return data_text(value, style, highlight) if styled else shown(value)


def _highlights(plain: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the terms occur, without case: overlapping and touching matches merged into one
    span, and no more than MAX_HIGHLIGHTS spans (the first ones)."""
    found: list[tuple[int, int]] = []
    for term in terms:
        if term:
            found += _merged(match.span() for match in re.finditer(re.escape(term), plain, re.IGNORECASE))
    return _merged(iter(sorted(found)))


def _merged(spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif len(merged) == MAX_HIGHLIGHTS:
            break
        else:
            merged.append((start, end))
    return merged
