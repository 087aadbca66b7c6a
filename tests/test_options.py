"""Option values: converted without pydantic (factbox/coercion.py), with the same results and
plain, exact errors; anything of a kind not handled there is left to Typer."""

from __future__ import annotations

import json
import os

import pytest
import typer
from commands import COMMANDS, leaf_commands
from helpers import FIXTURES, modules_imported, run
from typer.main import get_command

from factbox.cli import app
from factbox.coercion import convert_without_pydantic

SMALL = str(FIXTURES / "small.yaml")

@pytest.mark.parametrize("args", [
    ["quotes", "--speaker", "Peskov", "-f", "table"],
    ["quotes", "-s", "peskov", "-s", "zelenskyy", "-i", "ceasefire", "-n", "2", "-f", "json", "--color", "never"],
    ["compare", "territory", "--party", "russia"],
    ["issues", "--no-headers", "-f", "tsv"],
    ["divergence", "--min-gap", "1"],
    ["search", "ceasefire", "respite"],
    ["shifts", "--since", "2025"],
    ["--version"], ["quotes", "--help"], ["quotes", "-f", "xml"],
    *([*sample.bundled, "--help"] for sample in COMMANDS.values()),
    *(sample.bundled for sample in COMMANDS.values()),
])
def test_no_command_imports_pydantic(args: list[str]) -> None:
    """Typer would import pydantic (~100 ms) to convert these values; a change in Typer that
    brings it back shows here, not only as a slower benchmark."""
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    assert modules_imported(args, ["pydantic"], env)[0] == ""


def usage_error(*args: str, env: dict[str, str] | None = None) -> str:
    result = run(*args, env=env)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    return result.stderr.splitlines()[-1]


def test_a_format_is_matched_without_case_and_a_typo_gets_a_suggestion() -> None:
    assert run("parties", "--data", SMALL, "-f", "JSON").stdout == run("parties", "--data", SMALL, "-f", "json").stdout
    assert usage_error("parties", "--data", SMALL, "-f", "jsn") == (
        "Error: Invalid value for '--format' / '-f': 'jsn' is not one of auto, "
        "table, plain, tsv, csv, json, jsonl, markdown, cite — did you mean 'json'?")
    assert usage_error("parties", "--data", SMALL, env={"FACTBOX_FORMAT": "yaml"}) == (
        "Error: Invalid value for FACTBOX_FORMAT: 'yaml' is not one of auto, "
        "table, plain, tsv, csv, json, jsonl, markdown, cite.")


def test_a_value_typed_is_named_by_its_option_even_with_the_variable_set() -> None:
    assert usage_error("parties", "--data", SMALL, "-f", "jsn", env={"FACTBOX_FORMAT": "json"}).startswith(
        "Error: Invalid value for '--format' / '-f': 'jsn'")


@pytest.mark.parametrize(("short", "full"), [("md", "markdown"), ("MD", "markdown"), ("ndjson", "jsonl")])
def test_a_format_has_its_usual_short_forms(short: str, full: str) -> None:
    assert run("parties", "--data", SMALL, "-f", short).stdout == run("parties", "--data", SMALL, "-f", full).stdout
    assert run("parties", "--data", SMALL, env={"FACTBOX_FORMAT": short}).stdout == run(
        "parties", "--data", SMALL, "-f", full).stdout


def test_yml_is_not_a_format() -> None:
    assert usage_error("parties", "--data", SMALL, "-f", "yml").endswith("markdown, cite.")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--limit", "abc", "Error: Invalid value for '--limit' / '-n': 'abc' is not a whole number."),
    ("--limit", "1.5", "Error: Invalid value for '--limit' / '-n': '1.5' is not a whole number."),
    ("--limit", "-1", "Error: Invalid value for '--limit' / '-n': -1 is less than 0, the smallest allowed."),
    ("-n", "", "Error: Invalid value for '--limit' / '-n': '' is not a whole number."),
    ("-n", "٣", "Error: Invalid value for '--limit' / '-n': '٣' is not a whole number."),
    ("-n", "0x10", "Error: Invalid value for '--limit' / '-n': '0x10' is not a whole number."),
    ("-n", "9" * 100 + "x", "Error: Invalid value for '--limit' / '-n': '" + "9" * 60 + "…' is not a whole number."),
])
def test_a_limit_must_be_a_whole_number_not_below_zero(option: str, value: str, message: str) -> None:
    assert usage_error("quotes", "--data", SMALL, option, value) == message


