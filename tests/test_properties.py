"""Property-based tests: random VALID factboxes load and every command answers in every
format; the same factboxes with one rule broken are refused at the line of the fault.

The factboxes are random in every respect the format allows: lists of any length, issue
trees, custom scales with labels, partial dates, optional fields present or not, and text
with markup look-alikes, control, bidi and combining characters, emoji and CJK. They are
written line by line (every string double-quoted: JSON's escapes are YAML's, and the few
characters YAML will not take raw are escaped too), so the line of each key is known.
"""

from __future__ import annotations

import calendar
import copy
import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer.testing
from commands import FORMATS, LISTINGS
from helpers import FIXTURES, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command

from factbox.cli import app
from factbox.loading import load_text
from factbox.names import hidden
from factbox.queries import words as search_words

COMMAND_FORMATS = tuple(FORMATS)
SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(autouse=True, scope="module")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """--data - is never cached, but should anything write, it writes here."""
    with mock.patch.dict("os.environ", {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("xdg"))}):
        yield


@contextmanager
def command_built_once() -> Iterator[None]:
    """Typer rebuilds the click command on every CliRunner.invoke (~15 ms); build it once."""
    if not hasattr(typer.testing, "_get_command"):
        yield
        return
    command = get_command(app)
    with mock.patch.object(typer.testing, "_get_command", lambda _app: command):
        yield


# --- writing YAML line by line -----------------------------------------------------------


class Rec(list):  # type: ignore[type-arg]
    """A mapping as (key, value) pairs, in order; a key may repeat (to break the rules)."""


