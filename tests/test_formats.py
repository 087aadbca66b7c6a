"""Every listing command in every output format: the same rows, written by the rules of each.

The first part reads tests/fixtures/small.yaml. The second reads tests/fixtures/hostile.yaml,
whose text is full of Rich markup look-alikes, terminal escapes, bidi controls, CJK, emoji,
tabs, newlines and carriage returns: no format may obey any of it, and the machine formats
must give back exactly the strings of the file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

import pytest
from commands import FORMATS
from commands import LISTINGS as REGISTRY
from helpers import FIXTURES, run

from factbox.loading import load_file

SMALL = str(FIXTURES / "small.yaml")
HOSTILE = str(FIXTURES / "hostile.yaml")

# Every command that prints a listing, with arguments that give it rows on small.yaml.
LISTINGS: dict[str, list[str]] = {name: sample.small for name, sample in REGISTRY.items()}


def output(*args: str, data: str = SMALL, columns: int = 100) -> str:
    """Run a command; it must succeed with nothing on stderr. Returns stdout decoded exactly
    (CliRunner's `stdout` would turn CR LF inside values into LF)."""
    result = run(*args, "--data", data, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stderr == ""
    return bytes(result.stdout_bytes).decode("utf-8")


_TSV_ESCAPE = re.compile(r"\\(\\|t|n|r|x[0-9a-f]{2}|u[0-9a-f]{4})")
_NAMED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_unescape(field: str) -> str:
    return _TSV_ESCAPE.sub(lambda m: _NAMED.get(m[1]) or chr(int(m[1][1:], 16)), field)


def tsv_rows(text: str) -> list[list[str]]:
    assert text.endswith("\n") or text == ""
    return [[tsv_unescape(field) for field in line.split("\t")] for line in text.split("\n")[:-1]]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


NOT_FLAT = object()


def flat(value: Any) -> Any:
    """A JSON value as the one piece of text CSV and TSV carry: null is empty, a list of
    strings is joined with '; ', numbers as written. Nested objects have no flat form here."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    return NOT_FLAT


def json_records(text: str) -> list[dict[str, Any]]:
    records = json.loads(text)
    assert isinstance(records, list)
    assert all(isinstance(record, dict) for record in records)
    return records


def jsonl_records(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n") or text == ""
    lines = text.split("\n")[:-1]
    records = [json.loads(line) for line in lines]
    assert all(isinstance(record, dict) for record in records)
    return records


def assert_agree(header: list[str], rows: list[list[str]], records: list[dict[str, Any]]) -> None:
    assert header == list(records[0]) if records else True
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert len(row) == len(record)
        for key, cell in zip(header, row, strict=True):
            expected = flat(record[key])
            if expected is not NOT_FLAT:
                assert cell == expected, (key, cell, record[key])


# ---------------------------------------------------------------------------------------
# small.yaml: every listing command x every format
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", list(LISTINGS))
def test_every_format_succeeds_with_lf_only(command, fmt):
    result = run(*LISTINGS[command], "--data", SMALL, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = bytes(result.stdout_bytes)
    assert data, "no output"
    assert b"\r" not in data
    assert data.endswith(b"\n")
    data.decode("utf-8")


@pytest.mark.parametrize("command", list(LISTINGS))
def test_json_and_jsonl_hold_the_same_rows(command):
    records = json_records(output(*LISTINGS[command], "-f", "json"))
    assert records, "the test needs rows"
    assert jsonl_records(output(*LISTINGS[command], "-f", "jsonl")) == records
    jsonl = output(*LISTINGS[command], "-f", "jsonl")
    assert all(line.startswith("{") and line.endswith("}") for line in jsonl.splitlines())
    assert "\n  " not in jsonl  # compact: one object per line


@pytest.mark.parametrize("command", list(LISTINGS))
def test_csv_tsv_and_json_agree(command):
    records = json_records(output(*LISTINGS[command], "-f", "json"))
    csv_table = csv_rows(output(*LISTINGS[command], "-f", "csv"))
    tsv_table = tsv_rows(output(*LISTINGS[command], "-f", "tsv"))
    assert csv_table == tsv_table
    assert_agree(csv_table[0], csv_table[1:], records)


@pytest.mark.parametrize("command", list(LISTINGS))
def test_field_names_are_snake_case_and_the_same_in_every_format(command):
    records = json_records(output(*LISTINGS[command], "-f", "json"))
    keys = list(records[0])
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key) for key in keys), keys
    assert all(list(record) == keys for record in records)
    assert all(list(record) == keys for record in jsonl_records(output(*LISTINGS[command], "-f", "jsonl")))
    assert csv_rows(output(*LISTINGS[command], "-f", "csv"))[0] == keys
    assert output(*LISTINGS[command], "-f", "tsv").split("\n")[0] == "\t".join(keys)


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
@pytest.mark.parametrize("command", list(LISTINGS))
def test_no_headers_drops_only_the_header(command, fmt):
    with_header = output(*LISTINGS[command], "-f", fmt)
    without = output(*LISTINGS[command], "-f", fmt, "--no-headers")
    header, rest = with_header.split("\n", 1)
    assert rest and without == rest
    assert header not in without.split("\n")


@pytest.mark.parametrize("command", list(LISTINGS))
def test_markdown_is_a_table_and_no_headers_blanks_its_header(command):
    text = output(*LISTINGS[command], "-f", "markdown")
    records = json_records(output(*LISTINGS[command], "-f", "json"))
    lines = text.split("\n")[:-1]
    assert len(lines) == len(records) + 2
    width = len(records[0])
    for line in lines:
        assert line.startswith("|") and line.endswith("|")
        assert len(re.findall(r"(?<!\\)\|", line)) == width + 1, line
    assert re.fullmatch(r"\|(---:?\|)+", lines[1]), lines[1]
    without = output(*LISTINGS[command], "-f", "markdown", "--no-headers").split("\n")[:-1]
    assert without[1:] == lines[1:]
    assert re.fullmatch(r"\|( +\|)+", without[0]), without[0]


@pytest.mark.parametrize("command", list(LISTINGS))
def test_plain_is_tsv_without_header_or_padding(command):
    plain = output(*LISTINGS[command], "-f", "plain")
    tsv = output(*LISTINGS[command], "-f", "tsv")
    assert plain == tsv.split("\n", 1)[1]
    for line in plain.split("\n"):
        assert not line.endswith(" ")
        assert "  " not in line
        assert "\x1b" not in line
        assert not re.search("[\u2500-\u257f]", line)


def test_plain_has_no_header_even_when_asked():
    assert output("parties", "-f", "plain") == output("parties", "-f", "plain", "--no-headers")
    assert not output("parties", "-f", "plain").startswith("id\t")


def test_json_is_utf8_with_dates_as_written_and_null_for_missing():
    text = output("quotes", "-f", "json")
    assert "José Álvarez" in text and "Não há acordo" in text
    assert "\\u" not in text
    speakers = output("speakers", "-f", "json")
    assert '"Хосе Альварес"' in speakers and "\\u" not in speakers
    records = json_records(text)
    assert [r["date"] for r in records] == ["2025-11-30", "2025-11", "2025", "2025-12", "2025-12-19", "2025-12-19",
                                            "2026-01-05", None]
    juveniles = records[-1]
    assert juveniles["context"] is None and juveniles["source"] is None and juveniles["speaker_role"] is None
    assert records[0]["issues"] == ["cod-quota"] and records[2]["issues"] == ["shared-zone", "inspections"]


def test_json_numbers_are_numbers():
    records = json_records(output("compare", "cod", "-f", "json"))
    assert [r["stance"] for r in records] == [8, 2, None, None]
    assert all(r["depth"] == 1 for r in records)
    parties = json_records(output("parties", "-f", "json"))
    assert [p["speakers"] for p in parties] == [2, 2, 1, 1]


def test_csv_quotes_only_what_needs_quoting():
    text = output("quotes", "-f", "csv")
    lines = text.split("\n")
    assert lines[0] == ("id,date,date_basis,date_coarse,speaker,speaker_name,speaker_role,party,party_name,text,"
                        "context,issues,source,source_title,source_publisher,source_date,source_url,citation")
    assert lines[3] == ('okafor-trial,2025,quote,false,okafor,Chidi Okafor,Chair of the board,board,'
                        'Regional Fisheries Board,A trial year costs nobody anything and tells us everything.,'
                        "Presenting the board's compromise,shared-zone; inspections,gazette,"
                        'Harbour Gazette: the cod talks,Harbour Gazette,2025-12-20,https://example.org/cod-talks,'
                        '"“A trial year costs nobody anything and tells us everything.” said Chidi Okafor, '
                        'Chair of the board (Harbour Gazette, 2025)."')
    assert lines[5] == ('lindqvist-equal,2025-12-19,quote,false,lindqvist,Ingrid Lindqvist,Chief negotiator,'
                        'norland,Norland,"Equal shares, or no agreement on herring.",,herring-quota,gazette,'
                        'Harbour Gazette: the cod talks,Harbour Gazette,2025-12-20,https://example.org/cod-talks,'
                        '"“Equal shares, or no agreement on herring.” said Ingrid Lindqvist, Chief negotiator '
                        '(Harbour Gazette, 2025-12-19)."')


# ---------------------------------------------------------------------------------------
# TSV escaping
# ---------------------------------------------------------------------------------------


def test_tsv_escapes_backslash_tab_newline_and_cr():
    fb = load_file(HOSTILE)
    original = fb.quote_by_id["q-whitespace"].text
    assert original == "tab\there\nnewline\r\nCRLF\rCR and back\\slash \\t literal"
    lines = output("quotes", "-f", "tsv", data=HOSTILE).split("\n")
    row = next(line for line in lines if line.startswith("q-whitespace\t"))
    header = lines[0].split("\t")
    fields = dict(zip(header, row.split("\t"), strict=True))
    assert fields["text"] == "tab\\there\\nnewline\\r\\nCRLF\\rCR and back\\\\slash \\\\t literal"
    assert fields["context"] == "Context\\twith\\ntabs"
    assert tsv_unescape(fields["text"]) == original


def test_tsv_record_per_line_even_for_hostile_text():
    fb = load_file(HOSTILE)
    lines = output("quotes", "-f", "tsv", data=HOSTILE).split("\n")[:-1]
    assert len(lines) == 1 + len(fb.quotes)
    assert {len(line.split("\t")) for line in lines} == {len(lines[0].split("\t"))} == {18}


# ---------------------------------------------------------------------------------------
# hostile.yaml: every command x every format
# ---------------------------------------------------------------------------------------

# Every listing on hostile.yaml: what it needs besides its name, and CJK compared too.
_HOSTILE_ARGUMENTS = {"compare": ["markup-issue"], "search": ["e", "bold", "中"],
                      "diff": [str(FIXTURES / "small.yaml"), str(FIXTURES / "hostile.yaml")]}
HOSTILE_COMMANDS: dict[str, list[str]] = {
    **{name: [name, *_HOSTILE_ARGUMENTS.get(name, [])] for name in REGISTRY},
    "compare-cjk": ["compare", "cjk-issue"],
}

# What must never reach a terminal raw: C0 controls but newline (tab only as a TSV
# separator), DEL, C1, the bidi embeddings, overrides, isolates and marks, and line and
# paragraph separators.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
MARKUP = ["[bold]x[/bold]", "[/]", "[link=https://evil.example]click[/link]", ":smiley:"]
HUMAN_FORMATS = ["table", "plain", "tsv", "markdown"]


def _hostile_cases(formats: list[str]) -> list[Any]:
    return [pytest.param(command, fmt, id=f"{command}-{fmt}") for command in HOSTILE_COMMANDS for fmt in formats]


def test_hostile_fixture_validates_and_stays_printable():
    result = run("validate", HOSTILE)
    assert result.exit_code == 0, result.stderr
    raw = (FIXTURES / "hostile.yaml").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", raw)
    fb = load_file(HOSTILE)
    everything = "".join([q.text for q in fb.quotes] + [p.name for p in fb.parties]
                         + [s.name + (s.role or "") for s in fb.speakers]
                         + [i.title + (i.question or "") for i in fb.issues] + [p.summary for p in fb.positions])
    for needle in ["\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;http://evil\x1b\\", "\u202e", "\u2066", "\u2069",
                   "\u200d", "e\u0301", "漁業", "🐟", "\t", "\n", "\r", "\x9b", *MARKUP]:
        assert needle in everything, repr(needle)
    assert max(len(q.text) for q in fb.quotes) > 5000


@pytest.mark.parametrize(("command", "fmt"), _hostile_cases(HUMAN_FORMATS))
def test_hostile_text_is_shown_not_obeyed(command, fmt):
    text = output(*HOSTILE_COMMANDS[command], "-f", fmt, data=HOSTILE, columns=250)
    assert text
    found = sorted({f"U+{ord(ch):04X}" for ch in UNSAFE.findall(text)})
    assert found == []
    if fmt in ("table", "markdown"):
        assert "\t" not in text
    assert "😃" not in text  # :smiley: is not an emoji code here


@pytest.mark.parametrize("command", ["issues", "parties", "speakers", "quotes", "search", "compare"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "plain"])
def test_markup_look_alikes_print_as_written(command, fmt):
    text = output(*HOSTILE_COMMANDS[command], "-f", fmt, data=HOSTILE, columns=250)
    if fmt == "markdown":  # as a renderer shows it: escapes and character references undone
        text = html.unescape(re.sub(r"\\(.)", r"\1", text))
    for markup in MARKUP:
        assert markup in text, markup


def expected_fields(fb: Any, command: str, row: dict[str, Any]) -> dict[str, Any]:
    """For one output record, the exact strings the model holds for its fields."""
    if command == "issues":
        issue = fb.issue_by_id[row["id"]]
        return {"title": issue.title, "question": issue.question, "parent": issue.parent}
    if command == "parties":
        party = fb.party_by_id[row["id"]]
        return {"name": party.name, "aliases": party.aliases, "role": party.role}
    if command == "speakers":
        speaker = fb.speaker_by_id[row["id"]]
        return {"name": speaker.name, "role": speaker.role, "aliases": speaker.aliases,
                "party_name": fb.party_by_id[speaker.party].name}
    if command == "quotes":
        quote = fb.quote_by_id[row["id"]]
        speaker = fb.speaker_by_id[quote.speaker]
        source = fb.source_by_id.get(quote.source) if quote.source else None
        return {"text": quote.text, "context": quote.context, "speaker_name": speaker.name,
                "speaker_role": speaker.role, "party_name": fb.party_by_id[speaker.party].name,
                "issues": quote.issues, "date": quote.date.text if quote.date else None,
                "source_title": source.title if source else None, "source_url": source.url if source else None,
                "source_publisher": source.publisher if source else None}
    if command == "info":
        return {"value": fb.title} if row["field"] == "title" else {}
    if command.startswith("compare"):
        issue = fb.issue_by_id[row["issue"]]
        position = fb.position_by_key.get((row["party"], row["issue"]))
        fields = {"issue_title": issue.title, "question": issue.question,
                  "party_name": fb.party_by_id[row["party"]].name,
                  "summary": position.summary if position else None,
                  "conditions": position.conditions if position else None}
        fields["quotes"] = [f"{fb.speaker_by_id[fb.quote_by_id[q].speaker].name}: “{fb.quote_by_id[q].text}”"
                            for q in row["quote_ids"]]
        return fields
    if command == "search":
        kind, ident, field = row["kind"], row["id"], row["field"]
        if kind == "position":
            party, issue = ident.split("/")
            entry: Any = fb.position_by_key[(party, issue)]
        elif kind == "event":
            (entry,) = [e for n, e in enumerate(fb.events) if (e.id or f"event {n + 1}") == ident]
        else:
            entry = {"party": fb.party_by_id, "speaker": fb.speaker_by_id, "issue": fb.issue_by_id,
                     "quote": fb.quote_by_id, "source": fb.source_by_id}[kind][ident]
        value = getattr(entry, field)
        return {"text": "; ".join(value) if isinstance(value, list) else value}
    if command == "divergence":
        issue = fb.issue_by_id[row["issue"]]
        return {"title": issue.title, "question": issue.question}
    if command == "shifts":
        position = fb.position_by_key[(row["party"], row["issue"])]
        return {"party_name": fb.party_by_id[row["party"]].name, "issue_title": fb.issue_by_id[row["issue"]].title,
                "summary_to": position.summary, "summary_from": position.history[-1].summary}
    if command == "timeline":
        return timeline_fields(fb, row)
    if command == "diff":  # small.yaml → hostile.yaml: what was added is hostile's, exactly
        if row["change"] == "added" and row["kind"] in ("quote", "party", "speaker"):
            record = {"quote": fb.quote_by_id, "party": fb.party_by_id, "speaker": fb.speaker_by_id}[row["kind"]]
            return {"new": {**row["new"], **{name: getattr(record[row["id"]], name) for name in row["new"]
                                             if isinstance(getattr(record[row["id"]], name), str)}}}
        return {}
    if command == "log":
        return {}  # the commits of the file in this repository: nothing of the file's own text
    raise AssertionError(command)


def timeline_fields(fb: Any, row: dict[str, Any]) -> dict[str, Any]:
    if row["kind"] == "quote":
        quote = fb.quote_by_id[row["ref"]]
        return {"what": quote.text, "speaker_name": fb.speaker_by_id[quote.speaker].name}
    if row["kind"] == "event":
        (event,) = [e for n, e in enumerate(fb.events) if (e.id or f"event {n + 1}") == row["ref"]]
        return {"what": event.title, "place": event.place}
    party, issue = row["ref"].split("/")
    position = fb.position_by_key[(party, issue)]
    summaries = [position.summary, *(entry.summary for entry in position.history)]
    # One of the position's own summaries, exactly (which one is the timeline's order).
    return {"party_name": fb.party_by_id[party].name, "what": row["what"] if row["what"] in summaries else summaries}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("command", list(HOSTILE_COMMANDS))
def test_hostile_json_round_trips_exactly(command, fmt):
    fb = load_file(HOSTILE)
    text = output(*HOSTILE_COMMANDS[command], "-f", fmt, data=HOSTILE)
    assert not re.search("[\x00-\x1f]", text.replace("\n", "")), "raw C0 control inside JSON"
    records = json_records(text) if fmt == "json" else jsonl_records(text)
    assert records, "the test needs rows"
    for record in records:
        expected = expected_fields(fb, command, record)
        assert {key: record[key] for key in expected} == expected


@pytest.mark.parametrize("command", list(HOSTILE_COMMANDS))
def test_hostile_csv_and_tsv_round_trip_exactly_when_piped(command):
    records = json_records(output(*HOSTILE_COMMANDS[command], "-f", "json", data=HOSTILE))
    csv_table = csv_rows(output(*HOSTILE_COMMANDS[command], "-f", "csv", data=HOSTILE))
    assert_agree(csv_table[0], csv_table[1:], records)
    tsv_table = tsv_rows(output(*HOSTILE_COMMANDS[command], "-f", "tsv", data=HOSTILE))
    assert tsv_table == csv_table


@pytest.mark.parametrize("command", list(HOSTILE_COMMANDS))
def test_hostile_markdown_keeps_its_shape(command):
    records = json_records(output(*HOSTILE_COMMANDS[command], "-f", "json", data=HOSTILE))
    lines = output(*HOSTILE_COMMANDS[command], "-f", "markdown", data=HOSTILE).split("\n")[:-1]
    assert len(lines) == len(records) + 2  # newlines inside values never break a row
    for line in lines:
        assert line.startswith("| ") or line.startswith("|-")
        assert len(re.findall(r"(?<!\\)\|", line.replace("\\\\", ""))) == len(records[0]) + 1, line


def test_the_long_quote_survives_whole():
    fb = load_file(HOSTILE)
    long_quote = fb.quote_by_id["q-long"].text
    records = json_records(output("quotes", "-f", "json", data=HOSTILE))
    assert next(r["text"] for r in records if r["id"] == "q-long") == long_quote
    plain = output("quotes", "-f", "plain", data=HOSTILE)
    assert f"\t{long_quote}\t" in plain
    table = output("quotes", "-f", "table", data=HOSTILE)
    words = " ".join(table.split())
    assert all(f"word{i:04d}" in words for i in range(1, 751))


def test_error_messages_show_hostile_names_escaped():
    result = run("speakers", "--party", "Clear Screen ]0;title Party x", "--data", HOSTILE)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "factbox: error: no party 'Clear Screen ]0;title Party x' — did you mean "
        "'Clear\\x1b[2J Screen \\x1b]0;title\\x07 Party (escapes)'?\n")
    result = run("quotes", "--speaker", "Abc \x1b[2J\u202e", "--data", HOSTILE)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("factbox: error: no speaker 'Abc \\x1b[2J\\u202e'\n"
                             "hint: known speakers: link, bidi, cjk, combining\n")
