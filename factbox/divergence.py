"""How far apart the parties stand on each issue, who moved, and where there is common ground.

Everything follows docs/format.md's "What a stance means": an issue with a `question` is an axis
from scale.min (rejects) to scale.max (demands); the distance between two parties is the
difference of their stances. Every number here is derived from stances alone, so a reader
can redo it by hand:

- gap: largest minus smallest stance, in scale steps;
- normalized gap: gap / (scale.max - scale.min), from 0 to 1, so scales compare;
- mean distance: the mean of |a - b| over all pairs of scored parties;
- class, from the normalized gap g: aligned (g = 0), close (0 < g <= 0.25),
  apart (0.25 < g < 1), opposed (g = 1: the two ends of the scale).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence

from .model import Factbox, Issue, PartialDate, Scale, in_period
from .records import Record

CLOSE_AT_MOST = 0.25
CLASSES = ("opposed", "apart", "close", "aligned")
NOT_ENOUGH = "fewer than two scored stances"
NO_QUESTION = "no question to score"
#: The same classes in the few words a terminal column has room for (machine formats keep the
#: whole wording above).
SHORT_CLASS = {NOT_ENOUGH: "too few scored", NO_QUESTION: "no question"}


def classify(normalized_gap: float) -> str:
    if normalized_gap == 0:
        return "aligned"
    if normalized_gap <= CLOSE_AT_MOST:
        return "close"
    if normalized_gap < 1:
        return "apart"
    return "opposed"


class Divergence(Record):
    """The measures of one issue among the parties with a scored stance on it. Each measure
    takes time in proportion to the number of parties (sorted once), not to its square."""

    __slots__ = ("basis", "issue", "span", "stances")

    def __init__(self, issue: Issue, stances: dict[str, int], span: int,
                 basis: dict[str, str | None] | None = None) -> None:
        self.issue = issue
        self.stances = stances
        self.span = span
        self.basis = basis or {}  #: how each scored stance is known (None: not given)

    @property
    def scored(self) -> bool:
        return len(self.stances) >= 2

    @property
    def gap(self) -> int | None:
        return max(self.stances.values()) - min(self.stances.values()) if self.scored else None

    @property
    def normalized_gap(self) -> float | None:
        return None if self.gap is None else self.gap / self.span

    @property
    def mean_distance(self) -> float | None:
        if not self.scored:
            return None
        ordered = sorted(self.stances.values())
        total = 0
        below = 0  # the sum of the smaller stances: each pair's |a - b| counted once
        for count, value in enumerate(ordered):
            total += value * count - below
            below += value
        pairs = len(ordered) * (len(ordered) - 1) // 2
        return total / pairs

    @property
    def pairwise(self) -> dict[str, dict[str, int]]:
        return {a: {b: abs(sa - sb) for b, sb in self.stances.items() if b != a} for a, sa in self.stances.items()}

    @property
    def divergence_class(self) -> str:
        if self.issue.question is None:
            return NO_QUESTION
        return NOT_ENOUGH if self.normalized_gap is None else classify(self.normalized_gap)

    @property
    def isolated(self) -> str | None:
        """The party farthest, on average, from all the others, when one clearly is (3+ parties)."""
        if len(self.stances) < 3:
            return None
        sums = self._sorted_sums  # once: sorted afresh for each party, it was quadratic
        distances = {party: _distance_to_all(stance, sums) for party, stance in self.stances.items()}
        farthest = max(distances.values())
        parties = [party for party, distance in distances.items() if distance == farthest]
        return parties[0] if len(parties) == 1 else None

    @property
    def _sorted_sums(self) -> tuple[list[int], list[int]]:
        ordered = sorted(self.stances.values())
        return ordered, list(itertools.accumulate(ordered, initial=0))


def _distance_to_all(stance: int, sorted_sums: tuple[list[int], list[int]]) -> int:
    """The sum of |stance - other| over every stance (its own adds 0), from sorted prefix sums."""
    ordered, sums = sorted_sums
    lower = bisect.bisect_left(ordered, stance)
    upper = bisect.bisect_right(ordered, stance)
    return stance * lower - sums[lower] + (sums[-1] - sums[upper]) - stance * (len(ordered) - upper)


def divergence_of(factbox: Factbox, issue: Issue, parties: set[str] | None = None,
                  bases: set[str] | None = None) -> Divergence:
    """The measures among `parties` (None: all of them), counting only stances whose basis is
    one of `bases` when it is given."""
    scored: dict[str, int] = {}
    basis: dict[str, str | None] = {}
    if issue.question is not None:
        for party in factbox.parties:
            if parties is not None and party.id not in parties:
                continue
            position = factbox.position_by_key.get((party.id, issue.id))
            if position is not None and position.stance is not None and (bases is None or position.basis in bases):
                scored[party.id] = position.stance
                basis[party.id] = position.basis
    return Divergence(issue, scored, factbox.scale.span, basis)


def competition_rank(values: dict[str, float]) -> dict[str, int]:
    """1 + how many are strictly greater: ties share a rank."""
    ordered = sorted(values.values())
    return {key: 1 + len(ordered) - bisect.bisect_right(ordered, value) for key, value in values.items()}


class Fragility(Record):
    """A one-step recoding of a single stance that would move an issue's rank."""

    __slots__ = ("instead", "issue", "new_rank", "party", "rank", "stance")

    def __init__(self, party: str, issue: str, stance: int, instead: int, rank: int, new_rank: int) -> None:
        self.party = party
        self.issue = issue
        self.stance = stance
        self.instead = instead
        self.rank = rank
        self.new_rank = new_rank


