"""README's sample outputs, made by the real commands (as sqlite-utils keeps its CLI reference in
step with --help).

A sample is a line `$ factbox …` (or `$ datasette …`) in a ```text block of README.md (or docs/*.md), and the lines
after it up to the next `$ ` line or the end of the block: what the command prints, stdout and
stderr together, as a terminal shows them. The command runs in bash (pipes and `VAR=value
factbox` work) on a pseudo-terminal of 100 columns and 1000 rows (so no pager), no colour, in a
scratch directory holding the files of tests/fixtures/readme/ (`draft.yaml`, `archive/`). A sample that
ends with a line `…` shows only the start of the output. Trailing spaces are not compared.

    .venv/bin/python tests/readme_samples.py           # rewrite every sample from the commands
    .venv/bin/python tests/readme_samples.py --check   # list the samples that drifted

`tests/test_readme_samples.py` fails when one has drifted.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

from helpers import read_terminal

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FILES = Path(__file__).resolve().parent / "fixtures" / "readme"
MORE = "…"
COLUMNS = 100
ROWS = 1000
#: Colour that a program other than factbox (jq) writes whatever NO_COLOR says.
_STYLE = re.compile("\x1b\\[[0-9;]*m")
_BLOCK = re.compile(r"^```text\n(.*?)^```$", re.S | re.M)
#: Settings of the person running the tests that would change what a sample shows.
_CLEARED = ("FACTBOX_DATA", "FACTBOX_FORMAT", "FACTBOX_PAGER", "FACTBOX_NO_CACHE", "FORCE_COLOR",
            "CLICOLOR_FORCE", "COLUMNS", "LINES", "PAGER", "LESS")


class Sample:
    """One `$ command` and the output written under it, at [start, end) of its document."""

    __slots__ = ("command", "document", "end", "gap", "partial", "shown", "start")

    def __init__(self, document: Path, command: str, shown: list[str], start: int, end: int, gap: bool) -> None:
        self.document = document
        self.command = command
        self.partial = bool(shown) and shown[-1] == MORE
        self.shown = shown[:-1] if self.partial else shown
        self.start = start
        self.end = end
        self.gap = gap  # a blank line before the next command

    def __repr__(self) -> str:
        return f"{self.document.name}: $ {self.command}"

    def drifted(self, output: str) -> bool:
        lines = _lines(output)
        return (lines[:len(self.shown)] if self.partial else lines) != [line.rstrip() for line in self.shown]

    def text(self, output: str) -> str:
        """The sample as it should read: the command, then its output (cut as before when partial)."""
        lines = _lines(output)
        if self.partial:
            lines = [*lines[:len(self.shown)], MORE]
        return "\n".join([f"$ {self.command}", *lines]) + "\n" + ("\n" if self.gap else "")


def _lines(output: str) -> list[str]:
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def samples(document: Path) -> list[Sample]:
    text = document.read_text(encoding="utf-8")
    found: list[Sample] = []
    for block in _BLOCK.finditer(text):
        offset = block.start(1)
        pieces = re.split(r"^(?=\$ )", block.group(1), flags=re.M)
        for piece in pieces:
            if piece.startswith(("$ factbox", "$ datasette")) or (
                    piece.startswith("$ ") and " factbox " in piece.split("\n")[0]):
                command, _, rest = piece.partition("\n")
                shown = rest.split("\n")
                gap = rest.endswith("\n\n")
                while shown and not shown[-1]:
                    shown.pop()
                found.append(Sample(document, command[2:], shown, offset, offset + len(piece), gap))
            offset += len(piece)
    return found


def produce(command: str, scratch: Path) -> str:
    """What a terminal of 100 columns shows when the command runs (stdout and stderr both on
    it, in the order written; tall enough that no pager starts; no colour, jq's included)."""
    env = {key: value for key, value in os.environ.items() if key not in _CLEARED}
    env.update({"NO_COLOR": "1", "TERM": "xterm-256color", "PYTHON": sys.executable,
                "XDG_CACHE_HOME": str(scratch / ".cache")})
    script = f'factbox() {{ "$PYTHON" -m factbox "$@"; }}\ndatasette() {{ "$PYTHON" -m datasette "$@"; }}\n{command}\n'
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    process = subprocess.Popen(["bash", "-c", script], stdin=slave, stdout=slave, stderr=slave, env=env,
                               cwd=scratch)
    os.close(slave)
    screen = read_terminal(master)
    process.wait(timeout=120)
    return _STYLE.sub("", screen)


def scratch_directory() -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="factbox-readme-"))
    if FILES.is_dir():
        for path in FILES.iterdir():
            if path.is_dir():
                shutil.copytree(path, scratch / path.name, symlinks=True)  # archive/: a folder of factboxes
            else:
                shutil.copy(path, scratch / path.name)
    return scratch


def rewrite(document: Path, scratch: Path) -> list[Sample]:
    """Every sample of the document made again from its command; the samples that changed."""
    text = document.read_text(encoding="utf-8")
    changed: list[Sample] = []
    found = samples(document)
    outputs = [produce(sample.command, scratch) for sample in found]  # in order: a sample may use an earlier's files
    for sample, output in reversed(list(zip(found, outputs, strict=True))):
        if sample.drifted(output):
            changed.append(sample)
            text = text[:sample.start] + sample.text(output) + text[sample.end:]
    document.write_text(text, encoding="utf-8")
    return changed


def main(arguments: list[str]) -> int:
    scratch = scratch_directory()
    try:
        if "--check" in arguments:
            drifted = [s for d in DOCUMENTS for s in samples(d) if s.drifted(produce(s.command, scratch))]
        else:
            drifted = [s for d in DOCUMENTS for s in rewrite(d, scratch)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for sample in drifted:
        print(("drifted: " if "--check" in arguments else "rewrote: ") + repr(sample))
    return 1 if drifted and "--check" in arguments else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
