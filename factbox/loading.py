"""Load a factbox: text in, a valid model or every located problem out."""

from __future__ import annotations

from pathlib import Path

from .model import Factbox
from .validation import validate
from .yamlsource import SourceText, parse_nodes, read_source


def load_source(source: SourceText) -> Factbox:
    return validate(parse_nodes(source), source.name)


def load(location: str) -> Factbox:
    """Load a path, or standard input for `-`; raises DataError."""
    return load_source(read_source(location))


def load_file(path: Path | str) -> Factbox:
    return load(str(path))


def load_text(text: str, name: str = "<text>") -> Factbox:
    return load_source(SourceText(name, text))
