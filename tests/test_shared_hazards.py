"""Several hazards in one place: every one is revealed, stepped around or walked into as
before, but one thrown nut shows one thing and one step is told once (the first hazard's
own text, then the world's `probe_more` / `avoid_more` line for the rest)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO
from play_helpers import play

from zone_game import plain, render, spec
from zone_game.engine import new_game, step
from zone_game.events import Ended, Event, HazardRevealed, HazardTriggered, Narrated
from zone_game.loader import load_world
from zone_game.session import Session
from zone_game.state import GameState, Mode
from zone_game.walkthrough import parse_walkthrough
from zone_game.world import Text, World

STALKER_WALKS = REPO / "worlds" / "stalker" / "walkthroughs"
REFERENCE = REPO / "docs" / "world-format.md"


@pytest.fixture(scope="module")
def stalker() -> World:
    return load_world("stalker", use_cache=False)


def _said(world: World, text: Text) -> str:
    """A text without variants or expressions, as the engine says it."""
    assert len(text) == 1 and text[0][0] is None and len(text[0][1]) == 1, text
    part = text[0][1][0]
    assert isinstance(part, str)
    return part


def _shared(world: World, seed: int) -> dict[str, list[str]]:
    """The places that hold more than one hazard in this seed's run, with their hazards."""
    state = new_game(world, seed)
    where: dict[str, list[str]] = {}
    for index, hazard_id in enumerate(world.hazards):
        for place in state.hazard_spots[index]:
            where.setdefault(place, []).append(hazard_id)
    return {place: ids for place, ids in where.items() if len(ids) > 1}


def _until(world: World, walk: str, reached: Callable[[GameState], bool]) -> Session:
    """A walkthrough's run, stopped after the first command that reaches `reached`."""
    script = parse_walkthrough(STALKER_WALKS / f"{walk}.walk")
    session, _ = Session.start(world, script.seed)
    for command in script.commands:
        session, _ = session.submit(command)
        if reached(session.state):
            return session
    raise AssertionError(f"{walk} never got there")


def _to_the_meadow(world: World, seed: int) -> Session:
    """died_in_zone.walk's way to the meadow (all but its last command, which walks on
    into the convoy), played with another seed."""
    script = parse_walkthrough(STALKER_WALKS / "died_in_zone.walk")
    session, _ = Session.start(world, seed)
    for command in script.commands[:-1]:
        session, _ = session.submit(command)
    assert session.state.place == "meadow"
    return session


def _revealed(events: list[Event] | tuple[Event, ...]) -> list[tuple[str, str, str]]:
    return [(e.hazard, e.place, e.text) for e in events if isinstance(e, HazardRevealed)]


def _narrated(events: list[Event] | tuple[Event, ...]) -> list[str]:
    return [e.text for e in events if isinstance(e, Narrated)]


# ---------------------------------------------------------------- Stalker, seed 8


def test_seed_8_deals_two_hazards_to_the_convoy(stalker: World) -> None:
    assert _shared(stalker, 8)["convoy"] == ["bald_patch", "burning_air"]


def test_one_nut_shows_the_first_hazard_and_says_there_is_more(stalker: World) -> None:
    session = _to_the_meadow(stalker, 8)
    bald, burning = stalker.hazards["bald_patch"], stalker.hazards["burning_air"]

    state, events = step(stalker, session.state, "throw nut east")
    assert _revealed(events) == [
        ("bald_patch", "convoy", _said(stalker, bald.probe_text)),
        ("burning_air", "convoy", _said(stalker, stalker.probe_more)),
    ]
    assert {"bald_patch@convoy", "burning_air@convoy"} <= state.revealed

    state, events = step(stalker, state, "east")
    assert state.place == "convoy" and state.mode is Mode.EXPLORING
    assert _narrated(events)[:2] == [_said(stalker, bald.avoid_text),
                                     _said(stalker, stalker.avoid_more)]
    assert _said(stalker, burning.avoid_text) not in _narrated(events)


def test_the_transcript_tells_one_nut_one_thing(stalker: World) -> None:
    """Through the session and the plain renderer, as a player reads it."""
    session = _to_the_meadow(stalker, 8)
    session, thrown = session.submit("throw nut east")
    session, walked = session.submit("east")
    text = plain.render([*thrown, *walked], width=0).splitlines()
    bald, burning = stalker.hazards["bald_patch"], stalker.hazards["burning_air"]
    assert text[:3] == ["You weigh the nut in your palm, and throw it east.",
                        _said(stalker, bald.probe_text), _said(stalker, stalker.probe_more)]
    assert _said(stalker, burning.probe_text) not in text
    after_throw = text.index(_said(stalker, stalker.probe_more))
    walk = text[after_throw + 1:]
    first_walk_line = next(i for i, line in enumerate(walk)
                           if line == _said(stalker, bald.avoid_text))
    assert walk[first_walk_line:first_walk_line + 3] == [
        _said(stalker, bald.avoid_text), _said(stalker, stalker.avoid_more), ""]
    assert walk[first_walk_line + 3] == stalker.places["convoy"].name
    assert _said(stalker, burning.avoid_text) not in text


# ---------------------------------------------------------------- Stalker, seed 99


