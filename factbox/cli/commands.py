"""The commands: each turns the names typed into ids, asks one query, and returns the listing.

Imports sit inside each body, so a run loads only what its command needs.
"""

# Real annotation objects, not strings: Typer reads these signatures on every run.
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import DataError, ExitCode, Problem, counted
from .app import app, new_app, report, report_problems
from .options import (
    AllPartiesOption,
    AsOfOption,
    Basis,
    BasisOption,
    DataOption,
    IssueOption,
    NoCacheOption,
    PartyOption,
    SearchIn,
    SpeakerOption,
    as_of_factbox,
    completer,
    listing_command,
    names_option,
)


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


if TYPE_CHECKING:
    from ..model import Factbox
    from ..render.listing import Listing


@app.command()
def validate(
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Files to check ('-' for standard input), or folders: every "
                       "*.yaml/*.yml below each. Default: the data in use."),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors: exit 1 (for CI).")] = False,
    output: Annotated[ProblemFormat, typer.Option(
        "--format", "-f", case_sensitive=False, help="text (summaries on stdout, problems on stderr), json or "
        "github (Actions annotations): problems on stdout.")] = ProblemFormat.text,
) -> None:
    """Check factbox files against the factbox/1 format, reporting every problem at once.

    Prints one summary line per valid file on stdout. Problems go to stderr as
    FILE:LINE:COL: field.path: what is wrong — what was expected, and warnings as
    FILE:LINE:COL: warning: …. With -f json, stdout is one JSON array of problems (file,
    line, column, path, severity, message, hint); with -f github, one GitHub Actions
    annotation per problem. Exits 1 if any file is invalid, or with --strict has a warning.

    \b
    Examples:
      factbox validate
      factbox validate data/positions.yaml other.yaml
      factbox validate archive/
      cat draft.yaml | factbox validate -
      factbox validate --strict -f github talks.yaml
    """
    from ..archive import paths
    from ..reading import data_locations

    locations = paths(files or data_locations(data))
    if output is ProblemFormat.text:
        results = [_validate_one(location, no_cache, strict) for location in locations]
    else:
        results = _validate_for_machines(locations, no_cache, strict, output)
    if not all(results):
        raise typer.Exit(ExitCode.DATA)


def _validate_for_machines(locations: list[str], no_cache: bool, strict: bool, output: "ProblemFormat") -> list[bool]:
    """Every file's problems in one document on stdout; which files pass."""
    from ..render.problems import github_annotations, problems_json
    from ..render.stream import write_out

    found: list[Problem] = []
    results = []
    for location in locations:
        problems, passed = _problems_of(location, no_cache, strict)
        found += problems
        results.append(passed)
    write_out((problems_json if output is ProblemFormat.json else github_annotations)(found, strict))
    return results


def _problems_of(location: str, no_cache: bool, strict: bool) -> tuple[list[Problem], bool]:
    """A file's errors and warnings in file order (a file that cannot be read: one, unlocated)."""
    from ..loading import load as load_file

    warnings: list[Problem] = []
    try:
        load_file(location, use_cache=not no_cache, warnings=warnings)
    except DataError as error:
        name = "<stdin>" if location == "-" else location
        return error.problems or [Problem(name, 0, 0, "", error.message)], False
    return warnings, not (strict and warnings)


def _validate_one(location: str, no_cache: bool, strict: bool) -> bool:
    """One file: its problems and warnings on stderr, its summary line on stdout; True when it passes."""
    from ..loading import load as load_file

    warnings: list[Problem] = []
    try:
        factbox = load_file(location, use_cache=not no_cache, warnings=warnings)
    except DataError as error:
        report(error)  # its problems include the warnings, in file order
        return False
    report_problems(warnings)
    return _passes("<stdin>" if location == "-" else location, factbox, warnings, strict)


