"""Every input of the public YAML test suite through `factbox validate`.

The corpus (../shared/corpus/yaml-test-suite, see its README) holds 308 well-formed YAML
streams in valid/ and 94 that a conforming parser must reject in invalid/. None of them is a
factbox, so whatever the parser makes of a file, factbox must answer the way it answers any
bad input: exit 1 (or 0, were one a factbox), nothing on stdout when it fails, every line on
stderr a located problem (`FILE:LINE:COL: …`), the closing `factbox: error: …` or a `hint: …`,
at least one problem located in the file, and never a traceback.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import run

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "yaml-test-suite"
CATEGORIES = ("valid", "invalid")
LINE = re.compile(r"^(?:factbox: error: .+|hint: .+|.+:\d+:\d+: .+)$")


def _files() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(path for category in CATEGORIES for path in (SUITE / category).glob("*.yaml"))


FILES = _files()
needs_suite = pytest.mark.skipif(not FILES, reason=f"the YAML test suite corpus is not here ({SUITE}); "
                                 "it sits beside the project in the shared workspace, not in a clone")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def check(path: Path) -> int:
    """Run `factbox validate PATH` in-process, assert the contract, return the exit code."""
    result = run("validate", str(path))
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert lines, "exit 1 without a message"
        assert lines[-1].startswith("factbox: error: ") or (
            lines[-1].startswith("hint: ") and lines[-2].startswith("factbox: error: ")), result.stderr
        assert not [line for line in lines if not LINE.match(line)], result.stderr
        # The format's promise: a refusal names the file, the line and the column.
        assert any(line.startswith(f"{path}:") and re.match(r"^.+:\d+:\d+: ", line) for line in lines), result.stderr
        assert "internal error" not in result.stderr
    else:
        assert result.stdout.startswith(f"{path}: valid factbox/1: ")
        assert result.stderr == ""
    return int(result.exit_code)


@needs_suite
@pytest.mark.parametrize("path", FILES or [None], ids=[f"{p.parent.name}/{p.name}" for p in FILES] or ["absent"])
def test_suite_file(path: Path) -> None:
    check(path)


@needs_suite
def test_suite_summary(capsys: pytest.CaptureFixture[str]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for path in FILES:
        category = path.parent.name
        counts[category, "tried"] += 1
        counts[category, f"exit {check(path)}"] += 1
    with capsys.disabled():
        print()
        for category in CATEGORIES:
            print(f"yaml-test-suite {category}: tried {counts[category, 'tried']}, "
                  f"exit 0: {counts[category, 'exit 0']}, exit 1: {counts[category, 'exit 1']}")
    tried = sum(counts[category, "tried"] for category in CATEGORIES)
    assert tried == len(FILES) == len(list(SUITE.glob("*/*")))
    for category in CATEGORIES:
        assert counts[category, "exit 0"] + counts[category, "exit 1"] == counts[category, "tried"]
    # The suite has files of both kinds, and none of them is a factbox.
    assert counts["valid", "tried"] > 0 and counts["invalid", "tried"] > 0
    assert counts["valid", "exit 0"] == counts["invalid", "exit 0"] == 0
