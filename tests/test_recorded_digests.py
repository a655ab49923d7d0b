"""Digests recorded by an earlier build still come out of this one, byte for byte.

Every save and run log a player has holds one digest per turn, and `replay --check`
compares against them: a change in how a digest is computed (or in what the engine does)
would make every recorded run "diverge". `tests/data/recorded_digests.json` holds the
digest (version 1, as files of format 1 hold) of every turn of every walkthrough of the
test zone and of Stalker, as recorded before the engine's speed work, and
`recorded_digests_v2.json` the same turns' digests of version 2 (format 2, written
today); speed work on the engine or on `statecodec` must leave them all equal.

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
from zone_game.statecodec import DIGEST_VERSION, DIGEST_VERSIONS
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RECORDED = {1: DATA / "recorded_digests.json", 2: DATA / "recorded_digests_v2.json"}
WORLDS = (ROOT / "tests" / "worlds" / "testzone", ROOT / "worlds" / "stalker")


def digests_now() -> dict[int, dict[str, list[str]]]:
    """Per digest version, per walkthrough (by path from the repository root): the
    digest after each turn."""
    found: dict[int, dict[str, list[str]]] = {version: {} for version in DIGEST_VERSIONS}
    for world_dir in WORLDS:
        world = load_world(world_dir)
        for walk_path in find_walkthroughs(world_dir):
            walk = parse_walkthrough(walk_path)
            history = History.played(world, walk.seed, list(walk.commands))
            key = walk_path.relative_to(ROOT).as_posix()
            states = [history.session(i).state for i in range(len(walk.commands) + 1)]
            for version, digest in DIGEST_VERSIONS.items():
                found[version][key] = [digest(world, state) for state in states]
            assert found[DIGEST_VERSION][key] == [history.digest(i)
                                                  for i in range(len(states))]
    return found


RECORDED_DIGESTS: dict[int, dict[str, list[str]]] = {
    version: json.loads(path.read_text(encoding="utf-8")) for version, path in RECORDED.items()}
NOW = digests_now()
CASES = [(version, walk) for version, walks in sorted(RECORDED_DIGESTS.items())
         for walk in sorted(walks)]


def test_the_same_walkthroughs_are_recorded() -> None:
    assert sorted(RECORDED_DIGESTS) == sorted(DIGEST_VERSIONS)
    for version, walks in RECORDED_DIGESTS.items():
        assert sorted(NOW[version]) == sorted(walks)
        assert sum(len(turns) for turns in walks.values()) > 1000


def test_the_versions_are_different_digests() -> None:
    firsts = {version: walks[min(walks)][0] for version, walks in RECORDED_DIGESTS.items()}
    assert len(set(firsts.values())) == len(firsts)


@pytest.mark.parametrize(("version", "walk"), CASES)
def test_every_turn_has_its_recorded_digest(version: int, walk: str) -> None:
    recorded, now = RECORDED_DIGESTS[version][walk], NOW[version].get(walk, [])
    pairs = zip(recorded, now, strict=False)
    first = next((turn for turn, (a, b) in enumerate(pairs) if a != b), None)
    assert first is None and len(now) == len(recorded), (
        f"{walk}: turn {first} has digest {now[first] if first is not None else '-'}, "
        f"recorded {recorded[first] if first is not None else '-'} (turns now {len(now)}, "
        f"recorded {len(recorded)})")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    for version, path in RECORDED.items():
        path.write_text(json.dumps(NOW[version], indent=0) + "\n", encoding="utf-8")
        print(f"recorded {sum(len(t) for t in NOW[version].values())} digests in {path}")
