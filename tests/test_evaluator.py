"""Compiled conditions (`evaluator.code_for`) agree with the plain tree walk (`expr.evaluate`)
on every state of the test zone's walkthroughs: the closures' shortcuts are speed only."""

from __future__ import annotations

from pathlib import Path

import pytest

from zone_game.engine import _Turn
from zone_game.evaluator import code_at, code_for, places_decided
from zone_game.expr import Names, Tree, evaluate, parse_condition
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

TESTZONE = Path(__file__).resolve().parent / "worlds" / "testzone"
WORLD = load_world(TESTZONE)
NAMES = Names(frozenset(WORLD.var_names), {
    "place": frozenset(WORLD.places), "item": frozenset(WORLD.item_ids),
    "character": frozenset(WORLD.character_ids), "node": frozenset(WORLD.dialogue),
    "ending": frozenset(WORLD.endings), "hazard": frozenset(WORLD.hazards),
    "topic": frozenset()})
SOURCES = [
    "warned", "not warned", "not (warned or gate_open)", "patrol == 2", "patrol != 2",
    "patrol < 2", "patrol <= 2", "patrol > 0", "patrol >= 1", "2 < patrol",
    "helper.trust >= helper.fear", "bolts_thrown * 2 + 1 > patrol - 1",
    "bolts_thrown // 2 == 0", "bolts_thrown % 2 == 1", "patrol // 0 == 0", "-patrol < 0",
    "at(yard)", "at(yard, gate)", "not at(hut)", "at(yard) and patrol == 0",
    "at(hut) or at(cellar) or warned", "warned and gate_open and lamp.lit",
    "has(bolt)", "count(bolt) > 3", "has(lamp) and not lamp.lit", "here(helper)",
    "here(bolt)", "visited(gate)", "said(helper_hello)", "follows(helper)",
    "revealed(anomaly)", "hazard_at(yard)", "chance(50)", "chance(patrol * 10)",
    "ended(died)", "turn > 3", "turn % 2 == 0", "(warned or at(yard)) == gate_open",
    "at(yard) or patrol == 1", "not at(yard) and not at(gate)",
    "(at(hut) and warned) or (at(yard) and patrol > 0) or at(meadow, well)",
    "at(yard) and (at(gate) or warned)", "not (at(hut) or at(cellar)) or gate_open",
    "(at(hut) or not at(cellar, yard)) and patrol == at(gate)",
]


# Parsed once and kept: `code_for` remembers closures by a tree's identity, for the
# world's own trees, which live as long as it; a tree made and dropped in a test could
# have its id taken by the next one's.
TREES: dict[str, Tree] = {source: parse_condition(source, NAMES) for source in SOURCES}


def states() -> list[_Turn]:
    found = []
    for walk_path in find_walkthroughs(TESTZONE):
        walk = parse_walkthrough(walk_path)
        history = History.played(WORLD, walk.seed, list(walk.commands))
        found.extend(_Turn(WORLD, history.session(i).state)
                     for i in range(len(walk.commands) + 1))
    return found


STATES = states()


@pytest.mark.parametrize("source", SOURCES)
def test_compiled_condition_agrees_with_the_tree_walk(source: str) -> None:
    tree = TREES[source]
    code = code_for(WORLD, tree)
    results = [(evaluate(tree, turn), code(turn)) for turn in STATES]
    assert all(walked == compiled for walked, compiled in results), source


def test_the_conditions_are_tried_both_ways() -> None:
    # A condition that is true (or false) in every state tested would hide a wrong
    # shortcut; most of the list must go both ways in these runs.
    both = [source for source in SOURCES
            if len({bool(evaluate(TREES[source], turn))
                    for turn in STATES}) == 2]
    assert len(STATES) > 40
    assert len(both) >= len(SOURCES) * 2 // 3, sorted(set(SOURCES) - set(both))


@pytest.mark.parametrize("source", SOURCES)
def test_a_condition_decided_for_a_place_agrees_there(source: str) -> None:
    # Timers are checked with their place tests decided for where the player is
    # (`code_at`); None means "cannot hold there". Wherever a state stands, that must agree
    # with the tree walk, in truth.
    tree = TREES[source]
    for place in WORLD.places:
        code = code_at(WORLD, tree, place)
        for turn in STATES:
            if turn.place == place:
                expected = bool(evaluate(tree, turn))
                assert (code is not None and bool(code(turn))) == expected, (source, place)


def test_places_a_condition_names_are_those_its_place_tests_decide() -> None:
    # `code_at` builds one closure per place a condition names and one for every other
    # place: at two places it does not name, the very same closure answers.
    tree = TREES["(at(hut) or not at(cellar, yard)) and patrol == at(gate)"]
    assert places_decided(tree) == {"hut", "cellar", "yard"}  # not `gate`, in a comparison
    others = [place for place in WORLD.places if place not in places_decided(tree)]
    assert len(others) >= 2
    assert code_at(WORLD, tree, others[0]) is code_at(WORLD, tree, others[1])
    assert code_at(WORLD, tree, "hut") is not code_at(WORLD, tree, others[0])
