"""The parser's per-world tables, made cheaper to build, say what they said before."""

from __future__ import annotations

from pathlib import Path

import pytest

from zone_game.loader import load_world
from zone_game.parser import Thing, _steps, verb_patterns
from zone_game.vocabulary import BUILTIN_VERBS

ROOT = Path(__file__).resolve().parent.parent
WORLDS = [ROOT / "worlds" / "stalker", ROOT / "worlds" / "lighthouse",
          ROOT / "tests" / "worlds" / "testzone"]


def _steps_as_written(pattern: tuple[str, ...]) -> tuple[tuple[str, bool, str | None, int,
                                                                bool], ...]:
    # The definition, read forwards: what follows each token, looked at afresh.
    return tuple((token, token.isupper(), next((t for t in pattern[i + 1:] if not t.isupper()),
                                               None),
                  sum(1 for t in pattern[i + 1:] if t.isupper()),
                  pattern[i + 1:i + 2] == ("DIRECTION",))
                 for i, token in enumerate(pattern))


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.name)
def test_every_pattern_is_cut_into_the_steps_its_definition_gives(path: Path) -> None:
    world = load_world(path)
    patterns = {p for verb in (*BUILTIN_VERBS, *world.verbs) for p in verb_patterns(world, verb)}
    assert any(len(p) >= 3 for p in patterns)
    for pattern in sorted(patterns):
        assert _steps(pattern) == _steps_as_written(pattern), pattern


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.name)
def test_a_things_words_are_every_word_of_its_nouns_and_adjectives(path: Path) -> None:
    world = load_world(path)
    for item_id in world.items:
        item = world.items[item_id]
        thing = Thing.of("item", item_id, item.name, item.nouns, item.adjectives)
        noun_words = {w for noun in item.nouns for w in noun.split()}
        assert thing.noun_words == noun_words
        assert thing.vocabulary == noun_words | {w for a in item.adjectives for w in a.split()}
        assert thing.word_scores == {**dict.fromkeys(noun_words, 2),
                                     **dict.fromkeys(item.nouns, 3)}
