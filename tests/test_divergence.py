"""Divergence, shifts and the stance chart, with exact numbers.

Every expected value below was worked out by hand from the YAML it comes from (the bundled
data/positions.yaml, or a small invented factbox in tests/fixtures/divergence/), following the
definitions of FORMAT.md "What a stance means" and README "How divergence is measured":

    gap = max - min stance; normalized_gap = gap / (scale.max - scale.min);
    mean_distance = mean |a - b| over all pairs; class: aligned (0), close (<= 0.25),
    apart (< 1), opposed (1); rank = 1 + the number of issues with a strictly larger
    normalized gap; common ground = no stance below the midpoint while another is above it.

The arithmetic is written next to each expectation so that it can be checked by reading.
Nothing here was copied from the tool's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, run

from factbox.divergence import (
    NO_QUESTION,
    NOT_ENOUGH,
    classify,
    common_ground,
    competition_rank,
    divergence_of,
)
from factbox.loading import load_file
from factbox.model import Scale
from factbox.render.divergence_view import party_codes, stance_chart

DIV = FIXTURES / "divergence"
SCALE10 = DIV / "scale10.yaml"
QUARTER = DIV / "quarter.yaml"
ODD = DIV / "odd.yaml"
SPARSE = DIV / "sparse.yaml"
ALONE = DIV / "alone.yaml"
THREE = DIV / "three.yaml"
FIVE = DIV / "five.yaml"
TREE = DIV / "tree.yaml"
SENSITIVITY = DIV / "sensitivity.yaml"
SHIFTS = DIV / "shifts.yaml"
INTERLEAVED = DIV / "interleaved.yaml"
ZERO = DIV / "zero.yaml"
PERCENT = DIV / "percent.yaml"

AXIS_4 = "├─────┼─────┼─────┼─────┤"  # -2..2: span 4, step min(6, 24 // 4) = 6, 25 cells
AXIS_10 = "├─┼─┼─┼─┼─┼─┼─┼─┼─┼─┤"  # 0..10: span 10, step min(6, 24 // 10) = 2, 21 cells


def json_of(*args: str, env: dict[str, str] | None = None) -> Any:
    result = run(*args, "-f", "json", env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def divergence_rows(data: Path | None = None, *args: str) -> list[dict[str, Any]]:
    extra = ("--data", str(data)) if data is not None else ()
    rows: list[dict[str, Any]] = json_of("divergence", *extra, *args)
    return rows


def by_issue(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["issue"]: row for row in rows}


def shift_rows(data: Path | None = None, *args: str) -> list[dict[str, Any]]:
    extra = ("--data", str(data)) if data is not None else ()
    rows: list[dict[str, Any]] = json_of("shifts", *extra, *args)
    return rows


def table_lines(*args: str, columns: int) -> list[str]:
    result = run(*args, "-f", "table", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def measures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["rank"], row["class"], row["gap"], row["normalized_gap"], row["mean_distance"])


# ---------------------------------------------------------------------------------------
# The bundled data (data/positions.yaml, scale -2..2, span 4, midpoint 0)
# ---------------------------------------------------------------------------------------

# issue -> (rank, class, gap, normalized_gap, mean_distance), in the expected listing order.
# Stances read from the file: nato-membership ukraine 1, russia 2 (the US has no stance);
# security-guarantees ukraine 2, russia -1; donbas ukraine -2, russia 2; ceasefire ukraine 1,
# russia -2; referendums ukraine 2, russia -2; zaporizhzhia-npp ukraine -2 (the United States,
# a mediator, is not measured). Gaps: donbas 4, referendums 4 (4/4 = 1.0, opposed);
# security-guarantees 3, ceasefire 3 (3/4 = 0.75, apart); nato-membership 1 (1/4 = 0.25,
# close). With two parties the mean distance is the one distance. Ranks: two at 1.0 -> 1, 1;
# two at 0.75 -> 1 + 2 = 3; 0.25 -> 1 + 4 = 5. Equal gaps and equal mean distances keep the
# tree order. Unscored issues come last, in tree order: the parents have no question;
# foreign-troops (russia 0), buffer-zones (ukraine -1), security-arrangement (russia 2),
# zaporizhzhia-npp (ukraine -2) and reconstruction (ukraine 2) each have one scored stance.
BUNDLED = {
    "donbas": (1, "opposed", 4, 1.0, 4.0),
    "referendums": (1, "opposed", 4, 1.0, 4.0),
    "security-guarantees": (3, "apart", 3, 0.75, 3.0),
    "ceasefire": (3, "apart", 3, 0.75, 3.0),
    "nato-membership": (5, "close", 1, 0.25, 1.0),
    "security": (None, NO_QUESTION, None, None, None),
    "foreign-troops": (None, NOT_ENOUGH, None, None, None),
    "buffer-zones": (None, NOT_ENOUGH, None, None, None),
    "security-arrangement": (None, NOT_ENOUGH, None, None, None),
    "territory": (None, NO_QUESTION, None, None, None),
    "zaporizhzhia-npp": (None, NOT_ENOUGH, None, None, None),
    "reconstruction": (None, NOT_ENOUGH, None, None, None),
}
BUNDLED_STANCES = {
    "donbas": {"ukraine": -2, "russia": 2},
    "referendums": {"ukraine": 2, "russia": -2},
    "security-guarantees": {"ukraine": 2, "russia": -1},
    "ceasefire": {"ukraine": 1, "russia": -2},
    "nato-membership": {"ukraine": 1, "russia": 2},
    "security": {},
    "foreign-troops": {"russia": 0},
    "buffer-zones": {"ukraine": -1},
    "security-arrangement": {"russia": 2},
    "territory": {},
    "zaporizhzhia-npp": {"ukraine": -2},
    "reconstruction": {"ukraine": 2},
}
BUNDLED_HEADLINE = ("2 of 5 scored issues opposed, 2 apart, 1 close; common ground on NATO membership for "
                    "Ukraine; 5 with fewer than two scored stances; 2 of 10 stances reported.")


def test_bundled_measures_for_every_issue_in_ranked_order() -> None:
    rows = divergence_rows()
    assert [row["issue"] for row in rows] == list(BUNDLED)
    assert {row["issue"]: measures(row) for row in rows} == BUNDLED
    assert {row["issue"]: row["stances"] for row in rows} == BUNDLED_STANCES
    for row in rows:
        assert (row["span"], row["scale_min"], row["scale_max"]) == (4, -2, 2)


def test_bundled_pairwise_matrix_is_each_pairs_distance() -> None:
    rows = by_issue(divergence_rows())
    # |a - b| of the stances above; symmetric; no party paired with itself.
    assert rows["donbas"]["pairwise"] == {"ukraine": {"russia": 4}, "russia": {"ukraine": 4}}
    assert rows["referendums"]["pairwise"] == {"ukraine": {"russia": 4}, "russia": {"ukraine": 4}}
    assert rows["security-guarantees"]["pairwise"] == {"ukraine": {"russia": 3}, "russia": {"ukraine": 3}}
    assert rows["ceasefire"]["pairwise"] == {"ukraine": {"russia": 3}, "russia": {"ukraine": 3}}
    assert rows["nato-membership"]["pairwise"] == {"ukraine": {"russia": 1}, "russia": {"ukraine": 1}}
    for issue in ("security", "foreign-troops", "buffer-zones", "security-arrangement", "territory",
                  "zaporizhzhia-npp", "reconstruction"):
        assert rows[issue]["pairwise"] is None
    # Two parties: nobody can be isolated.
    assert all(row["isolated"] is None for row in rows.values())


def test_bundled_issues_without_enough_stated_positions() -> None:
    rows = divergence_rows()
    not_enough = [row["issue"] for row in rows if row["class"] == NOT_ENOUGH]
    assert not_enough == ["foreign-troops", "buffer-zones", "security-arrangement", "zaporizhzhia-npp",
                          "reconstruction"]
    for issue in not_enough:
        row = by_issue(rows)[issue]
        assert row["notes"] == ["Fewer than two scored stances: 1 scored, 2 needed."]
        assert (row["rank"], row["common_ground"], row["fragile"]) == (None, False, False)
    # The parents have no question; each reports the widest gap beneath it: security's children
    # are nato 1, security-guarantees 3 (others unscored) -> 3 on security-guarantees, 3/4;
    # territory's are donbas 4, ceasefire 3, referendums 4 -> donbas, the first 4.
    security, territory = by_issue(rows)["security"], by_issue(rows)["territory"]
    assert (security["gap_below"], security["normalized_gap_below"], security["driver"]) == (
        3, 0.75, "security-guarantees")
    assert security["notes"] == ["Widest gap beneath: 3 of 4 on Western security guarantees for Ukraine."]
    assert (territory["gap_below"], territory["normalized_gap_below"], territory["driver"]) == (4, 1.0, "donbas")
    assert territory["notes"] == ["Widest gap beneath: 4 of 4 on Donbas."]


def test_bundled_territory_ranks_above_nato_membership() -> None:
    rows = divergence_rows()
    order = [row["issue"] for row in rows]
    ranks = {row["issue"]: row["rank"] for row in rows}
    for issue in ("donbas", "ceasefire", "referendums"):
        assert ranks[issue] < ranks["nato-membership"]
        assert order.index(issue) < order.index("nato-membership")


def test_bundled_nato_membership_is_close_with_common_ground_and_ukraine_conditional() -> None:
    nato = by_issue(divergence_rows())["nato-membership"]
    # 1 and 2 both lie above the midpoint 0 -> common ground; Russia (2) goes furthest from 0,
    # Ukraine (1) has stated conditions -> Ukraine is named.
    assert (nato["class"], nato["common_ground"], nato["conditional"]) == ("close", True, ["ukraine"])
    assert nato["notes"] == [
        "Common ground: no party rejects what another accepts.",
        "Ukraine's conditions separate it from the others: Only in exchange for stronger, legally binding "
        "Western security guarantees with an Article 5-like mutual defence clause.",
    ]
    others = [row["issue"] for row in divergence_rows() if row["common_ground"]]
    assert others == ["nato-membership"]  # every other scored issue has one stance below 0, one above


def test_bundled_fragility() -> None:
    rows = by_issue(divergence_rows())
    # Normalised gaps 1, 1, .75, .75, .25 -> ranks 1, 1, 3, 3, 5. One step can move any of
    # the top four (worked out issue by issue, parties in file order, -1 before +1):
    #  - donbas: Ukraine -2 -> -1 makes it 3/4, behind referendums: 1 -> 2;
    #  - referendums: Ukraine 2 -> 1 makes it 3/4, behind donbas: 1 -> 2;
    #  - security-guarantees: Ukraine 2 -> 1 makes it 2/4: three issues above it: 3 -> 4;
    #  - ceasefire: Russia -1 -> -2 on security-guarantees makes that 4/4: 3 -> 4.
    # nato-membership (0.25) cannot reach 0.75 in one step, nor can any 0.75 fall below 0.5.
    assert {issue: row["fragile_because"] for issue, row in rows.items() if row["fragile"]} == {
        "donbas": "rank 1 would become 2 if Ukraine stood at -1 instead of -2 on Donbas",
        "referendums": "rank 1 would become 2 if Ukraine stood at +1 instead of +2 on Territorial referendums "
                       "and popular decision",
        "security-guarantees": "rank 3 would become 4 if Ukraine stood at +1 instead of +2 on Western security "
                               "guarantees for Ukraine",
        "ceasefire": "rank 3 would become 4 if Russia stood at -2 instead of -1 on Western security guarantees "
                     "for Ukraine",
    }
    assert rows["nato-membership"]["fragile"] is False
    assert rows["nato-membership"]["fragile_because"] is None


def test_bundled_headline_is_the_tables_first_line() -> None:
    # 5 scored issues: 2 opposed, 2 apart, 1 close, 0 aligned; common ground on nato only;
    # 5 issues with one stance (the two parents have no question and are not counted); of the
    # 10 stances behind the scored issues, Russia's on referendums and on security guarantees
    # are reported, the rest stated.
    wide = table_lines("divergence", columns=200)
    assert wide[0].rstrip() == BUNDLED_HEADLINE
    # At 120 columns the same words, wrapped onto two lines.
    narrow = table_lines("divergence", columns=120)
    assert narrow[0].rstrip() == BUNDLED_HEADLINE[:BUNDLED_HEADLINE.rindex(" ", 0, 120)]
    assert f"{narrow[0].rstrip()} {narrow[1].strip()}" == BUNDLED_HEADLINE


def test_bundled_shifts_ukraine_nato() -> None:
    # Ukraine: history 2019 stance -2, current stance 1 dated by the file's as_of 2025-12.
    # Russia has no history: 2 throughout -> |-2 - 2| = 4 before, |1 - 2| = 1 after.
    # The United States has a position without a stance: no gap to it.
    assert shift_rows() == [{
        "party": "ukraine",
        "party_name": "Ukraine",
        "issue": "nato-membership",
        "issue_title": "NATO membership for Ukraine",
        "date_from": "2019",
        "date_to": "2025-12",
        "stance_from": -2,
        "stance_to": 1,
        "summary_from": "NATO membership enshrined as an objective in Ukraine's Constitution.",
        "summary_to": "Prepared to abandon the pursuit of NATO membership in exchange for stronger Western "
                      "security guarantees, which Zelenskyy calls a compromise on Ukraine's part.",
        "gaps": {"russia": {"before": 4, "after": 1, "change": "narrowed"}},
        "basis": "stated",
        "narrative": "Ukraine moved from -2 to +1 on NATO membership for Ukraine (2019 → 2025-12); "
                     "narrowed the gap to Russia from 4 to 1.",
    }]


def test_bundled_issues_carry_gap_and_class() -> None:
    rows = json_of("issues")
    assert {row["id"]: (row["gap"], row["class"]) for row in rows} == {
        issue: (gap, klass) for issue, (_, klass, gap, _, _) in BUNDLED.items()}


@pytest.mark.parametrize(("issue", "parties", "expected"), [
    # All three parties: Ukraine 1, Russia 2, the US no stance -> gap 1, close.
    ("nato-membership", [], {"nato-membership": (1, "close")}),
    # Only Ukraine asked for: one stance -> not enough, never aligned.
    ("nato-membership", ["ukraine"], {"nato-membership": (None, NOT_ENOUGH)}),
    # Zaporizhzhia: Ukraine -2, the US 1 -> 3, apart; Russia has no position there.
    ("zaporizhzhia-npp", ["ukraine", "united-states"], {"zaporizhzhia-npp": (3, "apart")}),
    ("zaporizhzhia-npp", ["ukraine", "russia"], {"zaporizhzhia-npp": (None, NOT_ENOUGH)}),
    # The US alone on the territory sub-tree: at most one stance anywhere.
    ("territory", ["united-states"], {
        "territory": (None, NO_QUESTION), "donbas": (None, NOT_ENOUGH), "ceasefire": (None, NOT_ENOUGH),
        "referendums": (None, NOT_ENOUGH), "zaporizhzhia-npp": (None, NOT_ENOUGH),
        "reconstruction": (None, NOT_ENOUGH)}),
    # Ukraine and Russia on the territory sub-tree: donbas 4, ceasefire 3, referendums 4.
    ("territory", ["ukraine", "russia"], {
        "territory": (None, NO_QUESTION), "donbas": (4, "opposed"), "ceasefire": (3, "apart"),
        "referendums": (4, "opposed"), "zaporizhzhia-npp": (None, NOT_ENOUGH),
        "reconstruction": (None, NOT_ENOUGH)}),
])
def test_bundled_compare_carries_gap_and_class_for_the_parties_asked(
        issue: str, parties: list[str], expected: dict[str, tuple[int | None, str]]) -> None:
    options = [arg for party in parties for arg in ("--party", party)]
    rows = json_of("compare", issue, *options)
    wanted = parties or ["ukraine", "russia", "united-states"]
    assert [(row["issue"], row["party"]) for row in rows] == [(i, p) for i in expected for p in wanted]
    for row in rows:
        assert (row["issue_gap"], row["issue_class"]) == expected[row["issue"]]


# ---------------------------------------------------------------------------------------
# A 0..10 scale: normalization by span 10, classes, ties, common ground at midpoint 5
# ---------------------------------------------------------------------------------------

# scale10.yaml: alpha / beta stances -> gap, gap / 10, class; ranks 1 + count strictly above.
SCALE10_EXPECTED = {
    "fish": (1, "opposed", 10, 1.0, 10.0),  # 0 / 10
    "salt": (2, "apart", 9, 0.9, 9.0),  # 1 / 10
    "oil": (3, "apart", 3, 0.3, 3.0),  # 8 / 5
    "tea": (4, "close", 2, 0.2, 2.0),  # 6 / 8: ties with gas, both rank 4
    "gas": (4, "close", 2, 0.2, 2.0),  # 4 / 6: same gap and mean, tree order after tea
    "ice": (6, "aligned", 0, 0.0, 0.0),  # 7 / 7: 1 + 5 issues above it
}


def test_custom_scale_normalizes_by_its_span() -> None:
    rows = divergence_rows(SCALE10)
    assert [row["issue"] for row in rows] == list(SCALE10_EXPECTED)
    assert {row["issue"]: measures(row) for row in rows} == SCALE10_EXPECTED
    for row in rows:
        assert (row["span"], row["scale_min"], row["scale_max"]) == (10, 0, 10)


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    ranks = {row["issue"]: row["rank"] for row in divergence_rows(SCALE10)}
    assert (ranks["tea"], ranks["gas"], ranks["ice"]) == (4, 4, 6)


def test_common_ground_on_an_even_span_scale() -> None:
    rows = by_issue(divergence_rows(SCALE10))
    # Midpoint (0 + 10) / 2 = 5. oil 8 / 5: one above, one at it -> common ground; Beta (5) is not
    # the furthest from 5 (Alpha, 8, is) and states conditions -> Beta named. tea 6 / 8: both above;
    # Alpha (6) states no conditions -> nobody named. ice 7 / 7: agreement, nothing to name.
    # gas 4 / 6, fish 0 / 10, salt 1 / 10: one below 5 while the other is above -> none.
    assert {issue: (row["common_ground"], row["conditional"]) for issue, row in rows.items()} == {
        "fish": (False, []), "salt": (False, []), "oil": (True, ["beta"]),
        "tea": (True, []), "gas": (False, []), "ice": (True, []),
    }
    assert rows["oil"]["notes"] == [
        "Common ground: no party rejects what another accepts.",
        "Beta Port's conditions separate it from the others: Only if the dues fund the lighthouse.",
    ]


def test_custom_scale_headline() -> None:
    # 1 opposed, 2 apart, 2 close, 1 aligned; common ground in ranked order: oil, tea, ice.
    assert table_lines("divergence", "--data", str(SCALE10), columns=200)[0].rstrip() == (
        "1 of 6 scored issues opposed, 2 apart, 2 close, 1 aligned; common ground on Oil dues, Tea duty, Ice toll; "
        "no basis given for any of the 12 stances.")


def test_custom_scale_fragility() -> None:
    rows = by_issue(divergence_rows(SCALE10))
    # Gaps 1, .9, .3, .2, .2, 0 -> ranks 1, 2, 3, 4, 4, 6. Alpha 0 -> 1 on fish makes fish .9, level
    # with salt: salt 2 -> 1. Alpha 8 -> 7 on oil makes oil .2, level with tea and gas: 4 -> 3.
    # fish cannot be overtaken (nothing exceeds 1); oil stays behind fish and salt and ahead of the
    # 0.2s (its lowest reach is 0.2, a tie); ice can only rise to 0.1, still below 0.2.
    assert {issue: row["fragile_because"] for issue, row in rows.items() if row["fragile"]} == {
        "salt": "rank 2 would become 1 if Alpha Port stood at 1 instead of 0 on Fish levy",
        "tea": "rank 4 would become 3 if Alpha Port stood at 7 instead of 8 on Oil dues",
        "gas": "rank 4 would become 3 if Alpha Port stood at 7 instead of 8 on Oil dues",
    }


def test_class_thresholds_at_exactly_a_quarter_and_the_whole_scale() -> None:
    # quarter.yaml, span 8: 3 / 5 -> 2/8 = 0.25 (close, the bound included); 3 / 6 -> 3/8 = 0.375
    # (apart); 0 / 7 -> 7/8 = 0.875 (apart: not the two ends); 8 / 0 -> 8/8 = 1 (opposed).
    assert {row["issue"]: measures(row) for row in divergence_rows(QUARTER)} == {
        "whole": (1, "opposed", 8, 1.0, 8.0),
        "almost-all": (2, "apart", 7, 0.875, 7.0),
        "over-quarter": (3, "apart", 3, 0.375, 3.0),
        "quarter": (4, "close", 2, 0.25, 2.0),
    }


@pytest.mark.parametrize(("normalized_gap", "expected"), [
    (0.0, "aligned"), (1e-9, "close"), (0.25, "close"), (0.2500001, "apart"),
    (0.999, "apart"), (1.0, "opposed"),
])
def test_classify_bounds(normalized_gap: float, expected: str) -> None:
    assert classify(normalized_gap) == expected


def test_competition_rank_ties_share_a_rank() -> None:
    # d is alone on top; a and b tie (one value above them); c has three above it.
    assert competition_rank({"a": 0.5, "b": 0.5, "c": 0.25, "d": 1.0}) == {"a": 2, "b": 2, "c": 4, "d": 1}


# ---------------------------------------------------------------------------------------
# Odd span and midpoints
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("low", "high", "midpoint"), [(-2, 2, 0), (0, 10, 5), (0, 3, 1.5), (1, 4, 2.5)])
def test_midpoint(low: int, high: int, midpoint: float) -> None:
    assert Scale(low, high).midpoint == midpoint


def test_common_ground_on_an_odd_span_scale() -> None:
    rows = divergence_rows(ODD)
    # Span 3, midpoint 1.5. Each gap is 1 -> 1/3 -> 0.3333, apart; all tied at rank 1, tree order.
    # straddle 1 / 2: either side of 1.5 -> none, although a single step apart. upper 2 / 3 and
    # lower 1 / 0: one side each -> common ground; on lower the furthest from 1.5 is West (0),
    # so East (1), who states conditions, is named; on upper East (2) states none.
    assert [(row["issue"], *measures(row), row["common_ground"], row["conditional"]) for row in rows] == [
        ("straddle", 1, "apart", 1, 0.3333, 1.0, False, []),
        ("upper", 1, "apart", 1, 0.3333, 1.0, True, []),
        ("lower", 1, "apart", 1, 0.3333, 1.0, True, ["east"]),
    ]
    assert table_lines("divergence", "--data", str(ODD), columns=200)[0].rstrip() == (
        "3 of 3 scored issues apart; common ground on Both in the upper half, Both in the lower half; "
        "no basis given for any of the 6 stances.")


def test_common_ground_function_directly() -> None:
    factbox = load_file(ODD)
    issues = factbox.issue_by_id
    assert common_ground(divergence_of(factbox, issues["straddle"]), factbox.scale) is False
    assert common_ground(divergence_of(factbox, issues["upper"]), factbox.scale) is True
    # A single stance is never common ground.
    assert common_ground(divergence_of(factbox, issues["upper"], {"east"}), factbox.scale) is False


# ---------------------------------------------------------------------------------------
# Too few stances; no question
# ---------------------------------------------------------------------------------------

def test_one_scored_stance_is_not_enough_and_never_aligned() -> None:
    rows = divergence_rows(SPARSE)
    # solo: Pine 0, Oak a position without a stance -> 1 scored stance. empty: no position at
    # all -> 0. chat: stances on an issue without a question are not scored at all.
    assert [(row["issue"], row["class"], row["stances"], row["notes"]) for row in rows] == [
        ("solo", NOT_ENOUGH, {"pine": 0}, ["Fewer than two scored stances: 1 scored, 2 needed."]),
        ("empty", NOT_ENOUGH, {}, ["Fewer than two scored stances: 0 scored, 2 needed."]),
        ("chat", NO_QUESTION, {}, []),
    ]
    for row in rows:
        assert measures(row)[2:] == (None, None, None)
        assert (row["rank"], row["pairwise"], row["common_ground"], row["fragile"]) == (None, None, False, False)
    assert table_lines("divergence", "--data", str(SPARSE), columns=200)[0].rstrip() == (
        "No issue has two scored stances: fewer than two scored stances on every issue.")


def test_a_single_party_can_never_be_aligned() -> None:
    (row,) = divergence_rows(ALONE)
    assert (row["issue"], row["class"], row["stances"], row["gap"], row["common_ground"]) == (
        "solo", NOT_ENOUGH, {"pine": 1}, None, False)


def test_issues_listing_for_too_few_stances() -> None:
    rows = json_of("issues", "--data", str(SPARSE))
    assert [(row["id"], row["gap"], row["class"]) for row in rows] == [
        ("solo", None, NOT_ENOUGH), ("empty", None, NOT_ENOUGH), ("chat", None, NO_QUESTION)]


# ---------------------------------------------------------------------------------------
# Three and five parties
# ---------------------------------------------------------------------------------------

def test_three_parties_isolated_and_mean_of_three_pairs() -> None:
    rows = by_issue(divergence_rows(THREE))
    dam, ferry = rows["dam"], rows["ferry"]
    # dam: Ash -2, Bay -1, Cove 2. Pairs 1, 4, 3 -> mean 8/3 = 2.6667; gap 4 -> 1.0, opposed.
    # Average distance to the others: Ash (1+4)/2 = 2.5, Bay (1+3)/2 = 2, Cove (4+3)/2 = 3.5 -> Cove.
    assert measures(dam) == (1, "opposed", 4, 1.0, 2.6667)
    assert dam["pairwise"] == {"ash": {"bay": 1, "cove": 4}, "bay": {"ash": 1, "cove": 3},
                               "cove": {"ash": 4, "bay": 3}}
    assert dam["isolated"] == "cove"
    assert dam["notes"] == ["Cove is isolated: farthest from all the others."]
    # ferry: -1, 0, 1. Pairs 1, 2, 1 -> 4/3 = 1.3333; gap 2 -> 0.5, apart. Ash and Cove tie at
    # 1.5 -> nobody is isolated.
    assert measures(ferry) == (2, "apart", 2, 0.5, 1.3333)
    assert ferry["pairwise"] == {"ash": {"bay": 1, "cove": 2}, "bay": {"ash": 1, "cove": 1},
                                 "cove": {"ash": 2, "bay": 1}}
    assert ferry["isolated"] is None
    assert ferry["notes"] == []


def test_five_parties_pairwise_matrix_is_five_by_four() -> None:
    (road,) = divergence_rows(FIVE)
    # Amber -2, Birch 0, Cedar 0, Dune 1, Elm 2.
    assert road["pairwise"] == {
        "amber": {"birch": 2, "cedar": 2, "dune": 3, "elm": 4},  # sum 11
        "birch": {"amber": 2, "cedar": 0, "dune": 1, "elm": 2},  # sum 5
        "cedar": {"amber": 2, "birch": 0, "dune": 1, "elm": 2},  # sum 5
        "dune": {"amber": 3, "birch": 1, "cedar": 1, "elm": 1},  # sum 6
        "elm": {"amber": 4, "birch": 2, "cedar": 2, "dune": 1},  # sum 9
    }
    assert [len(row) for row in road["pairwise"].values()] == [4, 4, 4, 4, 4]
    # 10 pairs summing to (11 + 5 + 5 + 6 + 9) / 2 = 18 -> 1.8. Amber's average 11/4 beats Elm's 9/4.
    assert measures(road) == (1, "opposed", 4, 1.0, 1.8)
    assert road["isolated"] == "amber"


# ---------------------------------------------------------------------------------------
# A parent whose sub-issues disagree; filters
# ---------------------------------------------------------------------------------------

def test_parent_reports_the_widest_gap_beneath_it() -> None:
    rows = divergence_rows(TREE)
    # locks -1 / 0 -> 1 (.25); width 1 / -1 / 1 -> 2 (.5; pairs 2, 0, 2 -> mean 4/3);
    # towpath 2 / -1 -> 3 (.75); bridges 2 / -2 -> 4 (1.0). canal has no question; beneath it:
    # locks 1, width 2 and, one level further down, towpath 3 -> towpath. Beneath width: towpath.
    assert [(row["issue"], *measures(row), row["gap_below"], row["normalized_gap_below"], row["driver"])
            for row in rows] == [
        ("bridges", 1, "opposed", 4, 1.0, 4.0, None, None, None),
        ("towpath", 2, "apart", 3, 0.75, 3.0, None, None, None),
        ("width", 3, "apart", 2, 0.5, 1.3333, 3, 0.75, "towpath"),
        ("locks", 4, "close", 1, 0.25, 1.0, None, None, None),
        ("canal", None, NO_QUESTION, None, None, None, 3, 0.75, "towpath"),
    ]
    rows_by = by_issue(rows)
    assert rows_by["canal"]["notes"] == ["Widest gap beneath: 3 of 4 on Towpath."]
    # width: Ash (2+0)/2 = 1, Bay (2+2)/2 = 2, Cove (0+2)/2 = 1 -> Bay isolated. Ash 1 -> 2 (the
    # first step tried that moves it) makes width 3/4, level with towpath: rank 3 -> 2.
    assert rows_by["width"]["notes"] == [
        "Widest gap beneath: 3 of 4 on Towpath.",
        "Bay is isolated: farthest from all the others.",
    ]
    assert rows_by["width"]["fragile_because"] == (
        "rank 3 would become 2 if Ash stood at +2 instead of +1 on Canal width")
    # locks: Ash -1 -> -2 makes it 2/4, level with width: 4 -> 3. towpath: Bay -1 -> -2 makes it
    # 4/4, level with bridges: 2 -> 1. bridges cannot be overtaken (1.0 is the most there is).
    assert {issue: row["fragile_because"] for issue, row in rows_by.items() if row["fragile"]} == {
        "locks": "rank 4 would become 3 if Ash stood at -2 instead of -1 on Lock fees",
        "width": "rank 3 would become 2 if Ash stood at +2 instead of +1 on Canal width",
        "towpath": "rank 2 would become 1 if Bay stood at -2 instead of -1 on Towpath",
    }
    # Only locks (-1 and 0: none above the midpoint) has common ground.
    assert table_lines("divergence", "--data", str(TREE), columns=200)[0].rstrip() == (
        "1 of 4 scored issues opposed, 2 apart, 1 close; common ground on Lock fees; "
        "no basis given for any of the 9 stances.")


def test_issues_listing_gap_and_class_on_a_tree() -> None:
    rows = json_of("issues", "--data", str(TREE))
    assert [(row["id"], row["gap"], row["class"]) for row in rows] == [
        ("canal", None, NO_QUESTION), ("locks", 1, "close"), ("width", 2, "apart"),
        ("towpath", 3, "apart"), ("bridges", 4, "opposed")]


def test_compare_gap_and_class_restricted_to_the_parties_asked() -> None:
    # width among Ash 1 and Cove 1 only -> 0 (aligned); towpath: Cove has no position -> one stance.
    rows = json_of("compare", "width", "--data", str(TREE), "--party", "ash", "--party", "cove")
    assert [(row["issue"], row["party"], row["issue_gap"], row["issue_class"]) for row in rows] == [
        ("width", "ash", 0, "aligned"), ("width", "cove", 0, "aligned"),
        ("towpath", "ash", None, NOT_ENOUGH), ("towpath", "cove", None, NOT_ENOUGH)]
    # All three: width 2 (apart), towpath 3 (apart).
    rows = json_of("compare", "width", "--data", str(TREE))
    assert [(row["issue"], row["party"], row["issue_gap"], row["issue_class"]) for row in rows] == [
        ("width", "ash", 2, "apart"), ("width", "bay", 2, "apart"), ("width", "cove", 2, "apart"),
        ("towpath", "ash", 3, "apart"), ("towpath", "bay", 3, "apart"), ("towpath", "cove", 3, "apart")]


def test_divergence_issue_filter_keeps_the_sub_tree() -> None:
    rows = divergence_rows(TREE, "--issue", "width")
    # Only width (.5) and towpath (.75), ranked among themselves: towpath 1, width 2.
    assert [(row["issue"], row["rank"], row["gap"], row["driver"]) for row in rows] == [
        ("towpath", 1, 3, None), ("width", 2, 2, "towpath")]
    rows = divergence_rows(TREE, "--issue", "canal")
    assert [(row["issue"], row["rank"]) for row in rows] == [
        ("towpath", 1), ("width", 2), ("locks", 3), ("canal", None)]


def test_divergence_party_filter_measures_only_those_parties() -> None:
    rows = divergence_rows(TREE, "--party", "ash", "--party", "bay")
    # Cove dropped: width 1 / -1 -> 2 (one pair, distance 2; nobody isolated with two parties);
    # bridges keeps only Ash -> not enough. towpath 3 and locks 1 unchanged.
    assert [(row["issue"], *measures(row), row["isolated"]) for row in rows] == [
        ("towpath", 1, "apart", 3, 0.75, 3.0, None),
        ("width", 2, "apart", 2, 0.5, 2.0, None),
        ("locks", 3, "close", 1, 0.25, 1.0, None),
        ("canal", None, NO_QUESTION, None, None, None, None),
        ("bridges", None, NOT_ENOUGH, None, None, None, None),
    ]
    assert by_issue(rows)["width"]["stances"] == {"ash": 1, "bay": -1}
    head = table_lines("divergence", "--data", str(TREE), "--party", "ash", "--party", "bay", columns=200)[0]
    assert head.rstrip() == ("2 of 3 scored issues apart, 1 close; common ground on Lock fees; "
                             "1 with fewer than two scored stances; no basis given for any of the 6 stances.")


def test_divergence_min_gap_keeps_scored_issues_at_least_that_wide() -> None:
    # Gaps: bridges 4, towpath 3, width 2, locks 1; canal unscored.
    assert [(row["issue"], row["rank"]) for row in divergence_rows(TREE, "--min-gap", "2")] == [
        ("bridges", 1), ("towpath", 2), ("width", 3)]
    assert [row["issue"] for row in divergence_rows(TREE, "--min-gap", "4")] == ["bridges"]
    assert divergence_rows(TREE, "--min-gap", "5") == []
    # --min-gap 0 keeps every scored issue but drops those that cannot be measured.
    assert [row["issue"] for row in divergence_rows(TREE, "--min-gap", "0")] == [
        "bridges", "towpath", "width", "locks"]
    # Bundled: gap >= 3 -> the two opposed and two apart issues (zaporizhzhia-npp has one
    # party's stance: the United States is a mediator, not measured).
    assert [row["issue"] for row in divergence_rows(None, "--min-gap", "3")] == [
        "donbas", "referendums", "security-guarantees", "ceasefire"]


def test_min_gap_headline_describes_the_listed_issues() -> None:
    # Listed: bridges (opposed), towpath and width (apart); none of them has common ground.
    head = table_lines("divergence", "--data", str(TREE), "--min-gap", "2", columns=200)[0]
    assert head.rstrip() == ("1 of 3 scored issues opposed, 2 apart; no common ground; "
                             "no basis given for any of the 7 stances.")


# ---------------------------------------------------------------------------------------
# Sensitivity
# ---------------------------------------------------------------------------------------

def test_near_tie_is_fragile_and_a_clear_gap_is_not() -> None:
    rows = divergence_rows(SENSITIVITY)
    # first 0 / 10 -> 1.0 rank 1; second 0 / 9 -> 0.9 rank 2; third 4 / 5 -> 0.1 rank 3.
    # North 0 -> 1 on first makes it 0.9, level with second: second's rank 2 -> 1 (the first change
    # found: issues in order, North before South, -1 before +1; North's -1 is off the scale).
    # first cannot lose rank 1 (second reaches at most 1.0, a tie) and third stays 3 whatever
    # single step is taken (its reach is 0.2; the others fall no lower than 0.8).
    assert [(*measures(row), row["fragile"], row["fragile_because"]) for row in rows] == [
        (1, "opposed", 10, 1.0, 10.0, False, None),
        (2, "apart", 9, 0.9, 9.0, True, "rank 2 would become 1 if North stood at 1 instead of 0 on First issue"),
        (3, "close", 1, 0.1, 1.0, False, None),
    ]
    assert [row["issue"] for row in rows] == ["first", "second", "third"]
    # The table no longer says so (a rank is not a finding); only a class resting on a reported
    # or inferred stance is flagged ("Could tip"), and these stances give no basis.
    assert by_issue(rows)["second"]["notes"] == []


# ---------------------------------------------------------------------------------------
# Shifts
# ---------------------------------------------------------------------------------------

DOVE_WATER = {
    "party": "dove", "party_name": "Dove", "issue": "water", "issue_title": "Water rights",
    "date_from": "2022", "date_to": "2024", "stance_from": -2, "stance_to": 1,
    "summary_from": "Rejected sharing.", "summary_to": "Accepts sharing.",
    # Hawk 2 throughout: |-2 - 2| = 4 -> |1 - 2| = 1. Owl has no position on water: no entry.
    "gaps": {"hawk": {"before": 4, "after": 1, "change": "narrowed"}},
    "basis": None,
    "narrative": "Dove moved from -2 to +1 on Water rights (2022 → 2024); narrowed the gap to Hawk from 4 to 1.",
}
HAWK_BORDER = {
    "party": "hawk", "party_name": "Hawk", "issue": "border", "issue_title": "Border line",
    # The 2019 entry has no stance and is skipped; the current stance is dated by the file's as_of.
    "date_from": "2021", "date_to": "2025", "stance_from": -1, "stance_to": 2,
    "summary_from": "Resisted moving the border.", "summary_to": "Demands that the border move.",
    # Dove -2 throughout: |-1 + 2| = 1 -> |2 + 2| = 4. Owl 0 throughout: 1 -> 2.
    "gaps": {"dove": {"before": 1, "after": 4, "change": "widened"},
             "owl": {"before": 1, "after": 2, "change": "widened"}},
    "basis": None,
    "narrative": "Hawk moved from -1 to +2 on Border line (2021 → 2025); widened the gap to Dove from 1 to 4, "
                 "widened the gap to Owl from 1 to 2.",
}


def test_shifts_narrow_and_widen_oldest_first() -> None:
    # Hawk's position comes first in the file, but Dove's move ended earlier (2024 < 2025).
    # Owl's history repeats its stance (0 -> 0): no move.
    assert shift_rows(SHIFTS) == [DOVE_WATER, HAWK_BORDER]


@pytest.mark.parametrize(("options", "expected"), [
    (["--party", "hawk"], [HAWK_BORDER]),
    (["--party", "dove"], [DOVE_WATER]),
    (["--party", "owl"], []),
    (["--since", "2024"], [DOVE_WATER, HAWK_BORDER]),  # a move dated 2024 is on or after 2024
    (["--since", "2025"], [HAWK_BORDER]),
    (["--since", "2026"], []),
    (["--party", "dove", "--since", "2025"], []),
])
def test_shifts_filters(options: list[str], expected: list[dict[str, Any]]) -> None:
    assert shift_rows(SHIFTS, *options) == expected


def test_shift_gaps_use_the_other_partys_stance_at_the_time() -> None:
    rows = shift_rows(INTERLEAVED)
    # Ash 0 (2021) -> 2 (2024). Bay: -2 recorded 2022, 1 only as of 2025 (the file's as_of).
    # Bay at 2021: before its first record, the earliest (-2) -> |0 + 2| = 2; Bay at 2024: -2
    # -> |2 + 2| = 4: widened. Bay -2 (2022) -> 1 (2025): Ash at 2022 was 0 (its 2021 record;
    # 2 only from 2024) -> |-2 - 0| = 2; Ash at 2025: 2 -> |1 - 2| = 1: narrowed.
    assert [(row["party"], row["gaps"]) for row in rows] == [
        ("ash", {"bay": {"before": 2, "after": 4, "change": "widened"}}),
        ("bay", {"ash": {"before": 2, "after": 1, "change": "narrowed"}}),
    ]


def test_shift_from_the_midpoint_has_no_sign() -> None:
    (row,) = shift_rows(ZERO)
    # Ash 0 (2023) -> 1 (2025); Bay 2 throughout: |0 - 2| = 2 -> |1 - 2| = 1.
    assert row["gaps"] == {"bay": {"before": 2, "after": 1, "change": "narrowed"}}
    assert row["narrative"] == "Ash moved from 0 to +1 on River dam (2023 → 2025); narrowed the gap to Bay from 2 to 1."


# ---------------------------------------------------------------------------------------
# The chart
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("stances", "low", "high", "codes", "expected"), [
    # -2..2: "-2" + space puts the axis at column 3; a stance s sits at 3 + (s + 2) * 6.
    ({"ukraine": -2, "russia": 2}, -2, 2, {"ukraine": "U", "russia": "R"},
     ["-2 " + AXIS_4 + " +2", " " * 3 + "U" + " " * 23 + "R"]),  # U at 3, R at 27
    # 0..10: "0 " puts the axis at column 2; a stance s sits at 2 + s * 2; unsigned labels.
    ({"alpha": 3, "beta": 8}, 0, 10, {"alpha": "A", "beta": "B"},
     ["0 " + AXIS_10 + " 10", " " * 8 + "A" + " " * 9 + "B"]),  # A at 8, B at 18
    ({"alpha": 0, "beta": 10}, 0, 10, {"alpha": "A", "beta": "B"},
     ["0 " + AXIS_10 + " 10", " " * 2 + "A" + " " * 19 + "B"]),  # the two ends: 2 and 22
    # Two parties on the same stance: the second (by id) goes on a line of its own. US at 3 + 6 = 9.
    ({"ukraine": 1, "russia": 1, "united-states": -1}, -2, 2, {"ukraine": "U", "russia": "R", "united-states": "US"},
     ["-2 " + AXIS_4 + " +2", " " * 9 + "US" + " " * 10 + "R", " " * 21 + "U"]),  # R and U at 3 + 18
    # Neighbouring stances on 0..10 are two columns apart: 'AB' at 10 would touch 'CD' at 12.
    ({"ab": 4, "cd": 5}, 0, 10, {"ab": "AB", "cd": "CD"},
     ["0 " + AXIS_10 + " 10", " " * 10 + "AB", " " * 12 + "CD"]),
])
def test_stance_chart(stances: dict[str, int], low: int, high: int, codes: dict[str, str],
                      expected: list[str]) -> None:
    assert stance_chart(stances, low, high, codes) == expected


@pytest.mark.parametrize(("ids", "expected"), [
    (["ukraine", "russia", "united-states"], {"ukraine": "U", "russia": "R", "united-states": "US"}),
    (["united-states", "ukraine"], {"united-states": "US", "ukraine": "U"}),
    # Same initials: lengthened to two letters of each word.
    (["north-korea", "new-kingdom"], {"north-korea": "NOKO", "new-kingdom": "NEKI"}),
    (["ukraine", "uruguay", "russia"], {"ukraine": "UK", "uruguay": "UR", "russia": "R"}),
    (["amber", "birch", "cedar"], {"amber": "A", "birch": "B", "cedar": "C"}),
])
def test_party_codes(ids: list[str], expected: dict[str, str]) -> None:
    codes = party_codes(ids)
    assert codes == expected
    assert len(set(codes.values())) == len(ids)


def chart_at(lines: list[str], chart: list[str]) -> bool:
    """Whether the chart's lines appear one under the other, starting in the same column."""
    for index, line in enumerate(lines):
        column = line.find(chart[0])
        if column < 0 or index + len(chart) > len(lines):
            continue
        below = lines[index + 1: index + len(chart)]
        if all(other[column: column + len(text) + 1].rstrip() == text for other, text in zip(below, chart[1:],
                                                                                              strict=True)):
            return True
    return False


