"""compare and divergence never crop their data: a view that does not fit the terminal falls
back to the record layout, like every other listing (five parties at 80 columns lost one
column and cut the next to four characters)."""

from __future__ import annotations

import pytest
from helpers import run_on_pty
from rich.cells import cell_len

PARTIES = ["Northland Republic", "Southland Federation", "Eastmark Kingdom", "Westfold Confederacy",
           "Midlands Union"]


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> str:
    ids = [name.split()[0].lower() for name in PARTIES]
    parties = "".join(f"  - {{id: {i}, name: {name}}}\n" for i, name in zip(ids, PARTIES, strict=True))
    positions = "".join(f"  - {{party: {i}, issue: water, stance: {s}, summary: Summary of {name} on water.}}\n"
                        for i, name, s in zip(ids, PARTIES, (-2, 2, 0, 1, -1), strict=True))
    path = tmp_path_factory.mktemp("five") / "five.yaml"
    path.write_text("format: factbox/1\ntitle: Five parties\nparties:\n" + parties
                    + "issues:\n  - {id: water, title: Water rights on the Great River, question: Shared?}\n"
                    + "positions:\n" + positions, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("columns", [40, 80, 100])
@pytest.mark.parametrize("command", [["compare", "water"], ["divergence"]])
def test_five_parties_lose_no_word(five: str, command: list[str], columns: int) -> None:
    code, screen, _ = run_on_pty(*command, "--data", five, env={"NO_COLOR": "1"}, columns=columns)
    assert code == 0
    assert all(cell_len(line) <= columns for line in screen.splitlines()), screen
    words = " ".join(screen.split())
    if command[0] == "compare":
        for name in PARTIES:
            assert f"Summary of {name} on water." in words, screen
    else:
        assert set(["Water", "rights", "on", "the", "Great", "River", "opposed"]) <= set(words.split()), screen
