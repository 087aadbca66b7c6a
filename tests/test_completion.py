"""Shell completion, through the real entry point as a shell calls it: ids, surnames and
aliases from the data in use, nothing on stderr, and never an error for a bad file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, run_process

SMALL = str(FIXTURES / "small.yaml")


def bash(line: str, **env: str) -> list[str]:
    """What bash offers for `line` (the cursor at its end)."""
    words = line.split(" ")
    process = run_process(env={"_FACTBOX_COMPLETE": "complete_bash", "COMP_WORDS": line,
                               "COMP_CWORD": str(len(words) - 1), **env})
    assert (process.returncode, process.stderr) == (0, ""), process.stderr
    return [word for word in process.stdout.splitlines() if word]


def test_a_speaker_completes_by_id_surname_and_alias() -> None:
    assert bash("factbox quotes --speaker Pe") == ["Peskov"]
    assert bash("factbox quotes -s zel") == ["zelenskyy"]
    assert bash("factbox quotes --speaker Zel") == ["Zelenskyy", "Zelensky", "Zelenskiy", "Zelenskyi", "Zelenskii"]


def test_zsh_is_offered_who_each_name_is() -> None:
    process = run_process(env={"_FACTBOX_COMPLETE": "complete_zsh",
                               "_TYPER_COMPLETE_ARGS": "factbox quotes --speaker Za"})
    assert process.returncode == 0
    assert process.stdout == """_arguments '*: :(("Zakharova":"Maria Zakharova"))'\n"""


def test_issues_and_parties_complete_from_their_ids_and_aliases() -> None:
    assert bash("factbox compare terr") == ["territory", "territorial", "territories"]
    assert bash("factbox quotes --issue nato") == ["nato-membership", "nato"]
    assert bash("factbox issues --party u") == ["ukraine", "united-states"]
    assert bash("factbox quotes --party R") == ["Russia"]


def test_the_data_named_so_far_is_the_data_completed() -> None:
    assert bash(f"factbox quotes --data {SMALL} --speaker ok") == ["okafor"]
    assert bash(f"factbox quotes --data {SMALL} --speaker N") == ["Núñez"]
    assert bash("factbox quotes --speaker ok", FACTBOX_DATA=SMALL) == ["okafor"]
    assert bash(f"factbox compare --data {SMALL} sha") == ["shared-zone"]


def test_a_file_that_cannot_be_read_completes_nothing_and_says_nothing(tmp_path: Path) -> None:
    assert bash("factbox quotes --data /nonexistent/file.yaml --speaker ") == []
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: factbox/1\nspeakers: [\n", encoding="utf-8")
    assert bash(f"factbox quotes --data {broken} --speaker ") == []


def test_commands_options_and_formats_complete() -> None:
    assert bash("factbox qu") == ["quotes"]
    assert bash("factbox quotes -f j") == ["json", "jsonl"]
    assert "--speaker" in bash("factbox quotes --")


def test_the_script_factbox_shows_completes_in_a_real_bash() -> None:
    """`--show-completion bash` is what `--install-completion` installs; sourced, it asks the
    installed `factbox` command itself."""
    bin_dir = Path(sys.executable).parent
    script = """
        source <(factbox --show-completion bash)
        COMP_WORDS=(factbox quotes --speaker Pe); COMP_CWORD=3
        _factbox_completion factbox
        printf '%s\\n' "${COMPREPLY[@]}"
    """
    process = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                             env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
                                  "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})
    assert (process.stdout, process.stderr) == ("Peskov\n", "")
