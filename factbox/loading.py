"""Load a factbox: text in, a valid model or every located problem out."""

from __future__ import annotations

import gc
from pathlib import Path

from .model import Factbox
from .reading import STDIN, SourceText, decode, read_bytes, read_source


def load_source(source: SourceText) -> Factbox:
    # Loading makes millions of objects and no reference cycles: the cyclic collector
    # would only rescan them again and again (it more than doubles the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .validation import validate
        from .yamlsource import parse_nodes

        return validate(parse_nodes(source), source.name)
    finally:
        if collecting:
            gc.enable()


def load(location: str, use_cache: bool = True) -> Factbox:
    """Load a path, or standard input for `-` (never cached); raises DataError."""
    if location == STDIN or not use_cache:
        return load_source(read_source(location))
    from . import cache

    data = read_bytes(location)
    key = cache.digest(data)
    def rebuild() -> Factbox:
        factbox = load_source(SourceText(location, decode(data, location)))
        cache.store(key, factbox)
        return factbox

    cached = cache.load(key, reload=lambda: rebuild().quotes)  # a damaged entry is rebuilt too
    return cached if cached is not None else rebuild()


def load_file(path: Path | str) -> Factbox:
    return load(str(path))


def load_text(text: str, name: str = "<text>") -> Factbox:
    return load_source(SourceText(name, text))
