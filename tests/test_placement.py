"""Options as people type them: the shared ones before the command too (git and gh habits),
suggestions only from the command's own options and only when close, help in metavars."""

from __future__ import annotations

import pytest
from commands import LISTINGS
from helpers import FIXTURES, run

from factbox.cli.placement import shared_flags

SMALL = str(FIXTURES / "small.yaml")


def usage_error(*args: str) -> str:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    return result.stderr.splitlines()[-1]


@pytest.mark.parametrize("command", sorted(LISTINGS))
def test_shared_options_before_the_command_are_the_same_as_after(command: str) -> None:
    args = LISTINGS[command].small
    after = run(*args, "--data", SMALL, "-f", "json", "--no-cache")
    before = run("--data", SMALL, "-f", "json", "--no-cache", *args)
    assert after.exit_code == 0, after.stderr
    assert (before.exit_code, before.stdout, before.stderr) == (0, after.stdout, after.stderr)


@pytest.mark.parametrize("spelling", [["--data", SMALL, "--format", "csv"], [f"--data={SMALL}", "--format=csv"],
                                      ["-d", SMALL, "-fcsv"], ["-d", SMALL, "--no-headers", "-f", "csv"]])
def test_every_spelling_of_a_shared_option_may_come_first(spelling: list[str]) -> None:
    expected = run("parties", "--data", SMALL, "-f", "csv", *(["--no-headers"] if "--no-headers" in spelling else []))
    assert run(*spelling, "parties").stdout == expected.stdout != ""


def test_every_shared_option_is_known_before_the_command() -> None:
    assert {"--data", "-d", "--format", "-f", "--no-cache", "--no-headers", "--color"} <= set(shared_flags())
    assert shared_flags()["--format"] and not shared_flags()["--no-cache"]


def test_a_single_valued_option_in_both_places_is_a_usage_error() -> None:
    assert usage_error("-f", "json", "parties", "--data", SMALL, "-f", "csv") == (
        "Error: --format / -f is given both before and after the command; give it once")
    assert "--format / -f is given both" in usage_error("--format=json", "parties", "-fcsv")


def test_an_option_the_command_does_not_take_is_refused_by_the_command() -> None:
    result = run("-f", "json", "cache", "info")
    assert result.exit_code == 2
    assert "Usage: factbox cache info" in result.stderr and "No such option: -f" in result.stderr


def test_the_data_option_first_reads_standard_input() -> None:
    text = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    assert run("--data", "-", "parties", "-f", "json", input=text).stdout == run(
        "parties", "--data", SMALL, "-f", "json").stdout


def test_validate_takes_the_data_option_first() -> None:
    result = run("--data", SMALL, "validate")
    assert result.exit_code == 0 and result.stdout.startswith(f"{SMALL}: valid factbox/1")


@pytest.mark.parametrize(("typed", "suggested"), [
    ("--json", " (Possible options: --fields)"), ("--pager", " (Possible options: --no-pager)"),
    ("--sinc", " (Possible options: --since)"), ("--speakr", " (Possible options: --speaker)"),
    ("--id", ""), ("--colour", " (Possible options: --color)"),
])
def test_an_unknown_option_gets_only_a_close_suggestion_of_the_command(typed: str, suggested: str) -> None:
    assert usage_error("quotes", typed) == f"Error: No such option: {typed}{suggested}"


def test_a_suggestion_never_names_another_commands_option() -> None:
    assert usage_error("parties", "--sinc") == "Error: No such option: --sinc"


@pytest.mark.parametrize(("command", "usage", "argument"), [
    (["compare"], "Usage: factbox compare [OPTIONS] ISSUE\n", "  ISSUE  An issue"),
    (["search"], "Usage: factbox search [OPTIONS] TEXT...\n", "  TEXT  Words"),
    (["validate"], "Usage: factbox validate [OPTIONS] [PATH]...\n", "  PATH  Files"),
])
def test_help_shows_metavars_not_python_types(command: list[str], usage: str, argument: str) -> None:
    text = run(*command, "--help").stdout
    assert text.startswith(usage)
    assert argument in text
    assert "<str>" not in text and "list[" not in text and "{" not in text.split("\n")[0]


def test_s_and_capital_s_do_not_mean_two_things() -> None:
    assert "No such option: -S" in usage_error("quotes", "--data", SMALL, "-S", "cod")
