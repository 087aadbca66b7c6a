"""The one shape every command's output takes before a writer turns it into text."""

from __future__ import annotations

from enum import Enum
from typing import Any

from ..records import Record

Value = str | int | float | bool | None | list[str] | dict[str, Any]


class View(Enum):
    """How a terminal shows a listing: rows under headers, or a view of its own."""

    rows = "rows"
    compare = "compare"  #: one column per party (render/compare_view.py)
    divergence = "divergence"  #: each issue's scale drawn with the parties on it (render/divergence_view.py)
    timeline = "timeline"  #: rows under month headings (render/timeline_view.py)
    diff = "diff"  #: the summary, then each change coloured as a diff (render/diff_view.py)


class Column(Record):
    """One field of a listing.

    in_table: shown in the terminal table; machine: carried by the machine formats (a column
    with machine=False exists only to lay out a table, e.g. a date with its basis);
    prose: long text that shares the spare table width with other prose, by this weight;
    least: the narrowest a prose column may be and still read well (render/layout.py);
    numeric: right-aligned; drop: 0 never left out of a table, else left out of a table too
    narrow for every column, the highest first (layout's one rule for every listing);
    detail: another column shown beneath this one in the same cell (a speaker's role);
    style: how a table shows it (ids dim); beneath: with --wide, a column that may be left out
    is shown beneath this other one instead (an issue's question beneath its title).
    """

    __slots__ = ("beneath", "detail", "drop", "header", "in_table", "key", "least", "machine", "numeric", "prose",
                 "style")

    def __init__(self, key: str, header: str, in_table: bool = True, prose: int = 0, numeric: bool = False,
                 drop: int = 0, detail: str | None = None, machine: bool = True, least: int = 16,
                 style: str = "", beneath: str | None = None) -> None:
        self.key = key
        self.header = header
        self.in_table = in_table
        self.machine = machine
        self.prose = prose
        self.least = least
        self.numeric = numeric
        self.drop = drop
        self.detail = detail
        self.style = style
        self.beneath = beneath


class Listing(Record):
    """Rows with their columns, and what a terminal view needs besides.

    highlight: words to highlight in a terminal (search); indent: the column indented by each
    row's `depth` (trees); view: how a terminal shows it; title: a headline shown above a
    terminal table; notes: stderr lines for a human in a terminal (counts); status: the exit
    status once it is written (`diff --exit-code` found differences); parties: every party id
    of the file in its order, so that each party has one colour in every view
    (terminal.party_style).
    """

    __slots__ = ("columns", "highlight", "indent", "notes", "parties", "rows", "status", "title", "view")

    def __init__(self, columns: list[Column], rows: list[dict[str, Value]], highlight: tuple[str, ...] = (),
                 indent: str | None = None, view: View = View.rows, title: str | None = None,
                 notes: list[str] | None = None, status: int = 0, parties: list[str] | None = None) -> None:
        self.status = status
        self.columns = columns
        self.rows = rows
        self.highlight = highlight
        self.indent = indent
        self.view = view
        self.title = title
        self.notes = notes or []
        self.parties = parties or []

    @property
    def machine_columns(self) -> list[Column]:
        return [column for column in self.columns if column.machine]

    @property
    def keys(self) -> list[str]:
        """The fields of every machine format, in order."""
        return [column.key for column in self.machine_columns]


def cell_text(value: Value) -> str:
    """A value as one piece of text: lists joined with '; ', nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell_text(item) for item in value)  # strings, or a diff's records (log)
    if isinstance(value, dict):
        return "; ".join(f"{key}={cell_text(item)}" if not isinstance(item, dict) else
                         "; ".join(f"{key}/{k}={cell_text(v)}" for k, v in item.items())
                         for key, item in value.items())
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)
