"""The cache cannot be forged or turned against its user (issue 17), and finding an entry does
not read the file (issue 18).

A planted entry that would make `quotes --speaker Peskov` print words Peskov never said is
ignored however it is made: signed with another key, with its checksums recomputed, owned by
another user, writable by others. Truncated and crafted entries are misses, never an error, a
hang or a flood of memory. Only factbox's own names are pruned; a kill during a write leaves no
temporary file. Every test has its own cache directory (XDG_CACHE_HOME in tmp_path).
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from factbox import cache, loading
from factbox.loading import load

FORGED = "I never said this: the cache did."


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    monkeypatch.setenv("XDG_CACHE_HOME", values["XDG_CACHE_HOME"])
    return values


@pytest.fixture
def data(tmp_path: Path, bundled: Path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    return Path(shutil.copy(bundled, directory / "positions.yaml"))


def directory() -> Path:
    return cache.cache_dir()


def entry_of(data: Path) -> Path:
    return directory() / cache.entry_name(os.path.realpath(data))


def peskov(data: Path, env: dict[str, str]) -> list[str]:
    result = run("quotes", "--speaker", "Peskov", "--data", str(data), "-f", "json", env=env)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return [quote["text"] for quote in json.loads(result.stdout)]


def russia_stances(data: Path, env: dict[str, str]) -> list[Any]:
    result = run("compare", "territory", "--party", "russia", "--data", str(data), "-f", "json", env=env)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return [row.get("stance") for row in json.loads(result.stdout)]


def forged_factbox(data: Path) -> Any:
    """The file's factbox with Peskov's quotes rewritten and Russia's stances turned around."""
    factbox = load(str(data), use_cache=False)
    quotes = list(factbox.quotes)
    for quote in quotes:
        if quote.speaker == "peskov":
            quote.text = FORGED
    factbox.quotes = quotes
    for position in factbox.positions:
        if position.party == "russia" and position.stance is not None:
            position.stance = -position.stance
    return factbox


def plant(data: Path, factbox: Any) -> None:
    """Write `factbox` as the entry of `data` the way factbox does, with the user's secret."""
    content = cache.digest(data.read_bytes())
    cache.store(os.path.realpath(data), os.stat(data), time.time_ns(), content, factbox)


def assert_truthful(data: Path, env: dict[str, str]) -> None:
    said = peskov(data, env)
    assert said and FORGED not in said
    assert russia_stances(data, env) == russia_stances(data, {**env, "FACTBOX_NO_CACHE": "1"})


def test_the_plant_shows_through_when_signed_with_the_users_secret(data: Path, env: dict[str, str]) -> None:
    """The control for every test below: the planted entry is read, when it is genuine."""
    honest = russia_stances(data, {**env, "FACTBOX_NO_CACHE": "1"})
    plant(data, forged_factbox(data))
    assert set(peskov(data, env)) == {FORGED}
    assert russia_stances(data, env) != honest