def sensitivity(factbox: Factbox, measured: Sequence[Divergence]) -> dict[str, Fragility]:
    """For each scored issue whose rank one stance one step different would change, the first
    such change found (issues in order, parties in file order, -1 before +1).

    One issue's gap moving from g to g' changes the rank of exactly the other issues whose
    gap lies between the two (from g up to but not including g'), and its own rank by how
    many lie strictly between; those are found by bisection in the sorted gaps, and an issue
    already found is skipped over, so the whole costs about n log n, not n cubed.
    """
    scored = [d for d in measured if d.scored]
    gaps = [d.normalized_gap or 0.0 for d in scored]
    order = sorted(range(len(scored)), key=gaps.__getitem__)  # positions in scored, by gap
    ordered = [gaps[k] for k in order]
    sorted_position = {k: position for position, k in enumerate(order)}
    count = len(ordered)
    ranks = [1 + count - bisect.bisect_right(ordered, gap) for gap in gaps]
    open_after = list(range(count + 1))  # the first sorted position at or after p not yet found

    def next_open(position: int) -> int:
        while open_after[position] != position:
            open_after[position] = open_after[open_after[position]]
            position = open_after[position]
        return position

    scale = factbox.scale
    found: dict[int, Fragility] = {}
    for index, changed in enumerate(scored):
        gap = gaps[index]
        stances = sorted(changed.stances.values())
        for party, stance in changed.stances.items():
            highest_other = stances[-2] if stance == stances[-1] else stances[-1]
            lowest_other = stances[1] if stance == stances[0] else stances[0]
            for step in (-1, 1):
                instead = stance + step
                if not scale.min <= instead <= scale.max:
                    continue
                new_gap = (max(highest_other, instead) - min(lowest_other, instead)) / scale.span
                if new_gap == gap:
                    continue
                low, high = min(gap, new_gap), max(gap, new_gap)
                shift = 1 if new_gap > gap else -1
                moved: list[tuple[int, int]] = []  # (issue in scored, its new rank)
                position = next_open(bisect.bisect_left(ordered, low))
                end = bisect.bisect_left(ordered, high)
                while position < end:
                    other = order[position]
                    if other != index:
                        moved.append((other, ranks[other] + shift))
                        open_after[position] = position + 1
                    position = next_open(position + 1)
                own = 1 + count - bisect.bisect_right(ordered, new_gap) - (1 if gap > new_gap else 0)
                if own != ranks[index] and index not in found:
                    moved.append((index, own))
                for other, new_rank in sorted(moved):
                    found[other] = Fragility(party, changed.issue.id, stance, instead, ranks[other], new_rank)
                    if other == index:
                        open_after[sorted_position[index]] = sorted_position[index] + 1
    return {scored[index].issue.id: fragility for index, fragility in found.items()}


class Tip(Record):
    """One stance one step different that would change an issue's class."""

    __slots__ = ("instead", "new_class", "party", "stance")

    def __init__(self, party: str, stance: int, instead: int, new_class: str) -> None:
        self.party = party
        self.stance = stance
        self.instead = instead
        self.new_class = new_class


def could_tip(divergence: Divergence, scale: Scale) -> Tip | None:
    """The first reported or inferred stance (parties in file order, -1 before +1) whose
    one-step change would change this issue's class: a label that rests on someone's reading
    of a party, not its own word. (A stance of no given basis is counted in the headline
    instead; rank changes are `sensitivity`'s; this speaks of the issue itself.)"""
    if not divergence.scored:
        return None
    values = sorted(divergence.stances.values())
    for party, stance in divergence.stances.items():
        if divergence.basis.get(party) not in ("reported", "inferred"):
            continue
        highest_other = values[-2] if stance == values[-1] else values[-1]
        lowest_other = values[1] if stance == values[0] else values[0]
        for step in (-1, 1):
            instead = stance + step
            if scale.min <= instead <= scale.max:
                new_class = classify((max(highest_other, instead) - min(lowest_other, instead)) / scale.span)
                if new_class != divergence.divergence_class:
                    return Tip(party, stance, instead, new_class)
    return None


