"""Shell completion, through the real entry point as a shell calls it: ids, surnames and
aliases from the data in use, nothing on stderr, and never an error for a bad file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, run_process

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


# --- Untrusted names: nothing in the data may run, expand or reach the terminal raw -------

def _hostile_factbox(tmp_path: Path) -> Path:
    """Names and aliases that would run a command, expand to files or break markup if a
    completion passed them through; beside them, safe accented names that must complete."""
    pwned = tmp_path / "pwned"
    text = f"""\
format: factbox/1
title: Hostile names
parties:
  - id: northland
    name: "Northland $(touch {pwned})"
    aliases: ["Nor\\\\$(touch {pwned})", "Nor`touch {pwned}`", "Nor'$(touch {pwned})'", "/e*/pass*", "Nor[/]x",
              "Nor;touch {pwned}", "Nó\\u200dzero", "Nor*"]
  - id: nunez-land
    name: Núñez Land
    aliases: ["O'Norland", "Núñez"]
speakers:
  - id: nora
    name: "Nora [/] $(touch {pwned}) \\x1b]0;title\\x07"
    party: northland
issues:
  - id: fish
    title: Fish
    question: Who fishes?
"""
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_only_safe_values_are_offered(tmp_path: Path) -> None:
    data = _hostile_factbox(tmp_path)
    assert bash(f"factbox quotes --data {data} --party ") == ["northland", "nunez-land", "O'Norland", "Núñez"]
    assert bash(f"factbox quotes --data {data} --party /") == []
    assert bash(f"factbox quotes --data {data} --party Nor") == []
    assert bash(f"factbox quotes --data {data} --speaker N") == []  # "Nora …" is not one word
    assert not (tmp_path / "pwned").exists()


def test_zsh_descriptions_are_plain_words(tmp_path: Path) -> None:
    data = _hostile_factbox(tmp_path)
    process = run_process(env={"_FACTBOX_COMPLETE": "complete_zsh",
                               "_TYPER_COMPLETE_ARGS": f"factbox quotes --data {data} --speaker no"})
    assert (process.returncode, process.stderr) == (0, "")
    assert process.stdout.startswith("""_arguments '*: :(("nora":"Nora / (touch """), process.stdout
    assert not set(process.stdout) & set("$`[]\x1b\x07"), process.stdout


def test_nothing_is_completed_from_standard_input() -> None:
    process = subprocess.run([sys.executable, "-m", "factbox"], capture_output=True, text=True, timeout=20,
                             input="",
                             env={**os.environ, "_FACTBOX_COMPLETE": "complete_bash",
                                  "COMP_WORDS": "factbox quotes --data - --speaker P", "COMP_CWORD": "5"})
    assert (process.returncode, process.stdout.strip(), process.stderr) == (0, "", "")
    assert bash("factbox quotes --speaker P", FACTBOX_DATA="-") == []


def _terminal_session(shell: list[str], setup: str, lines: list[str], cwd: Path) -> list[str]:
    """Start an interactive shell in a pseudo-terminal, run `setup`, then type each line and
    press Tab twice; return what the screen showed for each (the shell's own completion, as a
    user gets it)."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    bin_dir = Path(sys.executable).parent
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(cwd), "TERM": "xterm", "PS1": "READY> ",
           "PROMPT": "READY> ", "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"], "LANG": "C.UTF-8"}
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(shell, stdin=follower, stdout=follower, stderr=follower, env=env, cwd=cwd,
                               start_new_session=True)
    os.close(follower)

    def settle(longest: float = 8, quiet: float = 0.7) -> bytes:
        """Read until the screen has been still for `quiet` seconds."""
        seen = b""
        end = time.monotonic() + longest
        last = time.monotonic()
        while time.monotonic() < end and time.monotonic() - last < quiet:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
                last = time.monotonic()
        return seen

    screens = []
    try:
        os.write(leader, setup.encode() + b"\n")
        settle(quiet=1.5)
        for line in lines:
            os.write(leader, line.encode() + b"\t")
            screen = settle()
            os.write(leader, b"\t")
            screen += settle()
            screens.append(screen.decode("utf-8", "replace"))
            os.write(leader, b"\x03")  # Ctrl-C: a fresh prompt
            settle(quiet=0.3)
    finally:
        process.kill()
        process.wait(timeout=10)
        os.close(leader)
    return screens


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_real_shell_runs_nothing_from_the_data(tmp_path: Path, shell: str) -> None:
    """The installed completion script, sourced in a real interactive shell: Tab after a
    hostile prefix creates no file, offers no file names, and still completes a safe name."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell}); .ci/run installs it")
    data = _hostile_factbox(tmp_path)
    setup = {"bash": "source <(factbox --show-completion bash)",
             "zsh": "autoload -Uz compinit && compinit -u && source <(factbox --show-completion zsh)"}[shell]
    argv = {"bash": ["bash", "--norc", "--noprofile", "-i"], "zsh": ["zsh", "-f", "-i"]}[shell]
    prefixes = ["Nor", "/e", "N", "", "Nú"]
    screens = _terminal_session(argv, setup, [f"factbox quotes --data {data} --party {p}" for p in prefixes],
                                tmp_path)
    assert not (tmp_path / "pwned").exists(), screens
    assert not any("passwd" in screen or "\x1b]0;" in screen for screen in screens), screens
    assert "Núñez" in screens[-1], screens
