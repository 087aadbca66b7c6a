"""The terminal table: a listing as rows under headers, or as records when the terminal is too
narrow, or the listing's own view, all laid out by the rules of `layout` and written a row at a
time. Every cell is a `Text` built from sanitised data (`terminal.data_text`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rich.text import Text

from ..compat import assert_never
from .layout import GAP, Field, Piece, TableView, header_lines, plan, record_lines, sample_of, table_lines, wrap
from .listing import Column, Listing, Value, View, cell_text
from .output import Output
from .terminal import data_text, line_writer

#: Writes one line of the table (see terminal.line_writer).
LineWriter = Callable[[Piece], None]


def write_table(listing: Listing, output: Output, fields_only: bool = False) -> None:
    """`fields_only`: a plain table of the listing's columns whatever its view (--fields)."""
    width = output.width or 80
    line = line_writer(output)
    if listing.title:
        for piece in wrap(data_text(listing.title, style="bold"), width):
            line(piece)
    view = rows_view(listing, output.wide) if fields_only else _view(listing, output.wide)
    sample, rows = sample_of(view.rows)
    chosen = plan(view.columns, sample, width, keep_all=output.wide)
    if chosen is not None and chosen.left_out:
        headers = ", ".join(view.columns[i].header for i in chosen.left_out)
        listing.notes.append(f"left out at this width: {headers} (--wide, a wider terminal, or -f plain or "
                             "-f json has every field)")
    if chosen is None:
        _records(view, rows, width, output.color, line)
    else:
        _rows(view, sample, rows, chosen.widths, (width, output.color), line)
    if view.caption is not None:
        for piece in wrap(view.caption, width):
            line(piece)


def _rows(view: TableView, sample: list[list[Text]], rows: Iterator[list[Text]], widths: dict[int, int],
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


def _records(view: TableView, rows: Iterator[list[Text]], width: int, styled: bool, line: LineWriter) -> None:
    """A terminal too narrow for the columns: each row as 'Header  value' lines, nothing lost."""
    for number, row in enumerate(rows):
        if number:
            line(" " * width)
        for piece in record_lines(view.columns, row, width, styled):
            line(piece)


def _view(listing: Listing, wide: bool) -> TableView:
    """The listing's terminal view; each is its own module, imported only when shown."""
    match listing.view:
        case View.rows:
            return rows_view(listing, wide)
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


def rows_view(listing: Listing, wide: bool = False) -> TableView:
    """The table of the listing's own columns (those shown in a table); with `wide`, a column
    that has a place beneath another is shown there rather than beside it."""
    columns = [c for c in listing.columns if c.in_table and not (wide and c.beneath)]
    under: dict[str, list[Column]] = {}
    for column in listing.columns:
        if column.in_table and wide and column.beneath:
            under.setdefault(column.beneath, []).append(column)
    spaced = False if listing.indent else None  # a tree's indents show where each row starts
    return TableView([field_of(column) for column in columns], _cells(listing, columns, under), spaced=spaced)


def _cells(listing: Listing, columns: list[Column], under: dict[str, list[Column]]) -> Iterator[list[Text]]:
    for row in listing.rows:
        cells = []
        for column in columns:
            indent = _indent(listing, row, column)
            cell = data_text(indent + cell_text(row[column.key]), style=column.style, highlight=listing.highlight)
            for extra, style in [(column.detail, "dim"), *((c.key, "italic") for c in under.get(column.key, ()))]:
                if extra and row.get(extra):
                    cell.append("\n" + indent)
                    cell.append_text(data_text(cell_text(row[extra]), style=style, highlight=listing.highlight))
            cells.append(cell)
        yield cells


#: The deepest a tree is drawn: an indent wider would leave no room (and would cost memory
#: in proportion to depth times rows).
MAX_INDENT = 20


def _indent(listing: Listing, row: dict[str, Value], column: Column) -> str:
    depth = row.get("depth") if listing.indent == column.key else 0
    return "  " * min(depth, MAX_INDENT) if isinstance(depth, int) else ""