def test_terminal_view_draws_each_issue_at_a_fixed_width() -> None:
    lines = table_lines("divergence", "--data", str(FIVE), columns=120)
    # Amber -2 at column 3, Birch and Cedar 0 at 15 (stacked, Cedar below), Dune 1 at 21, Elm 2 at 27.
    road = ["-2 " + AXIS_4 + " +2",
            " " * 3 + "A" + " " * 11 + "B" + " " * 5 + "D" + " " * 5 + "E",
            " " * 15 + "C"]
    assert chart_at(lines, road)
    assert lines[0].rstrip() == ("1 of 1 scored issues opposed; no common ground; "
                                 "no basis given for any of the 5 stances.")
    assert "A = amber, B = birch, C = cedar, D = dune, E = elm" in "\n".join(lines)

    lines = table_lines("divergence", "--data", str(THREE), columns=120)
    dam = ["-2 " + AXIS_4 + " +2", " " * 3 + "A" + " " * 5 + "B" + " " * 17 + "C"]  # 3, 9, 27
    ferry = ["-2 " + AXIS_4 + " +2", " " * 9 + "A" + " " * 5 + "B" + " " * 5 + "C"]  # 9, 15, 21
    assert chart_at(lines, dam)
    assert chart_at(lines, ferry)
    assert not chart_at(lines, ["-2 " + AXIS_4 + " +2", " " * 3 + "A" + " " * 5 + "C"])


