"""Read a factbox file's text and parse it into a YAML node tree, safely.

Only the node tree is built: no YAML tag can construct a Python object, scalars stay
exactly as written, and every node keeps its line and column for error messages.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, Problem

STDIN = "-"
MAX_BYTES = 512 * 1024 * 1024
#: Aliases may repeat values, but never blow a document up past this many nodes.
MIN_EXPANSION_BOUND = 1_000_000
EXPANSION_FACTOR = 10

_Loader: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A data file's name as the user gave it, and its decoded text."""

    name: str
    text: str


def read_source(location: str) -> SourceText:
    """Read a path, or standard input for `-`, with a clear message for each way it can fail."""
    if location == STDIN:
        return SourceText("<stdin>", _decode(_read_stdin(), "<stdin>"))
    path = Path(location)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError(f"{location}: no such file", hint="check the path, or set FACTBOX_DATA") from None
    except OSError as error:
        raise DataError(f"{location}: cannot read: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(f"{location}: is a directory, not a factbox file")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(f"{location}: not a regular file")
    if info.st_size > MAX_BYTES:
        raise DataError(f"{location}: file is {info.st_size} bytes; the limit is {MAX_BYTES}")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise DataError(f"{location}: permission denied") from None
    except OSError as error:
        raise DataError(f"{location}: cannot read: {error.strerror}") from None
    return SourceText(location, _decode(data, location))


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None or stream.closed:
        raise DataError("standard input is closed", hint="pipe a factbox in, or pass --data FILE")
    try:
        data = stream.buffer.read(MAX_BYTES + 1) if hasattr(stream, "buffer") else stream.read().encode()
    except (OSError, ValueError) as error:
        raise DataError(f"cannot read standard input: {error}") from None
    if len(data) > MAX_BYTES:
        raise DataError(f"standard input is larger than the limit of {MAX_BYTES} bytes")
    return data


def _decode(data: bytes, name: str) -> str:
    """UTF-8, or UTF-16/32 announced by a byte-order mark, as YAML allows."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    encoding = next((name for bom, name in boms if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError(
            f"{name}:{line}:{column}: not valid {encoding.upper().replace('-SIG', '')} text "
            f"(byte 0x{data[error.start]:02x})",
            hint="save the file as UTF-8",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise DataError(f"{name}:{line}:{column}: NUL character — a factbox is a text file")
    return text


def parse_nodes(source: SourceText) -> yaml.Node | None:
    """The single document's node tree, or None for a file with no document at all."""
    try:
        root: yaml.Node | None = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise DataError("not valid YAML", [_yaml_problem(source.name, error)]) from None
    except yaml.YAMLError as error:
        raise DataError(f"{source.name}: not valid YAML: {error}") from None
    except RecursionError:
        raise DataError(f"{source.name}: YAML nested too deeply to read") from None
    if root is not None:
        _check_expansion(root, source.name)
    return root


def _yaml_problem(name: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or "syntax error").strip()
    if error.context:
        problem = f"{problem} ({error.context.strip()})"
    if problem.startswith("expected a single document"):
        problem = "a factbox holds exactly one YAML document; found another one here"
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    return Problem(name, line, column, "", f"YAML syntax: {problem}")


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse recursive aliases and alias 'bombs' before anything walks the tree.

    Aliases share nodes, so the tree is a graph: count each distinct node once and
    each node's expanded size with memoisation, iteratively to survive deep nesting.
    """
    expanded: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_stack.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            continue
        if key in expanded:
            continue
        if key in on_stack:
            mark = node.start_mark
            raise DataError(
                "recursive alias",
                [Problem(name, mark.line + 1, mark.column + 1, "", "an alias refers to a node that contains it")],
            )
        on_stack.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_stack:
                mark = child.start_mark
                raise DataError(
                    "recursive alias",
                    [Problem(name, mark.line + 1, mark.column + 1, "", "an alias refers to a node that contains it")],
                )
            if id(child) not in expanded:
                stack.append((child, False))
    distinct = len(expanded)
    bound = max(MIN_EXPANSION_BOUND, EXPANSION_FACTOR * distinct)
    if expanded[id(root)] > bound:
        raise DataError(
            f"{name}: aliases expand the document to {expanded[id(root)]:,} nodes "
            f"(written: {distinct:,}; the limit is {bound:,})",
            hint="aliases may repeat a value, not multiply the document",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def default_data_path() -> Path:
    """The bundled dataset: installed inside the package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "positions.yaml", here.parent / "data" / "positions.yaml"):
        if candidate.is_file():
            return candidate
    return here / "data" / "positions.yaml"


def data_location(explicit: str | None) -> str:
    """`--data`, else FACTBOX_DATA, else the bundled dataset."""
    return explicit or os.environ.get("FACTBOX_DATA") or str(default_data_path())
