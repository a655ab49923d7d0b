"""The map: a pure drawing of the places visited so far, and its plain listing."""

from __future__ import annotations

from pathlib import Path

from zone_game.engine import new_game, step
from zone_game.loader import load_world
from zone_game.mapview import draw, map_listing
from zone_game.state import GameState
from zone_game.world import World

WORLD: World = load_world(Path(__file__).parent / "worlds" / "testzone")
EVERYWHERE = frozenset(("hut", "yard", "gate", "meadow", "hollow", "ridge", "well", "cellar"))


def text(state: GameState, width: int = 80) -> list[str]:
    return ["".join(chunk for chunk, _ in line).rstrip() for line in draw(WORLD, state, width)]


def explored() -> GameState:
    """Every place visited and the trapdoor found: the map is a function of the state."""
    start = new_game(WORLD, 7)
    return start._replace(visited=EVERYWHERE, place="meadow",
                   exit_overrides=frozenset(("hut.down",)))


def test_the_start_is_one_place_and_its_unexplored_exit() -> None:
    assert text(new_game(WORLD, 7)) == [
        "The Hut", "", "You are at The Hut.", "Unexplored from The Hut: north"]


def test_walking_adds_places_and_links() -> None:
    state, _ = step(WORLD, new_game(WORLD, 7), "north")
    assert text(state) == [
        "The Yard", "    │", "The Hut", "",
        "You are at The Yard.", "Unexplored from The Yard: east, bed"]


def test_compass_links_are_drawn_and_the_rest_listed() -> None:
    assert text(explored()) == [
        "                          The Hollow─── The Well",
        "                               │            │",
        " The Yard ─── The Gate ───The Meadow───The Ridge",
        "     │",
        " The Hut",
        "",
        "The Cellar",
        "",
        "You are at The Meadow.",
        "The Hut — down — The Cellar",
        "Unexplored from The Yard: bed",  # it ends the story: no way to a place
    ]


def test_narrow_terminals_get_numbers_and_a_key() -> None:
    lines = text(explored(), 40)
    assert lines[:7] == ["             6 ─── 8", "             │     │",
                         " 3 ─── 4 ─── 5 ─── 7", " │", " 1", "", " 2"]
    assert "5 The Meadow" in lines
    assert all(len(line) <= 40 - 4 for line in lines)


def test_too_narrow_for_any_drawing_keeps_the_words() -> None:
    assert text(explored(), 16) == ["You are at The Meadow.", "The Hut — down — The Cellar",
                                    "Unexplored from The Yard: bed"]


def test_the_current_place_has_its_own_style() -> None:
    styles = {style for line in draw(WORLD, explored())[:5] for chunk, style in line
              if "Meadow" in chunk}
    assert styles == {"map.here"}


def test_hidden_exits_and_unvisited_places_stay_secret() -> None:
    lines = text(new_game(WORLD, 7))
    assert not any("Cellar" in line or "Yard" in line for line in lines)


def test_listing_says_it_in_sentences() -> None:
    assert map_listing(WORLD, explored())[4] == (
        "The Meadow (you are here): west to The Gate; north to The Hollow; east to The Ridge.")
    assert map_listing(WORLD, explored())[-1] == "The Well: no known way on."


def test_listing_follows_the_story_not_the_file_order() -> None:
    # Stalker's bar is written in bar.yaml, read before house.yaml: the listing still
    # starts where the story does, by the order of the world's acts.
    stalker = load_world("stalker")
    state = new_game(stalker, 7)
    for line in ("north", "out", "east", "in"):
        state, _ = step(stalker, state, line)
    names = [line.split(":")[0].removesuffix(" (you are here)")
             for line in map_listing(stalker, state)]
    assert names == ["The Bedroom", "The Kitchen", "The Embankment", "Outside the Bar",
                     "The Bar"]


def test_a_later_group_is_set_below_with_its_northward_places_in_order(
        tmp_path: Path) -> None:
    # `start` and its neighbour form the first group; a carriage ride ("off", not a
    # compass way) leads to `halt`, with `meadow` north of it and `road` north of that.
    # The road's north exit is a death (it ends the story): it is no link to `halt`.
    (tmp_path / "world.yaml").write_text("""\
world: {id: groups, title: Groups, start: platform, player: me}
characters: {me: {name: you}}
endings: {lost: {title: Lost, text: Gone.}}
places:
  platform: {name: Platform, description: x, exits: {south: shed, on: halt}}
  shed: {name: Shed, description: x, exits: {north: platform}}
  halt: {name: Halt, description: x, exits: {north: meadow}}
  meadow: {name: Meadow, description: x, exits: {south: halt, north: road}}
  road:
    name: Road
    description: x
    exits:
      south: meadow
      north: {to: halt, do: end lost}
""", encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state = new_game(world, 1)._replace(place="road",
                    visited=frozenset(("platform", "shed", "halt", "meadow", "road")))
    drawn = ["".join(chunk for chunk, _ in line).strip()
             for line in draw(world, state, 80)]
    names = [line for line in drawn if line in ("Platform", "Shed", "Road", "Meadow", "Halt")]
    assert names == ["Platform", "Shed", "Road", "Meadow", "Halt"]
    listing = " ".join(map_listing(world, state))
    assert "Road (you are here): south to Meadow; north unexplored." in listing
