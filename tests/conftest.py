"""Shared fixtures: the test world (compiled once, or copied to edit), and a private
compiled-world cache so tests never touch the user's."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from zone_game.loader import load_world
from zone_game.world import World

TESTS = Path(__file__).resolve().parent
TESTZONE = TESTS / "worlds" / "testzone"
REPO = TESTS.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' compiled-world cache out of the user's cache directory."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ZONE_GAME_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def testzone() -> World:
    return load_world(TESTZONE, use_cache=False)


@pytest.fixture
def zone(tmp_path: Path) -> Path:
    """A private copy of the test zone, walkthroughs included, to edit freely."""
    return Path(shutil.copytree(TESTZONE, tmp_path / "testzone"))
