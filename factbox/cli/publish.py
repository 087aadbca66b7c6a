"""`factbox report`: a factbox as a page people read (HTML with charts, or an article in
Markdown), on stdout or written atomically to a file."""

# Real annotation objects, not strings: Typer reads these signatures on every run.
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app
from .options import AsOfOption, DataOption, IssueOption, NoCacheOption, PartyOption, as_of_factbox, load

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..report.page import Page


class PageFormat(str, Enum):
    html = "html"
    markdown = "markdown"

    @classmethod
    def _missing_(cls, value: object) -> "PageFormat | None":
        """`md`, as the listings' --format takes it."""
        return cls.markdown if value == "md" else None


@app.command()
def report(
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                               help="Write the page to FILE (atomically) instead of stdout.")] = None,
    page_format: Annotated[PageFormat, typer.Option("--format", "-f", case_sensitive=False,
                                                    help="html: one self-contained page with charts; markdown: "
                                                    "an article.")] = PageFormat.html,
    issue: IssueOption = None,
    party: PartyOption = None,
    as_of: AsOfOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Publish the factbox as a page: title and sources, where the parties are furthest apart
    and where there is common ground (with a chart per scored issue), each issue with every
    party's stance and quotes, and a timeline.

    \b
    Examples:
      factbox report -o report.html
      factbox report --format markdown --issue territory > territory.md
      factbox report --party ukraine --party russia -o two.html --force
      factbox report --as-of 2025-06 -o june.html
    """
    from ..reading import one_file
    from ..report.page import report_page

    factbox = as_of_factbox(load(data, no_cache), as_of)
    page = report_page(factbox, _made_from(one_file(data)), issue, party)
    _publish(_render(page, page_format), output, force)


def _made_from(location: str) -> str:
    """The data file's name as the page's footer gives it (never the folders it sits in)."""
    from pathlib import Path

    return "standard input" if location == "-" else Path(location).name


def _render(page: "Page", page_format: PageFormat) -> "Iterable[str]":
    if page_format is PageFormat.markdown:
        from ..report.markdown import write_markdown

        return [write_markdown(page)]
    from ..report.html import write_html

    return write_html(page)


def _publish(pieces: "Iterable[str]", output: str | None, force: bool) -> None:
    """To stdout, or to FILE through the one atomic writer (an existing file only with --force),
    as the pieces come."""
    if output is None or output == "-":
        from ..render.stream import write_out

        write_out(pieces)
        return
    from pathlib import Path

    from ..writing.atomic import may_replace, write_pieces

    may_replace(Path(output), force)
    write_pieces(output, (piece.encode("utf-8") for piece in pieces))
