"""`factbox export sqlite`: written through the real command line, then opened with Python's
sqlite3 and real queries (counts per speaker equal `factbox speakers`, a full-text match equals
`quotes --search`, every foreign key holds), and with Datasette itself."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_data import NAMES, write_archive
from helpers import run

from factbox.errors import ExitCode
from factbox.export.sqlite import match_expression

DATASETTE = Path(sys.executable).parent / "datasette"
#: Terms whose matching differs by a rule: word starts, words in a row, case and accents,
#: an apostrophe inside a word, a word's middle (never found), punctuation.
TERMS = ["peace plan", "Peace", "cease", "fire", "kyiv", "Kyiv’s envoys", "KYÏV", "s", "dams", "no new",
         "spring.", "holds", "the", "zelensk", "referendum", "security guarantees", "Zelénskyy", "talks"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("export")
    folder = write_archive(base)
    time.sleep(2.2)  # old enough for the cache to trust (cache.RACY_NS)
    return folder


@pytest.fixture(scope="module")
def exported(archive: Path) -> Path:
    out = archive.parent / "archive.db"
    result = run("export", "sqlite", str(out), "--data", str(archive))
    assert result.exit_code == ExitCode.PARTIAL, result.stderr  # broken.yaml is reported and left out
    assert result.stdout == (f"wrote {out} (3 factboxes, 6 quotes) and {archive.parent / 'archive.metadata.yml'}\n"
                             f"browse it: datasette {out} -m {archive.parent / 'archive.metadata.yml'}\n")
    assert "broken.yaml:6:23: quotes[0].speaker: unknown speaker 'nobody'" in result.stderr
    return out


@pytest.fixture
def db(exported: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{exported}?mode=ro", uri=True)
    yield connection
    connection.close()


def listing(*args: str) -> list[dict[str, object]]:
    result = run(*args, "-f", "json")
    assert result.exit_code in (0, ExitCode.PARTIAL), result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_every_foreign_key_holds_and_every_table_is_there(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"factboxes", "parties", "speakers", "issues", "positions", "position_history", "quotes", "quote_issues",
            "sources", "events", "quotes_fts", "quotes_full", "stances"} <= tables
    assert [row[0] for row in db.execute("SELECT id FROM factboxes ORDER BY id")] == NAMES


def test_counts_per_speaker_equal_factbox_speakers(db: sqlite3.Connection, archive: Path) -> None:
    expected = {(r["factbox"], r["id"]): r["quotes"] for r in listing("speakers", "--data", str(archive))}
    counted = dict.fromkeys(expected, 0)
    counted.update({(factbox, speaker): n for factbox, speaker, n in db.execute(
        "SELECT factbox, speaker, count(*) FROM quotes GROUP BY factbox, speaker")})
    assert counted == expected
    # the same id, two people: never merged
    assert db.execute("SELECT factbox, name FROM speakers WHERE id = 'smith' ORDER BY factbox").fetchall() == [
        ("2025/december.yaml", "John Smith"), ("2026/january.yaml", "Anna Smith")]


@pytest.mark.parametrize("term", TERMS)
def test_a_full_text_match_finds_what_quotes_search_finds(db: sqlite3.Connection, archive: Path, term: str) -> None:
    for where, column in (("text", "text"), ("context", "context")):
        searched = listing("quotes", "--data", str(archive), "--search", term, "--in", where)
        matched = db.execute("SELECT factbox, id FROM quotes WHERE number IN (SELECT rowid FROM quotes_fts "
                             "WHERE quotes_fts MATCH ?) ORDER BY number", (f"{column}: ({match_expression(term)})",))
        assert [(r["factbox"], r["id"]) for r in searched] == matched.fetchall(), term


def test_the_bundled_data_agrees_too(tmp_path: Path) -> None:
    out = tmp_path / "bundled.db"
    assert run("export", "sqlite", str(out)).exit_code == 0
    connection = sqlite3.connect(out)
    try:
        for term in TERMS:
            searched = [r["id"] for r in listing("quotes", "--search", term, "--in", "all")]
            matched = connection.execute("SELECT id FROM quotes WHERE number IN (SELECT rowid FROM quotes_fts "
                                         "WHERE quotes_fts MATCH ?) ORDER BY number", (match_expression(term),))
            assert searched == [row[0] for row in matched], term
        counts = dict(connection.execute("SELECT speaker, count(*) FROM quotes GROUP BY speaker").fetchall())
        assert counts == {r["id"]: r["quotes"] for r in listing("speakers") if r["quotes"]}
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_quotes_are_verbatim_and_partial_dates_have_their_bounds(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT id, date, date_start, date_end, text FROM quotes WHERE factbox = ? ORDER BY number",
                      ("2025/december.yaml",)).fetchall() == [
        ("d1", "2025-12-02", "2025-12-02", "2025-12-02", "The ceasefire on the river holds."),
        ("d2", "2025-12", "2025-12-01", "2025-12-31", "No dams without a peace plan."),
        ("d3", "2025", "2025-01-01", "2025-12-31", "Both sides want the crossings open.")]
    assert db.execute("SELECT text, date_start FROM quotes WHERE id = 'j1'").fetchone() == (
        "Kyiv’s envoys and ours agree: no new dams.", "2026-01-10")
    assert db.execute("SELECT quote, issue FROM quote_issues WHERE factbox = '2025/november.yml' "
                      "ORDER BY number").fetchall() == [
        ("n1", "water"), ("n1", "border")]


def test_the_stances_view_has_the_gap_divergence_measures(db: sqlite3.Connection, archive: Path) -> None:
    expected = {(r["factbox"], r["issue"]): r["gap"] for r in listing("divergence", "--data", str(archive))}
    gaps = dict.fromkeys(expected)
    gaps.update({(f, i): g for f, i, g in db.execute("SELECT DISTINCT factbox, issue, gap FROM stances")})
    assert gaps == expected
    full = db.execute("SELECT speaker_name, party_name, source_title FROM quotes_full WHERE id = 'd1'").fetchone()
    assert full == ("Ivan Peskov", "Northland", "Wire report: River talks, December")


def test_an_export_is_replaced_and_another_file_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    small = str(Path(__file__).parent / "fixtures" / "small.yaml")
    assert run("export", "sqlite", str(out), "--data", small).exit_code == 0
    assert run("export", "sqlite", str(out), "--data", small).exit_code == 0  # an earlier export: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db", "out.metadata.yml"]  # no temporary left
    other = tmp_path / "notes.db"
    other.write_text("my notes\n", encoding="utf-8")
    refused = run("export", "sqlite", str(other), "--data", small)
    assert (refused.exit_code, refused.stdout) == (ExitCode.NOT_WRITTEN, "")
    assert refused.stderr == (f"factbox: error: {other} already exists; nothing written\n"
                              "hint: use --force to replace it\n")
    assert other.read_text(encoding="utf-8") == "my notes\n" and not (tmp_path / "notes.metadata.yml").exists()
    (tmp_path / "notes.metadata.yml").write_text("mine\n", encoding="utf-8")
    assert run("export", "sqlite", str(other), "--data", small, "--force").exit_code == 0
    assert sqlite3.connect(other).execute("SELECT count(*) FROM quotes").fetchone() == (8,)


def test_an_invalid_single_file_writes_nothing(tmp_path: Path, archive: Path) -> None:
    out = tmp_path / "out.db"
    result = run("export", "sqlite", str(out), "--data", str(archive / "broken.yaml"))
    assert result.exit_code == ExitCode.DATA and not out.exists()


def datasette(exported: Path, path: str) -> object:
    process = subprocess.run([str(DATASETTE), str(exported), "-m", str(exported.with_suffix(".metadata.yml")),
                              "--get", path], capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_datasette_serves_the_export_with_search_and_facets(exported: Path) -> None:
    searched = datasette(exported, "/archive/quotes.json?_search=peace&_shape=array&_col=factbox&_col=id")
    assert searched == [{"number": 2, "factbox": "2025/december.yaml", "id": "d2"},  # newest first
                        {"number": 4, "factbox": "2025/november.yml", "id": "n1"}]
    assert datasette(exported, "/archive/quotes.json?_search=cease&_shape=array&_col=id") == []  # whole words
    prefix = datasette(exported, '/archive/quotes.json?_search="cease"*&_searchmode=raw&_shape=array&_col=id')
    assert prefix == [{"number": 1, "id": "d1"}]
    in_context = datasette(exported, "/archive/quotes.json?_search_context=round&_shape=array&_col=id")
    assert in_context == [{"number": 2, "id": "d2"}]
    faceted = datasette(exported, "/archive/quotes.json?_size=0")
    assert isinstance(faceted, dict)
    facets = faceted["facet_results"]
    assert {"factbox", "speaker", "party", "issues"} <= set(facets)
    assert {(v["value"], v["count"]) for v in facets["speaker"]["results"]} == {("smith", 3), ("peskov", 2),
                                                                                ("okoro", 1)}
    smiths = datasette(exported, "/archive/quotes_full.json?speaker=smith&_shape=array&_col=speaker_name")
    assert sorted(row["speaker_name"] for row in smiths) == ["Anna Smith", "Anna Smith", "John Smith"]  # type: ignore[index]
    site = datasette(exported, "/-/metadata.json")
    assert isinstance(site, dict) and site["title"] == "3 factboxes"
    assert site["databases"]["archive"]["tables"]["quotes"]["columns"]["text"] == (
        "The words, verbatim: never altered or cut")


#: Letters in Python's Unicode tables that SQLite's unicode61 still takes for spacing marks
#: (separators): New Tai Lue vowel signs and two Vedic signs. A word holding one is split by
#: the index where `quotes --search` keeps it whole.
OLDER_IN_SQLITE = {*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3}


def test_the_index_keeps_every_word_of_quotes_search_whole() -> None:
    """Each character that `queries.words` counts as part of a word, between two letters:
    the tokenizer must give back the same one word (else a MATCH and --search disagree)."""
    import re

    from factbox.export.sqlite import TOKENIZER
    from factbox.queries import words

    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE t USING fts5(x, tokenize="{TOKENIZER}")')
    db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(t, 'instance')")
    word = re.compile(r"\w")
    rows = [(code, " ".join(words(f"a{chr(code)}b"))) for code in range(0x20, 0x30000)
            if not 0xD800 <= code <= 0xDFFF and word.fullmatch(chr(code))]
    db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", rows)
    tokens: dict[int, list[str]] = {}
    for term, row in db.execute("SELECT term, doc FROM terms"):
        tokens.setdefault(row, []).append(term)
    split = {code for code, text in rows if sorted(tokens.get(code, [])) != sorted(text.split())}
    assert len(rows) > 100_000 and split <= OLDER_IN_SQLITE, sorted(map(hex, split - OLDER_IN_SQLITE))


def test_ascii_text_goes_into_the_index_as_it_is_and_gives_the_words_of_quotes_search() -> None:
    """`search_text` spares ASCII the pass through `queries.words`: for every ASCII character,
    between and beside mixed-case words, the tokenizer must give back exactly those words,
    in order (else a MATCH and --search disagree)."""
    from factbox.export.sqlite import TOKENIZER, search_text
    from factbox.queries import words

    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE t USING fts5(x, tokenize="{TOKENIZER}")')
    db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(t, 'instance')")
    texts = {code: f"Peace{chr(code)}PLAN {chr(code)}x_Y9 {chr(code)}" for code in range(128)}
    assert all(search_text(text) == text for text in texts.values())
    db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)",
                   ((code, search_text(text)) for code, text in texts.items()))
    tokens: dict[int, list[tuple[int, str]]] = {}
    for term, row, offset in db.execute("SELECT term, doc, offset FROM terms"):
        tokens.setdefault(row, []).append((offset, term))
    assert {code: [term for _, term in sorted(found)] for code, found in tokens.items()} == {
        code: words(text) for code, text in texts.items()}
    assert search_text("Kyiv’s Zelénskyy") == "kyiv s zelenskyy" and search_text(None) is None
