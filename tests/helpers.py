"""What tests share: run the real command line, in-process (`run`) or as a real process
(`run_process`), with stdout and stderr kept apart; and where the fixtures are."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
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


_CLEARED = ("FACTBOX_DATA", "FACTBOX_FORMAT", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CLICOLOR",
            "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "FACTBOX_PAGER", "PAGER", "LESS")


#: Runs factbox in this interpreter, then writes which of the modules named in
#: FACTBOX_MODULES were imported, on the last line of stderr.
_IMPORTED = """
import os, sys
sys.argv = ["factbox", *sys.argv[1:]]
from factbox.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(" ".join(name for name in os.environ["FACTBOX_MODULES"].split() if name in sys.modules) + "\\n")
"""


def modules_imported(args: list[str], modules: list[str], env: Mapping[str, str]) -> tuple[str, str]:
    """Which of `modules` a real run of factbox with `args` imports (space-separated), and its stdout."""
    process = subprocess.run([sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True,
                             env={**env, "FACTBOX_MODULES": " ".join(modules)}, timeout=60)
    return process.stderr.splitlines()[-1], process.stdout


def run_on_pty(*args: str, env: Mapping[str, str | None] | None = None, columns: int = 120) -> tuple[int, str, str]:
    """Run factbox with stdin and stdout on a pseudo-terminal of `columns` cells (stderr a
    pipe), 50 rows tall, with no pager unless `env` names one (FACTBOX_PAGER, PAGER; a None in
    `env` unsets a variable). Returns
    the exit code, what the terminal received (CR LF made LF) and stderr."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    full_env["TERM"] = "xterm-256color"
    if not {"FACTBOX_PAGER", "PAGER"} & set(env or {}):
        full_env["FACTBOX_PAGER"] = ""  # a test that reads the screen must not wait on less
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    process = subprocess.Popen([sys.executable, "-m", "factbox", *args], stdin=slave, stdout=slave,
                               stderr=subprocess.PIPE, env=full_env)
    os.close(slave)
    screen = read_terminal(master)
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8")
    process.stderr.close()
    code = process.wait(timeout=60)
    return code, screen, stderr


def read_terminal(master: int) -> str:
    """Everything written to a pseudo-terminal until its last writer closes it (then closed),
    with the terminal's CR LF line ends made LF."""
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def long_factbox(path: Path, quotes: int, words: int) -> Path:
    """A valid factbox of `quotes` quotes of `words` words each: output far taller than a
    screen and larger than a pipe's buffer."""
    lines = ["format: factbox/1", "title: Long", "parties:", "  - {id: p, name: P}",
             "speakers:", "  - {id: s, name: S, party: p}", "issues:", "  - {id: i, title: I}", "quotes:"]
    lines += [f"  - {{id: q{n}, speaker: s, issues: [i], text: {'word ' * words}{n}}}" for n in range(quotes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
