"""Engine additions made for the Stalker world: narrated dialogue lines, and items brought
out of nowhere by `move`."""

from __future__ import annotations

from pathlib import Path

from zone_game.engine import items_at, new_game, step
from zone_game.events import Narrated, Said
from zone_game.loader import load_world
from zone_game.state import GameState
from zone_game.world import World

HEADER = """
world:
  id: tiny
  title: Tiny
  start: room
  player: me
places:
  room:
    name: A Room
    description: A room.
"""


def _world(tmp_path: Path, body: str) -> World:
    (tmp_path / "world.yaml").write_text(HEADER + body, encoding="utf-8")
    return load_world(tmp_path, use_cache=False)


NARRATION = """
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
    world = _world(tmp_path, NARRATION)
    assert world.dialogue["hello"].lines[0].narrate
    assert not world.dialogue["hello"].lines[1].narrate
    _, events = step(world, new_game(world, 1), "talk to friend")
    assert [e.text for e in events if isinstance(e, Narrated)] == [
        "The friend looks up from her book."]
    assert [e.text for e in events if isinstance(e, Said)] == ["Hello."]


APPEARING = """
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
    world = _world(tmp_path, APPEARING)
    state = new_game(world, 1)
    assert items_at(world, state, "room") == []
    state, _ = step(world, state, "dig")
    assert items_at(world, state, "room") == [("coin", 1)]
    state, _ = step(world, state, "dig")  # already here: moving it again changes nothing
    assert items_at(world, state, "room") == [("coin", 1)]


HOLDING = """
characters:
  me:
    name: you
  aunt:
    name: your aunt
    nouns: [aunt]
    at: room
    talk: rope
dialogue:
  rope:
    speaker: aunt
    hold: true
    lines:
      - Up, or let go?
    options:
      - text: Pull me up.
      - text: (Let go.)
        do: end fell
endings:
  fell:
    title: The Well
    text: Gone.
"""


def test_a_held_choice_cannot_be_walked_away_from(tmp_path: Path) -> None:
    from zone_game.engine import available_commands
    from zone_game.events import Examined, Rejected
    from zone_game.state import Mode

    world = _world(tmp_path, HOLDING)
    state, _ = step(world, new_game(world, 1), "talk to aunt")
    assert state.mode is Mode.CONVERSATION
    for line in ("bye", "wait", "look at the moon"):
        after, events = step(world, state, line)
        assert after is state and isinstance(events[0], Rejected), line
        assert events[0].reason == "You are talking with your aunt: choose 1 to 2.", line
    after, events = step(world, state, "talk to aunt")
    assert after is state and isinstance(events[0], Rejected)
    assert events[0].reason == "Your aunt is waiting for your answer."
    after, events = step(world, state, "examine aunt")  # looking still answers
    assert after.mode is Mode.CONVERSATION and any(isinstance(e, Examined) for e in events)
    assert available_commands(world, state) == ("1", "2")
    after, _ = step(world, state, "2")
    assert after.mode is Mode.ENDED and after.ending == "fell"


def test_a_timer_line_comes_before_a_talk_begun_in_its_turn_not_inside_it() -> None:
    from zone_game.events import ChoicesOffered
    from zone_game.session import Session

    world = load_world(Path(__file__).parent / "worlds" / "testzone", use_cache=False)
    session, _ = Session.start(world, 4)
    for line in ("n", "ask helper about zone"):
        session, _ = session.submit(line)
    session, events = session.submit("talk to helper")  # the dog barks this turn
    texts = [e.text for e in events if isinstance(e, (Narrated, Said))]
    assert texts[:3] == ["Somewhere a dog barks.", "So you're the guide.", "I am."]
    assert isinstance(events[-1], ChoicesOffered)


def test_testing_a_way_there_is_none_of_is_refused_before_anything_is_spent() -> None:
    from zone_game.engine import available_commands
    from zone_game.events import Rejected

    world = load_world(Path(__file__).parent / "worlds" / "testzone", use_cache=False)
    state = new_game(world, 7)  # the hut: one way out, north; the trapdoor is hidden
    for line in ("throw bolt up", "throw bolt down"):
        after, events = step(world, state, line)
        assert after is state, line  # no bolt thrown, no turn taken
        assert isinstance(events[0], Rejected)
        assert events[0].reason == f"There is no way {line.split()[-1]} from here to test."
        assert events[0].hint == "exits here: north"
    after, _ = step(world, state, "throw bolt north")
    assert after.turn == 1
    offered = available_commands(world, state)
    assert "throw bolt north" in offered and "throw bolt up" not in offered


