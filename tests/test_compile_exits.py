"""Exits compile the same whichever way they are written (the compiler takes a short path
for an exit that names only its destination)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from zone_game.loader import load_world_with_problems
from zone_game.world import TRUE, Exit

WORLD = """\
world: {id: ways, title: Ways, start: room, player: me}
characters: {me: {name: you}}
places:
  room:
    exits:
      north: hall
      south: {to: hall}
      east: {to: hall, hidden: false}
      west: {to: hall, when: true, closed: "You can't go that way now.", do: []}
    name: A Room
    description: Four ways out, all to the hall.
  hall: {name: A Hall, description: A long hall.}
"""


def test_an_exit_naming_only_its_destination_has_every_default(tmp_path: Path) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "world.yaml").write_text(WORLD, encoding="utf-8")
    world, problems = load_world_with_problems(tmp_path / "w", use_cache=False)
    assert world is not None and problems == []
    north, south, east, west = world.places["room"].exits
    assert north == Exit("north", "hall", TRUE, (), False, (), (), ())
    assert south == replace(north, name="south")
    assert east == replace(north, name="east")  # compiled the long way: the same record
    assert replace(west, closed=()) == replace(north, name="west")
