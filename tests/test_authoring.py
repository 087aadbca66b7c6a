"""Writing a factbox through the real command line: init, add, edit, remove. Every other byte
of the file stays as it was, text is written so YAML keeps it exactly, nothing invalid is
ever written, and a write is atomic and refused when it should be."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, run

from factbox.errors import ExitCode
from factbox.loading import load_text
from factbox.model import Factbox

#: A file that uses every way of writing a list: block lists, a block list of flow
#: mappings, flow lists, comments inside and between entries, blank lines, and a list of
#: quotes that is indentless (its dashes at the key's column).
STYLES = """\
# A fixture of styles.
format: factbox/1
title: "Styles"   # a comment after a value
as_of: 2025-06

sources: [{id: wire, title: The wire}]

parties:
  - {id: north, name: North}
  - {id: south, name: South, aliases: [Southland]}

speakers:
  - id: nadia
    name: Nadia Berg
    party: north
    # a comment inside the last entry
    role: Envoy

  # a comment that introduces the next key

issues:
- id: water
  title: Water rights
  question: Should the river be shared?
positions:
  - party: north
    issue: water
    stance: 1
    summary: >-
      Wants the river shared.
    basis: stated
    as_of: 2025-05
quotes:
- id: nadia-first
  speaker: nadia
  text: "We share."
events: []
# the end
"""

CASES = {
    "bundled": None,
    "small": FIXTURES / "small.yaml",
    "styles": STYLES,
    "crlf": STYLES.replace("\n", "\r\n"),
    "bom": "\ufeff" + STYLES,
    "no-final-newline": STYLES.rstrip("\n"),
}


def write_case(tmp_path: Path, case: str, bundled: Path) -> Path:
    path = tmp_path / "talks.yaml"
    source = CASES[case]
    if source is None:
        shutil.copy(bundled, path)
    elif isinstance(source, Path):
        shutil.copy(source, path)
    else:
        path.write_bytes(source.encode("utf-8"))
    return path


def model(path: Path) -> Factbox:
    from factbox.reading import decode

    return load_text(decode(path.read_bytes(), str(path)), str(path))


def inserted(old: bytes, new: bytes) -> bytes:
    """What `new` adds to `old`, asserting that it is one insertion and nothing else changed
    (but the ` []` of an empty list, which its first entry replaces with a block list)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    removed, added = old[start:len(old) - end], new[start:len(new) - end]
    assert removed in (b"", b" []"), (removed, added)
    assert added
    return added


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stderr


def first_of(factbox: Factbox, key: str) -> str:
    return getattr(factbox, key)[0].id  # type: ignore[no-any-return]


ADDS = {
    "quote": lambda fb: ["add", "quote", "--speaker", fb.speakers[0].name, "--text", "We will: not #give up",
                         "--issue", fb.issues[-1].id, "--date", "2025-01", "--source", fb.sources[0].id,
                         "--context", "At a briefing"],
    "speaker": lambda fb: ["add", "speaker", "--name", "Ana Lima", "--party", fb.parties[0].name,
                           "--role", "Adviser"],
    "source": lambda fb: ["add", "source", "--title", "A report: part 1", "--publisher", "Wire", "--date", "2025"],
    "event": lambda fb: ["add", "event", "--date", "2025-01", "--title", "Round #2", "--place", "Geneva"],
    "position": lambda fb: ["add", "position", "--party", fb.parties[-1].id, "--issue", _unheld_issue(fb),
                            "--date", "2025-01", "--summary", "Open to it", "--basis", "reported"],
}


def _unheld_issue(factbox: Factbox) -> str:
    party = factbox.parties[-1].id
    return next(i.id for i in factbox.issues if (party, i.id) not in factbox.position_by_key)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("kind", list(ADDS))
def test_every_add_inserts_its_lines_and_changes_no_other_byte(tmp_path: Path, bundled: Path, case: str,
                                                               kind: str) -> None:
    path = write_case(tmp_path, case, bundled)
    old = path.read_bytes()
    before = model(path)
    message = ok(*ADDS[kind](before), "--data", str(path))
    new = path.read_bytes()
    added = inserted(old, new)
    newline = b"\r\n" if case == "crlf" else b"\n"
    flow = case != "small" and kind in ("source", "party")  # `sources: [{…}]` on one line
    if not flow:  # whole lines: after a line break, or after the last line (or `key:`) and before one
        assert added.endswith(newline) or added.startswith(newline), added
    assert added.count(b"\n") == added.count(newline)
    assert new.startswith(b"\xef\xbb\xbf") == (case == "bom")
    after = model(path)
    assert message.startswith(f"{path}: added {kind}")
    key = {"quote": "quotes", "speaker": "speakers", "source": "sources", "event": "events",
           "position": "positions"}[kind]
    assert len(getattr(after, key)) == len(getattr(before, key)) + 1
    ok("validate", str(path))


