"""Hostile input: every way a file, a stream or a signal can go wrong ends in one clear line.

Each test feeds factbox one bad thing and expects exit 1, nothing on stdout, no traceback,
one `factbox: error: …` line (after any `FILE:LINE:COL: …` problems and before any `hint:`),
within seconds and in bounded memory. The heavy cases run in a real subprocess with a
timeout, and their peak memory is read from os.wait4. Some inputs are VALID and must stay
so (UTF-16/32 and UTF-8 with a byte-order mark, CRLF line ends).

"""

from __future__ import annotations

import codecs
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import run, run_process

from factbox import spec
from factbox.errors import DataError
from factbox.loading import load_text
from factbox.validation import path_text

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
from generate import factbox as synthetic_factbox  # noqa: E402
from generate import to_yaml  # noqa: E402

PROBLEM = re.compile(r"^.+:\d+:\d+: .+$")
MB = 1024 * 1024

MINIMAL = """\
format: factbox/1
title: Minimal
parties:
  - id: ukraine
    name: Ukraine
issues:
  - id: security
    title: Security
"""


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


# --- helpers -----------------------------------------------------------------------------


def refused(result: Any, name: str | None = None, located: bool = True) -> str:
    """Exit 1, stdout empty, no traceback, exactly one `factbox: error:` line, every other
    line a located problem or a hint. With `located`, some line names FILE:LINE:COL.
    Returns stderr."""
    code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    stderr = result.stderr
    assert code == 1, (code, result.stdout, stderr)
    assert result.stdout == ""
    assert "Traceback" not in stderr
    assert "internal error" not in stderr, stderr
    lines = stderr.splitlines()
    errors = [line for line in lines if line.startswith("factbox: error: ")]
    assert len(errors) == 1, stderr
    last = lines.index(errors[0])
    assert all(line.startswith("hint: ") for line in lines[last + 1:]), stderr
    assert all(PROBLEM.match(line) for line in lines[:last]), stderr
    if located:
        where = r"(?:.*/)?" + re.escape(name) if name else r".+"
        assert re.search(rf"(^|factbox: error: ){where}:\d+:\d+: ", stderr, re.MULTILINE), stderr
    return str(stderr)


def validate_bytes(tmp_path: Path, data: bytes, name: str = "f.yaml") -> Any:
    path = tmp_path / name
    path.write_bytes(data)
    return run("validate", str(path))


def validate_text(tmp_path: Path, text: str, name: str = "f.yaml") -> Any:
    return validate_bytes(tmp_path, text.encode("utf-8"), name)


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool


#: Runs factbox as its own child and reports that child's exit code and peak RSS. The
#: detour matters: a child forked straight from pytest inherits pytest's own peak RSS in
#: ru_maxrss (Linux keeps the high-water mark across fork and exec), which is larger than
#: anything worth measuring once a test has generated big files.
_LAUNCHER = """\
import json, os, sys
report, args = sys.argv[1], sys.argv[2:]
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "factbox", *args], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as handle:
    json.dump({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}, handle)
"""


def bounded(*args: str, timeout: float = 30, stdin: bytes | None = None,
            env: dict[str, str] | None = None, cwd: Path | None = None) -> Outcome:
    """Run factbox in a subprocess; kill it after `timeout`; report its own peak RSS."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("FACTBOX_")}
    full_env.update(env or {})
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "rusage.json"
        process = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), *args], cwd=cwd, env=full_env,
                                   stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        start = time.monotonic()
        try:
            out, err = process.communicate(stdin, timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            timed_out = True
        seconds = time.monotonic() - start
        usage = json.loads(report.read_text()) if report.exists() else {"code": -9, "peak_kb": 0}
    return Outcome(usage["code"], out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds,
                   usage["peak_kb"] / 1024, timed_out)


def quick_and_small(outcome: Outcome, seconds: float = 10, peak_mb: float = 250) -> None:
    assert not outcome.timed_out, f"killed after {outcome.seconds:.1f}s"
    assert outcome.seconds < seconds, outcome.seconds
    assert outcome.peak_mb < peak_mb, f"peak RSS {outcome.peak_mb:.0f} MB"


def _bomb(levels: int = 9, width: int = 10, indent: str = "") -> str:
    """Billion laughs: `levels` anchors, each a list of `width` aliases of the previous one."""
    lines = [f"{indent}- &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"{indent}- &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big_generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 20 MB of valid factbox (45,000 quotes, benchmarks/generate.py)."""
    path = tmp_path_factory.mktemp("big") / "synthetic-45000.yaml"
    path.write_text(to_yaml(synthetic_factbox(45_000)) + "\n", encoding="utf-8")
    assert path.stat().st_size > 18 * MB
    return path


