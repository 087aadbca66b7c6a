"""The one shape every command's output takes before a writer turns it into text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

Value = str | int | float | bool | None | list[str] | dict[str, Any]


class Format(str, Enum):
    auto = "auto"
    table = "table"
    plain = "plain"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    #: Shown in the terminal table (machine formats always carry every column).
    in_table: bool = True
    #: Long prose: the table shares the spare width among prose columns by this weight.
    prose: int = 0
    #: A numeric column, right-aligned in tables.
    numeric: bool = False
    #: Left out of a terminal table that is too narrow for every column.
    droppable: bool = False
    #: Another column shown beneath this one in the same table cell (a speaker's role).
    detail: str | None = None


@dataclass(slots=True)
class Listing:
    columns: list[Column]
    rows: list[dict[str, Value]]
    #: Words to highlight in a terminal (search results).
    highlight: tuple[str, ...] = ()
    #: Indent this column's cells in a table by the row's `depth` (tree listings).
    indent: str | None = None
    #: A dedicated terminal view of these rows ("compare", "divergence"); None = one row each.
    view: str | None = None
    #: A line shown above the table in a terminal (a headline summary).
    title: str | None = None
    #: Stderr notes a human may want (counts, hints); never written to stdout.
    notes: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


def cell_text(value: Value) -> str:
    """A value as one piece of text: lists joined with '; ', nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}={cell_text(item)}" if not isinstance(item, dict) else
                         "; ".join(f"{key}/{k}={cell_text(v)}" for k, v in item.items())
                         for key, item in value.items())
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)
