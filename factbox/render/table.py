"""The terminal table: a listing as rows under headers, or as records when the terminal is too
narrow, or the listing's own view, all laid out by the rules of `layout` and written a row at a
time. Every cell is built from sanitised data (`terminal.data_cell`): a Rich `Text` when
there is colour to write, plain text when there is not."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..compat import assert_never
from .layout import (
    GAP,
    Cell,
    Field,
    Piece,
    Row,
    TableView,
    header_lines,
    pieces,
    plan,
    record_lines,
    sample_of,
    table_lines,
)
from .listing import Column, Listing, Value, View, cell_text
from .output import Output
from .terminal import data_cell, line_writer

#: Writes one line of the table (see terminal.line_writer).
LineWriter = Callable[[Piece], None]


def write_table(listing: Listing, output: Output, fields_only: bool = False) -> None:
    """`fields_only`: a plain table of the listing's columns whatever its view (--fields)."""
    width, styled = output.width or 80, output.color
    line = line_writer(output)
    if listing.title:
        for piece in pieces(data_cell(listing.title, styled, style="bold"), width, styled) or []:
            line(piece)
    view = rows_view(listing, output.wide, styled) if fields_only else _view(listing, output.wide, styled)
    sample, rows = sample_of(view.rows)
    chosen = plan(view.columns, sample, width, keep_all=output.wide)
    if chosen is not None and chosen.left_out:
        headers = ", ".join(view.columns[i].header for i in chosen.left_out)
        listing.notes.append(f"left out at this width: {headers} (--wide, a wider terminal, or -f plain or "
                             "-f json has every field)")
    if chosen is None:
        _records(view, rows, width, styled, line)
    else:
        _rows(view, sample, rows, chosen.widths, (width, styled), line)
    if view.caption is not None:
        for piece in pieces(view.caption, width, styled) or []:
            line(piece)


def _rows(view: TableView, sample: list[Row], rows: Iterator[Row], widths: dict[int, int],
          screen: tuple[int, bool], line: LineWriter) -> None:
    """The table, a row at a time; a row with a word too wide for its column (one after the
    sample the widths were chosen from) is written as a record, never cut."""
    width, styled = screen
    spaced = view.spaced
    if spaced is None:
        spaced = any(len(table_lines(view.columns, row, widths, False) or "many") > 1 for row in sample)
    for piece in header_lines(view.columns, widths, styled) if view.headers else ():
        line(piece)
    blank = " " * (sum(widths.values()) + GAP * (len(widths) - 1))
    first = True
    for row in rows:
        laid = table_lines(view.columns, row, widths, styled)
        if laid is None:
            laid = [blank, *record_lines(view.columns, row, width, styled), blank]
        if spaced and not first:
            line(blank)
        for piece in laid:
            line(piece)
        first = False


def _records(view: TableView, rows: Iterator[Row], width: int, styled: bool, line: LineWriter) -> None:
    """A terminal too narrow for the columns: each row as 'Header  value' lines, nothing lost."""
    for number, row in enumerate(rows):
        if number:
            line(" " * width)
        for piece in record_lines(view.columns, row, width, styled):
            line(piece)


def _view(listing: Listing, wide: bool, styled: bool) -> TableView:
    """The listing's terminal view; each is its own module, imported only when shown."""
    match listing.view:
        case View.rows:
            return rows_view(listing, wide, styled)
        case View.compare:
            from .compare_view import compare_view

            return compare_view(listing)
        case View.divergence:
            from .divergence_view import divergence_view

            return divergence_view(listing)
        case View.diff:
            from .diff_view import diff_view

            return diff_view(listing)
        case View.timeline:
            from .timeline_view import timeline_view

            return timeline_view(listing)
        case _:
            assert_never(listing.view)


def field_of(column: Column) -> Field:
    """A listing's column as the layout sees it."""
    return Field(column.header, weight=column.prose, least=column.least, numeric=column.numeric, drop=column.drop,
                 yields=column.yields)


def rows_view(listing: Listing, wide: bool = False, styled: bool = True) -> TableView:
    """The table of the listing's own columns (those shown in a table); with `wide`, a column
    that has a place beneath another is shown there rather than beside it; its cells plain
    text unless `styled`."""
    columns = [c for c in listing.columns if c.in_table and not (wide and c.beneath)]
    under: dict[str, list[Column]] = {}
    for column in listing.columns:
        if column.in_table and wide and column.beneath:
            under.setdefault(column.beneath, []).append(column)
    spaced = False if listing.indent else None  # a tree's indents show where each row starts
    return TableView([field_of(column) for column in columns], _cells(listing, columns, under, styled), spaced=spaced)


def _cells(listing: Listing, columns: list[Column], under: dict[str, list[Column]], styled: bool) -> Iterator[Row]:
    highlight = listing.highlight
    for row in listing.rows:
        cells = []
        for column in columns:
            indent = _indent(listing, row, column)
            cell = data_cell(indent + cell_text(row[column.key]), styled, column.style, highlight)
            for extra, style in [(column.detail, "dim"), *((c.key, "italic") for c in under.get(column.key, ()))]:
                if extra and row.get(extra):
                    cell = _appended(cell, "\n" + indent, data_cell(cell_text(row[extra]), styled, style, highlight))
            cells.append(cell)
        yield cells


def _appended(cell: Cell, separator: str, more: Cell) -> Cell:
    if isinstance(cell, str) and isinstance(more, str):
        return cell + separator + more
    assert not isinstance(cell, str) and not isinstance(more, str), "a cell is styled or plain, never both"
    cell.append(separator)
    cell.append_text(more)
    return cell


#: The deepest a tree is drawn: an indent wider would leave no room (and would cost memory
#: in proportion to depth times rows).
MAX_INDENT = 20


def _indent(listing: Listing, row: dict[str, Value], column: Column) -> str:
    depth = row.get("depth") if listing.indent == column.key else 0
    return "  " * min(depth, MAX_INDENT) if isinstance(depth, int) else ""

