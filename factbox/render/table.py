"""The terminal table: a listing as rows under headers, or as records when the terminal is
too narrow, or the listing's own view. Every cell is a `Text` built from sanitised data
(`terminal.data_text`)."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ..compat import assert_never
from .listing import Column, Listing, Value, View, cell_text
from .output import Output
from .terminal import console_for, data_text, shown


def write_table(listing: Listing, output: Output) -> None:
    console = console_for(output)
    if listing.title:
        console.print(data_text(listing.title, style="bold"))
    console.print(_view(listing, console.width))


def _view(listing: Listing, width: int) -> RenderableType:
    """The listing's terminal view; each is its own module, imported only when shown."""
    match listing.view:
        case View.rows:
            widths = _fitted_widths(listing, width)
            if widths is None:
                return _record_table(listing)
            left_out = [c.header for c in listing.columns if c.in_table and c.key not in widths]
            if left_out:
                listing.notes.append(f"left out at this width: {', '.join(left_out)} "
                                     "(a wider terminal, or -f plain or -f json, has every field)")
            return _row_table(listing, widths)
        case View.compare:
            from .compare_view import compare_table

            view = compare_table(listing, width)
        case View.divergence:
            from .divergence_view import divergence_table

            view = divergence_table(listing, width)
        case View.diff:
            from .diff_view import diff_table

            view = diff_table(listing, width)
        case View.timeline:
            from .timeline_view import timeline_table

            view = timeline_table(listing, width)
        case _:
            assert_never(listing.view)
    return view if view is not None else _record_table(listing)  # a view too wide would crop its data


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