def _sign_as_attacker(data: Path, forged: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The bytes of an entry built in the attacker's own cache, with the attacker's key."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    plant(data, forged)
    raw = entry_of(data).read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return raw


def test_an_entry_signed_with_another_key_is_ignored(data: Path, env: dict[str, str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    peskov(data, env)  # the user's own cache, with its secret
    forged = _sign_as_attacker(data, forged_factbox(data), tmp_path, monkeypatch)
    entry_of(data).write_bytes(forged)
    assert_truthful(data, env)


def _recomputed(raw: bytes, secret: bytes) -> bytes:
    """The user's genuine entry with Peskov's quotes rewritten and every MAC recomputed with
    `secret` (all an attacker without the user's secret can do)."""
    from array import array

    _, length, _ = cache._PREFIX.unpack_from(raw, 0)
    header = marshal.loads(raw[len(raw) - length:])
    body = raw[cache._PREFIX.size:len(raw) - length]
    offsets = array("Q")
    offsets.frombytes(body[header["table"]:])
    pieces = [body[:offsets[0]]]
    new_offsets = array("Q", [offsets[0]])
    speaker, text = cache.Quote.__slots__.index("speaker"), cache.Quote.__slots__.index("text")
    for number in range(header["quotes"]):
        row = list(marshal.loads(body[offsets[number] + cache._RECORD_MAC:offsets[number + 1]]))
        if row[speaker] == "peskov":
            row[text] = FORGED
        data = marshal.dumps(tuple(row))
        pieces.append(cache._record_mac(secret, header["salt"], number, data) + data)
        new_offsets.append(new_offsets[-1] + cache._RECORD_MAC + len(data))
    # What follows the quote records (the cited section, then the sections' table) moves with
    # their new length; every section's MAC is recomputed, and the table's.
    end, moved = offsets[-1], new_offsets[-1] - offsets[-1]
    at, size, _ = header["sections"]
    sections = {name: (offset + moved if offset >= end else offset, length,
                       cache._mac(secret, body[offset:offset + length]))
                for name, (offset, length, _) in marshal.loads(body[at:at + size]).items()}
    pieces.append(body[end:at])
    table_of_sections = marshal.dumps(sections)
    pieces.append(table_of_sections)
    at = new_offsets[-1] + at - end
    table = at + len(table_of_sections)
    pieces.append(new_offsets.tobytes())
    header = {**header, "sections": (at, len(table_of_sections), cache._mac(secret, table_of_sections)),
              "table": table, "body": table + 8 * len(new_offsets)}
    encoded = marshal.dumps(header)
    return cache._PREFIX.pack(cache.MAGIC, len(encoded), cache._mac(secret, encoded)) + b"".join(pieces) + encoded


@pytest.mark.parametrize("secret", [b"\x00" * 32, b"guessed".ljust(32, b"!")])
def test_an_entry_with_its_checksums_recomputed_is_ignored(data: Path, env: dict[str, str], secret: bytes) -> None:
    peskov(data, env)
    genuine = entry_of(data).read_bytes()
    user_secret = (directory() / cache.SECRET).read_bytes()
    assert set(peskov_from(_recomputed(genuine, user_secret), data, env)) == {FORGED}, "the forgery works when signed"
    entry_of(data).write_bytes(_recomputed(genuine, secret))
    assert_truthful(data, env)


def peskov_from(raw: bytes, data: Path, env: dict[str, str]) -> list[str]:
    entry_of(data).write_bytes(raw)
    return peskov(data, env)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user takes root")
@pytest.mark.parametrize("what", ["entry", "directory", "secret"])
def test_an_entry_of_another_users_is_ignored(data: Path, env: dict[str, str], what: str) -> None:
    plant(data, forged_factbox(data))
    target = {"entry": entry_of(data), "directory": directory(), "secret": directory() / cache.SECRET}[what]
    os.chown(target, 65534, 65534)
    assert_truthful(data, env)


def test_ownership_is_checked_against_the_user_running(data: Path, env: dict[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plant(data, forged_factbox(data))
    real = os.geteuid()
    monkeypatch.setattr(cache.os, "geteuid", lambda: real + 1)
    assert_truthful(data, env)


@pytest.mark.parametrize(("what", "mode"), [("entry", 0o620), ("entry", 0o602), ("directory", 0o770),
                                            ("directory", 0o707), ("secret", 0o640), ("secret", 0o604)])
def test_an_entry_others_could_write_or_sign_is_ignored(data: Path, env: dict[str, str], what: str,
                                                        mode: int) -> None:
    plant(data, forged_factbox(data))
    target = {"entry": entry_of(data), "directory": directory(), "secret": directory() / cache.SECRET}[what]
    target.chmod(mode)
    assert_truthful(data, env)


def test_a_secret_others_can_read_is_replaced_and_old_entries_are_misses(data: Path, env: dict[str, str]) -> None:
    plant(data, forged_factbox(data))
    secret = directory() / cache.SECRET
    before = secret.read_bytes()
    secret.chmod(0o644)
    assert_truthful(data, env)  # a miss, rebuilt under a new secret
    assert secret.read_bytes() != before
    assert secret.stat().st_mode & 0o777 == 0o600


def test_the_directory_and_files_are_private(data: Path, env: dict[str, str]) -> None:
    os.umask(old := os.umask(0))  # the most permissive umask: the modes are factbox's own
    try:
        peskov(data, env)
    finally:
        os.umask(old)
    assert directory().stat().st_mode & 0o777 == 0o700
    assert (directory() / cache.SECRET).stat().st_mode & 0o777 == 0o600
    assert entry_of(data).stat().st_mode & 0o777 == 0o600


def test_a_symlink_in_place_of_an_entry_or_secret_is_not_followed(data: Path, env: dict[str, str],
                                                                  tmp_path: Path) -> None:
    plant(data, forged_factbox(data))
    elsewhere = tmp_path / "elsewhere.fbc"
    entry_of(data).rename(elsewhere)
    entry_of(data).symlink_to(elsewhere)
    assert_truthful(data, env)


# --- truncated and crafted entries ---------------------------------------------------------


def _genuine(data: Path, env: dict[str, str]) -> bytes:
    peskov(data, env)
    return entry_of(data).read_bytes()


@pytest.mark.parametrize("cut", [0, 1, 8, 12, 44, 100, -500, -1])
def test_a_truncated_entry_is_a_miss(data: Path, env: dict[str, str], cut: int) -> None:
    expected = peskov(data, {**env, "FACTBOX_NO_CACHE": "1"})
    raw = _genuine(data, env)
    entry_of(data).write_bytes(raw[:cut])
    assert peskov(data, env) == expected
    assert len(entry_of(data).read_bytes()) == len(raw), "rebuilt"


def test_an_entry_truncated_while_in_use_is_read_from_the_file(data: Path, env: dict[str, str]) -> None:
    """The old cache mapped entries: truncating one under a reader killed it with SIGBUS."""
    _genuine(data, env)
    factbox = load(str(data))
    with open(entry_of(data), "r+b") as handle:
        handle.truncate(cache._PREFIX.size + 10)
    assert list(factbox.quotes) == list(load(str(data), use_cache=False).quotes)


def _crafted(raw: bytes, **changes: Any) -> bytes:
    """The genuine entry with header fields changed, signed with the user's own secret: the
    worst case (only the user can do it), still a miss."""
    _, length, _ = cache._PREFIX.unpack_from(raw, 0)
    header = {**marshal.loads(raw[len(raw) - length:]), **changes}
    encoded = marshal.dumps(header)
    secret = (directory() / cache.SECRET).read_bytes()
    body = raw[cache._PREFIX.size:len(raw) - length]
    return cache._PREFIX.pack(cache.MAGIC, len(encoded), cache._mac(secret, encoded)) + body + encoded


CRAFTED: dict[str, Any] = {
    "a billion quotes": {"quotes": 10**9},
    "a table past the end": {"table": 2**62},
    "a negative table": {"table": -100},
    "a table of the wrong type": {"table": "table"},
    "a salt of the wrong type": {"salt": None},
    "sections' table past the end": {"sections": (2**62, 10, bytes(32))},
    "sections' table of the wrong type": {"sections": {"core": None, "by-speaker": 7}},
    "sections' table with a wrong MAC": {"sections": (0, 10, bytes(32))},
    "header not a dict": None,
    "no identity": {"identity": None},
    "no digest": {"digest": 7},
    "no read time": {"read_ns": "now"},
}


@pytest.mark.parametrize("craft", list(CRAFTED))
def test_a_crafted_entry_is_a_miss_not_an_error_a_loop_or_a_flood(data: Path, env: dict[str, str],
                                                                   craft: str) -> None:
    expected = peskov(data, {**env, "FACTBOX_NO_CACHE": "1"})
    raw = _genuine(data, env)
    if CRAFTED[craft] is None:
        encoded = marshal.dumps([1, 2, 3])
        secret = (directory() / cache.SECRET).read_bytes()
        crafted = cache._PREFIX.pack(cache.MAGIC, len(encoded), cache._mac(secret, encoded)) + encoded
    else:
        crafted = _crafted(raw, **CRAFTED[craft])
    entry_of(data).write_bytes(crafted)
    assert peskov(data, env) == expected
    result = run("issues", "--data", str(data), "-f", "json", env=env)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_header_length_past_the_end_is_a_miss(data: Path, env: dict[str, str]) -> None:
    expected = peskov(data, {**env, "FACTBOX_NO_CACHE": "1"})
    raw = _genuine(data, env)
    entry_of(data).write_bytes(cache._PREFIX.pack(cache.MAGIC, 2**32 - 1, b"\x00" * 32) + raw[cache._PREFIX.size:])
    assert peskov(data, env) == expected


# --- finding the entry does not read the file ----------------------------------------------


@pytest.fixture
def not_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files in tests are written just before they are read, so every one is racy; with no
    margin, the identity alone decides, as it does for a file last changed a while ago."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


def _forbid_reading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []

    def read_bytes(location: str) -> bytes:
        reads.append(location)
        return Path(location).read_bytes()

    monkeypatch.setattr(loading, "read_bytes", read_bytes)
    return reads


def test_a_warm_run_does_not_read_the_file(data: Path, env: dict[str, str], not_racy: None,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    expected = peskov(data, env)
    reads = _forbid_reading(monkeypatch)
    assert peskov(data, env) == expected
    assert reads == []


def test_a_racy_entry_hashes_the_file(data: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Written just now, the file is racy: its bytes are read and hashed on every run."""
    expected = peskov(data, env)
    reads = _forbid_reading(monkeypatch)
    assert peskov(data, env) == expected
    assert reads == [str(data)]


class _Coarse:
    """A file's status as a file system with one-second timestamps reports it."""

    def __init__(self, info: os.stat_result) -> None:
        self._info = info
        self.st_mtime_ns = info.st_mtime_ns // 10**9 * 10**9
        self.st_ctime_ns = info.st_ctime_ns // 10**9 * 10**9

    def __getattr__(self, name: str) -> Any:
        return getattr(self._info, name)


def test_an_edit_within_a_timestamp_tick_is_caught_by_the_racy_rule(data: Path, env: dict[str, str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With coarse timestamps, an edit just after a read keeps every field of the identity
    (the mtime put back by hand, the ctime in the same second). The racy rule is what catches
    it: with no margin (RACY_NS = 0) this edit goes unseen, unless a second boundary falls
    in between."""
    import types

    monkeypatch.setattr(loading, "os", types.SimpleNamespace(path=os.path, stat=lambda p: _Coarse(os.stat(p))))
    before = peskov(data, env)
    info = data.stat()
    raw = data.read_bytes()
    first = unique(before, data)
    data.write_bytes(raw.replace(b'text: "' + first, b'text: "' + first.swapcase(), 1))
    os.utime(data, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert first.swapcase().decode() in "\n".join(peskov(data, env))


def unique(texts: list[str], data: Path) -> bytes:
    """A quote's text as written in the file (`text: "..."`), to edit."""
    raw = data.read_bytes()
    return next(text.encode() for text in texts if raw.count(f'text: "{text}"'.encode()) == 1)


def test_a_same_size_same_mtime_edit_is_read_again(data: Path, env: dict[str, str], not_racy: None) -> None:
    before = peskov(data, env)
    info = data.stat()
    first = unique(before, data)
    data.write_bytes(data.read_bytes().replace(b'text: "' + first, b'text: "' + first.swapcase(), 1))
    os.utime(data, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (data.stat().st_size, data.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert first.swapcase().decode() in "\n".join(peskov(data, env))


def test_the_same_bytes_under_a_new_inode_reuse_the_entry(data: Path, env: dict[str, str], not_racy: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    expected = peskov(data, env)
    copy = data.with_name("copy.yaml")
    shutil.copy(data, copy)
    copy.replace(data)  # same path and bytes, another inode
    parsed: list[str] = []
    parse = loading.load_source
    monkeypatch.setattr(loading, "load_source", lambda source: parsed.append(source.name) or parse(source))
    reads = _forbid_reading(monkeypatch)
    assert peskov(data, env) == expected
    assert (parsed, reads) == ([], [str(data)]), "hashed, not parsed"
    assert peskov(data, env) == expected
    assert (parsed, reads) == ([], [str(data)]), "the new identity was recorded: not even hashed"


def test_a_file_replaced_by_rename_is_read_again(data: Path, env: dict[str, str], not_racy: None) -> None:
    before = peskov(data, env)
    info = data.stat()
    first = unique(before, data)
    new = data.with_name("new.yaml")
    new.write_bytes(data.read_bytes().replace(b'text: "' + first, b'text: "' + first.swapcase(), 1))
    os.utime(new, ns=(info.st_atime_ns, info.st_mtime_ns))
    new.replace(data)
    assert first.swapcase().decode() in "\n".join(peskov(data, env))


def test_a_file_reached_through_a_link_shares_its_entry(data: Path, env: dict[str, str]) -> None:
    link = data.with_name("link.yaml")
    link.symlink_to(data)
    assert peskov(link, env) == peskov(data, env)
    assert sorted(cache_names()) == [entry_of(data).name]


def cache_names() -> list[str]:
    return [name for name in os.listdir(directory()) if name != cache.SECRET]


# --- the directory: pruning, sweeping, the size bound, info and clear -----------------------


def test_pruning_touches_only_factbox_entries_and_survives_bad_ones(data: Path, env: dict[str, str]) -> None:
    peskov(data, env)
    others = ["notes.txt", "ABCDEF.fbc", "x" * 32 + ".fbc", "0" * 31 + ".fbc"]
    for name in others:
        (directory() / name).write_text("not an entry\n")
    (directory() / ("1" * 32 + ".fbc")).mkdir()  # a directory with an entry's name
    (directory() / ("2" * 32 + ".fbc")).symlink_to("/nonexistent")  # a dangling link
    other = Path(shutil.copy(data, data.with_name("other.yaml")))
    peskov(other, {**env, "FACTBOX_CACHE_SIZE": "1"})  # a miss, written, then everything evictable evicted
    names = set(cache_names())
    assert set(others) | {"1" * 32 + ".fbc", "2" * 32 + ".fbc"} == names


def test_stale_temporary_files_are_swept_and_live_ones_kept(data: Path, env: dict[str, str]) -> None:
    peskov(data, env)
    stale = directory() / f"{cache.TEMPORARY}dead{cache.SUFFIX}"
    live = directory() / f"{cache.TEMPORARY}busy{cache.SUFFIX}"
    stale.write_bytes(b"half an entry")
    live.write_bytes(b"being written")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    entry_of(data).unlink()
    peskov(data, env)  # a miss: writes, then prunes
    assert not stale.exists()
    assert live.exists()


def _sizes(names: list[str]) -> int:
    return sum((directory() / name).stat().st_size for name in names)


def test_the_cache_is_bounded_by_size_evicting_the_least_recently_used(data: Path, env: dict[str, str],
                                                                       tmp_path: Path) -> None:
    files = [Path(shutil.copy(data, data.with_name(f"copy-{n}.yaml"))) for n in range(4)]
    for n, path in enumerate(files[:3]):
        peskov(path, env)
        used = time.time() - 1000 + n * 100  # copy-0 least recently used, then copy-1, copy-2
        os.utime(entry_of(path), (used, used))
    one = entry_of(files[0]).stat().st_size
    # Room for three entries (and a margin), not four: the fourth evicts the oldest.
    limit = {**env, "FACTBOX_CACHE_SIZE": str(3 * one + one // 2)}
    peskov(files[3], limit)
    assert sorted(cache_names()) == sorted(entry_of(p).name for p in files[1:])
    # A hit marks its entry used, so copy-1 is kept and copy-2 goes next.
    peskov(files[1], limit)
    peskov(files[0], limit)
    assert sorted(cache_names()) == sorted(entry_of(p).name for p in (files[0], files[1], files[3]))


def test_a_cache_size_of_zero_stores_nothing(data: Path, env: dict[str, str]) -> None:
    peskov(data, {**env, "FACTBOX_CACHE_SIZE": "0"})
    assert not directory().exists() or cache_names() == []


@pytest.mark.parametrize(("text", "size", "problem"), [
    ("", cache.DEFAULT_SIZE, False), ("12345", 12345, False), ("500M", 500 * 1024**2, False),
    ("2g", 2 * 1024**3, False), ("64k", 64 * 1024, False), ("lots", cache.DEFAULT_SIZE, True),
    ("-5", cache.DEFAULT_SIZE, True), ("1.5G", cache.DEFAULT_SIZE, True), ("٣", cache.DEFAULT_SIZE, True),
])
def test_the_size_setting(monkeypatch: pytest.MonkeyPatch, text: str, size: int, problem: bool) -> None:
    monkeypatch.setenv("FACTBOX_CACHE_SIZE", text)
    limit, why = cache.size_limit()
    assert (limit, why is not None) == (size, problem)


def test_usage_and_clear(data: Path, env: dict[str, str]) -> None:
    assert (cache.usage().entries, cache.usage().size) == (0, 0)
    files = [Path(shutil.copy(data, data.with_name(f"copy-{n}.yaml"))) for n in range(3)]
    for path in files:
        peskov(path, env)
    (directory() / "keep-me.txt").write_text("mine\n")
    usage = cache.usage()
    assert (usage.directory, usage.entries, usage.limit, usage.problem) == (directory(), 3, cache.DEFAULT_SIZE, None)
    assert usage.size == _sizes(cache_names()) - (directory() / "keep-me.txt").stat().st_size
    assert cache.clear() == 3
    assert sorted(cache_names()) == ["keep-me.txt"]
    assert cache.usage().entries == 0


# --- a kill during a write -----------------------------------------------------------------

SLOW_WRITER = """
import os, sys, time
from pathlib import Path
from factbox import cache
from factbox.loading import load

real_replace = os.replace
def slow_replace(source, target):
    if Path(source).name.startswith(cache.TEMPORARY) and Path(target).suffix == cache.SUFFIX:
        print("writing", flush=True)
        time.sleep(1)
    real_replace(source, target)
os.replace = slow_replace
load(sys.argv[1])
print("finished", flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT])
def test_a_kill_during_a_write_leaves_no_temporary_file(data: Path, env: dict[str, str], tmp_path: Path,
                                                        signum: int) -> None:
    import resource

    def no_core_and_the_default_action() -> None:
        """No core file; and the signal's own action, even under `nohup` (which ignores SIGHUP
        for everything it starts)."""
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(signum, signal.SIG_DFL)

    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(data)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, **env}, cwd=tmp_path, preexec_fn=no_core_and_the_default_action)
    assert process.stdout is not None
    assert process.stdout.readline() == "writing\n"
    assert [name for name in cache_names() if name.startswith(cache.TEMPORARY)], "caught mid-write"
    process.send_signal(signum)
    process.wait(timeout=30)
    assert process.returncode == -signum, "the signal still ends the process, as it would have"
    assert process.stdout.read() == ""
    assert not [name for name in cache_names() if name.startswith(cache.TEMPORARY)]


# --- the fingerprint covers every stored field ----------------------------------------------


def test_every_field_of_a_factbox_is_stored() -> None:
    assert set(cache._STORED) == set(cache.factbox_fields())
    stored = {kind for kind in cache._STORED.values() if isinstance(kind, type)}
    assert set(cache._RECORDS) == stored | set(cache._NESTED.values()) | {cache.Quote, cache.PartialDate}


@pytest.mark.parametrize("record", cache._RECORDS, ids=lambda cls: cls.__name__)
def test_adding_a_field_to_a_stored_record_changes_the_fingerprint(record: type[Any]) -> None:
    grown = type(record.__name__, (cache.Record,), {"__slots__": (*record.__slots__, "added")})
    records = tuple(grown if cls is record else cls for cls in cache._RECORDS)
    assert cache.fingerprint(records) != cache.LAYOUT


def test_adding_a_field_to_the_factbox_changes_the_fingerprint() -> None:
    assert cache.fingerprint(fields=(*cache.factbox_fields(), "added")) != cache.LAYOUT
    assert cache.fingerprint() == cache.LAYOUT


# --- a repeated string is stored once --------------------------------------------------------


def _with_repeated_context(text: str, repeats: int, long: str) -> str:
    """The small fixture with `repeats` more quotes sharing one context through an alias."""
    quotes = [f"""  - id: extra-{n}
    speaker: alvarez
    text: Extra quote {n}.
    context: {f'&long "{long}"' if n == 0 else '*long'}
""" for n in range(repeats)]
    return text.replace("quotes:\n", "quotes:\n" + "".join(quotes), 1)


def test_a_long_string_repeated_through_an_alias_is_stored_once(tmp_path: Path, env: dict[str, str]) -> None:
    from helpers import FIXTURES

    small = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    sizes = {}
    for name, long in (("long", "word " * 400), ("short", "word")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(_with_repeated_context(small, 15, long.strip()), encoding="utf-8")
        result = run("quotes", "--data", str(path), "-f", "json", env=env)
        assert result.exit_code == 0, result.output
        contexts = {quote["context"] for quote in json.loads(result.stdout) if quote["id"].startswith("extra-")}
        assert contexts == {long.strip()}
        sizes[name] = entry_of(path).stat().st_size
    assert sizes["long"] - sizes["short"] < 2 * len("word " * 400), "stored once, not fifteen times"


# --- factbox cache info / clear ----------------------------------------------------------------


def test_cache_info_and_clear_on_the_command_line(data: Path, env: dict[str, str]) -> None:
    result = run("cache", "info", env=env)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"directory: {directory()}\nentries: 0\nsize: 0 bytes\n"
                             f"limit: {cache.DEFAULT_SIZE} bytes (FACTBOX_CACHE_SIZE)\n")
    peskov(data, env)
    info = run("cache", "info", env={**env, "FACTBOX_CACHE_SIZE": "2M"})
    assert info.stdout.splitlines()[1:] == ["entries: 1", f"size: {entry_of(data).stat().st_size} bytes",
                                            f"limit: {2 * 1024**2} bytes (FACTBOX_CACHE_SIZE)"]
    cleared = run("cache", "clear", env=env)
    assert (cleared.exit_code, cleared.stdout, cleared.stderr) == (0, f"removed 1 entry from {directory()}\n", "")
    assert cache_names() == []
    again = run("cache", "clear", env=env)
    assert again.stdout == f"removed 0 entries from {directory()}\n"


def test_cache_info_warns_of_a_setting_it_cannot_use(env: dict[str, str]) -> None:
    result = run("cache", "info", env={**env, "FACTBOX_CACHE_SIZE": "lots"})
    assert result.exit_code == 0
    assert result.stderr == "factbox: warning: FACTBOX_CACHE_SIZE='lots' is not a size such as 500M or 2G\n"
    assert f"limit: {cache.DEFAULT_SIZE} bytes" in result.stdout


def test_cache_commands_do_not_import_pydantic(env: dict[str, str]) -> None:
    program = ("import sys; sys.argv = ['factbox', *sys.argv[1:]]\nfrom factbox.cli import main\ntry:\n    main()\n"
               "except SystemExit:\n    pass\nprint('pydantic' in sys.modules)")
    for args in (["cache", "info"], ["cache", "clear"], ["cache", "--help"]):
        process = subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True,
                                 env={**os.environ, **env}, timeout=60)
        assert process.stdout.splitlines()[-1] == "False", (args, process.stdout, process.stderr)
