"""The fast path of a valid file (yamlsource.parse_plain + validation.validate_plain) reads
every file exactly as the located path (parse_nodes + validate) does, or steps aside.

yaml-rs reads YAML 1.2 and libyaml YAML 1.1; factbox promises libyaml's reading, with
positions for every problem. So: where the fast path answers, its values are libyaml's;
where the text holds anything the two may read apart (or that the trust checks must see:
a ` #` after text, an anchor), the fast path says None and the file is read with positions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, run, run_process

from factbox import yamlsource
from factbox.cache import factbox_fields
from factbox.errors import DataError
from factbox.loading import load_text
from factbox.model import Factbox
from factbox.reading import SourceText, default_data_path
from factbox.validation import validate, validate_plain
from factbox.yamlsource import Mapping, Node, PlainDocument, Scalar, Sequence, parse_nodes, parse_plain

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "yaml-test-suite"
VALID = [default_data_path(), FIXTURES / "small.yaml", FIXTURES / "hostile.yaml"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def _as_libyaml(node: Node) -> Any:
    """A node tree as plain values, every scalar as its text."""
    if isinstance(node, Mapping):
        return {_as_libyaml(key): _as_libyaml(value) for key, value in node.value}
    if isinstance(node, Sequence):
        return [_as_libyaml(item) for item in node.value]
    assert isinstance(node, Scalar)
    return node.value


def _whole(plain: PlainDocument | None) -> Any:
    """The document read without positions as one value, its quotes read in parts put back
    in their place; None where the fast path steps aside (a part it cannot read)."""
    if plain is None:
        return None
    root, parts = plain
    read = list(parts)
    if any(part is None for part in read):
        return None
    if read:
        root["quotes"] = [quote for part in read for quote in part]
    return root


def _acceptable(plain: Any) -> bool:
    """Made only of what validate_plain may accept: any other value (a null, a float, a
    boolean, a key that is not text) sends the file to the located path."""
    if isinstance(plain, dict):
        return all(type(key) in (str, int) and _acceptable(value) for key, value in plain.items())
    if isinstance(plain, list):
        return all(_acceptable(item) for item in plain)
    return type(plain) in (str, int)


def _agrees(plain: Any, libyaml: Any) -> bool:
    """yaml-rs's values are libyaml's texts; an integer is one only where libyaml's text is
    the plain decimal that the format reads as it (validation._INTEGER)."""
    if isinstance(plain, dict):
        return (isinstance(libyaml, dict) and len(plain) == len(libyaml)
                and all(_agrees(key, other_key) and _agrees(value, libyaml[other_key])
                        for (key, value), other_key in zip(plain.items(), libyaml, strict=True)))
    if isinstance(plain, list):
        return isinstance(libyaml, list) and len(plain) == len(libyaml) and all(
            _agrees(a, b) for a, b in zip(plain, libyaml, strict=True))
    if type(plain) is int:
        return isinstance(libyaml, str) and libyaml.lstrip("+-").isdigit() and int(libyaml) == plain
    return type(plain) is str and plain == libyaml


def _suite() -> list[Path]:
    return sorted(SUITE.glob("*/*.yaml")) if SUITE.is_dir() else []


@pytest.mark.parametrize("path", [*VALID, *_suite()], ids=lambda path: f"{path.parent.name}/{path.name}")
def test_where_the_fast_path_answers_it_reads_what_libyaml_reads(path: Path) -> None:
    try:
        source = SourceText(path.name, path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    plain = _whole(parse_plain(source))
    if plain is None or not _acceptable(plain):
        return
    root = parse_nodes(source)  # raises if libyaml refuses what yaml-rs accepted
    assert root is not None
    assert _agrees(plain, _as_libyaml(root))


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_a_valid_file_is_read_fast_into_the_same_model(path: Path) -> None:
    source = SourceText(path.name, path.read_text(encoding="utf-8"))
    plain = parse_plain(source)
    assert plain is not None, "the fast path should take this file"
    fast = validate_plain(plain, source.name)
    assert fast is not None
    assert _outcome(lambda: fast) == _outcome(lambda: validate(parse_nodes(source), source.name))


QUOTE = """format: factbox/1
title: T
parties:
  - {id: a, name: A}
