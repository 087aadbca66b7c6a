"""Time factbox against its peers, side by side in one run, and print ratios with pass/fail.

    python benchmarks/run.py                 # N = 1,000, 10,000 and 100,000 (about ten minutes)
    python benchmarks/run.py --full          # ... and 1,000,000 (444 MB of YAML; much longer)
    python benchmarks/run.py --quick         # N up to 10,000, fewer runs (a smoke test)
    python benchmarks/run.py --archive       # only the archive rows: 500 files, export sqlite
    python benchmarks/run.py --table         # only the long table (20,000 quotes -f table against -f json)
    python benchmarks/run.py --startup       # only the start-up rows (the bundled file; about a minute)
    python benchmarks/run.py --shapes        # only first runs of files of about 20 MB, in the
                                             # hardening issue's shapes (about five minutes)

Every figure is the median wall time of several runs of a whole process (start-up
included), with its peak memory (max RSS) from the kernel, each started by a small launcher
(so that no figure starts from this long-running process's own peak; one below the
launcher's, about 11 MB, reads as that). factbox runs as the installed
entry point (the `factbox` script beside this Python), as a user runs it, with its modules
compiled as pip compiles them at install (never recompiled per run, whatever
PYTHONDONTWRITEBYTECODE says). The cost per quote of a first run is the one figure timed
inside a process: its target is on user CPU time, factbox's own work, with the system and
wall times and the page faults printed beside it (see `cost_per_quote`). Peers:
  python  `python -c pass` and `python -c "import typer"`: what any Python CLI pays to start;
          and `import typer` with the cyclic collector handled as factbox/__main__.py does
          (gc.freeze), which shows how much of factbox's start-up that alone saves
  floor   benchmarks/floor_app.py, the smallest Typer app printing a one-row Rich table, its
          option converted the way factbox converts its own (without pydantic) and the
          collector handled as factbox handles it
  pyyaml  PyYAML's C loader (yaml.CSafeLoader) only parsing the YAML file
  yq, jq  the same question (the quotes of one speaker), where installed (jq on the JSON form
          of the same data); every N is printed, including where a peer wins
  sqlite  the same question as an indexed SQLite query (the sqlite3 shell), the practical
          limit for a repeated query
  factbox first run (empty cache directory), repeated runs (cache warm) of every query
          command, and bash asking it to complete a speaker's name on the same file
  report  the bundled report against `factbox divergence` (both cache warm), and the size of
          the report of 10,000 quotes against its YAML
  diff    two cached versions of the 10,000-quote file differing in ten quotes, against a
          cached query that reads every quote, on each version
  add     `add quote` on the largest file against a cached `validate` of it plus the atomic
          write of its bytes
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

SPEAKER = "speaker-7"


@dataclass
class Timing:
    seconds: float
    peak_kb: int
    #: Each round's wall time and peak, where several rounds were measured.
    rounds: tuple[float, ...] = ()
    peaks_kb: tuple[int, ...] = ()


#: Runs one command with its output thrown away and prints its wall time, peak RSS and exit
#: code. The detour is for the memory figure: a child started straight from this process
#: begins with this process's high-water mark (Linux carries it across vfork and exec), and a
#: long benchmark grows past what a cached query uses; the launcher is a bare Python, smaller
#: than any command measured, and times only the command.
_LAUNCHER = """\
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


def _run_once(command: list[str], env: dict[str, str] | None, before: list[str] | None) -> tuple[float, int]:
    if before:
        subprocess.run(before, check=True, env=env)
    launched = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], env=env, capture_output=True)
    elapsed, peak, code = json.loads(launched.stdout)
    if code != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {launched.stderr.decode()}")
    return elapsed, int(peak)


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str] | None = None,
            before: list[str] | None = None) -> dict[str, Timing]:
    """Median wall time and largest peak RSS of each command over `runs` rounds. The commands
    take turns within each round, so a machine that gets busier or quieter affects all alike
    and their ratios stay fair. `before` runs untimed before every run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, peak = _run_once(command, env, before)
            times[name].append(elapsed)
            peaks[name].append(peak)
    return {name: Timing(statistics.median(times[name]), max(peaks[name]), tuple(times[name]), tuple(peaks[name]))
            for name in commands}


#: `import typer` with the cyclic collector kept off the imported objects as factbox/__main__.py
#: keeps it: how much of factbox's lead over a plain `import typer` that alone is worth.
FROZEN_TYPER = "import gc; gc.disable(); import typer; gc.freeze(); gc.enable(); gc.freeze()"

COST_PER_QUOTE = """
import gc, json, resource, statistics, sys, time
from factbox.loading import load
empty, sizes = sys.argv[1], json.loads(sys.argv[2])  # {file: [quotes, rounds]}
for path in (empty, min(sizes, key=lambda path: sizes[path][0])):
    load(path, use_cache=False)  # untimed: the first load of a quote imports what loading needs

