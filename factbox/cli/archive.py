"""Commands for archives of many factboxes: `export sqlite`, a database of them for SQL and
Datasette."""

# Real annotation objects, not strings: Typer reads these signatures on every run.
from pathlib import Path
from typing import Annotated

import typer

from .app import app, new_app
from .options import DataOption, NoCacheOption

export_app = new_app("""Export factboxes for other tools.

\b
Examples:
  factbox export sqlite factboxes.db --data archive/""")
app.add_typer(export_app, name="export")


@export_app.command("sqlite")
def export_sqlite(
    out: Annotated[str, typer.Argument(metavar="OUT.db", help="The database to write; OUT.metadata.yml is "
                                        "written beside it.")],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT.db or OUT.metadata.yml even when it is not "
                                        "an earlier factbox export.")] = False,
) -> None:
    """Write the data to a SQLite database, with Datasette metadata beside it.

    One table per record kind with real keys, dates with sortable date_start/date_end,
    full-text search of quotes (quotes_fts), and the views quotes_full and stances. Both
    files are replaced atomically; a file that is not an earlier export needs --force.
    Files that do not validate are reported and left out (exit 3).

    \b
    Examples:
      factbox export sqlite factboxes.db --data archive/
      datasette factboxes.db -m factboxes.metadata.yml
      sqlite3 factboxes.db 'select speaker, count(*) from quotes group by speaker'
    """
    from ..archive import Loader, members
    from ..export import export_sqlite as write_export
    from ..reading import data_locations
    from .options import report_skipped

    files = members(data_locations(data))
    loaded = Loader(files, not no_cache)
    exported = write_export(Path(out), ((member.name, factbox) for member, factbox in loaded), force)
    if exported:
        _written(out, sum(factbox.quotes for factbox in exported), len(exported))
    report_skipped(loaded.skipped, len(files), answered=bool(exported))


def _written(database: str, quotes: int, factboxes: int) -> None:
    from ..export.earlier import metadata_path
    from ..render.stream import write_out

    metadata = metadata_path(Path(database))
    write_out(f"wrote {database} ({factboxes} factbox{'es' if factboxes != 1 else ''}, {quotes} quotes) "
              f"and {metadata}\nbrowse it: datasette {database} -m {metadata}\n")