speakers:
  - {id: s, name: S, party: a}
issues:
  - {id: i, title: I, question: Q?}
positions:
  - {party: a, issue: i, stance: STANCE, summary: S, basis: stated}
quotes:
  - id: q
    speaker: s
    text: TEXT
"""


def _file(text: str = "We will sign.", stance: str = "1") -> str:
    return QUOTE.replace("TEXT", text).replace("STANCE", stance)


#: Text on which yaml-rs and libyaml (or factbox's trust checks) read differently: the fast
#: path must step aside, and the located path answers exactly as it always has.
STEPS_ASIDE = {
    "a comment cutting a quote": _file("We will sign #if they pay"),
    "a comment after a title": _file().replace("title: T", "title: T # draft"),
    "an anchor on a quote": _file("&peace now"),
    "an alias": _file().replace("title: I,", "title: *x,"),
    "a tag": _file("!important words"),
    "a hexadecimal stance": _file(stance="0x1"),
    "an octal stance": _file(stance="0o1"),
    "a stance with _": _file(stance="1_0"),
    "a long stance with leading zeros": _file(stance="0000000000000000001"),
    "a NEL inside quotes": _file('"one\x85two"'),
    "a line separator": _file("one\u2028two"),
    "a C1 control": _file("one\x90two"),
    "a tab": _file("one\ttwo"),
    "a carriage return": _file().replace("\n", "\r\n"),
    "a second document": _file() + "---\nformat: factbox/1\n",
    "a null text": _file("~"),
    "a number for text": _file("12"),
    "a boolean for text": _file("true"),
    "a list for a date": _file().replace("    speaker: s\n", "    speaker: s\n    date: [2025]\n"),
    "deep block nesting": _file() + "events:\n" + "".join(" " * n + "- \n" for n in range(0, 420, 2)),
}


@pytest.mark.parametrize("text", STEPS_ASIDE.values(), ids=STEPS_ASIDE.keys())
def test_the_fast_path_steps_aside_where_the_parsers_may_differ(text: str) -> None:
    plain = parse_plain(SourceText("f.yaml", text))
    assert plain is None or validate_plain(plain, "f.yaml") is None
    located = _outcome(lambda: validate(parse_nodes(SourceText("f.yaml", text)), "f.yaml"))
    assert _outcome(lambda: load_text(text, "f.yaml")) == located


def _outcome(load: Callable[[], Factbox]) -> Any:
    """A model's fields, or the refusal's message and located problems."""
    try:
        factbox = load()
    except DataError as error:
        return str(error), error.problems
    return [getattr(factbox, name) for name in factbox_fields()]


def test_a_comment_in_a_quote_is_refused_by_a_query_not_only_by_validate(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(_file("We will sign #if they pay"), encoding="utf-8")
    result = run("quotes", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{path}:14:24: quotes[0].text: ' #' starts a YAML comment" in result.stderr


def test_a_comment_after_a_plain_title_is_read_as_libyaml_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(_file().replace("title: T", "title: T # draft"), encoding="utf-8")
    result = run("info", "--data", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert '"T"' in result.stdout and "draft" not in result.stdout


def test_a_file_nested_100000_levels_deep_is_refused_with_its_place_not_a_crash(tmp_path: Path) -> None:
    """yaml-rs overflows its stack on such a file (a segmentation fault); the fast path
    never hands it over."""
    path = tmp_path / "deep.yaml"
    path.write_text(_file() + "events:\n" + "- " * 100_000 + "x\n", encoding="utf-8")
    result = run_process("quotes", "--data", str(path))
    assert result.returncode == 1, result.stderr[-500:]
    assert f"{path}:" in result.stderr and "Traceback" not in result.stderr


def test_values_yaml_rs_types_are_not_taken_for_text() -> None:
    """yaml-rs makes numbers, booleans and nulls of plain scalars; factbox reads text."""
    for value in ("1.5", "true", "2026-01-02", "12", "~", "null"):
        model = load_text(_file(value), "f.yaml")
        assert model.quotes[0].text == value


def test_a_year_alone_is_a_date_on_the_fast_path_too() -> None:
    text = _file().replace("    speaker: s\n", "    speaker: s\n    date: 2025\n")
    whole = _whole(parse_plain(SourceText("f.yaml", text)))
    assert whole is not None and whole["quotes"][0]["date"] == 2025  # an integer to yaml-rs
    plain = parse_plain(SourceText("f.yaml", text))
    assert plain is not None
    fast = validate_plain(plain, "f.yaml")
    assert fast is not None and fast.quotes[0].date is not None and fast.quotes[0].date.text == "2025"
    assert _outcome(lambda: fast) == _outcome(lambda: validate(parse_nodes(SourceText("f.yaml", text)), "f.yaml"))


def _quotes(entries: str, after: str = "") -> str:
    """A valid file whose quotes are `entries` (each entry's text is given), then `after`."""
    head = _file()
    return head[:head.index("quotes:\n")] + "quotes:\n" + entries + after


#: Block lists of quotes read in parts: the model is the located path's, part by part.
IN_PARTS = {
    "indented entries": "".join(f"  - id: q{n}\n    speaker: s\n    text: Words {n}.\n" for n in range(5)),
    "entries at the first column": "".join(f"- id: q{n}\n  speaker: s\n  text: Words {n}.\n" for n in range(5)),
    "comments, blank lines and block scalars": "".join(
        f"  # quote {n}\n\n  -\n    id: q{n}\n    speaker: s\n    text: |\n      Words\n\n      - {n}\n"
        for n in range(5)),
    "a key after the list": "".join(f"  - {{id: q{n}, speaker: s, text: Words}}\n" for n in range(5))
    + "events:\n  - {date: 2025, title: Talks}\n",
}


@pytest.mark.parametrize("entries", IN_PARTS.values(), ids=IN_PARTS.keys())
def test_a_block_list_of_quotes_is_read_in_parts_into_the_same_model(
        entries: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "PART_CHARS", 1)
    source = SourceText("f.yaml", _quotes(entries))
    plain = parse_plain(source)
    assert plain is not None
    root, parts = plain
    assert root["quotes"] == []
    read = list(parts)
    assert [len(part or []) for part in read] == [1] * 5
    fast = validate_plain((root, iter(read)), source.name)
    assert fast is not None and len(fast.quotes) == 5
    assert _outcome(lambda: fast) == _outcome(lambda: validate(parse_nodes(source), source.name))


#: Where reading the quotes in parts could read the text otherwise than the whole is read.
NOT_IN_PARTS = {
    "an entry's line inside quoted text": _quotes('  - id: q\n    speaker: s\n    text: "We\n  - id: r\n    sign"\n'
                                                  '  - id: r\n    speaker: s\n    text: No.\n'),
    "a quotes: line inside a title": _file().replace("title: T\n", 'title: "T\nquotes:\n- x\nU"\n'),
    "a quotes: line inside a title, and the marker's key after it": _file().replace(
        "title: T\n", 'title: "T\nquotes:\n- x\nU"\n').replace("quotes:\n  -", "quotes: 81618161\nq:\n  -"),
    "a line indented less than the entries": _quotes("    - id: q\n      speaker: s\n      text: A\n"
                                                     "  - id: r\n    speaker: s\n    text: B\n"),
    "a line at the entries' indentation that opens none": _quotes("  - id: q\n    speaker: s\n  text: A\n"),
    "a flow mapping at the root": "{" + _file().replace("\n  ", "\n   ").replace(
        "\nquotes:", ",\nquotes:").replace("\n", ",\n", 5).rstrip(",\n") + "\n}\n",
}


@pytest.mark.parametrize("text", NOT_IN_PARTS.values(), ids=NOT_IN_PARTS.keys())
def test_quotes_read_in_parts_are_read_as_the_whole_file_is(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "PART_CHARS", 1)
    located = _outcome(lambda: validate(parse_nodes(SourceText("f.yaml", text)), "f.yaml"))
    assert _outcome(lambda: load_text(text, "f.yaml")) == located
