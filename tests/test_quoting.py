"""A quote is never cut or altered silently: what YAML does to pasted words is an error on a
quote's text (a warning elsewhere), located where it happens, with the fix.

Every file here is an invented factbox (a river-water negotiation) written by the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run

from factbox.errors import DataError
from factbox.loading import load_text
from factbox.yamlsource import QUOTING_FIX

# Line numbers matter: the quote's text is on line 20, the position's summary on line 26.
TEMPLATE = """\
format: factbox/1
title: "Lune river water talks"
parties:
  - id: upland
    name: "Upland"
  - id: delta
    name: "Delta"
speakers:
  - id: mara
    name: "Mara Ost"
    party: upland
issues:
  - id: dams
    title: "Dams on the Lune"
    question: "Should new dams be built?"
quotes:
  - id: mara-dams
    speaker: mara
    issues: [dams]
    text: {text}
positions:
  - party: upland
    issue: dams
    stance: 1
    basis: stated
    summary: {summary}
    quotes: [mara-dams]
"""
QUOTE_LINE = 20
SUMMARY_LINE = 26
SUMMARY = '"Wants the dams"'


def factbox(text: str, summary: str = SUMMARY) -> str:
    return TEMPLATE.format(text=text, summary=summary)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(content: str, *options: str) -> tuple[int, str, list[str]]:
    Path("f.yaml").write_text(content, encoding="utf-8")
    result = run("validate", "f.yaml", *options)
    return result.exit_code, result.stdout, result.stderr.splitlines()


def test_the_template_is_valid_and_warning_free() -> None:
    assert validate(factbox('"We will build"')) == (
        0, "f.yaml: valid factbox/1: 2 parties, 1 speaker, 1 issue, 1 position, 1 quote, 0 sources, 0 events\n", [])


# --- ` #` after a plain scalar --------------------------------------------------------------


def test_a_comment_cutting_a_quote_is_an_error_at_the_hash() -> None:
    code, out, err = validate(factbox("We will not give up #enrichment, ever"))
    assert (code, out) == (1, "")
    assert err == [
        f"f.yaml:{QUOTE_LINE}:31: quotes[0].text: ' #' starts a YAML comment, so the words after it were "
        f"dropped and the text reads 'We will not give up' — {QUOTING_FIX}",
        "factbox: error: f.yaml: 1 problem",
    ]


def test_a_comment_cutting_a_quote_fails_every_command_not_only_validate() -> None:
    Path("f.yaml").write_text(factbox("We will not give up #enrichment, ever"), encoding="utf-8")
    result = run("quotes", "--data", "f.yaml", "-f", "json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"f.yaml:{QUOTE_LINE}:31: quotes[0].text: ' #' starts a YAML comment")
    with pytest.raises(DataError) as raised:
        load_text(factbox("We will not give up #enrichment, ever"), "f.yaml")
    assert [(p.line, p.column, p.path) for p in raised.value.problems] == [(QUOTE_LINE, 31, "quotes[0].text")]


def test_a_comment_after_the_first_line_of_a_plain_quote_is_located_on_its_line() -> None:
    code, _, err = validate(factbox("We will not give up\n      the river  \t #enrichment"))
    assert code == 1
    assert err[0].startswith(f"f.yaml:{QUOTE_LINE + 1}:20: quotes[0].text: ' #' starts a YAML comment, so the "
                             "words after it were dropped and the text reads 'We will not give up the river' — ")


def test_a_quote_that_is_all_comment_is_named_as_such_not_as_empty() -> None:
    code, _, err = validate(factbox("#1 priority is water"))
    assert code == 1
    assert err == [
        f"f.yaml:{QUOTE_LINE}:11: quotes[0].text: ' #' starts a YAML comment, so the words after it were dropped "
        f"and the text reads '' — {QUOTING_FIX}",
        "factbox: error: f.yaml: 1 problem",
    ]


@pytest.mark.parametrize("text", [
    '"We will not give up #enrichment, ever"  # a comment after quoted text',
    "'We will not give up #enrichment, ever'",
    ">-\n      We will not give up #enrichment, ever",
    "|-\n      We will not give up #enrichment, ever",
    "We will not give up C#, ever",
    "We will not give up\n      # a comment on its own line",
], ids=["double-quoted", "single-quoted", "folded-block", "literal-block", "hash-inside-a-word",
        "comment-on-its-own-line"])
def test_a_hash_that_cuts_nothing_is_fine(text: str) -> None:
    code, _, err = validate(factbox(text))
    assert (code, err) == (0, [])
    assert "#" in load_text(factbox(text)).quotes[0].text or "own line" in text


def test_a_comment_cutting_other_text_is_a_warning_and_strict_makes_it_an_error() -> None:
    content = factbox('"We will build"', "Wants the dams #now")
    warning = (f"f.yaml:{SUMMARY_LINE}:29: warning: positions[0].summary: ' #' starts a YAML comment, so the "
               f"words after it were dropped and the text reads 'Wants the dams' — {QUOTING_FIX}")
    code, out, err = validate(content)
    assert (code, err) == (0, [warning])
    assert out.endswith(" 0 events (1 warning)\n")
    code, out, err = validate(content, "--strict")
    assert (code, out, err) == (
        1, "", [warning, "factbox: error: f.yaml: 1 warning, and --strict makes warnings errors"])


def test_query_commands_say_nothing_about_warnings() -> None:
    Path("f.yaml").write_text(factbox('"We will build"', "Wants the dams #now"), encoding="utf-8")
    for args in (("quotes",), ("issues",), ("compare", "dams"), ("parties",)):
        result = run(*args, "--data", "f.yaml", "-f", "json")
        assert (result.exit_code, result.stderr) == (0, ""), args


# --- anchors and aliases read off the start of a text ---------------------------------------


def test_an_anchor_taken_off_a_quote_is_an_error() -> None:
    code, _, err = validate(factbox("&enrichment is not negotiable"))
    assert code == 1
    assert err == [
        f"f.yaml:{QUOTE_LINE}:11: quotes[0].text: '&enrichment' is read by YAML as an anchor, dropped from the "
        f"text — {QUOTING_FIX}",
        "factbox: error: f.yaml: 1 problem",
    ]


def test_an_alias_standing_for_a_quote_is_an_error_at_the_alias() -> None:
    aliased = TEMPLATE.replace('title: "Lune river water talks"', "title: &words Lune river water talks")
    code, _, err = validate(aliased.format(text="*words", summary=SUMMARY))
    assert code == 1
    assert err == [
        f"f.yaml:2:8: warning: title: '&words' is read by YAML as an anchor, dropped from the text — {QUOTING_FIX}",
        f"f.yaml:{QUOTE_LINE}:11: quotes[0].text: '*words' is read by YAML as an alias, standing for the text — "
        f"{QUOTING_FIX}",
        "factbox: error: f.yaml: 1 problem",
    ]


def test_an_anchor_or_alias_on_other_text_is_a_warning() -> None:
    content = factbox('"We will build"', "&enrichment Wants the dams").replace(
        "    quotes: [mara-dams]\n", "    quotes: [mara-dams]\n    conditions: *enrichment\n")
    code, _, err = validate(content)
    assert code == 0
    assert err == [
        f"f.yaml:{SUMMARY_LINE}:14: warning: positions[0].summary: '&enrichment' is read by YAML as an anchor, "
        f"dropped from the text — {QUOTING_FIX}",
        f"f.yaml:{SUMMARY_LINE + 2}:17: warning: positions[0].conditions: '*enrichment' is read by YAML as an "
        f"alias, standing for the text — {QUOTING_FIX}",
    ]


# --- the YAML errors an editor meets pasting a quote ----------------------------------------


@pytest.mark.parametrize(("text", "where", "libyaml", "meaning"), [
    ("He said: no way", "20:18", "mapping values are not allowed in this context",
     "': ' inside unquoted text starts a key to YAML"),
    ('"No" means no', "20:16", "did not find expected key (while parsing a block mapping)",
     "text that opens with '\"' ends, to YAML, at the next '\"', and the words after it cannot be read"),
    ("'Tis the season, it's ours", "20:31", "did not find expected key (while parsing a block mapping)",
     "text that opens with \"'\" ends, to YAML, at the next \"'\" (an apostrophe), and the words after it "
     "cannot be read"),
    ("@Upland will not yield", "20:11", "found character that cannot start any token (while scanning for the "
     "next token)", "'@' is reserved in YAML and cannot start unquoted text"),
    ("`dams` are a red line", "20:11", "found character that cannot start any token (while scanning for the "
     "next token)", "'`' is reserved in YAML and cannot start unquoted text"),
    ("%40 of the water is ours", "20:11", "found character that cannot start any token (while scanning for "
     "the next token)", "'%' at the start of a value is a YAML directive and cannot start unquoted text"),
    ("- and we will not yield", "20:11", "block sequence entries are not allowed in this context",
     "'- ' at the start of a value starts a list item to YAML"),
    ("[Sic] the water is ours", "20:17", "did not find expected key (while parsing a block mapping)",
     "'[' at the start of a value opens a YAML list, and the words after its ']' cannot be read"),
    ("{sic} the water is ours", "20:17", "did not find expected key (while parsing a block mapping)",
     "'{' at the start of a value opens a YAML mapping, and the words after its '}' cannot be read"),
    ("| the water is ours", "20:13", "did not find expected comment or line break (while scanning a block "
     "scalar)", "'|' at the start of a value begins a YAML block, whose text must start on the next line"),
    ("*sigh* the water", "20:16", "did not find expected alphabetic or numeric character (while scanning an "
     "alias)", "'*' at the start of a value makes YAML read an alias ('*name'), and the words after it cannot "
     "be read"),
], ids=["colon", "leading-double-quote", "leading-apostrophe", "at", "backtick", "percent", "dash", "bracket",
        "brace", "pipe", "star"])
def test_a_yaml_pitfall_keeps_libyaml_wording_and_location_and_gains_a_hint(
        text: str, where: str, libyaml: str, meaning: str) -> None:
    code, out, err = validate(factbox(text))
    assert (code, out) == (1, "")
    assert err[0] == f"f.yaml:{where}: YAML syntax: {libyaml} — {meaning}; {QUOTING_FIX}"
    assert len(err) == 2 and err[1].startswith("factbox: error: f.yaml")
    assert validate(factbox('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'))[0] == 0, \
        "the fix the hint gives works"


def test_a_leading_bang_is_a_tag_with_a_hint() -> None:
    code, _, err = validate(factbox("!important water is ours"))
    assert code == 1
    assert err[0] == (f"f.yaml:{QUOTE_LINE}:11: quotes[0].text: YAML tag '!important' is not part of the format — "
                      f"expected text without a tag; a text that starts with '!' is read as a tag: {QUOTING_FIX}")


def test_an_undefined_alias_at_the_start_of_a_quote_says_what_star_means() -> None:
    code, _, err = validate(factbox("*sigh"))
    assert code == 1
    assert err[0].startswith(f"f.yaml:{QUOTE_LINE}:11: alias '*sigh' refers to no anchor defined before it — "
                             "a '*' at the start of a value makes YAML read an alias; ")


def test_ordinary_syntax_errors_get_no_quoting_hint() -> None:
    code, _, err = validate(factbox('"We will build"').replace("    name: \"Delta\"", "   name: \"Delta\""))
    assert code == 1
    assert QUOTING_FIX not in err[0]


# --- a record under the wrong list -----------------------------------------------------------


def test_a_quote_appended_under_events_is_named_once() -> None:
    content = factbox('"We will build"') + (
        "events:\n"
        "  - date: 2025-03\n"
        "    title: \"Talks at the weir\"\n"
        "  - id: mara-weir\n"
        "    speaker: mara\n"
        "    text: \"The weir stays\"\n"
        "    issues: [dams]\n")
    code, _, err = validate(content)
    assert code == 1
    assert err == [
        "f.yaml:31:5: events[1]: these keys belong to a quote, not an event — did this entry land under "
        "`events:` by mistake?; move it under `quotes:`",
        "factbox: error: f.yaml: 1 problem",
    ]


def test_a_position_under_history_is_named_once() -> None:
    content = factbox('"We will build"') + (
        "    history:\n"
        "      - party: delta\n"
        "        issue: dams\n"
        "        stance: -1\n"
        "        summary: \"Fears for the delta\"\n")
    code, _, err = validate(content)
    assert code == 1
    assert err[0] == ("f.yaml:29:9: positions[0].history[0]: these keys belong to a position, not a history "
                      "entry — did this entry land under `history:` by mistake?; move it under `positions:`")
    assert len(err) == 2


def test_a_missing_dash_between_two_positions_is_named_once() -> None:
    content = factbox('"We will build"') + (
        "    party: delta\n"
        "    issue: dams\n"
        "    stance: -1\n"
        "    summary: \"Fears for the delta\"\n")
    code, _, err = validate(content)
    assert code == 1
    assert err == [
        "f.yaml:28:5: positions[0]: the keys party, issue, stance, summary appear a second time from line 28 — "
        "is a '- ' missing there, starting another position entry? (YAML would silently keep only the last "
        "of each)",
        "factbox: error: f.yaml: 1 problem",
    ]


def test_one_repeated_key_is_still_a_duplicate_key() -> None:
    content = factbox('"We will build"') + "    summary: \"Again\"\n"
    code, _, err = validate(content)
    assert code == 1
    assert err[0].startswith("f.yaml:28:5: positions[0].summary: duplicate key 'summary' — first at line 26")


def test_a_list_written_as_a_mapping_says_to_start_entries_with_a_dash() -> None:
    content = factbox('"We will build"').replace("positions:\n  - party: upland\n", "positions:\n    party: upland\n")
    code, _, err = validate(content)
    assert code == 1
    assert err[0] == ("f.yaml:22:5: positions: found a mapping — expected a list of position mappings — start "
                      "each entry with '- '")


# --- the root's shape, checked as soon as it opens -------------------------------------------


def test_a_root_list_is_refused_before_the_rest_is_read() -> None:
    """The syntax error far below is never reached: the root's shape is judged when it opens."""
    content = "- a\n" * 10_000 + "- [unclosed\n"
    code, out, err = validate(content)
    assert (code, out) == (1, "")
    assert err == ["f.yaml:1:1: found a list — expected a factbox/1 mapping with format, title, parties and issues",
                   "factbox: error: f.yaml: 1 problem"]


