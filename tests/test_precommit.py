"""The pre-commit hook a factbox repository uses: its entry, run as pre-commit runs it (the
entry's words, then the changed files), passes a valid file and fails an invalid one."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import FIXTURES

from factbox import __version__

ROOT = Path(__file__).resolve().parents[1]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run_hook(*files: Path) -> subprocess.CompletedProcess[str]:
    (hook,) = HOOKS
    program, *words = shlex.split(hook["entry"])
    assert program == "factbox"
    return subprocess.run([sys.executable, "-m", "factbox", *words, *map(str, files)], capture_output=True,
                          text=True, timeout=60)


def test_the_hook_passes_a_valid_file_and_fails_an_invalid_one(tmp_path: Path, bundled: Path) -> None:
    valid = bundled
    passed = run_hook(valid)
    assert (passed.returncode, passed.stderr) == (0, "")
    assert passed.stdout.startswith(f"{valid}: valid factbox/1: ")
    broken = tmp_path / "broken.yaml"
    broken.write_text(valid.read_text(encoding="utf-8").replace("party: russia", "party: rusia", 1),
                      encoding="utf-8")
    failed = run_hook(valid, broken)
    assert failed.returncode == 1
    assert "unknown party 'rusia' — did you mean 'russia'?" in failed.stderr


def test_a_warning_fails_the_hook(tmp_path: Path) -> None:
    warned = tmp_path / "warned.yaml"
    text = (FIXTURES / "readme" / "talks.yaml").read_text(encoding="utf-8")
    stance = "positions: [{party: russia, issue: first-issue, stance: 1, summary: x}]"  # no basis: a warning
    warned.write_text(text.replace("positions: []", stance), encoding="utf-8")
    result = run_hook(warned)
    assert result.returncode == 1 and "--strict makes warnings errors" in result.stderr


def test_the_readme_shows_how_to_use_the_hook() -> None:
    (hook,) = HOOKS
    assert f"id: {hook['id']}" in README and f"rev: v{__version__}" in README
