"""How far apart the parties stand on each issue, who moved, and where there is common ground.

Everything follows FORMAT.md's "What a stance means": an issue with a `question` is an axis
from scale.min (rejects) to scale.max (demands); the distance between two parties is the
difference of their stances. Every number here is derived from stances alone, so a reader
can redo it by hand:

- gap: largest minus smallest stance, in scale steps;
- normalised gap: gap / (scale.max - scale.min), from 0 to 1, so scales compare;
- mean distance: the mean of |a - b| over all pairs of scored parties;
- class, from the normalised gap g: aligned (g = 0), close (0 < g <= 0.25),
  apart (0.25 < g < 1), opposed (g = 1: the two ends of the scale).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import Factbox, Issue, PartialDate, Scale, in_period

CLOSE_AT_MOST = 0.25
CLASSES = ("opposed", "apart", "close", "aligned")
NOT_ENOUGH = "not enough stated positions"
NO_QUESTION = "no question to score"


def classify(normalised_gap: float) -> str:
    if normalised_gap == 0:
        return "aligned"
    if normalised_gap <= CLOSE_AT_MOST:
        return "close"
    if normalised_gap < 1:
        return "apart"
    return "opposed"


@dataclass(frozen=True, slots=True)
class Divergence:
    """The measures of one issue among the parties with a scored stance on it."""

    issue: Issue
    stances: dict[str, int]
    span: int

    @property
    def scored(self) -> bool:
        return len(self.stances) >= 2

    @property
    def gap(self) -> int | None:
        return max(self.stances.values()) - min(self.stances.values()) if self.scored else None

    @property
    def normalised_gap(self) -> float | None:
        return None if self.gap is None else self.gap / self.span

    @property
    def mean_distance(self) -> float | None:
        if not self.scored:
            return None
        pairs = list(itertools.combinations(self.stances.values(), 2))
        return sum(abs(a - b) for a, b in pairs) / len(pairs)

    @property
    def pairwise(self) -> dict[str, dict[str, int]]:
        return {a: {b: abs(sa - sb) for b, sb in self.stances.items() if b != a} for a, sa in self.stances.items()}

    @property
    def divergence_class(self) -> str:
        if self.issue.question is None:
            return NO_QUESTION
        return NOT_ENOUGH if self.normalised_gap is None else classify(self.normalised_gap)

    @property
    def isolated(self) -> str | None:
        """The party farthest, on average, from all the others, when one clearly is (3+ parties)."""
        if len(self.stances) < 3:
            return None
        means = {party: sum(row.values()) / len(row) for party, row in self.pairwise.items()}
        ranked = sorted(means.items(), key=lambda item: -item[1])
        return ranked[0][0] if ranked[0][1] > ranked[1][1] else None


def divergence_of(factbox: Factbox, issue: Issue, parties: set[str] | None = None,
                  stances: dict[tuple[str, str], int] | None = None) -> Divergence:
    """`stances` overrides the file's, for what-if questions (sensitivity)."""
    scored: dict[str, int] = {}
    if issue.question is not None:
        for party in factbox.parties:
            if parties is not None and party.id not in parties:
                continue
            key = (party.id, issue.id)
            if stances is not None and key in stances:
                scored[party.id] = stances[key]
                continue
            position = factbox.position_by_key.get(key)
            if position is not None and position.stance is not None:
                scored[party.id] = position.stance
    return Divergence(issue, scored, factbox.scale.span)


def competition_rank(values: dict[str, float]) -> dict[str, int]:
    """1 + how many are strictly greater: ties share a rank."""
    return {key: 1 + sum(1 for other in values.values() if other > value) for key, value in values.items()}


@dataclass(frozen=True, slots=True)
class Fragility:
    """A one-step recoding of a single stance that would move an issue's rank."""

    party: str
    issue: str
    stance: int
    instead: int
    rank: int
    new_rank: int


def sensitivity(factbox: Factbox, measured: Sequence[Divergence]) -> dict[str, Fragility]:
    """For each scored issue whose rank one stance one step different would change, the first
    such change found (issues in order, parties in file order, -1 before +1)."""
    scored = [d for d in measured if d.scored]
    gaps = {d.issue.id: d.normalised_gap or 0.0 for d in scored}
    ranks = competition_rank(gaps)
    scale = factbox.scale
    found: dict[str, Fragility] = {}
    for changed in scored:
        for party, stance in changed.stances.items():
            for step in (-1, 1):
                instead = stance + step
                if not scale.min <= instead <= scale.max:
                    continue
                what_if = dict(changed.stances, **{party: instead})
                new_gap = (max(what_if.values()) - min(what_if.values())) / scale.span
                new_ranks = competition_rank({**gaps, changed.issue.id: new_gap})
                for issue_id, rank in ranks.items():
                    if issue_id not in found and new_ranks[issue_id] != rank:
                        found[issue_id] = Fragility(party, changed.issue.id, stance, instead, rank,
                                                    new_ranks[issue_id])
    return found


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


@dataclass(frozen=True, slots=True)
class Beneath:
    """A parent's summary of its sub-issues: the widest gap below it, and where."""

    gap: int | None
    normalised_gap: float | None
    driver: str | None


