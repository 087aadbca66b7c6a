"""The terminal view of `timeline`: the rows under a heading for each month (and for each year
whose dates have no month), so a reader scans by time."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text

from .layout import Field, TableView
from .listing import Listing, Value, cell_text
from .terminal import data_text, party_style

KIND_STYLES = {"event": "bold", "stance": "cyan", "quote": "italic"}


def timeline_view(listing: Listing) -> TableView:
    """A bold heading row where the month changes (and the file, with several), then the rows
    of that month; laid out as every table is (the issues left out first when narrow)."""
    fields = [Field("Date"), Field("Kind"), Field("Who"), Field("Issue", drop=1), Field("What", weight=3, least=24)]
    return TableView(fields, _rows(listing), spaced=False)


def _rows(listing: Listing) -> Iterator[list[Text]]:
    heading: tuple[Value, Value] | None = None
    for row in listing.rows:
        if (row.get("factbox"), row["heading"]) != heading:  # several files: each its own months
            heading = (row.get("factbox"), row["heading"])
            yield [data_text(cell_text(row["heading"]), style="bold underline"), Text(), Text(), Text(),
                   data_text(cell_text(row.get("factbox")), style="bold")]
        date = cell_text(row["date"]) + (" (in part)" if row.get("date_coarse") else "")
        kind = cell_text(row["kind"])
        colour = party_style(listing.parties, cell_text(row.get("party")))
        names = data_text(cell_text(row.get("party_name")), style=colour)
        if row.get("speaker_name"):
            names.append_text(data_text("\n" + cell_text(row["speaker_name"]), style="dim"))
        yield [data_text(date), data_text(kind, style=KIND_STYLES.get(kind, "")), names,
               data_text("\n".join(_issues(row))), data_text(cell_text(row["shown"]))]


def _issues(row: dict[str, Value]) -> list[str]:
    issues = row.get("issues")
    return [cell_text(i) for i in issues] if isinstance(issues, list) else []
