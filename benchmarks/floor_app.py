"""The framework floor: the smallest Typer app that prints a one-row Rich table.

factbox cannot start faster than the stack it stands on; the benchmark compares with this.
Its one option is converted the way factbox converts its own (factbox/coercion.py): Typer
0.29 would import pydantic to do it, which would inflate the floor and flatter factbox.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperCommand

from factbox.coercion import convert_without_pydantic


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
    app()
