"""The layers hold: no module imports one that imports it back (imports inside functions
count too), rendering never reaches into the data layers, and a command stays short."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "factbox"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str) -> set[str]:
    """Every factbox module `name` imports, at the top or inside a function."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.update(c for c in (target, *(f"{target}.{a.name}" for a in node.names)) if c in MODULES)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in MODULES)
    found.discard(name)
    found.discard("factbox")  # the package itself holds only the version
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    stack = [*GRAPH[start]]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(GRAPH[current])
    return seen


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    cycles = sorted(name for name in GRAPH if name in _reachable(name))
    assert cycles == []


def test_rendering_knows_listings_only() -> None:
    """render/ turns a Listing into text: it never imports the model, the queries, the
    loaders, the listings that are built from them, or the command line (only the records
    base, the errors it raises, compat, and names for which characters hide)."""
    data_layers = {name for name in MODULES if not name.startswith("factbox.render")} - {
        "factbox.records", "factbox.compat", "factbox.errors", "factbox.names"}
    for name in MODULES:
        if name.startswith("factbox.render"):
            assert not GRAPH[name] & data_layers, name


def test_nothing_below_the_command_line_imports_it() -> None:
    for name in MODULES:
        if not name.startswith("factbox.cli") and name != "factbox.__main__":
            assert not {m for m in GRAPH[name] if m.startswith("factbox.cli")}, name


def test_every_function_of_the_command_line_is_short() -> None:
    """About 15 lines of body besides the docstring: a command is a sentence, not a script."""
    for path in (PACKAGE / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                body = node.body[1:] if ast.get_docstring(node) is not None else node.body
                if body:
                    lines = body[-1].end_lineno - body[0].lineno + 1  # type: ignore[operator]
                    assert lines <= 16, f"{path.name}:{node.lineno} {node.name} has {lines} lines"
