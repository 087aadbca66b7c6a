"""The command line: parse options, call a query, hand the rows to a writer. Nothing else."""

# No `from __future__ import annotations` here: Typer reads these signatures on every run,
# and real annotation objects are cheaper for it than strings it must evaluate.
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .coercion import convert_without_pydantic
from .errors import DataError, ExitCode, FactboxError
from .render.listing import Format

HELP = """Query a factbox: who the parties to a negotiation are, where each stands on
each issue, and who said what.

\b
Examples:
  factbox issues                      what is at stake
  factbox compare territory           each party's stance on one issue, side by side
  factbox quotes --speaker Peskov     who said what, with context and source
  factbox quotes -f json | jq .       every listing pipes cleanly
  factbox validate my-factbox.yaml    check a file, every problem at once

\b
Data: the bundled Russia–Ukraine dataset, or --data FILE, or FACTBOX_DATA;
--data - reads standard input.

\b
Exit codes:
  0    success (an empty result is a success)
  1    the data cannot be read or is not a valid factbox
  2    the command line is wrong: unknown option, command or name
  3    answered, but some files could not be read and were skipped
  4    output or a file could not be written, or a write was refused
  5    differences found (diff --exit-code)
  70   internal error: a bug in factbox
  130  interrupted (Ctrl-C)
  141  output closed early (e.g. piped into head)

Set FACTBOX_DEBUG=1 to see a traceback for an unexpected error."""


class _Group(TyperGroup):
    """Turns expected failures into one line on stderr and their exit code, and converts
    option values without pydantic (see `coercion`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_without_pydantic(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            convert_without_pydantic(command.get_params(ctx))
        return name, command, rest

    def _main_shell_completion(self, *args: Any, **kwargs: Any) -> None:
        from .completion import install_safe_classes

        install_safe_classes()
        super()._main_shell_completion(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FactboxError as error:
            report(error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as error:
            if _click_exception(error) or os.environ.get("FACTBOX_DEBUG"):
                raise
            sys.stderr.write(
                f"factbox: internal error: {type(error).__name__}: {error}\n"
                "hint: run again with FACTBOX_DEBUG=1 for a traceback, and report it\n"
            )
            raise typer.Exit(ExitCode.INTERNAL) from None


def _click_exception(error: Exception) -> bool:
    return type(error).__module__.startswith("typer._click")


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def report(error: FactboxError) -> None:
    from .render.sanitize import visible

    if isinstance(error, DataError):
        for problem in error.problems:
            sys.stderr.write(visible(str(problem)) + "\n")
    sys.stderr.write(f"factbox: error: {visible(error.message)}\n")
    if error.hint:
        sys.stderr.write(f"hint: {visible(error.hint)}\n")


def _typer(add_completion: bool = True) -> typer.Typer:
    return typer.Typer(
        cls=_Group,
        help=HELP,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        add_completion=add_completion,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _typer()


def _version(value: bool) -> None:
    if value:
        from .writing import write_out

        write_out(f"factbox {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    pass


# Shared options, declared once and put on every command that needs them.
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
ColorOption = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="[auto|always|never]",
        help="Colour in tables. auto follows NO_COLOR, FORCE_COLOR, TERM=dumb and the terminal.",
    ),
]


def _check_color(color: str) -> str:
    if color not in ("auto", "always", "never"):
        from .errors import UsageError

        raise UsageError(f"--color must be auto, always or never, not '{color}'")
    return color


def load_data(data: str | None, no_cache: bool = False) -> Any:
    from .loading import load
    from .reading import data_location

    return load(data_location(data), use_cache=not no_cache)


def emit(listing: Any, format: Format, color: str, no_headers: bool, spreadsheet_safe: bool = False) -> None:
    from .render.output import resolve_output, write

    output = resolve_output(format, _check_color(color), headers=not no_headers, spreadsheet_safe=spreadsheet_safe)
    write(listing, output)
    if listing.notes and output.is_terminal:
        for note in listing.notes:
            sys.stderr.write(note + "\n")


@app.command()
def validate(
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="FILE", help="Files to check ('-' for standard input). Default: the data in use."),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check factbox files against the factbox/1 format, reporting every problem at once.

    Prints one summary line per valid file on stdout. Problems go to stderr as
    FILE:LINE:COL: field.path: what is wrong — what was expected. Exits 1 if any file is
    invalid.

    \b
    Examples:
      factbox validate
      factbox validate data/positions.yaml other.yaml
      cat draft.yaml | factbox validate -
    """
    from .loading import load
    from .reading import data_location
    from .writing import write_out

    failed = False
    for location in files or [data_location(data)]:
        try:
            factbox = load(location, use_cache=not no_cache)
        except DataError as error:
            report(error)
            failed = True
            continue
        name = "<stdin>" if location == "-" else location
        write_out(f"{name}: valid {factbox.format}: {summary(factbox)}\n")
    if failed:
        raise typer.Exit(ExitCode.DATA)


