"""The commands of time: `timeline` (everything dated, in order), `diff` (what changed between
two versions of a factbox) and `log` (what each commit changed)."""

# Real annotation objects, not strings: Typer reads these signatures on every run.
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app
from .options import (
    AsOfOption,
    IssueOption,
    PartyOption,
    as_of_factbox,
    files_command,
    listing_command,
)

if TYPE_CHECKING:
    from ..model import Factbox
    from ..render.listing import Listing


class Kind(str, Enum):
    event = "event"
    stance = "stance"
    quote = "quote"


@app.command()
@listing_command
def timeline(
    factbox: "Factbox",
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", metavar="KIND",
                                                   help="Only events, stances or quotes; repeat for several.")] = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="On or after DATE (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="On or before DATE (YYYY[-MM[-DD]]).")] = None,
    as_of: AsOfOption = None,
) -> "Listing":
    """Everything dated, oldest first: events, each recorded stance (history, then the current
    stance at its as_of) and dated quotes, with who and what.

    Events have no party or issue, so --party and --issue leave them out. Undated quotes are
    not on a timeline; a terminal is told how many. In a terminal, rows go under month headings.

    \b
    Examples:
      factbox timeline
      factbox timeline --kind event --kind stance --since 2025
      factbox timeline --party russia -f json
    """
    from ..listings import timeline_listing
    from ..queries import issue_ids, parse_date, party_ids
    from ..timeline import TimelineFilter, chronology

    factbox = as_of_factbox(factbox, as_of)
    criteria = TimelineFilter([k.value for k in kind or []], party_ids(factbox, party), issue_ids(factbox, issue),
                              parse_date(since, "--since"), parse_date(until, "--until"))
    return timeline_listing(factbox, chronology(factbox, criteria))


RevOption = Annotated[
    str | None,
    typer.Option("--rev", "-r", metavar="REV", help="Compare the file in git revision REV with the file as it is "
                 "now; A..B compares revision A with revision B."),
]


@app.command("diff")
@files_command
def diff_command(
    old: Annotated[str | None, typer.Argument(metavar="OLD", help="The older file (with --rev: the file).")] = None,
    new: Annotated[str | None, typer.Argument(metavar="NEW", help="The newer file.")] = None,
    rev: RevOption = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 5 when there are differences "
                                            "(0 when there are none); without it, 0 either way.")] = False,
    *, data: list[str] | None = None, no_cache: bool = False,
) -> "Listing":
    """What changed between two versions of a factbox, record by record, keyed by ids.

    Added, removed, renamed and changed records of every kind, with their old and new values;
    a quote whose text or speaker changed on its own line, its words as a word diff; a stance
    that moved with the gap to each other party before and after. Both sides must be valid.

    \b
    Examples:
      factbox diff old.yaml new.yaml
      factbox diff --rev HEAD~1 positions.yaml
      factbox diff --rev v1..v2 positions.yaml -f json
      factbox diff --exit-code old.yaml new.yaml || echo changed
    """
    from ..diff import diff
    from ..errors import ExitCode
    from ..listings import diff_listing
    from ..reading import one_file
    from ..revisions import two_versions

    before, after = two_versions(old, new, rev, one_file(data), not no_cache)
    listing = diff_listing(after, diff(before, after))
    listing.status = ExitCode.DIFFERENT if exit_code and listing.rows else ExitCode.OK
    return listing


@app.command()
@files_command
def log(
    file: Annotated[str | None, typer.Argument(metavar="FILE", help="A factbox file kept in git. Default: "
                                               "--data, FACTBOX_DATA or the bundled file.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, metavar="N",
                                              help="The N newest commits.")] = None,
    *, data: list[str] | None = None, no_cache: bool = False,
) -> "Listing":
    """Each commit that touched a factbox file, newest first: its date, author and subject, and
    what it changed (the summary line of `diff`). -f json holds each commit's full diff.

    A commit whose version is not a valid factbox is listed as invalid, with its first
    problem, and the log goes on past it.

    \b
    Examples:
      factbox log positions.yaml
      factbox log -n 5 positions.yaml -f json | jq '.[0].changes'
    """
    from ..listings import log_listing
    from ..reading import one_file
    from ..versions import history

    return log_listing(history(file or one_file(data), limit))
