"""tests/commands.py names every command of the app, so nothing is left out of the loops."""

from __future__ import annotations

from commands import COMMANDS, LISTINGS, leaf_commands


def test_the_registry_names_every_command_of_the_app() -> None:
    assert sorted(COMMANDS) == sorted(name for name, _ in leaf_commands())


def test_listings_are_the_commands_that_take_a_format() -> None:
    assert set(LISTINGS) == {"info", "issues", "compare", "quotes", "parties", "speakers", "search", "divergence",
                             "shifts", "timeline", "diff", "log"}
