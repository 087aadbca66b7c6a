"""Hardening (issue 17): output that is complete or an error, widths that cannot break a
table, text that cannot hide or pretend (invisible characters, Markdown, formulas), and a
data file read once and bounded. Each test here failed before its fix."""

from __future__ import annotations

import csv
import errno
import html
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from helpers import run, run_process
from markdown_it import MarkdownIt

from factbox import reading
from factbox.errors import DataError, OutputError
from factbox.render.delimited import spreadsheet_safe
from factbox.render.listing import Column, Listing
from factbox.render.markdown import write_markdown
from factbox.render.output import Format, Output, resolve_output, usable_width
from factbox.render.stream import CHUNK, ChunkedWriter
from factbox.render.writers import write

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
from generate import factbox as synthetic_factbox  # noqa: E402
from generate import to_yaml  # noqa: E402

FORMATS = ["table", "plain", "tsv", "csv", "json", "jsonl", "markdown"]
FULL = "factbox: error: cannot write output: No space left on device\n"
CLOSED = "factbox: error: cannot write output: standard output is closed\n"


# --- output is complete, or the command fails ----------------------------------------------


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A 64 KiB tmpfs (mounting one needs root; without it these tests are skipped, and the
    /dev/full ones below still run)."""
    directory = tmp_path_factory.mktemp("small-disk")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(directory)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield directory
    subprocess.run(["umount", str(directory)], check=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_fails_the_command(small_disk: Path, fmt: str) -> None:
    """The first 8 KiB fit, the rest does not: it used to exit 0 with the output cut (json,
    table) or with an internal error (the others)."""
    for entry in small_disk.iterdir():
        entry.unlink()
    (small_disk / "filler").write_bytes(b"\0" * 56_000)
    process = run_process(shell=f"factbox quotes -f {fmt} > '{small_disk}/out'", env={"COLUMNS": "100"})
    assert (process.returncode, process.stderr) == (4, FULL)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_into_dev_full_fails_the_command(fmt: str) -> None:
    process = run_process(shell=f"factbox quotes -f {fmt} > /dev/full")
    assert (process.returncode, process.stderr) == (4, FULL)


@pytest.mark.parametrize("args", ["--version", "-h", "quotes -h", "validate", "schema", "issues"])
@pytest.mark.parametrize(("redirect", "message"), [("> /dev/full", FULL), (">&-", CLOSED)])
def test_unwritable_stdout_is_one_line_and_status_4(args: str, redirect: str, message: str) -> None:
    """--version and -h printed a traceback; `issues >&-` was an internal error."""
    process = run_process(shell=f"factbox {args} {redirect}")
    assert (process.returncode, process.stderr) == (4, message)


@pytest.fixture(scope="module")
def many_quotes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """1,500 quotes: every format's output is far larger than a pipe holds (64 KiB)."""
    directory = tmp_path_factory.mktemp("many-quotes")
    path = directory / "q1500.yaml"
    path.write_text(to_yaml(synthetic_factbox(1500)) + "\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(directory / "xdg"), "COLUMNS": "100"}
    assert run_process("validate", str(path), env=env).returncode == 0
    return path, env


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_pipe_closed_early_is_status_141_in_every_format(many_quotes: tuple[Path, dict[str, str]],
                                                           fmt: str) -> None:
    """json and table exited 0: one large write lost its failure, and Rich exited 1."""
    path, env = many_quotes
    limit = "--limit 400" if fmt == "table" else ""  # 400 quotes: some 200 KB of table
    process = run_process(shell=f"factbox quotes -f {fmt} {limit} --data '{path}' | head -c 10 > /dev/null; "
                                "echo \"exit ${PIPESTATUS[0]}\" >&2", env=env)
    assert process.stderr == "exit 141\n"


class _Failing(io.StringIO):
    def __init__(self, error: int) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise OSError(self.error, os.strerror(self.error))


@pytest.mark.parametrize(("error", "raised"), [(errno.ENOSPC, OutputError), (errno.EIO, OutputError),
                                               (errno.EPIPE, BrokenPipeError)])
def test_a_failed_write_is_reported_not_swallowed(error: int, raised: type[Exception]) -> None:
    listing = Listing([Column("a", "A")], [{"a": "x"}])
    output = resolve_output(Format.json, stream=_Failing(error), env={})
    with pytest.raises(raised) as caught:
        write(listing, output)
    if raised is OutputError:
        assert str(caught.value) == f"cannot write output: {os.strerror(error)}"


def test_text_goes_on_in_pieces_that_fit_the_buffer() -> None:
    pieces: list[str] = []

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            pieces.append(text)
            return len(text)

    ChunkedWriter(Recorder()).write("é" * (3 * CHUNK + 5))
    assert [len(piece) for piece in pieces] == [CHUNK, CHUNK, CHUNK, 5]
    assert max(len(piece.encode()) for piece in pieces) <= 8192


# --- an unusable width means an unknown one ---------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "²", "٣", "-3", "abc", "1e3", " 80", "5", "99999999999"])
def test_an_unusable_width_is_an_unknown_one(columns: str) -> None:
    """COLUMNS=0 printed no data and exited 0; COLUMNS=² was an internal error."""
    unknown = run("parties", "-f", "table", env={"COLUMNS": "80"})
    result = run("parties", "-f", "table", env={"COLUMNS": columns, "LINES": columns})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == unknown.stdout
    assert "ukraine" in result.stdout


def test_usable_widths() -> None:
    assert [usable_width(text) for text in ("20", "100", "10000", "19", "10001", "", "²", "+80")] == [
        20, 100, 10000, None, None, None, None, None]


# --- text that hides or pretends ------------------------------------------------------------


PESKOVS = """\
format: factbox/1
title: Four Peskovs
parties:
  - {id: russia, name: Russia}
speakers:
  - {id: peskov, name: Dmitry Peskov, party: russia}
  - {id: peskov-2, name: "Dmitry Pes\\u200bkov", party: russia}
  - {id: peskov-3, name: "Dmitry\\u2060 Peskov", party: russia, aliases: ["Pe\\u00adskov"]}
  - {id: peskov-4, name: "\\uFEFFDmitry Peskov\\U000E0041", party: russia}
issues:
  - {id: ceasefire, title: Ceasefire}
"""


def test_names_that_only_look_alike_are_refused(tmp_path: Path) -> None:
    """Four speakers all shown as 'Dmitry Peskov' used to be a valid file."""
    path = tmp_path / "peskovs.yaml"
    path.write_text(PESKOVS, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    problems = result.stderr.splitlines()[:-1]
    assert [problem.split(": ", 2)[1] for problem in problems] == [
        "speakers[1].name", "speakers[1].name", "speakers[2].name", "speakers[2].name", "speakers[2].aliases[0]",
        "speakers[2].aliases[0]", "speakers[3].name", "speakers[3].name"]
    assert ("'Dmitry Pes\\u200bkov' holds an invisible character, U+200B (ZERO WIDTH SPACE) — a name must show "
            "every character it has; remove it") in problems[0]
    assert "U+2060 (WORD JOINER)" in problems[2]
    assert "U+00AD (SOFT HYPHEN)" in problems[4]
    assert "'Pe\\xadskov' is already claimed by speakers[0]" in problems[5]  # by its id, peskov
    assert "U+FEFF (ZERO WIDTH NO-BREAK SPACE)" in problems[6]
    assert "is already claimed by speakers[0] (line 6)" in problems[1]
    assert result.stderr.endswith("factbox: error: " + str(path) + ": 8 problems\n")


def test_joiners_that_shape_a_word_or_an_emoji_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "joiners.yaml"
    path.write_text(textwrap.dedent("""\
        format: factbox/1
        title: Joiners
        parties:
          - {id: family, name: "Family \\U0001F468\\u200d\\U0001F469\\u200d\\U0001F467"}
          - {id: iran, name: "Iran", aliases: ["\\u0645\\u06CC\\u200C\\u062E\\u0648\\u0627\\u0647\\u0645"]}
          - {id: heart, name: "Heart \\u2764\\ufe0f"}
        issues:
          - {id: i, title: I}
        """), encoding="utf-8")
    result = run("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    table = run("parties", "-f", "table", "--data", str(path)).stdout
    assert "\U0001F468\u200d\U0001F469" in table and "\\u" not in table


HIDDEN_TEXT = "Pes\u200bkov\u00ad said\ufeff: yes\u2060\U000E0041\u202e"
HIDDEN_YAML = "Pes\\u200bkov\\u00ad said\\ufeff: yes\\u2060\\U000E0041\\u202e"  # the same, as YAML escapes


@pytest.fixture
def hidden_quote(tmp_path: Path) -> Path:
    path = tmp_path / "hidden.yaml"
    path.write_text(textwrap.dedent(f"""\
        format: factbox/1
        title: Hidden
        parties:
          - {{id: russia, name: Russia}}
        speakers:
          - {{id: peskov, name: Dmitry Peskov, party: russia}}
        issues:
          - {{id: i, title: I}}
        quotes:
          - {{id: q, speaker: peskov, text: "{HIDDEN_YAML}"}}
        """), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "plain", "tsv", "markdown"])
def test_invisible_characters_are_shown_escaped(hidden_quote: Path, fmt: str) -> None:
    result = run("quotes", "-f", fmt, "--data", str(hidden_quote), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert not re.search("[\u00ad\u200b\u2060\u202e\ufeff\U000e0000-\U000e0fff]", result.stdout)
    escaped = "Pes\\u200bkov\\xad said\\ufeff: yes\\u2060\\U000e0041\\u202e"
    if fmt == "markdown":
        escaped = escaped.replace("\\", "\\\\")  # and the backslash escaped for Markdown: it renders as above
    assert escaped in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_invisible_characters_exactly_but_escaped(hidden_quote: Path, fmt: str) -> None:
    result = run("quotes", "-f", fmt, "--data", str(hidden_quote))
    raw = bytes(result.stdout_bytes).decode()
    assert not re.search("[\u00ad\u200b\u2060\u202e\ufeff\U000e0000-\U000e0fff]", raw)
    assert "\\udb40\\udc41" in raw  # U+E0041 as JSON writes it: a surrogate pair
    record = json.loads(raw)[0] if fmt == "json" else json.loads(raw.splitlines()[0])
    assert record["text"] == HIDDEN_TEXT


def test_a_name_typed_with_an_invisible_character_still_finds_the_speaker() -> None:
    result = run("quotes", "--speaker", "Pes\u200bkov", "-f", "jsonl")
    assert result.exit_code == 0 and result.stdout


# --- Markdown shows what the data says ----------------------------------------------------------


HOSTILE_CELLS = [
    "before <!-- hidden words --> after",
    "<img src=x onerror=alert(1)> <script>alert(2)</script>",
    "![pixel](https://tracker.example/p.gif) [click](javascript:alert(3))",
    "**bold** _em_ `code` ~~struck~~ $x^2$ #heading",
    "@octocat and a|b and \\| and &lt; &amp;",
    "line one\nline two",
]


def _rendered_cells(markdown: str) -> list[str]:
    """What a reader sees in each body cell once a GitHub-like renderer has the table."""
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    body = rendered.split("<tbody>", 1)[1]
    cells = re.findall(r"<td>(.*?)</td>", body, flags=re.S)
    return [html.unescape(cell.replace("<br>", "\n")) for cell in cells]


def test_markdown_cells_render_as_the_text_they_hold() -> None:
    """A `<!-- -->` in a quote hid words of it; tags, images, links and emphasis were live."""
    listing = Listing([Column("text", "Text")], [{"text": cell} for cell in HOSTILE_CELLS])
    out = io.StringIO()
    write_markdown(listing, out, headers=True)
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out.getvalue())
    for tag in ("<!--", "<img", "<script", "<a ", "<strong>", "<em>", "<code>", "<s>", "<del>"):
        assert tag not in rendered, tag
    assert _rendered_cells(out.getvalue()) == HOSTILE_CELLS


def test_markdown_through_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "comment.yaml"
    path.write_text(textwrap.dedent("""\
        format: factbox/1
        title: Comment
        parties:
          - {id: russia, name: Russia}
        speakers:
          - {id: peskov, name: "Dmitry <b>Peskov</b>", party: russia}
        issues:
          - {id: i, title: I}
        quotes:
          - {id: q, speaker: peskov, text: "We will <!-- never --> accept it"}
        """), encoding="utf-8")
    result = run("quotes", "-f", "markdown", "--data", str(path))
    assert result.exit_code == 0, result.stderr
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(result.stdout)
    assert "<!--" not in rendered and "<b>" not in rendered  # shown as text, not passed on as HTML
    cells = _rendered_cells(result.stdout)
    assert "We will <!-- never --> accept it" in cells
    assert "Dmitry <b>Peskov</b>" in cells


# --- the data file is read once, and bounded ----------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    script = f"from factbox.reading import read_bytes; read_bytes({str(fifo)!r})"
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert "not a regular file (a pipe or a device)" in process.stderr


def test_a_name_swapped_for_dev_zero_after_the_check_is_not_read(tmp_path: Path) -> None:
    """The file was checked with stat() by name, then opened by name again: a link swapped in
    between read /dev/zero until memory ran out. Here stat() by name still sees the small file
    it checked (the race, won every time); the descriptor actually opened is /dev/zero."""
    small = tmp_path / "small.yaml"
    small.write_text("format: factbox/1\n")
    link = tmp_path / "swapped.yaml"
    link.symlink_to("/dev/zero")
    script = textwrap.dedent(f"""\
        import os, resource
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        real_stat = os.stat
        def stat_before_the_swap(path, *args, **kwargs):
            if os.fspath(path) == {str(link)!r}:
                return real_stat({str(small)!r})
            return real_stat(path, *args, **kwargs)
        os.stat = stat_before_the_swap
        from factbox.reading import read_bytes
        from factbox.errors import DataError
        try:
            read_bytes({str(link)!r})
        except DataError as error:
            print(error.message)
        """)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert process.stdout == f"{link}: not a regular file (a pipe or a device)\n", process.stderr[-500:]


def test_the_read_stops_one_byte_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever size the file claims, at most the limit plus one byte is read."""
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"x" * 10_000)
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    real_fstat, real_read = os.fstat, os.read
    read: list[int] = []

    def claims_to_be_small(descriptor: int) -> os.stat_result:
        info = real_fstat(descriptor)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    def counted(descriptor: int, size: int) -> bytes:
        data = real_read(descriptor, size)
        read.append(len(data))
        return data

    monkeypatch.setattr(reading.os, "fstat", claims_to_be_small)
    monkeypatch.setattr(reading.os, "read", counted)
    with pytest.raises(DataError, match="larger than the limit of 100 bytes"):
        reading.read_bytes(str(path))
    assert sum(read) == 101


# --- CSV keeps the exact text; --spreadsheet-safe defuses formulas ------------------------------


FORMULAS = """\
format: factbox/1
title: Formulas
parties:
  - {id: a, name: "=HYPERLINK(\\"https://evil.example\\",\\"Click\\")", aliases: ["+cmd", "@SUM(A1)"]}
speakers:
  - {id: s, name: "-x Speaker", party: a, role: "-2"}
issues:
  - {id: i, title: I}
"""


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    path = tmp_path / "formulas.yaml"
    path.write_text(FORMULAS, encoding="utf-8")
    return path


def test_csv_keeps_formulas_as_written_by_default(formulas: Path) -> None:
    result = run("parties", "-f", "csv", "--data", str(formulas))
    assert result.stdout.splitlines()[1] == ('a,"=HYPERLINK(""https://evil.example"",""Click"")",party,'
                                             '+cmd; @SUM(A1),1,0,0')


@pytest.mark.parametrize("fmt", ["csv", "tsv", "plain"])
def test_spreadsheet_safe_defuses_formulas_and_keeps_numbers(formulas: Path, fmt: str) -> None:
    result = run("speakers", "-f", fmt, "--spreadsheet-safe", "--data", str(formulas))
    assert result.exit_code == 0, result.stderr
    line = result.stdout.splitlines()[-1]
    cells = next(csv.reader([line])) if fmt == "csv" else line.split("\t")
    assert cells[:5] == ["s", "'-x Speaker", "-2", "a", "'=HYPERLINK(\"https://evil.example\",\"Click\")"]


@pytest.mark.parametrize("command", [["issues"], ["compare", "i"], ["quotes"], ["parties"], ["speakers"],
                                     ["search", "x"], ["divergence"], ["shifts"]])
def test_every_listing_command_takes_spreadsheet_safe(formulas: Path, command: list[str]) -> None:
    result = run(*command, "-f", "csv", "--spreadsheet-safe", "--data", str(formulas))
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "+1"), ("-2", "-2"), ("-2.5", "-2.5"), ("-", "'-"), ("@x", "'@x"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("x=1", "x=1"), ("", ""), ("'quoted", "'quoted"),
])
def test_spreadsheet_safe_cells(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_output_passes_the_option_to_the_writer() -> None:
    listing = Listing([Column("a", "A")], [{"a": "=x"}])
    out = io.StringIO()
    write(listing, Output(out, False, False, Format.csv, True, 80, spreadsheet_safe=True))
    assert out.getvalue() == "a\n'=x\n"


# --- memory in proportion to the file ------------------------------------------------------


#: What a located value may cost at most, with validation's share: 50 MB of file allow
#: 50M / CHARS_PER_VALUE values, which this keeps under 1 GiB with the text and the program.
BYTES_PER_VALUE = 250
PROGRAM_MB = 60


@pytest.mark.parametrize("item", ["a", "{}"])
def test_a_flood_of_tiny_values_is_refused_within_its_bound(tmp_path: Path, item: str) -> None:
    """1.25 million `a` in a 3.75 MB flow list peaked at 830 MB (76× the file, so 3.8 GB at
    50 MB): a located node per value, and a problem kept and listed per value."""
    from test_reliability import bounded

    from factbox.yamlsource import MIN_VALUE_BOUND

    path = tmp_path / "flood.yaml"
    path.write_text("format: factbox/1\ntitle: T\nparties: [{id: a, name: A}]\nissues: [{id: i, title: I}]\n"
                    "quotes: [" + ", ".join([item] * 1_250_000) + "]\n")
    outcome = bounded("quotes", "--data", str(path), "--no-cache", timeout=120)
    assert outcome.returncode == 1, outcome.stderr[-300:]
    assert outcome.stderr.endswith("factbox: error: " + str(path) + ": too many values\n")
    assert f": more than {MIN_VALUE_BOUND:,} YAML values in " in outcome.stderr
    assert outcome.peak_mb < PROGRAM_MB + MIN_VALUE_BOUND * BYTES_PER_VALUE / 1e6, f"{outcome.peak_mb:.0f} MB"
