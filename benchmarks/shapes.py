"""Write a valid factbox of about 20 MB in one of the shapes the hardening issue found slow,
each near the bound on YAML values (one per 16 characters), so that the file is as much work
as a file of its size may be.

    python benchmarks/shapes.py chain /tmp/chain.yaml      # chain, histories, parties, values

- chain: a 43,000-deep chain of issues, each scored by one party;
- histories: three parties on one issue, each with 40,000 earlier stances;
- parties: 3,400 parties, each with a speaker, a stance on one issue and 20 quotes on it;
- values: 137,000 short quotes behind an alias, read through libyaml (a file with an anchor or
  alias never takes the fast path), at the bound on values.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

#: Words enough to keep each record's characters per value above the bound.
PAD = "x" * 100


def _head(title: str, parties: list[str]) -> list[str]:
    return ["format: factbox/1", f"title: {title}", "parties:", *(f"  - {{id: {p}, name: Party {p}}}" for p in parties)]


def chain(depth: int = 43_000) -> list[str]:
    lines = [*_head("Deep", ["a", "b"]), "issues:"]
    lines += [f"  - {{id: i{k}, title: Issue {k} {PAD}, {f'parent: i{k - 1}, ' if k else ''}"
              f"question: Should it {PAD}?}}" for k in range(depth)]
    lines += ["positions:"]
    lines += [f"  - {{party: a, issue: i{k}, summary: Summary of the stance {PAD}, basis: stated, stance: {k % 3 - 1}}}"
              for k in range(depth)]
    return lines


def histories(entries: int = 40_000) -> list[str]:
    lines = [*_head("Histories", ["p0", "p1", "p2"]), "issues:", "  - {id: x, title: X, question: Should it?}",
             "positions:"]
    for party in range(3):
        lines += [f"  - party: p{party}", "    issue: x", "    summary: now", "    basis: stated", "    stance: 0",
                  "    history:"]
        lines += [f"      - {{date: '{1000 + k // 12:04d}-{k % 12 + 1:02d}', summary: then {PAD}, "
                  f"stance: {(k + party) % 5 - 2}}}" for k in range(entries)]
    return lines


def parties(count: int = 3_400) -> list[str]:
    lines = [*_head("Parties", [f"p{k}" for k in range(count)]), "speakers:"]
    lines += [f"  - {{id: s{k}, name: Speaker {k} {PAD}, party: p{k}}}" for k in range(count)]
    lines += ["issues:", "  - {id: x, title: X, question: Should it?}", "positions:"]
    lines += [f"  - {{party: p{k}, issue: x, summary: Summary {PAD}, basis: stated, stance: {k % 5 - 2}}}"
              for k in range(count)]
    lines += ["quotes:"]
    lines += [f"  - {{id: q{k}, speaker: s{k % count}, text: Words {k} {PAD}{PAD}, issues: [x]}}"
              for k in range(20 * count)]
    return lines


def values(quotes: int = 137_000) -> list[str]:
    lines = ["format: factbox/1", "title: Values", "parties:", "  - {id: p, name: &party P}", "speakers:",
             "  - {id: s, name: *party, party: p}", "issues:", "  - {id: i, title: I}", "quotes:"]
    for k in range(quotes):
        text = (f"Words {k} " + "said at length " * 8)[:104]
        lines += [f"  - id: q{k}", "    speaker: s", f'    text: "{text}"']
    return lines


SHAPES: dict[str, Callable[[], list[str]]] = {"chain": chain, "histories": histories, "parties": parties,
                                              "values": values}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shape", choices=list(SHAPES))
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.write_text("\n".join(SHAPES[args.shape]()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
