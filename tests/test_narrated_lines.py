"""Dialogue lines marked `narrate: true` are stage directions: narration, not speech."""

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