TALKS = """
characters:
  me:
    name: you
  friend:
    name: the friend
    at: room
    talk:
      - node: long
dialogue:
  short:
    speaker: friend
    lines: [Hm.]
  long:
    speaker: friend
    lines: [Hello.]
    options:
      - text: Bye.
endings:
  lost:
    title: Lost
    text: Gone.
"""


def _said_and_kinds(events: tuple[object, ...]) -> tuple[list[str], list[str]]:
    return ([e.text for e in events if isinstance(e, (Said, Narrated))],
            [type(e).__name__ for e in events])


def _wait_once(tmp_path: Path, rule_does: str, timer_does: str) -> tuple[GameState,
                                                                        list[str], list[str]]:
    """`wait` in the TALKS world where a rule for wait does `rule_does` and a timer at
    turn 1 does `timer_does`: the state after, the lines said and the events' kinds."""
    world = _world(tmp_path, TALKS + f"""
rules:
  - {{verb: wait, do: {rule_does}}}
timers:
  - {{after: 1, do: {timer_does}}}
""")
    state, events = step(world, new_game(world, 1), "wait")
    return (state, *_said_and_kinds(events))


def test_a_talk_that_ended_before_time_passed_is_not_moved_into_the_next(
        tmp_path: Path) -> None:
    _state, said, kinds = _wait_once(tmp_path, "talk friend short", "talk friend long")
    assert said == ["Hm.", "Hello."] and kinds[-1] == "ChoicesOffered"


def test_no_options_are_offered_after_the_story_ended_in_the_same_turn(
        tmp_path: Path) -> None:
    state, _said, kinds = _wait_once(tmp_path, "talk friend long", "end lost")
    assert state.ending == "lost" and kinds[-1] == "Ended" and "ChoicesOffered" not in kinds


def test_wait_for_stops_when_a_rule_of_the_world_answers_wait(tmp_path: Path) -> None:
    world = _world(tmp_path, TALKS + """
rules:
  - verb: wait
    say: You doze against the wall.
""")
    state, events = step(world, new_game(world, 1), "wait for rescue")
    said, _kinds = _said_and_kinds(events)
    assert state.turn == 1 and said == ["You doze against the wall."]


def test_a_superscript_digit_is_no_option_number(tmp_path: Path) -> None:
    from zone_game.events import Rejected

    world = _world(tmp_path, TALKS)
    state, _ = step(world, new_game(world, 1), "talk to friend")
    assert state.conversation == "long"
    after, events = step(world, state, "\u00b2")  # `²`: a digit, but not a number
    assert after is state and isinstance(events[0], Rejected)


def test_no_way_shut_behind_by_a_one_way_passage_can_be_tested() -> None:
    from zone_game.events import Rejected
    from zone_game.session import Session

    world = load_world(Path(__file__).parent / "worlds" / "testzone", use_cache=False)
    session, _ = Session.start(world, 7)
    for line in ("n", "talk to helper", "1", "1", "e", "e"):  # through the gate: it shuts
        session, _ = session.submit(line)
    state = session.state
    assert state.place == "meadow" and "meadow.west" in state.closed_behind
    after, events = step(world, state, "throw bolt west")
    assert after is state and isinstance(events[0], Rejected)
    assert events[0].reason == "There is no way west from here to test."


def test_a_timer_that_moves_the_player_lets_the_next_be_checked_where_they_are(
        tmp_path: Path) -> None:
    # Timers are checked with their place tests decided for the place the turn began in;
    # once one has moved the player, the rest are checked where the player now is.
    world = _world(tmp_path, """
  hall:
    name: A Hall
    description: A hall.
  cellar:
    name: A Cellar
    description: A cellar.
characters:
  me:
    name: you
timers:
  - every: 1
    if: at(room)
    say: The floor tilts, and you slide into the hall.
    do: goto hall
  - every: 1
    if: at(room)
    say: The room is quiet.
  - every: 1
    if: at(hall)
    say: The hall's clock strikes.
  - every: 1
    if: at(hall) or at(cellar)
    say: Somewhere below, a bell.
  - every: 1
    if: not at(room)
    say: You are out of the room.
""")
    state, events = step(world, new_game(world, 1), "wait")
    said = [e.text for e in events if isinstance(e, Narrated)]
    assert state.place == "hall"
    # The room's second timer is checked in the hall, and does not hold there; the timer
    # that needs the hall alone is not on the room's list, so it waits for the next turn;
    # those whose place tests are not a plain `at` are on every list, and hold in the hall.
    assert said == ["Time passes.", "The floor tilts, and you slide into the hall.",
                    "Somewhere below, a bell.", "You are out of the room."]


