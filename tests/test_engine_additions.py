"""Engine additions made for the Stalker world: narrated dialogue lines, and items brought
out of nowhere by `move`."""

from __future__ import annotations

from pathlib import Path

from zone_game.engine import new_game, step
from zone_game.events import Narrated, Said
from zone_game.loader import load_world

WORLD = """
world:
  id: narr
  title: Narration
  start: room
  player: me
places:
  room:
    name: A Room
    description: A room.
characters:
  me:
    name: you
  friend:
    name: the friend
    nouns: [friend]
    at: room
    talk: hello
dialogue:
  hello:
    speaker: friend
    lines:
      - text: The friend looks up from her book.
        narrate: true
      - Hello.
      - text: She goes back to reading.
        narrate: true
        if: false
"""


def test_narrated_lines_are_narration_and_spoken_lines_are_speech(tmp_path: Path) -> None:
    (tmp_path / "world.yaml").write_text(WORLD, encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    line = world.dialogue["hello"].lines[0]
    assert line.narrate and not world.dialogue["hello"].lines[1].narrate
    _, events = step(world, new_game(world, 1), "talk to friend")
    narrated = [e.text for e in events if isinstance(e, Narrated)]
    said = [e.text for e in events if isinstance(e, Said)]
    assert narrated == ["The friend looks up from her book."]
    assert said == ["Hello."]


MOVE_WORLD = """
world:
  id: appear
  title: Appearing
  start: room
  player: me
places:
  room:
    name: A Room
    description: A room.
characters:
  me:
    name: you
items:
  coin:
    name: a coin
    nouns: [coin]
verbs:
  dig:
    patterns: [""]
rules:
  - verb: dig
    say: You dig.
    do: move coin to here
"""


def test_moving_an_item_that_is_nowhere_puts_it_there(tmp_path: Path) -> None:
    from zone_game.engine import items_at

    (tmp_path / "world.yaml").write_text(MOVE_WORLD, encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state = new_game(world, 1)
    assert items_at(world, state, "room") == []
    state, _ = step(world, state, "dig")
    assert items_at(world, state, "room") == [("coin", 1)]
    state, _ = step(world, state, "dig")  # already here: moving it again changes nothing
    assert items_at(world, state, "room") == [("coin", 1)]
