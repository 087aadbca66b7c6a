"""The text of a new factbox (`factbox init`): every required key, one issue with a
question, and a comment on each section saying what it is for."""

from __future__ import annotations

from . import yamltext
from .changes import slug, unique

FORMAT_URL = "docs/format.md in factbox's source (`factbox schema` prints it as a JSON Schema)"


def starter_text(title: str, parties: list[str]) -> str:
    """A valid factbox with these parties (one at least), ready for `factbox add`."""
    taken: set[str] = set()
    party_lines = []
    for name in parties:
        ident = unique(slug(name, 3), taken)
        taken.add(ident)
        party_lines.append(f"  - id: {ident}\n    name: {yamltext.quoted(name)}\n    role: party\n")
    return f"""\
# A factbox: the parties to a negotiation, who speaks for them, the issues at stake, where
# each party stands on each issue, and the verbatim quotes behind it. The format, factbox/1,
# is described in {FORMAT_URL}.
# Check this file with `factbox validate FILE`; add to it with `factbox add … --data FILE`.
format: factbox/1
title: {yamltext.quoted(title)}

# The scale stances are scored on: from min (rejects) to max (demands).
scale:
  min: -2
  max: 2
  labels: {{-2: rejects, -1: resists, 0: open, 1: accepts, 2: demands}}

# Where the facts come from; quotes, positions and events cite a source by its id.
# Add one with `factbox add source --title …`.
sources: []

# The parties to the negotiation; role is party, mediator or observer.
parties:
{"".join(party_lines)}
# The people quoted, each speaking for a party: `factbox add speaker --name … --party …`.
speakers: []

# What is at stake. An issue with a question is an axis: each party's stance answers it.
issues:
  - id: first-issue
    title: "The first issue at stake"
    question: "Should the parties agree on the first issue?"

# Each party's stance on an issue, with its basis (stated, reported or inferred):
# `factbox add position --party … --issue … --date … --summary …`.
positions: []

# Verbatim quotes, each by a speaker: `factbox add quote --speaker … --text …`.
quotes: []

# Rounds of talks and milestones: `factbox add event --date … --title …`.
events: []
"""


def create(file: str | None, title: str, parties: list[str], force: bool) -> None:
    """Write the starter to `file` (refused if it exists, unless `force`), or to stdout;
    validated first, so that what is written always passes `factbox validate`."""
    from pathlib import Path

    from ..loading import load_text
    from ..render.stream import write_out
    from .atomic import may_replace, write_file

    text = starter_text(title, parties)
    load_text(text, file or "<stdout>")
    if file is None:
        write_out(text)
        return
    may_replace(Path(file), force)
    write_file(file, text.encode("utf-8"))