def test_an_added_record_has_the_given_values_and_names_resolved(tmp_path: Path, bundled: Path) -> None:
    path = write_case(tmp_path, "bundled", bundled)
    ok("add", "quote", "--data", str(path), "--speaker", "Peskov", "--text",
       "A ceasefire is a respite, another deception, another delay", "--issue", "truce", "--date", "2025-12",
       "--source", "aa-factbox", "--context", "On TV")
    quote = model(path).quotes[-1]
    assert (quote.id, quote.speaker, quote.text, quote.issues, quote.context, str(quote.date), quote.source) == (
        "peskov-a-ceasefire-is-a", "peskov", "A ceasefire is a respite, another deception, another delay",
        ["ceasefire"], "On TV", "2025-12", "aa-factbox")


PITFALLS = [
    "We said: no", "We will not give up #enrichment", '"Quoted" at the start', "'Single' at the start",
    "@handle first", "`tick` first", "%TAG first", "- a dash first", "[a bracket] first", "{a brace} first",
    "*alias first", "&anchor first", "!tag first", "| a pipe first", "> a fold first", "? a question",
    "trailing space ", " leading space", "two  spaces", "tab\there", "line\nbreak", "carriage\rreturn",
    "bell\x07 and escape \x1b[31mred\x1b[0m", "bidi \u202egnp.exe", "zero\u200bwidth", "bom\ufeffinside",
    "line\u2028separator", "next\x85line", "back\\slash \\n not a newline", "yes", "null", "~", "0x10", "1.10",
    "2025-12", "é and 中 and 😀", "#hash first", ": colon first", "ends with colon:", "a, b, c",
    "The text is long enough to be written as a folded block: it has colons: and #hashes and 'quotes' "
    "and goes on and on past the width of one line of the file, and then some more words.",
    "A long text of plain words that is written as a folded block because it is longer than a line "
    "and holds nothing YAML could misread at all, only words.",
    "A long text with  two spaces that cannot be folded without changing it, so it stays in double "
    "quotes whatever its length is.",
]


@pytest.mark.parametrize("text", PITFALLS)
def test_text_is_written_so_that_yaml_reads_it_back_exactly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    ok("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", text, "--context", text)
    ok("add", "source", "--data", str(path), "--title", text)
    after = model(path)
    assert (after.quotes[-1].text, after.quotes[-1].context, after.sources[-1].title) == (text, text, text)


def test_init_writes_a_valid_factbox_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    assert ok("init", str(path), "--title", 'Talks: "round" #1', "--party", "Ukraine", "--party", "Russia") == ""
    assert run("validate", "--strict", str(path)).stdout == (
        f"{path}: valid factbox/1: 2 parties, 0 speakers, 1 issue, 0 positions, 0 quotes, 0 sources, 0 events\n")
    factbox = model(path)
    assert (factbox.title, [p.id for p in factbox.parties]) == ('Talks: "round" #1', ["ukraine", "russia"])
    text = path.read_text(encoding="utf-8")
    assert "# The parties to the negotiation" in text and "docs/format.md" in text
    path.write_text("mine\n")
    refused = run("init", str(path))
    assert (refused.exit_code, refused.stderr) == (ExitCode.NOT_WRITTEN, f"factbox: error: {path} already exists; "
                                                   "nothing written\nhint: use --force to replace it\n")
    assert path.read_text() == "mine\n"
    ok("init", str(path), "--force")
    assert model(path).parties[0].id == "party-a"
    assert run("init").stdout.startswith("# A factbox")


