"""How an earlier export is recognised, so that replacing it needs no --force: told without
the writers (`sqlite`, `datasette`), which are imported once the first file is loaded and so
do not add to the peak memory of loading it."""

from __future__ import annotations

from pathlib import Path

#: PRAGMA application_id of a factbox export ("fbox").
APPLICATION_ID = 0x66626F78
#: The first line of an export's Datasette metadata file.
MARKER = "# Datasette metadata written by `factbox export sqlite`; it is replaced by the next export.\n"


def is_export(path: Path) -> bool:
    """A SQLite database with factbox's application id: an earlier export, safe to replace.
    Read from the header bytes, without opening it as a database."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def metadata_path(database: Path) -> Path:
    """OUT.metadata.yml beside OUT.db."""
    return database.with_name(database.stem + ".metadata.yml")


def is_metadata(path: Path) -> bool:
    """A metadata file an earlier export wrote."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline() == MARKER
    except (OSError, UnicodeDecodeError):
        return False
