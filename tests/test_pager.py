"""The pager, with a stand-in pager program on a real pseudo-terminal: started only on a
terminal and only for output taller than the screen, chosen by FACTBOX_PAGER, PAGER or less,
turned off by --no-pager or an empty variable; quitting it early ends factbox quietly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, long_factbox, run_on_pty, run_process

SMALL = str(FIXTURES / "small.yaml")

STAND_IN = """
import os, sys
record = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "paged.txt")
quit_early = len(sys.argv) > 2
with open(record, "w", encoding="utf-8") as out:
    out.write("LESS=" + os.environ.get("LESS", "<unset>") + "\\n")
    if quit_early:
        out.write(sys.stdin.readline())
        sys.exit(0)
    out.write(sys.stdin.read())
print("[stand-in pager done]")
"""


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "pager.py"
    script.write_text(STAND_IN, encoding="utf-8")
    return f"{sys.executable} {script} {tmp_path / 'paged.txt'}", tmp_path / "paged.txt"


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A factbox whose quotes take far more than a screen, and more than a pipe's buffer."""
    return str(long_factbox(tmp_path_factory.mktemp("long") / "long.yaml", quotes=800, words=40))


def test_output_taller_than_the_screen_goes_through_the_pager(pager: tuple[str, Path], long_file: str) -> None:
    command, record = pager
    code, screen, stderr = run_on_pty("quotes", "--data", long_file, env={"FACTBOX_PAGER": command})
    assert (code, stderr) == (0, "800 quotes\n")
    paged = record.read_text(encoding="utf-8")
    assert paged.startswith("LESS=FRX\n")
    assert "word 0" in paged and "word 799" in paged  # all of it, in order
    assert paged.index("word 0") < paged.index("word 799")
    assert screen.strip() == "[stand-in pager done]"  # nothing written around the pager


def test_pager_comes_from_pager_when_factbox_pager_is_unset(pager: tuple[str, Path], long_file: str) -> None:
    command, record = pager
    code, _, _ = run_on_pty("quotes", "--data", long_file, env={"PAGER": command, "LESS": "-S"})
    assert code == 0
    assert record.read_text(encoding="utf-8").startswith("LESS=-S\n")  # a LESS of one's own is kept


def test_less_is_the_pager_when_neither_variable_is_set(tmp_path: Path, long_file: str) -> None:
    (tmp_path / "bin").mkdir()
    less = tmp_path / "bin" / "less"
    less.write_text(f"#!{sys.executable}\n" + STAND_IN, encoding="utf-8")
    less.chmod(0o755)
    path = f"{tmp_path / 'bin'}:{os.environ['PATH']}"
    code, _, _ = run_on_pty("quotes", "--data", long_file, env={"FACTBOX_PAGER": None, "PAGER": None, "PATH": path,
                                                                  "LESS": None})
    assert code == 0
    assert "word 799" in (tmp_path / "paged.txt").read_text(encoding="utf-8")


def test_factbox_pager_wins_over_pager(pager: tuple[str, Path], long_file: str) -> None:
    command, record = pager
    run_on_pty("quotes", "--data", long_file, env={"FACTBOX_PAGER": command, "PAGER": "false"})
    assert record.exists()


def test_output_that_fits_the_screen_is_not_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    code, screen, _ = run_on_pty("parties", "--data", SMALL, env={"FACTBOX_PAGER": command})
    assert code == 0 and "Estrela" in screen
    assert not record.exists()


@pytest.mark.parametrize(("args", "env"), [
    (["--no-pager"], {"FACTBOX_PAGER": "STAND-IN"}),
    ([], {"FACTBOX_PAGER": "", "PAGER": "STAND-IN"}),  # empty: off, whatever PAGER says
    ([], {"PAGER": ""}),  # and less is not run either
])
def test_the_pager_can_be_turned_off(pager: tuple[str, Path], long_file: str, args: list[str],
                                     env: dict[str, str]) -> None:
    command, record = pager
    env = {name: command if value == "STAND-IN" else value for name, value in env.items()}
    code, screen, _ = run_on_pty("quotes", "--data", long_file, *args, env=env)
    assert code == 0 and "799" in screen
    assert not record.exists()


def test_piped_output_is_never_paged(pager: tuple[str, Path], long_file: str) -> None:
    command, record = pager
    result = run_process("quotes", "--data", long_file, "-f", "table", env={"FACTBOX_PAGER": command})
    assert result.returncode == 0 and "799" in result.stdout
    assert not record.exists()


@pytest.mark.parametrize("fmt", ["table", "json", "plain"])
def test_quitting_the_pager_early_ends_quietly(pager: tuple[str, Path], long_file: str, fmt: str) -> None:
    command, record = pager
    code, _, stderr = run_on_pty("quotes", "--data", long_file, "-f", fmt, env={"FACTBOX_PAGER": command + " q"})
    assert code == 0
    assert "Traceback" not in stderr and "error" not in stderr
    assert len(record.read_text(encoding="utf-8").splitlines()) == 2  # LESS=, then the one line read


def test_a_pager_that_cannot_start_is_said_and_the_output_written(long_file: str) -> None:
    code, screen, stderr = run_on_pty("quotes", "--data", long_file, env={"FACTBOX_PAGER": "/nonexistent/pager"})
    assert code == 0 and "799" in screen
    assert stderr.startswith("factbox: warning: cannot start the pager '/nonexistent/pager'")


def test_no_pager_may_come_before_the_command(pager: tuple[str, Path], long_file: str) -> None:
    command, record = pager
    code, _, _ = run_on_pty("--no-pager", "quotes", "--data", long_file, env={"FACTBOX_PAGER": command})
    assert code == 0 and not record.exists()
