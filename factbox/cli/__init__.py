"""The command line: `app` with every command registered, and `main`, the entry point."""

from . import archive as _archive  # noqa: F401  (registers export sqlite)
from . import authoring as _authoring  # noqa: F401  (registers the writing commands on `app`)
from . import commands as _commands  # noqa: F401  (registers the commands on `app`)
from . import publish as _publish  # noqa: F401  (registers `report`)
from . import time as _time  # noqa: F401  (timeline, diff, log)
from .app import app, main

__all__ = ["app", "main"]
