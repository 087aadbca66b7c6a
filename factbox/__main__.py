"""`python -m factbox` and the `factbox` command."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # The cyclic collector would only rescan the tens of thousands of objects that importing
    # Typer and factbox makes, all of them kept for the whole run: it is off while they are
    # made, and they are then frozen out of its reach (gc.freeze). Freezing again at the end
    # spares the collection the interpreter runs on its way out, of objects about to go. A
    # start-up measured by benchmarks/run.py: about a sixth of a short query's time.
    gc.disable()
    try:
        from .cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported
        sys.exit(130)  # ExitCode.INTERRUPTED: errors is not imported yet
    gc.freeze()
    gc.enable()
    try:
        run()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
