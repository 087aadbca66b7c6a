"""The queries, in-process, on a small factbox written here: names to ids, counts, the quotes
behind a position, and quote filters (the command line is tested in test_commands.py)."""

from __future__ import annotations

from typing import Any

import pytest

from factbox.errors import UsageError
from factbox.loading import load_text
from factbox.model import Factbox
from factbox.queries import (
    QuoteFilter,
    issue_ids,
    issue_tree,
    parse_date,
    parties_named,
    party_ids,
    quotes_per_issue,
    quotes_per_party,
    quotes_per_speaker,
    record_counts,
    select_quotes,
    speaker_ids,
    supporting_quotes,
)

TEXT = """\
format: factbox/1
title: Two sides
parties:
  - {id: north, name: Northland, aliases: [The North]}
  - {id: south, name: Southland}
speakers:
  - {id: ann, name: Ann Able, party: north}
  - {id: bob, name: Bob Best, party: south}
issues:
  - {id: water, title: Water rights, question: Who owns the river?}
  - {id: dams, title: Dams, parent: water}
  - {id: fish, title: Fishing}
positions:
  - {party: north, issue: water, summary: Wants it, stance: 2, quotes: [q2]}
quotes:
  - {id: q1, speaker: ann, text: The river is ours, issues: [water], date: 2025-01}
  - {id: q2, speaker: ann, text: No dams, issues: [dams]}
  - {id: q3, speaker: bob, text: Share the river, issues: [water, fish], date: 2025-02-10}
"""


@pytest.fixture(scope="module")
def factbox() -> Factbox:
    return load_text(TEXT)


def test_names_become_ids_or_none_when_no_name_is_given(factbox: Factbox) -> None:
    assert party_ids(factbox, ["The North"]) == {"north"}
    assert party_ids(factbox, None) is None
    assert speaker_ids(factbox, ["able"]) == {"ann"}
    assert issue_ids(factbox, ["water"]) == {"water", "dams"}
    assert [i.id for i in issue_tree(factbox, "Water rights")] == ["water", "dams"]
    assert [p.id for p in parties_named(factbox, None)] == ["north", "south"]
    with pytest.raises(UsageError, match="no party 'Eastland'"):
        party_ids(factbox, ["Eastland"])


def test_counts_are_one_pass_each(factbox: Factbox) -> None:
    assert quotes_per_speaker(factbox) == {"ann": 2, "bob": 1}
    assert quotes_per_party(factbox) == {"north": 2, "south": 1}
    assert quotes_per_issue(factbox) == {"water": 2, "dams": 1, "fish": 1}
    assert record_counts(factbox) == ("2 parties, 2 speakers, 3 issues, 1 position, 3 quotes, "
                                      "0 sources, 0 events")


def test_a_position_is_backed_by_its_cited_quotes_then_its_partys_tagged_ones(factbox: Factbox) -> None:
    assert [q.id for q in supporting_quotes(factbox, "north", "water")] == ["q2", "q1"]
    assert [q.id for q in supporting_quotes(factbox, "south", "water")] == ["q3"]


def test_quote_filters_all_hold_and_dates_cover_their_period(factbox: Factbox) -> None:
    def ids(**criteria: Any) -> list[str]:
        return [q.id for q in select_quotes(factbox, QuoteFilter(**criteria))]

    assert ids() == ["q1", "q2", "q3"]
    assert ids(parties={"north"}, issues={"water"}) == ["q1"]
    # One kind of narrowing is merged from its index lists: in file order, each quote once.
    assert ids(issues={"fish", "water"}) == ["q1", "q3"]  # q3 is in both lists
    assert ids(speakers={"bob", "ann"}) == ids(parties={"south", "north"}) == ["q1", "q2", "q3"]
    assert [q.id for q in select_quotes(factbox, QuoteFilter(parties={"south", "north"}), limit=2)] == ["q1", "q2"]
    assert ids(since=parse_date("2025-02", "--since")) == ["q3"]  # undated q2 is outside every period
    assert ids(until=parse_date("2025-01", "--until")) == ["q1"]
    assert ids(search=("RIVER",)) == ["q1", "q3"]
    assert parse_date(None, "--since") is None
