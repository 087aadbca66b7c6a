"""Terminal behaviour with real processes: pipes that close early, pipes that must get plain
text, pseudo-terminals that must get a table, colour switches, narrow and wide text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from helpers import FIXTURES, long_factbox, modules_imported, run, run_on_pty, run_process
from rich.cells import cell_len, get_character_cell_size

from factbox.loading import load_file

SMALL = str(FIXTURES / "small.yaml")
HOSTILE = str(FIXTURES / "hostile.yaml")
BOX = re.compile("[\u2500-\u257f]")
# ---------------------------------------------------------------------------------------
# Pipes
# ---------------------------------------------------------------------------------------


def test_quotes_into_head_is_quiet():
    result = run_process(shell="factbox quotes | head -1")
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith("russian-officials-subject-for-discussion\t")


@pytest.fixture(scope="module")
def big_factbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid factbox whose quotes listing is far larger than a pipe's buffer."""
    return long_factbox(tmp_path_factory.mktemp("big") / "big.yaml", quotes=600, words=60)


@pytest.mark.parametrize("fmt", ["plain", "tsv", "csv", "json", "jsonl", "markdown", "table"])
def test_output_closed_early_ends_quietly(big_factbox, fmt):
    result = run_process(shell=f"factbox quotes --data '{big_factbox}' -f {fmt} | head -1; exit ${{PIPESTATUS[0]}}")
    assert result.stderr == ""
    assert result.returncode in (0, 141)  # 141: the documented code for output closed early
    assert len(result.stdout.splitlines()) == 1


def test_piped_issues_is_plain_tsv():
    piped = run_process("issues")
    assert piped.returncode == 0 and piped.stderr == ""
    assert "\x1b" not in piped.stdout
    assert not BOX.search(piped.stdout)
    assert piped.stdout == run_process("issues", "-f", "plain").stdout
    assert all("\t" in line for line in piped.stdout.splitlines())
    assert not piped.stdout.startswith("id\t")


def test_piped_quotes_say_nothing_on_stderr():
    piped = run_process("quotes", "--data", SMALL)
    assert piped.returncode == 0 and piped.stderr == ""


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"CLICOLOR_FORCE": "1"}])
def test_force_color_colours_a_piped_table(env):
    result = run_process("issues", "-f", "table", env=env)
    assert result.returncode == 0 and result.stderr == ""
    assert "\x1b[" in result.stdout


def test_color_always_colours_a_piped_table():
    result = run_process("issues", "-f", "table", "--color", "always")
    assert "\x1b[" in result.stdout


def test_no_color_beats_force_color():
    result = run_process("issues", "-f", "table", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert BOX.search(result.stdout)


def test_a_bad_color_value_is_a_usage_error():
    result = run("issues", "--color", "sometimes")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--color" in result.stderr


# ---------------------------------------------------------------------------------------
# A pseudo-terminal
# ---------------------------------------------------------------------------------------


def test_on_a_terminal_issues_is_a_table():
    code, out, stderr = run_on_pty("issues")
    assert code == 0, stderr
    assert stderr == ("left out at this width: Id, Question (--wide, a wider terminal, or -f plain or -f json has "
                      "every field)\n")
    assert BOX.search(out), out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    # the ids yield to the titles: one line per issue, where with them titles would wrap
    assert re.match(r"Issue\s+Positions\s+Quotes\s+Gap\s+Divergence\s*\n─+\n", plain), plain
    assert len(plain.strip("\n").split("\n")) == 2 + 12
    assert "  Western security guarantees for Ukraine" in plain
    code, out, stderr = run_on_pty("issues", "--wide")
    assert (code, stderr) == (0, "")
    assert "Should Ukraine give up its bid to join NATO?" in re.sub(r"\x1b\[[0-9;]*m", "", out)  # beneath its title
    assert "\t" not in out
    assert "\x1b[" in out  # colour and bold by default on a terminal


def test_on_a_terminal_the_quote_count_goes_to_stderr():
    code, out, stderr = run_on_pty("quotes", "--data", SMALL, "--speaker", "alvarez")
    assert code == 0
    assert stderr == "2 quotes\n"
    assert "José Álvarez" in out


@pytest.mark.parametrize(("args", "env"), [
    ([], {"NO_COLOR": "1"}),
    ([], {"TERM": "dumb"}),
    (["--color", "never"], {}),
    ([], {"CLICOLOR": "0"}),
])
def test_on_a_terminal_colour_can_be_turned_off(args, env):
    code, out, stderr = run_on_pty("issues", "-f", "table", *args, env=env)
    assert code == 0, stderr
    assert "\x1b" not in out
    assert BOX.search(out)


def test_no_color_removes_every_escape_even_piped_with_table():
    result = run_process("issues", "-f", "table", env={"NO_COLOR": "1"})
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    result = run_process("issues", "-f", "table", env={"TERM": "dumb"})
    assert "\x1b" not in result.stdout
    result = run_process("issues", "-f", "table", "--color", "never", env={"FORCE_COLOR": "1"})
    assert "\x1b" not in result.stdout


def test_on_a_terminal_hostile_text_is_inert():
    for command in (["quotes"], ["parties"], ["speakers"], ["issues"]):
        code, out, stderr = run_on_pty(*command, "--data", HOSTILE, env={"NO_COLOR": "1"})
        assert code == 0, stderr
        assert "\x1b" not in out, command
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), command
        assert "[bold]x[/bold]" in out