def test_init_then_add_builds_a_file_without_an_editor(tmp_path: Path) -> None:
    path = str(tmp_path / "talks.yaml")
    ok("init", path, "--title", "Talks", "--party", "Russia", "--party", "Ukraine")
    ok("add", "source", "--data", path, "--title", "Key positions", "--id", "aa")
    ok("add", "speaker", "--data", path, "--name", "Dmitry Peskov", "--party", "Russia")
    ok("add", "quote", "--data", path, "--speaker", "Peskov", "--text", "A respite", "--source", "aa")
    ok("add", "position", "--data", path, "--party", "Russia", "--issue", "first-issue", "--date", "2025-12",
       "--stance", "-2", "--summary", "Rejects it", "--quote", "peskov-a-respite", "--basis", "stated")
    ok("add", "event", "--data", path, "--date", "2025-12", "--title", "Talks in Miami")
    assert run("validate", "--strict", path).stdout.endswith(
        "valid factbox/1: 2 parties, 1 speaker, 1 issue, 1 position, 1 quote, 1 source, 1 event\n")
    assert "  - id: peskov\n    name: \"Dmitry Peskov\"\n    party: russia\n" in Path(path).read_text()


def test_generated_ids_are_unique_and_a_taken_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    for _ in range(3):
        ok("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", "We share.")
    assert [q.id for q in model(path).quotes] == ["nadia-first", "nadia-we-share", "nadia-we-share-2",
                                                  "nadia-we-share-3"]
    before = path.read_bytes()
    taken = run("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", "x", "--id", "nadia-first")
    assert (taken.exit_code, taken.stderr.splitlines()[0]) == (
        ExitCode.USAGE, "factbox: error: the id 'nadia-first' is already used in quotes")
    assert path.read_bytes() == before


def test_an_unknown_name_is_a_usage_error_with_a_suggestion_and_the_file_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    result = run("add", "quote", "--data", str(path), "--speaker", "Nadja Berg", "--text", "x")
    assert (result.exit_code, result.stdout, result.stderr) == (
        ExitCode.USAGE, "", "factbox: error: no speaker 'Nadja Berg' — did you mean 'Nadia Berg (nadia)'?\n")
    result = run("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", "x", "--source", "wyre")
    assert result.stderr == "factbox: error: no source 'wyre' — did you mean 'wire'?\n"
    assert path.read_text(encoding="utf-8") == STYLES


def test_an_add_that_would_make_the_file_invalid_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    result = run("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", "x", "--date", "2025-13")
    assert result.exit_code == ExitCode.NOT_WRITTEN
    assert result.stderr == (
        f"{path}:40:9: quotes[1].date: '2025-13' is not a date: there is no month 13\n"
        f"factbox: error: {path}: the change would make the file invalid; nothing written\n"
        "hint: the problems above are in the changed file; fix the options and run again\n")
    empty = run("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", "  ")
    assert empty.exit_code == ExitCode.NOT_WRITTEN
    assert path.read_text(encoding="utf-8") == STYLES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talks.yaml"]


def test_an_invalid_file_is_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES.replace("party: north\n    #", "party: nowhere\n    #"), encoding="utf-8")
    before = path.read_bytes()
    result = run("add", "event", "--data", str(path), "--date", "2025", "--title", "x")
    assert result.exit_code == ExitCode.DATA
    assert result.stderr.splitlines()[-2:] == [
        f"factbox: error: {path} has problems; fix them before changing it (nothing written)",
        f"hint: factbox validate {path}"]
    assert path.read_bytes() == before


@pytest.mark.parametrize(("data", "message"), [
    (None, "factbox: error: name the factbox file to change with --data FILE (or FACTBOX_DATA)"),
    ("-", "factbox: error: --data - (standard input) cannot be written to"),
])
def test_standard_input_and_the_default_are_never_written(data: str | None, message: str) -> None:
    args = ["add", "event", "--date", "2025", "--title", "x", *(["--data", data] if data else [])]
    result = run(*args)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (ExitCode.USAGE, message)


def test_the_bundled_dataset_and_a_directory_are_refused(bundled: Path, tmp_path: Path) -> None:
    before = bundled.read_bytes()
    result = run("add", "event", "--data", str(bundled), "--date", "2025", "--title", "x")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        ExitCode.USAGE, f"factbox: error: {bundled} is the bundled dataset, which factbox does not change")
    assert bundled.read_bytes() == before
    result = run("add", "event", "--data", str(tmp_path), "--date", "2025", "--title", "x")
    assert result.stderr.splitlines()[0] == (
        "factbox: error: this command reads one factbox file, and --data names a folder")


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    result = run("add", "event", "--data", str(path), "--date", "2025-06", "--title", "Talks: round #2", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        f"--- a{path}\n+++ b{path}\n@@ -34,5 +34,7 @@\n"
        " - id: nadia-first\n   speaker: nadia\n   text: \"We share.\"\n-events: []\n+events:\n+  - date: 2025-06\n"
        "+    title: \"Talks: round #2\"\n # the end\n")
    assert result.stderr == f"{path}: added event 'Talks: round #2' (dry run: nothing written)\n"
    assert path.read_text(encoding="utf-8") == STYLES


