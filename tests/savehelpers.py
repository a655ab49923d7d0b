"""Shared pieces of the saves tests: the test world, a run of commands, a played history."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from zone_game.history import History
from zone_game.loader import load_world
from zone_game.world import World

WORLD_DIR = Path(__file__).parent / "worlds" / "testzone"
SEED = 7
# Refused lines, `again`, `oops`, a disambiguation and a conversation: all must replay.
COMMANDS = ("take lamp", "light lamp", "x key", "brass", "xyzzy", "oops look", "g", "n",
            "talk to helper", "1", "1", "e", "e")


def world() -> World:
    return load_world(WORLD_DIR)


def played(world_: World, commands: tuple[str, ...] = COMMANDS, seed: int = SEED) -> History:
    return History.played(world_, seed, commands)


def copy_world(tmp: Path) -> Path:
    target = tmp / "testzone"
    shutil.copytree(WORLD_DIR, target)
    return target


def zone_game(*args: str, stdin: str = "", cwd: Path | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a new process."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ZONE_GAME_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "zone_game", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, env=full_env, timeout=120)