def common_ground(divergence: Divergence, scale: Scale) -> bool:
    """No scored party on the rejecting side of the midpoint while another is on the other."""
    if not divergence.scored:
        return False
    values = divergence.stances.values()
    below = any(v < scale.midpoint for v in values)
    above = any(v > scale.midpoint for v in values)
    return not (below and above)


def conditional_parties(factbox: Factbox, divergence: Divergence) -> list[str]:
    """On common ground that is not yet agreement: the parties whose stated conditions are what
    stands between them and the party that goes furthest."""
    if not divergence.scored or divergence.gap == 0 or not common_ground(divergence, factbox.scale):
        return []
    furthest = max(divergence.stances.values(), key=lambda v: abs(v - factbox.scale.midpoint))
    return [
        party for party, stance in divergence.stances.items()
        if stance != furthest
        and (position := factbox.position_by_key.get((party, divergence.issue.id))) is not None
        and position.conditions
    ]


class Beneath(Record):
    """A parent's summary of its sub-issues: the widest gap below it, and where."""

    __slots__ = ("driver", "gap", "normalized_gap")

    def __init__(self, gap: int | None, normalized_gap: float | None, driver: str | None) -> None:
        self.gap = gap
        self.normalized_gap = normalized_gap
        self.driver = driver


def beneath_each(factbox: Factbox, measured: dict[str, Divergence]) -> dict[str, Beneath]:
    """For each measured issue, the widest scored gap among the measured issues beneath it
    (by gap, then mean distance; the first in tree order on a tie). Worked out from the
    leaves up in one pass, so a deep tree costs its size, not its size times its depth."""
    widest_below: dict[str, tuple[tuple[int, float], Divergence] | None] = {}
    for issue in reversed(factbox.issues_in_tree_order()):  # every issue after all beneath it
        best: tuple[tuple[int, float], Divergence] | None = None
        for child in factbox.children.get(issue.id, []):
            own = measured.get(child.id)
            for candidate in (
                ((own.gap or 0, own.mean_distance or 0.0), own) if own is not None and own.scored else None,
                widest_below[child.id],
            ):
                if candidate is not None and (best is None or candidate[0] > best[0]):
                    best = candidate
        widest_below[issue.id] = best
    found: dict[str, Beneath] = {}
    for issue_id in measured:
        below = widest_below.get(issue_id)
        found[issue_id] = (Beneath(None, None, None) if below is None else
                           Beneath(below[1].gap, below[1].normalized_gap, below[1].issue.id))
    return found


class Analysis(Record):
    """Every issue's measures, ranked most divergent first; unscored issues last."""

    __slots__ = ("beneath", "common", "conditional", "fragile", "ranked", "tips")

    def __init__(self, ranked: list[Divergence], fragile: dict[str, Fragility], beneath: dict[str, Beneath],
                 common: list[str] | None = None, conditional: dict[str, list[str]] | None = None,
                 tips: dict[str, Tip] | None = None) -> None:
        self.ranked = ranked
        self.fragile = fragile
        self.beneath = beneath
        self.common = common or []
        self.conditional = conditional or {}
        self.tips = tips or {}


def analyze(factbox: Factbox, issues: Iterable[Issue], parties: set[str] | None = None,
            min_gap: int | None = None, bases: set[str] | None = None) -> Analysis:
    """`min_gap` keeps only scored issues that far apart; ranks and fragility still come
    from every issue asked for, so a filter never changes an issue's rank."""
    order = {issue.id: index for index, issue in enumerate(factbox.issues_in_tree_order())}
    measured = [divergence_of(factbox, issue, parties, bases) for issue in issues]
    by_id = {d.issue.id: d for d in measured}
    ranked = sorted(measured, key=lambda d: (
        not d.scored, -(d.normalized_gap or 0), -(d.mean_distance or 0), order[d.issue.id]))
    if min_gap is not None:
        ranked = [d for d in ranked if d.gap is not None and d.gap >= min_gap]
    return Analysis(
        ranked=ranked,
        fragile=sensitivity(factbox, measured),
        beneath=beneath_each(factbox, by_id),
        common=[d.issue.id for d in ranked if common_ground(d, factbox.scale)],
        conditional={d.issue.id: c for d in ranked if (c := conditional_parties(factbox, d))},
        tips={d.issue.id: tip for d in ranked if (tip := could_tip(d, factbox.scale))},
    )


