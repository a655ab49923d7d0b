"""States to JSON and back, checked against the world; digests stable across processes."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from savehelpers import COMMANDS, played, world

from zone_game.session import Session
from zone_game.statecodec import StateError, digest, from_json, state_json
from zone_game.world import World


def test_every_state_of_a_run_round_trips_through_json() -> None:
    w = world()
    history = played(w)
    for index in range(len(COMMANDS) + 1):
        state = history.session(index).state
        back = from_json(w, json.loads(json.dumps(state_json(w, state))))
        assert back == state
        assert digest(w, back) == digest(w, state)


def test_different_states_have_different_digests() -> None:
    w = world()
    history = played(w)
    digests = {digest(w, history.session(i).state) for i in range(len(COMMANDS) + 1)}
    # Refused lines (xyzzy) and free verbs keep the state; every other line changes it.
    distinct_states = {json.dumps(state_json(w, history.session(i).state), sort_keys=True)
                       for i in range(len(COMMANDS) + 1)}
    assert len(digests) == len(distinct_states)


def _start_json() -> tuple[World, dict[str, Any]]:
    w = world()
    session, _ = Session.start(w, 7)
    return w, state_json(w, session.state)


@pytest.mark.parametrize(("edit", "field", "words"), [
    (lambda d: d.update(place="atlantis"), "state.place", "unknown place 'atlantis'"),
    (lambda d: d["items"]["bolt"].__setitem__(0, ["guide", -3]), "state.items.bolt[0][1]",
     "1 or more, not -3"),
    (lambda d: d["items"].update(sword=[]), "state.items.sword", "unknown item 'sword'"),
    (lambda d: d["characters"].update(helper="moon"), "state.characters.helper",
     "unknown place 'moon'"),
    (lambda d: d["hazards"].update(anomaly=["nowhere_land"]), "state.hazards.anomaly[0]",
     "unknown place"),
    (lambda d: d["vars"].update(gate_open=3), "state.vars.gate_open", "true or false"),
    (lambda d: d["vars"].update(patrol="two"), "state.vars.patrol", "whole number"),
    (lambda d: d["vars"].update(patrol=1 << 63), "state.vars.patrol", "-2**63 to 2**63-1"),
    (lambda d: d.update(turn=-1), "state.turn", "0 or more"),
    (lambda d: d.update(turn="1"), "state.turn", "whole-number turn"),
    (lambda d: d.update(mode="flying"), "state.mode", "unknown mode"),
    (lambda d: d.pop("visited"), "state.visited", "missing"),
    (lambda d: d.update(format=99), "state.format", "newer zone-game"),
    (lambda d: d["counters"].update(probes=-1), "state.counters.probes", "0 or more"),
    (lambda d: d.update(ending="won"), "state.ending", "unknown ending 'won'"),
    (lambda d: d.update(seed=-5), "state.seed", "from 0 to 18446744073709551615"),
    (lambda d: d.update(seed=1 << 64), "state.seed", "from 0 to 18446744073709551615"),
])
def test_a_tampered_state_is_refused_naming_the_field(
        edit: Callable[[dict[str, Any]], object], field: str, words: str) -> None:
    w, data = _start_json()
    data = copy.deepcopy(data)
    edit(data)
    with pytest.raises(StateError) as caught:
        from_json(w, data)
    assert str(caught.value).startswith(field + ":")
    assert words in str(caught.value)


_DIGEST_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from savehelpers import played, world, COMMANDS
from zone_game.loader import load_world
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough
w = world()
h = played(w)
print(" ".join(h.digest(i) for i in range(len(COMMANDS) + 1)))
stalker = Path(sys.argv[1]).parent / "worlds" / "stalker"
s = load_world(stalker)
for walk in find_walkthroughs(stalker):
    run = parse_walkthrough(walk)
    h = played(s, run.commands, run.seed)
    print(walk.name, h.digest(len(run.commands)), h.recording().turns[-1].digest)
"""


def test_digests_are_the_same_under_different_hash_seeds() -> None:
    tests_dir = os.path.dirname(__file__)
    outputs = []
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", _DIGEST_SCRIPT, tests_dir], env=env,
                              capture_output=True, text=True, check=True, timeout=120)
        outputs.append(done.stdout.split())
        assert done.stdout.count(".walk") >= 5
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > len(COMMANDS) + 3 * 5  # the test zone, then Stalker's runs


@pytest.mark.parametrize("names", [
    set(), {"a"}, {"b", "a"}, {"it's", "b"}, {"a\\b", "c"}, {"é", "x"}, {"a\n", "b"},
    {'"q"', "r"}, {"zone.sidings", "bar@gate", "x_1"}, {"\x7f", "a"},
])
def test_a_set_is_encoded_as_ascii_of_its_sorted_tuple(names: set[str]) -> None:
    # The join fast path must give exactly what `ascii` gives, or recorded digests change.
    from zone_game.statecodec import _sorted_text

    assert _sorted_text(frozenset(names)) == ascii(tuple(sorted(names)))
