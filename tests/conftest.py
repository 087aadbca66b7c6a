"""Fixtures every test may use; helpers to import live in helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factbox.reading import default_data_path


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's own cache (~/.cache/factbox)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def bundled() -> Path:
    return default_data_path()


@pytest.fixture
def bundled_text(bundled: Path) -> str:
    return bundled.read_text(encoding="utf-8")
