"""The commands that write a factbox: `init`, `add KIND`, `edit KIND ID`, `remove KIND ID`.

Each names its options and hands them to `writing`, which builds the change, validates the
whole result and writes it atomically (or prints the diff, with --dry-run).
"""

# Real annotation objects, not strings: Typer reads these signatures on every run.
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .app import app, new_app
from .options import Basis, IssueOption, completer

if TYPE_CHECKING:
    from ..model import Factbox
    from ..writing.changes import Change
    from ..writing.document import Document


class Kind(str, Enum):
    quote = "quote"
    position = "position"
    event = "event"
    speaker = "speaker"
    source = "source"
    party = "party"
    issue = "issue"


FileOption = Annotated[
    list[str] | None,
    typer.Option("--data", "-d", metavar="FILE",
                 help="The factbox file to change (never standard input or the bundled dataset). "
                      "Default: FACTBOX_DATA."),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the change as a unified diff; "
                                            "write nothing.")]
DateOption = Annotated[str | None, typer.Option("--date", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")]
IdOption = Annotated[str | None, typer.Option("--id", metavar="ID", help="The record's id (default: one made "
                                              "from its words, unique in the file).")]
SourceOption = Annotated[str | None, typer.Option("--source", metavar="ID", help="The id of a source in the file.")]
SourcesOption = Annotated[list[str] | None, typer.Option("--source", metavar="ID", help="A source's id; "
                                                         "repeatable.")]
SpeakerNameOption = Annotated[str, typer.Option("--speaker", "-s", metavar="NAME", autocompletion=completer("speaker"),
                                                help="Who said it: a speaker by id, name, surname or alias.")]
PartyNameOption = Annotated[str, typer.Option("--party", "-p", metavar="PARTY", autocompletion=completer("party"),
                                              help="A party by id, name or alias.")]
AliasOption = Annotated[list[str] | None, typer.Option("--alias", metavar="NAME", help="Another name; repeatable.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Allow what needs care: replacing an existing file "
                                           "(init), changing a quote's text (edit).")]


def _run(data: list[str] | None, dry_run: bool, plan: "Callable[[Document, Factbox], Change]") -> None:
    """Make the change (or show it): the diff on stdout, what was done on stderr."""
    import sys

    from ..render.sanitize import visible
    from ..render.stream import write_out
    from ..writing.session import change

    outcome = change(data, plan, dry_run)
    if outcome.diff is not None:
        write_out(outcome.diff)
    sys.stderr.write(visible(outcome.message) + "\n")  # a title may hold escape sequences


@app.command()
def init(
    file: Annotated[str | None, typer.Argument(metavar="[FILE]", help="Where to write it (default: stdout).")] = None,
    title: Annotated[str, typer.Option("--title", help="The factbox's title.")] = "A new factbox",
    party: Annotated[list[str] | None, typer.Option("--party", "-p", metavar="NAME",
                                                    help="A party's name; repeatable.")] = None,
    force: ForceOption = False,
) -> None:
    """Start a new, valid factbox: the required keys, the parties, one issue with a question,
    and a comment on each section saying what it is for.

    Refuses to replace an existing FILE unless --force.

    \b
    Examples:
      factbox init talks.yaml --title "Peace talks" --party Ukraine --party Russia
      factbox init > draft.yaml
    """
    from ..writing.starter import create

    create(file, title, party or ["Party A"], force)


add_app = new_app("""Add one record to a factbox file, keeping every other byte of it.

Names are resolved as in queries; the whole file is validated before it is replaced
(atomically); --dry-run shows the diff instead.

\b
Examples:
  factbox add quote --data talks.yaml --speaker Peskov --text "A ceasefire is a respite"
  factbox add position --data talks.yaml --party russia --issue ceasefire --date 2025-12 --stance -2 --summary "…\"""")
app.add_typer(add_app, name="add")


@add_app.command("quote")
def add_quote(
    speaker: SpeakerNameOption,
    text: Annotated[str, typer.Option("--text", "-t", help="The words, verbatim (any characters: they are "
                                      "written so YAML keeps them exactly).")],
    issue: IssueOption = None, date: DateOption = None, source: SourceOption = None,
    context: Annotated[str | None, typer.Option("--context", help="When, where, to whom it was said.")] = None,
    id: IdOption = None, data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Add a quote: its id is made from the speaker and its first words unless --id.

    \b
    Examples:
      factbox add quote --data talks.yaml --speaker Peskov --text "A ceasefire is a respite" --issue ceasefire
    """
    from ..writing import changes

    options = {"speaker": speaker, "text": text, "issue": issue, "date": date, "source": source,
               "context": context, "id": id}
    _run(data, dry_run, lambda document, factbox: changes.add_record(
        document, "quote", changes.quote_fields(factbox, options)))


@add_app.command("position")
def add_position(
    party: PartyNameOption,
    issue: Annotated[str, typer.Option("--issue", "-i", metavar="ISSUE", help="The issue, by id, alias or title words.",
                                       autocompletion=completer("issue"))],
    date: Annotated[str, typer.Option("--date", metavar="DATE", help="Since when the party holds it (required).")],
    summary: Annotated[str, typer.Option("--summary", help="The position in a sentence or two.")],
    stance: Annotated[int | None, typer.Option("--stance", metavar="N", help="An integer on the scale.")] = None,
    basis: Annotated[Basis | None, typer.Option("--basis", help="How it is known: stated, reported, inferred.")] = None,
    conditions: Annotated[str | None, typer.Option("--conditions", help="On what conditions.")] = None,
    quote: Annotated[list[str] | None, typer.Option("--quote", metavar="ID", help="A quote behind it; "
                                                    "repeatable.")] = None,
    source: SourcesOption = None, data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Set a party's position on an issue; one already there moves into its history, and
    the file's as_of moves on to a later --date.

    \b
    Examples:
      factbox add position --data talks.yaml --party russia --issue ceasefire --date 2025-12 \\
        --stance -2 --summary "Rejects it"
    """
    from ..writing import changes

    options = {"party": party, "issue": issue, "date": date, "summary": summary, "stance": stance,
               "basis": basis.value if basis else None, "conditions": conditions, "quote": quote, "source": source}
    _run(data, dry_run, lambda document, factbox: changes.position_change(document, factbox, options))


@add_app.command("event")
def add_event(
    date: Annotated[str, typer.Option("--date", metavar="DATE", help="When: YYYY, YYYY-MM or YYYY-MM-DD.")],
    title: Annotated[str, typer.Option("--title", help="What happened.")],
    place: Annotated[str | None, typer.Option("--place", help="Where.")] = None,
    source: SourceOption = None,
    id: Annotated[str | None, typer.Option("--id", metavar="ID", help="An id, so that `diff` follows the event "
                                           "when its date or title changes (optional).")] = None,
    data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Add an event: a round of talks, a milestone.

    \b
    Examples:
      factbox add event --data talks.yaml --date 2025-12 --title "Talks in Miami" --place Miami
    """
    from ..writing import changes

    options = {"date": date, "title": title, "place": place, "source": source, "id": id}
    _run(data, dry_run, lambda document, factbox: changes.add_record(
        document, "event", changes.event_fields(factbox, options)))


@add_app.command("speaker")
def add_speaker(
    name: Annotated[str, typer.Option("--name", help="The speaker's full name.")],
    party: PartyNameOption,
    role: Annotated[str | None, typer.Option("--role", help="Their office or role.")] = None,
    alias: AliasOption = None, id: IdOption = None, data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Add a speaker, who speaks for a party; the id is made from the surname unless --id.

    \b
    Examples:
      factbox add speaker --data talks.yaml --name "Dmitry Peskov" --party Russia --role "Kremlin spokesman"
    """
    from ..writing import changes

    options = {"name": name, "party": party, "role": role, "alias": alias, "id": id}
    _run(data, dry_run, lambda document, factbox: changes.add_record(
        document, "speaker", changes.speaker_fields(factbox, options)))


@add_app.command("source")
def add_source(
    title: Annotated[str, typer.Option("--title", help="The article's or document's title.")],
    publisher: Annotated[str | None, typer.Option("--publisher", help="Who published it.")] = None,
    date: DateOption = None,
    url: Annotated[str | None, typer.Option("--url", help="Where it can be read.")] = None,
    id: IdOption = None, data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Add a source, which quotes, positions and events cite by id.

    \b
    Examples:
      factbox add source --data talks.yaml --title "Key positions in the talks" --publisher "Anadolu Agency"
    """
    from ..writing import changes

    options = {"title": title, "publisher": publisher, "date": date, "url": url, "id": id}
    _run(data, dry_run, lambda document, factbox: changes.add_record(
        document, "source", changes.source_fields(factbox, options)))


def _text_option(flag: str, help: str) -> Any:
    return typer.Option(flag, help=help)


Many = list[str] | None


@app.command()
def edit(
    kind: Annotated[Kind, typer.Argument(help="What to change.")],
    ident: Annotated[str, typer.Argument(metavar="ID", help="Its id (a speaker, party or issue also by name; "
                                         "a position as PARTY/ISSUE).")],
    text: Annotated[str | None, _text_option("--text", "A quote's words (needs --force).")] = None,
    context: Annotated[str | None, _text_option("--context", "A quote's context.")] = None,
    speaker: Annotated[str | None, _text_option("--speaker", "A quote's speaker.")] = None,
    issue: Annotated[Many, _text_option("--issue", "A quote's issues (all of them); repeatable.")] = None,
    date: Annotated[str | None, _text_option("--date", "The date (a position's as_of).")] = None,
    source: Annotated[Many, _text_option("--source", "The source's id (a position's: repeatable).")] = None,
    name: Annotated[str | None, _text_option("--name", "A party's or speaker's name.")] = None,
    title: Annotated[str | None, _text_option("--title", "The title of an issue, a source or an event.")] = None,
    role: Annotated[str | None, _text_option("--role", "A speaker's role, or a party's.")] = None,
    party: Annotated[str | None, _text_option("--party", "A speaker's party.")] = None,
    alias: Annotated[Many, _text_option("--alias", "Every alias (all of them); repeatable.")] = None,
    summary: Annotated[str | None, _text_option("--summary", "A position's summary.")] = None,
    stance: Annotated[int | None, typer.Option("--stance", metavar="N", help="A position's stance.")] = None,
    basis: Annotated[Basis | None, _text_option("--basis", "A position's basis.")] = None,
    conditions: Annotated[str | None, _text_option("--conditions", "A position's conditions.")] = None,
    quote: Annotated[Many, _text_option("--quote", "A position's quotes (all of them); repeatable.")] = None,
    question: Annotated[str | None, _text_option("--question", "An issue's question.")] = None,
    place: Annotated[str | None, _text_option("--place", "An event's place.")] = None,
    publisher: Annotated[str | None, _text_option("--publisher", "A source's publisher.")] = None,
    url: Annotated[str | None, _text_option("--url", "A source's URL.")] = None,
    force: ForceOption = False, data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Change fields of one record, in place; the rest of the file is kept byte for byte.

    \b
    Examples:
      factbox edit quote peskov-ceasefire-respite --data talks.yaml --context "At a briefing"
      factbox edit position russia/ceasefire --data talks.yaml --basis reported
    """
    from ..writing import changes

    fields = {key: value for key, value in locals().items() if key not in ("kind", "ident", "force", "data",
                                                                            "dry_run", "changes")}
    fields["basis"] = basis.value if basis else None
    _run(data, dry_run, lambda document, factbox: changes.edit_record(
        document, factbox, kind.value, ident, changes.edit_fields(factbox, kind.value, fields), force))


@app.command()
def remove(
    kind: Annotated[Kind, typer.Argument(help="What to remove.")],
    ident: Annotated[str, typer.Argument(metavar="ID", help="Its id (a position as PARTY/ISSUE).")],
    cascade: Annotated[bool, typer.Option("--cascade", help="Also remove what cites it (a quote from the "
                                          "positions naming it, a speaker's quotes).")] = False,
    data: FileOption = None, dry_run: DryRunOption = False,
) -> None:
    """Remove one record; refused while others cite it, unless --cascade.

    \b
    Examples:
      factbox remove quote zakharova-no-use --data talks.yaml --dry-run
      factbox remove speaker zakharova --data talks.yaml --cascade
    """
    from ..writing import changes

    _run(data, dry_run, lambda document, factbox: changes.remove_record(
        document, factbox, kind.value, ident, cascade))