def summary(factbox: Any) -> str:
    counts = [
        (len(factbox.parties), "party", "parties"),
        (len(factbox.speakers), "speaker", "speakers"),
        (len(factbox.issues), "issue", "issues"),
        (len(factbox.positions), "position", "positions"),
        (len(factbox.quotes), "quote", "quotes"),
        (len(factbox.sources), "source", "sources"),
        (len(factbox.events), "event", "events"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)


@app.command()
def schema() -> None:
    """Print a JSON Schema (draft 2020-12) of the factbox/1 format, for editors.

    \b
    Examples:
      factbox schema > factbox.schema.json
      # then, first line of a factbox, for yaml-language-server:
      # yaml-language-server: $schema=factbox.schema.json
    """
    import json

    from .schema import json_schema
    from .writing import write_out

    write_out(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


def _completer(kind: str) -> Callable[[Any, str], list[tuple[str, str]]]:
    """Shell completion from the data in use (--data given so far, else the default): ids,
    and names or aliases typed with their capitals, since the shell keeps what starts alike.
    Only values safe for every shell are offered (see `completion`); standard input never."""

    def complete(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
        from .completion import items
        from .reading import STDIN, data_location

        location = data_location((ctx.params or {}).get("data"))
        if location == STDIN:
            return []
        try:
            factbox = load_data(location)
        except Exception:
            return []
        entries: list[tuple[str, str | None, list[str]]] = {
            "issue": [(i.id, i.title, i.aliases) for i in factbox.issues],
            "party": [(p.id, p.name, [p.name, *p.aliases]) for p in factbox.parties],
            "speaker": [(s.id, s.name, [s.name.split()[-1] if s.name.split() else "", *s.aliases])
                        for s in factbox.speakers],
        }[kind]
        return items(incomplete, entries)

    return complete


PartyOption = Annotated[
    list[str] | None,
    typer.Option("--party", "-p", metavar="PARTY", help="A party by id, name or alias; repeat for several.",
                 autocompletion=_completer("party")),
]


@app.command()
def issues(
    party: PartyOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """List the issues at stake, as a tree, with how many positions and quotes each has.

    \b
    Examples:
      factbox issues
      factbox issues --party russia
      factbox issues -f json | jq -r '.[] | select(.positions > 0) | .id'
    """
    from .queries import find_parties, issues_with_parties
    from .render.rows import issues_listing

    factbox = load_data(data, no_cache)
    selected = factbox.issues_in_tree_order()
    if party:
        selected = issues_with_parties(factbox, {p.id for p in find_parties(factbox, party)})
    emit(issues_listing(factbox, selected), format, color, no_headers, spreadsheet_safe)


@app.command()
def compare(
    issue: Annotated[str, typer.Argument(help="An issue by id, alias or title words.",
                                         autocompletion=_completer("issue"))],
    party: PartyOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Each party's stance on an issue and its sub-issues, side by side, with the quotes.

    In a terminal: one column per party. Piped or in a machine format: one row per
    (issue, party).

    \b
    Examples:
      factbox compare territory
      factbox compare nato --party ukraine --party russia
      factbox compare ceasefire -f json
    """
    from .queries import find_issues, find_parties
    from .render.rows import compare_listing

    factbox = load_data(data, no_cache)
    (found,) = find_issues(factbox, [issue])
    parties = find_parties(factbox, party) if party else factbox.parties
    issues_below = [factbox.issue_by_id[i] for i in factbox.subtree(found.id)]
    emit(compare_listing(factbox, issues_below, parties), format, color, no_headers, spreadsheet_safe)


@app.command()
def quotes(
    speaker: Annotated[
        list[str] | None,
        typer.Option("--speaker", "-s", metavar="NAME", help="A speaker by id, name, surname or alias.",
                     autocompletion=_completer("speaker")),
    ] = None,
    party: PartyOption = None,
    issue: Annotated[
        list[str] | None,
        typer.Option("--issue", "-i", metavar="ISSUE", help="An issue (its sub-issues included).",
                     autocompletion=_completer("issue")),
    ] = None,
    search: Annotated[
        list[str] | None,
        typer.Option("--search", "-S", metavar="TEXT", help="Text in the quote or its context, "
                     "without case or accents."),
    ] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="On or after DATE (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="On or before DATE (YYYY[-MM[-DD]]).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N quotes.")] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Quotes, verbatim, with who said them, their party, issues, context, date and source.

    The same option repeated means any of them; different options must all hold.

    \b
    Examples:
      factbox quotes --speaker Peskov
      factbox quotes --party russia --issue ceasefire
      factbox quotes --search referendum --since 2025-12
      factbox quotes -f jsonl | jq -r .text
    """
    from .queries import (
        QuoteFilter,
        expand_issues,
        find_issues,
        find_parties,
        find_speakers,
        parse_date,
        select_quotes,
    )
    from .render.rows import quotes_listing

    factbox = load_data(data, no_cache)
    criteria = QuoteFilter(
        speakers=frozenset(s.id for s in find_speakers(factbox, speaker or [])),
        parties=frozenset(p.id for p in find_parties(factbox, party or [])),
        issues=expand_issues(factbox, find_issues(factbox, issue or [])),
        search=tuple(search or ()),
        since=parse_date(since, "--since") if since else None,
        until=parse_date(until, "--until") if until else None,
    )
    listing = quotes_listing(factbox, select_quotes(factbox, criteria, limit))
    listing.notes.append(f"{len(listing.rows)} quote{'s' if len(listing.rows) != 1 else ''}")
    emit(listing, format, color, no_headers, spreadsheet_safe)


@app.command()
def parties(
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """List the parties, their roles and how much the factbox holds on each.

    \b
    Examples:
      factbox parties
      factbox parties -f csv
    """
    from .render.rows import parties_listing

    factbox = load_data(data, no_cache)
    emit(parties_listing(factbox, factbox.parties), format, color, no_headers, spreadsheet_safe)


@app.command()
def speakers(
    party: PartyOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """List the speakers, with role, party and how many quotes each has.

    \b
    Examples:
      factbox speakers
      factbox speakers --party Kremlin
    """
    from .queries import find_parties
    from .render.rows import speakers_listing

    factbox = load_data(data, no_cache)
    selected = factbox.speakers
    if party:
        wanted = {p.id for p in find_parties(factbox, party)}
        selected = [s for s in selected if s.party in wanted]
    emit(speakers_listing(factbox, selected), format, color, no_headers, spreadsheet_safe)


@app.command("search")
def search_command(
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to find (any of them).")],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Find text across issues, positions, quotes, parties and speakers.

    Each match says what kind of thing matched, where, and in which field; a terminal
    highlights the words. Compared without case or accents.

    \b
    Examples:
      factbox search referendum
      factbox search "security guarantees" -f tsv
    """
    from .queries import search
    from .render.rows import search_listing

    factbox = load_data(data, no_cache)
    emit(search_listing(search(factbox, text), text), format, color, no_headers, spreadsheet_safe)


@app.command()
def divergence(
    issue: Annotated[
        list[str] | None,
        typer.Option("--issue", "-i", metavar="ISSUE", help="Only this issue and its sub-issues; repeatable.",
                     autocompletion=_completer("issue")),
    ] = None,
    party: PartyOption = None,
    min_gap: Annotated[int | None, typer.Option("--min-gap", min=0, metavar="STEPS",
                                                help="Only scored issues whose gap is at least STEPS.")] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Rank the issues from most to least divergent, and say where there is common ground.

    gap = largest minus smallest stance; normalized_gap = gap / (scale max - min);
    class: aligned (0), close (up to 0.25), apart (below 1), opposed (1: the two ends of
    the scale). Issues with fewer than two scored stances are "not enough stated
    positions", never agreement. "Fragile" marks issues whose rank would change if any
    single stance were one step different.

    \b
    Examples:
      factbox divergence
      factbox divergence --party ukraine --party russia --min-gap 3
      factbox divergence -f json | jq '.[] | {issue, gap, class}'
    """
    from .divergence import analyze
    from .queries import find_issues, find_parties
    from .render.rows import divergence_listing

    factbox = load_data(data, no_cache)
    selected = factbox.issues_in_tree_order()
    if issue:
        wanted = {i for found in find_issues(factbox, issue) for i in factbox.subtree(found.id)}
        selected = [i for i in selected if i.id in wanted]
    parties = {p.id for p in find_parties(factbox, party)} if party else None
    analysis = analyze(factbox, selected, parties, min_gap)
    emit(divergence_listing(factbox, analysis), format, color, no_headers, spreadsheet_safe)


@app.command()
def shifts(
    party: PartyOption = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="Only moves dated on or after DATE.")] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = Format.auto,
    no_headers: NoHeadersOption = False,
    color: ColorOption = "auto",
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Who moved, from what to what, when, and whether it narrowed or widened the gap.

    Read from the `history` of each position, oldest first.

    \b
    Examples:
      factbox shifts
      factbox shifts --party ukraine --since 2020
    """
    from .divergence import shifts as find_shifts
    from .queries import find_parties, parse_date
    from .render.rows import shifts_listing

    factbox = load_data(data, no_cache)
    parties = {p.id for p in find_parties(factbox, party)} if party else None
    moves = find_shifts(factbox, parties, parse_date(since, "--since") if since else None)
    emit(shifts_listing(factbox, moves), format, color, no_headers, spreadsheet_safe)


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command asked for, when one is: Typer builds every registered
    command's options on each run, which costs more than the command itself (the lazily
    loaded subcommands of Click's documentation). Help, completion and mistakes get the full app."""
    if os.environ.get("_FACTBOX_COMPLETE") or not args:
        return app
    wanted = [c for c in app.registered_commands if (c.name or c.callback.__name__ if c.callback else "") == args[0]]
    if not wanted:
        return app
    single = _typer(add_completion=False)  # --install-completion is a root option: the full app has it
    single.registered_callback = app.registered_callback
    single.registered_commands = wanted
    return single


def main() -> NoReturn:
    """Entry point: Typer's app, with Ctrl-C and a closed pipe ending quietly, and output that
    cannot be written (help or the version into a full disk, a closed stdout) one line."""
    from .writing import failures_reported, standard_output

    try:
        with failures_reported():
            stream = standard_output()
            try:
                app_for(sys.argv[1:])(prog_name="factbox")
            finally:
                stream.flush()  # what Click printed (help) fails here, not after the exit status is set
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(ExitCode.BROKEN_PIPE)
    except FactboxError as error:
        report(error)
        _silence_stdout()  # or the interpreter's own last flush fails again, with a traceback
        sys.exit(error.exit_code)
    sys.exit(0)


