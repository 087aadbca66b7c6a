"""The README tells the truth: its set-up commands are the ones CI runs, and every command
is documented there and in its own --help with an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from commands import COMMANDS as REGISTRY
from commands import LISTINGS
from helpers import run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(REGISTRY)


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None and README.index("```sh") < 40
    install, tests = first_block.group(1).strip().splitlines()
    assert install.endswith("factbox issues")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f'TEST_COMMAND="{tests}"' in ci


def test_every_command_is_listed() -> None:
    assert set(COMMANDS) == {"compare", "divergence", "info", "issues", "parties", "quotes", "schema", "search",
                             "shifts", "speakers", "validate", "report", "cache info", "cache clear", "timeline",
                             "export sqlite", "diff", "log"} | {
        "init", "add quote", "add position", "add event", "add speaker", "add source", "edit", "remove"}


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme_and_its_help_has_an_example(command: str) -> None:
    assert f"`factbox {command}" in README
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"factbox {command}" in result.stdout.split("Examples:")[1]


def test_exit_codes_are_one_table_in_code_help_and_readme() -> None:
    """Every ExitCode is in `--help` and README, and neither lists a code that does not exist."""
    from factbox.errors import ExitCode

    help_text = run("--help").stdout.split("Exit codes:")[1]
    in_help = {int(code) for code in re.findall(r"^\s+(\d+)\s", help_text, re.M)}
    table = README.split("## Exit codes")[1].split("\n## ")[0]
    in_readme = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert in_help == in_readme == {int(code) for code in ExitCode}
    assert len({code.value for code in ExitCode}) == len(ExitCode)


@pytest.mark.parametrize("command", sorted(LISTINGS))
def test_the_fields_table_names_every_field_in_order(command: str) -> None:
    """README's fields table is the documented JSON shape: it must be the shape itself."""
    import json

    table = README.split("Fields, by command:")[1].split("\n\n")[1]
    row = next(line for line in table.splitlines() if line.startswith(f"| `{command}` |"))
    documented = re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", row.split("|")[2]))
    result = run(*LISTINGS[command].bundled, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert documented == list(json.loads(result.stdout)[0]), row