# ---------------------------------------------------------------------------------------
# Narrow and wide text
# ---------------------------------------------------------------------------------------


def cells_slice(line: str, start: int, end: int) -> str:
    """The characters of `line` that occupy cells start..end-1."""
    out, position = [], 0
    for char in line:
        if start <= position < end:
            out.append(char)
        position += get_character_cell_size(char)
    return "".join(out)


def column_text(table: str, header: str) -> str:
    """All the text in the column headed `header`, whitespace removed: from the header's
    first cell up to the first cell of the next column's header, on every line below the rule."""
    lines = table.split("\n")
    rule = next(n for n, line in enumerate(lines) if BOX.search(line))
    head = next(line for line in lines[:rule] if header in line)
    start = cell_len(head[: head.index(header)])
    end = 10**6
    for line in lines[:rule]:
        for n, char in enumerate(line):
            at = cell_len(line[:n])
            if at >= start + len(header) and not char.isspace():
                end = min(end, at)
                break
    return "".join("".join(cells_slice(line, start, end) for line in lines[rule + 1:]).split())


_FIELD = re.compile(r" (\S+(?: \S+)*) {2,}(?=\S)")


def records(text: str) -> list[dict[str, str]]:
    """A listing printed as records, for a terminal too narrow for its columns: one
    ' Header  value' line per field (a long value going on below, indented to the same
    cell), a blank line between records, no box drawing. Returns each record's fields in
    order, whitespace removed from the values."""
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert lines and lines[0].strip() and lines[-1].strip()
    assert not any(BOX.search(line) for line in lines)
    starts = {match.end() for line in lines if (match := _FIELD.match(line))}
    assert len(starts) == 1, sorted(starts)  # every value starts in the same cell
    start = starts.pop()
    shown: list[dict[str, str]] = [{}]
    header = None
    for line in lines:
        if not line.strip():
            assert shown[-1], "two blank lines in a row"
            shown.append({})
            header = None
            continue
        head, value = line[:start], line[start:]
        if head.strip():
            header = head.strip()
            assert head == f" {header}".ljust(start), line
            assert header not in shown[-1], line
            shown[-1][header] = ""
        assert header is not None, line
        shown[-1][header] += "".join(value.split())
    return shown