def test_a_symbolic_link_is_kept_and_its_file_changed(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(STYLES, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "talks.yaml"
    link.symlink_to(real.name)
    ok("add", "event", "--data", str(link), "--date", "2025", "--title", "x")
    assert link.is_symlink() and model(real).events[-1].title == "x"
    assert real.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_file_or_folder_is_a_clear_error(tmp_path: Path, read_only: str) -> None:
    folder = tmp_path / "box"
    folder.mkdir()
    path = folder / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    (path if read_only == "file" else folder).chmod(0o444 if read_only == "file" else 0o555)
    try:
        result = run("add", "event", "--data", str(path), "--date", "2025", "--title", "x")
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    hint = (f"hint: {path} is read-only; make it writable (chmod u+w) to change it" if read_only == "file" else
            f"hint: the folder {folder} is read-only: factbox writes the new file beside the old one, then renames it")
    assert (result.exit_code, result.stderr) == (
        ExitCode.NOT_WRITTEN, f"factbox: error: cannot write {path}: permission denied; nothing written\n{hint}\n")
    assert path.read_text(encoding="utf-8") == STYLES


@pytest.mark.parametrize("kind", ["event", "speaker"])  # an entry checked alone; the whole file validated
def test_a_file_changed_during_the_command_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              kind: str) -> None:
    """Someone saves the file after factbox read it and before it writes: their edit stays."""
    from factbox.writing.document import Document

    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    real_apply = Document.apply

    def apply_while_the_editor_saves(document: Document, edits: list) -> str:  # type: ignore[type-arg]
        path.write_text(STYLES + "# their edit\n", encoding="utf-8")
        return real_apply(document, edits)

    monkeypatch.setattr(Document, "apply", apply_while_the_editor_saves)
    result = run(*ADDS[kind](model(tmp_path / "talks.yaml")), "--data", str(path))
    assert (result.exit_code, result.stderr) == (
        ExitCode.NOT_WRITTEN, f"factbox: error: {path} changed while factbox was working on it; nothing written\n"
        "hint: run the command again\n")
    assert path.read_text(encoding="utf-8") == STYLES + "# their edit\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talks.yaml"]


def test_ctrl_c_at_any_moment_leaves_the_old_file_or_the_new_one(tmp_path: Path, bundled: Path) -> None:
    """SIGINT at moments spread over the whole run, the write included: never a partial file."""
    path = tmp_path / "talks.yaml"
    big = bundled.read_text(encoding="utf-8") + "".join(f"# padding line {n}\n" for n in range(200_000))
    path.write_text(big, encoding="utf-8")
    old = path.read_bytes()
    command = [sys.executable, "-m", "factbox", "add", "event", "--data", str(path), "--date", "2025", "--title", "x"]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - started
    new = path.read_bytes()
    assert inserted(old, new)
    outcomes = set()
    for step in range(40):  # moments from the start to past the end, until both outcomes are seen
        path.write_bytes(old)
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(whole * (step % 12) / 4)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        assert path.read_bytes() in (old, new)
        assert [p.name for p in tmp_path.iterdir()] == ["talks.yaml"]
        # 130 from factbox; else the signal came while Python itself was starting (before factbox
        # ran: -2, or 1 with "init_import_site") or ending (-2), on a busy machine
        before_python = process.returncode == -signal.SIGINT or b"init_import_site" in stderr
        interrupted = process.returncode == ExitCode.INTERRUPTED or before_python
        assert interrupted or process.returncode == 0, stderr
        assert b"Traceback" not in stderr or before_python
        outcomes.add((interrupted, path.read_bytes() == new))
        if {(True, False), (False, True)} <= outcomes:
            break
    assert {(True, False), (False, True)} <= outcomes, outcomes


