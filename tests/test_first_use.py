"""What the engine works out on a world's first use says what it said before it was made
cheaper, and an untold run builds nothing it only tells."""

from __future__ import annotations

from pathlib import Path

import pytest

from zone_game import engine
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.parser import tokenize
from zone_game.replay import check
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

ROOT = Path(__file__).resolve().parent.parent
WORLDS = [ROOT / "worlds" / "stalker", ROOT / "worlds" / "lighthouse",
          ROOT / "tests" / "worlds" / "testzone"]


def _words_as_written(option_text: str) -> tuple[frozenset[str], frozenset[str]]:
    words = tokenize(option_text.replace("\u2019", "'"))
    option_words = frozenset(w.replace("'", "") for w in words) | {
        w[:-2] for w in words if w.endswith("'s")}
    return option_words, frozenset(w[:end] for w in option_words
                                   for end in range(4, len(w) + 1))


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.name)
def test_an_options_words_are_those_its_definition_gives(path: Path) -> None:
    world = load_world(path)
    texts = sorted({o.text for n in world.dialogue for o in world.dialogue[n].options})
    assert any("'" in t or "\u2019" in t for t in texts)
    for text in texts:
        assert engine._words_of.__wrapped__(text) == _words_as_written(text), text


def test_an_untold_check_builds_no_dialogue_line_and_a_told_run_does() -> None:
    world = load_world(ROOT / "worlds" / "stalker")
    walk = parse_walkthrough(find_walkthroughs(ROOT / "worlds" / "stalker")[0])
    recording = History.played(world, walk.seed, list(walk.commands)).recording()
    fresh = load_world(ROOT / "worlds" / "stalker")  # another world object: no tables yet
    assert check(fresh, recording).divergence is None
    assert engine._nodes_options(fresh) and not engine._nodes_lines(fresh)
    state = engine.new_game(fresh, walk.seed)
    for command in walk.commands:
        state, _events = engine.step(fresh, state, command)
    assert engine._nodes_lines(fresh)
