"""Factboxes into the formats of other tools: a SQLite database (`sqlite`) and the Datasette
metadata that makes it a browsable site (`datasette`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Factbox


def export_sqlite(target: Path, factboxes: Sequence[tuple[str, Factbox]], force: bool = False) -> tuple[Path, Path]:
    """OUT.db and OUT.metadata.yml, each replaced atomically. Both are checked before either is
    written: an earlier export's files are replaced, any other file only with `force`."""
    from ..writing.atomic import may_replace
    from .datasette import is_metadata, metadata_path, write_metadata
    from .sqlite import is_export, write_database

    may_replace(target, force, is_export)
    may_replace(metadata_path(target), force, is_metadata)
    return write_database(target, factboxes), write_metadata(target, factboxes)
