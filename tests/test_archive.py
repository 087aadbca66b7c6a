"""Many factboxes at once, through the real command line, on an invented archive written by the
tests (tests/archive_data.py): folders, repeated --data, FACTBOX_DATA with several paths, a
broken file skipped with its located problems (exit 3), names matched in each file and never
merged, divergence ranked across files, `validate DIR`, completion from the cache only, and the
per-file cache (500 files where one changed re-read one)."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_data import write_archive
from helpers import run, run_process

from factbox.errors import ExitCode

BROKEN_PROBLEM = "archive/broken.yaml:6:23: quotes[0].speaker: unknown speaker 'nobody' — the file has no speakers"
SKIPPED = [BROKEN_PROBLEM,
           "factbox: error: 1 of 4 files skipped, answered from the others: archive/broken.yaml: 1 problem"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive, written once and left 2 s to age, so that the cache trusts its files'
    identities (cache.RACY_NS) and completion can read the entries."""
    base = tmp_path_factory.mktemp("archive")
    write_archive(base)
    time.sleep(2.2)
    return base


@pytest.fixture(autouse=True)
def _in_root(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(root)
    yield


def rows(*args: str, code: int = ExitCode.PARTIAL, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    result = run(*args, "-f", "json", env=env)
    assert result.exit_code == code, result.stderr
    parsed: list[dict[str, object]] = json.loads(result.stdout)
    return parsed


def test_a_folder_is_every_factbox_below_it_and_a_broken_one_is_reported_and_skipped() -> None:
    result = run("quotes", "--data", "archive", "-f", "tsv")
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stderr.splitlines() == SKIPPED
    table = list(csv.reader(io.StringIO(result.stdout), delimiter="\t"))
    assert table[0][:3] == ["factbox", "id", "date"]
    # ordered by factbox, then as in each file; the hidden folder and the linked one are not read
    assert [(row[0], row[1]) for row in table[1:]] == [
        ("2025/december.yaml", "d1"), ("2025/december.yaml", "d2"), ("2025/december.yaml", "d3"),
        ("2025/november.yml", "n1"), ("2026/january.yaml", "j1"), ("2026/january.yaml", "j2")]


def test_every_format_has_the_factbox_first_with_several_files_and_not_with_one() -> None:
    for fmt in ("json", "jsonl", "csv", "tsv", "plain", "markdown"):
        several = run("speakers", "--data", "archive/2025", "-f", fmt)
        one = run("speakers", "--data", "archive/2026", "-f", fmt)  # a folder of one file: the usual shape
        assert several.exit_code == one.exit_code == 0, (several.stderr, one.stderr)
        assert "december.yaml" in several.stdout and "factbox" not in one.stdout
        assert one.stdout == run("speakers", "--data", "archive/2026/january.yaml", "-f", fmt).stdout
    assert list(rows("parties", "--data", "archive/2025", code=0)[0]) == ["factbox", "id", "name", "role", "aliases",
                                                                          "speakers", "positions", "quotes"]


def test_repeated_data_accumulates_and_names_each_path_as_given() -> None:
    found = rows("quotes", "--data", "archive/2026/january.yaml", "--data", "archive/2025", code=0)
    assert [(r["factbox"], r["id"]) for r in found] == [
        ("archive/2025/december.yaml", "d1"), ("archive/2025/december.yaml", "d2"),
        ("archive/2025/december.yaml", "d3"), ("archive/2025/november.yml", "n1"),
        ("archive/2026/january.yaml", "j1"), ("archive/2026/january.yaml", "j2")]
    # the same file named twice is read once
    twice = rows("quotes", "-d", "archive/2025", "-d", "archive/2025/november.yml", code=0)
    assert [r["id"] for r in twice] == ["d1", "d2", "d3", "n1"]


def test_factbox_data_holds_several_paths_separated_by_the_path_separator() -> None:
    paths = os.pathsep.join(["archive/2026", "archive/2025/november.yml"])
    assert [r["id"] for r in rows("quotes", code=0, env={"FACTBOX_DATA": paths})] == ["n1", "j1", "j2"]


def test_a_name_is_matched_in_each_file_and_an_id_meaning_two_people_is_not_merged() -> None:
    peskov = rows("quotes", "--data", "archive", "--speaker", "Peskov")
    assert [(r["factbox"], r["id"]) for r in peskov] == [("2025/december.yaml", "d1"), ("2025/november.yml", "n1")]
    smiths = rows("speakers", "--data", "archive")
    assert [(r["factbox"], r["name"], r["party_name"]) for r in smiths if r["id"] == "smith"] == [
        ("2025/december.yaml", "John Smith", "Northland"), ("2026/january.yaml", "Anna Smith", "Southland")]
    anna = rows("quotes", "--data", "archive", "--speaker", "Anna Smith")
    assert [(r["factbox"], r["speaker_name"]) for r in anna] == [("2026/january.yaml", "Anna Smith")] * 2
    # one name found in some files, another in others: each file answers for the names it has
    both = rows("quotes", "--data", "archive", "-s", "Anna Smith", "-s", "Okoro")
    assert [r["id"] for r in both] == ["d3", "j1", "j2"]
    # each name is found, but in no file together with the other: an empty answer, not an error
    assert rows("quotes", "--data", "archive", "--speaker", "Anna Smith", "--party", "Honest Broker") == []


def test_a_name_found_in_no_file_is_a_usage_error() -> None:
    result = run("quotes", "--data", "archive", "--speaker", "Peskov", "--speaker", "Nobody")
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr.splitlines()[0] == "factbox: error: no speaker 'Nobody' in any of the files"
    result = run("compare", "fisheries", "--data", "archive")
    assert result.exit_code == ExitCode.USAGE
    assert "no issue 'fisheries' in any of the files" in result.stderr


def test_a_limit_is_the_whole_answers_and_files_after_it_are_still_validated() -> None:
    """The two rows come from the first file; the broken file, last, is reported all the same,
    whether the files after the limit are cached or not."""
    for no_cache in (["--no-cache"], [], []):
        result = run("quotes", "--data", "archive", "--limit", "2", *no_cache, "-f", "json")
        assert [(r["factbox"], r["id"]) for r in json.loads(result.stdout)] == [
            ("2025/december.yaml", "d1"), ("2025/december.yaml", "d2")]
        assert (result.exit_code, result.stderr.splitlines()) == (ExitCode.PARTIAL, SKIPPED)


def test_the_files_after_a_limit_are_not_read_again_when_their_cache_entries_are_fresh(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Validating the rest costs a look at each cache entry, not a load, for a file cached fresh."""
    import factbox.loading
    from factbox.archive import Loader, members

    files = members(["archive"])
    assert run("quotes", "--data", "archive", "-f", "json").exit_code == ExitCode.PARTIAL  # caches the valid ones
    loaded: list[str] = []
    load = factbox.loading.load

    def counted(location: str, use_cache: bool = True) -> object:
        loaded.append(location)
        return load(location, use_cache=use_cache)

    monkeypatch.setattr(factbox.loading, "load", counted)
    loader = Loader(files, use_cache=True)
    next(iter(loader))
    loader.check_rest()
    assert loaded == ["archive/2025/december.yaml", "archive/broken.yaml"]
    assert [skipped.member.name for skipped in loader.skipped] == ["broken.yaml"]


@pytest.mark.parametrize("output", ["csv", "tsv", "json", "jsonl"])
def test_an_empty_answer_over_many_files_has_every_column(output: str, tmp_path: Path) -> None:
    """No file has both names (Okoro is in the first, the issue only in the second): no rows,
    and the header a full answer has, `factbox` first; one file's empty answer is the same
    less the `factbox` column."""
    import yaml
    from archive_data import FILES, ISSUES

    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(yaml.safe_dump(FILES["2025/december.yaml"]), encoding="utf-8")
    fisheries = {**FILES["2025/november.yml"], "issues": [*ISSUES, {"id": "fisheries", "title": "Fisheries"}]}
    second.write_text(yaml.safe_dump(fisheries), encoding="utf-8")
    both = run("quotes", "--data", str(first), "--data", str(second), "--speaker", "Okoro", "--issue", "fisheries",
               "-f", output)
    one = run("quotes", "--data", str(first), "--search", "fisheries", "-f", output)
    assert (both.exit_code, both.stderr, one.exit_code) == (0, "", 0)
    expected = {"csv": "factbox," + one.stdout, "tsv": "factbox\t" + one.stdout, "json": "[]\n", "jsonl": ""}
    assert (one.stdout.count("speaker_name") == 1) == (output in ("csv", "tsv"))
    assert both.stdout == expected[output]


def test_divergence_ranks_every_files_issues_together() -> None:
    ranked = rows("divergence", "--data", "archive")
    scored = [(r["rank"], r["factbox"], r["issue"], r["normalized_gap"]) for r in ranked if r["rank"] is not None]
    assert scored == [(1, "2025/december.yaml", "water", 1.0), (1, "2026/january.yaml", "dams", 1.0),
                      (3, "2025/november.yml", "border", 0.5), (4, "2025/december.yaml", "dams", 0.25)]
    assert all(r["rank"] is None for r in ranked[len(scored):])


def test_compare_is_per_factbox() -> None:
    compared = rows("compare", "dams", "--data", "archive/2025", "--data", "archive/2026", code=0)
    gaps = {(r["factbox"], r["party"]): r["issue_gap"] for r in compared}
    assert gaps[("archive/2025/december.yaml", "north")] == 1 and gaps[("archive/2026/january.yaml", "north")] == 4


def test_every_file_unreadable_is_a_data_error() -> None:
    result = run("quotes", "--data", "archive/broken.yaml", "--data", "archive/notes.txt")
    assert (result.exit_code, result.stdout) == (ExitCode.DATA, "")
    assert result.stderr.splitlines()[-1] == ("factbox: error: none of the 2 files could be read: "
                                              "archive/broken.yaml: 1 problem; archive/notes.txt: 1 problem")
    assert result.stderr.splitlines()[0] == BROKEN_PROBLEM


def test_an_empty_folder_is_a_data_error(root: Path) -> None:
    (root / "empty" / ".git").mkdir(parents=True, exist_ok=True)
    result = run("quotes", "--data", "empty")
    assert result.exit_code == ExitCode.DATA
    assert result.stderr.startswith("factbox: error: empty: no *.yaml or *.yml file in this folder or below it\n")


def test_validate_a_folder_checks_every_file() -> None:
    result = run("validate", "archive")
    assert result.exit_code == ExitCode.DATA
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "archive/2025/december.yaml", "archive/2025/november.yml", "archive/2026/january.yaml"]
    assert result.stderr.splitlines() == [BROKEN_PROBLEM, "factbox: error: archive/broken.yaml: 1 problem"]
    assert run("validate", "archive/2025").exit_code == 0


ONE_FILE_COMMANDS = {
    "add": ["add", "event", "--date", "2025", "--title", "Talks"],
    "edit": ["edit", "event", "1", "--title", "Talks"],
    "remove": ["remove", "event", "1"],
    "diff": ["diff"],
    "log": ["log"],
}


@pytest.mark.parametrize("command", ONE_FILE_COMMANDS)
@pytest.mark.parametrize(("data", "named"), [
    (["--data", "archive"], "a folder"),
    (["--data", "archive/2025/december.yaml", "--data", "archive/2026/january.yaml"], "2 paths"),
    ([], "2 paths"),  # FACTBOX_DATA with two paths
])
def test_commands_that_write_or_compare_versions_take_exactly_one_file(command: str, data: list[str],
                                                                       named: str) -> None:
    """One check and one message for all of them; nothing is written."""
    before = {path: path.read_bytes() for path in Path("archive").rglob("*.y*ml")}
    env = {} if data else {"FACTBOX_DATA": os.pathsep.join(["archive/2025/december.yaml", "archive/2026/january.yaml"])}
    result = run(*ONE_FILE_COMMANDS[command], *data, env=env)
    assert (result.exit_code, result.stdout, result.stderr) == (
        ExitCode.USAGE, "", f"factbox: error: this command reads one factbox file, and --data names {named}\n"
                            "hint: name one file with --data FILE\n")
    assert {path: path.read_bytes() for path in Path("archive").rglob("*.y*ml")} == before


def bash(line: str, cache: Path) -> list[str]:
    words = line.split(" ")
    process = run_process(env={"_FACTBOX_COMPLETE": "complete_bash", "COMP_WORDS": line,
                               "COMP_CWORD": str(len(words) - 1), "XDG_CACHE_HOME": str(cache)})
    assert (process.returncode, process.stderr) == (0, ""), process.stderr
    return [word for word in process.stdout.splitlines() if word]


def test_completion_on_a_folder_reads_only_the_cache(root: Path, tmp_path: Path) -> None:
    line = f"factbox quotes --data {root / 'archive'} --speaker "
    assert bash(line, tmp_path) == []  # nothing cached: nothing is parsed on a Tab
    run_process("speakers", "--data", str(root / "archive"), env={"XDG_CACHE_HOME": str(tmp_path)})
    assert bash(line, tmp_path) == ["peskov", "Peskov", "smith", "Smith", "okoro", "Okoro"]


def test_one_changed_file_of_five_hundred_is_the_only_one_read_again(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file has its own cache entry: counted in the parser, not timed."""
    from factbox import loading

    source = (Path("archive") / "2025" / "november.yml").read_text(encoding="utf-8")
    many = tmp_path / "many"
    for number in range(500):
        folder = many / f"{number // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"week-{number:03d}.yaml").write_text(source.replace("River talks", f"Week {number}"),
                                                        encoding="utf-8")
    parsed: list[str] = []
    real = loading.load_source
    monkeypatch.setattr(loading, "load_source", lambda text, warnings=None: parsed.append(text.name) or real(
        text, warnings))
    assert len(rows("quotes", "--data", str(many), "--speaker", "peskov", code=0)) == 500
    assert len(parsed) == 500
    parsed.clear()
    assert len(rows("quotes", "--data", str(many), "--speaker", "peskov", code=0)) == 500
    assert parsed == []
    changed = many / "03" / "week-342.yaml"
    changed.write_text(source.replace("Peace planning takes time.", "Peace planning takes longer."), encoding="utf-8")
    answer = rows("quotes", "--data", str(many), "--speaker", "peskov", code=0)
    assert parsed == [str(changed)]
    assert [r["text"] for r in answer if r["factbox"] == "03/week-342.yaml"] == ["Peace planning takes longer."]


@pytest.mark.parametrize("args", [["compare", "dams"], ["divergence"], ["timeline"], ["quotes"], ["speakers"]])
def test_every_terminal_view_says_which_factbox_each_row_is_from(args: list[str]) -> None:
    result = run(*args, "--data", "archive/2025", "--data", "archive/2026", "-f", "table", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    for name in ("archive/2025/december.yaml", "archive/2026/january.yaml"):
        assert name in result.stdout, (name, result.stdout)


def test_a_members_real_path_is_found_without_a_realpath_per_file(tmp_path: Path) -> None:
    """A folder's files sit where the folder really is (its folders are never links), and a
    file that is a link is where its target is: the name its cache entry goes by."""
    from factbox.archive import members

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    (elsewhere / "sub" / "a.yaml").write_text("x: 1\n")
    target = tmp_path / "target.yaml"
    target.write_text("x: 1\n")
    os.symlink(target, elsewhere / "sub" / "b.yaml")
    os.symlink(elsewhere, tmp_path / "alias")
    found = {member.name: member.real for member in members([str(tmp_path / "alias")])}
    assert found == {os.path.join("sub", "a.yaml"): os.path.realpath(elsewhere / "sub" / "a.yaml"),
                     os.path.join("sub", "b.yaml"): os.path.realpath(target)}
