"""The command line: `app` with every command registered, and `main`, the entry point."""

from . import commands as _commands  # noqa: F401  (registers the commands on `app`)
from .app import app, main

__all__ = ["app", "main"]