def costs_of(path):
    \"\"\"Wall, user CPU and system CPU seconds, and page faults, of loading the file.\"\"\"
    gc.collect()
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    load(path, use_cache=False)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
    return (wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime,
            after.ru_minflt - before.ru_minflt)

most = max(rounds for _, rounds in sizes.values())
costs = {path: [] for path in sizes}
for turn in range(most):
    for path, (quotes, rounds) in sizes.items():
        if (turn + 1) * rounds // most == turn * rounds // most:
            continue  # a size with fewer rounds takes its turns spread over the others'
        base = costs_of(empty)
        costs[path].append([(full - fixed) / quotes for full, fixed in zip(costs_of(path), base)])
print(json.dumps({sizes[path][0]: [statistics.median(kind) for kind in zip(*cost)] for path, cost in costs.items()}))
"""

#: Memory the machine has not used lately, touched a page at a time, then the same amount again
#: at once. On a virtual machine whose host backs guest memory only when it is first touched,
#: and takes back what the guest has freed a few seconds before, the first costs several times
#: the second (hence the wait: the load measured just before has freed a gigabyte).
FRESH_MEMORY = """
import mmap, resource, sys, time
size = int(sys.argv[1])
def touch():
    block, before = mmap.mmap(-1, size), resource.getrusage(resource.RUSAGE_SELF).ru_stime
    for offset in range(0, size, mmap.PAGESIZE):
        block[offset] = 1
    block.close()
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime - before
time.sleep(5)
print(touch(), touch())
"""


def generate(python: str, quotes: int, stem: Path) -> None:
    """Files are made in another process: a child inherits this one's peak memory figure,
    so this process must stay small for the children's peaks to be theirs."""
    subprocess.run([python, str(HERE / "generate.py"), str(quotes), str(stem)], check=True)


@dataclass
class QuoteCost:
    """What loading one quote costs, in seconds (and page faults), at one N."""
    wall: float
    user: float
    system: float
    faults: float