def test_an_ambiguous_command_while_a_question_is_pending_asks_its_own() -> None:
    # It was "internal error: no transition from disambiguation on 'ambiguous'".
    from zone_game.events import Asked
    from zone_game.plain import render
    from zone_game.state import Mode

    world = load_world(Path(__file__).parent / "worlds" / "testzone")
    state, _ = step(world, new_game(world, 7), "take key")
    assert state.mode is Mode.DISAMBIGUATION
    state, events = step(world, state, "x key")
    assert state.mode is Mode.DISAMBIGUATION and isinstance(events[0], Asked)
    assert state.pending is not None and state.pending.command == "x key"
    state, events = step(world, state, "brass")
    assert state.mode is Mode.EXPLORING and state.pending is None
    assert "brass" in render(events).lower()


def test_a_hazard_listing_a_place_twice_is_met_there_once(tmp_path: Path) -> None:
    # `candidates: [hall, hall]` with `count: 2` puts the pit in the hall "twice"; one
    # nut shows one pit, not "the pit … and that is not the only danger there".
    from zone_game.events import HazardRevealed

    world = _world(tmp_path, """
    exits:
      north: hall
  hall:
    name: A Hall
    description: A hall.
characters:
  me:
    name: you
items:
  nut:
    name: a nut
    nouns: [nut]
    at: me
verbs:
  throw:
    patterns: [ITEM DIRECTION]
hazards:
  pit:
    candidates: [hall, hall]
    count: 2
    probe_text: The nut drops into a pit.
    avoid_text: You step round the pit.
    trigger_text: You fall into the pit.
    end: fell
endings:
  fell:
    title: Fallen
    text: Down.
rules:
  - verb: throw
    item: nut
    do: [probe $direction]
""")
    state, events = step(world, new_game(world, 1), "throw nut north")
    assert [e.text for e in events if isinstance(e, HazardRevealed)] == \
        ["The nut drops into a pit."]
    state, events = step(world, state, "north")
    assert [e.text for e in events if isinstance(e, Narrated)] == ["You step round the pit."]


NUMBERS = """
vars:
  x: 2
  lit: false
characters:
  me:
    name: you
verbs:
  flag:
    patterns: [""]
  square:
    patterns: [""]
  count:
    patterns: [""]
rules:
  - verb: flag
    say: "Flagged."
    do: x = visited(room)
  - verb: square
    say: "Squared."
    do: x = x * x
  - verb: count
    say: "Lit."
    do: lit = x
"""


def test_a_variable_keeps_its_kind_whatever_is_assigned(tmp_path: Path) -> None:
    """`x = visited(room)` stores 1 in a number, `lit = x` yes in a flag: the state then
    saves and reads back, and equals the state of `x = 1`."""
    from zone_game.statecodec import digest, from_json, state_json

    world = _world(tmp_path, NUMBERS)
    start = new_game(world, 1)
    flagged, _ = step(world, start, "flag")
    x, lit = world.var_index["x"], world.var_index["lit"]
    assert flagged.vars[x] == 1 and type(flagged.vars[x]) is int
    lit_state, _ = step(world, flagged, "count")
    assert lit_state.vars[lit] is True
    for state in (flagged, lit_state):
        assert from_json(world, state_json(world, state)) == state
    assert digest(world, flagged) == digest(world, from_json(world, state_json(world,
                                                                              flagged)))


def test_a_number_stops_at_64_bits(tmp_path: Path) -> None:
    from zone_game import fingerprint
    from zone_game.state import NUMBER_LIMIT
    from zone_game.statecodec import digest, from_json, state_json

    world = _world(tmp_path, NUMBERS)
    state = new_game(world, 1)
    for _ in range(12):  # 2, 4, 16, … would pass 4,300 digits by the twelfth
        state, events = step(world, state, "square")
        assert isinstance(events[0], Narrated)
    assert state.vars[world.var_index["x"]] == NUMBER_LIMIT - 1
    assert state.fingerprint == fingerprint.of(state)
    assert from_json(world, state_json(world, state)) == state
    assert len(digest(world, state)) == 16


def test_a_number_past_64_bits_in_a_text_is_shown_held_as_a_variable_holds_it(
        tmp_path: Path) -> None:
    """`{n * n * …}` can grow past what Python will write out (4,300 digits): shown at
    the 64-bit limit a variable stops at, not a crash of the told turn."""
    from zone_game.state import NUMBER_LIMIT

    product = " * ".join(["n"] * 240)
    world = _world(tmp_path, f"""
vars:
  n: 9223372036854775807
verbs:
  count:
    synonyms: [tally]
rules:
  - verb: count
    say: "Up: {{{product}}}. Down: {{0 - {product}}}."
characters:
  me:
    name: you
""")
    _state, events = step(world, new_game(world, 1), "count")
    said = [e.text for e in events if isinstance(e, Narrated)]
    assert said == [f"Up: {NUMBER_LIMIT - 1}. Down: {-NUMBER_LIMIT}."]