def beneath(factbox: Factbox, issue: Issue, measured: dict[str, Divergence]) -> Beneath:
    below = [measured[i] for i in factbox.subtree(issue.id)[1:] if i in measured and measured[i].scored]
    if not below:
        return Beneath(None, None, None)
    widest = max(below, key=lambda d: (d.gap or 0, d.mean_distance or 0))
    return Beneath(widest.gap, widest.normalised_gap, widest.issue.id)


@dataclass(slots=True)
class Analysis:
    """Every issue's measures, ranked most divergent first; unscored issues last."""

    ranked: list[Divergence]
    fragile: dict[str, Fragility]
    beneath: dict[str, Beneath]
    common: list[str] = field(default_factory=list)
    conditional: dict[str, list[str]] = field(default_factory=dict)


def analyse(factbox: Factbox, issues: Iterable[Issue], parties: set[str] | None = None,
            min_gap: int | None = None) -> Analysis:
    """`min_gap` keeps only scored issues that far apart; ranks and fragility still come
    from every issue asked for, so a filter never changes an issue's rank."""
    order = {issue.id: index for index, issue in enumerate(factbox.issues_in_tree_order())}
    measured = [divergence_of(factbox, issue, parties) for issue in issues]
    by_id = {d.issue.id: d for d in measured}
    ranked = sorted(measured, key=lambda d: (
        not d.scored, -(d.normalised_gap or 0), -(d.mean_distance or 0), order[d.issue.id]))
    if min_gap is not None:
        ranked = [d for d in ranked if d.gap is not None and d.gap >= min_gap]
    return Analysis(
        ranked=ranked,
        fragile=sensitivity(factbox, measured),
        beneath={d.issue.id: beneath(factbox, d.issue, by_id) for d in measured},
        common=[d.issue.id for d in ranked if common_ground(d, factbox.scale)],
        conditional={d.issue.id: c for d in ranked if (c := conditional_parties(factbox, d))},
    )


def headline(factbox: Factbox, analysis: Analysis) -> str:
    """One line a reader can take away: '3 of 8 scored issues opposed, 1 close; common ground on …'."""
    scored = [d for d in analysis.ranked if d.scored]
    if not scored:
        return "No issue has two scored stances: not enough stated positions to compare."
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
        text += f"; {unscored} with not enough stated positions"
    return text + "."


@dataclass(frozen=True, slots=True)
class Gap:
    party: str
    before: int
    after: int

    @property
    def change(self) -> str:
        return "narrowed" if self.after < self.before else "widened" if self.after > self.before else "unchanged"


@dataclass(frozen=True, slots=True)
class Shift:
    """One party's move on one issue, from one recorded stance to the next."""

    party: str
    issue: str
    date_from: PartialDate | None
    date_to: PartialDate | None
    stance_from: int
    stance_to: int
    summary_from: str
    summary_to: str
    gaps: tuple[Gap, ...]


def stance_at(factbox: Factbox, party: str, issue: str, date: PartialDate | None) -> int | None:
    """A party's stance as of a date: its latest recorded stance not after that date (its
    current one, dated by the position's or the factbox's `as_of`, counts as the last entry;
    undated, it is taken to follow the history). Before its first record, its first stance."""
    position = factbox.position_by_key.get((party, issue))
    if position is None:
        return None
    timeline: list[tuple[PartialDate | None, int]] = [
        (entry.date, entry.stance) for entry in position.history if entry.stance is not None]
    if position.stance is not None:
        timeline.append((position.as_of or factbox.as_of, position.stance))
    if not timeline:
        return None
    if date is None:
        return timeline[-1][1]
    known = [stance for when, stance in timeline if when is None or not when > date]
    if timeline[-1][0] is None and any(when is not None and when > date for when, _ in timeline):
        known = known[:-1]  # an undated current stance follows a history that is still to come
    return known[-1] if known else timeline[0][1]


def shifts(factbox: Factbox, parties: set[str] | None = None, since: PartialDate | None = None) -> list[Shift]:
    """Every change of stance recorded in a position's history, oldest first."""
    found: list[Shift] = []
    for position in factbox.positions:
        if parties is not None and position.party not in parties:
            continue
        current_date = position.as_of or factbox.as_of
        steps: list[tuple[PartialDate | None, int | None, str]] = [
            (e.date, e.stance, e.summary) for e in position.history]
        steps.append((current_date, position.stance, position.summary))
        scored = [s for s in steps if s[1] is not None]
        for (d0, s0, t0), (d1, s1, t1) in itertools.pairwise(scored):
            assert s0 is not None and s1 is not None
            if s0 == s1:
                continue
            if since is not None and d1 is not None and not in_period(d1, since, None):
                continue
            gaps = []
            for other in factbox.parties:
                if other.id == position.party:
                    continue
                theirs_then = stance_at(factbox, other.id, position.issue, d0)
                theirs_now = stance_at(factbox, other.id, position.issue, d1)
                if theirs_then is not None and theirs_now is not None:
                    gaps.append(Gap(other.id, abs(s0 - theirs_then), abs(s1 - theirs_now)))
            found.append(Shift(position.party, position.issue, d0, d1, s0, s1, t0, t1, tuple(gaps)))
    return sorted(found, key=lambda s: (s.date_to.sort_key if s.date_to else (9999, 99, 99)))
