"""The one set of layout rules for every terminal table, whatever the listing or view.

- Widths come from a bounded sample of rows (SAMPLE), so a long listing starts to appear at
  once and the memory used does not grow with it; rows are then laid out and written one at
  a time.
- A word is never broken: every column is at least as wide as its longest word, and a prose
  column at least its readable width (`Field.least`, about 24 cells for a quote). When that
  cannot fit, the fields that may be left out go first (highest `drop` first, the rightmost of
  equals first; their headers are named once on stderr), and if it still cannot fit, every row
  is written as a record (`Header  value` lines). A later row with a word too long for its
  column is written as a record too, never cut. A field that may be left out and `yields` is
  also left out when that at least halves the lines the sample's rows wrap onto.
- Punctuation standing alone (`—`, `:`, `…`) stays on the line of the word before it.

A cell is a Rich `Text` when there is colour to write, else plain text (`Cell`): a piped
table never imports `rich.text`, which costs more than laying out a short listing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, TypeAlias

from rich.cells import cell_len, get_character_cell_size

from ..records import Record

if TYPE_CHECKING:
    from rich.text import Text

#: A cell of a table: styled, or plain text when there is no colour to write.
Cell: TypeAlias = "Text | str"
#: A row of cells (a view's are all Text).
Row: TypeAlias = "Sequence[Cell]"
#: A laid-out line, styled or plain as its cells are.
Piece: TypeAlias = "Cell"


def plain_of(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.plain


def styled_text(plain: str = "", style: str = "") -> Text:
    """A Rich Text, imported only when there is colour to write."""
    from rich.text import Text

    return Text(plain, style=style)

#: Rows measured to choose the widths of a table.
SAMPLE = 200
#: Cells between columns.
GAP = 2
#: A short field (a name, a date, a count) grows to show its longest value whole up to this
#: width before prose gets the rest.
SHORT = 16
#: The narrowest a prose field may become (Field.least's default) and still read as text.
READABLE = 16
#: Writing without spaces between words (Chinese, Japanese): a line may break between any two
#: of its characters, so each is a word of its own.
_UNSPACED = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
#: A word of ASCII text with the punctuation standing alone after it (" -", " ?").
_ASCII_WORD = re.compile(r"\S+(?:\s+[^\w\s]+(?!\S))*")
_PUNCTUATION = re.compile(r"[^\w\s]+")


class Field(Record):
    """A column as the layout sees it.

    weight: 0 for short text, else prose that shares the spare width by this weight; least:
    the readable width of a prose field; numeric: right-aligned; verbatim: lines drawn as they
    are (a chart), never wrapped; drop: 0 never left out, else left out of a narrow table,
    the highest first; yields: left out, too, where that halves the lines rows wrap onto."""

    __slots__ = ("drop", "header", "least", "numeric", "verbatim", "weight", "yields")

    def __init__(self, header: str, weight: int = 0, least: int = READABLE, numeric: bool = False,
                 verbatim: bool = False, drop: int = 0, yields: bool = False) -> None:
        self.yields = yields
        self.header = header
        self.weight = weight
        self.least = least
        self.numeric = numeric
        self.verbatim = verbatim
        self.drop = drop


@cache
def _word() -> re.Pattern[str]:
    """A word of any writing: compiled on first use, for text beyond ASCII only (its classes
    of unspaced writing take longer to compile than a short table takes to lay out)."""
    return re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")


def words(plain: str) -> list[tuple[int, int]]:
    """Where the words of a line are (each character of unspaced writing is one); punctuation
    standing alone is joined to the word before."""
    if plain.isascii():  # one regular expression for all of it: words are most of a long table's time
        return [match.span() for match in _ASCII_WORD.finditer(plain)]
    spans: list[tuple[int, int]] = []
    for match in _word().finditer(plain):
        token = match.group()
        if spans and not token[0].isalnum() and _PUNCTUATION.fullmatch(token):
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append(match.span())
    return spans


def cells(text: str) -> int:
    """The cells `text` takes on a terminal (ASCII: one each, without Rich's slower count)."""
    return len(text) if text.isascii() else cell_len(text)


def longest_word(text: Cell) -> int:
    """The widest word, counting the indent of a tree's first word with it."""
    plain = plain_of(text)
    return _lead(plain) + max((cells(line[start:end]) for line in plain.split("\n")
                               for start, end in words(line)), default=0)


def _lead(plain: str) -> int:
    return len(plain) - len(plain.lstrip(" "))


def widest_line(text: Cell) -> int:
    plain = plain_of(text)
    return max((cells(line) for line in plain.split("\n")), default=0)


def line_spans(plain: str, width: int, fold: bool) -> tuple[int, list[tuple[int, int]]] | None:
    """The lines of `plain` at `width` cells as (indent, [(start, end), …]), broken between
    words only. A word wider than the width is folded with `fold` (no layout could hold it),
    else the answer is None (the row goes to the record layout). A tree's indent is kept on
    every line, unless it leaves no room."""
    lead = _lead(plain)
    if lead >= width:
        lead = 0
    room = width - lead
    spans: list[tuple[int, int]] = []
    offset = lead
    ascii_only = plain.isascii()  # a cell a character: sizes are differences of offsets
    for line in plain[lead:].split("\n"):
        start = end = -1
        used = 0
        for word_start, word_end in words(line):
            if start >= 0:
                step = (word_end - (end - offset) if ascii_only
                        else cells(line[end - offset:word_start]) + cells(line[word_start:word_end]))
                if used + step <= room:
                    used += step
                    end = offset + word_end
                    continue
                spans.append((start, end))
            start, end = offset + word_start, offset + word_end
            used = word_end - word_start if ascii_only else cells(line[word_start:word_end])
            while used > room:  # a word no line can hold
                if not fold:
                    return None
                cut = _cut(plain, start, end, room)
                spans.append((start, cut))
                start, used = cut, cells(plain[cut:end])
        spans.append((start, end) if start >= 0 else (offset, offset))
        offset += len(line) + 1
    return lead, spans


def _cut(plain: str, start: int, end: int, width: int) -> int:
    """Where a word folded at `width` cells ends its first line (at least one character)."""
    used = 0
    for cut in range(start, end):
        used += get_character_cell_size(plain[cut])
        if used > width:
            return max(cut, start + 1)
    return end


def _pieces(text: Text, spans: list[tuple[int, int]]) -> list[Text]:
    """The text's pieces at these spans, styles kept, cut in one pass (a highlighted text may
    hold a thousand styles, which each cut would walk again)."""
    from rich.text import Text

    if not text.spans:
        return [Text(text.plain[start:end], style=text.style) for start, end in spans]
    cuts = sorted({offset for span in spans for offset in span})
    by_start = dict(zip([0, *cuts], text.divide(cuts), strict=False))
    return [by_start[start] if end > start else Text("", style=text.style) for start, end in spans]


def pieces(text: Cell, width: int, styled: bool, fold: bool = True) -> list[Piece] | None:
    """The text in lines of at most `width` cells (see line_spans), as Text or plain text."""
    plain = plain_of(text)
    laid = line_spans(plain, width, fold)
    if laid is None:
        return None
    lead, spans = laid
    if not styled:
        return [" " * lead + plain[start:end] for start, end in spans]
    styled_cell = styled_text(text) if isinstance(text, str) else text
    return [styled_text(" " * lead).append_text(piece) if lead else piece for piece in _pieces(styled_cell, spans)]


class TableView(Record):
    """What a terminal shows of a listing: its columns (as layout Fields), rows of cells (made as they are written),
    and a caption (a legend) under them. `spaced`: a blank line between rows, where rows take
    several lines (None: decided from the first rows); `headers`: a header row over them."""

    __slots__ = ("caption", "columns", "headers", "rows", "spaced")

    def __init__(self, fields: list[Field], rows: Iterator[Row], caption: Cell | None = None,
                 spaced: bool | None = None, headers: bool = True) -> None:
        self.columns = fields
        self.rows = rows
        self.caption = caption
        self.spaced = spaced
        self.headers = headers


class Plan(Record):
    """Which fields a table shows (by index) and how wide each is."""

    __slots__ = ("left_out", "widths")

    def __init__(self, widths: dict[int, int], left_out: list[int]) -> None:
        self.widths = widths
        self.left_out = left_out


def plan(fields: list[Field], sample: list[Row], width: int, keep_all: bool = False) -> Plan | None:
    """The widths of a table of these fields at this width, leaving out what may be left out
    (not with keep_all) until the rest fit; None when they cannot (records instead)."""
    shown = list(range(len(fields)))
    droppable = sorted((i for i in shown if fields[i].drop and not keep_all), key=lambda i: (fields[i].drop, i))
    while True:
        widths = _widths(fields, shown, sample, width)
        if widths is not None or not droppable:
            break
        shown.remove(droppable.pop())
    if widths is None:
        return None
    yielding = [i for i in droppable if fields[i].yields]
    wrapped = _wrapped_lines(fields, sample, widths) if yielding else 0
    if wrapped:
        narrower = [i for i in shown if i not in yielding]
        trial = _widths(fields, narrower, sample, width)
        if trial is not None and 2 * _wrapped_lines(fields, sample, trial) <= wrapped:
            shown, widths = narrower, trial
    return Plan(widths, [i for i in range(len(fields)) if i not in shown])


def _wrapped_lines(fields: list[Field], sample: list[Row], widths: dict[int, int]) -> int:
    """The lines the sample's rows take at these widths beyond one each."""
    lines = 0
    for row in sample:
        height = 1
        for i, width in widths.items():
            plain = plain_of(row[i])
            if not fields[i].verbatim and cells(plain) > width:
                laid = line_spans(plain, width, fold=True)
                height = max(height, len(laid[1]) if laid else 1)
        lines += height - 1
    return lines


def _widths(fields: list[Field], shown: list[int], sample: list[Row], width: int) -> dict[int, int] | None:
    least: dict[int, int] = {}
    natural: dict[int, int] = {}
    for i in shown:
        field = fields[i]
        cells = [row[i] for row in sample]
        longest = max((widest_line(c) for c in cells), default=0)
        word = max((longest_word(c) for c in cells), default=0)
        header = longest_word(field.header)
        if field.verbatim:
            least[i] = max(longest, header)
        elif field.weight:
            least[i] = max(word, header, min(field.least, longest))
        else:  # a short value stays on one line, up to SHORT
            least[i] = max(word, header, min(longest, SHORT))
        natural[i] = max(longest, cell_len(field.header), least[i])
    spare = width - GAP * (len(shown) - 1) - sum(least.values())
    if spare < 0:
        return None
    widths = dict(least)

    def grow(i: int, limit: int) -> None:
        nonlocal spare
        step = max(0, min(spare, limit - widths[i]))
        widths[i] += step
        spare -= step

    def share(limits: dict[int, int]) -> None:
        """Prose grows by weight towards these limits."""
        prose = [i for i in shown if fields[i].weight and limits[i] > widths[i]]
        while spare > 0 and prose:
            budget, weight = spare, sum(fields[i].weight for i in prose)
            for i in prose:
                grow(i, min(limits[i], widths[i] + max(1, budget * fields[i].weight // weight)))
            prose = [i for i in prose if limits[i] > widths[i]]

    short = [i for i in shown if not fields[i].weight]
    share({i: min(natural[i], 2 * least[i]) for i in shown})  # prose comfortable first,
    for i in short:  # then short values whole,
        grow(i, natural[i])
    share(natural)  # then prose as wide as it needs
    return widths


def _joined(parts: list[Piece], styled: bool) -> Piece:
    if not styled:
        return "".join(parts)  # type: ignore[arg-type]
    line = styled_text()
    for part in parts:
        if isinstance(part, str):
            line.append(part)
        else:
            line.append_text(part)
    return line


def _size(piece: Piece) -> int:
    return cells(piece) if isinstance(piece, str) else piece.cell_len


def _padded(piece: str, width: int, numeric: bool) -> str:
    room = " " * (width - cells(piece))
    return room + piece if numeric else piece + room


def table_lines(fields: list[Field], row: Row, widths: dict[int, int], styled: bool) -> list[Piece] | None:
    """One row laid out as lines of the table, each as wide as the table (so that the columns
    line up whatever the characters' widths); None when a word does not fit its column (a
    row after the sample: the record layout then)."""
    columns: list[tuple[int, list[Piece], int]] = []
    for i, width in widths.items():
        cell = row[i]
        if fields[i].verbatim:
            laid: list[Piece] | None = _lines(cell, styled)
            if laid is not None and max((_size(p) for p in laid), default=0) > width:
                return None
        else:
            laid = pieces(cell, width, styled, fold=False)
        if laid is None:
            return None
        columns.append((i, laid, width))
    height = max((len(lines) for _, lines, _ in columns), default=1)
    if not styled:  # plain text, the quickest: most of a long listing's time is spent here
        padded = [[_padded(line, width, fields[i].numeric) for line in lines] +  # type: ignore[arg-type]
                  [" " * width] * (height - len(lines)) for i, lines, width in columns]
        return [(" " * GAP).join(line) for line in zip(*padded, strict=True)]
    out: list[Piece] = []
    for n in range(height):
        parts: list[Piece] = []
        for number, (i, lines, width) in enumerate(columns):
            piece = lines[n] if n < len(lines) else ""
            room = " " * max(0, width - _size(piece))
            if number:
                parts.append(" " * GAP)
            parts.extend((room, piece) if fields[i].numeric else (piece, room))
        out.append(_joined(parts, styled))
    return out


def header_lines(fields: list[Field], widths: dict[int, int], styled: bool) -> list[Piece]:
    """The headers, bold, over a rule as wide as the table."""
    cells_: list[Cell] = [""] * len(fields)
    for i in widths:
        cells_[i] = _bold(fields[i].header, styled)
    total = sum(widths.values()) + GAP * (len(widths) - 1)
    lines = table_lines(fields, cells_, widths, styled) or []
    return [*lines, "─" * total]


def record_lines(fields: list[Field], row: Row, width: int, styled: bool) -> list[Piece]:
    """One row as a record: each non-empty field as ` Header  value`, the value wrapped, every
    line as wide as the terminal."""
    label = min(max((cells(f.header) for f in fields), default=0), width // 3)
    room = max(1, width - label - GAP - 1)
    out: list[Piece] = []
    for field, cell in zip(fields, row, strict=True):
        plain = plain_of(cell)
        if not plain:
            continue
        if not field.verbatim and _lead(plain):  # a record shows no tree
            cell = cell[_lead(plain):]
        header = _bold(field.header, styled)
        if cells(field.header) > label:  # a long header (a party's name) on lines of its own
            for piece in pieces(header, width - 1, styled) or []:
                out.append(_joined([" ", piece, " " * max(0, width - 1 - _size(piece))], styled))
            header = ""
        if field.verbatim and widest_line(cell) > room:  # a chart under its header, as wide as it can be
            out.append(_joined([" ", header, " " * (width - 1 - cells(field.header))], styled))
            for line in _lines(cell, styled):
                for piece in pieces(line, width - 1, styled) or []:
                    out.append(_joined([" ", piece, " " * max(0, width - 1 - _size(piece))], styled))
            continue
        lines = _lines(cell, styled) if field.verbatim else pieces(cell, room, styled) or []
        for n, piece in enumerate(lines):
            head: list[Piece] = [" ", header, " " * (label - _size(header))] if n == 0 else [" " * (label + 1)]
            out.append(_joined([*head, " " * GAP, piece, " " * max(0, room - _size(piece))], styled))
    return out


def _lines(cell: Cell, styled: bool) -> list[Piece]:
    """A verbatim cell's lines as they are (a chart), styled or plain."""
    if isinstance(cell, str) or not styled:
        return list(plain_of(cell).split("\n"))
    return list(cell.split("\n"))


def _bold(header: str, styled: bool) -> Piece:
    return styled_text(header, "bold") if styled else header


def sample_of(rows: Iterable[Row]) -> tuple[list[Row], Iterator[Row]]:
    """The first SAMPLE rows, and all the rows (those first) to lay out."""
    iterator = iter(rows)
    sample = list(islice(iterator, SAMPLE))
    return sample, _chain(sample, iterator)


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest
