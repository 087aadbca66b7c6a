"""Every sample output in README.md and docs/ is what its command prints today (see
tests/readme_samples.py, which also rewrites them: `.venv/bin/python tests/readme_samples.py`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from readme_samples import DOCUMENTS, MORE, Sample, produce, samples, scratch_directory

SAMPLES = [sample for document in DOCUMENTS for sample in samples(document)]


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    directory = scratch_directory()
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("sample", SAMPLES, ids=repr)
def test_the_sample_is_what_the_command_prints(sample: Sample, scratch: Path) -> None:
    output = produce(sample.command, scratch)
    assert not sample.drifted(output), (
        f"README sample drifted; run `.venv/bin/python tests/readme_samples.py` to rewrite it.\n"
        f"now:\n{sample.text(output)}")


def test_samples_are_found_and_a_changed_one_is_noticed(tmp_path: Path, scratch: Path) -> None:
    assert len(SAMPLES) >= 5 and any(s.command.startswith("factbox quotes") for s in SAMPLES)
    document = tmp_path / "doc.md"
    document.write_text("```text\n$ factbox parties -f csv --no-headers\nukraine,Ukraine\n\n"
                        f"$ factbox --version\nfactbox 0.0.1\n{MORE}\n```\n", encoding="utf-8")
    first, second = samples(document)
    assert (first.command, first.shown, first.gap, second.partial) == (
        "factbox parties -f csv --no-headers", ["ukraine,Ukraine"], True, True)
    assert first.drifted(produce(first.command, scratch))
    assert not first.drifted("ukraine,Ukraine  \n\n")
    assert second.drifted("factbox 0.3.0\n") and not second.drifted("factbox 0.0.1\nmore\n")
