"""The query commands (issues, compare, quotes, parties, speakers, search) through the real
command line: exit code, stdout and stderr checked apart.

Most tests read tests/fixtures/small.yaml, an invented fisheries negotiation, so they prove
nothing is tied to the bundled data; the expected outputs below were written by reading that
file. The last part checks what the bundled Russia–Ukraine data must show.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, SHARED, run
from typer.main import get_command

from factbox import __version__
from factbox.cli import app
from factbox.loading import load_file

SMALL = str(FIXTURES / "small.yaml")
ARTICLE = SHARED / "seed" / "aa-factbox-russia-ukraine-positions.txt"


def small(*args: str, env: dict[str, str] | None = None) -> Any:
    return run(*args, "--data", SMALL, env=env)


def tsv(*rows: tuple[object, ...]) -> str:
    """Expected TSV text: one tab-joined line per row."""
    return "".join("\t".join(str(cell) for cell in row) + "\n" for row in rows)


def as_json(records: list[dict[str, Any]]) -> str:
    """The exact text `-f json` must print for these records (2-space indent, UTF-8)."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return str(result.stdout)


def usage_error(result: Any) -> str:
    """Exit 2, nothing on stdout; returns stderr."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return str(result.stderr)


def first_column(result: Any) -> list[str]:
    return [line.split("\t")[0] for line in ok(result).splitlines()]


# ---------------------------------------------------------------------------------------
# The fixture itself
# ---------------------------------------------------------------------------------------


def test_small_fixture_validates():
    """With one warning, kept on purpose (see tests/test_warnings.py: KEPT)."""
    result = run("validate", SMALL)
    assert (result.exit_code, result.stdout) == (0, (
        f"{SMALL}: valid factbox/1: 4 parties, 6 speakers, 6 issues, 9 positions, 8 quotes, "
        "1 source, 2 events (1 warning)\n"
    ))
    assert result.stderr == (f"{SMALL}:192:11: warning: quotes[6].date: 2026-01-05 is after the file's as_of "
                             "2025-12 — correct the date, or move the file's as_of on\n")


def test_small_fixture_is_what_the_tests_assume():
    fb = load_file(SMALL)
    assert (fb.scale.min, fb.scale.max, fb.scale.labels) == (0, 10, {0: "refuses", 5: "undecided", 10: "insists"})
    assert [p.role for p in fb.parties] == ["party", "party", "mediator", "observer"]
    assert [i.id for i in fb.issues if i.parent is None] == ["quotas", "access"]
    assert [p.issue for p in fb.positions if p.stance is None] == ["quotas", "herring-quota", "inspections"]
    assert [len(p.history) for p in fb.positions if p.history] == [2]
    assert not re.search("russia|ukrain|kremlin|peskov", Path(SMALL).read_text(encoding="utf-8"), re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Exact output of every command on small.yaml, in TSV and in JSON
# ---------------------------------------------------------------------------------------

ISSUES_HEADER = ("id", "title", "parent", "depth", "question", "positions", "quotes", "gap", "class", "basis",
                 "carried_back")


def test_issues_tsv():
    # The board, a mediator, is not measured: shared-zone is Estrela 0 against Norland 9.
    assert ok(small("issues", "-f", "tsv")) == tsv(
        ISSUES_HEADER,
        ("quotas", "Catch quotas", "", 0, "", 1, 0, "", "no question to score", "", ""),
        ("cod-quota", "Cod quota for the 2026 season", "quotas", 1,
         "Should the cod quota be cut by at least a fifth?", 2, 4, 6, "apart", "estrela=stated; norland=reported", ""),
        ("herring-quota", "Herring quota sharing", "quotas", 1,
         "Should the herring quota be shared equally between the two fleets?", 2, 2, "",
         "fewer than two scored stances", "norland=stated", ""),
        ("access", "Access to fishing grounds", "", 0, "", 0, 0, "", "no question to score", "", ""),
        ("shared-zone", "Shared zone on the Estrela Bank", "access", 1,
         "Should Norland vessels fish on the Estrela Bank?", 3, 2, 9, "apart", "estrela=stated; norland=reported", ""),
        ("inspections", "Joint inspections during the 2026 season", "access", 1,
         "Should inspectors board vessels of the other fleet?", 1, 2, "", "fewer than two scored stances", "", ""),
    )


def test_issues_json():
    expected = [
        {"id": "quotas", "title": "Catch quotas", "parent": None, "depth": 0, "question": None,
         "positions": 1, "quotes": 0, "gap": None, "class": "no question to score", "basis": {}, "carried_back": []},
        {"id": "cod-quota", "title": "Cod quota for the 2026 season", "parent": "quotas", "depth": 1,
         "question": "Should the cod quota be cut by at least a fifth?", "positions": 2, "quotes": 4,
         "gap": 6, "class": "apart", "basis": {"estrela": "stated", "norland": "reported"},
         "carried_back": []},
        {"id": "herring-quota", "title": "Herring quota sharing", "parent": "quotas", "depth": 1,
         "question": "Should the herring quota be shared equally between the two fleets?", "positions": 2,
         "quotes": 2, "gap": None, "class": "fewer than two scored stances", "basis": {"norland": "stated"},
         "carried_back": []},
        {"id": "access", "title": "Access to fishing grounds", "parent": None, "depth": 0, "question": None,
         "positions": 0, "quotes": 0, "gap": None, "class": "no question to score", "basis": {}, "carried_back": []},
        {"id": "shared-zone", "title": "Shared zone on the Estrela Bank", "parent": "access", "depth": 1,
         "question": "Should Norland vessels fish on the Estrela Bank?", "positions": 3, "quotes": 2,
         "gap": 9, "class": "apart", "basis": {"estrela": "stated", "norland": "reported"},
         "carried_back": []},
        {"id": "inspections", "title": "Joint inspections during the 2026 season", "parent": "access",
         "depth": 1, "question": "Should inspectors board vessels of the other fleet?", "positions": 1,
         "quotes": 2, "gap": None, "class": "fewer than two scored stances", "basis": {}, "carried_back": []},
    ]
    assert ok(small("issues", "-f", "json")) == as_json(expected)


def test_issues_party_keeps_the_tree_whole():
    assert first_column(small("issues", "--party", "RFB", "-f", "tsv", "--no-headers")) == [
        "access", "shared-zone"]


def test_parties_tsv():
    assert ok(small("parties", "-f", "tsv")) == tsv(
        ("id", "name", "role", "aliases", "speakers", "positions", "quotes"),
        ("estrela", "Estrela", "party", "Porto Azul", 2, 4, 3),
        ("norland", "Norland", "party", "Nordhavn; Northern Fleet", 2, 4, 3),
        ("board", "Regional Fisheries Board", "mediator", "RFB", 1, 1, 1),
        ("ocean-watch", "Ocean Watch", "observer", "", 1, 0, 1),
    )


def test_parties_json():
    expected = [
        {"id": "estrela", "name": "Estrela", "role": "party", "aliases": ["Porto Azul"],
         "speakers": 2, "positions": 4, "quotes": 3},
        {"id": "norland", "name": "Norland", "role": "party", "aliases": ["Nordhavn", "Northern Fleet"],
         "speakers": 2, "positions": 4, "quotes": 3},
        {"id": "board", "name": "Regional Fisheries Board", "role": "mediator", "aliases": ["RFB"],
         "speakers": 1, "positions": 1, "quotes": 1},
        {"id": "ocean-watch", "name": "Ocean Watch", "role": "observer", "aliases": [],
         "speakers": 1, "positions": 0, "quotes": 1},
    ]
    assert ok(small("parties", "-f", "json")) == as_json(expected)


def test_speakers_tsv():
    assert ok(small("speakers", "-f", "tsv")) == tsv(
        ("id", "name", "role", "party", "party_name", "aliases", "quotes"),
        ("alvarez", "José Álvarez", "Minister of the Sea", "estrela", "Estrela", "Pepe; Хосе Альварес", 2),
        ("nunez", "Inês Núñez", "Harbour master", "estrela", "Estrela", "", 1),
        ("lindqvist", "Ingrid Lindqvist", "Chief negotiator", "norland", "Norland", "Lindquist", 2),
        ("ines-berg", "Ines Berg", "Head of inspections", "norland", "Norland", "", 1),
        ("okafor", "Chidi Okafor", "Chair of the board", "board", "Regional Fisheries Board", "", 1),
        ("ow-researchers", "Ocean Watch researchers", "", "ocean-watch", "Ocean Watch", "", 1),
    )


def test_speakers_json():
    expected = [
        {"id": "alvarez", "name": "José Álvarez", "role": "Minister of the Sea", "party": "estrela",
         "party_name": "Estrela", "aliases": ["Pepe", "Хосе Альварес"], "quotes": 2},
        {"id": "nunez", "name": "Inês Núñez", "role": "Harbour master", "party": "estrela",
         "party_name": "Estrela", "aliases": [], "quotes": 1},
        {"id": "lindqvist", "name": "Ingrid Lindqvist", "role": "Chief negotiator", "party": "norland",
         "party_name": "Norland", "aliases": ["Lindquist"], "quotes": 2},
        {"id": "ines-berg", "name": "Ines Berg", "role": "Head of inspections", "party": "norland",
         "party_name": "Norland", "aliases": [], "quotes": 1},
        {"id": "okafor", "name": "Chidi Okafor", "role": "Chair of the board", "party": "board",
         "party_name": "Regional Fisheries Board", "aliases": [], "quotes": 1},
        {"id": "ow-researchers", "name": "Ocean Watch researchers", "role": None, "party": "ocean-watch",
         "party_name": "Ocean Watch", "aliases": [], "quotes": 1},
    ]
    assert ok(small("speakers", "-f", "json")) == as_json(expected)


def test_speakers_of_one_party():
    assert first_column(small("speakers", "--party", "Northern Fleet", "-f", "plain")) == ["lindqvist", "ines-berg"]


GAZETTE = ("gazette", "Harbour Gazette: the cod talks", "Harbour Gazette", "2025-12-20", "https://example.org/cod-talks")
NO_SOURCE = ("", "", "", "", "")


def cited(*row: str) -> tuple[str, ...]:
    """A quotes row with `date_basis` after its date and its `citation` at the end, as README
    describes them: “text” said Name, Role (Publisher, date)."""
    id, date, speaker, name, role, party, party_name, text, context, issues, *source = row
    where = ", ".join(part for part in (source[2], date or source[3]) if part)
    citation = f"“{text}” said {', '.join(p for p in (name, role) if p)}" + (f" ({where})." if where else ".")
    return (id, date, "quote" if date else "file", "false", speaker, name, role, party, party_name, text, context,
            issues, *source, citation)


def test_quotes_tsv():
    assert ok(small("quotes", "-f", "tsv")) == tsv(
        ("id", "date", "date_basis", "date_coarse", "speaker", "speaker_name", "speaker_role", "party",
         "party_name", "text", "context", "issues", "source", "source_title", "source_publisher", "source_date",
         "source_url", "citation"),
        cited("alvarez-cod", "2025-11-30", "alvarez", "José Álvarez", "Minister of the Sea", "estrela", "Estrela",
         "Without a deep cut there will be no cod left to argue about.",
         "At the opening of the second round in Porto Azul", "cod-quota", *GAZETTE),
        cited("nunez-bank", "2025-11", "nunez", "Inês Núñez", "Harbour master", "estrela", "Estrela",
         "The Estrela Bank is our nursery; it stays closed.", "Speaking to fishermen on the quay",
         "shared-zone", *NO_SOURCE),
        cited("okafor-trial", "2025", "okafor", "Chidi Okafor", "Chair of the board", "board",
         "Regional Fisheries Board", "A trial year costs nobody anything and tells us everything.",
         "Presenting the board's compromise", "shared-zone; inspections", *GAZETTE),
        cited("lindqvist-ten-percent", "2025-12", "lindqvist", "Ingrid Lindqvist", "Chief negotiator", "norland",
         "Norland", "Ten percent is the most our fleet can bear.", "Reply to the Estrela proposal",
         "cod-quota", *GAZETTE),
        cited("lindqvist-equal", "2025-12-19", "lindqvist", "Ingrid Lindqvist", "Chief negotiator", "norland",
         "Norland", "Equal shares, or no agreement on herring.", "", "herring-quota", *GAZETTE),
        cited("alvarez-bacalhau", "2025-12-19", "alvarez", "José Álvarez", "Minister of the Sea", "estrela",
         "Estrela", "Não há acordo sem o bacalhau.", "In Portuguese, to reporters after the herring session",
         "cod-quota; herring-quota", *NO_SOURCE),
        cited("berg-inspectors", "2026-01-05", "ines-berg", "Ines Berg", "Head of inspections", "norland",
         "Norland", "Our inspectors must be able to board any vessel in the zone.", "", "inspections",
         *NO_SOURCE),
        cited("ow-juveniles", "", "ow-researchers", "Ocean Watch researchers", "", "ocean-watch", "Ocean Watch",
         "Nobody is counting the juvenile cod.", "", "cod-quota", *NO_SOURCE),
    )


def _quote(id: str, date: str | None, speaker: str, speaker_name: str, speaker_role: str | None,
           party: str, party_name: str, text: str, context: str | None, issues: list[str],
           gazette: bool) -> dict[str, Any]:
    return {
        "id": id, "date": date, "date_basis": "quote" if date else "file", "date_coarse": False,
        "speaker": speaker, "speaker_name": speaker_name,
        "speaker_role": speaker_role, "party": party, "party_name": party_name, "text": text,
        "context": context, "issues": issues,
        "source": "gazette" if gazette else None,
        "source_title": "Harbour Gazette: the cod talks" if gazette else None,
        "source_publisher": "Harbour Gazette" if gazette else None,
        "source_date": "2025-12-20" if gazette else None,
        "source_url": "https://example.org/cod-talks" if gazette else None,
        "citation": cited(id, date or "", speaker, speaker_name, speaker_role or "", party, party_name, text,
                          context or "", "", *(GAZETTE if gazette else NO_SOURCE))[-1],
    }


def test_quotes_json():
    expected = [
        _quote("alvarez-cod", "2025-11-30", "alvarez", "José Álvarez", "Minister of the Sea", "estrela",
               "Estrela", "Without a deep cut there will be no cod left to argue about.",
               "At the opening of the second round in Porto Azul", ["cod-quota"], True),
        _quote("nunez-bank", "2025-11", "nunez", "Inês Núñez", "Harbour master", "estrela", "Estrela",
               "The Estrela Bank is our nursery; it stays closed.", "Speaking to fishermen on the quay",
               ["shared-zone"], False),
        _quote("okafor-trial", "2025", "okafor", "Chidi Okafor", "Chair of the board", "board",
               "Regional Fisheries Board", "A trial year costs nobody anything and tells us everything.",
               "Presenting the board's compromise", ["shared-zone", "inspections"], True),
        _quote("lindqvist-ten-percent", "2025-12", "lindqvist", "Ingrid Lindqvist", "Chief negotiator",
               "norland", "Norland", "Ten percent is the most our fleet can bear.",
               "Reply to the Estrela proposal", ["cod-quota"], True),
        _quote("lindqvist-equal", "2025-12-19", "lindqvist", "Ingrid Lindqvist", "Chief negotiator",
               "norland", "Norland", "Equal shares, or no agreement on herring.", None, ["herring-quota"], True),
        _quote("alvarez-bacalhau", "2025-12-19", "alvarez", "José Álvarez", "Minister of the Sea", "estrela",
               "Estrela", "Não há acordo sem o bacalhau.",
               "In Portuguese, to reporters after the herring session", ["cod-quota", "herring-quota"], False),
        _quote("berg-inspectors", "2026-01-05", "ines-berg", "Ines Berg", "Head of inspections", "norland",
               "Norland", "Our inspectors must be able to board any vessel in the zone.", None,
               ["inspections"], False),
        _quote("ow-juveniles", None, "ow-researchers", "Ocean Watch researchers", None, "ocean-watch",
               "Ocean Watch", "Nobody is counting the juvenile cod.", None, ["cod-quota"], False),
    ]
    assert ok(small("quotes", "-f", "json")) == as_json(expected)


COMPARE_HEADER = ("issue", "issue_title", "depth", "question", "issue_gap", "issue_class", "party",
                  "party_name", "stance", "stance_label", "summary", "conditions", "basis", "as_of",
                  "carried_back", "quotes", "quote_ids")


def test_compare_tsv_covers_the_subtree_and_every_party():
    access = ("access", "Access to fishing grounds", 0, "", "", "no question to score")
    zone = ("shared-zone", "Shared zone on the Estrela Bank", 1, "Should Norland vessels fish on the Estrela Bank?",
            9, "apart")
    inspections = ("inspections", "Joint inspections during the 2026 season", 1,
                   "Should inspectors board vessels of the other fleet?", "", "fewer than two scored stances")
    nothing = ("",) * 6 + ("false", "", "")
    trial = "Chidi Okafor: “A trial year costs nobody anything and tells us everything.”"
    assert ok(small("compare", "access", "-f", "tsv")) == tsv(
        COMPARE_HEADER,
        (*access, "estrela", "Estrela", *nothing),
        (*access, "norland", "Norland", *nothing),
        (*access, "board", "Regional Fisheries Board", *nothing),
        (*access, "ocean-watch", "Ocean Watch", *nothing),
        (*zone, "estrela", "Estrela", 0, "refuses", "Refuses any Norland vessel on the Estrela Bank.", "",
         "stated", "", "false", "Inês Núñez: “The Estrela Bank is our nursery; it stays closed.”", "nunez-bank"),
        (*zone, "norland", "Norland", 9, "", "Wants year-round access to the bank.", "", "reported", "", "false",
         "", ""),
        (*zone, "board", "Regional Fisheries Board", 5, "undecided", "Proposes a trial year for the shared zone.",
         "", "stated", "", "false", trial, "okafor-trial"),
        (*zone, "ocean-watch", "Ocean Watch", *nothing),
        (*inspections, "estrela", "Estrela", *nothing),
        (*inspections, "norland", "Norland", "", "", "Wants its inspectors to board any vessel in the zone.", "",
         "stated", "", "false", "Ines Berg: “Our inspectors must be able to board any vessel in the zone.”",
         "berg-inspectors"),
        (*inspections, "board", "Regional Fisheries Board", "", "", "", "", "", "", "false", trial, "okafor-trial"),
        (*inspections, "ocean-watch", "Ocean Watch", *nothing),
    )


def test_compare_json():
    issue = {"issue": "cod-quota", "issue_title": "Cod quota for the 2026 season", "depth": 1,
             "question": "Should the cod quota be cut by at least a fifth?", "issue_gap": 6, "issue_class": "apart"}
    empty = {"stance": None, "stance_label": None, "summary": None, "conditions": None, "basis": None,
             "as_of": None, "carried_back": False}
    expected = [
        {**issue, "party": "estrela", "party_name": "Estrela", "stance": 8, "stance_label": None,
         "summary": "Wants the cod quota cut by a quarter so the stock can recover.",
         "conditions": "Only if Norland accepts the same cut.", "basis": "stated", "as_of": "2025-11",
         "carried_back": False,
         "quotes": ["José Álvarez: “Without a deep cut there will be no cod left to argue about.”",
                    "José Álvarez: “Não há acordo sem o bacalhau.”"],
         "quote_ids": ["alvarez-cod", "alvarez-bacalhau"]},
        {**issue, "party": "norland", "party_name": "Norland", "stance": 2, "stance_label": None,
         "summary": "Will accept a cut of ten percent at most.", "conditions": None, "basis": "reported",
         "as_of": None, "carried_back": False,
         "quotes": ["Ingrid Lindqvist: “Ten percent is the most our fleet can bear.”"],
         "quote_ids": ["lindqvist-ten-percent"]},
        {**issue, "party": "board", "party_name": "Regional Fisheries Board", **empty,
         "quotes": [], "quote_ids": []},
        {**issue, "party": "ocean-watch", "party_name": "Ocean Watch", **empty,
         "quotes": ["Ocean Watch researchers: “Nobody is counting the juvenile cod.”"],
         "quote_ids": ["ow-juveniles"]},
    ]
    assert ok(small("compare", "cod", "-f", "json")) == as_json(expected)


def test_compare_table_on_a_scale_from_zero():
    lines = ok(small("compare", "access", "-f", "table", env={"COLUMNS": "160"})).splitlines()

    def line_with(*parts: str) -> str:
        found = [line for line in lines if all(part in line for part in parts)]
        assert len(found) == 1, (parts, found)
        return found[0]

    # No sign on a 0-10 scale: 0 is the low end, not a side.
    assert "Shared zone on the Estrela" in line_with("0 refuses", "9", "5 undecided")
    line = line_with("0 refuses", "9", "5 undecided")
    assert line.index("0 refuses") < line.index("5 undecided")
    assert not any(re.search(r"[+-]\d", line) for line in lines)
    # A cell without a stance starts with its first line of text, not a blank line.
    line = line_with("Joint inspections during", "Wants its inspectors to board", "Chidi Okafor: “A trial year")
    assert line.index("Wants its inspectors") < line.index("Chidi Okafor")


def test_compare_party_option_keeps_only_those_parties():
    rows = [line.split("\t") for line in ok(small("compare", "herring-quota", "-p", "norland", "-p", "Porto Azul",
                                                  "-f", "plain")).splitlines()]
    # the parties in the order asked for
    assert [(row[0], row[6], row[8]) for row in rows] == [("herring-quota", "norland", "10"),
                                                          ("herring-quota", "estrela", "")]
    assert rows[0][9] == "insists"  # the custom scale's label for 10


def test_search_tsv():
    assert ok(small("search", "cod", "-f", "tsv")) == tsv(
        ("kind", "id", "field", "text", "said_by"),
        ("issue", "cod-quota", "title", "Cod quota for the 2026 season", ""),
        ("issue", "cod-quota", "question", "Should the cod quota be cut by at least a fifth?", ""),
        ("issue", "cod-quota", "aliases", "cod", ""),
        ("position", "estrela/cod-quota", "summary", "Wants the cod quota cut by a quarter so the stock can recover.",
         "Estrela"),
        ("quote", "alvarez-cod", "text", "Without a deep cut there will be no cod left to argue about.",
         "José Álvarez"),
        ("quote", "ow-juveniles", "text", "Nobody is counting the juvenile cod.", "Ocean Watch researchers"),
        # events and sources too, by the word rule of quotes --search
        ("source", "gazette", "title", "Harbour Gazette: the cod talks", ""),
        ("source", "gazette", "url", "https://example.org/cod-talks", ""),
    )


def test_search_matches_words_and_their_starts_not_any_part() -> None:
    # 'Porto' starts a word of the event's title and place; 'orto' starts none.
    assert ok(small("search", "porto", "-f", "tsv", "--no-headers")).count("event\t") == 2
    assert "event" not in ok(small("search", "orto", "-f", "tsv"))
    assert ok(small("search", "harbour gaz", "-f", "tsv", "--no-headers")) == (
        "source\tgazette\ttitle\tHarbour Gazette: the cod talks\t\nsource\tgazette\tpublisher\tHarbour Gazette\t\n")


def test_search_json():
    expected = [
        {"kind": "issue", "id": "shared-zone", "field": "title", "text": "Shared zone on the Estrela Bank",
         "said_by": None},
        {"kind": "issue", "id": "shared-zone", "field": "question",
         "text": "Should Norland vessels fish on the Estrela Bank?", "said_by": None},
        {"kind": "issue", "id": "shared-zone", "field": "aliases", "text": "estrela bank", "said_by": None},
        {"kind": "position", "id": "estrela/shared-zone", "field": "summary",
         "text": "Refuses any Norland vessel on the Estrela Bank.", "said_by": "Estrela"},
        {"kind": "position", "id": "norland/shared-zone", "field": "summary",
         "text": "Wants year-round access to the bank.", "said_by": "Norland"},
        {"kind": "quote", "id": "nunez-bank", "field": "text",
         "text": "The Estrela Bank is our nursery; it stays closed.", "said_by": "Inês Núñez"},
    ]
    assert ok(small("search", "BANK", "-f", "json")) == as_json(expected)


def test_search_several_words_any_of_them_without_accents():
    assert ok(small("search", "ÁLVAREZ", "ines", "-f", "tsv", "--no-headers")) == tsv(
        ("speaker", "alvarez", "name", "José Álvarez", ""),
        ("speaker", "nunez", "name", "Inês Núñez", ""),
        ("speaker", "ines-berg", "name", "Ines Berg", ""),
    )


def test_search_joins_aliases_as_every_list_field_is_joined():
    assert ok(small("search", "nordhavn", "pepe", "-f", "tsv", "--no-headers")) == tsv(
        ("party", "norland", "aliases", "Nordhavn; Northern Fleet", ""),
        ("speaker", "alvarez", "aliases", "Pepe; Хосе Альварес", ""),
    )


def test_search_finding_nothing_is_a_success():
    assert ok(small("search", "whale", "-f", "json")) == "[]\n"


# ---------------------------------------------------------------------------------------
# Name matching
# ---------------------------------------------------------------------------------------


def speakers_quoted(*args: str) -> list[str]:
    records = [json.loads(line) for line in ok(small("quotes", *args, "-f", "jsonl")).splitlines()]
    return sorted({record["speaker"] for record in records})


@pytest.mark.parametrize("name", [
    "alvarez",                   # id
    "José Álvarez",              # name
    "jose alvarez",              # name, without accents
    "ÁLVAREZ",                   # surname, upper case
    "Jose",                      # first name
    "  josé   álvarez ",         # extra spaces
    "Pepe",                      # alias
    "хосе альварес",             # Cyrillic alias, lower case
])
def test_speaker_by_every_name(name):
    assert speakers_quoted("--speaker", name) == ["alvarez"]


@pytest.mark.parametrize(("name", "speaker"), [
    ("berg", "ines-berg"),                 # surname (the id is ines-berg)
    ("NÚÑEZ", "nunez"),
    ("nunez", "nunez"),
    ("ines nunez", "nunez"),               # the name without its accents: "Inês Núñez"
    ("Inês Núñez", "nunez"),
    ("chidi", "okafor"),
    ("lindquist", "lindqvist"),            # alias
    ("researchers", "ow-researchers"),     # a word of a group speaker's name
])
def test_speaker_by_surname_word_or_alias(name, speaker):
    assert speakers_quoted("-s", name) == [speaker]


@pytest.mark.parametrize(("name", "party"), [
    ("estrela", "estrela"),
    ("ESTRELA", "estrela"),
    ("porto azul", "estrela"),             # alias
    ("Regional Fisheries Board", "board"),
    ("fisheries", "board"),                # a word of the name
    ("rfb", "board"),
    ("Nordhavn", "norland"),
    ("northern fleet", "norland"),
    ("ocean", "ocean-watch"),
])
def test_party_by_every_name(name, party):
    records = json.loads(ok(small("speakers", "--party", name, "-f", "json")))
    assert {record["party"] for record in records} == {party}


@pytest.mark.parametrize(("query", "top"), [
    ("cod-quota", "cod-quota"),                             # id
    ("COD", "cod-quota"),                                   # alias
    ("tac", "quotas"),                                      # alias of a root
    ("Cod quota for the 2026 season", "cod-quota"),         # title
    ("herring", "herring-quota"),                           # a title word
    ("joint INSPECTIONS", "inspections"),                   # title words
    ("estrela bank", "shared-zone"),                        # alias
    ("Shared zone on the Estrela Bank", "shared-zone"),
    ("quota", "quotas"),        # matches quotas, cod-quota, herring-quota: one subtree, so its top
    ("fishing", "access"),      # "Access to fishing grounds" only
])
def test_compare_finds_the_issue(query, top):
    fb = load_file(SMALL)
    rows = json.loads(ok(small("compare", query, "-f", "json")))
    assert list(dict.fromkeys(row["issue"] for row in rows)) == fb.subtree(top)


def test_unknown_speaker_suggests_the_closest():
    assert usage_error(small("quotes", "--speaker", "alvarz")) == (
        "factbox: error: no speaker 'alvarz' — did you mean 'José Álvarez (alvarez)'?\n")


def test_unknown_party_suggests_the_closest():
    assert usage_error(small("speakers", "--party", "estrella")) == (
        "factbox: error: no party 'estrella' — did you mean 'Estrela (estrela)'?\n")


def test_unknown_issue_suggests_the_closest():
    assert usage_error(small("compare", "hering")) == (
        "factbox: error: no issue 'hering' — did you mean 'Herring quota sharing (herring-quota)'?\n")
    assert usage_error(small("quotes", "--issue", "hering")) == (
        "factbox: error: no issue 'hering' — did you mean 'Herring quota sharing (herring-quota)'?\n")


def test_unknown_speaker_without_a_close_name_lists_the_known_ones():
    assert usage_error(small("quotes", "-s", "xyz")) == (
        "factbox: error: no speaker 'xyz'\n"
        "hint: known speakers: alvarez, nunez, lindqvist, ines-berg, okafor, ow-researchers\n")


def test_unknown_party_without_a_close_name_lists_the_known_ones():
    assert usage_error(small("speakers", "-p", "xyz")) == (
        "factbox: error: no party 'xyz'\n"
        "hint: known parties: estrela, norland, board, ocean-watch\n")


def test_ambiguous_speaker_lists_the_candidates():
    assert usage_error(small("quotes", "--speaker", "ines")) == (
        "factbox: error: 'ines' matches 2 speakers: Inês Núñez (nunez); Ines Berg (ines-berg)\n"
        "hint: name one of them by its id, e.g. 'nunez'\n")


def test_compare_with_matches_in_different_subtrees_is_ambiguous():
    stderr = usage_error(small("compare", "2026"))
    first = stderr.splitlines()[0]
    assert first.startswith("factbox: error: '2026' matches 2 issues: ")
    assert "(cod-quota)" in first and "(inspections)" in first


# ---------------------------------------------------------------------------------------
# quotes: filters
# ---------------------------------------------------------------------------------------


def quote_ids(*args: str) -> list[str]:
    return first_column(small("quotes", *args, "-f", "plain"))


@pytest.mark.parametrize(("args", "expected"), [
    (["--speaker", "alvarez"], ["alvarez-cod", "alvarez-bacalhau"]),
    (["--party", "norland"], ["lindqvist-ten-percent", "lindqvist-equal", "berg-inspectors"]),
    (["--party", "RFB"], ["okafor-trial"]),
    # an issue includes its sub-issues
    (["--issue", "quotas"], ["alvarez-cod", "lindqvist-ten-percent", "lindqvist-equal", "alvarez-bacalhau",
                             "ow-juveniles"]),
    (["--issue", "access"], ["nunez-bank", "okafor-trial", "berg-inspectors"]),
    (["--issue", "cod"], ["alvarez-cod", "lindqvist-ten-percent", "alvarez-bacalhau", "ow-juveniles"]),
    # --search: words and word starts of the text, without case or accents; --in widens it
    (["--search", "NAO HA"], ["alvarez-bacalhau"]),                 # text: "Não há"
    (["--search", "acôrdo"], ["alvarez-bacalhau"]),                 # an accent in the query
    (["--search", "QUAY"], []),                                     # in a context only
    (["--search", "QUAY", "--in", "context"], ["nunez-bank"]),
    (["--search", "herring"], ["lindqvist-equal"]),                 # the other has it in its context
    (["--search", "herring", "--in", "all"], ["lindqvist-equal", "alvarez-bacalhau"]),
    (["--search", "herring", "--in", "context"], ["alvarez-bacalhau"]),
    (["--search", "juv"], ["ow-juveniles"]),                        # the start of a word
    (["--search", "venile"], []),                                   # never the middle of one
    (["--search", "juvenile cod"], ["ow-juveniles"]),               # words one after another
    (["--search", "cod juvenile"], []),
    # dates, partial on either side
    (["--until", "2025-11"], ["alvarez-cod", "nunez-bank", "okafor-trial"]),
    # a date to the month or year is in the period when any of it is (okafor-trial is "2025")
    (["--since", "2025-12"], ["okafor-trial", "lindqvist-ten-percent", "lindqvist-equal", "alvarez-bacalhau",
                              "berg-inspectors"]),
    (["--since", "2025-12", "--until", "2025-12"], ["okafor-trial", "lindqvist-ten-percent", "lindqvist-equal",
                                                    "alvarez-bacalhau"]),
    (["--since", "2025-12-19", "--until", "2025-12-19"], ["okafor-trial", "lindqvist-ten-percent", "lindqvist-equal",
                                                          "alvarez-bacalhau"]),
    (["--since", "2025-12-20"], ["okafor-trial", "lindqvist-ten-percent", "berg-inspectors"]),
    (["--since", "2025-11-30"], ["alvarez-cod", "nunez-bank", "okafor-trial", "lindqvist-ten-percent",
                                 "lindqvist-equal", "alvarez-bacalhau", "berg-inspectors"]),
    (["--since", "2026"], ["berg-inspectors"]),
    (["--until", "2025"], ["alvarez-cod", "nunez-bank", "okafor-trial", "lindqvist-ten-percent",
                           "lindqvist-equal", "alvarez-bacalhau"]),
    (["--since", "2030"], []),
    # --limit
    (["--limit", "2"], ["alvarez-cod", "nunez-bank"]),
    (["-n", "0"], []),
    (["--party", "norland", "-n", "1"], ["lindqvist-ten-percent"]),     # the limit applies after the filters
    # the same option repeated: any of them
    (["-s", "alvarez", "-s", "okafor"], ["alvarez-cod", "okafor-trial", "alvarez-bacalhau"]),
    (["-p", "norland", "-p", "board"], ["okafor-trial", "lindqvist-ten-percent", "lindqvist-equal",
                                        "berg-inspectors"]),
    (["-i", "herring-quota", "-i", "inspections"], ["okafor-trial", "lindqvist-equal", "alvarez-bacalhau",
                                                    "berg-inspectors"]),
    (["--search", "nursery", "--search", "juvenile"], ["nunez-bank", "ow-juveniles"]),
    (["--search", "quay", "--search", "juvenile", "--in", "all"], ["nunez-bank", "ow-juveniles"]),
    # different options: all must hold
    (["-p", "estrela", "-i", "cod-quota"], ["alvarez-cod", "alvarez-bacalhau"]),
    (["-s", "lindqvist", "--since", "2025-12-02"], ["lindqvist-ten-percent", "lindqvist-equal"]),
    (["-i", "cod-quota", "--search", "nobody"], ["ow-juveniles"]),
    (["-p", "estrela", "-p", "norland", "-i", "herring", "--until", "2025-12-19", "--search", "herring", "--in", "all"],
     ["lindqvist-equal", "alvarez-bacalhau"]),
    (["-s", "alvarez", "-p", "norland"], []),
])
def test_quote_filters(args, expected):
    assert quote_ids(*args) == expected


def test_undated_quotes_only_without_a_date_bound():
    assert "ow-juveniles" in quote_ids()
    assert "ow-juveniles" not in quote_ids("--since", "1900")
    assert "ow-juveniles" not in quote_ids("--until", "2999")


def test_an_empty_result_is_a_success():
    assert ok(small("quotes", "--since", "2030", "-f", "json")) == "[]\n"
    assert ok(small("quotes", "--since", "2030", "-f", "tsv")) == (
        "id\tdate\tdate_basis\tdate_coarse\tspeaker\tspeaker_name\tspeaker_role\tparty\tparty_name\ttext\tcontext\tissues\t"
        "source\tsource_title\tsource_publisher\tsource_date\tsource_url\tcitation\n")


# The command line words a bad date as the validator does for one in a data file.
@pytest.mark.parametrize(("args", "message"), [
    (["--since", "2025-13"], "--since: '2025-13' is not a date: there is no month 13"),
    (["--until", "2025-00"], "--until: '2025-00' is not a date: there is no month 00"),
    (["--until", "yesterday"],
     "--until: 'yesterday' is not an ISO 8601 date — expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--since", "25"], "--since: '25' is not an ISO 8601 date — expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--until", "2025-1-5"],
     "--until: '2025-1-5' is not an ISO 8601 date — expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--since", "2025-12-32"], "--since: '2025-12-32' is not a date: December 2025 has no day 32"),
])
def test_a_bad_date_is_a_usage_error(args, message):
    assert usage_error(small("quotes", *args)) == f"factbox: error: {message}\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "2025-02-30"], "--since: '2025-02-30' is not a date: February 2025 has no day 30"),
    (["--since", "2025-02-29"], "--since: '2025-02-29' is not a date: February 2025 has no day 29"),
    (["--until", "2025-04-31"], "--until: '2025-04-31' is not a date: April 2025 has no day 31"),
])
def test_a_day_that_does_not_exist_is_a_usage_error(args, message):
    assert usage_error(small("quotes", *args)) == f"factbox: error: {message}\n"


def test_the_last_day_of_a_month_is_a_date():
    assert quote_ids("--since", "2024-02-29", "--until", "2025-11-30") == [
        "alvarez-cod", "nunez-bank", "okafor-trial"]
    assert quote_ids("--since", "2025-04-30", "--until", "2025-12-31") == [
        "alvarez-cod", "nunez-bank", "okafor-trial", "lindqvist-ten-percent", "lindqvist-equal", "alvarez-bacalhau"]


def test_a_negative_limit_is_a_usage_error():
    result = small("quotes", "--limit", "-1")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--limit" in result.stderr


# ---------------------------------------------------------------------------------------
# Bundled data: what it must show
# ---------------------------------------------------------------------------------------

# Every quotation the article attributes to Dmitry Peskov by name, in the article's order
# (its closing comma, which is the article's punctuation, left out).
PESKOV = [
    "special consideration",
    "a subject for discussion",
    "A ceasefire is a respite, another deception, another delay",
]


def test_peskov_quotes_are_exactly_the_article_s():
    records = json.loads(ok(run("quotes", "--speaker", "Peskov", "-f", "json")))
    assert [r["text"] for r in records] == PESKOV
    assert {(r["speaker"], r["speaker_name"], r["party"]) for r in records} == {("peskov", "Dmitry Peskov", "russia")}
    if ARTICLE.is_file():
        article = ARTICLE.read_text(encoding="utf-8")
        for text in PESKOV:
            assert f"\u201c{text}" in article
        # The article names Peskov as the speaker right around each of them.
        for text in PESKOV:
            at = article.index(f"\u201c{text}")
            assert "Peskov" in article[max(0, at - 120): at + len(text) + 60]


def test_peskov_every_spelling_gives_the_same_output():
    outputs = {name: run("quotes", "--speaker", name, "-f", "json") for name in
               ["Peskov", "peskov", "Dmitry Peskov", "PESKOV", "dmitri peskov"]}
    texts = {name: ok(result) for name, result in outputs.items()}
    assert len(set(texts.values())) == 1


def test_peskov_typo_suggests_him():
    assert usage_error(run("quotes", "--speaker", "Peskof")) == (
        "factbox: error: no speaker 'Peskof' — did you mean 'Dmitry Peskov (peskov)'?\n")


def test_compare_territory_json():
    rows = json.loads(ok(run("compare", "territory", "-f", "json")))
    by_key = {(row["issue"], row["party"]): row for row in rows}
    expected = {
        ("donbas", "ukraine"): (-2, "rejects", ["ukrainian-officials-reward-aggression"]),
        ("donbas", "russia"): (2, "demands", ["ushakov-donbas-is-russian"]),
        ("ceasefire", "ukraine"): (1, "accepts", ["zelenskyy-fair-and-realistic"]),
        ("ceasefire", "russia"): (-2, "rejects", ["peskov-ceasefire-respite", "russian-officials-camouflage",
                                                  "zakharova-no-use"]),
        ("referendums", "ukraine"): (2, "demands", ["zelenskyy-people-will-answer"]),
        # The article quotes no Russian words on referendums: a stance, no quote.
        ("referendums", "russia"): (-2, "rejects", []),
    }
    for key, (stance, label, quote_ids) in expected.items():
        row = by_key[key]
        assert (row["stance"], row["stance_label"], row["quote_ids"]) == (stance, label, quote_ids), key
        assert row["summary"]
    assert by_key[("donbas", "russia")]["quotes"] == [
        "Yury Ushakov: “Donbas is Russian. The entire Donbas is Russian as stipulated in the Constitution of "
        "the Russian Federation”"]
    assert by_key[("ceasefire", "russia")]["quotes"][0] == (
        "Dmitry Peskov: “A ceasefire is a respite, another deception, another delay”")
    assert list(dict.fromkeys(row["issue"] for row in rows)) == [
        "territory", "donbas", "ceasefire", "referendums", "zaporizhzhia-npp", "reconstruction"]


def test_compare_territory_table_side_by_side():
    out = ok(run("compare", "territory", "-f", "table", env={"COLUMNS": "160"}))
    lines = out.splitlines()
    assert any(re.search(r"Issue\s+Ukraine\s+Russia\s+United States", line) for line in lines)

    def line_with(*parts: str) -> str:
        found = [line for line in lines if all(part in line for part in parts)]
        assert found, parts
        return found[0]

    # Each issue's first line: its title, then Ukraine's stance, then Russia's (no plus sign).
    for title, left, right in [("Donbas", "-2 rejects", "2 demands"),
                               ("Ceasefire along", "1 accepts", "-2 rejects"),
                               ("Territorial referendums", "2 demands", "-2 rejects")]:
        line = line_with(title, left, right)
        assert line.index(title) < line.index(left) < line.index(right)
    assert not re.search(r"\+\d", out)
    # The quotes sit in their party's column (all text here is one cell per character).
    header = next(line for line in lines if "Ukraine" in line and "Russia" in line)
    ukraine, russia, mediator = header.index("Ukraine"), header.index("Russia"), header.index("United States")

    def column(start: int, end: int) -> str:
        return " ".join(" ".join(line[start:end] for line in lines).split())

    assert "Volodymyr Zelenskyy: “fair and realistic option”" in column(ukraine, russia)
    assert "Ukrainian officials: “reward aggression”" in column(ukraine, russia)
    assert ("Yury Ushakov: “Donbas is Russian. The entire Donbas is Russian as stipulated in the Constitution "
            "of the Russian Federation”") in column(russia, mediator)
    assert "Dmitry Peskov: “A ceasefire is a respite, another deception, another delay”" in column(russia, mediator)
    assert max(len(line) for line in lines) <= 160


@pytest.mark.parametrize("name", ["Zelensky", "Zelenskiy", "zelenskyy", "ZELENSKYY", "Volodymyr Zelenskyy"])
def test_zelenskyy_spellings(name):
    records = json.loads(ok(run("quotes", "-s", name, "-f", "json")))
    assert records and {r["speaker"] for r in records} == {"zelenskyy"}


def test_party_kremlin_is_russia():
    records = json.loads(ok(run("quotes", "--party", "Kremlin", "-f", "json")))
    assert records and {r["party"] for r in records} == {"russia"}
    speakers = json.loads(ok(run("speakers", "--party", "kremlin", "-f", "json")))
    assert [s["id"] for s in speakers] == ["putin", "peskov", "ushakov", "zakharova", "russian-officials"]


@pytest.mark.parametrize(("query", "issue"), [("nato", "nato-membership"), ("zaporizhzhia", "zaporizhzhia-npp")])
def test_compare_short_names(query, issue):
    rows = json.loads(ok(run("compare", query, "-f", "json")))
    assert {row["issue"] for row in rows} == {issue}
    assert {row["party"] for row in rows} == {"ukraine", "russia", "united-states"}


# ---------------------------------------------------------------------------------------
# Help, version, option placement, environment
# ---------------------------------------------------------------------------------------

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_query_commands_exist():
    assert {"issues", "compare", "quotes", "parties", "speakers", "search"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples(command):
    out = ok(run(command, "--help"))
    assert "Examples:" in out
    after = out.split("Examples:", 1)[1].splitlines()
    assert any(line.strip().startswith(f"factbox {command}") for line in after), out


def test_top_level_help_has_examples():
    out = ok(run("--help"))
    assert "Examples:" in out
    for command in ("issues", "compare", "quotes", "parties", "speakers", "search"):
        assert command in out


def test_version():
    result = run("--version")
    assert ok(result) == f"factbox {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", __version__)


def test_options_after_the_command():
    first = json.loads(ok(run("quotes", "--format", "json", "--limit", "1", "--speaker", "peskov")))
    assert [r["id"] for r in first] == ["peskov-special-consideration"]
    # and --data after the other options, -f between them
    assert ok(run("parties", "-f", "json", "--data", SMALL)) == ok(run("parties", "--data", SMALL, "--format=json"))


def test_format_names_ignore_case_and_a_bad_one_is_a_usage_error():
    assert ok(small("parties", "-f", "JSON")) == ok(small("parties", "-f", "json"))
    for result in (small("parties", "-f", "jsn"), small("parties", env={"FACTBOX_FORMAT": "xml"})):
        assert result.exit_code == 2 and result.stdout == ""
        assert "json" in result.stderr and "Traceback" not in result.stderr


def test_factbox_format_sets_the_default():
    out = ok(run("parties", "--data", SMALL, env={"FACTBOX_FORMAT": "json"}))
    assert [p["id"] for p in json.loads(out)] == ["estrela", "norland", "board", "ocean-watch"]
    # an explicit --format wins over the environment
    assert ok(run("parties", "--data", SMALL, "-f", "csv", env={"FACTBOX_FORMAT": "json"})).startswith(
        "id,name,role,aliases,speakers,positions,quotes\n")


def test_factbox_data_sets_the_data(bundled: Path):
    out = ok(run("parties", "-f", "plain", env={"FACTBOX_DATA": SMALL}))
    assert [line.split("\t")[0] for line in out.splitlines()] == ["estrela", "norland", "board", "ocean-watch"]
    out = ok(run("parties", "-f", "plain", "--data", str(bundled), env={"FACTBOX_DATA": SMALL}))
    assert out.splitlines()[0].startswith("ukraine\t")  # --data wins


def test_factbox_data_pointing_nowhere_is_a_data_error(tmp_path: Path):
    missing = str(tmp_path / "nope.yaml")
    result = run("parties", env={"FACTBOX_DATA": missing})
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"factbox: error: {missing}: no such file")


def test_data_from_standard_input():
    text = Path(SMALL).read_text(encoding="utf-8")
    assert ok(run("parties", "--data", "-", "-f", "tsv", input=text)) == ok(small("parties", "-f", "tsv"))
