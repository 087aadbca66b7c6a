"""--fields keeps only the fields asked for, in that order, in every format (gh's --json
FIELDS); --sort orders the rows by one field, those without it last, and --reverse turns it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from commands import LISTINGS
from helpers import FIXTURES, run, run_on_pty

SMALL = str(FIXTURES / "small.yaml")
#: Listings that read files named on their command line, not --data.
OWN_FILES = {"diff", "log"}


def keys_of(command: list[str]) -> list[str]:
    result = run(*command, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout)[0])


@pytest.mark.parametrize("command", sorted(set(LISTINGS) - OWN_FILES))
def test_fields_keeps_those_fields_in_that_order_in_every_format(command: str) -> None:
    args = [*LISTINGS[command].small, "--data", SMALL]
    wanted = list(reversed(keys_of(args)[:3]))
    records = json.loads(run(*args, "-f", "json", "--fields", ",".join(wanted)).stdout)
    assert records and all(list(record) == wanted for record in records)
    rows = list(csv.reader(io.StringIO(run(*args, "-f", "csv", "--fields", ",".join(wanted)).stdout)))
    assert rows[0] == wanted and all(len(row) == len(wanted) for row in rows)
    assert run(*args, "-f", "tsv", "--fields", wanted[0]).stdout.split("\n")[0] == wanted[0]


def test_an_unknown_field_lists_the_valid_ones() -> None:
    result = run("parties", "--data", SMALL, "--fields", "id,colour")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("factbox: error: --fields: no field 'colour'\n"
                             "hint: the fields here: id, name, role, aliases, speakers, positions, quotes\n")


def test_fields_with_a_view_of_its_own_is_a_plain_table_of_those_fields() -> None:
    code, screen, _ = run_on_pty("compare", "cod", "--data", SMALL, "--fields", "party_name,stance",
                                 env={"NO_COLOR": "1"}, columns=80)
    assert code == 0
    lines = screen.split("\n")
    assert lines[0].split() == ["Party", "Stance"]
    assert any(line.split()[:2] == ["Estrela", "2"] or line.startswith("Estrela") for line in lines[2:])


def test_sort_by_date_puts_the_undated_last_either_way() -> None:
    dates = [row["date"] for row in json.loads(run("quotes", "--sort", "date", "-f", "json").stdout)]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[len(dated):] == [None] * (len(dates) - len(dated)) and dated
    reverse = [row["date"] for row in json.loads(run("quotes", "--sort", "date", "--reverse", "-f", "json").stdout)]
    assert [d for d in reverse if d] == sorted(dated, reverse=True) and reverse[-1] is None


def test_sort_compares_numbers_as_numbers() -> None:
    quotes = [row["quotes"] for row in json.loads(run("parties", "--data", SMALL, "--sort", "quotes", "-f",
                                                      "json").stdout)]
    assert quotes == sorted(quotes)


def test_sort_by_an_unknown_field_is_a_usage_error() -> None:
    result = run("parties", "--data", SMALL, "--sort", "size")
    assert result.exit_code == 2 and result.stderr.startswith("factbox: error: --sort: no field 'size'\n")


def test_fields_and_sort_may_come_before_the_command() -> None:
    assert run("--fields", "id", "--sort", "id", "--reverse", "parties", "--data", SMALL, "-f", "plain").stdout == (
        "ocean-watch\nnorland\nestrela\nboard\n")


#: The listings whose order is what they show: --sort would quietly undo it.
ORDER_IS_MEANING = {"divergence": "rank", "timeline": "date"}


@pytest.mark.parametrize("command", sorted(set(LISTINGS) - {"log", "diff"}))
def test_sort_is_refused_only_where_the_order_is_the_meaning(command: str) -> None:
    args = [*LISTINGS[command].small, "--data", SMALL]
    field = keys_of(args)[-1]
    result = run(*args, "--sort", field, "-f", "json")
    if command not in ORDER_IS_MEANING:
        assert result.exit_code == 0, result.stderr
        return
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"factbox: error: --sort: these rows are ordered by {ORDER_IS_MEANING[command]}, "
                             "and that order is what they show\n"
                             f"hint: to reorder them anyway: -f json | jq 'sort_by(.{field})'\n")

