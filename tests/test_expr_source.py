"""`expr.to_source` writes trees back as text that parses to the very same trees."""

from __future__ import annotations

import pytest

from zone_game.expr import Names, parse_condition, parse_effect, to_source
from zone_game.flow import conditions, effect_sites
from zone_game.world import World

NAMES = Names(frozenset({"a", "b", "n", "writer.trust"}),
              {"place": frozenset({"yard", "hut"}), "item": frozenset({"nut"}),
               "character": frozenset({"writer"}), "node": frozenset({"hello"}),
               "ending": frozenset({"died"}), "hazard": frozenset(), "topic": frozenset()})


@pytest.mark.parametrize("source", [
    "a and (b or not a)", "(a and b) and a", "not (a and b)", "n - (n - 1) == 0",
    "n - n - 1 < 2", "-(n + 1) * 2 >= writer.trust", "(n < 2) == b", "n % 3 // 2 != -4",
    "at(yard, hut) or has(nut) and count(nut) > 2", "chance(n * 10)", "not not a",
    "turn >= 12", "true", "false",
])
def test_conditions_round_trip(source: str) -> None:
    tree = parse_condition(source, NAMES)
    assert parse_condition(to_source(tree), NAMES) == tree


@pytest.mark.parametrize(("source", "expected"), [
    ("give nut 3", "give nut 3"), ("take nut", "take nut"), ("move nut 2 to $target",
                                                               "move nut 2 to $target"),
    ("move writer to yard", "move writer to yard"), ("goto hut", "goto hut"),
    ("reveal hut.down", "reveal hut.down"), ("talk writer hello", "talk writer hello"),
    ("talk writer", "talk writer"), ("end died", "end died"), ("probe $direction",
                                                               "probe $direction"),
    ("set a", "a = true"), ("writer.trust -= 2", "writer.trust -= 2"),
    ("n = (n + 1) % 3", "n = (n + 1) % 3"), ("follow writer", "follow writer"),
])
def test_effects_round_trip(source: str, expected: str) -> None:
    tree = parse_effect(source, NAMES)
    assert to_source(tree) == expected
    assert parse_effect(to_source(tree), NAMES) == tree


def test_every_tree_of_the_test_zone_round_trips(testzone: World) -> None:
    names = Names(frozenset(testzone.var_names), {
        "place": frozenset(testzone.places), "item": frozenset(testzone.items),
        "character": frozenset(testzone.characters), "node": frozenset(testzone.dialogue),
        "topic": frozenset(testzone.topics), "verb": frozenset(testzone.verbs),
        "hazard": frozenset(testzone.hazards), "ending": frozenset(testzone.endings)})
    trees = [t for t in conditions(testzone) if t[0] != "binding"]  # `{$item}` in texts
    assert len(trees) > 20
    for tree in trees:
        assert parse_condition(to_source(tree), names) == tree
    effects = [e for site in effect_sites(testzone) for e in site.effects
               if "$" not in to_source(e)]
    assert len(effects) > 10
    for effect in effects:
        assert parse_effect(to_source(effect), names) == effect