# --- aliases -----------------------------------------------------------------------------


def test_billion_laughs_at_the_top(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("bomb:\n" + _bomb(indent="  "))
    outcome = bounded("validate", str(path))
    quick_and_small(outcome)
    stderr = refused(outcome, located=False)
    assert "aliases expand the document" in stderr


def test_billion_laughs_as_the_root_list_is_refused_by_its_shape(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb())
    outcome = bounded("validate", str(path))
    quick_and_small(outcome)
    assert "found a list — expected a factbox/1 mapping" in refused(outcome)


def test_billion_laughs_hidden_in_a_quotes_issues(tmp_path: Path) -> None:
    layers = ", ".join(["&a0 [x, x, x, x, x, x, x, x, x, x]"]
                       + [f"&a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)])
    text = MINIMAL + f"""\
speakers:
  - id: zelenskyy
    name: Volodymyr Zelenskyy
    party: ukraine
quotes:
  - id: bomb
    speaker: zelenskyy
    text: Harmless words
    issues: [{layers}]
"""
    path = tmp_path / "hidden.yaml"
    path.write_text(text)
    outcome = bounded("validate", str(path))
    quick_and_small(outcome)
    assert "aliases expand the document" in refused(outcome, located=False)


def test_wide_alias_fan_out(tmp_path: Path) -> None:
    """Two levels only, but a thousand aliases of a thousand items each."""
    text = ("a: &a [" + ", ".join(["x"] * 1000) + "]\n"
            + "b: [" + ", ".join(["*a"] * 1000) + "]\n")
    path = tmp_path / "wide.yaml"
    path.write_text(text)
    outcome = bounded("validate", str(path))
    quick_and_small(outcome)
    assert "aliases expand the document" in refused(outcome, located=False)


def test_one_long_string_behind_thousands_of_aliases(tmp_path: Path) -> None:
    """The bound is on the expanded size, not the node count: a 1 MiB text repeated by 3,000
    quotes is 3 GB of quotes from a 1 MB file (it took 20 s and 3.1 GB, and wrote a 3.1 GB
    cache entry, while the node count stayed small)."""
    quotes = "".join(f"  - {{id: q{n}, speaker: zelenskyy, text: *long}}\n" for n in range(1, 3000))
    text = MINIMAL + f"""\
speakers:
  - id: zelenskyy
    name: Volodymyr Zelenskyy
    party: ukraine
quotes:
  - id: q0
    speaker: zelenskyy
    text: &long {"w" * MB}
{quotes}"""
    path = tmp_path / "long.yaml"
    path.write_text(text)
    outcome = bounded("validate", str(path), env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    quick_and_small(outcome)
    assert "aliases expand the document" in refused(outcome, located=False)
    assert sum(f.stat().st_size for f in (tmp_path / "cache").rglob("*") if f.is_file()) < MB


def test_aliases_within_bounds_are_fine(tmp_path: Path) -> None:
    text = MINIMAL.replace("    name: Ukraine", "    name: &name Ukraine\n    aliases: [Kyiv]") + """\
speakers:
  - id: zelenskyy
    name: Volodymyr Zelenskyy
    party: ukraine
    role: &role President
    aliases: [*name]
quotes:
  - id: q
    speaker: zelenskyy
    text: "Words"
    issues: &issues [security]
    context: *role
"""
    result = validate_text(tmp_path, text)
    assert result.exit_code == 0, result.stderr  # warned about: anchors and aliases on text


@pytest.mark.parametrize(("text", "message"), [
    ("a: &a [1, *a]\n", "recursive alias"),
    ("a: &a {b: *a}\n", "recursive alias"),
    ("a: *nowhere\n", "undefined alias"),
])
def test_bad_aliases(tmp_path: Path, text: str, message: str) -> None:
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert message in stderr


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    text = MINIMAL + "positions:\n  - &p {party: ukraine, issue: security, summary: S}\n  - <<: *p\n    stance: 1\n"
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert "f.yaml:11:5: positions[1]: merge keys (<<) are not part of the format" in stderr


# --- nesting -----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "text"), [
    ("flow-sequence", "[" * 100_000 + "]" * 100_000),
    ("flow-mapping", "{a: " * 100_000 + "}" * 100_000),
    ("flow-in-a-field", MINIMAL + "description: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("block-sequence", "- " * 100_000 + "x\n"),
    ("block-mapping", "".join(" " * depth + f"k{depth}:\n" for depth in range(3000)) + " " * 3000 + "x\n"),
    ("block-sequence-indented", "".join(" " * depth + "-\n" for depth in range(3000)) + " " * 3000 + "x\n"),
])
def test_deep_nesting(tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text)
    outcome = bounded("validate", str(path))
    quick_and_small(outcome)
    stderr = refused(outcome, path.as_posix())
    assert "nesting" in stderr or "expected" in stderr


def test_nesting_as_deep_as_the_bound_is_reported_per_field(tmp_path: Path) -> None:
    """A deep but allowed value where text is expected: one problem, no recursion."""
    text = MINIMAL + "description: " + "[" * 63 + "]" * 63 + "\n"
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert "f.yaml:9:14: description: found a list — expected text" in stderr


def test_nesting_past_the_bound_is_refused_at_the_bracket_that_goes_too_deep(tmp_path: Path) -> None:
    """libyaml allowed 1,000 levels and read on to the end (900 levels were parsed in full)."""
    text = MINIMAL + "description: " + "[" * 900 + "]" * 900 + "\n"
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert "f.yaml:9:77: nesting deeper than 64 levels of lists and mappings — " in stderr.splitlines()[0]


# --- size --------------------------------------------------------------------------------


def test_sixty_megabytes_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    with path.open("w") as handle:
        handle.write(MINIMAL.replace("title: Minimal", 'title: "' + "x" * (60 * MB) + '"'))
    outcome = bounded("validate", str(path), timeout=60)
    assert outcome.returncode == 0, outcome.stderr[-500:]
    assert outcome.stdout.startswith(f"{path}: valid factbox/1: 1 party")
    quick_and_small(outcome, seconds=30, peak_mb=1000)


def test_sixty_megabytes_of_a_wrong_shape(tmp_path: Path) -> None:
    path = tmp_path / "long-list.yaml"
    with path.open("w") as handle:
        handle.write("- " + "y" * (60 * MB) + "\n")
    outcome = bounded("validate", str(path), timeout=60)
    quick_and_small(outcome, seconds=30, peak_mb=1000)
    assert "found a list" in refused(outcome, str(path))


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    from factbox.reading import MAX_BYTES

    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    outcome = bounded("validate", str(path), timeout=20)
    quick_and_small(outcome, seconds=5, peak_mb=200)
    assert "the limit is" in refused(outcome, located=False)


# --- encodings ---------------------------------------------------------------------------


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    data = MINIMAL.encode().replace(b"title: Minimal", b"title: Mi\xffnimal")
    stderr = refused(validate_bytes(tmp_path, data), "f.yaml")
    assert "f.yaml:2:10: not valid UTF-8" in stderr


@pytest.mark.parametrize("bad", [b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"])
def test_malformed_utf8_sequences(tmp_path: Path, bad: bytes) -> None:
    data = MINIMAL.encode().replace(b"title: Minimal", b"title: Min" + bad + b"imal")
    assert "not valid UTF-8" in refused(validate_bytes(tmp_path, data), "f.yaml")


def test_lone_surrogate_in_utf16_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Minimal", "title: Min?imal")
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le").replace("?".encode("utf-16-le"), b"\x00\xd8")
    assert "not valid UTF-16" in refused(validate_bytes(tmp_path, data), "f.yaml")


ENCODINGS = {
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-32-le": lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
    "utf-32-be": lambda text: codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "utf-16-le-crlf": lambda text: codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"),
    "utf-8-bom-crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_other_encodings_and_line_ends_are_valid(tmp_path: Path, bundled: Path, encoding: str) -> None:
    converted = tmp_path / f"{encoding}.yaml"
    converted.write_bytes(ENCODINGS[encoding](bundled.read_text(encoding="utf-8")))
    original = run("validate", str(bundled))
    result = run("validate", str(converted))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.split(": valid ")[1] == original.stdout.split(": valid ")[1]
    for args in (("quotes", "-f", "json"), ("compare", "territory", "-f", "json"), ("issues", "-f", "json")):
        expected = run(*args, "--data", str(bundled))
        got = run(*args, "--data", str(converted))
        assert (got.exit_code, got.stderr) == (0, "")
        assert got.stdout == expected.stdout, args
    piped = run("validate", "-", input=converted.read_bytes())
    assert piped.exit_code == 0, piped.stderr


def test_a_problem_in_a_utf16_file_is_located_by_characters(tmp_path: Path) -> None:
    text = MINIMAL.replace("    name: Ukraine", "    name: Ukraine\n    speker: x")
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    stderr = refused(validate_bytes(tmp_path, data), "f.yaml")
    assert "f.yaml:6:5: parties[0].speker: unknown key 'speker'" in stderr


def test_nul_byte(tmp_path: Path) -> None:
    data = MINIMAL.encode().replace(b"title: Minimal", b"title: Mini\x00mal")
    assert "f.yaml:2:12: NUL character" in refused(validate_bytes(tmp_path, data), "f.yaml")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"])
def test_control_characters_are_located(tmp_path: Path, char: str) -> None:
    text = MINIMAL.replace("title: Minimal", f"title: Mini{char}mal")
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert "f.yaml:2:12: " in stderr
    assert "<unicode string>" not in stderr


@pytest.mark.parametrize("name", ["UTF-16 without BOM", "UTF-32 without BOM"])
def test_wide_encodings_without_a_bom_are_refused_cleanly(tmp_path: Path, name: str) -> None:
    codec = "utf-16-le" if "16" in name else "utf-32-le"
    refused(validate_bytes(tmp_path, MINIMAL.encode(codec)), "f.yaml")


# --- shapes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("", "f.yaml:1:1: the file holds no YAML document"),
    ("   \n\n\t\n", "f.yaml:3:1: "),
    ("# only\n# comments\n", "f.yaml:1:1: the file holds no YAML document"),
    ("---\n...\n", "f.yaml:2:1: found '' — expected a factbox/1 mapping"),
    ("- format: factbox/1\n- title: T\n", "f.yaml:1:1: found a list — expected a factbox/1 mapping"),
    ("factbox/1\n", "f.yaml:1:1: found 'factbox/1' — expected a factbox/1 mapping"),
    ("'just text'\n", "f.yaml:1:1: found 'just text' — expected a factbox/1 mapping"),
    (MINIMAL + "---\n" + MINIMAL, "f.yaml:9:1: a factbox holds exactly one YAML document"),
    ("--- 1\n--- 2\n", "f.yaml:2:1: a factbox holds exactly one YAML document"),
])
def test_not_a_factbox_mapping(tmp_path: Path, text: str, expected: str) -> None:
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert expected in stderr


# --- tags --------------------------------------------------------------------------------


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [[touch, '{marker}']]",
    "!!python/object/new:subprocess.Popen [[touch, '{marker}']]",
    "!!python/object:pathlib.PosixPath {{}}",
    "!!python/name:os.system ''",
    "!!python/module:os ''",
    "!!python/tuple [1, 2]",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
]


@pytest.mark.parametrize("where", ["field", "root", "item", "key"])
@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=lambda tag: tag.split()[0])
def test_python_tags_build_nothing(tmp_path: Path, tag: str, where: str) -> None:
    marker = tmp_path / "executed"
    value = tag.format(marker=marker)
    text = {
        "field": MINIMAL.replace("title: Minimal", f"title: {value}"),
        "root": f"--- {value}\n",
        "item": MINIMAL.replace("  - id: security", f"  - {value}\n  - id: security"),
        "key": MINIMAL + f"? {value}\n: x\n",
    }[where]
    result = validate_text(tmp_path, text)
    assert not marker.exists(), "a YAML tag ran code"
    stderr = refused(result, "f.yaml")
    assert "YAML tag '!!python/" in stderr or "as a key" in stderr
    # Through a real process as well.
    process = run_process("validate", str(tmp_path / "f.yaml"))
    assert not marker.exists(), "a YAML tag ran code"
    refused(process, "f.yaml" if where != "root" else None)


@pytest.mark.parametrize("value", [
    "!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2025-99-99", "!!binary '@@@ not base64 @@@'",
    "!!null x", "!!set {a, b}", "!!omap [a: 1]", "!local 2", "!<tag:example.com,2000:x> 2",
])
def test_tags_yaml_cannot_or_should_not_build(tmp_path: Path, value: str) -> None:
    text = MINIMAL + f"positions:\n  - party: ukraine\n    issue: security\n    summary: S\n    stance: {value}\n"
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert "f.yaml:13:13: positions[0].stance: YAML tag" in stderr


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("date", [
    "2025-02-30", "2023-02-29", "2025-04-31", "2025-13", "2025-00", "2025-12-00", "2025-12-32", "0000",
    "12025", "25", "2025-1", "2025-12-1", "2025/12/19", "2025-12-19T10:00:00", "19.12.2025", "'2025-02-30'",
    "٢٠٢٥-١٢", "２０２５", '"2025\\n"', '" 2025"', "2025-W51", "-2025",
])
def test_impossible_dates(tmp_path: Path, date: str) -> None:
    text = MINIMAL + f"as_of: {date}\n"
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert "f.yaml:9:8: as_of: " in stderr


@pytest.mark.parametrize("date", ["2024-02-29", "2000-02-29", "0001", "9999-12-31", "2025-12", "'2025-12-19'"])
def test_possible_dates(tmp_path: Path, date: str) -> None:
    result = validate_text(tmp_path, MINIMAL + f"as_of: {date}\n")
    assert result.exit_code == 0, result.stderr


# --- integers ----------------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(("where", "text", "expected"), [
    ("stance", MINIMAL + f"positions:\n  - party: ukraine\n    issue: security\n    summary: S\n    stance: {HUGE}\n",
     "f.yaml:13:13: positions[0].stance: "),
    ("negative-stance", MINIMAL + "positions:\n  - party: ukraine\n    issue: security\n    summary: S\n"
     f"    stance: -{HUGE}\n", "f.yaml:13:13: positions[0].stance: "),
    ("history-stance", MINIMAL + "positions:\n  - party: ukraine\n    issue: security\n    summary: S\n"
     f"    history:\n      - {{date: 2019, summary: H, stance: {HUGE}}}\n", "f.yaml:14:"),
    ("scale-min", MINIMAL + f"scale:\n  min: -{HUGE}\n  max: 2\n", "f.yaml:10:8: scale.min: "),
    ("scale-max", MINIMAL + f"scale:\n  min: -2\n  max: {HUGE}\n", "f.yaml:11:8: scale.max: "),
    ("label-key-1000", MINIMAL + f"scale:\n  min: -2\n  max: 2\n  labels:\n    {'9' * 1000}: huge\n",
     "f.yaml:13:5: scale.labels."),
    pytest.param("label-key-5000", MINIMAL + f"scale:\n  min: -2\n  max: 2\n  labels:\n    ? {HUGE}\n    : huge\n",
                 "f.yaml:13:7: scale.labels."),
])
def test_integers_thousands_of_digits_long(tmp_path: Path, where: str, text: str, expected: str) -> None:
    stderr = refused(validate_text(tmp_path, text), "f.yaml")
    assert expected in stderr
    assert "not an integer" in stderr


