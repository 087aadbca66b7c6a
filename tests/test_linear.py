"""Cost grows with the input, never faster: each shape that once took minutes on a file of a
few hundred kilobytes, generated here at two sizes four times apart.

The cost is counted, not timed, so that a busy machine cannot make a test fail or pass: the
lines of Python run (a quadratic loop runs sixteen times the lines on four times the input),
or, where the waste was in building large strings, the peak memory allocated. A linear path
costs about four times as much on the larger input; the test allows twice that.
"""

from __future__ import annotations

import io
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from helpers import run

from factbox import divergence, listings
from factbox.errors import DataError
from factbox.loading import load_source, load_text
from factbox.model import Factbox, HistoryEntry, Issue, PartialDate, Party, Position, Quote, Speaker
from factbox.queries import Hit, find_issues, issues_with_parties
from factbox.reading import SourceText
from factbox.render.output import Format, Output
from factbox.render.table import write_table
from factbox.validation import MAX_LISTED
from factbox.yamlsource import MAX_NESTING

GROWTH = 4  # the larger input is this many times the smaller
SLACK = 2  # a linear path may cost up to this many times GROWTH


def lines_run(action: Callable[[], object]) -> int:
    """How many lines of Python `action` runs (factbox's, the libraries', everything)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += event == "line"
        return trace

    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def peak_memory(action: Callable[[], object]) -> int:
    """The most memory Python had allocated at once while `action` ran, in bytes."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def assert_linear(action: Callable[[int], Callable[[], object]], small: int,
                  size: Callable[[int], float] | None = None,
                  cost: Callable[[Callable[[], object]], int] = lines_run) -> None:
    """`action(n)` prepares the input of size n (uncounted) and returns what to count on it;
    `size(n)` is how big that input really is, when it is not n itself."""
    measure = size or float
    big = small * GROWTH
    ratio = cost(action(big)) / cost(action(small))
    growth = measure(big) / measure(small)
    assert ratio < SLACK * growth, f"{GROWTH}× the input cost {ratio:.1f}× as much (linear: about {growth:.1f}×)"


# --- divergence: sensitivity -------------------------------------------------------------------


def scored_issues(count: int, parties: int = 3) -> Factbox:
    """`count` issues with questions, every party scored on each, gaps of every size."""
    party_list = [Party(f"p{n}", f"Party {n}") for n in range(parties)]
    issues = [Issue(f"i{k}", f"Issue {k}", question="Should it?") for k in range(count)]
    positions = [Position(party.id, issue.id, "s", stance=(k * 7 + j * 3) % 5 - 2)
                 for k, issue in enumerate(issues) for j, party in enumerate(party_list)]
    return Factbox("factbox/1", "Scored", party_list, issues, positions=positions)


def test_divergence_sensitivity() -> None:
    """Was a competition rank of every issue per changed stance: cubic (800 issues, 40 s)."""
    def prepare(count: int) -> Callable[[], object]:
        factbox = scored_issues(count)
        return lambda: listings.divergence_listing(factbox, divergence.analyze(factbox, factbox.issues))

    assert_linear(prepare, 50)


# --- a deep issue tree -------------------------------------------------------------------------


def chain(depth: int) -> Callable[[], Factbox]:
    """One chain of issues `depth` deep, every one scored by one party: a fresh Factbox each
    call (its lookups, such as depths, are built on first use, and belong in the time)."""
    parties = [Party("a", "A"), Party("b", "B")]
    issues = [Issue("i0", "Issue 0", question="Should it?")]
    issues += [Issue(f"i{n}", f"Issue {n}", parent=f"i{n - 1}", question="Should it?") for n in range(1, depth)]
    positions = [Position("a", issue.id, "s", stance=n % 3 - 1) for n, issue in enumerate(issues)]
    return lambda: Factbox("factbox/1", "Deep", parties, issues, positions=positions)


def _deep_query(query: str, fresh: Callable[[], Factbox]) -> object:
    factbox = fresh()
    tree = factbox.issues_in_tree_order()
    match query:
        case "issues":
            return listings.issues_listing(factbox, tree)
        case "issues --party":
            return issues_with_parties(factbox, {"a"})
        case "compare":
            return listings.compare_listing(factbox, [factbox.issue_by_id[i] for i in factbox.subtree("i0")],
                                        factbox.parties)
        case "divergence":
            return listings.divergence_listing(factbox, divergence.analyze(factbox, tree))
        case "issue by name":  # 'issue' names every one of them: the top of their subtree is meant
            return find_issues(factbox, ["issue"])
    # Deeper than a terminal is wide: indents of at most MAX_INDENT levels are built.
    return write_table(listings.issues_listing(factbox, tree), Output(io.StringIO(), False, False, Format.table, True,
                                                                       100))


