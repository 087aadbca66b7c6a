"""Write a deterministic synthetic factbox of N quotes, as YAML and as the same data in JSON.

Realistic shapes: 5 parties, 200 speakers, 100 issues with questions (10 topics of 9
sub-issues), a position per party and issue, quotes of ~30 words with issues, dates and
a source. The same N and seed always give byte-identical files.

    python benchmarks/generate.py 100000 /tmp/fb-100k      # writes .yaml and .json
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

_VOCABULARY = """
security guarantees territory ceasefire front line talks delegation proposal draft settlement
sovereignty borders referendum reconstruction compensation troops buffer zone nuclear plant
agreement negotiations envoy sanctions prisoners exchange humanitarian corridor grain port
energy infrastructure elections constitution recognition withdrawal monitoring enforcement
we will not accept any deal that does not respect our people and their future peace must be
just lasting and fair the other side knows our position very well
"""
WORDS = tuple(_VOCABULARY.split())
PARTIES = ["alpha", "bravo", "charlie", "delta", "echo"]


def factbox(quotes: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    issues: list[dict[str, Any]] = []
    for topic in range(10):
        issues.append({"id": f"topic-{topic}", "title": f"Topic {topic}: {' '.join(rng.sample(WORDS, 3))}"})
        for sub in range(9):
            issues.append({
                "id": f"issue-{topic}-{sub}",
                "parent": f"topic-{topic}",
                "title": f"Issue {topic}.{sub}: {' '.join(rng.sample(WORDS, 4))}",
                "question": f"Should the parties agree on {' '.join(rng.sample(WORDS, 6))}?",
            })
    leaves = [i["id"] for i in issues if "parent" in i]
    speakers = [
        {"id": f"speaker-{n}", "name": f"Speaker {n} {rng.choice(WORDS).title()}",
         "party": PARTIES[n % len(PARTIES)], "role": f"Official number {n}"}
        for n in range(200)
    ]
    positions = [
        {"party": party, "issue": issue, "stance": rng.randint(-2, 2),
         "summary": " ".join(rng.choices(WORDS, k=15)), "basis": "stated", "sources": ["wire"]}
        for issue in leaves for party in PARTIES
    ]
    quote_list = []
    for n in range(quotes):
        quote_list.append({
            "id": f"q-{n}",
            "speaker": speakers[rng.randrange(len(speakers))]["id"],
            "text": " ".join(rng.choices(WORDS, k=30)).capitalize() + ".",
            "issues": rng.sample(leaves, 2),
            "context": " ".join(rng.choices(WORDS, k=8)),
            "date": f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "source": "wire",
        })
    return {
        "format": "factbox/1",
        "title": f"Synthetic factbox of {quotes} quotes",
        "as_of": "2025-12",
        "sources": [{"id": "wire", "title": "Synthetic wire service", "publisher": "Benchmarks"}],
        "parties": [{"id": p, "name": p.title()} for p in PARTIES],
        "speakers": speakers,
        "issues": issues,
        "positions": positions,
        "quotes": quote_list,
    }


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block-style YAML with every string double-quoted (JSON strings are valid YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item and not _flat_list(item):
                lines.append(f"{pad}{key}:\n{to_yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return "\n".join(lines)
    if isinstance(value, list):
        lines = []
        for item in value:
            body = to_yaml(item, indent + 2)
            lines.append(f"{pad}- {body.lstrip()}")
        return "\n".join(lines)
    return pad + _scalar(value)


def _flat_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("quotes", type=int)
    parser.add_argument("stem", type=Path, help="output path without extension")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = factbox(args.quotes, args.seed)
    args.stem.with_suffix(".yaml").write_text(to_yaml(data) + "\n", encoding="utf-8")
    args.stem.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