# --- a value of the wrong type in every field ---------------------------------------------

SCALAR_KINDS = (spec.Text, spec.Slug, spec.Ref, spec.Date, spec.Integer, spec.Choice, spec.Const)

#: One record of each kind, every field present (the first entry of each list is the one).
FULL: dict[str, Any] = {
    "format": "factbox/1",
    "title": "Everything",
    "description": "Every field of every record",
    "as_of": "2025-12",
    "scale": {"min": -2, "max": 2, "labels": {-2: "rejects", 2: "demands"}},
    "sources": [{"id": "src", "title": "Source", "publisher": "Agency", "date": "2025-12",
                 "url": "https://example.org/a"}],
    "parties": [{"id": "ukraine", "name": "Ukraine", "aliases": ["Kyiv"], "role": "party"},
                {"id": "russia", "name": "Russia"}],
    "speakers": [{"id": "zelenskyy", "name": "Volodymyr Zelenskyy", "party": "ukraine",
                  "role": "President", "aliases": ["Zelensky"], "kind": "person"}],
    "issues": [{"id": "nato", "parent": "security", "title": "NATO membership", "aliases": ["alliance"],
                "question": "Should Ukraine drop its NATO bid?"},
               {"id": "security", "title": "Security"}],
    "positions": [{"party": "ukraine", "issue": "nato", "stance": 1, "summary": "Ready to drop the bid",
                   "conditions": "With guarantees", "basis": "stated", "quotes": ["compromise"],
                   "sources": ["src"], "as_of": "2025-12",
                   "history": [{"date": "2019", "stance": -2, "summary": "Bid written into law",
                                "conditions": "None", "basis": "reported", "quotes": ["compromise"]}]}],
    "quotes": [{"id": "compromise", "speaker": "zelenskyy", "text": "This is already a compromise",
                "issues": ["nato"], "context": "On guarantees", "date": "2025-12-19", "source": "src"}],
    "events": [{"id": "miami", "date": "2025-12", "title": "Talks in Miami", "place": "Miami", "source": "src"}],
}

