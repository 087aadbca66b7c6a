"""An invented archive of factboxes for the archive and export tests, written by the tests:
nested folders, a `.yml` file, one invalid file, a hidden folder and a link to a folder that
must not be read, and the same speaker id (`smith`) meaning two different people."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

PARTIES = [{"id": "north", "name": "Northland"}, {"id": "south", "name": "Southland"},
           {"id": "broker", "name": "Honest Broker", "role": "mediator"}]
ISSUES = [
    {"id": "water", "title": "Water rights", "question": "Should the river be shared?"},
    {"id": "dams", "parent": "water", "title": "New dams", "question": "Should new dams be allowed?"},
    {"id": "border", "title": "Border crossings", "question": "Should the crossings reopen?"},
]


def factbox(title: str, speakers: list[dict[str, str]], quotes: list[dict[str, Any]],
            stances: dict[tuple[str, str], int], as_of: str = "2025-12") -> dict[str, Any]:
    return {
        "format": "factbox/1", "title": title, "as_of": as_of,
        "sources": [{"id": "wire", "title": f"Wire report: {title}", "publisher": "River Wire", "date": as_of}],
        "parties": PARTIES, "speakers": speakers, "issues": ISSUES,
        "positions": [{"party": party, "issue": issue, "stance": stance, "summary": f"{party} on {issue}",
                       "basis": "stated"} for (party, issue), stance in stances.items()],
        "quotes": quotes,
    }


PESKOV = {"id": "peskov", "name": "Ivan Peskov", "party": "north", "role": "Spokesman"}
JOHN_SMITH = {"id": "smith", "name": "John Smith", "party": "north", "role": "Envoy"}
ANNA_SMITH = {"id": "smith", "name": "Anna Smith", "party": "south", "role": "Minister"}
MEDIATOR = {"id": "okoro", "name": "Ada Okoro", "party": "broker"}

FILES: dict[str, dict[str, Any]] = {
    "2025/december.yaml": factbox("River talks, December", [PESKOV, JOHN_SMITH, MEDIATOR], [
        {"id": "d1", "speaker": "peskov", "text": "The ceasefire on the river holds.", "issues": ["water"],
         "date": "2025-12-02", "source": "wire"},
        {"id": "d2", "speaker": "smith", "text": "No dams without a peace plan.", "issues": ["dams"],
         "context": "Before the second round", "date": "2025-12"},
        {"id": "d3", "speaker": "okoro", "text": "Both sides want the crossings open.", "issues": ["border"],
         "date": "2025"},
    ], {("north", "water"): 2, ("south", "water"): -2, ("north", "dams"): 1, ("south", "dams"): 0,
        ("broker", "water"): 0}),
    "2025/november.yml": factbox("River talks, November", [PESKOV], [
        {"id": "n1", "speaker": "peskov", "text": "Peace planning takes time.", "issues": ["water", "border"],
         "date": "2025-11-20"},
    ], {("north", "border"): -1, ("south", "border"): 1}, as_of="2025-11"),
    "2026/january.yaml": factbox("River talks, January", [ANNA_SMITH], [
        {"id": "j1", "speaker": "smith", "text": "Kyiv’s envoys and ours agree: no new dams.", "issues": ["dams"],
         "date": "2026-01-10"},
        {"id": "j2", "speaker": "smith", "text": "Crossings reopen in spring.", "issues": ["border"]},
    ], {("north", "dams"): -2, ("south", "dams"): 2}, as_of="2026-01"),
    ".hidden/secret.yaml": factbox("Hidden", [PESKOV], [
        {"id": "h1", "speaker": "peskov", "text": "Nobody should see this.", "issues": ["water"]}], {}),
}
#: Invalid: a quote by a speaker the file does not have (line 6 is the quote's speaker).
BROKEN = """format: factbox/1
title: Broken
parties: [{id: north, name: Northland}]
issues: [{id: water, title: Water rights}]
quotes:
  - {id: b1, speaker: nobody, text: Lost words.}
"""
NAMES = ["2025/december.yaml", "2025/november.yml", "2026/january.yaml"]


def write_archive(root: Path) -> Path:
    """The archive under root/archive, and a folder outside it that a link points to."""
    archive = root / "archive"
    for name, data in FILES.items():
        path = archive / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (archive / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (archive / "notes.txt").write_text("not a factbox\n", encoding="utf-8")
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.yaml").write_text((archive / "2025/november.yml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    os.symlink(elsewhere, archive / "linked-folder", target_is_directory=True)
    return archive