def test_a_known_hazard_is_stepped_round_and_an_unknown_one_walked_into(
        stalker: World) -> None:
    """The dunes, seed 99: still water (it throws you back) before the sinking sand
    (deadly). Walked into twice unprobed, the water first, then — stepped round in full,
    since it is the only one known — the sand. Triggers are never summarised."""
    assert _shared(stalker, 99)["dunes"] == ["still_water", "sand_sink"]
    session = _until(stalker, "stalker_enters", lambda s: s.place == "meat_grinder")
    water, sand = stalker.hazards["still_water"], stalker.hazards["sand_sink"]
    hurt = stalker.var_index["hurt"]
    before = session.state.vars[hurt]

    state, events = step(stalker, session.state, "out")
    assert state.place == "meat_grinder" and state.vars[hurt] == before + 1
    assert [(e.hazard, e.text) for e in events if isinstance(e, HazardTriggered)] == [
        ("still_water", _said(stalker, water.trigger_text))]
    assert "sand_sink@dunes" not in state.revealed

    state, events = step(stalker, state, "out")
    assert _narrated(events)[0] == _said(stalker, water.avoid_text)
    assert _said(stalker, stalker.avoid_more) not in _narrated(events)
    assert [(e.hazard, e.deadly) for e in events if isinstance(e, HazardTriggered)] == [
        ("sand_sink", True)]
    assert state.mode is Mode.ENDED and state.ending == sand.end
    # The guide dies stepping out into the dunes, not going first into the pipe.
    ended = next(e for e in events if isinstance(e, Ended))
    assert "into the pipe" not in ended.text and "The dark closes" in ended.text


def test_no_stalker_place_can_hold_three_hazards(stalker: World) -> None:
    """Its `probe_more` and `avoid_more` speak of one other thing: keep it true."""
    candidates: dict[str, list[str]] = {}
    for hazard_id in stalker.hazards:
        for place in stalker.hazards[hazard_id].candidates:
            candidates.setdefault(place, []).append(hazard_id)
    assert max(len(ids) for ids in candidates.values()) == 2
    assert "other thing" in _said(stalker, stalker.avoid_more)


# ---------------------------------------------------------------- the format reference


def _reference_example() -> tuple[str, str, list[str]]:
    """The base world, the worked example of several hazards in one place, and the
    transcript the reference shows for it."""
    text = REFERENCE.read_text(encoding="utf-8")
    base = re.search(r"```yaml base\n(.*?)```", text, re.S)
    example = re.search(r"```yaml world\n((?:(?!```).)*probe_more:.*?)```\n(.*?)```text\n"
                        r"(.*?)```", text, re.S)
    assert base and example, "the hazards section lost its worked example"
    rest = "characters:" + base.group(1).split("characters:", 1)[1]
    return example.group(1), rest, example.group(3).splitlines()


def _load(tmp_path: Path, world_yaml: str, rest: str) -> World:
    (tmp_path / "world.yaml").write_text(world_yaml)
    (tmp_path / "base.yaml").write_text(rest)
    return load_world(tmp_path, use_cache=False)


def test_the_reference_example_plays_as_shown(tmp_path: Path) -> None:
    world_yaml, rest, shown = _reference_example()
    world = _load(tmp_path, world_yaml, rest)
    session, _ = Session.start(world, 1)
    for index, line in enumerate(shown):
        if not line.startswith("> "):
            continue
        session, events = session.submit(line[2:])
        expected = []
        for following in shown[index + 1:]:
            if following.startswith("> "):
                break
            expected.append(following)
        got = plain.render(events, width=0).splitlines()
        assert got[:len(expected)] == expected, line


def test_a_third_hazard_in_one_place_adds_nothing_to_the_telling(tmp_path: Path) -> None:
    world_yaml, rest, _shown = _reference_example()
    world_yaml += ("  draught:\n    candidates: [cellar]\n"
                   "    probe_text: The nut is blown back up the stairs.\n"
                   "    avoid_text: You lean into the draught.\n"
                   "    trigger_text: The draught takes your breath.\n")
    world = _load(tmp_path, world_yaml, rest)
    session, thrown = Session.start(world, 1)[0].submit("throw nut down")
    revealed = _revealed(thrown)
    assert [hazard for hazard, _, _ in revealed] == ["cold_spot", "loose_step", "draught"]
    assert [said for _, _, said in revealed] == [
        _said(world, world.hazards["cold_spot"].probe_text), _said(world, world.probe_more), ""]
    assert {f"{h}@cellar" for h in world.hazards} <= session.state.revealed
    last = next(e for e in thrown if isinstance(e, HazardRevealed) and e.hazard == "draught")
    assert plain.render_event(last) == [] and render.render_event(last) is None
    assert "\n\n" not in plain.render(thrown)

    _, walked = session.submit("down")
    assert _narrated(walked)[:2] == [_said(world, world.hazards["cold_spot"].avoid_text),
                                     _said(world, world.avoid_more)]
    assert "You lean into the draught." not in _narrated(walked)


def test_a_world_without_the_lines_gets_the_documented_defaults(testzone: World) -> None:
    for key in ("probe_more", "avoid_more"):
        documented = spec.WORLD.key(key)
        assert documented is not None
        assert getattr(testzone, key) == ((None, (documented.default,)),)


def test_the_test_zone_tells_a_shared_place_with_the_defaults(testzone: World) -> None:
    seed = next(s for s in range(100) if _shared(testzone, s))
    place = next(iter(_shared(testzone, seed)))
    way = "north" if place == "hollow" else "east"
    session, _ = play(testzone, ["n", "talk to helper", "1", "1", "e", "e"], seed)
    _, events = session.submit(f"throw bolt {way}")
    assert [text for _, _, text in _revealed(events)] == [
        _said(testzone, testzone.hazards["anomaly"].probe_text),
        "That is not the only danger there."]
