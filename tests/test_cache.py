"""The on-disk cache (factbox/cache.py) is only ever a faster way to the same answer.

Checked through the real command line: every result is identical with the cache cold, warm,
turned off (`--no-cache`, FACTBOX_NO_CACHE=1) and after any damage to its entry; a changed
file is always re-read, even one of the same size and mtime; racing writers leave one valid
entry; an unwritable cache is no error; standard input is never cached; nothing is ever
written beside the data file. Correctness only — the timings are in benchmarks/.

Every test points XDG_CACHE_HOME at its own tmp_path, so no two tests share an entry and
~/.cache is never touched.
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from commands import LISTINGS
from helpers import run, run_process

from factbox import cache, model
from factbox.loading import load

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
from generate import factbox as synthetic_factbox  # noqa: E402
from generate import to_yaml  # noqa: E402

QUERIES: dict[str, tuple[str, ...]] = {
    "quotes": ("quotes",),
    "issues": ("issues",),
    "compare": ("compare", "{issue}"),
    "divergence": ("divergence",),
}


# --- helpers -----------------------------------------------------------------------------


def xdg(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "xdg")}


def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "xdg" / "factbox"


def entries(tmp_path: Path) -> list[str]:
    """Every name in the cache directory (entries, temporary files, anything) but the secret."""
    directory = cache_dir(tmp_path)
    return sorted(set(os.listdir(directory)) - {cache.SECRET}) if directory.is_dir() else []


def entry_path(tmp_path: Path, data: Path) -> Path:
    return cache_dir(tmp_path) / cache.entry_name(os.path.realpath(data))


def ok(result: Any) -> str:
    """Exit 0 and nothing at all on stderr; returns stdout."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return str(result.stdout)


def query(data: Path, name: str, issue: str, env: dict[str, str], *extra: str) -> str:
    args = [arg.format(issue=issue) for arg in QUERIES[name]]
    return ok(run(*args, "--data", str(data), "-f", "json", *extra, env=env))


def first_issue(data: Path) -> str:
    return load(str(data), use_cache=False).issues[0].id