@pytest.mark.parametrize("query", ["issues", "issues --party", "compare", "divergence", "issue by name", "table"])
def test_a_deep_issue_tree(query: str) -> None:
    """Was the depth and the subtree of each issue walked afresh: 20,000 deep took issues 24 s,
    compare 44 s, divergence 159 s."""
    def prepare(depth: int) -> Callable[[], object]:
        fresh = chain(depth)
        return lambda: _deep_query(query, fresh)

    # The table's waste was indents built for every row, "  " × depth: memory, not lines.
    assert_linear(prepare, 500, cost=peak_memory if query == "table" else lines_run)


def test_a_deep_issue_tree_answers_as_before() -> None:
    factbox = chain(5)()
    assert [factbox.depth(issue.id) for issue in factbox.issues] == [0, 1, 2, 3, 4]
    assert find_issues(factbox, ["issue"]) == [factbox.issue_by_id["i0"]]
    analysis = divergence.analyze(factbox, factbox.issues_in_tree_order(), parties={"a", "b"})
    assert {issue: (below.gap, below.driver) for issue, below in analysis.beneath.items()} == {
        f"i{n}": (None, None) for n in range(5)}  # only one party scores anything: nothing scored


# --- shifts ------------------------------------------------------------------------------------


def long_histories(entries: int, parties: int = 3) -> Factbox:
    party_list = [Party(f"p{n}", f"Party {n}") for n in range(parties)]
    positions = []
    for j, party in enumerate(party_list):
        history = [HistoryEntry(PartialDate.parse(f"{1000 + k:04d}"), "then", stance=(k + j) % 5 - 2)
                   for k in range(entries)]
        positions.append(Position(party.id, "x", "now", stance=0, history=history))
    return Factbox("factbox/1", "Histories", party_list, [Issue("x", "X", question="Should it?")],
                   positions=positions)


def test_shifts() -> None:
    """Was each other party's stance at each date rebuilt from its whole history per step:
    3 parties × 3,000 history entries took 112 s."""
    def prepare(entries: int) -> Callable[[], object]:
        factbox = long_histories(entries)
        return lambda: listings.shifts_listing(factbox, divergence.shifts(factbox))

    assert_linear(prepare, 100)


# --- did-you-mean in validation ----------------------------------------------------------------


def _long_ids(scale: int) -> list[str]:
    return [f"issue-{'abcdefghij' * scale}"[: 12 * scale] + f"-{k}" for k in range(50 * scale)]


def _misspelt(ident: str) -> str:
    return f"{ident[:8]}z{ident[9:]}"


def misspelt_references(scale: int) -> str:
    """`scale` × 50 issue ids of `scale` × 12 characters, and `scale` × 10 references to them
    with one letter wrong: every reference a lookup among long, alike ids."""
    ids = _long_ids(scale)
    lines = ["format: factbox/1", "title: Typos", "parties:", "  - {id: a, name: A}", "issues:"]
    lines += [f"  - {{id: {ident}, title: Issue {k}}}" for k, ident in enumerate(ids)]
    lines += ["positions:"]
    for k in range(10 * scale):
        ident = ids[k * 7 % len(ids)]
        lines.append(f"  - {{party: a, issue: {_misspelt(ident)}, summary: s}}")
    return "\n".join(lines) + "\n"


def _refuse(text: str) -> str:
    with pytest.raises(DataError) as refused:
        load_text(text, "typos.yaml")
    return "\n".join(str(problem) for problem in refused.value.problems)


def test_did_you_mean_in_validation() -> None:
    """Was difflib against every id for every misspelling: 1,000 ids of 125 characters and 50
    bad references took 71 s."""
    def prepare(scale: int) -> Callable[[], object]:
        text = misspelt_references(scale)
        return lambda: _refuse(text)

    assert_linear(prepare, 2, size=lambda scale: len(misspelt_references(scale)))


@pytest.mark.parametrize(("scale", "suggested"), [(1, 10), (4, 40), (16, 50)])
def test_did_you_mean_still_suggests_the_id_meant(scale: int, suggested: int) -> None:
    """Every misspelling gets the id meant, until the lookups have read the ids 50 times."""
    hints = [problem.rsplit(" — ", 1)[1] for problem in _refuse(misspelt_references(scale)).splitlines()]
    ids = _long_ids(scale)
    meant = [ids[k * 7 % len(ids)] for k in range(10 * scale)]
    guesses = [(hint, ident) for hint, ident in zip(hints, meant, strict=True) if hint.startswith("did you mean")]
    assert len(guesses) == suggested
    assert all(hint == f"did you mean '{ident}'?" for hint, ident in guesses)


