"""Digests recorded by an earlier build still come out of this one, byte for byte.

Every save and run log a player has holds one digest per turn, and `replay --check`
compares against them: a change in how a digest is computed (or in what the engine does)
would make every recorded run "diverge". `tests/data/recorded_digests.json` holds the
digest of every turn of every walkthrough of the test zone and of Stalker, as recorded;
speed work on the engine or on `statecodec.digest` must leave them all equal.

When a world's walkthrough is changed on purpose (new content, a changed route), record
again with `python tests/test_recorded_digests.py --write` and say why in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from zone_game.history import History
from zone_game.loader import load_world
from zone_game.walkthrough import parse_walkthrough

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "data" / "recorded_digests.json"
WORLDS = (ROOT / "tests" / "worlds" / "testzone", ROOT / "worlds" / "stalker")


def digests_now() -> dict[str, list[str]]:
    """Per walkthrough (by path from the repository root): the digest after each turn."""
    found: dict[str, list[str]] = {}
    for world_dir in WORLDS:
        world = load_world(world_dir)
        for walk_path in sorted((world_dir / "walkthroughs").glob("*.walk")):
            walk = parse_walkthrough(walk_path)
            history = History.played(world, walk.seed, list(walk.commands))
            key = walk_path.relative_to(ROOT).as_posix()
            found[key] = [history.digest(i) for i in range(len(walk.commands) + 1)]
    return found


RECORDED_DIGESTS: dict[str, list[str]] = json.loads(RECORDED.read_text(encoding="utf-8"))
NOW = digests_now()


def test_the_same_walkthroughs_are_recorded() -> None:
    assert sorted(NOW) == sorted(RECORDED_DIGESTS)
    assert sum(len(turns) for turns in RECORDED_DIGESTS.values()) > 1000


@pytest.mark.parametrize("walk", sorted(RECORDED_DIGESTS))
def test_every_turn_has_its_recorded_digest(walk: str) -> None:
    recorded, now = RECORDED_DIGESTS[walk], NOW.get(walk, [])
    pairs = zip(recorded, now, strict=False)
    first = next((turn for turn, (a, b) in enumerate(pairs) if a != b), None)
    assert first is None and len(now) == len(recorded), (
        f"{walk}: turn {first} has digest {now[first] if first is not None else '-'}, "
        f"recorded {recorded[first] if first is not None else '-'} (turns now {len(now)}, "
        f"recorded {len(recorded)})")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    RECORDED.write_text(json.dumps(NOW, indent=0) + "\n", encoding="utf-8")
    print(f"recorded {sum(len(t) for t in NOW.values())} digests in {RECORDED}")