def test_add_position_moves_the_old_stance_into_history_and_the_file_as_of_on(tmp_path: Path,
                                                                              bundled: Path) -> None:
    path = write_case(tmp_path, "bundled", bundled)
    old = model(path).position_by_key[("russia", "ceasefire")]
    result = run("add", "position", "--data", str(path), "--party", "Russia", "--issue", "ceasefire", "--date",
                 "2026-01", "--stance", "-1", "--summary", "Now only resists a ceasefire", "--basis", "reported",
                 "--dry-run")
    assert "-as_of: 2025-12\n+as_of: 2026-01\n" in result.stdout
    ok("add", "position", "--data", str(path), "--party", "Russia", "--issue", "ceasefire", "--date", "2026-01",
       "--stance", "-1", "--summary", "Now only resists a ceasefire", "--basis", "reported")
    after = model(path)
    new = after.position_by_key[("russia", "ceasefire")]
    assert (new.stance, new.summary, new.basis, str(new.as_of), new.sources) == (
        -1, "Now only resists a ceasefire", "reported", "2026-01", ["aa-factbox"])
    entry = new.history[-1]
    assert (str(entry.date), entry.stance, entry.summary, entry.basis, entry.conditions, entry.quotes) == (
        "2025-12", old.stance, old.summary, old.basis, old.conditions, old.quotes)
    assert str(after.as_of) == "2026-01"
    shifts = run("shifts", "--party", "russia", "--data", str(path), "-f", "json").stdout
    assert '"stance_from": -2' in shifts and '"stance_to": -1' in shifts
    earlier = run("add", "position", "--data", str(path), "--party", "Russia", "--issue", "ceasefire", "--date",
                  "2025-11", "--summary", "x")
    assert earlier.stderr.startswith("factbox: error: --date 2025-11 is before 2026-01")


def test_remove_refuses_a_cited_record_unless_cascade(tmp_path: Path, bundled: Path) -> None:
    path = write_case(tmp_path, "bundled", bundled)
    before = path.read_bytes()
    refused = run("remove", "quote", "zakharova-no-use", "--data", str(path))
    assert (refused.exit_code, refused.stderr) == (
        ExitCode.USAGE, "factbox: error: quote 'zakharova-no-use' is cited by positions[16].quotes[2]\n"
        "hint: remove those first, or pass --cascade to remove them too\n")
    assert path.read_bytes() == before
    ok("remove", "quote", "zakharova-no-use", "--data", str(path), "--cascade")
    after = model(path)
    assert "zakharova-no-use" not in after.quote_by_id
    assert after.position_by_key[("russia", "ceasefire")].quotes == ["peskov-ceasefire-respite",
                                                                      "russian-officials-camouflage"]
    ok("remove", "speaker", "Zelenskyy", "--data", str(path), "--cascade")
    after = model(path)
    assert "zelenskyy" not in after.speaker_by_id and all(q.speaker != "zelenskyy" for q in after.quotes)
    ok("validate", str(path))


