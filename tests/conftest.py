"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTZONE = Path(__file__).parent / "worlds" / "testzone"


@pytest.fixture(autouse=True)
def _private_world_cache(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled-world cache in a temporary directory: tests never touch the user's."""
    monkeypatch.setenv("ZONE_GAME_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def zone(tmp_path: Path) -> Path:
    """A private copy of the test zone, walkthroughs included, to edit freely."""
    return Path(shutil.copytree(TESTZONE, tmp_path / "testzone"))
