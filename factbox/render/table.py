"""Rich tables for a terminal. Every cell is a `Text` built from sanitised data, so nothing
in the data is read as markup or reaches the terminal as a control sequence."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .listing import Column, Listing, Value, cell_text
from .output import Output
from .sanitize import visible


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich exits with status 1 here; a closed pipe is ExitCode.BROKEN_PIPE, like every format."""
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console_for(output: Output) -> Console:
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


def shown(value: str) -> str:
    """Untrusted text as a terminal shows it: controls escaped, newlines kept, tabs as spaces."""
    return visible(value.replace("\r\n", "\n"), keep_newlines=True).replace("\t", "    ")


#: Highlights in one cell, at most: each is a span Rich carries through every step of the
#: layout, so a word repeated a million times in one text would cost seconds and gigabytes.
MAX_HIGHLIGHTS = 1000


def data_text(value: str, style: str = "", highlight: tuple[str, ...] = ()) -> Text:
    """Untrusted text as a Rich Text (`shown`), with terms highlighted."""
    text = Text(shown(value), style=style)
    for start, end in _highlights(text.plain, highlight):
        text.stylize("bold reverse", start, end)
    return text


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


def write_table(listing: Listing, output: Output) -> None:
    console = console_for(output)
    if listing.title:
        console.print(data_text(listing.title, style="bold"))
    if listing.view == "compare":
        from .pivot import pivot_table

        console.print(pivot_table(listing))
    elif listing.view == "divergence":
        from .charts import divergence_table

        console.print(divergence_table(listing))
    else:
        widths = _fitted_widths(listing, console.width)
        if widths is not None:
            console.print(_row_table(listing, widths))
        else:
            console.print(_record_table(listing))


def _row_table(listing: Listing, widths: dict[str, int]) -> Table:
    columns = [column for column in listing.columns if column.key in widths]
    table = Table(box=box.SIMPLE_HEAD, show_header=True, header_style="bold", expand=False,
                  show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(
            column.header,
            justify="right" if column.numeric else "left",
            overflow="fold",
            width=widths[column.key],
        )
    for row in listing.rows:
        cells = []
        for column in columns:
            cell = data_text(_indent(listing, row, column) + cell_text(row[column.key]), highlight=listing.highlight)
            if column.detail and row.get(column.detail):
                cell.append("\n")
                cell.append_text(data_text(cell_text(row[column.detail]), style="dim"))
            cells.append(cell)
        table.add_row(*cells)
    return table


SHORT_COLUMN = 16


def _fitted_widths(listing: Listing, width: int) -> dict[str, int] | None:
    """The columns a table can show at this width, with their widths: all of them if they
    fit, else without the ones marked `droppable` (last first); None when even that fails."""
    columns = [column for column in listing.columns if column.in_table]
    droppable = [column for column in columns if column.droppable]
    while True:
        widths = _column_widths(listing, columns, width)
        if widths is not None or not droppable:
            return widths
        columns.remove(droppable.pop())


def _column_widths(listing: Listing, columns: list[Column], width: int) -> dict[str, int] | None:
    """Widths that keep short columns whole, or None when the terminal is too narrow for that.

    Each column starts at its longest word (prose at 12 cells, folding longer words); short
    columns then grow to fit their longest line, and prose shares what is left by weight.
    Decided here, not by Rich, so a table never runs past the terminal's edge.
    """
    available = width - (3 * len(columns) - 3)  # padding and separators, no outer edge
    if 2 * max((_depth(listing, row) for row in listing.rows), default=0) > available:
        return None  # a tree deeper than the terminal is wide (and its indents are not built)
    minimum: dict[str, int] = {}
    natural: dict[str, int] = {}
    for column in columns:
        keys = [column.key] + ([column.detail] if column.detail else [])
        # Measured as printed: escapes are wider than the characters they show, and an
        # indent belongs to the first word.
        texts = [shown(_indent(listing, row, column).replace(" ", "_") + cell_text(row[key]))
                 for row in listing.rows for key in keys]
        longest_word = max((cell_len(word) for text in texts for word in text.split()), default=0)
        longest_line = max((cell_len(line) for text in texts for line in text.splitlines()), default=0)
        header = cell_len(column.header)
        deepest = max((len(_indent(listing, row, column)) for row in listing.rows), default=0)
        minimum[column.key] = 12 + deepest if column.prose else max(longest_word, header)
        natural[column.key] = max(longest_line, minimum[column.key])
    widths = dict(minimum)
    spare = available - sum(widths.values())
    if spare < 0:
        return None

    def grow(column: Column, limit: int) -> None:
        nonlocal spare
        step = max(0, min(spare, limit - widths[column.key]))
        widths[column.key] += step
        spare -= step

    short = [c for c in columns if not c.prose]
    for column in short:  # short values whole on one line, up to a point
        grow(column, min(natural[column.key], SHORT_COLUMN))
    prose = [c for c in columns if c.prose and natural[c.key] > widths[c.key]]
    while spare > 0 and prose:  # then prose shares by weight
        weight = sum(c.prose for c in prose)
        budget = spare
        for column in prose:
            grow(column, widths[column.key] + max(1, budget * column.prose // weight))
        prose = [c for c in prose if natural[c.key] > widths[c.key]]
    for column in short:
        grow(column, natural[column.key])
    return widths


def _depth(listing: Listing, row: dict[str, Value]) -> int:
    depth = row.get("depth") if listing.indent else 0
    return depth if isinstance(depth, int) else 0


def _indent(listing: Listing, row: dict[str, Value], column: Column) -> str:
    return "  " * _depth(listing, row) if column.key == listing.indent else ""


def _record_table(listing: Listing) -> Table:
    """A terminal too narrow for the columns: each row as 'Header  value' lines, nothing lost."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    columns = [column for column in listing.columns if column.in_table]
    for number, row in enumerate(listing.rows):
        if number:
            table.add_row("", "")
        for column in columns:
            cell = data_text(cell_text(row[column.key]), highlight=listing.highlight)
            if column.detail and row.get(column.detail):
                cell.append_text(data_text(" (" + cell_text(row[column.detail]) + ")", style="dim"))
            table.add_row(Text(column.header), cell)
    return table