Path_ = tuple[str | int, ...]
_YAML_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for `text`: JSON's escapes, plus the characters YAML does
    not accept raw (DEL, C1 controls, U+FFFE/U+FFFF) and those it would read as line breaks."""
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    return quoted(value)


def emit(record: Rec) -> tuple[str, list[tuple[Path_, int]]]:
    """The YAML text, and the line of every key, in file order."""
    lines: list[str] = []
    where: list[tuple[Path_, int]] = []

    def block(rec: Rec, indent: int, path: Path_) -> None:
        pad = " " * indent
        for key, value in rec:
            key_path = (*path, key)
            where.append((key_path, len(lines) + 1))
            if isinstance(value, Rec):
                lines.append(f"{pad}{key}:")
                block(value, indent + 2, key_path)
            elif isinstance(value, dict) and not value:
                lines.append(f"{pad}{key}: {{}}")
            elif isinstance(value, dict):
                lines.append(f"{pad}{key}:")
                lines.extend(f"{pad}  {stance}: {quoted(label)}" for stance, label in value.items())
            elif isinstance(value, list) and value and isinstance(value[0], Rec):
                lines.append(f"{pad}{key}:")
                for index, item in enumerate(value):
                    start = len(lines)
                    block(item, indent + 4, (*key_path, index))
                    lines[start] = f"{pad}  - {lines[start][indent + 4:]}"
            elif isinstance(value, list):
                lines.append(f"{pad}{key}: [{', '.join(_scalar(item) for item in value)}]")
            else:
                lines.append(f"{pad}{key}: {_scalar(value)}")

    block(record, 0, ())
    return "\n".join(lines) + "\n", where


def get(record: Any, path: Path_) -> Any:
    for part in path:
        record = record[part] if isinstance(part, int) else next(v for k, v in record if k == part)
    return record


def has(record: Rec, key: str) -> bool:
    return any(k == key for k, _ in record)


def put(record: Rec, key: str, value: Any, at: int | None = None) -> None:
    """Replace the value of `key`, or add the key (at position `at`, else at the end)."""
    for index, (k, _) in enumerate(record):
        if k == key:
            record[index] = (key, value)
            return
    record.insert(len(record) if at is None else at, (key, value))


# --- strategies --------------------------------------------------------------------------

SPECIALS = [
    "[bold red]loud[/bold red]", "[/]", "[link=https://example.org]x[/link]", ":warning:", "<b>bold</b>",
    "**strong**", "`code`", "| a | b |", "\x1b[31mred\x1b[0m", "\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\",
    "\u202eevil\u202c", "\u200f", "\u2066iso\u2069", "\u061c", "\u200b", "\ufeff", "e\u0301", "\u0301",
    "🇺🇦", "👩‍👩‍👧", "🐟", "中文字符", "한국어", "日本語の引用", "Ελληνικά", "العربية", "עברית",
    "\t", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x00", "\x07", "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
    "\\", "\\n", '"', "'", "#", ": ", "- ", "&anchor", "*alias", "!!python/object", "---", "...", "%",
    "@", "{", "}", "[", "]", ",", "?", "~", "null", "yes", "no", "1.10", "0x1F", "=cmd|' /C calc'!A0",
    "-", "+1", "  leading", "trailing  ", "ß", "İ", "ﬁ", "Å", "\U0001d400",
]
CHARACTERS = st.characters(exclude_categories=("Cs",))
PIECE = st.one_of(st.text(CHARACTERS, min_size=1, max_size=10), st.sampled_from(SPECIALS),
                  st.from_regex(r"[A-Za-z]{2,8}", fullmatch=True))
TEXT = st.lists(PIECE, min_size=1, max_size=4).map("".join).filter(lambda text: text.strip() != "")
SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


@st.composite
def dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1, 9999))
    precision = draw(st.sampled_from(("year", "month", "day")))
    if precision == "year":
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{draw(st.integers(1, calendar.monthrange(year, month)[1])):02d}"


def _sort_key(date: str) -> tuple[int, ...]:
    return tuple(int(part) for part in date.split("-")) + (0,) * (2 - date.count("-"))


def maybe(draw: st.DrawFn, record: Rec, key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        record.append((key, draw(strategy)))


def named(text: str, ident: str) -> str:
    """A name no other entry's id, name or alias can claim (the format forbids that), and
    without the invisible characters a name may not hold."""
    return f"{hidden().sub('', text)} ⟨{ident}⟩"


@st.composite
def factboxes(draw: st.DrawFn, rich: bool = False) -> Rec:
    """A valid factbox/1 document. `rich` guarantees something of every kind to break."""
    doc = Rec([("format", "factbox/1"), ("title", draw(TEXT))])
    maybe(draw, doc, "description", TEXT)
    maybe(draw, doc, "as_of", dates())
    low, high = -2, 2
    if rich or draw(st.booleans()):
        low = draw(st.integers(-5, 1))
        high = draw(st.integers(low + 1, low + 6))
        scale = Rec([("min", low), ("max", high)])
        if draw(st.booleans()):
            stances = draw(st.lists(st.integers(low, high), unique=True, max_size=high - low + 1))
            scale.append(("labels", {stance: draw(TEXT) for stance in stances}))
        doc.append(("scale", scale))

    source_ids = draw(st.lists(SLUG, unique=True, min_size=1 if rich else 0, max_size=3))
    sources = []
    for ident in source_ids:
        source = Rec([("id", ident), ("title", draw(TEXT))])
        maybe(draw, source, "publisher", TEXT)
        maybe(draw, source, "date", dates())
        maybe(draw, source, "url", st.just(f"https://example.org/{ident}?q=1&r=[2]"))
        sources.append(source)
    if sources or draw(st.booleans()):
        doc.append(("sources", sources))

    party_ids = draw(st.lists(SLUG, unique=True, min_size=2 if rich else 1, max_size=4))
    parties = []
    for ident in party_ids:
        party = Rec([("id", ident), ("name", named(draw(TEXT), ident))])
        if draw(st.booleans()):
            party.append(("aliases", [named(draw(TEXT), f"{ident}:{n}") for n in range(draw(st.integers(0, 2)))]))
        maybe(draw, party, "role", st.sampled_from(("party", "mediator", "observer")))
        parties.append(party)
    doc.append(("parties", parties))

    speaker_ids = draw(st.lists(SLUG, unique=True, min_size=1 if rich else 0, max_size=4))
    speakers = []
    for ident in speaker_ids:
        speaker = Rec([("id", ident), ("name", named(draw(TEXT), ident)),
                       ("party", draw(st.sampled_from(party_ids)))])
        maybe(draw, speaker, "role", TEXT)
        if draw(st.booleans()):
            speaker.append(("aliases", [named(draw(TEXT), f"{ident}:{n}") for n in range(draw(st.integers(0, 2)))]))
        speakers.append(speaker)
    if speakers or draw(st.booleans()):
        doc.append(("speakers", speakers))

    issue_ids = draw(st.lists(SLUG, unique=True, min_size=2 if rich else 1, max_size=6))
    issues = []
    for number, ident in enumerate(issue_ids):
        issue = Rec([("id", ident)])
        if number and draw(st.booleans()):
            issue.append(("parent", issue_ids[draw(st.integers(0, number - 1))]))
        issue.append(("title", named(draw(TEXT), ident)))
        if draw(st.booleans()):
            issue.append(("aliases", [named(draw(TEXT), f"{ident}:{n}") for n in range(draw(st.integers(0, 2)))]))
        maybe(draw, issue, "question", TEXT)
        issues.append(issue)
    # Parents were drawn from earlier issues (so no cycle); the file order need not follow.
    issues = draw(st.permutations(issues))
    doc.append(("issues", list(issues)))

    quote_ids = draw(st.lists(SLUG, unique=True, min_size=1 if rich else 0, max_size=6)) if speaker_ids else []
    pairs = draw(st.lists(st.tuples(st.sampled_from(party_ids), st.sampled_from(issue_ids)), unique=True,
                          min_size=1 if rich else 0, max_size=6))
    positions = []
    for party, issue in pairs:
        position = Rec([("party", party), ("issue", issue)])
        maybe(draw, position, "stance", st.integers(low, high))
        position.append(("summary", draw(TEXT)))
        maybe(draw, position, "conditions", TEXT)
        maybe(draw, position, "basis", st.sampled_from(("stated", "reported", "inferred")))
        if quote_ids:
            maybe(draw, position, "quotes", st.lists(st.sampled_from(quote_ids), max_size=3))
        if source_ids:
            maybe(draw, position, "sources", st.lists(st.sampled_from(source_ids), max_size=2))
        maybe(draw, position, "as_of", dates())
        if rich or draw(st.booleans()):
            history = []
            for date in sorted(draw(st.lists(dates(), min_size=1, max_size=3)), key=_sort_key):
                entry = Rec([("date", date)])
                maybe(draw, entry, "stance", st.integers(low, high))
                entry.append(("summary", draw(TEXT)))
                history.append(entry)
            position.append(("history", history))
        positions.append(position)
    if positions or draw(st.booleans()):
        doc.append(("positions", positions))

    quotes = []
    for ident in quote_ids:
        quote = Rec([("id", ident), ("speaker", draw(st.sampled_from(speaker_ids))), ("text", draw(TEXT))])
        maybe(draw, quote, "issues", st.lists(st.sampled_from(issue_ids), max_size=3))
        maybe(draw, quote, "context", TEXT)
        maybe(draw, quote, "date", dates())
        if source_ids:
            maybe(draw, quote, "source", st.sampled_from(source_ids))
        quotes.append(quote)
    if quotes or draw(st.booleans()):
        doc.append(("quotes", quotes))

    events = []
    for _ in range(draw(st.integers(0, 2))):
        event = Rec([("date", draw(dates())), ("title", draw(TEXT))])
        maybe(draw, event, "place", TEXT)
        if source_ids:
            maybe(draw, event, "source", st.sampled_from(source_ids))
        events.append(event)
    if events:
        doc.append(("events", events))
    return doc


# --- property 1: valid factboxes load, and every command answers in every format ---------


def _entries(doc: Rec, key: str) -> list[Rec]:
    return list(get(doc, (key,))) if has(doc, key) else []


def _optional(record: Rec, key: str, default: Any = None) -> Any:
    return get(record, (key,)) if has(record, key) else default


def _strings_with(value: Any, char: str) -> bool:
    if isinstance(value, str):
        return char in value
    if isinstance(value, dict):
        value = list(value.values())
    return isinstance(value, list) and any(_strings_with(item, char) for item in value)


def _json_rows(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


@SETTINGS
@given(doc=factboxes(), data=st.data())
def test_valid_factboxes_load_and_every_command_answers(doc: Rec, data: st.DataObject) -> None:
    text, _ = emit(doc)
    factbox = load_text(text, "<text>")
    parties, issues = _entries(doc, "parties"), _entries(doc, "issues")
    quotes = _entries(doc, "quotes")
    assert [p.id for p in factbox.parties] == [get(p, ("id",)) for p in parties]
    assert [p.name for p in factbox.parties] == [get(p, ("name",)) for p in parties]
    assert [q.text for q in factbox.quotes] == [get(q, ("text",)) for q in quotes]
    assert [q.context for q in factbox.quotes] == [_optional(q, "context") for q in quotes]
    assert factbox.title == get(doc, ("title",))

    # A word as search splits text (letters and digits); a name of punctuation alone has none.
    words = [word for record in (*parties, *quotes) for key in ("name", "text") if has(record, key)
             for word in search_words(get(record, (key,)))]
    word = data.draw(st.sampled_from(words), label="search word") if words else "0"
    # What each listing needs besides its name on a generated file: compare an issue, search a word,
    # diff small.yaml against it (from standard input). log reads git history, not a file: not here.
    arguments = {"compare": (get(issues[0], ("id",)),), "search": ("--", word),
                 "diff": (str(FIXTURES / "small.yaml"), "-")}
    commands = [(name, *arguments.get(name, ())) for name in LISTINGS if name != "log"]
    with command_built_once():
        for command in commands:
            options = (*command[:1], "--data", "-", *command[1:])
            outputs = {}
            for fmt in COMMAND_FORMATS:
                result = run(options[0], "-f", fmt, *options[1:], input=text)
                assert result.exit_code == 0, (command, fmt, result.stderr)
                assert result.stderr == "", (command, fmt)
                assert "Traceback" not in result.stdout
                outputs[fmt] = result.stdout
            rows = json.loads(outputs["json"])
            assert isinstance(rows, list), command
            assert [json.loads(line) for line in outputs["jsonl"].splitlines()] == rows, command
            # One record per line, whatever the text holds.
            assert len(outputs["plain"].splitlines()) == len(rows), command
            assert len(outputs["tsv"].splitlines()) == len(rows) + 1, command
            if not _strings_with(rows, "\r"):  # a bare CR breaks the CSV: see test_csv_quotes_a_bare_carriage_return
                table = list(csv.reader(io.StringIO(outputs["csv"], newline="")))
                assert len(table) == len(rows) + 1, command
                header = table[0]
                for row, record in zip(table[1:], rows, strict=True):
                    for key, cell in zip(header, row, strict=True):
                        if isinstance(record[key], str):
                            assert cell == record[key], (command, key)
            if command[0] == "search" and words:
                assert rows, f"no hit for {word!r}, a word of the data"

    # The JSON carries the model's strings exactly.
    with command_built_once():
        out_quotes = _json_rows(run("quotes", "--data", "-", "-f", "json", input=text))
        out_parties = _json_rows(run("parties", "--data", "-", "-f", "json", input=text))
        out_speakers = _json_rows(run("speakers", "--data", "-", "-f", "json", input=text))
        out_issues = _json_rows(run("issues", "--data", "-", "-f", "json", input=text))
    by_id = {q.id: q for q in factbox.quotes}
    assert sorted(row["id"] for row in out_quotes) == sorted(by_id)
    for row in out_quotes:
        quote = by_id[row["id"]]
        speaker = factbox.speaker_by_id[quote.speaker]
        assert (row["text"], row["context"], row["speaker"], row["speaker_name"], row["speaker_role"]) == (
            quote.text, quote.context, speaker.id, speaker.name, speaker.role)
        assert row["party_name"] == factbox.party_by_id[speaker.party].name
        assert row["issues"] == list(quote.issues)
        assert row["date"] == (quote.date.text if quote.date else None)
    assert [(r["id"], r["name"], r["aliases"], r["role"]) for r in out_parties] == [
        (p.id, p.name, list(p.aliases), p.role) for p in factbox.parties]
    assert [(r["id"], r["name"], r["role"], r["aliases"]) for r in out_speakers] == [
        (s.id, s.name, s.role, list(s.aliases)) for s in factbox.speakers]
    assert {(r["id"], r["title"], r["question"], r["parent"]) for r in out_issues} == {
        (i.id, i.title, i.question, i.parent) for i in factbox.issues}
    assert len(out_issues) == len(factbox.issues)


# --- property 2: one broken rule, refused at its line ------------------------------------


def _records(doc: Rec) -> list[Path_]:
    """The path of every record (mapping) in the document."""
    paths: list[Path_] = [()]
    if has(doc, "scale"):
        paths.append(("scale",))
    for key in ("sources", "parties", "speakers", "issues", "positions", "quotes", "events"):
        for index, _ in enumerate(_entries(doc, key)):
            paths.append((key, index))
    for index, position in enumerate(_entries(doc, "positions")):
        for entry, _ in enumerate(_optional(position, "history", [])):
            paths.append(("positions", index, "history", entry))
    return paths


REFERENCES = {"speakers": ("party",), "issues": ("parent",), "positions": ("party", "issue", "quotes", "sources"),
              "quotes": ("speaker", "issues", "source"), "events": ("source",)}
DATE_FIELDS = {"sources": "date", "positions": "as_of", "quotes": "date", "events": "date"}
ID_LISTS = ("sources", "parties", "speakers", "issues", "quotes")


RULES = ("unknown-key", "dangling-reference", "duplicate-id", "stance-off-scale", "bad-date", "duplicate-key",
         "non-slug-id", "self-cycle", "cycle")


@st.composite
def broken(draw: st.DrawFn, rule: str) -> tuple[str, Rec, Path_, str, set[Path_]]:
    """A valid factbox with `rule` broken once: (rule, document, path of the key at fault,
    what the message says, other paths where the problem may fairly be reported)."""
    doc = copy.deepcopy(draw(factboxes(rich=True)))
    issues = _entries(doc, "issues")
    also: set[Path_] = set()

    if rule == "unknown-key":
        path = draw(st.sampled_from(_records(doc)))
        record = get(doc, path)
        key = draw(st.sampled_from(("speker", "titel", "unknown-key", "Name", "notes")))
        record.insert(draw(st.integers(0, len(record))), (key, "x"))
        return rule, doc, (*path, key), "unknown key", also

    if rule == "dangling-reference":
        sites = [(key, index, field) for key, fields in REFERENCES.items()
                 for index, record in enumerate(_entries(doc, key)) for field in fields if has(record, field)
                 and get(record, (field,)) != []]
        key, index, field = draw(st.sampled_from(sites))
        record = get(doc, (key, index))
        value = get(record, (field,))
        if isinstance(value, list):
            value[draw(st.integers(0, len(value) - 1))] = "zz-no-such-id"
        else:
            put(record, field, "zz-no-such-id")
        return rule, doc, (key, index, field), "unknown", also

    if rule == "duplicate-id":
        key = draw(st.sampled_from([key for key in ID_LISTS if len(_entries(doc, key)) > 1]))
        entries = _entries(doc, key)
        later = draw(st.integers(1, len(entries) - 1))
        earlier = draw(st.integers(0, later - 1))
        put(entries[later], "id", get(entries[earlier], ("id",)))
        return rule, doc, (key, later, "id"), "duplicate id", also

    if rule == "stance-off-scale":
        scale = _optional(doc, "scale")
        low, high = (get(scale, ("min",)), get(scale, ("max",))) if scale else (-2, 2)
        sites = [("positions", index) for index, _ in enumerate(_entries(doc, "positions"))]
        sites += [p for p in _records(doc) if "history" in p]
        path = draw(st.sampled_from(sites))
        record = get(doc, path)
        stance = draw(st.sampled_from((low - 1, high + 1, high + 1000, low - 1000)))
        put(record, "stance", stance, at=2 if path[0] == "positions" and len(path) == 2 else 1)
        return rule, doc, (*path, "stance"), "off the scale", also

    if rule == "bad-date":
        sites: list[tuple[Path_, str]] = [((), "as_of")]
        sites += [((key, index), field) for key, field in DATE_FIELDS.items()
                  for index, _ in enumerate(_entries(doc, key))]
        sites += [(p, "date") for p in _records(doc) if "history" in p]
        path, field = draw(st.sampled_from(sites))
        date = draw(st.sampled_from(("2025-02-30", "2023-02-29", "2025-13", "2025-00", "2025-04-31", "0000",
                                     "2025-12-32", "2025-1-5", "20251", "2025/12")))
        put(get(doc, path), field, date)
        return rule, doc, (*path, field), "date", also

    if rule == "duplicate-key":
        path = draw(st.sampled_from(_records(doc)))
        record = get(doc, path)
        index = draw(st.integers(0, len(record) - 1))
        key, value = record[index]
        record.insert(index + 1, (key, copy.deepcopy(value)))
        return rule, doc, (*path, key), "duplicate key", also

    if rule == "non-slug-id":
        key = draw(st.sampled_from([key for key in ID_LISTS if _entries(doc, key)]))
        index = draw(st.integers(0, len(_entries(doc, key)) - 1))
        bad = draw(st.sampled_from(("Not A Slug", "9lives", "under_score", "ÜBER", "-lead", "a b", "a.b", "Kyiv")))
        put(_entries(doc, key)[index], "id", bad)
        return rule, doc, (key, index, "id"), "not an id", also

    if rule == "self-cycle":
        index = draw(st.integers(0, len(issues) - 1))
        put(issues[index], "parent", get(issues[index], ("id",)), at=1)
        return rule, doc, ("issues", index, "parent"), "cycle", also

    # cycle: the root of a chain gets one of its descendants as parent.
    assert rule == "cycle"
    if not any(has(issue, "parent") for issue in issues):
        put(issues[1], "parent", get(issues[0], ("id",)), at=1)
    by_id = {get(issue, ("id",)): number for number, issue in enumerate(issues)}
    child = draw(st.sampled_from([number for number, issue in enumerate(issues) if has(issue, "parent")]))
    chain = [child]
    while has(issues[chain[-1]], "parent"):
        chain.append(by_id[get(issues[chain[-1]], ("parent",))])
    root = chain[-1]
    put(issues[root], "parent", get(issues[child], ("id",)), at=1)
    # Any `parent:` line of the loop is a fair place to report it (the validator cannot know
    # which of them was the edit).
    also = {("issues", number, "parent") for number in chain}
    return rule, doc, ("issues", root, "parent"), "cycle", also


def _line_of(where: list[tuple[Path_, int]], path: Path_) -> int:
    """The line of the LAST key with this path (a repeated key is reported at its repeat)."""
    return [line for key_path, line in where if key_path == path][-1]


@pytest.mark.parametrize("rule", RULES)
@settings(SETTINGS, max_examples=12)
@given(data=st.data())
def test_one_broken_rule_is_refused_at_its_line(rule: str, data: st.DataObject) -> None:
    _, doc, path, says, also = data.draw(broken(rule), label="broken factbox")
    text, where = emit(doc)
    expected = {_line_of(where, path)} | {_line_of(where, other) for other in also}
    with command_built_once():
        result = run("validate", "-", input=text)
    assert result.exit_code == 1, (rule, result.stdout, text)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("factbox: error: ") or lines[-2].startswith("factbox: error: "), result.stderr
    located = [(int(match[1]), line) for line in lines if (match := re.match(r"^<stdin>:(\d+):\d+: ", line))]
    assert located, result.stderr
    total = text.count("\n")
    assert all(1 <= number <= total for number, _ in located), result.stderr
    hits = [line for number, line in located if number in expected and says in line.lower()]
    assert hits, f"{rule}: expected a problem saying {says!r} at line(s) {sorted(expected)}:\n{result.stderr}"


# --- the writer itself -------------------------------------------------------------------


@pytest.mark.parametrize("text", SPECIALS)
def test_quoted_text_reads_back_exactly(text: str) -> None:
    """`quoted` is what the properties rely on: any text survives the trip through YAML."""
    doc = Rec([("format", "factbox/1"), ("title", f"x{text}x"),
               ("parties", [Rec([("id", "a"), ("name", "A")])]), ("issues", [Rec([("id", "i"), ("title", "I")])])])
    yaml_text, where = emit(doc)
    assert load_text(yaml_text).title == f"x{text}x"
    assert dict(where)[("title",)] == 2
    assert dict(where)[("issues", 0, "title")] == 8


def test_emit_numbers_lines_as_written(tmp_path: Path) -> None:
    doc = Rec([("format", "factbox/1"), ("title", "T"),
               ("parties", [Rec([("id", "a"), ("name", "A")]), Rec([("id", "b"), ("name", "B")])]),
               ("issues", [Rec([("id", "i"), ("title", "I"), ("question", "Q?")])]),
               ("positions", [Rec([("party", "a"), ("issue", "i"), ("summary", "S"),
                                   ("history", [Rec([("date", "2019"), ("summary", "H")])])])])])
    text, where = emit(doc)
    lines = text.splitlines()
    for path, number in where:
        assert lines[number - 1].lstrip(" -").startswith(f"{path[-1]}:"), (path, number, lines[number - 1])
    assert dict(where)[("positions", 0, "history", 0, "summary")] == 18
    result = run("validate", "-", input=text)
    assert result.exit_code == 0, result.stderr


def test_csv_quotes_a_bare_carriage_return() -> None:
    doc = Rec([("format", "factbox/1"), ("title", "T"), ("parties", [Rec([("id", "a"), ("name", "A")])]),
               ("issues", [Rec([("id", "i"), ("title", "I"), ("question", "before\rafter")])])])
    text, _ = emit(doc)
    result = run("issues", "--data", "-", "-f", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(table) == 2, table
    assert table[1][table[0].index("question")] == "before\rafter"


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_json_is_written_as_json_dumps_writes_it(value: Any) -> None:
    """The JSON writer's own indenting (`jsonout._indented`, for speed) makes json.dumps's
    text, byte for byte, with the characters that can hide or reorder text escaped."""
    from factbox.render import jsonout

    expected = jsonout._RAW_UNSAFE.sub(jsonout._escape, json.dumps(value, ensure_ascii=False, indent=2))
    assert jsonout.dumps(value, indent=2) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)), st.booleans())
def test_ascii_text_is_escaped_as_any_text_is(text: str, keep_newlines: bool) -> None:
    """ASCII text is searched for its controls alone (`sanitize._unsafe`, for speed), with the
    same result as the search for every unsafe character."""
    from factbox.render import sanitize

    everything = sanitize._unsafe(keep_newlines, ascii_only=False).sub(sanitize._escape, text)
    assert sanitize.visible(text, keep_newlines) == everything
    assert sanitize.visible(text + "é", keep_newlines) == everything + "é"
