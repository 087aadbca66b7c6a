"""The one registry of the commands the tests run: each command of the app (sub-commands as
"group command"), with a command line that gives it an answer on the bundled data and on
tests/fixtures/small.yaml. tests/test_registry.py checks it against the app, so a new command
that is not here fails there, and every loop over COMMANDS or LISTINGS then covers it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.main import get_command

from factbox.cli import app
from factbox.reading import default_data_path
from factbox.render.output import Format

#: Where the registry's `export sqlite` writes (an earlier export there is replaced).
EXPORTED = Path(tempfile.gettempdir()) / "factbox-registry-export.db"
#: The writing commands change only a file named explicitly; their samples show the change.
_DRY = ["--data", str(Path(__file__).resolve().parent / "fixtures" / "small.yaml"), "--dry-run"]

#: The formats every listing writes (auto is one of them, decided by the terminal; cite is
#: quotes' own).
FORMATS = [f.value for f in Format if f not in (Format.auto, Format.cite)]


class Sample:
    """Command lines for one command: on the bundled data, and on small.yaml."""

    __slots__ = ("bundled", "small")

    def __init__(self, bundled: list[str], small: list[str] | None = None) -> None:
        self.bundled = bundled
        self.small = small if small is not None else bundled


COMMANDS: dict[str, Sample] = {
    "validate": Sample(["validate"]),
    "schema": Sample(["schema"]),
    "info": Sample(["info"]),
    "issues": Sample(["issues"]),
    "compare": Sample(["compare", "territory"], ["compare", "quotas"]),
    "quotes": Sample(["quotes", "--speaker", "peskov"], ["quotes"]),
    "parties": Sample(["parties"]),
    "speakers": Sample(["speakers"]),
    "search": Sample(["search", "referendum"], ["search", "cod", "bank"]),
    "divergence": Sample(["divergence"]),
    "shifts": Sample(["shifts"]),
    "report": Sample(["report"]),
    "timeline": Sample(["timeline"]),
    # diff reads the two files it is given (--data does not change them); log, the git history
    # of the data file in this repository.
    "diff": Sample(["diff", str(Path(__file__).parent / "fixtures" / "small.yaml"), str(default_data_path())]),
    "log": Sample(["log", "-n", "3"]),
    "cache info": Sample(["cache", "info"]),
    "cache clear": Sample(["cache", "clear"]),
    "export sqlite": Sample(["export", "sqlite", str(EXPORTED)]),
    "init": Sample(["init", "--title", "Talks"]),
    "add quote": Sample(["add", "quote", "--speaker", "alvarez", "--text", "We fish.", *_DRY]),
    "add position": Sample(["add", "position", "--party", "board", "--issue", "cod", "--date", "2025-12",
                            "--summary", "Open", *_DRY]),
    "add event": Sample(["add", "event", "--date", "2025-12", "--title", "A round", *_DRY]),
    "add speaker": Sample(["add", "speaker", "--name", "Ana Lima", "--party", "norland", *_DRY]),
    "add source": Sample(["add", "source", "--title", "A report", *_DRY]),
    "edit": Sample(["edit", "quote", "alvarez-cod", "--context", "At the harbour", *_DRY]),
    "remove": Sample(["remove", "quote", "ow-juveniles", "--cascade", *_DRY]),
}


def leaf_commands(group: Any = None, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command the app runs, sub-commands of groups included, as ("group command", command)."""
    group = group if group is not None else get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


def is_listing(command: Any) -> bool:
    """A listing command: it takes --format and writes rows (listing_command)."""
    return any(param.name == "format" for param in command.params)


LISTINGS: dict[str, Sample] = {name: COMMANDS[name] for name, command in leaf_commands()
                               if is_listing(command) and name in COMMANDS}
