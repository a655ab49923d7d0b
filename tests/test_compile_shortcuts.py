"""The compiler's short paths give what the long ones give: an exit naming only its
destination, a text or condition written again, a problem written again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from zone_game.loader import load_world_with_problems
from zone_game.problems import Problem
from zone_game.world import TRUE, Exit, World

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


def load(tmp_path: Path, text: str) -> tuple[World | None, list[Problem]]:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "world.yaml").write_text(text, encoding="utf-8")
    return load_world_with_problems(tmp_path / "w", use_cache=False)


def test_an_exit_naming_only_its_destination_has_every_default(tmp_path: Path) -> None:
    world, problems = load(tmp_path, WORLD)
    assert world is not None and problems == []
    north, south, east, west = world.places["room"].exits
    assert north == Exit("north", "hall", TRUE, (), False, (), (), ())
    assert south == replace(north, name="south")
    assert east == replace(north, name="east")  # compiled the long way: the same record
    assert replace(west, closed=()) == replace(north, name="west")


REPEATS = """\
world: {id: rep, title: Rep, start: a, player: me}
characters: {me: {name: you}}
vars: {lit: false}
places:
  a:
    name: A
    description: "Lit: {lit}."
    exits:
      north: {to: b, when: lit or visited(b), closed: "Lit: {lit}."}
  b:
    name: B
    description: "Lit: {lit}."
    exits:
      south: {to: a, when: lit or visited(a), closed: "Lit: {lit}."}
"""


def test_texts_and_conditions_written_again_compile_alike(tmp_path: Path) -> None:
    world, problems = load(tmp_path, REPEATS)
    assert world is not None and problems == []
    a, b = world.places["a"], world.places["b"]
    assert a.description == b.description == ((None, ("Lit: ", ("var", "lit"), ".")),)
    assert a.exits[0].closed == a.description
    assert a.exits[0].when == ("or", ("var", "lit"), ("call", "visited", "b"))
    assert b.exits[0].when == ("or", ("var", "lit"), ("call", "visited", "a"))


def test_a_problem_written_again_is_reported_where_each_is(tmp_path: Path) -> None:
    broken = (REPEATS.replace("{lit}", "{dark}").replace("visited(a)", "visited(c)")
              .replace("lit or visited(b)", "lit or visited(c)"))
    world, problems = load(tmp_path, broken)
    assert world is None
    found = [(p.line, p.col, p.message) for p in problems]
    # The very problems the compiler reported before it remembered anything.
    assert found == [
        (7, 25, "unknown name 'dark'"), (9, 43, "unknown place 'c' in visited()"),
        (9, 62, "unknown name 'dark'"), (12, 25, "unknown name 'dark'"),
        (14, 43, "unknown place 'c' in visited()"), (14, 62, "unknown name 'dark'")]