def _passes(name: str, factbox: "Factbox", warnings: list[Problem], strict: bool) -> bool:
    """A valid file's summary line, unless --strict makes its warnings errors."""
    from ..queries import record_counts
    from ..render.stream import write_out

    count = counted(warnings)
    noun = f"{count:,} warning{'s' if count != 1 else ''}"
    if strict and warnings:
        report(DataError(f"{name}: {noun}, and --strict makes warnings errors"))
        return False
    noted = f" ({noun})" if warnings else ""
    write_out(f"{name}: valid {factbox.format}: {record_counts(factbox)}{noted}\n")
    return True


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

    from ..render.stream import write_out
    from ..schema import json_schema

    write_out(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command()
@listing_command
def info(factbox: "Factbox") -> "Listing":
    """What a factbox is: title, description, as_of, the scale and its labels, what it holds,
    the parties (and which are mediators or observers) and the sources.

    \b
    Examples:
      factbox info
      factbox info -f json | jq -r '.[] | select(.field == "source") | .value'
    """
    from ..listings import info_listing

    return info_listing(factbox)


@app.command()
@listing_command
def issues(factbox: "Factbox", party: PartyOption = None, basis: BasisOption = None,
           all_parties: AllPartiesOption = False, as_of: AsOfOption = None) -> "Listing":
    """List the issues at stake, as a tree, with how many positions and quotes each has.

    The gap and class are measured among the parties proper (mediators and observers are
    not measured unless named with --party, or with --all-parties); --party also keeps only
    the issues those parties hold a position on.

    \b
    Examples:
      factbox issues
      factbox issues --party russia
      factbox issues -f json | jq -r '.[] | select(.positions > 0) | .id'
    """
    from ..listings import issues_listing
    from ..queries import issues_with_parties, party_ids, scope

    factbox = as_of_factbox(factbox, as_of)
    wanted = party_ids(factbox, party)
    selected = factbox.issues_in_tree_order() if wanted is None else issues_with_parties(factbox, wanted)
    return issues_listing(factbox, selected, scope(factbox, party, all_parties, _values(basis)))


def _values(choices: "list[Basis] | None") -> list[str] | None:
    return [choice.value for choice in choices] if choices else None


@app.command()
@listing_command
def compare(
    factbox: "Factbox",
    issue: Annotated[str, typer.Argument(help="An issue by id, alias or title words.",
                                         autocompletion=completer("issue"))],
    party: PartyOption = None,
    basis: BasisOption = None,
    all_parties: AllPartiesOption = False,
    as_of: AsOfOption = None,
) -> "Listing":
    """Each party's stance on an issue and its sub-issues, side by side, with the quotes.

    In a terminal: one column per party (one with nothing on these issues is left out).
    Piped or in a machine format: one row per (issue, party). Every party is shown; the
    gap is measured among the parties proper unless --party names others.

    \b
    Examples:
      factbox compare territory
      factbox compare nato --party ukraine --party russia
      factbox compare ceasefire -f json
      factbox compare nato --as-of 2019
    """
    from ..listings import compare_listing
    from ..queries import issue_tree, parties_named, scope

    factbox = as_of_factbox(factbox, as_of)
    measured = scope(factbox, party, all_parties, _values(basis))
    return compare_listing(factbox, issue_tree(factbox, issue), parties_named(factbox, party), measured)


@app.command()
@listing_command
def quotes(
    factbox: "Factbox",
    speaker: SpeakerOption = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    search: Annotated[
        list[str] | None,
        typer.Option("--search", metavar="TEXT", help="Words, or the start of words, in the quote "
                     "(see --in), one after another, without case or accents."),
    ] = None,
    search_in: Annotated[SearchIn, typer.Option("--in", help="Where --search looks: the quote's text, its "
                                                "context, or all of both.")] = SearchIn.text,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="On or after DATE (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="On or before DATE (YYYY[-MM[-DD]]).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N quotes.")] = None,
    as_of: AsOfOption = None,
) -> "Listing":
    """Quotes, verbatim, with who said them, their party, issues, context, date and source.

    The same option repeated means any of them; different options must all hold.

    \b
    Examples:
      factbox quotes --speaker Peskov
      factbox quotes --party russia --issue ceasefire
      factbox quotes --search referendum --since 2025-12
      factbox quotes -f jsonl | jq -r .text
    """
    from ..listings import quotes_listing
    from ..queries import QuoteFilter, issue_ids, parse_date, party_ids, select, speaker_ids

    factbox = as_of_factbox(factbox, as_of)
    criteria = QuoteFilter(
        speakers=speaker_ids(factbox, speaker), parties=party_ids(factbox, party),
        issues=issue_ids(factbox, issue), search=tuple(search or ()), search_in=search_in.value,
        since=parse_date(since, "--since"), until=parse_date(until, "--until"),
    )
    return quotes_listing(factbox, select(factbox, criteria, limit))


@app.command()
@listing_command
def parties(factbox: "Factbox", as_of: AsOfOption = None) -> "Listing":
    """List the parties, their roles and how much the factbox holds on each.

    \b
    Examples:
      factbox parties
      factbox parties -f csv
    """
    from ..listings import parties_listing

    factbox = as_of_factbox(factbox, as_of)
    return parties_listing(factbox, factbox.parties)


@app.command()
@listing_command
def speakers(factbox: "Factbox", party: PartyOption = None, as_of: AsOfOption = None) -> "Listing":
    """List the speakers, with role, party and how many quotes each has.

    \b
    Examples:
      factbox speakers
      factbox speakers --party Kremlin
    """
    from ..listings import speakers_listing
    from ..queries import party_ids

    factbox = as_of_factbox(factbox, as_of)
    wanted = party_ids(factbox, party)
    return speakers_listing(factbox, [s for s in factbox.speakers if wanted is None or s.party in wanted])


@app.command("search")
@listing_command
def search_command(
    factbox: "Factbox",
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to find (any of them).")],
) -> "Listing":
    """Find text across issues, positions, quotes, parties and speakers.

    Each match says what kind of thing matched, where, and in which field; a terminal
    highlights the words. Compared without case or accents.

    \b
    Examples:
      factbox search referendum
      factbox search "security guarantees" -f tsv
    """
    from ..listings import search_listing
    from ..queries import search

    return search_listing(factbox, search(factbox, text), text)


@app.command()
@listing_command
def divergence(
    factbox: "Factbox",
    issue: Annotated[list[str] | None, names_option("--issue", "-i", "ISSUE",
                                                    "Only this issue and its sub-issues; repeatable.", "issue")] = None,
    party: PartyOption = None,
    min_gap: Annotated[int | None, typer.Option("--min-gap", min=0, metavar="STEPS",
                                                help="Only scored issues whose gap is at least STEPS.")] = None,
    basis: BasisOption = None,
    all_parties: AllPartiesOption = False,
    as_of: AsOfOption = None,
) -> "Listing":
    """Rank the issues from most to least divergent, and say where there is common ground.

    gap = largest minus smallest stance; normalized_gap = gap / (scale max - min);
    class: aligned (0), close (up to 0.25), apart (below 1), opposed (1: the two ends of
    the scale). Issues with fewer than two scored stances are "fewer than two scored
    stances", never agreement. Only the parties proper are measured unless --party names
    others (or --all-parties); the headline says how many stances are not stated. "Could
    tip" marks an issue whose class one stance one step different would change.

    \b
    Examples:
      factbox divergence
      factbox divergence --party ukraine --party russia --min-gap 3
      factbox divergence -f json | jq '.[] | {issue, gap, class}'
    """
    from ..divergence import analyze
    from ..listings import divergence_listing
    from ..queries import issue_ids, scope

    factbox = as_of_factbox(factbox, as_of)
    wanted = issue_ids(factbox, issue)
    selected = [i for i in factbox.issues_in_tree_order() if wanted is None or i.id in wanted]
    measured = scope(factbox, party, all_parties, _values(basis))
    return divergence_listing(factbox, analyze(factbox, selected, measured.parties, min_gap, measured.bases))


@app.command()
@listing_command
def shifts(
    factbox: "Factbox",
    party: PartyOption = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="Only moves dated on or after DATE.")] = None,
    all_parties: AllPartiesOption = False,
    as_of: AsOfOption = None,
) -> "Listing":
    """Who moved, from what to what, when, and whether it narrowed or widened the gap.

    Read from the `history` of each position, oldest first; --party keeps the moves of those
    parties, and the gaps are to the parties proper (mediators too with --all-parties).

    \b
    Examples:
      factbox shifts
      factbox shifts --party ukraine --since 2020
      factbox shifts --as-of 2024
    """
    from ..divergence import shifts as find_shifts
    from ..listings import shifts_listing
    from ..queries import parse_date, party_ids, scope

    factbox = as_of_factbox(factbox, as_of)
    moves = find_shifts(factbox, party_ids(factbox, party), parse_date(since, "--since"),
                        scope(factbox, all_parties=all_parties).parties)
    return shifts_listing(factbox, moves)


cache_app = new_app("""See or empty the cache of parsed factboxes (one entry per data file).

\b
Examples:
  factbox cache info
  factbox cache clear""")
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """Where the cache is, how many entries it holds, how big it is and may grow.

    \b
    Examples:
      factbox cache info
      FACTBOX_CACHE_SIZE=500M factbox cache info
    """
    import sys

    from .. import cache
    from ..render.stream import write_out

    usage = cache.usage()
    write_out(f"directory: {usage.directory}\nentries: {usage.entries}\n"
              f"size: {usage.size} bytes\nlimit: {usage.limit} bytes (FACTBOX_CACHE_SIZE)\n")
    if usage.problem:
        sys.stderr.write(f"factbox: warning: {usage.problem}\n")


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cache entry; the next query of each file reads it again.

    \b
    Examples:
      factbox cache clear
    """
    from .. import cache
    from ..render.stream import write_out

    removed = cache.clear()
    write_out(f"removed {removed} {'entry' if removed == 1 else 'entries'} from {cache.cache_dir()}\n")
