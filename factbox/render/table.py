"""Rich tables for a terminal. Every cell is a `Text` built from sanitised data, so nothing
in the data is read as markup or reaches the terminal as a control sequence."""

from __future__ import annotations

import re

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .listing import Listing, cell_text
from .output import Output
from .sanitize import visible


def console_for(output: Output) -> Console:
    return Console(
        file=output.stream,
        width=output.width,
        force_terminal=output.color,
        color_system="auto" if output.color else None,
        no_color=not output.color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def data_text(value: str, style: str = "", highlight: tuple[str, ...] = ()) -> Text:
    """Untrusted text as a Rich Text: controls escaped, newlines kept, terms highlighted."""
    text = Text(visible(value.replace("\r\n", "\n"), keep_newlines=True).replace("\t", "    "), style=style)
    for term in highlight:
        if term:
            text.highlight_regex(re.compile(re.escape(term), re.IGNORECASE), style="bold reverse")
    return text


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
        console.print(_row_table(listing))


def _row_table(listing: Listing) -> Table:
    columns = [column for column in listing.columns if column.in_table]
    table = Table(box=box.SIMPLE_HEAD, show_header=True, header_style="bold", expand=False)
    for column in columns:
        table.add_column(
            column.header,
            justify="right" if column.numeric else "left",
            overflow="fold",
            no_wrap=column.code,
            ratio=column.prose or None,
            min_width=12 if column.prose else None,
        )
    for row in listing.rows:
        cells = []
        for column in columns:
            text = cell_text(row[column.key])
            if column.key == listing.indent:
                depth = row.get("depth")
                text = "  " * (depth if isinstance(depth, int) else 0) + text
            cell = data_text(text, highlight=listing.highlight)
            if column.detail and row.get(column.detail):
                cell.append("\n")
                cell.append_text(data_text(cell_text(row[column.detail]), style="dim"))
            cells.append(cell)
        table.add_row(*cells)
    return table