def test_readme_and_format_doc_quoting_examples_keep_every_word() -> None:
    root = Path(__file__).resolve().parents[1]
    for doc in (root / "README.md", root / "docs" / "format.md"):
        text = doc.read_text(encoding="utf-8")
        example = text.split("text: \"We said", 1)[1].split("```", 1)[0]
        block = "  - id: berg-board\n    speaker: mara\n    text: \"We said" + example.replace("ines-berg", "mara")
        content = factbox('"We will build"').replace("positions:\n", block.rstrip() + "\npositions:\n")
        assert validate(content)[0:2] == (0, "f.yaml: valid factbox/1: 2 parties, 1 speaker, 1 issue, 1 position, "
                                             "3 quotes, 0 sources, 0 events\n"), doc
        quotes = load_text(content).quotes
        assert [q.text for q in quotes[1:]] == [
            'We said "no": the #1 rule is that inspectors board any vessel',
            "Our inspectors must be able to board any vessel in the zone: that is #1."], doc


def test_a_quote_whose_opening_quotation_mark_never_closes_is_traced_to_it() -> None:
    code, _, err = validate(factbox('"We will build', summary="Wants the dams"))
    assert code == 1
    assert err[0] == ("f.yaml:28:1: YAML syntax: found unexpected end of stream (while scanning a quoted scalar) — "
                      f"the quotation mark at line {QUOTE_LINE}, column 11 opens a text that never closes; "
                      f"{QUOTING_FIX}")


def test_a_backslash_in_double_quotes_says_how_to_escape_it() -> None:
    code, _, err = validate(factbox('"C:\\dams\\plan"'))
    assert code == 1
    assert err[0] == ("f.yaml:20:14: YAML syntax: found unknown escape character (while parsing a quoted scalar) — "
                      f"inside double quotes '\\' starts an escape, such as \\\" for '\"'; {QUOTING_FIX}")
