"""Every option declared once, and `listing_command`, which gives a command the options all
listings share, loads the data and writes the listing the command returns (csvkit's base
utility and sqlite-utils' `output_options`, without restating the options in each body)."""

# Real annotation objects, not strings: these Annotated types are what Typer reads.
import functools
import inspect
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, ParamSpec

import typer

from ..render.output import Color, Format

if TYPE_CHECKING:
    from ..model import Factbox
    from ..render.listing import Listing
    from ..render.output import Output

P = ParamSpec("P")

DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        "-d",
        envvar="FACTBOX_DATA",
        metavar="FILE",
        help="Factbox file to read ('-' for standard input). Default: the bundled dataset.",
        show_envvar=True,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", envvar="FACTBOX_NO_CACHE", show_envvar=True,
                 help="Read the file itself, not the cache of it kept in ~/.cache/factbox."),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        envvar="FACTBOX_FORMAT",
        case_sensitive=False,
        help="Output format: auto is a table on a terminal and plain when piped.",
        show_envvar=True,
    ),
]
NoHeadersOption = Annotated[
    bool, typer.Option("--no-headers", help="Leave out the header row (tsv, csv, markdown).")
]
SpreadsheetSafeOption = Annotated[
    bool,
    typer.Option("--spreadsheet-safe", help="In csv, tsv and plain, put ' before a cell a spreadsheet would run "
                 "as a formula (= + - @ tab CR; numbers stay as they are)."),
]
NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Write straight to the terminal, even when the output is taller than it "
                       "(else FACTBOX_PAGER, PAGER or less).")
]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        metavar="[auto|always|never]",
        help="Colour in tables. auto follows NO_COLOR, FORCE_COLOR, TERM=dumb and the terminal.",
    ),
]


class Basis(str, Enum):
    stated = "stated"
    reported = "reported"
    inferred = "inferred"


BasisOption = Annotated[
    list[Basis] | None,
    typer.Option("--basis", metavar="BASIS", help="Only stances known this way: stated, reported or inferred; "
                 "repeat for several."),
]
AllPartiesOption = Annotated[
    bool, typer.Option("--all-parties", help="Measure mediators and observers too (by default they are shown "
                       "but never widen a gap; naming one with --party includes it)."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="The factbox as it stood on DATE (YYYY[-MM[-DD]]; a year or "
                 "month means its last day): each stance as last recorded by then, the earliest known carried "
                 "back before that, later quotes left out."),
]


class SearchIn(str, Enum):
    text = "text"
    context = "context"
    all = "all"


def load(data: str | None, no_cache: bool = False) -> "Factbox":
    """The factbox named by --data, FACTBOX_DATA or the bundled dataset."""
    from ..loading import load as load_location
    from ..reading import data_location

    return load_location(data_location(data), use_cache=not no_cache)


def as_of_factbox(factbox: "Factbox", moment: str | None) -> "Factbox":
    """The factbox as it stood on --as-of DATE (asof.py has the rule), or itself without one."""
    from ..asof import as_of
    from ..queries import parse_date

    return as_of(factbox, parse_date(moment, "--as-of"))


#: The options every listing shares, after its own options in this order: (declaration,
#: default) by parameter name. Each may also be typed before the command (`placement`).
SHARED: dict[str, tuple[Any, Any]] = {
    "data": (DataOption, None),
    "no_cache": (NoCacheOption, False),
    "format": (FormatOption, Format.auto),
    "no_headers": (NoHeadersOption, False),
    "color": (ColorOption, Color.auto),
    "spreadsheet_safe": (SpreadsheetSafeOption, False),
    "no_pager": (NoPagerOption, False),
}


def _shared_options() -> list[inspect.Parameter]:
    return [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in SHARED.items()]


def listing_command(body: "Callable[Concatenate[Factbox, P], Listing]") -> Callable[..., None]:
    """A command from a function of the factbox and the command's own options that returns
    the listing to write: the options of SHARED are added after its own options, in that order."""
    own = inspect.signature(body)
    parameters = [*list(own.parameters.values())[1:], *_shared_options()]

    @functools.wraps(body)
    def command(**options: Any) -> None:
        shared = {name: options.pop(name) for name in SHARED}
        run: Callable[..., Listing] = body  # the options left are the command's own, by name
        listing = run(load(shared["data"], shared["no_cache"]), **options)
        emit(listing, _output(shared))

    command.__signature__ = own.replace(parameters=parameters, return_annotation=None)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


def _output(shared: dict[str, Any]) -> "Output":
    from ..render.output import resolve_output

    return resolve_output(shared["format"], shared["color"], headers=not shared["no_headers"],
                          spreadsheet_safe=shared["spreadsheet_safe"], pager=not shared["no_pager"])


def emit(listing: "Listing", output: "Output") -> None:
    """Write the listing, then its notes for a human on stderr when the output is a terminal."""
    from ..render.writers import write

    if output.format is Format.cite and "citation" not in listing.keys:
        from ..errors import UsageError

        raise UsageError("-f cite is a format of quotes only", hint="factbox quotes -f cite")
    write(listing, output)
    if listing.notes and output.is_terminal:
        for note in listing.notes:
            sys.stderr.write(note + "\n")


def completer(kind: str) -> Callable[[Any, str], list[tuple[str, str]]]:
    """Shell completion of `kind` ("issue", "party" or "speaker") from the data in use: the
    --data typed so far, else the default; never standard input (see `completion`)."""

    def complete(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
        from ..completion import items, names
        from ..reading import STDIN, data_location

        location = data_location((ctx.params or {}).get("data"))
        if location == STDIN:
            return []
        try:
            factbox = load(location)
        except Exception:
            return []
        return items(incomplete, names(factbox, kind))

    return complete


def names_option(flag: str, short: str, metavar: str, help: str, kind: str) -> Any:
    """A repeatable option naming parties, speakers or issues, completed from the data."""
    return typer.Option(flag, short, metavar=metavar, help=help, autocompletion=completer(kind))


PartyOption = Annotated[
    list[str] | None, names_option("--party", "-p", "PARTY", "A party by id, name or alias; repeat for several.",
                                   "party"),
]
SpeakerOption = Annotated[
    list[str] | None, names_option("--speaker", "-s", "NAME", "A speaker by id, name, surname or alias.", "speaker"),
]
IssueOption = Annotated[
    list[str] | None, names_option("--issue", "-i", "ISSUE", "An issue (its sub-issues included).", "issue"),
]
