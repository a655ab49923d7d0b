"""The engine keeps each state's fingerprint (Zobrist sum of its facts) as it changes the
state; the fingerprint computed from nothing must always agree with it, whatever the way
to the state, and equal facts must give equal fingerprints and digests."""

from __future__ import annotations

from pathlib import Path

import pytest

from zone_game import fingerprint
from zone_game.fingerprint import Features
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.statecodec import digest, digest_v1, from_json, state_json
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

ROOT = Path(__file__).resolve().parent.parent
WORLDS = (ROOT / "tests" / "worlds" / "testzone", ROOT / "worlds" / "stalker",
          ROOT / "worlds" / "lighthouse")


@pytest.mark.parametrize("world_dir", WORLDS, ids=lambda path: path.name)
def test_every_walkthrough_state_has_the_fingerprint_of_its_facts(world_dir: Path) -> None:
    world = load_world(world_dir)
    checked = 0
    for walk_path in find_walkthroughs(world_dir):
        walk = parse_walkthrough(walk_path)
        history = History.played(world, walk.seed, list(walk.commands))
        for index in range(len(walk.commands) + 1):
            state = history.session(index).state
            assert state.fingerprint == fingerprint.of(state), (walk_path.name, index)
            # read back from its JSON (fingerprint computed anew): the very same state
            assert from_json(world, state_json(world, state)) == state
            checked += 1
    assert checked > 40


def test_a_set_counts_the_same_whatever_order_it_was_built_in() -> None:
    world = load_world(WORLDS[0])
    state = History.played(world, 3, ["take lamp", "n"]).current.state
    names = sorted(world.places)
    forward = fingerprint.refreshed(state._replace(visited=frozenset(names)))
    backward = fingerprint.refreshed(state._replace(visited=frozenset(reversed(names))))
    fewer = fingerprint.refreshed(state._replace(visited=frozenset(names[1:])))
    assert forward.fingerprint == backward.fingerprint != fewer.fingerprint
    assert digest(world, forward) == digest(world, backward) != digest(world, fewer)
    # A fact changed by `_replace` alone leaves the fingerprint behind; v1 sees the change.
    stale = state._replace(visited=frozenset(names))
    assert stale.fingerprint == state.fingerprint
    assert digest_v1(world, stale) == digest_v1(world, forward)


def test_a_feature_with_a_flag_is_numbered_as_with_0_or_1() -> None:
    """The tables are keyed by value, and `True == 1` as a key: whichever is met first,
    the number is the one of 1, so a table's history never changes a fingerprint."""
    first, second = Features("vars", 3), Features("vars", 3)
    assert first[True] == second[1]
    assert first[1] == second[True] == first[True]
    assert first[1] != Features("vars", 4)[1] != first[2]
    held = Features("holdings", 0), Features("holdings", 0)
    assert held[0][(("hut", True),)] == held[1][(("hut", 1),)]
    assert Features("visited")["hut"] != Features("fired")["hut"]
    # the engine's tables are these, by field and slot
    assert fingerprint.VARS[3][1] == first[1]
    assert fingerprint.VISITED["hut"] == Features("visited")["hut"]


def test_odd_numbers_in_a_state_still_have_a_digest() -> None:
    """A digest never fails: a turn past 2**64 (a file may claim one) is written out."""
    world = load_world(WORLDS[0])
    state = History.played(world, 3, ["take lamp"]).current.state
    huge = state._replace(turn=2**70)
    assert digest(world, huge) != digest(world, state._replace(turn=0))
    assert len(digest(world, huge)) == 16
    assert digest(world, state._replace(seed=5)) != digest(world, state._replace(seed=6))


def test_a_feature_number_is_blake2b_of_the_feature_written_out() -> None:
    """The documented definition (the tables write the text a piece at a time, for speed):
    the first 8 bytes of BLAKE2b of `ascii` of the whole feature, flags as 0 and 1."""
    import hashlib

    def defined(*feature: object) -> int:
        flat = tuple(int(p) if isinstance(p, bool) else p for p in feature)
        written = ascii(flat)
        return int.from_bytes(hashlib.blake2b(written.encode("ascii"),
                                              digest_size=8).digest(), "big")

    assert Features("visited")["meadow"] == defined("visited", "meadow")
    assert Features("vars", 3)[True] == defined("vars", 3, 1)
    assert Features("vars", 3)[-5] == defined("vars", 3, -5)
    assert Features("holdings", 0)[(("hut", 1), ("yard", 2))] == \
        defined("holdings", 0, (("hut", 1), ("yard", 2)))
    assert Features("pending")[("take it", "it", ("a", "b"))] == \
        defined("pending", ("take it", "it", ("a", "b")))
    assert Features("place")["café\u2028"] == defined("place", "café\u2028")
    assert Features("hazard_spots", 1)[()] == defined("hazard_spots", 1, ())
