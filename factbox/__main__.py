"""`python -m factbox` and the `factbox` command."""

from __future__ import annotations


def main() -> None:
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