def headline(factbox: Factbox, analysis: Analysis) -> str:
    """One line a reader can take away: '3 of 8 scored issues opposed, 1 close; common ground
    on …; 4 of 12 stances reported, 1 inferred.' — the last part says what the numbers rest on."""
    scored = [d for d in analysis.ranked if d.scored]
    if not scored:
        return f"No issue has two scored stances: {NOT_ENOUGH} on every issue."
    counts = [(name, sum(1 for d in scored if d.divergence_class == name)) for name in CLASSES]
    parts = [f"{n} {name}" for name, n in counts if n]
    text = f"{parts[0].split(' ')[0]} of {len(scored)} scored issues {parts[0].split(' ', 1)[1]}"
    if parts[1:]:
        text += ", " + ", ".join(parts[1:])
    if analysis.common:
        titles = [factbox.issue_by_id[i].title for i in analysis.common]
        text += "; common ground on " + ", ".join(titles)
    else:
        text += "; no common ground"
    unscored = sum(1 for d in analysis.ranked if d.divergence_class == NOT_ENOUGH)
    if unscored:
        text += f"; {unscored} with {NOT_ENOUGH}"
    return f"{text}; {basis_summary([b for d in scored for b in d.basis.values()])}."


def basis_summary(bases: list[str | None]) -> str:
    """'all 12 stances stated', or '4 of 12 stances reported, 1 inferred, 2 with no basis given'."""
    total = len(bases)
    if all(b == "stated" for b in bases):
        return f"all {total} stances stated" if total != 1 else "the one stance stated"
    if all(b is None for b in bases):
        return f"no basis given for any of the {total} stances"
    parts = [f"{n} {name}" for name in ("reported", "inferred") if (n := bases.count(name))]
    if (unknown := bases.count(None)):
        parts.append(f"{unknown} with no basis given")
    return f"{parts[0].split(' ', 1)[0]} of {total} stances {parts[0].split(' ', 1)[1]}" + "".join(
        f", {part}" for part in parts[1:])


class Gap(Record):
    __slots__ = ("after", "before", "party")

    def __init__(self, party: str, before: int, after: int) -> None:
        self.party = party
        self.before = before
        self.after = after

    @property
    def change(self) -> str:
        return "narrowed" if self.after < self.before else "widened" if self.after > self.before else "unchanged"


class Shift(Record):
    """One party's move on one issue, from one recorded stance to the next."""

    __slots__ = ("date_from", "date_to", "gaps", "issue", "party", "stance_from", "stance_to", "summary_from",
                 "summary_to")

    def __init__(self, party: str, issue: str, date_from: PartialDate | None, date_to: PartialDate | None,
                 stance_from: int, stance_to: int, summary_from: str, summary_to: str,
                 gaps: tuple[Gap, ...]) -> None:
        self.party = party
        self.issue = issue
        self.date_from = date_from
        self.date_to = date_to
        self.stance_from = stance_from
        self.stance_to = stance_to
        self.summary_from = summary_from
        self.summary_to = summary_to
        self.gaps = gaps


def shifts(factbox: Factbox, parties: set[str] | None = None, since: PartialDate | None = None,
           measured: set[str] | None = None) -> list[Shift]:
    """Every change of stance recorded in a position's history, oldest first, with the gap to
    each of the `measured` parties (None: every party) before and after, their stances
    then found by `asof`'s rule."""
    from .asof import Scored, records

    stance_then = Scored(factbox).stance  # the one rule of `--as-of`
    found: list[Shift] = []
    for position in factbox.positions:
        if parties is not None and position.party not in parties:
            continue
        scored = [(r.date, r.stance, r.summary) for r in records(factbox, position) if r.stance is not None]
        for (d0, s0, t0), (d1, s1, t1) in itertools.pairwise(scored):
            assert s0 is not None and s1 is not None
            if s0 == s1:
                continue
            if since is not None and d1 is not None and not in_period(d1, since, None):
                continue
            gaps = []
            for other in factbox.parties:
                if other.id == position.party or (measured is not None and other.id not in measured):
                    continue
                theirs_then = stance_then(other.id, position.issue, d0)
                theirs_now = stance_then(other.id, position.issue, d1)
                if theirs_then is not None and theirs_now is not None:
                    gaps.append(Gap(other.id, abs(s0 - theirs_then), abs(s1 - theirs_now)))
            found.append(Shift(position.party, position.issue, d0, d1, s0, s1, t0, t1, tuple(gaps)))
    return sorted(found, key=lambda s: (s.date_to.sort_key if s.date_to else (9999, 99, 99)))
