"""What tests share: run the real command line, in-process (`run`) or as a real process
(`run_process`), with stdout and stderr kept apart; and where the fixtures are."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from typer.testing import CliRunner, Result

from factbox.cli import app

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SHARED = TESTS.parents[1] / "shared"

#: Variables a user may have set that would change what a test sees.
USER_SETTINGS = ("FACTBOX_DATA", "FACTBOX_FORMAT", "NO_COLOR", "FORCE_COLOR", "COLUMNS")


def run(*args: str, input: str | bytes | None = None, env: Mapping[str, str] | None = None) -> Result:
    """Invoke factbox in-process as a user would; unexpected exceptions fail the test."""
    base = {"FACTBOX_DATA": "", "FACTBOX_FORMAT": "", "NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "100"}
    result = CliRunner().invoke(app, list(args), input=input, env={**base, **(env or {})},
                                prog_name="factbox")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_process(*args: str, input: str | None = None, env: Mapping[str, str] | None = None,
                shell: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run factbox in a real subprocess (real pipes, real environment variables)."""
    full_env = {k: v for k, v in os.environ.items() if k not in USER_SETTINGS}
    full_env.update(env or {})
    command = [sys.executable, "-m", "factbox", *args]
    if shell is not None:
        return subprocess.run(shell.replace("factbox", f"'{sys.executable}' -m factbox", 1), shell=True,
                              capture_output=True, text=True, env=full_env, input=input, cwd=cwd,
                              timeout=60, executable="/bin/bash")
    return subprocess.run(command, capture_output=True, text=True, env=full_env, input=input,
                          cwd=cwd, timeout=60)