def cost_per_quote(python: str, empty: str, files: dict[int, str]) -> dict[int, QuoteCost]:
    """A first run's cost per quote at each size: loading and checking the file with N quotes,
    less the same file with none (the fixed part of every load), timed inside one process
    (start-up noise would swamp small N) after a first, untimed load of each kind. The sizes
    take turns, as the commands of `measure` do, so that a machine getting busier or quieter
    affects them alike; smaller files get more rounds, each median resting on about as many
    quotes loaded (at least 7 rounds; 3 for 100,000, 1 for 1,000,000). The target holds the
    user CPU time to a constant, factbox's own work; the system time, mostly the kernel
    finding memory for the model, is printed beside it (see `fresh_memory`)."""
    sizes = {path: [quotes, 1 if quotes >= 1_000_000 else 3 if quotes >= 100_000 else
                    max(7, min(51, 50_000 // quotes))] for quotes, path in files.items()}
    out = subprocess.run([python, "-c", COST_PER_QUOTE, empty, json.dumps(sizes)], capture_output=True,
                         text=True, check=True)
    return {int(quotes): QuoteCost(*cost) for quotes, cost in json.loads(out.stdout).items()}


def fresh_memory(python: str, size: int) -> tuple[float, float]:
    """System seconds to touch `size` bytes of memory the machine has not used lately, and
    the same again at once (see FRESH_MEMORY)."""
    out = subprocess.run([python, "-c", FRESH_MEMORY, str(size)], capture_output=True, text=True, check=True)
    first, again = map(float, out.stdout.split())
    return first, again


@dataclass
class Check:
    name: str
    ratio: float
    limit: float
    higher_is_better: bool = False

    @property
    def passed(self) -> bool:
        return self.ratio >= self.limit if self.higher_is_better else self.ratio <= self.limit

    def line(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        verdict = "PASS" if self.passed else "FAIL"
        return f"  {verdict}  {self.name}: {self.ratio:.2f}× (target {sign} {self.limit}×)"


def row(label: str, timing: Timing, extra: str = "") -> None:
    print(f"  {label:44} {timing.seconds * 1000:8.1f} ms {timing.peak_kb / 1024:7.1f} MB  {extra}".rstrip())


#: Every query command and filter, asked of a cached file; those whose answer stays the same
#: size as the file grows (quotes with --limit 20, and the listings of a fixed set of parties,
#: speakers and issues) should cost about the same at every N; those in GROWING print more as
#: the file grows, and should cost no more than in proportion to what they print.
QUERIES: dict[str, list[str]] = {
    "quotes --speaker": ["quotes", "--speaker", SPEAKER, "--limit", "20"],
    "quotes --party": ["quotes", "--party", "bravo", "--limit", "20"],
    "quotes --issue": ["quotes", "--issue", "issue-2-4", "--limit", "20"],
    "quotes --search": ["quotes", "--search", "referendum", "--limit", "20"],
    "quotes --since": ["quotes", "--since", "2025-06", "--limit", "20"],
    "issues": ["issues"],
    "compare": ["compare", "topic-3"],
    "divergence": ["divergence"],
    "shifts": ["shifts"],
    "speakers": ["speakers"],
    "parties": ["parties"],
    "timeline": ["timeline", "--kind", "event", "--kind", "stance"],
}
GROWING = frozenset({"compare"})  # every quote on the topic's issues: the answer grows with N


def _warm(commands: Iterable[list[str]], env: dict[str, str], files: Iterable[str]) -> None:
    """Fill the cache, and wait until the files are safely older than their entries (a file
    read within two seconds of its last change is hashed on every run: cache.RACY_NS)."""
    newest = max((os.stat(path).st_ctime for path in files), default=0.0)
    time.sleep(max(0.0, newest + 2.2 - time.time()))
    for command in commands:
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


#: The long table: its first screen (lines of a 50-row terminal) and the whole of it, against
#: `-f json` of the same command; and its peak memory against JSON's (which holds the listing too).
LONG_TABLE = 20_000
SCREEN_LINES = 50


def _streamed_once(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds to the first screen of output, seconds to the end, and peak RSS (KB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    first = None
    for lines, _ in enumerate(iter(process.stdout.readline, b""), start=1):
        if lines == SCREEN_LINES:
            first = time.perf_counter() - start
    _, status, usage = os.wait4(process.pid, 0)
    whole = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return first if first is not None else whole, whole, int(usage.ru_maxrss)


def long_table(python: str, factbox: list[str], work: Path, env: dict[str, str], runs: int) -> list[Check]:
    """`quotes -f table` of 20,000 quotes (cache warm, piped at 100 columns, no colour) beside
    `-f json` of the same, taking turns: the table is laid out from a sample of rows and written
    as it goes, so its first screen comes about as soon as JSON's, and it holds no more."""
    stem = work / f"fb-table-{LONG_TABLE}"
    generate(python, LONG_TABLE, stem)
    data = str(stem.with_suffix(".yaml"))
    commands = {fmt: [*factbox, "quotes", "--data", data, "-f", fmt] for fmt in ("table", "json")}
    table_env = {**env, "COLUMNS": "100"}
    _warm(commands.values(), table_env, [data])
    times: dict[str, list[tuple[float, float, int]]] = {fmt: [] for fmt in commands}
    for _ in range(runs):
        for fmt, command in commands.items():
            times[fmt].append(_streamed_once(command, table_env))
    first = {fmt: statistics.median(t[0] for t in times[fmt]) for fmt in commands}
    whole = {fmt: statistics.median(t[1] for t in times[fmt]) for fmt in commands}
    peak = {fmt: max(t[2] for t in times[fmt]) for fmt in commands}
    print(f"\nthe long table: quotes of N = {LONG_TABLE:,} (cache warm, piped, 100 columns; medians of {runs} runs)")
    for fmt in commands:
        print(f"  quotes -f {fmt:5}  first {SCREEN_LINES} lines {first[fmt] * 1000:8.1f} ms   "
              f"whole {whole[fmt] * 1000:8.1f} ms {peak[fmt] / 1024:7.1f} MB")
    return [Check(f"N={LONG_TABLE:,} quotes -f table, first screen vs -f json's", first["table"] / first["json"], 1.5),
            Check(f"N={LONG_TABLE:,} quotes -f table, whole vs -f json", whole["table"] / whole["json"], 3),
            Check(f"N={LONG_TABLE:,} quotes -f table, peak memory vs -f json's", peak["table"] / peak["json"], 1.1)]


SQLITE_BUILD = """
import json, sqlite3, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE TABLE quotes (id TEXT PRIMARY KEY, speaker TEXT, text TEXT, context TEXT, date TEXT)")
db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?)",
               [(q["id"], q["speaker"], q["text"], q.get("context"), q.get("date")) for q in data["quotes"]])
db.execute("CREATE INDEX quotes_speaker ON quotes (speaker)")
db.commit()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N up to 10,000 and fewer runs")
    parser.add_argument("--full", action="store_true", help="N up to 1,000,000 (long)")
    parser.add_argument("--runs", type=int, default=0, help="runs per fast measurement (default 15, quick 5)")
    parser.add_argument("--archive", action="store_true", help="only the archive rows: 500 files, export sqlite")
    parser.add_argument("--table", action="store_true", help="only the long table (20,000 quotes)")
    parser.add_argument("--startup", action="store_true", help="only the start-up rows (the bundled file)")
    parser.add_argument("--shapes", action="store_true",
                        help="only the hardening issue's shapes at about 20 MB, first runs (benchmarks/shapes.py)")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    query_runs = 3 if args.quick else 7
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    if args.full:
        sizes.append(1_000_000)
    python = sys.executable
    installed = Path(python).parent / "factbox"
    factbox = [str(installed)] if installed.exists() else [python, "-m", "factbox"]
    work = Path(tempfile.mkdtemp(prefix="factbox-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "FACTBOX_DATA": "", "NO_COLOR": "1"}
    env.pop("FACTBOX_FORMAT", None)
    # As installed by pip, whose every module is compiled at install: without this, a source
    # checkout under PYTHONDONTWRITEBYTECODE=1 compiles factbox anew on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([python, "-m", "compileall", "-q", str(HERE.parent / "factbox")], check=True,
                   stdout=subprocess.DEVNULL)
    checks: list[Check] = []
    if args.shapes:
        try:
            checks = shape_rows(python, factbox, work, env)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_targets(checks)
        return
    if args.archive:
        try:
            checks = archive_rows(python, factbox, work, env, 10_000 if args.quick else 100_000,
                                  rounds=args.runs or (1 if args.quick else 3))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_targets(checks)
        return
    try:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {runs} runs; "
              f"peak = max RSS; factbox = {' '.join(factbox)}")
        bundled_commands = {
            "table": [*factbox, "quotes", "--speaker", "Peskov", "-f", "table"],
            "json": [*factbox, "quotes", "--speaker", "Peskov", "-f", "json"],
        }
        if args.table:
            checks = long_table(python, factbox, work, env, 3 if args.quick else 5)
            for check in checks:
                print(check.line())
            return
        _warm(bundled_commands.values(), env, [])  # the bundled file was written long ago
        bundled = measure({
            "pass": [python, "-c", "pass"],
            "typer": [python, "-c", "import typer"],
            "typer_frozen": [python, "-c", FROZEN_TYPER],
            "floor": [python, str(HERE / "floor_app.py")],
            **bundled_commands,
        }, runs, env)
        floor, bare, typer_import = bundled["floor"], bundled["pass"], bundled["typer"]
        row("python -c pass", bare)
        row('python -c "import typer"', typer_import, f"{typer_import.seconds / bare.seconds:5.2f}× pass")
        frozen = bundled["typer_frozen"]
        row("import typer, collector as factbox keeps it", frozen, f"{frozen.seconds / bare.seconds:5.2f}× pass")
        row("floor (Typer + one-row Rich table)", floor, f"{floor.seconds / bare.seconds:5.2f}× pass")
        for fmt in ("table", "json"):
            ratio = bundled[fmt].seconds / floor.seconds
            row(f"bundled: quotes --speaker Peskov -f {fmt}", bundled[fmt],
                f"{ratio:5.2f}× floor {bundled[fmt].seconds / typer_import.seconds:5.2f}× import typer "
                f"({bundled[fmt].seconds / frozen.seconds:4.2f}× frozen) "
                f"{bundled[fmt].seconds / bare.seconds:5.2f}× pass")
            checks.append(Check(f"bundled quotes -f {fmt} vs framework floor", ratio, 1.1))
        checks.append(Check('bundled quotes -f json vs python -c "import typer"',
                            bundled["json"].seconds / typer_import.seconds, 1.2))
        checks.append(Check("bundled quotes -f table vs -f json", bundled["table"].seconds / bundled["json"].seconds,
                            1.3))
        if args.startup:
            print_targets(checks)
            return
        checks.append(report_speed(factbox, env, runs))

        checks += long_table(python, factbox, work, env, 3 if args.quick else 5)
        empty = work / "fb-0.yaml"
        generate(python, 0, work / "fb-0")
        for size in sizes:
            stem = work / f"fb-{size}"
            generate(python, size, stem)
            yaml_file, json_file = str(stem.with_suffix(".yaml")), str(stem.with_suffix(".json"))
            heavy = 1 if size >= 1_000_000 else 3 if size >= 100_000 else runs
            print(f"\nN = {size:,} quotes ({os.path.getsize(yaml_file) / 1e6:.1f} MB of YAML)")
            query = [*factbox, "quotes", "--speaker", SPEAKER, "--data", yaml_file, "-f", "json"]
            cache = str(work / "cache")
            first = measure({
                "pyyaml": [python, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), "
                           "Loader=yaml.CSafeLoader)", yaml_file],
                "first": query,
            }, heavy, env, before=["rm", "-rf", cache])
            parse = first["pyyaml"]
            row("PyYAML CSafeLoader, parse only", parse)
            ratio = first["first"].seconds / parse.seconds
            row("factbox first run (no cache)", first["first"],
                f"{ratio:5.2f}× PyYAML {first['first'].peak_kb * 1024 / os.path.getsize(yaml_file):5.2f}× file size")
            complete = completion(factbox, yaml_file, env)
            peer_commands = {"floor": [python, str(HERE / "floor_app.py")], "repeat": query, "complete": complete}
            if shutil.which("jq"):
                peer_commands["jq"] = ["jq", f'[.quotes[] | select(.speaker == "{SPEAKER}")]', json_file]
            if shutil.which("yq") and _yq_works() and size <= 100_000:
                peer_commands["yq"] = ["yq", f'[.quotes[] | select(.speaker == "{SPEAKER}")]', yaml_file]
            if shutil.which("sqlite3"):
                database = str(stem.with_suffix(".db"))
                subprocess.run([python, "-c", SQLITE_BUILD, json_file, database], check=True)
                peer_commands["sqlite"] = ["sqlite3", "-json", database,
                                           f"SELECT * FROM quotes WHERE speaker = '{SPEAKER}'"]
            _warm([query], env, [yaml_file])
            peers = measure(peer_commands, heavy, env)
            repeat = peers.pop("repeat")
            size_floor = peers.pop("floor")
            completing = peers.pop("complete")
            row("factbox repeated (cache warm)", repeat, f"{repeat.seconds / size_floor.seconds:5.2f}× floor")
            row("factbox completing a speaker (cache warm)", completing,
                f"{completing.seconds / size_floor.seconds:5.2f}× floor")
            for name, timing in peers.items():
                speedup = timing.seconds / repeat.seconds
                row(f"{name} (same question)", timing, "factbox repeated is " + (
                    f"{speedup:5.1f}× faster" if speedup >= 1 else f"{1 / speedup:5.1f}× slower"))
            if size == 10_000:
                checks.append(report_size(factbox, env, yaml_file, work))
                checks.append(diff_speed(factbox, env, yaml_file, work, runs))
            if size == min(max(sizes), 100_000):  # a write of 1,000,000 quotes adds ten minutes, no news
                checks.append(add_quote_speed(factbox, python, env, yaml_file, work, heavy, size))
            # Set at N = 100,000 (the largest of a default run): its answer, every quote of one
            # speaker, is ten times larger at 1,000,000, where the --limit 20 rows below hold.
            if size == min(max(sizes), 100_000):
                checks.append(Check(f"N={size:,} repeated vs framework floor", repeat.seconds / size_floor.seconds, 3))
                checks.append(Check(f"N={size:,} shell completion vs framework floor",
                                    completing.seconds / size_floor.seconds, 3))
                if "yq" in peers and size >= 100_000:
                    checks.append(Check(f"N={size:,} repeated, speed-up over yq", peers["yq"].seconds / repeat.seconds,
                                        20, higher_is_better=True))
            # First runs: the 100,000-quote file (or the largest of a quick run) against PyYAML's
            # parse, and the peak memory of every file from that size on against its own size.
            if size == min(max(sizes), 100_000):
                checks.append(Check(f"N={size:,} first run vs PyYAML parse", first["first"].seconds / parse.seconds,
                                    0.25))
            if size >= min(max(sizes), 100_000):
                checks.append(Check(f"N={size:,} first-run peak memory in units of the file's size",
                                    first["first"].peak_kb * 1024 / os.path.getsize(yaml_file), 4.0))
        # Every size in one measurement, taking turns, so that their ratios are side by side.
        files = {size: str((work / f"fb-{size}").with_suffix(".yaml")) for size in sizes}
        commands = {f"{size} {name}": [*factbox, *args, "--data", files[size], "-f", "json"]
                    for size in sizes for name, args in QUERIES.items()}
        _warm(commands.values(), env, files.values())
        answers = {key: len(subprocess.run(command, check=True, env=env, capture_output=True).stdout)
                   for key, command in commands.items()}
        measured = measure(commands, query_runs, env)
        warm_queries = {size: {name: measured[f"{size} {name}"] for name in QUERIES} for size in sizes}
        print(f"\nrepeated queries, cache warm (medians of {query_runs} runs, all sizes taking turns; "
              f"× = against N = {sizes[0]:,}):")
        print(f"  {'query':18}" + "".join(f"{f'N = {size:,}':>24}" for size in sizes))
        for name in QUERIES:
            first_size = warm_queries[sizes[0]][name]
            cells = []
            for size in sizes:
                timing = warm_queries[size][name]
                cells.append(f"{timing.seconds * 1000:7.0f} ms {timing.peak_kb / 1024:5.0f} MB "
                             f"{timing.seconds / first_size.seconds:4.2f}×")
            print(f"  {name:18}" + "".join(f"{cell:>24}" for cell in cells))
            for size, limit in ((100_000, 1.5), (1_000_000, 2.0)):
                if size not in warm_queries:
                    continue
                ratio = warm_queries[size][name].seconds / first_size.seconds
                if name in GROWING:
                    grown = answers[f"{size} {name}"] / answers[f"{sizes[0]} {name}"]
                    print(f"  {'':18}(its answer at N = {size:,} is {grown:.0f}× the size at N = {sizes[0]:,})")
                    checks.append(Check(f"{name}, cached N={size:,} vs N={sizes[0]:,}, in units of its answer's "
                                        f"growth ({grown:.0f}×)", ratio / grown, 1.0))
                else:
                    checks.append(Check(f"{name}, cached N={size:,} vs N={sizes[0]:,}", ratio, limit))
            if 1_000_000 in warm_queries and name not in GROWING:  # a growing answer is held, and grows
                checks.append(Check(f"{name}, cached N=1,000,000 peak memory in units of 100 MB",
                                    warm_queries[1_000_000][name].peak_kb / 1024 / 100, 1.0))
        per_quote = cost_per_quote(python, str(empty), files)
        base = per_quote[max(sizes)]
        print("\ncost per quote of a first run, in µs: loading N quotes less loading none, in one process, "
              f"the sizes\ntaking turns; user and system are the process's CPU time; × is against N = {max(sizes):,}")
        print(f"  {'N':>9}   {'user':>7}          {'system':>7}   {'wall':>7}          {'page faults/quote':>17}")
        for size, cost in per_quote.items():
            print(f"  {size:>9,}   {cost.user * 1e6:7.2f} {cost.user / base.user:5.2f}×   {cost.system * 1e6:7.2f}   "
                  f"{cost.wall * 1e6:7.2f} {cost.wall / base.wall:5.2f}×   {cost.faults:17.2f}")
        probe = 1 << 30
        untouched, retouched = fresh_memory(python, probe)
        print(f"  fresh memory: touching {probe >> 20:,} MB the machine has not used lately took {untouched:.2f} s "
              f"of system time,\n  the same again at once {retouched:.2f} s ({untouched / retouched:.1f}×)")
        worst = max(abs(cost.user / base.user - 1) for cost in per_quote.values())
        checks.append(Check(f"cost per quote (user CPU), largest deviation from N={max(sizes):,}", 1 + worst, 1.3))
        checks.extend(archive_rows(python, factbox, work, env, min(max(sizes), 100_000)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_targets(checks)


def print_targets(checks: list[Check]) -> None:
    print("\ntargets:")
    for check in checks:
        print(check.line())
    print(f"{sum(c.passed for c in checks)} of {len(checks)} targets met")


ARCHIVE_FILES = 500
ARCHIVE_QUOTES = 200


def archive_rows(python: str, factbox: list[str], work: Path, env: dict[str, str], export_size: int,
                 rounds: int = 3) -> list[Check]:
    """An archive of 500 files of 200 quotes (in 10 folders): the cached query across it
    against the same query on one cached file of it; the first run across it (every file read)
    against 500 first runs of one file (each less the start-up a single run pays once); and
    `export sqlite` of the export_size-quote file against a first run of `quotes` on it, both
    with an empty cache."""
    print(f"\narchive: {ARCHIVE_FILES} files of {ARCHIVE_QUOTES} quotes; export sqlite of {export_size:,} quotes")
    generate(python, ARCHIVE_QUOTES, work / "member")
    archive = work / "archive"
    for number in range(ARCHIVE_FILES):
        folder = archive / f"folder-{number // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "member.yaml", folder / f"week-{number:03d}.yaml")
    one = str(archive / "folder-00" / "week-000.yaml")
    query = ["quotes", "--speaker", SPEAKER, "--limit", "20", "-f", "json"]
    every = ["quotes", "--speaker", SPEAKER, "-f", "json"]  # no limit: every file is read
    cache = str(work / "cache")
    cold = measure({"archive": [*factbox, *every, "--data", str(archive)]}, rounds, env, before=["rm", "-rf", cache])
    _warm([[*factbox, *every, "--data", str(archive)]], env, [one])  # the last first run left every entry
    # One file's first run (with a cache of its own, emptied before each run) and its cached
    # run take turns, and what the first costs beyond the cached is the median of the rounds'
    # differences: 500 times that (its parsing and caching), plus the start-up and answer that
    # a single run pays once, is what the files' own first runs cost.
    first_cache = str(work / "first-cache")
    alone = measure({"first": ["env", f"XDG_CACHE_HOME={first_cache}", *factbox, *every, "--data", one],
                     "cached": ["env", f"XDG_CACHE_HOME={cache}", *factbox, *every, "--data", one]}, 15, env,
                    before=["rm", "-rf", first_cache])
    cold_one, warm_one = alone["first"], alone["cached"]
    beyond = statistics.median(first - cached for first, cached in zip(cold_one.rounds, warm_one.rounds, strict=True))
    files_alone = warm_one.seconds + ARCHIVE_FILES * beyond
    warm = measure({"archive": [*factbox, *query, "--data", str(archive)], "one": [*factbox, *query, "--data", one]},
                   7, env)
    row("one file: quotes --speaker, first run", cold_one, f"{beyond * 1e3:6.1f} ms beyond a cached run (medians "
        "of their differences, taking turns)")
    row("one file: quotes --speaker, cached", warm_one)
    row("one file: quotes --speaker --limit 20, cached", warm["one"])
    row(f"archive of {ARCHIVE_FILES}: quotes --speaker, first run", cold["archive"],
        f"{cold['archive'].seconds / files_alone:5.2f}× {ARCHIVE_FILES} files' first runs")
    row(f"archive of {ARCHIVE_FILES}: quotes --speaker --limit 20, cached", warm["archive"],
        f"{warm['archive'].seconds / warm['one'].seconds:5.2f}× one file")
    stem = work / f"fb-{export_size}"
    if not stem.with_suffix(".yaml").exists():
        generate(python, export_size, stem)
    big = str(stem.with_suffix(".yaml"))
    out = work / "export.db"
    # The export's peak is the parse's, as the first run's is, and the same command's peak moves
    # from run to run by several MB (the parser's allocations): "no higher than that run's" is
    # judged as the export's median peak against the highest of the first run's own.
    export_rounds = 9
    exported = measure({"quotes": [*factbox, "quotes", "--speaker", SPEAKER, "--data", big, "-f", "json"],
                        "export": [*factbox, "export", "sqlite", str(out), "--data", big]},
                       export_rounds, env, before=["rm", "-rf", cache])
    first_run, export = exported["quotes"], exported["export"]
    row(f"N = {export_size:,}: quotes, first run", first_run,
        f"peaks {min(first_run.peaks_kb) / 1024:.1f}–{first_run.peak_kb / 1024:.1f} MB across {export_rounds} runs")
    row(f"N = {export_size:,}: export sqlite, first run", export,
        f"{export.seconds / first_run.seconds:5.2f}× quotes ({out.stat().st_size / 1e6:.0f} MB); peaks "
        f"{min(export.peaks_kb) / 1024:.1f}–{export.peak_kb / 1024:.1f} MB, median "
        f"{statistics.median(export.peaks_kb) / 1024:.1f}")
    return [
        Check(f"archive of {ARCHIVE_FILES}: cached quotes --speaker --limit 20 vs one cached file",
              warm["archive"].seconds / warm["one"].seconds, 3),
        Check(f"archive of {ARCHIVE_FILES}: first run vs the files' own first runs",
              cold["archive"].seconds / files_alone, 1.2),
        Check(f"export sqlite N={export_size:,} vs a first run of quotes", export.seconds / first_run.seconds, 2),
        Check(f"export sqlite N={export_size:,} peak memory (median) vs that first run's highest",
              statistics.median(export.peaks_kb) / first_run.peak_kb, 1.0),
    ]


#: What is asked of each shape (benchmarks/shapes.py), as JSON unless a format is given.
SHAPE_QUERIES: dict[str, list[list[str]]] = {
    "values": [["quotes", "--speaker", "s", "--limit", "20"], ["issues"]],
    "chain": [["issues"], ["compare", "i0"], ["divergence"]],
    "histories": [["shifts"], ["timeline"], ["compare", "x"]],
    "parties": [["parties"], ["compare", "x"], ["divergence", "-f", "table"], ["divergence"]],
}


def shape_rows(python: str, factbox: list[str], work: Path, env: dict[str, str]) -> list[Check]:
    """The hardening issue's promise: every query on a file below 20 MB answers within 10 s.
    Each shape's file, of about 20 MB, is asked each of its queries once with an empty cache
    (a first run: parsing, checking and caching it, then the answer). An answer larger than
    the file costs in proportion to the answer, and is shown without a target."""
    print("\nshapes of about 20 MB (benchmarks/shapes.py), first runs (cache empty), one run each")
    checks = []
    for shape, queries in SHAPE_QUERIES.items():
        path = work / f"{shape}.yaml"
        subprocess.run([python, str(HERE / "shapes.py"), shape, str(path)], check=True)
        size = path.stat().st_size
        for query in queries:
            command = [*factbox, *query, "--data", str(path), *([] if "-f" in query else ["-f", "json"])]
            timing = measure({"query": command}, 1, env, before=["rm", "-rf", env["XDG_CACHE_HOME"]])["query"]
            answer = len(subprocess.run(command, env=env, capture_output=True, check=True).stdout)
            label = f"{shape} ({size / 1e6:.1f} MB): {' '.join(query)}"
            row(label, timing, f"answer {answer / size:.2f}× the file")
            if answer <= size:
                checks.append(Check(f"{label}, first run in units of 10 s", timing.seconds / 10, 1.0))
    return checks


def report_speed(factbox: list[str], env: dict[str, str], runs: int) -> Check:
    """The bundled report against `factbox divergence`, both cache warm, taking turns: a page
    costs about one more query, not a second program."""
    commands = {"divergence": [*factbox, "divergence"], "report": [*factbox, "report"]}
    _warm(commands.values(), env, [])
    timed = measure(commands, runs, env)
    ratio = timed["report"].seconds / timed["divergence"].seconds
    row("bundled: divergence (cache warm)", timed["divergence"])
    row("bundled: report, HTML (cache warm)", timed["report"], f"{ratio:5.2f}× divergence")
    return Check("bundled report vs divergence, cache warm", ratio, 2.0)


def report_size(factbox: list[str], env: dict[str, str], yaml_file: str, work: Path) -> Check:
    """The HTML report of a 10,000-quote file, against the size of its YAML: each quote is on
    the page where it supports a stance and once in the JSON-LD, and no more."""
    page = work / "report.html"
    subprocess.run([*factbox, "report", "--data", yaml_file, "-o", str(page), "--force"], check=True, env=env)
    ratio = page.stat().st_size / os.path.getsize(yaml_file)
    print(f"  {'factbox report (HTML)':44} {page.stat().st_size / 1e6:8.1f} MB of HTML, {ratio:.2f}× the YAML")
    return Check("report of N=10,000 quotes, size vs its YAML", ratio, 5.0)


#: Ten quotes of a generated file whose text the second version edits.
EDITED = [f"q-{n}" for n in range(5, 10_000, 1_000)]


def diff_speed(factbox: list[str], env: dict[str, str], yaml_file: str, work: Path, runs: int) -> Check:
    """`diff` of two cached versions of a 10,000-quote file differing in ten quotes, against a
    cached query that reads every quote (a search that finds nothing), asked of each version
    (their mean: the cost of one query): diff reads both sides, compares them record by record,
    and must find the ten changes and nothing else."""
    lines = Path(yaml_file).read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.strip().removeprefix("- ").startswith("id: ") and line.split('"')[1] in EDITED:
            text = next(k for k in range(number, number + 4) if lines[k].lstrip().startswith("text: "))
            lines[text] = lines[text].replace('text: "', 'text: "Edited: ', 1)
    edited = work / "edited.yaml"
    edited.write_text("".join(lines), encoding="utf-8")
    search = ["quotes", "--search", "zzzz", "-f", "json"]
    commands = {"diff": [*factbox, "diff", yaml_file, str(edited), "-f", "json"],
                "old": [*factbox, *search, "--data", yaml_file], "new": [*factbox, *search, "--data", str(edited)]}
    _warm(commands.values(), env, [yaml_file, str(edited)])
    changes = json.loads(subprocess.run(commands["diff"], check=True, env=env, capture_output=True).stdout)
    if sorted(change["id"] for change in changes) != sorted(EDITED):
        raise SystemExit(f"diff found {len(changes)} changes, expected the ten edited quotes")
    timed = measure(commands, runs, env)
    query = Timing((timed["old"].seconds + timed["new"].seconds) / 2, max(timed["old"].peak_kb, timed["new"].peak_kb))
    ratio = timed["diff"].seconds / query.seconds
    row("N=10,000: diff of two cached versions, 10 changes", timed["diff"], f"{ratio:5.2f}× the query")
    row("N=10,000: a query reading every quote (mean of each)", query)
    return Check("diff of two cached N=10,000 versions (10 changes) vs a cached query of one", ratio, 3.0)
#: Writes a file's own bytes back through the atomic writer: what any command that replaces
#: the file pays (read, temporary file, fsync, rename), start-up included.
_REWRITE = ("import sys; from factbox.writing.atomic import write_file; "
            "write_file(sys.argv[1], open(sys.argv[1], 'rb').read())")


def add_quote_speed(factbox: list[str], python: str, env: dict[str, str], yaml_file: str, work: Path,
                    runs: int, size: int) -> Check:
    """`add quote` on a file of `size` quotes against a cached `validate` of it plus the write, taking
    turns on one copy (each add appends a quote, with an id made unique; the entry it stores
    keeps the cache warm for the next)."""
    copy = str(work / "added.yaml")
    shutil.copy(yaml_file, copy)
    commands = {
        "validate": [*factbox, "validate", copy],
        "write": [python, "-c", _REWRITE, copy],
        "add": [*factbox, "add", "quote", "--data", copy, "--speaker", SPEAKER, "--text",
                "A new quote: with a colon, a #hash and \"quotation marks\"", "--issue", "issue-1-1"],
    }
    _warm([commands["validate"]], env, [copy])
    timed = measure(commands, runs, env)
    base = timed["validate"].seconds + timed["write"].seconds
    ratio = timed["add"].seconds / base
    row(f"validate (cached), N = {size:,}", timed["validate"])
    row("the write (atomic, same bytes)", timed["write"])
    row("add quote", timed["add"], f"{ratio:5.2f}× validate + write")
    return Check(f"add quote on N={size:,} vs cached validate + the write", ratio, 2.0)


def completion(factbox: list[str], yaml_file: str, env: dict[str, str]) -> list[str]:
    """factbox as bash calls it on Tab after `factbox quotes --data FILE --speaker speaker-1`,
    checked once to offer the speakers it should."""
    command = ["env", "_FACTBOX_COMPLETE=complete_bash", "COMP_CWORD=5",
               f"COMP_WORDS=factbox quotes --data {yaml_file} --speaker speaker-1", *factbox]
    offered = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.split()
    if not offered or not all(word.startswith("speaker-1") for word in offered):
        raise SystemExit(f"completion offered {offered[:5]}, expected speaker-1…")
    return command


def _yq_works() -> bool:
    """Only the Go or Python yq understand jq syntax; a placeholder binary is skipped."""
    try:
        probe = subprocess.run(["yq", ".a", "-"], input="a: 1\n", capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0 and probe.stdout.strip() == "1"


if __name__ == "__main__":
    main()
