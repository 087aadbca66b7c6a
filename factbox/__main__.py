"""`python -m factbox` and the `factbox` command."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported
        sys.exit(130)  # ExitCode.INTERRUPTED: errors is not imported yet
    run()


if __name__ == "__main__":
    main()