def test_remove_takes_out_exactly_the_record_lines(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    ok("add", "event", "--data", str(path), "--date", "2025", "--title", "x")
    ok("remove", "quote", "nadia-first", "--data", str(path))
    text = path.read_text(encoding="utf-8")
    assert text == STYLES.replace("quotes:\n- id: nadia-first\n  speaker: nadia\n  text: \"We share.\"\n",
                                  "quotes: []\n").replace("events: []\n", "events:\n  - date: 2025\n"
                                                                          "    title: \"x\"\n")


def test_editing_a_quote_text_needs_force(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    refused = run("edit", "quote", "nadia-first", "--data", str(path), "--text", "We share it.")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        ExitCode.USAGE, "factbox: error: changing the text of quote 'nadia-first' needs --force")
    assert path.read_text(encoding="utf-8") == STYLES
    ok("edit", "quote", "nadia-first", "--data", str(path), "--text", "We share it.", "--force",
       "--context", "Said: twice")
    assert path.read_text(encoding="utf-8") == STYLES.replace(
        '  text: "We share."\n', '  text: "We share it."\n  context: "Said: twice"\n')


def test_edit_changes_fields_in_place(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    ok("edit", "position", "North/water", "--data", str(path), "--basis", "reported", "--summary", "Shares.")
    ok("edit", "party", "south", "--data", str(path), "--alias", "Southland", "--alias", "The South")
    ok("edit", "speaker", "Nadia", "--data", str(path), "--role", "Chief envoy")
    assert path.read_text(encoding="utf-8") == STYLES.replace(
        "    summary: >-\n      Wants the river shared.\n    basis: stated\n",
        '    summary: "Shares."\n    basis: reported\n').replace(
        "aliases: [Southland]", 'aliases: ["Southland", "The South"]').replace(
        "    role: Envoy\n", '    role: "Chief envoy"\n')
    wrong = run("edit", "event", "x", "--data", str(path), "--text", "y")
    assert wrong.exit_code == ExitCode.USAGE


def test_an_appended_entry_is_checked_alone_as_the_whole_file_would_be(tmp_path: Path) -> None:
    """The model `appending` makes from the old model and the entry is the model of the new
    file; an entry the file would refuse is refused, located in the new file."""
    from factbox.errors import DataError
    from factbox.writing.appending import appended_model
    from factbox.writing.document import Document

    document = Document(STYLES, "talks.yaml")
    before = load_text(STYLES, "talks.yaml")
    fields = {"id": "nadia-2", "speaker": "nadia", "text": 'A "hard" one: #1', "issues": ["water"],
              "date": "2025-02", "source": "wire", "context": "x"}
    edit = document.add_to_list("quotes", "quote", fields)
    assert appended_model(document, before, "quotes", "quote", edit).quotes == load_text(
        document.apply([edit]), "talks.yaml").quotes
    for wrong in (dict(fields, speaker="nobody"), dict(fields, id="nadia-first"), dict(fields, date="2025-13"),
                  dict(fields, issues=["water", "fire"]), dict(fields, text=" ")):
        edit = document.add_to_list("quotes", "quote", wrong)
        with pytest.raises(DataError) as alone:
            appended_model(document, before, "quotes", "quote", edit)
        with pytest.raises(DataError) as whole:
            load_text(document.apply([edit]), "talks.yaml")
        assert [str(p).split(" — ")[0] for p in alone.value.problems] == [
            str(p).split(" — ")[0] for p in whole.value.problems]


def test_the_next_command_reads_the_cache_entry_the_write_stored(tmp_path: Path) -> None:
    from factbox import cache

    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    ok("add", "quote", "--data", str(path), "--speaker", "nadia", "--text", "Stored.")
    entry = cache.open_entry(os.path.realpath(path))
    assert entry is not None and entry.digest == cache.digest(path.read_bytes())
    assert '"text": "Stored."' in run("quotes", "--data", str(path), "-f", "json").stdout


def test_a_list_the_file_lacks_is_created_where_the_format_puts_it(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    without = STYLES.replace("events: []\n", "")
    path.write_text(without, encoding="utf-8")
    ok("add", "event", "--data", str(path), "--date", "2025", "--title", "Opening")
    assert path.read_text(encoding="utf-8") == without.replace(
        '  text: "We share."\n', '  text: "We share."\nevents:\n  - date: 2025\n    title: "Opening"\n')


def test_what_was_done_is_said_without_the_escape_sequences_of_the_data(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    said = ok("add", "event", "--data", str(path), "--date", "2025", "--title", "\x1b[2J\x1b]0;owned\x07Round")
    assert "\x1b" not in said and "\x07" not in said and said.endswith("Round'\n")
    assert model(path).events[-1].title == "\x1b[2J\x1b]0;owned\x07Round"


def test_an_event_id_is_written_when_given_and_refused_when_taken(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    ok("add", "event", "--data", str(path), "--date", "2025", "--title", "Opening", "--id", "opening")
    assert '  - id: opening\n    date: 2025\n    title: "Opening"\n' in path.read_text(encoding="utf-8")
    taken = run("add", "event", "--data", str(path), "--date", "2025", "--title", "Again", "--id", "opening")
    assert (taken.exit_code, taken.stderr.splitlines()[0]) == (
        ExitCode.USAGE, "factbox: error: the id 'opening' is already used in events")
    ok("remove", "event", "opening", "--data", str(path))
    assert path.read_text(encoding="utf-8") == STYLES  # added, then removed: the file as it was


def test_remove_a_position_by_party_and_issue(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    ok("remove", "position", "North/Water rights", "--data", str(path))
    text = path.read_text(encoding="utf-8")
    start, end = STYLES.index("positions:\n") + len("positions"), STYLES.index("quotes:\n")
    assert text == STYLES[:start] + ": []\n" + STYLES[end:]
    wrong = run("remove", "position", "north", "--data", str(path))
    assert wrong.stderr == ("factbox: error: 'north' does not name a position\n"
                            "hint: name it PARTY/ISSUE, e.g. russia/ceasefire\n")


def test_factbox_data_names_the_file_to_change(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(STYLES, encoding="utf-8")
    result = run("add", "event", "--date", "2025", "--title", "x", env={"FACTBOX_DATA": str(path)})
    assert (result.exit_code, result.stderr) == (0, f"{path}: added event 'x'\n")
    several = run("add", "event", "--date", "2025", "--title", "x",
                  env={"FACTBOX_DATA": f"{path}{os.pathsep}{path}"})
    assert several.exit_code == ExitCode.USAGE and "--data names 2 paths" in several.stderr
