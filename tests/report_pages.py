"""Factboxes for the report's tests, generated here (nothing large is committed): five parties
with right-to-left and CJK names, a deep issue tree, long quotes (one a single unbroken word),
text that tries to close the JSON-LD script or open a link, and a factbox with no scored issue."""

from __future__ import annotations

import json
from typing import Any

RTL_QUOTE = "لن نتنازل عن أرضنا. אנחנו לא נוותר על האדמה שלנו."
CJK_QUOTE = "我们需要一个公平的协议，漁業は大切です。우리는 공정한 합의가 필요합니다."
SCRIPT_QUOTE = "We said </script><script>alert(1)</script> and <!-- nothing --> & more"
LONG_WORD = "Unbroken" + "x" * 400
LONG_QUOTE = " ".join(f"word{n:04d}" for n in range(1, 1201))
DEPTH = 7


def yaml_text(document: dict[str, Any]) -> str:
    """JSON is YAML: every string double-quoted, so YAML changes no word of it."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def wide_factbox() -> str:
    parties = [
        {"id": "amber", "name": "Republic of Amberland"},
        {"id": "cedar", "name": "مملكة الأرز"},
        {"id": "east", "name": "東方連邦"},
        {"id": "birch", "name": "Birchmark Free Cities of the Northern Shore"},
        {"id": "council", "name": "Mediating Council of the Long Valley", "role": "mediator"},
    ]
    speakers = [
        {"id": "ada", "name": "Ada Amber-Lindqvist", "party": "amber", "role": "Chief negotiator"},
        {"id": "cedar-officials", "name": "مسؤولون في مملكة الأرز", "party": "cedar", "kind": "group",
         "role": "Words attributed to the kingdom's officials"},
        {"id": "wang", "name": "王小明", "party": "east", "role": "外交部长"},
        {"id": "birk", "name": "Birk Halvorsen", "party": "birch"},
        {"id": "mira", "name": "מירה כהן", "party": "council", "role": "יושבת ראש"},
    ]
    issues: list[dict[str, Any]] = [{"id": "charter", "title": "The valley charter"}]
    for level in range(1, DEPTH + 1):
        issues.append({"id": f"level-{level}", "parent": "charter" if level == 1 else f"level-{level - 1}",
                       "title": f"Clause {level}: " + ("حقوق المياه" if level == 3 else "水の権利" if level == 4
                                                       else "water and grazing rights"),
                       "question": f"Should clause {level} be adopted as drafted?"})
    issues.append({"id": "unscored", "title": "Names of the valleys"})
    bases = ["stated", "reported", "inferred", None, "stated"]
    positions = []
    for level in range(1, DEPTH + 1):
        for number, party in enumerate(parties):
            position: dict[str, Any] = {"party": party["id"], "issue": f"level-{level}",
                                        "stance": (number + level) % 5 - 2,
                                        "summary": f"{party['name']} on clause {level}."}
            if bases[number]:
                position["basis"] = bases[number]
            if number == 0:
                position["conditions"] = "Only if " + LONG_WORD
            positions.append(position)
    positions.append({"party": "amber", "issue": "unscored", "summary": "Wants the old names kept.",
                      "history": [{"date": "2024-03", "summary": "Wanted new names.", "stance": 1}]})
    quotes = [
        {"id": "long", "speaker": "ada", "text": LONG_QUOTE, "issues": ["level-1"], "date": "2025-06",
         "source": "wire"},
        {"id": "word", "speaker": "birk", "text": LONG_WORD, "issues": ["level-2"], "source": "bad"},
        {"id": "rtl", "speaker": "cedar-officials", "text": RTL_QUOTE, "issues": ["level-3", "level-4"],
         "date": "2025-07-02"},
        {"id": "cjk", "speaker": "wang", "text": CJK_QUOTE, "issues": ["level-4"], "context": "記者会見で"},
        {"id": "script", "speaker": "mira", "text": SCRIPT_QUOTE, "issues": [f"level-{DEPTH}"]},
        {"id": "alone", "speaker": "ada", "text": "A word on nothing in particular."},
    ]
    sources = [
        {"id": "wire", "title": "Valley Wire", "publisher": "Wire & Co", "date": "2025-06",
         "url": "https://example.org/wire?a=1&b=\"2\""},
        {"id": "bad", "title": "A javascript: link", "url": "javascript:alert(1)"},
    ]
    events = [{"date": "2025-05", "title": "Talks open in the long valley"},
              {"date": "2025-07-01", "title": "محادثات في الوادي", "place": "東方"}]
    return yaml_text({"format": "factbox/1", "title": "Valley charter talks — محادثات — 谈判",
                      "description": "Five parties, a deep tree, long and right-to-left quotes.", "as_of": "2025-08",
                      "sources": sources, "parties": parties, "speakers": speakers, "issues": issues,
                      "positions": positions, "quotes": quotes, "events": events})


def unscored_factbox() -> str:
    return yaml_text({
        "format": "factbox/1", "title": "Nothing scored yet",
        "parties": [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}],
        "speakers": [{"id": "nils", "name": "Nils North", "party": "north"}],
        "issues": [{"id": "border", "title": "The border"},
                   {"id": "river", "parent": "border", "title": "The river",
                    "question": "Should the river be the border?"}],
        "positions": [{"party": "north", "issue": "river", "summary": "Undecided.", "basis": "reported"}],
        "quotes": [{"id": "nils-river", "speaker": "nils", "text": "We will see.", "issues": ["river"]}],
    })


def tiny_factbox() -> str:
    return yaml_text({
        "format": "factbox/1", "title": "Tiny *talks*", "as_of": "2025-12",
        "sources": [{"id": "s", "title": "Gazette", "url": "https://example.org/g"}],
        "parties": [{"id": "a", "name": "Aland"}, {"id": "b", "name": "Bland"}],
        "speakers": [{"id": "ann", "name": "Ann", "party": "a", "role": "Envoy"}],
        "issues": [{"id": "fish", "title": "Fish", "question": "Share the fish?"}],
        "positions": [{"party": "a", "issue": "fish", "stance": 1, "summary": "Will share.", "basis": "stated",
                       "conditions": "If b does."},
                      {"party": "b", "issue": "fish", "stance": -2, "summary": "Won't.", "basis": "inferred"}],
        "quotes": [{"id": "ann-fish", "speaker": "ann", "text": "- we <will> share\nthe [fish]", "issues": ["fish"],
                    "date": "2025-11", "source": "s"}],
    })
