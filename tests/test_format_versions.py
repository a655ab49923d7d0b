"""Saves and run logs of format 1 (digest version 1), written by the build before digests
of version 2, are still read, checked with their own digests, restored and re-recorded.

`tests/data/format1/` holds a save and a run log of the test zone's `reached`
walkthrough as that build wrote them (the world's path emptied, so the world is named on
the command line or found by its id).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from savehelpers import WORLD_DIR, zone_game

from zone_game import runlog, statecodec
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.replay import check, restore
from zone_game.saves import decode, read_save
from zone_game.statecodec import DIGEST_VERSION, digest, digest_v1
from zone_game.walkthrough import parse_walkthrough

FORMAT1 = Path(__file__).parent / "data" / "format1"
SAVE = FORMAT1 / "testzone-reached.json"
LOG = FORMAT1 / "testzone-reached.run.jsonl"


def test_format_1_files_are_read_as_digest_version_1() -> None:
    recording, _ = read_save(SAVE)
    assert recording.digest_version == 1
    assert runlog.decode(LOG.read_text(encoding="utf-8"), str(LOG)).digest_version == 1
    world = load_world(WORLD_DIR)
    result = check(world, recording)
    assert result.identical and result.turns == 15


def test_a_format_1_digest_is_really_compared() -> None:
    world = load_world(WORLD_DIR)
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    data["turns"][6]["digest"] = "0123456789abcdef"
    recording, _ = decode(json.dumps(data), "edited")
    divergence = check(world, recording).divergence
    assert divergence is not None and divergence.turn == 7
    # The same file called format 2 is checked with the other digest: the start differs.
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    data.update(version=2, oldest_reader=2)
    recording, _ = decode(json.dumps(data), "relabelled")
    divergence = check(world, recording).divergence
    assert divergence is not None and divergence.turn == 0


def test_a_format_1_save_restores_and_is_saved_again_as_format_2() -> None:
    world = load_world(WORLD_DIR)
    recording, _ = read_save(SAVE)
    restored = restore(world, recording)
    history = restored.history
    again = history.recording()
    assert again.digest_version == DIGEST_VERSION == 2
    assert again.inputs == recording.inputs
    assert again.final == recording.final
    assert [t.digest for t in again.turns] != [t.digest for t in recording.turns]
    assert check(world, again).identical


def test_the_cli_checks_exports_and_updates_format_1(tmp_path: Path) -> None:
    for path in (SAVE, LOG):
        done = zone_game("replay", str(path), "--check", "--world", str(WORLD_DIR))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "identical — 15 commands" in done.stdout
    # A save copied to a run log unchanged keeps its digests, so it stays format 1.
    exported = tmp_path / "copy.run.jsonl"
    done = zone_game("replay", str(SAVE), "--world", str(WORLD_DIR), "--export", str(exported))
    assert done.returncode == 0, done.stderr
    header = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    assert (header["version"], header["oldest_reader"]) == (1, 1)
    assert zone_game("replay", str(exported), "--check", "--world",
                     str(WORLD_DIR)).returncode == 0
    # --update re-records with this build's digests: format 2.
    updated = tmp_path / "updated.json"
    updated.write_text(SAVE.read_text(encoding="utf-8"), encoding="utf-8")
    done = zone_game("replay", str(updated), "--update", "--world", str(WORLD_DIR))
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(updated.read_text(encoding="utf-8"))
    assert (data["version"], data["oldest_reader"]) == (2, 2)
    assert data["turns"][3]["digest"] != json.loads(SAVE.read_text())["turns"][3]["digest"]
    assert zone_game("replay", str(updated), "--check", "--world",
                     str(WORLD_DIR)).returncode == 0


def test_a_version_2_digest_does_not_depend_on_what_was_digested_before() -> None:
    """`digest` updates sums from the state it digested last: any order of states, or
    states of another world in between, must give each state the same digest."""
    world = load_world(WORLD_DIR)
    walk = parse_walkthrough(WORLD_DIR / "walkthroughs" / "reached.walk")
    history = History.played(world, walk.seed, list(walk.commands))
    states = [history.session(i).state for i in range(len(walk.commands) + 1)]
    in_order = [digest(world, state) for state in states]
    shuffled = list(enumerate(states))
    random.Random(5).shuffle(shuffled)
    other = load_world(Path(__file__).resolve().parent.parent / "worlds" / "stalker")
    other_start = History.played(other, 1, ["wait"]).current.state
    for index, state in shuffled:
        assert digest(world, state) == in_order[index]
        digest(other, other_start)
    assert [digest(world, s) for s in reversed(states)] == in_order[::-1]
    # and the two versions are different functions of the same states
    assert all(digest_v1(world, s) != d for s, d in zip(states, in_order, strict=True))


def test_a_set_is_hashed_whatever_order_it_was_built_in() -> None:
    world = load_world(WORLD_DIR)
    state = History.played(world, 3, ["take lamp", "n"]).current.state
    names = sorted(world.places)
    forward = state._replace(visited=frozenset(names))
    backward = state._replace(visited=frozenset(reversed(names)))
    grown = state._replace(visited=frozenset(names[:1]))
    digest(world, grown)  # the next is then an update from this one
    assert digest(world, forward) == digest(world, backward)
    fewer = state._replace(visited=frozenset(names[1:]))
    assert digest(world, fewer) != digest(world, forward)


def test_tuple_elements_equal_as_keys_hash_alike_in_any_order() -> None:
    """The element table is keyed by value, and `(3, True) == (3, 1)`: whichever comes
    first, both get the hash of 1, so the table's history never changes a digest."""
    first, second = statecodec._ElementHashes(), statecodec._ElementHashes()
    assert first[(3, True)] == second[(3, 1)]
    assert first[(3, 1)] == second[(3, True)] == first[(3, True)]
    assert first[(3, 1)] != first[(4, 1)] != first[(3, 2)]
    assert first[(0, ("hut", True))] == second[(0, ("hut", 1))]
    assert first[(0, ("hut", 1))] == second[(0, ("hut", True))]
