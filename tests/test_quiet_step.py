"""`step(..., narrate=False)` — the engine's turn for whoever needs only the states (a
replay check, re-simulating a save or an undo) — gives the very state the told turn
gives, every time: along every walkthrough of the three worlds, under random play, and for
`wait for …`, which waits for a turn that tells something."""

from __future__ import annotations

from pathlib import Path

import pytest

from zone_game import rng
from zone_game.engine import available_commands, new_game, step
from zone_game.events import Rejected
from zone_game.expr import ExprError, Names, parse_condition
from zone_game.loader import load_world
from zone_game.session import Session
from zone_game.state import GameState, Mode
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough
from zone_game.world import World

ROOT = Path(__file__).resolve().parent.parent
WORLDS = (ROOT / "tests" / "worlds" / "testzone", ROOT / "worlds" / "stalker",
          ROOT / "worlds" / "lighthouse")


def _same_step(world: World, state: GameState, command: str) -> GameState:
    """Step told and untold; both must agree. Returns the new state."""
    told, events = step(world, state, command)
    quiet, quiet_events = step(world, state, command, narrate=False)
    assert quiet == told, command
    if told is state:  # refused: the very same state, and the very same refusal
        assert quiet is state and isinstance(events[0], Rejected), command
        assert quiet_events == events, command
    else:
        assert quiet is not state and quiet_events == (), command
    return told


@pytest.mark.parametrize("world_dir", WORLDS, ids=lambda path: path.name)
def test_every_walkthrough_turn_is_the_same_untold(world_dir: Path) -> None:
    world = load_world(world_dir)
    checked = 0
    for walk_path in find_walkthroughs(world_dir):
        walk = parse_walkthrough(walk_path)
        told, _ = Session.start(world, walk.seed)
        quiet = told
        for line in walk.commands:
            told, events = told.submit(line)
            quiet, quiet_events = quiet.submit(line, narrate=False)
            # The whole session: the state, and what `again` and `oops` will need.
            assert quiet == told, (walk_path.name, line)
            refused = bool(events) and isinstance(events[0], Rejected)
            assert quiet_events == (events if refused else ()), (walk_path.name, line)
            checked += 1
    assert checked >= 40


def test_wait_for_waits_as_long_untold(testzone: World) -> None:
    """`wait for …` stops at the first turn that tells something (in the hut, the dog's
    bark at turn 3): a quiet turn, telling nothing, would wait out the whole limit."""
    start = new_game(testzone, 7)
    state = _same_step(testzone, start, "wait for the helper")
    assert state.turn == 3
    assert _same_step(testzone, state, "wait until dawn").turn == 3 + 12


NOISE = ["", "xyzzy", "take", "go", "throw", "throw nut", "ask about", "talk to", "1", "2",
         "3", "9", "bye", "it", "take it", "examine it", "g", "again", "Again", "n n",
         "x x x", "wait for the patrol", "wait", "look", "n. s", "n then e", "oops north",
         "oops", "drop all", "take it. drop it", "wait; wait", "then", "1. 2",
         "bye then look"]


@pytest.mark.parametrize("world_dir", WORLDS, ids=lambda path: path.name)
def test_random_play_is_the_same_untold(world_dir: Path) -> None:
    """Each line through the engine (`step`) and through the session (`Session.submit`,
    which splits `n. s`, repeats `again`, mends with `oops`), told and untold."""
    world = load_world(world_dir)
    turns = 0
    for seed in range(1, 7):
        told, _ = Session.start(world, seed)
        quiet = told
        for position in range(80):
            choices = list(available_commands(world, told.state)) or ["look"]
            pool = choices + NOISE
            line = pool[rng.below(seed, "quiet", position, len(pool))]
            _same_step(world, told.state, line)
            told, events = told.submit(line)
            quiet, quiet_events = quiet.submit(line, narrate=False)
            assert quiet == told, line
            # A refusal is the last event of a line, the commands before it (`n. xyzzy`)
            # done: untold, the refusal alone.
            refusal = events[-1:] if events and isinstance(events[-1], Rejected) else ()
            assert quiet_events == refusal, line
            turns += 1
            if told.state.mode is Mode.ENDED:
                break
    assert turns > 100


@pytest.mark.parametrize("source", ["$item == 1", "$target", "not $person",
                                    "at($target)", "{$item}"])
def test_conditions_name_no_binding(testzone: World, source: str) -> None:
    """An untold turn works out a command's bindings (`$item`, `$target`…) only when a
    rule answers it, for the rule's effects: it shows no text, and no condition can name
    one (only texts and effects can)."""
    names = Names(frozenset(testzone.var_names), {
        "place": frozenset(testzone.places), "item": frozenset(testzone.item_ids),
        "character": frozenset(testzone.character_ids),
        "node": frozenset(testzone.dialogue), "ending": frozenset(testzone.endings),
        "hazard": frozenset(testzone.hazards), "topic": frozenset()})
    with pytest.raises(ExprError):
        parse_condition(source, names)