# --- the search highlight ----------------------------------------------------------------------


NOBODY = Factbox("factbox/1", "Nobody", [Party("a", "A")], [])


def test_search_highlight_of_one_long_word() -> None:
    """Was a Rich span per match: one 1M-character word took 26 s and 1.1 GB."""
    def prepare(length: int) -> Callable[[], object]:
        listing = listings.search_listing(NOBODY, [Hit("issue", "q", "text", "ab" * (length // 2))], ["a"])
        return lambda: write_table(listing, Output(io.StringIO(), False, False, Format.table, True, 100))

    assert_linear(prepare, 10_000)
    assert_linear(prepare, 10_000, cost=peak_memory)


def test_search_highlight_costs_little_more_than_the_text() -> None:
    """20,000 matches in one cell: at most MAX_HIGHLIGHTS spans, not one each."""
    def table(terms: list[str]) -> Callable[[], object]:
        listing = listings.search_listing(NOBODY, [Hit("issue", "q", "text", "ab" * 20_000)], terms)
        return lambda: write_table(listing, Output(io.StringIO(), False, False, Format.table, True, 100))

    assert lines_run(table(["a"])) < 3 * lines_run(table([]))  # a span each: 20 times
    assert peak_memory(table(["a"])) < 5 * peak_memory(table([]))


# --- the recursive-alias check -----------------------------------------------------------------


def nested_aliases(scale: int) -> str:
    """Lists nested `scale` × 15 deep (within yamlsource.MAX_NESTING), the innermost holding
    `scale` × 5,000 aliases of an anchor outside them: each alias was checked against every
    open list."""
    return ("format: factbox/1\nanchor: &a x\nnested:\n" + "- " * (15 * scale)
            + "[" + ", ".join(["*a"] * (5000 * scale)) + "]\n")


def test_recursive_alias_check() -> None:
    """Was each alias compared with every open collection: 998 nested lists with 990,000
    aliases took 38 s."""
    def prepare(scale: int) -> Callable[[], object]:
        text = nested_aliases(scale)
        return lambda: _refuse(text)

    assert_linear(prepare, 1, size=lambda scale: len(nested_aliases(scale)))


def nested_flow_aliases(scale: int) -> str:
    """Flow lists nested `scale` × 200 deep around `scale` × 20,000 aliases (the 4 MB file of
    998 levels and 990,000 aliases took 38 s): libyaml's scanner looks at every open flow
    level for each token, so its time grew with depth × tokens."""
    return ("format: factbox/1\nanchor: &a x\nnested: " + "[" * (200 * scale)
            + ", ".join(["*a"] * (20_000 * scale)) + "]" * (200 * scale) + "\n")


def seconds_taken(action: Callable[[], object]) -> int:
    """The least CPU time of three runs, in microseconds: the cost here is in libyaml's C
    code, which no count of Python lines sees."""
    runs = []
    for _ in range(3):
        start = time.process_time()
        action()
        runs.append(time.process_time() - start)
    return max(1, int(min(runs) * 1e6))


def test_deep_flow_lists_are_refused_before_libyaml_reads_on() -> None:
    """Nesting deeper than MAX_NESTING is refused at its opening bracket, so the scanner never
    reaches the tokens inside; before, 4× the depth and the tokens took 16× the time."""
    def prepare(scale: int) -> Callable[[], object]:
        text = nested_flow_aliases(scale)
        return lambda: _refuse(text)

    assert _refuse(nested_flow_aliases(1)).startswith(
        f"typos.yaml:3:{9 + MAX_NESTING - 1}: nesting deeper than {MAX_NESTING} levels")
    assert_linear(prepare, 1, size=lambda scale: len(nested_flow_aliases(scale)), cost=seconds_taken)


# --- many small values -------------------------------------------------------------------------


HEAD = "format: factbox/1\ntitle: T\nparties:\n  - {id: a, name: A}\nissues:\n  - {id: i, title: I}\n"

#: Shapes of many values, each a few characters: every one a problem, or a valid record.
SHAPES: dict[str, Callable[[int], str]] = {
    "a flow list of tiny scalars": lambda n: HEAD + "quotes: [" + ", ".join(["a"] * n) + "]\n",
    "a flow list of empty mappings": lambda n: HEAD + "quotes: [" + ", ".join(["{}"] * n) + "]\n",
    "small mappings with an unknown key": lambda n: HEAD + "quotes:\n" + "  - {a: b}\n" * n,
    "long unknown keys": lambda n: HEAD + "quotes:\n  - {" + ", ".join(
        f"k{k:07d}{'x' * 40}: v" for k in range(n)) + "}\n",
    "many valid sources": lambda n: HEAD + "sources:\n" + "".join(
        f"  - {{id: s{k}, title: T}}\n" for k in range(n)),
    "sources repeating an alias": lambda n: HEAD + "sources:\n  - {id: s0, title: &t T}\n" + "".join(
        f"  - {{id: s{k}, title: *t}}\n" for k in range(1, n)),
}


def _load_or_refuse(text: str) -> object:
    try:
        return load_source(SourceText("many.yaml", text), [])
    except DataError as error:
        return error


@pytest.mark.parametrize("shape", SHAPES)
def test_many_small_values_cost_memory_in_proportion(shape: str) -> None:
    """Every problem was kept and listed (1.25 million of them for a 3.75 MB file): at most
    MAX_LISTED are, the rest only counted."""
    def prepare(count: int) -> Callable[[], object]:
        text = SHAPES[shape](count)
        return lambda: _load_or_refuse(text)

    assert_linear(prepare, 1_500, size=lambda count: len(SHAPES[shape](count)), cost=peak_memory)


def test_problems_past_the_listed_ones_are_counted_where_they_begin() -> None:
    error = _load_or_refuse(SHAPES["a flow list of tiny scalars"](MAX_LISTED + 500))
    assert isinstance(error, DataError)
    assert error.message == f"many.yaml: {MAX_LISTED + 500:,} problems"
    assert len(error.problems) == MAX_LISTED + 1
    assert str(error.problems[-2]) == (f"many.yaml:7:{10 + 3 * (MAX_LISTED - 1)}: quotes[{MAX_LISTED - 1}]: found 'a' "
                                       "— expected a quote mapping with id, speaker, text")
    assert str(error.problems[-1]) == (f"many.yaml:7:{10 + 3 * MAX_LISTED}: 500 more problems from here on, "
                                       "not listed — fix the ones above and check the file again")


def test_warnings_past_the_listed_ones_are_counted_too(tmp_path: Path) -> None:
    """Each warning was kept and printed; the summary still counts every one."""
    path = tmp_path / "aliases.yaml"
    path.write_text(SHAPES["sources repeating an alias"](MAX_LISTED + 500))
    result = run("validate", str(path))
    lines = result.stderr.splitlines()
    assert (result.exit_code, len(lines)) == (0, MAX_LISTED + 1)
    assert lines[-1] == (f"{path}:{MAX_LISTED + 8}:24: warning: 500 more warnings from here on, not listed — fix the "
                         "ones above and check the file again")
    counts = f"1 party, 0 speakers, 1 issue, 0 positions, 0 quotes, {MAX_LISTED + 500} sources, 0 events"
    assert result.stdout == f"{path}: valid factbox/1: {counts} (1,500 warnings)\n"  # the anchor and each alias


# --- many parties on one issue ---------------------------------------------------------------


def parties_on_one_issue(count: int) -> Factbox:
    """`count` parties, each with a speaker, a scored stance on one issue and five quotes on it."""
    parties = [Party(f"p{k}", f"Party {k}") for k in range(count)]
    speakers = [Speaker(f"s{k}", f"Speaker {k}", f"p{k}") for k in range(count)]
    positions = [Position(f"p{k}", "x", "s", stance=k % 5 - 2, basis="stated") for k in range(count)]
    quotes = [Quote(f"q{k}", f"s{k % count}", f"Words {k}", issues=["x"]) for k in range(5 * count)]
    return Factbox("factbox/1", "Many parties", parties, [Issue("x", "X", question="Should it?")],
                   speakers=speakers, positions=positions, quotes=quotes)


def test_compare_with_many_parties_on_one_issue() -> None:
    """Was a scan of every quote on the issue for each party: 3,400 parties took a minute."""
    def prepare(count: int) -> Callable[[], object]:
        factbox = parties_on_one_issue(count)
        return lambda: listings.compare_listing(factbox, factbox.issues, factbox.parties)

    assert_linear(prepare, 100)


def test_the_markers_of_many_parties() -> None:
    """Each party's marker on a divergence chart: each id was compared with every other at each
    length of code (3,400 parties: 50 s), then each marker drawn looked its party up among all."""
    from factbox.render.divergence_view import party_codes

    def prepare(count: int) -> Callable[[], object]:
        ids = [f"party-{k}" for k in range(count)]
        return lambda: party_codes(ids)

    assert_linear(prepare, 200)
