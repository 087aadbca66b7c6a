"""One writer per output format, chosen here: the match is exhaustive, so a `Format`
without a writer fails the type check (pip-audit's `assert_never`). Each writer is imported
only when chosen; machine formats never load Rich."""

from __future__ import annotations

from ..compat import assert_never
from .listing import Listing, sorted_by, with_fields
from .output import Format, Output
from .stream import PagerQuit, failures_reported


def write(listing: Listing, output: Output) -> None:
    """Write the rows in the chosen format, and flush them: every row reaches the stream, or
    OutputError (BrokenPipeError for a closed pipe) says it did not. Through the pager, if
    the output is paged, which has ended when this returns. --sort, then --fields, first."""
    fields, sort, reverse = output.shape
    if sort:
        sorted_by(listing, sort, reverse)
    if fields:
        with_fields(listing, fields)
    with failures_reported():
        try:
            _write_format(listing, output)
            output.stream.flush()
        except PagerQuit:
            pass  # the reader has seen enough: as git does, that is success
        finally:
            output.finish()


def _write_format(listing: Listing, output: Output) -> None:
    out = output.stream
    match output.format:
        case Format.plain:
            from .delimited import write_tsv

            write_tsv(listing, out, False, output.spreadsheet_safe)
        case Format.tsv:
            from .delimited import write_tsv

            write_tsv(listing, out, output.headers, output.spreadsheet_safe)
        case Format.csv:
            from .delimited import write_csv

            write_csv(listing, out, output.headers, output.is_terminal, output.spreadsheet_safe)
        case Format.json:
            from .jsonout import write_json

            write_json(listing, out)
        case Format.jsonl:
            from .jsonout import write_jsonl

            write_jsonl(listing, out)
        case Format.markdown:
            from .markdown import write_markdown

            write_markdown(listing, out, output.headers)
        case Format.cite:
            from .cite import write_cite

            write_cite(listing, out, output.is_terminal)
        case Format.table | Format.auto:  # auto is resolved before this; a table if not
            from .table import write_table

            write_table(listing, output)
        case _:
            assert_never(output.format)
