"""The framework floor: the smallest Typer app that prints a one-row Rich table.

factbox cannot start faster than the stack it stands on; the benchmark compares with this.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main(name: str = "Peskov") -> None:
    table = Table("speaker", "quote")
    table.add_row(name, "A ceasefire is a respite")
    Console().print(table)


if __name__ == "__main__":
    app()
