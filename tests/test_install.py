"""A plain `pip install` of the project, into a fresh virtual environment, gives a working
`factbox` command that finds the dataset inside the installed package, from any folder.

One virtual environment serves the whole module (about 20-40 s to build). Set
FACTBOX_SKIP_INSTALL_TEST=1 to skip it; it is skipped, too, when pip cannot reach a package
index or local wheels for the dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import factbox

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.environ.get("FACTBOX_SKIP_INSTALL_TEST") == "1", reason="FACTBOX_SKIP_INSTALL_TEST=1"
)

#: pip output that means it could not get packages, not that the project is broken.
OFFLINE = (
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Max retries exceeded",
    "No matching distribution found",
    "Could not find a version that satisfies",
)


@dataclass(frozen=True)
class Installed:
    python: Path
    factbox: Path
    package: Path  # the installed factbox package folder
    elsewhere: Path  # an unrelated, empty working folder


def _env() -> dict[str, str]:
    drop = {"FACTBOX_DATA", "FACTBOX_FORMAT", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def _run(*command: str | Path, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd,
                          env=_env(), timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    # Build from a copy, so that pip's in-tree build leaves nothing behind in the work tree.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
        "tests", "benchmarks",
    ))
    environment = base / "venv"
    made = _run(sys.executable, "-m", "venv", environment, cwd=base, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    bin_dir = environment / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    pip = _run(python, "-m", "pip", "install", "--no-input", "--disable-pip-version-check", source,
               cwd=base, timeout=900)
    if pip.returncode != 0:
        output = pip.stdout + pip.stderr
        if any(sign in output for sign in OFFLINE):
            pytest.skip("pip cannot get the dependencies here:\n" + output[-2000:])
        pytest.fail("pip install failed:\n" + output[-4000:])
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    where = _run(python, "-c", "import factbox, pathlib; print(pathlib.Path(factbox.__file__).parent)",
                 cwd=elsewhere)
    assert where.returncode == 0, where.stderr
    package = Path(where.stdout.strip())
    return Installed(python, bin_dir / "factbox", package, elsewhere)


def test_installed_package_is_not_the_work_tree(installed: Installed) -> None:
    assert "site-packages" in installed.package.parts
    assert ROOT not in installed.package.parents
    assert (installed.package / "data" / "positions.yaml").is_file()


def test_validate_from_an_unrelated_folder(installed: Installed) -> None:
    result = _run(installed.factbox, "validate", cwd=installed.elsewhere)
    data = installed.package / "data" / "positions.yaml"
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{data}: valid factbox/1: "), result.stdout
    assert result.stdout.count("\n") == 1
    assert str(ROOT) not in result.stdout


def test_validate_a_file_in_the_working_folder(installed: Installed, bundled_text: str) -> None:
    (installed.elsewhere / "mine.yaml").write_text(bundled_text, encoding="utf-8")
    result = _run(installed.factbox, "validate", "mine.yaml", cwd=installed.elsewhere)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("mine.yaml: valid factbox/1: ")


def test_validate_refuses_an_invalid_file(installed: Installed) -> None:
    (installed.elsewhere / "bad.yaml").write_text("format: factbox/2\n", encoding="utf-8")
    result = _run(installed.factbox, "validate", "bad.yaml", cwd=installed.elsewhere)
    assert (result.returncode, result.stdout) == (1, "")
    assert "bad.yaml:1:9: format: unsupported format version 'factbox/2'" in result.stderr
    assert "Traceback" not in result.stderr


def test_version(installed: Installed) -> None:
    result = _run(installed.factbox, "--version", cwd=installed.elsewhere)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"factbox {factbox.__version__}\n", "")


def test_version_matches_the_installed_distribution(installed: Installed) -> None:
    result = _run(installed.python, "-c", "import importlib.metadata as m; print(m.version('factbox'))",
                  cwd=installed.elsewhere)
    assert (result.returncode, result.stdout) == (0, f"{factbox.__version__}\n")


def test_python_m_factbox_version(installed: Installed) -> None:
    result = _run(installed.python, "-m", "factbox", "--version", cwd=installed.elsewhere)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"factbox {factbox.__version__}\n", "")


def test_validate_help_documents_the_command(installed: Installed) -> None:
    result = _run(installed.factbox, "validate", "--help", cwd=installed.elsewhere)
    assert (result.returncode, result.stderr) == (0, "")
    text = " ".join(result.stdout.split())
    assert text.startswith("Usage: factbox validate [OPTIONS] [PATH]...")
    for phrase in ("FILE:LINE:COL", "Exits 1 if any file is invalid", "--data", "FACTBOX_DATA",
                   "standard input", "factbox validate -"):
        assert phrase in text, phrase


def test_report_from_the_installed_package(installed: Installed) -> None:
    """The page templates are package data: the installed command finds them."""
    result = _run(installed.factbox, "report", cwd=installed.elsewhere)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("<!DOCTYPE html>\n")
    assert f"Made with factbox {factbox.__version__} (format factbox/1) from positions.yaml." in result.stdout


def test_schema_from_the_installed_package(installed: Installed) -> None:
    result = _run(installed.factbox, "schema", cwd=installed.elsewhere)
    assert (result.returncode, result.stderr) == (0, "")
    assert '"$schema": "https://json-schema.org/draft/2020-12/schema"' in result.stdout
