"""The framework floor: the smallest Typer app that prints a one-row Rich table.

factbox cannot start faster than the stack it stands on; the benchmark compares with this.
It uses factbox's own start-up measures, so that they do not flatter factbox: its one option
is converted the way factbox converts its own (factbox/coercion.py; Typer 0.29 would import
pydantic to do it), and the cyclic collector is kept off the imported objects as
factbox/__main__.py keeps it (off while importing, then gc.freeze, and again at exit).
"""

from __future__ import annotations

import gc

gc.disable()

from typing import Any  # noqa: E402  (after gc.disable, as in factbox/__main__.py)

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from typer.core import TyperCommand  # noqa: E402

from factbox.coercion import convert_without_pydantic  # noqa: E402

gc.freeze()
gc.enable()


class _Command(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_without_pydantic(self.get_params(ctx))
        return list(super().parse_args(ctx, args))


app = typer.Typer()


@app.command(cls=_Command)
def main(name: str = "Peskov") -> None:
    table = Table("speaker", "quote")
    table.add_row(name, "A ceasefire is a respite")
    Console().print(table)


if __name__ == "__main__":
    try:
        app()
    finally:
        gc.freeze()