def test_terminal_view_of_a_custom_scale() -> None:
    lines = table_lines("divergence", "--data", str(SCALE10), columns=120)
    # fish: Alpha 0 at 2, Beta 10 at 22; oil: Beta 5 at 12, Alpha 8 at 18; ice: both 7 at 16, stacked.
    assert chart_at(lines, ["0 " + AXIS_10 + " 10", " " * 2 + "A" + " " * 19 + "B"])
    assert chart_at(lines, ["0 " + AXIS_10 + " 10", " " * 12 + "B" + " " * 5 + "A"])
    assert chart_at(lines, ["0 " + AXIS_10 + " 10", " " * 16 + "A", " " * 16 + "B"])


def test_terminal_view_of_the_bundled_data() -> None:
    lines = table_lines("divergence", columns=120)
    # zaporizhzhia-npp: Ukraine -2 alone at 3 (the United States, a mediator, is not measured).
    assert chart_at(lines, ["-2 " + AXIS_4 + " +2", " " * 3 + "U"])
    # nato-membership: Ukraine 1 at 21, Russia 2 at 27, both stated.
    assert chart_at(lines, ["-2 " + AXIS_4 + " +2", " " * 21 + "U" + " " * 5 + "R"])
    # referendums: Russia's -2 is reported (R~ at 3), Ukraine's 2 stated (U at 27).
    assert chart_at(lines, ["-2 " + AXIS_4 + " +2", " " * 3 + "R~" + " " * 22 + "U"])
    assert "U = ukraine, R = russia; ~ reported, ? inferred" in "\n".join(lines)
    # --all-parties measures the mediator too.
    lines = table_lines("divergence", "--all-parties", columns=120)
    assert chart_at(lines, ["-2 " + AXIS_4 + " +2", " " * 3 + "U" + " " * 17 + "US~"])


def test_a_0_to_100_scale_normalizes_by_100() -> None:
    (share,) = divergence_rows(PERCENT)
    # North 20, South 70: gap 50, 50/100 = 0.5 -> apart; one pair, mean 50.
    assert measures(share) == (1, "apart", 50, 0.5, 50.0)
    assert (share["span"], share["scale_min"], share["scale_max"]) == (100, 0, 100)


def test_terminal_view_of_a_wide_scale_keeps_rank_and_axis_ends() -> None:
    lines = table_lines("divergence", "--data", str(PERCENT), columns=120)
    (title_line,) = [line for line in lines if "Revenue share" in line]
    assert title_line.split("Revenue share")[0].strip() == "1"
    assert any("0 ├" in line and "┤ 100" in line for line in lines)
