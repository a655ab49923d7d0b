"""Shared fixtures: the test world, compiled once, and a private world cache per session."""

from __future__ import annotations

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
