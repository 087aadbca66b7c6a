"""Shared helpers: run the real command line, with stdout and stderr kept apart."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from factbox.cli import app
from factbox.reading import default_data_path

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SHARED = TESTS.parents[1] / "shared"


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
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("FACTBOX_DATA", "FACTBOX_FORMAT", "NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    full_env.update(env or {})
    command = [sys.executable, "-m", "factbox", *args]
    if shell is not None:
        return subprocess.run(shell.replace("factbox", f"'{sys.executable}' -m factbox", 1), shell=True,
                              capture_output=True, text=True, env=full_env, input=input, cwd=cwd,
                              timeout=60, executable="/bin/bash")
    return subprocess.run(command, capture_output=True, text=True, env=full_env, input=input,
                          cwd=cwd, timeout=60)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's own cache (~/.cache/factbox)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def bundled() -> Path:
    return default_data_path()


@pytest.fixture
def bundled_text(bundled: Path) -> str:
    return bundled.read_text(encoding="utf-8")
