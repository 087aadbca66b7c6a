"""Every option declared once, and `listing_command`, which gives a command the options all
listings share, loads the data and writes the listing the command returns (csvkit's base
utility and sqlite-utils' `output_options`, without restating the options in each body)."""

# Real annotation objects, not strings: these Annotated types are what Typer reads.
import functools
import inspect
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, ParamSpec

import typer

from ..render.output import Color, Format

if TYPE_CHECKING:
    from ..archive import Member, Skipped
    from ..model import Factbox
    from ..render.listing import Listing
    from ..render.output import Output

P = ParamSpec("P")

DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        "-d",
        metavar="PATH",
        help="Factbox file to read ('-' for standard input), or a folder: every *.yaml/*.yml below it; repeat "
             f"for several. Default: FACTBOX_DATA (paths separated by '{os.pathsep}'), else the bundled dataset.",
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
FieldsOption = Annotated[
    str | None, typer.Option("--fields", metavar="FIELDS", help="Only these fields, in this order, in every format "
                             "(comma-separated: --fields id,text; a table of them in a terminal).")
]
SortOption = Annotated[
    str | None, typer.Option("--sort", metavar="FIELD", help="Rows in the order of FIELD (numbers as numbers; rows "
                             "without it last: --sort date puts the undated last).")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="With --sort, the other way round (those without the "
                                                               "field still last).")]
WideOption = Annotated[
    bool, typer.Option("--wide", help="In a table, keep every column, even those a narrow terminal leaves out "
                       "(each row as a record if they cannot fit).")
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


def load(data: list[str] | None, no_cache: bool = False) -> "Factbox":
    """The one factbox named by --data, FACTBOX_DATA or the bundled dataset (`one_file`)."""
    from ..loading import load as load_location
    from ..reading import one_file

    return load_location(one_file(data), use_cache=not no_cache)


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
    "wide": (WideOption, False),
    "fields": (FieldsOption, None),
    "sort": (SortOption, None),
    "reverse": (ReverseOption, False),
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
        answer(run, shared["data"], shared["no_cache"], options, functools.partial(_output, shared))

    command.__signature__ = own.replace(parameters=parameters, return_annotation=None)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


def files_command(body: "Callable[P, Listing]") -> Callable[..., None]:
    """A command that reads files of its own (diff, log: one file or two, versions from git):
    like `listing_command`, but --data and --no-cache are handed to the body, not loaded. The
    listing's `status` is the exit status once it is written."""
    own = inspect.signature(body)
    parameters = [*(p for p in own.parameters.values() if p.name not in SHARED), *_shared_options()]

    @functools.wraps(body)
    def command(**options: Any) -> None:
        shared = {name: options.pop(name) for name in SHARED}
        run: Callable[..., Listing] = body  # its own options, and --data and --no-cache
        listing = run(data=shared["data"], no_cache=shared["no_cache"], **options)
        emit(listing, _output(shared))
        if listing.status:
            raise typer.Exit(listing.status)

    command.__signature__ = own.replace(parameters=parameters, return_annotation=None)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


def _output(shared: dict[str, Any]) -> "Output":
    from ..render.output import resolve_output

    return resolve_output(shared["format"], shared["color"], headers=not shared["no_headers"],
                          spreadsheet_safe=shared["spreadsheet_safe"], pager=not shared["no_pager"],
                          wide=shared["wide"], shape=(shared["fields"], shared["sort"], shared["reverse"]))


def answer(run: "Callable[..., Listing]", data: list[str] | None, no_cache: bool, options: dict[str, Any],
           output: "Callable[[], Output]") -> None:
    """The command's answer from the one file --data names, or from each of several (`answer_many`)."""
    from ..archive import members
    from ..loading import load as load_location
    from ..reading import data_locations

    files = members(data_locations(data))
    if len(files) > 1:
        return answer_many(run, files, no_cache, options, output)
    listing = run(load_location(files[0].location, use_cache=not no_cache), **options)
    emit(listing, output())


def answer_many(run: "Callable[..., Listing]", files: "list[Member]", no_cache: bool, options: dict[str, Any],
                output: "Callable[[], Output]") -> None:
    """The command asked of every file (`across.ask_each`); the files that do not load are
    reported on stderr after the answer, which then ends with ExitCode.PARTIAL."""
    from ..across import ask_each
    from ..archive import Loader

    loaded = Loader(files, not no_cache)
    listing = ask_each(loaded, run, options)
    if listing is not None:
        emit(listing, output())
    report_skipped(loaded.skipped, len(files), answered=listing is not None)


def report_skipped(skipped: "list[Skipped]", count: int, answered: bool) -> None:
    """The files skipped, as one error after the answer: each file's located problems, then a
    line naming them (exit 3); exit 1 when no file could be read at all."""
    from ..errors import DataError, FilesSkipped

    if not answered and len(skipped) == 1:
        raise skipped[0].error
    problems = [problem for file in skipped for problem in file.error.problems]
    reasons = "; ".join(file.error.message for file in skipped)
    if not answered:
        raise DataError(f"none of the {count} files could be read: {reasons}", problems)
    if skipped:
        raise FilesSkipped(f"{len(skipped)} of {count} files skipped, answered from the others: {reasons}", problems)


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
    --data typed so far, else the default; never standard input (see `completion`), and for
    a folder only what the cache holds (`archive.completion_factboxes`)."""

    def complete(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
        from ..archive import completion_factboxes
        from ..completion import items, names
        from ..reading import data_locations

        try:
            factboxes = completion_factboxes(data_locations((ctx.params or {}).get("data")))
        except Exception:
            return []
        return items(incomplete, [entry for factbox in factboxes for entry in names(factbox, kind)])

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
