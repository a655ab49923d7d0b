"""Random play never breaks the engine's promises.

Thousands of commands built from the world's own vocabulary (and some noise) are fed to
the engine from many seeds. Whatever happens, the engine must not raise, a refusal must
return the very same state, turns never go backwards, every state serialises, and the
fingerprint the engine keeps as it goes is the one computed from the state's facts.
"""

from __future__ import annotations

import json

from zone_game import fingerprint, rng
from zone_game.engine import available_commands, new_game, step
from zone_game.events import Rejected
from zone_game.state import Mode, to_json
from zone_game.world import World

NOISE = ["", "xyzzy", "take", "go", "throw", "throw bolt", "ask helper about", "talk to",
         "1", "2", "3", "9", "bye", "it", "take it", "examine it", "g", "n n", "x x x",
         "the the", "drop all", "ask helper about zone", "throw bolt to north", "key",
         "brass", "iron", "   ", "talk to sentry", "pull lamp", "light lamp", "d", "u"]


def test_random_play_keeps_the_engine_promises(testzone: World) -> None:
    item_ids = tuple(testzone.items)
    character_ids = tuple(testzone.characters)
    hazard_ids = tuple(testzone.hazards)
    endings = set()
    for seed in range(1, 41):
        state = new_game(testzone, seed)
        for position in range(120):
            choices = list(available_commands(testzone, state)) or ["look"]
            pool = choices + NOISE
            command = pool[rng.below(seed, "fuzz", position, len(pool))]
            new_state, events = step(testzone, state, command)
            assert events, command
            if isinstance(events[0], Rejected):
                assert new_state is state, command
            assert new_state.turn >= state.turn
            assert new_state.fingerprint == fingerprint.of(new_state), command
            json.dumps(to_json(new_state, testzone.var_names, item_ids, character_ids,
                               hazard_ids))
            state = new_state
            if state.mode is Mode.ENDED:
                endings.add(state.ending)
                break
    assert len(endings) >= 2, endings
