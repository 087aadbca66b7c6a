"""The commands of time: `timeline` (everything dated, in order), `diff` (what changed between
two versions of a factbox) and `log` (what each commit changed)."""

# Real annotation objects, not strings: Typer reads these signatures on every run.
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app
from .options import AsOfOption, IssueOption, PartyOption, as_of_factbox, listing_command

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