def entry_is_valid(tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The entry loads as a cache hit, every quote and position decodes from it, and matches
    the file."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    reloaded: list[bool] = []

    def reload() -> Any:
        reloaded.append(True)
        return load(str(data), use_cache=False)

    entry = cache.open_entry(os.path.realpath(data))
    if entry is None or entry.digest != cache.digest(data.read_bytes()):
        return False
    hit = entry.factbox(reload=reload)
    if hit is None:
        return False
    quotes = list(hit.quotes)
    expected = load(str(data), use_cache=False)
    same = quotes == list(expected.quotes) and (hit.parties, hit.positions) == (expected.parties, expected.positions)
    return not reloaded and same


def plant(data: Path, factbox: Any) -> None:
    """Store `factbox` as the entry of `data`, as factbox itself would (with the user's secret)."""
    info = os.stat(data)
    cache.store(os.path.realpath(data), info, time.time_ns(), cache.digest(data.read_bytes()), factbox)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic factbox of 2,000 quotes (benchmarks/generate.py)."""
    path = tmp_path_factory.mktemp("generated") / "synthetic-2000.yaml"
    path.write_text(to_yaml(synthetic_factbox(2000)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def generated_expected(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each query's json on the generated file, read without any cache."""
    env = xdg(tmp_path_factory.mktemp("uncached"))
    return {name: query(generated, name, "topic-0", env, "--no-cache") for name in QUERIES}


@pytest.fixture
def data_copy(tmp_path: Path, bundled: Path) -> Path:
    """A private copy of the bundled dataset, in its own directory."""
    directory = tmp_path / "data"
    directory.mkdir()
    return Path(shutil.copy(bundled, directory / "positions.yaml"))


@pytest.fixture(params=["bundled", "generated"])
def dataset(request: pytest.FixtureRequest, tmp_path: Path, generated: Path) -> Path:
    source = request.getfixturevalue("bundled") if request.param == "bundled" else generated
    directory = tmp_path / "data"
    directory.mkdir()
    return Path(shutil.copy(source, directory / "factbox.yaml"))


# --- the same answers, cached or not -----------------------------------------------------


@pytest.mark.parametrize("name", list(QUERIES))
def test_results_are_identical_with_and_without_the_cache(tmp_path: Path, dataset: Path, name: str) -> None:
    env = xdg(tmp_path)
    issue = first_issue(dataset)
    direct = query(dataset, name, issue, env, "--no-cache")
    from_env = query(dataset, name, issue, {**env, "FACTBOX_NO_CACHE": "1"})
    assert entries(tmp_path) == [], "--no-cache and FACTBOX_NO_CACHE=1 must not write the cache"
    cold = query(dataset, name, issue, env)
    assert entries(tmp_path) == [entry_path(tmp_path, dataset).name]
    warm = query(dataset, name, issue, env)
    assert json.loads(direct), "the query should return rows"
    assert from_env == direct
    assert cold == direct
    assert warm == direct


def test_every_command_agrees_cold_warm_and_uncached(tmp_path: Path, generated: Path) -> None:
    env = xdg(tmp_path)
    commands = [("validate", str(generated))]
    commands += [(*args, "--data", str(generated), "-f", fmt)
                 for args in (("issues",), ("compare", "topic-3"), ("quotes", "--speaker", "speaker-7"),
                              ("quotes", "--issue", "issue-2-4", "--since", "2023"), ("parties",),
                              ("speakers",), ("search", "referendum"), ("divergence",), ("shifts",))
                 for fmt in ("json",)]
    commands.append(("quotes", "--data", str(generated), "-f", "tsv"))
    for args in commands:
        direct = ok(run(*args, "--no-cache", env=env))
        cold = ok(run(*args, env=env))
        warm = ok(run(*args, env=env))
        assert cold == direct, args
        assert warm == direct, args
    assert entries(tmp_path) == [entry_path(tmp_path, generated).name]


# --- one entry, written once, then reused ------------------------------------------------


def test_first_run_writes_exactly_one_entry_and_the_second_reuses_it(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    first = query(data_copy, "quotes", "", env)
    entry = entry_path(tmp_path, data_copy)
    assert entries(tmp_path) == [entry.name]
    before = entry.stat()
    second = query(data_copy, "quotes", "", env)
    after = entry.stat()
    assert second == first
    assert entries(tmp_path) == [entry.name]
    # A hit reads the entry and leaves it alone: not rewritten, not replaced.
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)


def test_a_warm_run_is_served_from_the_entry(tmp_path: Path, data_copy: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Proof that the entry is what a warm run reads: a (well-formed) entry planted under the
    file's key shows through. Nothing but the cache could produce this text."""
    env = xdg(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    factbox = load(str(data_copy), use_cache=False)
    planted = list(factbox.quotes)
    planted[0].text = "PLANTED IN THE CACHE"
    factbox.quotes = planted
    plant(data_copy, factbox)
    assert entries(tmp_path) == [entry_path(tmp_path, data_copy).name]
    out = json.loads(query(data_copy, "quotes", "", env))
    assert out[0]["text"] == "PLANTED IN THE CACHE"
    # ... and --no-cache reads the file itself.
    assert json.loads(query(data_copy, "quotes", "", env, "--no-cache"))[0]["text"] != "PLANTED IN THE CACHE"


def test_a_cached_factbox_decodes_its_positions_only_when_used(tmp_path: Path, data_copy: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Most of a model's bytes are its positions, which a quote query never looks at: across an
    archive, each file's would be decoded for nothing."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    expected = load(str(data_copy), use_cache=False)
    load(str(data_copy))  # stores the entry
    cached = load(str(data_copy))
    assert isinstance(cached, cache.CachedFactbox)
    assert [quote.id for quote in cached.quotes] == [quote.id for quote in expected.quotes]
    assert "positions" not in vars(cached)
    assert cached.positions == expected.positions
    assert "positions" in vars(cached)


def test_invalid_data_is_never_cached(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    good = data_copy.read_text(encoding="utf-8")
    data_copy.write_text(good.replace("format: factbox/1", "format: factbox/9", 1), encoding="utf-8")
    for _ in range(2):
        result = run("validate", str(data_copy), env=env)
        assert result.exit_code == 1
        assert "factbox/9" in result.stderr
    assert entries(tmp_path) == []
    data_copy.write_text(good, encoding="utf-8")
    assert ok(run("validate", str(data_copy), env=env)).endswith("25 quotes, 1 source, 7 events\n")
    assert entries(tmp_path) == [entry_path(tmp_path, data_copy).name]


# --- a changed file is always re-read ----------------------------------------------------


def test_changed_file_of_same_size_and_mtime_is_read_again(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    before = json.loads(query(data_copy, "quotes", "", env))
    raw = data_copy.read_bytes()
    number, text = next((n, q["text"]) for n, q in enumerate(before) if raw.count(q["text"].encode()) == 1)
    info = data_copy.stat()
    position = raw.index(text.encode("utf-8"))
    old = raw[position:position + 1]
    new = b"X" if old != b"X" else b"Y"
    data_copy.write_bytes(raw[:position] + new + raw[position + 1:])
    os.utime(data_copy, ns=(info.st_atime_ns, info.st_mtime_ns))
    after_info = data_copy.stat()
    assert (after_info.st_size, after_info.st_mtime_ns) == (info.st_size, info.st_mtime_ns)

    after = json.loads(query(data_copy, "quotes", "", env))
    assert after[number]["text"] == new.decode() + text[1:]
    assert after[:number] + after[number + 1:] == before[:number] + before[number + 1:]
    assert after == json.loads(query(data_copy, "quotes", "", env, "--no-cache"))
    # One entry per file: the new content replaced the old one's.
    assert entries(tmp_path) == [entry_path(tmp_path, data_copy).name]


def test_an_edited_file_replaces_its_own_entry_and_other_files_keep_theirs(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    other = Path(shutil.copy(data_copy, data_copy.with_name("other.yaml")))
    original = data_copy.read_bytes()
    first = query(data_copy, "quotes", "", env)
    query(other, "quotes", "", env)
    kept = entry_path(tmp_path, other).stat()
    text = next(q["text"].encode() for q in json.loads(first) if original.count(q["text"].encode()) == 1)
    data_copy.write_bytes(original.replace(text, text.upper(), 1))
    changed = query(data_copy, "quotes", "", env)
    assert changed != first
    assert changed == query(data_copy, "quotes", "", env, "--no-cache")
    data_copy.write_bytes(original)
    assert query(data_copy, "quotes", "", env) == first
    assert entries(tmp_path) == sorted([entry_path(tmp_path, data_copy).name, entry_path(tmp_path, other).name])
    after = entry_path(tmp_path, other).stat()
    assert (after.st_ino, after.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)


# --- a damaged entry is a miss, silently, and is rebuilt ---------------------------------


def _split(raw: bytes) -> tuple[dict[str, Any], bytes]:
    """The decoded header and the body of a well-formed entry."""
    _, length, _ = cache._PREFIX.unpack_from(raw, 0)
    return marshal.loads(raw[len(raw) - length:]), raw[cache._PREFIX.size:len(raw) - length]


def _join(header: dict[str, Any], body: bytes, secret: bytes) -> bytes:
    """An entry of this header and body, its header signed with `secret`."""
    encoded = marshal.dumps(header)
    return cache._PREFIX.pack(cache.MAGIC, len(encoded), cache._mac(secret, encoded)) + body + encoded


def _secret(raw: bytes) -> bytes:
    """The user's own secret (damage done as the user, not by an attacker who lacks it)."""
    return (cache.cache_dir() / cache.SECRET).read_bytes()


def _with_header(raw: bytes, **changes: Any) -> bytes:
    header, body = _split(raw)
    return _join({**header, **changes}, body, _secret(raw))


def _random_bytes(raw: bytes) -> bytes:
    return os.urandom(len(raw))


def _truncated(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _empty(raw: bytes) -> bytes:
    return b""


def _wrong_magic(raw: bytes) -> bytes:
    return b"NOTMAGIC" + raw[8:]


def _other_version(raw: bytes) -> bytes:
    return _with_header(raw, layout="0:0.0.0:2.7")


def _other_file(raw: bytes) -> bytes:
    """A well-formed entry of some other file, under this file's name."""
    return _with_header(raw, path="/elsewhere/factbox.yaml")


def _other_content(raw: bytes) -> bytes:
    """An entry built from other bytes, read within a timestamp tick of the file's last change
    (racy): a file edited in that tick keeps its identity, and is caught by its hash."""
    header, _ = _split(raw)
    _, _, _, mtime_ns, ctime_ns = header["identity"]
    return _with_header(raw, digest="0" * 64, read_ns=max(mtime_ns, ctime_ns))


def _damaged_records(raw: bytes) -> bytes:
    """Header intact; bytes flipped in the middle of the body (the quote records)."""
    _, body = _split(raw)
    middle = cache._PREFIX.size + len(body) // 2
    damaged = bytearray(raw)
    for index in range(middle, middle + 32):
        damaged[index] ^= 0xFF
    return bytes(damaged)


def _damaged_section(name: str) -> Callable[[bytes], bytes]:
    """Header and table of sections intact; bytes flipped in one section (the positions are
    read only when a query uses them, long after the entry was opened)."""

    def damage(raw: bytes) -> bytes:
        header, body = _split(raw)
        at, size, _ = header["sections"]
        offset, length, _ = marshal.loads(body[at:at + size])[name]
        damaged = bytearray(raw)
        for index in range(cache._PREFIX.size + offset, cache._PREFIX.size + offset + min(length, 32)):
            damaged[index] ^= 0xFF
        return bytes(damaged)

    return damage


def _one_byte_more(raw: bytes) -> bytes:
    return raw + b"\x00"


DAMAGE = {
    "random-bytes": _random_bytes,
    "truncated": _truncated,
    "empty": _empty,
    "wrong-magic": _wrong_magic,
    "other-version": _other_version,
    "other-file": _other_file,
    "other-content": _other_content,
    "damaged-quote-records": _damaged_records,
    "damaged-positions": _damaged_section("positions"),
    "damaged-core": _damaged_section("core"),
    "trailing-byte": _one_byte_more,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_entry_is_ignored_silently(tmp_path: Path, generated: Path, generated_expected: dict[str, str],
                                           damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    env = xdg(tmp_path)
    expected = generated_expected
    query(generated, "quotes", "", env)
    entry = entry_path(tmp_path, generated)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    damaged = DAMAGE[damage](entry.read_bytes())
    assert damaged != entry.read_bytes() or damage == "empty"
    entry.write_bytes(damaged)
    for name in QUERIES:
        assert query(generated, name, "topic-0", env) == expected[name], name
        assert entries(tmp_path) == [entry.name]
    # Through a real process too.
    process = run_process("quotes", "--data", str(generated), "-f", "json", env=env)
    assert (process.returncode, process.stderr) == (0, "")
    assert process.stdout == expected["quotes"]


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_entry_is_rebuilt(tmp_path: Path, generated: Path, damage: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    env = xdg(tmp_path)
    query(generated, "quotes", "", env)
    entry = entry_path(tmp_path, generated)
    assert entry_is_valid(tmp_path, generated, monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    assert not entry_is_valid(tmp_path, generated, monkeypatch)
    for name in QUERIES:  # a damaged part is found when a query reads it (compare: the positions)
        query(generated, name, "topic-0", env)
    assert entries(tmp_path) == [entry.name]
    assert entry_is_valid(tmp_path, generated, monkeypatch), "the next run should leave a good entry"


def test_an_entry_that_is_a_directory_is_a_miss(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    expected = query(data_copy, "quotes", "", env, "--no-cache")
    entry = entry_path(tmp_path, data_copy)
    entry.mkdir(parents=True)
    assert query(data_copy, "quotes", "", env) == expected
    assert entries(tmp_path) == [entry.name]


def test_an_entry_that_is_a_fifo_is_a_miss_not_a_hang(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    expected = ok(run("parties", "--data", str(data_copy), "-f", "json", "--no-cache", env=env))
    entry = entry_path(tmp_path, data_copy)
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry)
    full_env = {**os.environ, **env}
    try:
        result = subprocess.run([sys.executable, "-m", "factbox", "parties", "--data", str(data_copy), "-f", "json"],
                                capture_output=True, text=True, env=full_env, timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("factbox hung on a FIFO in the cache directory")
    assert (result.returncode, result.stderr, result.stdout) == (0, "", expected)


# --- racing writers ----------------------------------------------------------------------


def test_racing_processes_leave_one_valid_entry(tmp_path: Path, generated: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    env = {**os.environ, **xdg(tmp_path)}
    for name in ("FACTBOX_DATA", "FACTBOX_FORMAT", "FACTBOX_NO_CACHE"):
        env.pop(name, None)
    expected = query(generated, "quotes", "", xdg(tmp_path), "--no-cache")
    assert entries(tmp_path) == []
    command = [sys.executable, "-m", "factbox", "quotes", "--data", str(generated), "-f", "json"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for _ in range(4)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0]
    assert [err for _, err in results] == ["", "", "", ""]
    assert all(out == expected for out, _ in results)
    assert entries(tmp_path) == [entry_path(tmp_path, generated).name]
    assert entry_is_valid(tmp_path, generated, monkeypatch)


# --- a cache that cannot be written ------------------------------------------------------


def test_read_only_cache_directory_still_answers(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    expected = query(data_copy, "quotes", "", env, "--no-cache")
    directory = cache_dir(tmp_path)
    directory.mkdir(parents=True)
    directory.chmod(0o500)
    try:
        assert query(data_copy, "quotes", "", env) == expected
        process = run_process("quotes", "--data", str(data_copy), "-f", "json", env=env)
        assert (process.returncode, process.stderr, process.stdout) == (0, "", expected)
        if os.geteuid() != 0:  # root may write anyway
            assert entries(tmp_path) == []
        assert not [name for name in entries(tmp_path) if name.startswith(".tmp-")]
    finally:
        directory.chmod(0o700)


@pytest.mark.parametrize("where", ["xdg-is-a-file", "factbox-dir-is-a-file"])
def test_cache_location_that_is_a_file_still_answers(tmp_path: Path, data_copy: Path, where: str) -> None:
    expected = query(data_copy, "quotes", "", xdg(tmp_path), "--no-cache")
    if where == "xdg-is-a-file":
        blocker = tmp_path / "xdg-file"
        env = {"XDG_CACHE_HOME": str(blocker)}
    else:
        (tmp_path / "xdg").mkdir()
        blocker = tmp_path / "xdg" / "factbox"
        env = xdg(tmp_path)
    blocker.write_text("not a directory\n")
    for _ in range(2):
        assert query(data_copy, "quotes", "", env) == expected
    process = run_process("validate", str(data_copy), env=env)
    assert (process.returncode, process.stderr) == (0, "")
    assert blocker.read_text() == "not a directory\n"


def test_unreadable_entry_is_a_miss(tmp_path: Path, data_copy: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read a file whatever its mode")
    env = xdg(tmp_path)
    expected = query(data_copy, "quotes", "", env)
    entry = entry_path(tmp_path, data_copy)
    entry.chmod(0)
    try:
        assert query(data_copy, "quotes", "", env) == expected
    finally:
        entry.chmod(stat.S_IRUSR | stat.S_IWUSR)


# --- standard input is never cached ------------------------------------------------------


@pytest.mark.parametrize("args", [("quotes", "-f", "json"), ("issues", "-f", "json"), ("validate",)])
def test_standard_input_is_never_cached(tmp_path: Path, bundled: Path, args: tuple[str, ...]) -> None:
    env = xdg(tmp_path)
    text = bundled.read_text(encoding="utf-8")
    if args[0] == "validate":
        piped = ok(run("validate", "-", input=text, env=env))
        assert piped.startswith("<stdin>: valid factbox/1")
        ok(run("validate", "-", input=text, env=env))
    else:
        expected = ok(run(*args, "--data", str(bundled), "--no-cache", env=env))
        for _ in range(2):
            assert ok(run(*args, "--data", "-", input=text, env=env)) == expected
        assert ok(run(*args, input=text, env={**env, "FACTBOX_DATA": "-"})) == expected
    assert entries(tmp_path) == []
    process = run_process(*args, *(("-",) if args[0] == "validate" else ("--data", "-")), input=text, env=env)
    assert (process.returncode, process.stderr) == (0, "")
    assert entries(tmp_path) == []


# --- nothing is written beside the data ---------------------------------------------------


def _snapshot(directory: Path, data: Path) -> tuple[list[str], bytes, int, int]:
    info = data.stat()
    return sorted(os.listdir(directory)), data.read_bytes(), info.st_mtime_ns, info.st_mode


# diff reads the files it names (not --data), and log a file's git history (none here):
# tests/test_diff.py and tests/test_log.py cover them.
ALL_COMMANDS: list[tuple[str, ...]] = [("quotes",), *(tuple(sample.bundled) for name, sample in LISTINGS.items()
                                                      if name not in ("diff", "log"))]


def test_nothing_is_written_beside_the_data_file(tmp_path: Path, data_copy: Path) -> None:
    env = xdg(tmp_path)
    directory = data_copy.parent
    before = _snapshot(directory, data_copy)
    assert before[0] == ["positions.yaml"]
    for no_cache in ((), ("--no-cache",)):
        ok(run("validate", str(data_copy), *no_cache, env=env))
        assert _snapshot(directory, data_copy) == before
        for args in ALL_COMMANDS:
            for fmt in ("json", "table"):
                ok(run(*args, "--data", str(data_copy), "-f", fmt, *no_cache, env=env))
                assert _snapshot(directory, data_copy) == before, (args, fmt, no_cache)
    # A real process whose working directory is the data's directory writes nothing there either.
    for args in (("validate", "positions.yaml"), ("quotes", "--data", "positions.yaml", "-f", "json")):
        process = run_process(*args, env=env, cwd=directory)
        assert (process.returncode, process.stderr) == (0, "")
        assert _snapshot(directory, data_copy) == before
    assert entries(tmp_path) == [entry_path(tmp_path, data_copy).name]


# --- the entry's indexes ------------------------------------------------------------------


def test_the_entrys_indexes_agree_with_the_file(tmp_path: Path, generated: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    plain = load(str(generated), use_cache=False)
    plain.quote_counts("speaker")  # its own index is made now, before index_quotes is watched
    built: list[str] = []
    index_quotes = model.index_quotes

    def watched(*args: Any, **kwargs: Any) -> Any:
        built.append("an index of the model's own")
        return index_quotes(*args, **kwargs)

    monkeypatch.setattr(model, "index_quotes", watched)
    first = load(str(generated))  # a first run: the model keeps the index its entry was made with
    cached = load(str(generated))
    assert isinstance(cached.quotes, cache.QuoteRecords) and not isinstance(first.quotes, cache.QuoteRecords)
    years = sorted({str(q.date.year) for q in plain.quotes if q.date is not None})
    for kind, keys in (("speaker", [s.id for s in plain.speakers]), ("issue", [i.id for i in plain.issues]),
                       ("year", years), ("undated", [""]), ("id", [q.id for q in plain.quotes[::97]])):
        for key in keys:
            expected = list(plain.quote_numbers(kind, key))
            assert list(cached.quote_numbers(kind, key)) == list(first.quote_numbers(kind, key)) == expected, \
                (kind, key)
    for kind in ("speaker", "issue", "year", "undated"):
        assert cached.quote_counts(kind) == first.quote_counts(kind) == plain.quote_counts(kind)
    for answers in (cached, first):
        assert list(answers.quote_numbers("speaker", "nobody")) == list(answers.quote_numbers("id", "q-x")) == []
    assert built == []  # the first run's model never built an index of its own