#: Where the first record of each kind sits.
RECORD_PATHS: dict[str, tuple[str | int, ...]] = {
    "factbox": (), "scale": ("scale",), "source": ("sources", 0), "party": ("parties", 0),
    "speaker": ("speakers", 0), "issue": ("issues", 0), "position": ("positions", 0),
    "history": ("positions", 0, "history", 0), "quote": ("quotes", 0), "event": ("events", 0),
}


class Verbatim:
    """A value written into the YAML exactly as given (flow style, one line)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _scalar(value: Any) -> str:
    if isinstance(value, Verbatim):
        return value.text
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def emit(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML, one key per line, lists of scalars in flow style."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines += emit(item, indent + 2)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            lines.append(f"{pad}{key}:")
            for record in item:
                body = emit(record, indent + 4)
                lines.append(f"{pad}  - {body[0].lstrip()}")
                lines += body[1:]
        elif isinstance(item, list):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in item)}]")
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")
    return lines


def test_the_full_record_set_is_valid(tmp_path: Path) -> None:
    result = validate_text(tmp_path, "\n".join(emit(FULL)) + "\n")
    assert result.exit_code == 0, result.stderr
    assert set(RECORD_PATHS) == set(spec.RECORDS)
    for record, path in RECORD_PATHS.items():
        target: Any = FULL
        for part in path:
            target = target[part]
        assert set(target) == {field.name for field in spec.RECORDS[record]}, record


def _wrong_values(kind: spec.Kind) -> list[tuple[str, str]]:
    if isinstance(kind, SCALAR_KINDS):
        return [("mapping", "{wrong: mapping}"), ("list", "[wrong-list]")]
    if isinstance(kind, spec.ListOf):
        return [("scalar", "wrong-scalar"), ("mapping", "{wrong: mapping}")]
    return [("scalar", "wrong-scalar"), ("list", "[wrong-list]")]


WRONG_CASES = [
    pytest.param(record, field.name, shape, literal, id=f"{record}.{field.name}-{shape}")
    for record, fields in spec.RECORDS.items()
    for field in fields
    for shape, literal in _wrong_values(field.kind)
]


@pytest.mark.parametrize(("record", "field", "shape", "literal"), WRONG_CASES)
def test_wrong_type_in_every_field(tmp_path: Path, record: str, field: str, shape: str, literal: str) -> None:
    document = json.loads(json.dumps(FULL))
    document["scale"]["labels"] = FULL["scale"]["labels"]
    target: Any = document
    for part in RECORD_PATHS[record]:
        target = target[part]
    target[field] = Verbatim(literal)
    lines = emit(document)
    line_number = next(n for n, line in enumerate(lines, 1) if line.endswith(f"{field}: {literal}"))
    column = lines[line_number - 1].index(literal) + 1
    stderr = refused(validate_text(tmp_path, "\n".join(lines) + "\n"), "f.yaml")
    where = path_text((*RECORD_PATHS[record], field))
    assert f"f.yaml:{line_number}:{column}: {where}: found " in stderr


# --- things that are not files -----------------------------------------------------------


def test_a_directory(tmp_path: Path) -> None:
    stderr = refused(run("validate", str(tmp_path)), located=False)
    assert "no *.yaml or *.yml file in this folder or below it" in stderr
    refused(run("quotes", "--data", str(tmp_path)), located=False)


def test_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    outcome = bounded("validate", str(fifo), timeout=10)
    quick_and_small(outcome, seconds=8)
    assert "not a regular file" in refused(outcome, located=False)


def test_a_character_device(tmp_path: Path) -> None:
    outcome = bounded("quotes", "--data", os.devnull, timeout=10)
    quick_and_small(outcome, seconds=8)
    assert "not a regular file" in refused(outcome, located=False)


def test_a_missing_file(tmp_path: Path) -> None:
    assert "no such file" in refused(run("validate", str(tmp_path / "absent.yaml")), located=False)


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    refused(run("validate", str(loop)), located=False)


def test_a_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    refused(run("validate", str(tmp_path / "plain" / "f.yaml")), located=False)


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(MINIMAL)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: the file is readable whatever its mode")
        assert "permission denied" in refused(run("validate", str(path)), located=False)
    finally:
        path.chmod(0o600)


def test_empty_standard_input() -> None:
    stderr = refused(run("validate", "-", input=""), "<stdin>")
    assert "<stdin>:1:1: the file holds no YAML document" in stderr
    process = run_process("quotes", "--data", "-", input="")
    refused(process, "<stdin>")


def test_closed_standard_input() -> None:
    process = run_process(shell="factbox validate - <&-")
    assert "standard input is closed" in refused(process, located=False)
    process = run_process(shell="factbox quotes --data - <&-")
    refused(process, located=False)


# --- signals and pipes -------------------------------------------------------------------


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except (OSError, ValueError, IndexError):
        return 0.0


def test_ctrl_c_while_reading_a_large_file(tmp_path: Path, big_generated: Path) -> None:
    xdg = tmp_path / "xdg"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTBOX_")}
    env["XDG_CACHE_HOME"] = str(xdg)
    process = subprocess.Popen([sys.executable, "-m", "factbox", "validate", str(big_generated)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(0.5)
    # Interrupt once the file is being parsed (not during interpreter start-up, on a slow machine).
    deadline = time.monotonic() + 15
    while _rss_mb(process.pid) < 120 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, (process.returncode, err[-2000:])
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err
    assert out == ""
    leftovers = [name for name in (os.listdir(xdg / "factbox") if (xdg / "factbox").is_dir() else [])
                 if name.startswith(".tmp-")]
    assert leftovers == []


def test_ctrl_c_during_start_up(tmp_path: Path) -> None:
    fake = tmp_path / "interrupted-import" / "typer"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise KeyboardInterrupt\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTBOX_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(fake.parent), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-m", "factbox", "validate"], capture_output=True, text=True,
                            env=env, timeout=30)
    assert "Traceback" not in result.stderr
    assert result.returncode == 130, result.stderr[-500:]


def test_output_closed_early_is_quiet(tmp_path: Path) -> None:
    process = run_process(shell="factbox quotes | head -1")
    assert process.returncode == 0
    assert process.stderr == ""
    assert len(process.stdout.splitlines()) == 1


@pytest.fixture(scope="module")
def long_listing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """20,000 quotes (far more output than a pipe holds), with their cache entry made."""
    directory = tmp_path_factory.mktemp("long-listing")
    path = directory / "q20k.yaml"
    path.write_text(to_yaml(synthetic_factbox(20_000)) + "\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(directory / "xdg")}
    assert run_process("validate", str(path), env=env).returncode == 0
    return path, env


@pytest.mark.parametrize("fmt_name", ["plain", "tsv", "json", "jsonl", "csv", "markdown", "table"])
def test_output_closed_early_on_a_large_listing(long_listing: tuple[Path, dict[str, str]], fmt_name: str) -> None:
    path, env = long_listing
    limit = "--limit 1000" if fmt_name == "table" else ""  # a table of 20,000 quotes takes ~40 s to lay out
    process = run_process(shell=f"factbox quotes -f {fmt_name} {limit} --data '{path}' | head -1; "
                                "echo \"exit ${PIPESTATUS[0]}\" >&2", env=env)
    assert process.stderr in ("exit 0\n", "exit 141\n"), process.stderr[-2000:]
    assert len(process.stdout.splitlines()) == 1


# --- exceptions other than YAMLError from PyYAML ------------------------------------------


def test_load_text_with_a_lone_surrogate_raises_data_error() -> None:
    with pytest.raises(DataError):
        load_text(MINIMAL.replace("Minimal", "Mini\ud800mal"), "f.yaml")


@pytest.mark.parametrize("text", [
    "a: \ufffe\n", "\ufeffa: b\n", "a: \U0010ffff\n", "a: \x85b\n", "a: \u2028\n", "\t- x\n", "a:\n\t- b\n",
    "%YAML 2.0\n---\na: b\n", "%TAG ! !foo\n%TAG ! !foo\n--- a\n", "&a a: *a\n", "? " * 500 + "x\n",
    "'" + "''" * 10_000 + "'\n", "a: 'unclosed\n", "\"\\x\"\n", "- !!str\n- !!int\n",
])
def test_odd_yaml_raises_only_data_error(text: str) -> None:
    """The loader turns every parser failure into a DataError (or loads)."""
    try:
        load_text(text, "f.yaml")
    except DataError as error:
        assert error.message.startswith("f.yaml")


# --- near-hangs on large invalid or unusual files ----------------------------------------


def _chain(depth: int) -> str:
    lines = ["format: factbox/1", "title: A deep issue tree", "parties:", "  - {id: a, name: A}",
             "  - {id: b, name: B}", "issues:", "  - {id: i0, title: Issue 0}"]
    lines += [f"  - {{id: i{n}, parent: i{n - 1}, title: Issue {n}}}" for n in range(1, depth)]
    return "\n".join(lines) + "\n"


def test_a_deep_issue_tree_validates_quickly(tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(_chain(2000))  # ~18 s today; a linear check takes well under a second
    outcome = bounded("validate", "--no-cache", str(path), timeout=5)
    assert outcome.returncode == 0 and not outcome.timed_out, (outcome.seconds, outcome.stderr[-500:])


@pytest.fixture(scope="module")
def deep_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A valid file whose issues form one chain 1,100 deep, with its cache entry made (so the
    queries below skip the slow validation of it)."""
    directory = tmp_path_factory.mktemp("deep-tree")
    path = directory / "chain.yaml"
    path.write_text(_chain(1100))
    env = {"XDG_CACHE_HOME": str(directory / "xdg")}
    validated = run_process("validate", str(path), env=env)
    assert validated.returncode == 0, validated.stderr
    return path, env


