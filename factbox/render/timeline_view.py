"""The terminal view of `timeline`: the rows under a heading for each month (and for each year
whose dates have no month), so a reader scans by time."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from .listing import Listing, Value, cell_text
from .terminal import data_text, shown

DATE_WIDTH = 14  #: 'September 2025' on one line
KIND_WIDTH = 6
WHO_WIDTH = (8, 20)  #: least and most
ISSUE_WIDTH = (8, 18)
WHAT_WIDTH = 24
KIND_STYLES = {"event": "bold", "stance": "cyan", "quote": "italic"}


def timeline_table(listing: Listing, width: int) -> Table | None:
    """One table: a bold heading row where the month changes, then the rows of that month.
    Who and issue take their longest line up to a limit (less when the terminal is narrow),
    what the rest. None when even the least widths do not fit (records instead)."""
    who = _fitted([line for row in listing.rows for line in _who(row).splitlines()], WHO_WIDTH)
    issue = _fitted([cell_text(i) for row in listing.rows for i in _issues(row)], ISSUE_WIDTH)
    while _width([DATE_WIDTH, KIND_WIDTH, who, issue, WHAT_WIDTH]) > width and (
            who > WHO_WIDTH[0] or issue > ISSUE_WIDTH[0]):
        if who >= issue and who > WHO_WIDTH[0]:
            who -= 1
        else:
            issue -= 1
    fixed = [DATE_WIDTH, KIND_WIDTH, who, issue]
    if _width([*fixed, WHAT_WIDTH]) > width:
        return None
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, pad_edge=False)
    for header, column_width in zip(("Date", "Kind", "Who", "Issue"), fixed, strict=True):
        table.add_column(header, width=column_width, overflow="fold")
    table.add_column("What", width=width - _width(fixed) - 3, overflow="fold")
    heading: tuple[Value, Value] | None = None
    for row in listing.rows:
        if (row.get("factbox"), row["heading"]) != heading:  # several files: each its own months
            heading = (row.get("factbox"), row["heading"])
            table.add_row(data_text(cell_text(row["heading"]), style="bold underline"), *(Text() for _ in range(3)),
                          data_text(cell_text(row.get("factbox")), style="bold"))
        date = cell_text(row["date"]) + (" (in part)" if row.get("date_coarse") else "")
        kind = cell_text(row["kind"])
        names = data_text(cell_text(row.get("party_name")))
        if row.get("speaker_name"):
            names.append_text(data_text("\n" + cell_text(row["speaker_name"]), style="dim"))
        table.add_row(data_text(date), data_text(kind, style=KIND_STYLES.get(kind, "")), names,
                      data_text("\n".join(_issues(row))), data_text(cell_text(row["shown"])))
    return table


def _width(columns: list[int]) -> int:
    """The cells a table of these columns takes: no outer edge, three cells between columns."""
    return sum(columns) + 3 * (len(columns) - 1)


def _who(row: dict[str, Value]) -> str:
    return "\n".join(cell_text(row.get(key)) for key in ("party_name", "speaker_name") if row.get(key))


def _issues(row: dict[str, Value]) -> list[str]:
    issues = row.get("issues")
    return [cell_text(i) for i in issues] if isinstance(issues, list) else []


def _fitted(lines: list[str], limits: tuple[int, int]) -> int:
    """The longest line as printed, within the limits."""
    least, most = limits
    return max(least, min(most, max((cell_len(shown(line)) for line in lines), default=0)))
