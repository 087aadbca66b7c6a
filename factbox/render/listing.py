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
    is shown beneath this other one instead (an issue's question beneath its title); yields: a
    column that may be left out is left out, too, when that at least halves the lines the rows
    wrap onto (an issue's id beside its title).
    """

    __slots__ = ("beneath", "detail", "drop", "header", "in_table", "key", "least", "machine", "numeric", "prose",
                 "style", "yields")

    def __init__(self, key: str, header: str, in_table: bool = True, prose: int = 0, numeric: bool = False,
                 drop: int = 0, detail: str | None = None, machine: bool = True, least: int = 16,
                 style: str = "", beneath: str | None = None, yields: bool = False) -> None:
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
        self.yields = yields


class Listing(Record):
    """Rows with their columns, and what a terminal view needs besides.

    highlight: words to highlight in a terminal (search); indent: the column indented by each
    row's `depth` (trees); view: how a terminal shows it; title: a headline shown above a
    terminal table; notes: stderr lines for a human in a terminal (counts); status: the exit
    status once it is written (`diff --exit-code` found differences); parties: every party id
    of the file in its order, so that each party has one colour in every view
    (terminal.party_style); order: what the rows' order means when it is the point of the
    listing ('rank', 'date'), where --sort is refused rather than quietly undo it.
    """

    __slots__ = ("columns", "highlight", "indent", "notes", "order", "parties", "rows", "status", "title", "view")

    def __init__(self, columns: list[Column], rows: list[dict[str, Value]], highlight: tuple[str, ...] = (),
                 indent: str | None = None, view: View = View.rows, title: str | None = None,
                 notes: list[str] | None = None, status: int = 0, parties: list[str] | None = None,
                 order: str | None = None) -> None:
        self.status = status
        self.order = order
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


def with_fields(listing: Listing, fields: str) -> Listing:
    """Only these fields ('id,text'), in this order, in every format; a terminal shows them as
    a plain table of those columns, whatever the listing's own view (gh's --json FIELDS)."""
    from ..errors import UsageError

    by_key = {column.key: column for column in listing.machine_columns}
    keys = [key.strip() for key in fields.split(",") if key.strip()]
    unknown = [key for key in keys if key not in by_key]
    if unknown or not keys:
        raise UsageError(f"--fields: no field {', '.join(repr(k) for k in unknown) or 'given'}",
                         hint=f"the fields here: {', '.join(by_key)}")
    listing.columns = [Column(key, by_key[key].header, prose=by_key[key].prose, numeric=by_key[key].numeric,
                              least=by_key[key].least, style=by_key[key].style) for key in keys]
    listing.view = View.rows
    listing.indent = listing.indent if listing.indent in keys else None
    return listing


def sorted_by(listing: Listing, field: str, reverse: bool = False) -> Listing:
    """The rows in the order of one field (numbers as numbers, text without case); rows
    without a value last, reversed or not (`--sort date` puts the undated last). A sorted
    tree is no longer drawn as one."""
    from ..errors import UsageError

    keys = listing.keys
    if listing.order:
        raise UsageError(f"--sort: these rows are ordered by {listing.order}, and that order is what they show",
                         hint=f"to reorder them anyway: -f json | jq 'sort_by(.{field})'")
    if field not in keys:
        raise UsageError(f"--sort: no field '{field}'", hint=f"the fields here: {', '.join(keys)}")
    present = [row for row in listing.rows if row.get(field) not in (None, "", [])]
    missing = [row for row in listing.rows if row.get(field) in (None, "", [])]
    present.sort(key=lambda row: _order(row[field]), reverse=reverse)
    listing.rows = present + missing
    listing.indent = None
    return listing


def _order(value: Value) -> tuple[int, float, str]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, cell_text(value).casefold())