@pytest.mark.parametrize("args", [("issues",), ("compare", "i0"), ("divergence",)])
def test_a_deep_issue_tree_can_be_queried(deep_tree: tuple[Path, dict[str, str]], args: tuple[str, ...]) -> None:
    path, env = deep_tree
    result = run(*args, "--data", str(path), "-f", "json", env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_many_unknown_references_are_refused_quickly(tmp_path: Path) -> None:
    text = to_yaml(synthetic_factbox(5000)).replace('speaker: "speaker-', 'speaker: "spaeker-')
    path = tmp_path / "typos.yaml"
    path.write_text(text + "\n")
    outcome = bounded("validate", str(path), timeout=8)
    assert not outcome.timed_out, "still refusing the file after 8 s"
    assert "5,000 problems" in refused(outcome, str(path))


def test_many_problems_are_listed_up_to_the_bound_and_counted(tmp_path: Path) -> None:
    """The first MAX_LISTED in file order, then one line for the rest, at the first of them."""
    from factbox.validation import MAX_LISTED

    text = to_yaml(synthetic_factbox(3000)).replace('"source": "wire"', '"source": "wir"').replace(
        'source: "wire"', 'source: "wir"')
    path = tmp_path / "many.yaml"
    path.write_text(text + "\n")
    outcome = bounded("validate", str(path), timeout=60)
    lines = refused(outcome, str(path)).splitlines()
    count = text.count('source: "wir"')
    assert count > MAX_LISTED
    assert len(lines) == MAX_LISTED + 2
    assert lines[-1] == f"factbox: error: {path}: {count:,} problems"
    assert lines[-2].endswith(f": {count - MAX_LISTED:,} more problems from here on, not listed — fix the ones "
                              "above and check the file again")
    assert [int(line.split(":")[1]) for line in lines[:-1]] == sorted(int(line.split(":")[1]) for line in lines[:-1])



def test_a_report_is_written_as_it_is_made_never_held_whole(tmp_path: Path) -> None:
    """A page is several times the size of its data (each quote's HTML and its JSON-LD): its
    peak memory grows with what the page shows, not with copies of the page (held whole as
    text, then as bytes, it grew 5.4 times as fast as the page; written in pieces, 1.7)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    peaks, pages = [], []
    for quotes in (1_500, 6_000):
        data = tmp_path / f"fb-{quotes}.yaml"
        data.write_text(to_yaml(synthetic_factbox(quotes)), encoding="utf-8")
        assert run("issues", "--data", str(data), env=env).exit_code == 0  # cached: the page's cost alone
        page = tmp_path / f"fb-{quotes}.html"
        outcome = bounded("report", "--data", str(data), "-o", str(page), timeout=120, env=env)
        assert outcome.returncode == 0, outcome.stderr
        peaks.append(outcome.peak_mb)
        pages.append(page.stat().st_size / 2**20)
    assert peaks[1] - peaks[0] < 3 * (pages[1] - pages[0]), (peaks, pages)
