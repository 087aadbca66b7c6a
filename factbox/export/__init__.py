"""Factboxes into the formats of other tools: a SQLite database (`sqlite`) and the Datasette
metadata that makes it a browsable site (`datasette`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Factbox
    from .datasette import Described


def export_sqlite(target: Path, factboxes: Iterable[tuple[str, Factbox]], force: bool = False) -> list[Described]:
    """OUT.db and OUT.metadata.yml, each replaced atomically, from the (name, factbox) pairs
    read one at a time; what was exported, or nothing (and nothing written) when there was
    none. Both files are checked before either is written: an earlier export's files are
    replaced, any other file only with `force`."""
    from ..writing.atomic import may_replace
    from .earlier import is_export, is_metadata, metadata_path

    may_replace(target, force, is_export)
    may_replace(metadata_path(target), force, is_metadata)
    pairs = iter(factboxes)
    first = next(pairs, None)
    if first is None:
        return []
    from .datasette import Described, write_metadata
    from .sqlite import write_database

    exported: list[Described] = []

    def each() -> Iterator[tuple[str, Factbox]]:
        for name, factbox in itertools.chain([first], pairs):
            exported.append(Described(name, factbox))
            yield name, factbox

    write_database(target, each())
    write_metadata(target, exported)
    return exported