def quote_records(*args: str) -> list[dict[str, str]]:
    """What the records of `quotes` must hold, from its JSON: every field of the table."""
    result = run("quotes", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    as_of = load_file(args[args.index("--data") + 1]).as_of
    as_of = as_of.text if as_of else None
    expected = []
    for quote in json.loads(result.stdout):
        role = quote["speaker_role"] or ""  # beneath the name
        source = ", ".join(p for p in (quote["source_publisher"] or quote["source_title"], quote["source_date"]) if p)
        shown = {"quote": quote["date"], "source": quote["source_date"], "file": as_of, None: None}[quote["date_basis"]]
        basis = f" ({quote['date_basis']}'s date)" if quote["date_basis"] not in ("quote", None) else ""
        date = (shown or "") + basis
        fields = {"Date": date + source, "Speaker": quote["speaker_name"] + role,
                  "Party": quote["party_name"], "Quote": quote["text"], "Context": quote["context"],
                  "Issues": "; ".join(quote["issues"])}
        expected.append({key: "".join(value.split()) for key, value in fields.items() if value})  # empty: not shown
    return expected


def test_narrow_terminal_keeps_every_quote():
    result = run_process("quotes", "-f", "table", env={"COLUMNS": "40"})
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.split("\n")
    assert max(cell_len(line) for line in lines) <= 40
    assert any(line.startswith(" Quote ") for line in lines)
    quotes = [record["Quote"] for record in records(result.stdout)]
    bundled = load_file(FIXTURES.parent.parent / "data" / "positions.yaml")
    texts = ["".join(quote.text.split()) for quote in bundled.quotes]
    assert len(texts) > 10
    assert sorted(quotes) == sorted(texts)


def test_narrow_terminal_keeps_every_column():
    result = run_process("quotes", "-f", "table", "--data", SMALL, env={"COLUMNS": "40"})
    assert result.returncode == 0 and result.stderr == ""
    shown = records(result.stdout)
    assert shown == quote_records("--data", SMALL)
    assert "Attheopeningofthesecondround" in shown[0]["Context"]
    assert {record["Issues"] for record in shown} >= {"cod-quota", "shared-zone;inspections", "herring-quota"}


def test_narrow_terminal_small_fixture():
    result = run_process("quotes", "-f", "table", "--data", SMALL, env={"COLUMNS": "40"})
    assert result.returncode == 0 and result.stderr == ""
    assert max(cell_len(line) for line in result.stdout.split("\n")) <= 40
    quotes = [record["Quote"] for record in records(result.stdout)]
    assert quotes == ["".join(quote.text.split()) for quote in load_file(SMALL).quotes]


CJK = """\
format: factbox/1
title: 東島と西島の漁業協定
scale: {min: -2, max: 2, labels: {-2: 拒否, 2: 要求}}
parties:
  - {id: east, name: 東島漁業組合}
  - {id: west, name: 西島 West Island, aliases: [西島]}
  - {id: chair, name: 調停委員会, role: mediator}
speakers:
  - {id: tanaka, name: 田中一郎, party: east, role: 組合長}
  - {id: kim, name: 김민준, party: west, role: 협상 대표 (chief negotiator)}
  - {id: li, name: 李小龍, party: chair, role: 委員長}
issues:
  - {id: quota, title: 漁獲枠の配分}
  - {id: tuna, parent: quota, title: マグロの漁獲枠, question: マグロの漁獲枠を二割削減すべきか？}
  - {id: squid, parent: quota, title: イカ漁の期間, question: イカ漁の期間を一か月短縮すべきか？}
positions:
  - {party: east, issue: tuna, stance: 2, summary: 資源回復のために二割の削減を求める。}
  - {party: west, issue: tuna, stance: -2, summary: 削減は漁村を壊すと主張し、いかなる削減も拒否する。}
  - {party: chair, issue: squid, summary: 一か月の短縮を試験的に提案。}
quotes:
  - {id: q1, speaker: tanaka, text: 魚がいなくなれば、交渉することも残らない。, issues: [tuna], date: 2025-11}
  - id: q2
    speaker: kim
    text: 우리 어민들은 이미 충분히 양보했습니다. 더 이상은 안 됩니다.
    issues: [tuna]
    date: 2025-12-01
  - {id: q3, speaker: li, text: 試験期間は誰にも損をさせない。🐟🦑, issues: [squid], context: 記者会見で}
"""


@pytest.fixture(scope="module")
def cjk_factbox(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cjk") / "cjk.yaml"
    path.write_text(CJK, encoding="utf-8")
    assert run("validate", str(path)).exit_code == 0
    return str(path)


@pytest.mark.parametrize("command", [["quotes"], ["issues"], ["parties"], ["speakers"], ["compare", "quota"],
                                     ["search", "漁"]])
@pytest.mark.parametrize("columns", [100, 120])
def test_wide_characters_stay_aligned(cjk_factbox, command, columns):
    result = run(*command, "--data", cjk_factbox, "-f", "table", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = bytes(result.stdout_bytes).decode("utf-8").split("\n")[:-1]
    assert lines
    widths = {cell_len(line) for line in lines}
    assert len(widths) == 1, sorted(widths)
    assert widths.pop() <= columns
    # every box-drawing rule spans the same cells as the text lines
    assert any(BOX.search(line) for line in lines)


# search matches the starts of words (queries.has_words); CJK text has no spaces, so a run of it
# is one word: 削減 starts a position's summary, whose id and field make 40 columns too narrow.
@pytest.mark.parametrize("command", [["quotes"], ["issues"], ["parties"], ["speakers"], ["search", "削減"]])
def test_wide_characters_in_records_stay_aligned(cjk_factbox, command):
    result = run(*command, "--data", cjk_factbox, "-f", "table", env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.stderr
    text = bytes(result.stdout_bytes).decode("utf-8")
    widths = {cell_len(line) for line in text.split("\n")[:-1]}
    assert len(widths) == 1, sorted(widths)
    assert widths.pop() <= 40
    shown = records(text)
    assert len(shown) == len(json.loads(run(*command, "--data", cjk_factbox, "-f", "json").stdout))
    if command == ["quotes"]:
        assert shown == quote_records("--data", cjk_factbox)


def test_wide_characters_are_all_shown(cjk_factbox):
    result = run("quotes", "--data", cjk_factbox, "-f", "table", env={"COLUMNS": "80"})
    flat = "".join(bytes(result.stdout_bytes).decode("utf-8").split())
    for quote in load_file(cjk_factbox).quotes:
        assert "".join(quote.text.split()) in column_text(bytes(result.stdout_bytes).decode("utf-8"), "Quote")
    assert "田中一郎" in flat and "김민준" in flat


@pytest.mark.parametrize(("data", "columns"), [("cjk", 64), ("bundled", 80)])
def test_indented_titles_keep_their_words_whole(cjk_factbox, data, columns):
    args = ["--data", cjk_factbox] if data == "cjk" else []
    result = run("issues", *args, "-f", "table", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = bytes(result.stdout_bytes).decode("utf-8").split("\n")[:-1]
    assert any(BOX.search(line) for line in lines)  # a table, not records
    issues = json.loads(run("issues", *args, "-f", "json").stdout)
    assert any(issue["depth"] for issue in issues)
    words = {word for issue in issues for word in issue["title"].split() if cell_len(word) <= 12}
    assert [word for word in sorted(words) if not any(word in line for line in lines)] == []


def test_escaped_text_is_measured_as_shown():
    result = run("parties", "--data", HOSTILE, "-f", "table", env={"COLUMNS": "110"})
    assert result.exit_code == 0, result.stderr
    lines = bytes(result.stdout_bytes).decode("utf-8").split("\n")[:-1]
    assert any(BOX.search(line) for line in lines)  # a table, not records
    assert max(cell_len(line) for line in lines) <= 110
    for word in ("Clear\\x1b[2J", "Screen", "\\x1b]0;title\\x07", "Party"):
        assert any(word in line for line in lines), word


@pytest.mark.parametrize(("color", "imported"), [("never", ""), ("always", "rich.text rich.console")])
@pytest.mark.parametrize("args", [["quotes", "--speaker", "Peskov"], ["issues"], ["speakers", "--wide"]])
def test_a_table_without_colour_is_plain_text_and_never_imports_rich_text(args: list[str], color: str,
                                                                          imported: str) -> None:
    """A piped table is most of what an analyst runs; Rich's Text and console (some 30 ms of
    imports) are for colour only. The same table either way, but for the colour codes."""
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "80", "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    found, out = modules_imported([*args, "-f", "table", "--color", color], ["rich.text", "rich.console"], env)
    assert found == imported
    plain = run(*args, "-f", "table", "--color", "never", env={"COLUMNS": "80"}).stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == plain
