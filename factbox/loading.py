"""Load a factbox: text in, a valid model or every located problem out."""

from __future__ import annotations

import gc
import os
import stat
import time
from pathlib import Path

from .errors import Problem
from .model import Factbox
from .reading import STDIN, SourceText, decode, read_bytes, read_source


def load_source(source: SourceText, warnings: list[Problem] | None = None) -> Factbox:
    """A valid file is read once, without positions (yamlsource.parse_plain); a file with a
    problem, or one that only libyaml reads as factbox must, is read (again) with them."""
    # Loading makes millions of objects and no reference cycles: the cyclic collector
    # would only rescan them again and again (it more than doubles the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .validation import validate, validate_plain
        from .yamlsource import parse_nodes, parse_plain

        if warnings is None:  # warnings are located: only `validate` asks for them
            document = parse_plain(source)
            factbox = validate_plain(document, source.name) if document is not None else None
            del document
            if factbox is not None:
                return factbox
        return validate(parse_nodes(source), source.name, warnings)
    finally:
        if collecting:
            gc.enable()


def load(location: str, use_cache: bool = True, warnings: list[Problem] | None = None) -> Factbox:
    """Load a path, or standard input for `-` (never cached); raises DataError.

    The file's cache entry is used without reading the file when the file's identity is the
    one recorded in it; else the bytes are read, and hashed to see if the entry still holds
    (factbox/cache.py). Given a `warnings` list, the file is parsed even when cached, to
    locate its warnings in the text (and its entry refreshed for the queries that follow)."""
    if location == STDIN or not use_cache:
        return load_source(read_source(location), warnings)
    from . import cache

    read_ns = time.time_ns()  # before the file is looked at: see cache.is_racy
    try:
        real_path = os.path.realpath(location)
        info = os.stat(real_path)
    except (OSError, ValueError):
        info = None
    if not location or info is None or not stat.S_ISREG(info.st_mode):
        return load_source(read_source(location), warnings)  # which says what is wrong

    def build(read: list[bytes], content: str | None = None) -> Factbox:
        """Load and store the bytes in `read`, taken out of it: a large file is then held
        once, as its text, while it is parsed."""
        content = content or cache.digest(read[0])
        source = SourceText(location, decode(read.pop(), location))
        factbox = load_source(source, warnings)
        cache.store(real_path, info, read_ns, content, factbox)
        return factbox

    if warnings is not None:
        return build([read_bytes(location)])
    entry = cache.open_entry(real_path)
    if entry is not None and entry.fresh(info):
        cached = entry.factbox(reload=lambda: build([read_bytes(location)]))
        if cached is not None:
            return cached
    read = [read_bytes(location)]
    content = cache.digest(read[0])
    if entry is not None and entry.digest == content:
        cached = entry.factbox(reload=lambda: build(read, content))
        if cached is not None:
            entry.refresh(real_path, info, read_ns)  # the same bytes under a new identity
            return cached
    return build(read, content)


def load_file(path: Path | str) -> Factbox:
    return load(str(path))


def load_text(text: str, name: str = "<text>") -> Factbox:
    return load_source(SourceText(name, text))