def test_min_gap_is_checked_like_limit() -> None:
    assert usage_error("divergence", "--data", SMALL, "--min-gap", "-2") == (
        "Error: Invalid value for '--min-gap': -2 is less than 0, the smallest allowed.")


def test_limits_that_are_whole_numbers_work() -> None:
    for value, count in (("0", 0), ("2", 2), (" 3 ", 3), ("+1", 1), ("1.0", 1), ("0_2", 2), ("9" * 100, 8)):
        rows = json.loads(run("quotes", "--data", SMALL, "-n", value, "-f", "json").stdout)
        assert len(rows) == count, value


@pytest.mark.parametrize(("value", "cached"), [
    ("1", False), ("yes", False), ("TRUE", False), ("on", False), (" y ", False),
    ("0", True), ("no", True), ("false", True), ("Off", True),
])
def test_factbox_no_cache_reads_the_usual_words_for_true_and_false(
        value: str, cached: bool, tmp_path: pytest.TempPathFactory) -> None:
    cache = tmp_path / "cache"  # type: ignore[operator]
    run("parties", "--data", SMALL, env={"FACTBOX_NO_CACHE": value, "XDG_CACHE_HOME": str(cache)})
    assert (cache / "factbox").is_dir() and any((cache / "factbox").iterdir()) if cached else not cache.exists()


def test_factbox_no_cache_with_another_word_is_a_usage_error() -> None:
    assert usage_error("parties", "--data", SMALL, env={"FACTBOX_NO_CACHE": "maybe"}) == (
        "Error: Invalid value for FACTBOX_NO_CACHE: 'maybe' is neither true nor false "
        "(expected 1 or 0, yes or no, true or false, on or off).")


def test_a_bad_value_reaches_the_terminal_with_its_controls_escaped() -> None:
    message = usage_error("quotes", "--data", SMALL, "-f", "\x1b[31mred\x07")
    assert "\x1b" not in message and "\x07" not in message
    assert "'\\x1b[31mred\\x07' is not one of" in message
    assert "\x1b" not in usage_error("quotes", "--data", SMALL, "-n", "\x1b]0;title\x07")


def test_repeated_options_and_many_arguments_each_count() -> None:
    rows = json.loads(run("search", "--data", SMALL, "bank", "trial", "-f", "json").stdout)
    assert [r["id"] for r in rows if r["kind"] == "quote"] == ["nunez-bank", "okafor-trial"]
    by_two = json.loads(run("quotes", "--data", SMALL, "-s", "nunez", "-s", "okafor", "-f", "json").stdout)
    assert {r["speaker"] for r in by_two} == {"nunez", "okafor"}


def test_kinds_of_parameter_not_handled_here_are_left_to_typer() -> None:
    probe = typer.Typer()

    @probe.command()
    def command(ratio: float = 0.5, name: str = "x", when: tuple[int, int] = (1, 2)) -> None:
        """A float, a string and a pair."""

    params = {param.name: param for param in get_command(probe).params}
    convert_without_pydantic(params.values())
    assert params["name"]._runtime_param is not None  # type: ignore[attr-defined]
    assert params["ratio"]._runtime_param is None  # type: ignore[attr-defined]
    assert params["when"]._runtime_param is None  # type: ignore[attr-defined]


def test_every_parameter_of_every_command_is_converted_here() -> None:
    """The promise behind the speed: no factbox option needs Typer's own (pydantic) converter,
    in any group or sub-command, however deep."""
    root = get_command(app)
    groups = [("(root)", root), *((name, c) for name, c in root.commands.items()  # type: ignore[attr-defined]
                                  if hasattr(c, "commands"))]
    for name, command in [*groups, *leaf_commands()]:
        params = command.params
        convert_without_pydantic(params)
        assert [p.name for p in params if p._runtime_param is None] == [], name


def test_every_group_is_made_by_the_app_factory() -> None:
    """A sub-app made the usual Typer way would skip factbox's group class: its options would
    bring pydantic back and its errors would read differently."""
    from factbox.cli.app import new_app

    factory_class = new_app().info.cls
    root = get_command(app)
    groups = [root, *(c for c in root.commands.values() if hasattr(c, "commands"))]  # type: ignore[attr-defined]
    assert all(type(group) is factory_class for group in groups)


