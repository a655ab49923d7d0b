"""Phrasings players type that the parser reads generously: getting on and off things,
`go back`, `wait for`, `put`, and refusals that name what the player named."""

from __future__ import annotations

from pathlib import Path

from play_helpers import play

from zone_game.engine import new_game, step
from zone_game.events import Rejected
from zone_game.loader import load_world
from zone_game.parser import Command, Refusal, parse
from zone_game.world import World


def test_getting_in_or_on_a_thing_goes_by_the_exit_to_it(testzone: World) -> None:
    session, _ = play(testzone, ["n"])  # the yard: the hut is south (and by the bed)
    assert parse(testzone, session.state, "get in the hut") == Command("go", direction="south")
    assert parse(testzone, session.state, "climb into hut") == Command("go", direction="south")
    state, _ = step(testzone, session.state, "get in the hut")
    assert state.place == "hut"


def test_getting_up_or_out_goes_by_the_way_word(testzone: World) -> None:
    session, _ = play(testzone, ["pull lamp", "d"])  # the cellar, whose way out is up
    assert session.state.place == "cellar"
    assert parse(testzone, session.state, "get up") == Command("go", direction="up")
    assert isinstance(parse(testzone, session.state, "get off"), Refusal)  # no such way


def test_getting_out_of_where_you_are_takes_its_way_out(testzone: World) -> None:
    session, _ = play(testzone, ["pull lamp", "d"])  # the cellar: up is the way out
    assert parse(testzone, session.state, "climb out of the cellar") == \
        Command("go", direction="up")


def test_getting_into_what_no_exit_leads_to_is_refused_in_its_own_words(
        testzone: World) -> None:
    session, _ = play(testzone, [])  # the hut, with a bed (scenery) and no way "in"
    for line, said in (("get in the bed", "You can't get in the bed."),
                       ("get on the unicorn", "You see no 'unicorn' here."),
                       ("get off", "There is nothing here to get off.")):
        refusal = parse(testzone, session.state, line)
        assert isinstance(refusal, Refusal) and refusal.reason == said, line


def test_a_world_verb_comes_before_getting_on(testzone: World) -> None:
    # `get` is `take`: a line it understands is never read as movement.
    session, _ = play(testzone, [])
    assert parse(testzone, session.state, "get lamp") == Command("take", item="lamp")


def test_go_back_asks_for_the_way_and_keeps_hidden_ways_hidden(testzone: World) -> None:
    session, _ = play(testzone, ["n"])  # the yard: three ways
    for line in ("go back", "back"):
        refusal = parse(testzone, session.state, line)
        assert isinstance(refusal, Refusal) and "which way back" in refusal.reason
        assert refusal.hint == "ways from here: south, east, bed"
    # The hut's trapdoor is hidden, so its one way offered is north: that is "back".
    session, _ = play(testzone, [])
    assert parse(testzone, session.state, "back") == Command("go", direction="north")


def test_go_back_with_one_way_offered_takes_it(testzone: World) -> None:
    session, _ = play(testzone, ["pull lamp", "d"])  # the cellar: up is the only way
    for line in ("go back", "back"):
        assert parse(testzone, session.state, line) == Command("go", direction="up"), line


def test_wait_for_something_lets_turns_pass_until_one_brings_something(
        testzone: World) -> None:
    from zone_game.engine import WAIT_LIMIT
    from zone_game.plain import render

    session, _ = play(testzone, [])
    assert parse(testzone, session.state, "wait for the helper") == Command("wait",
                                                                            until=True)
    # In the hut a dog barks at turn 3 (a timer): waiting stops there, not before.
    state, events = step(testzone, session.state, "wait for the helper")
    assert state.turn == 3 and render(events) == "Time passes.\nSomewhere a dog barks."
    # With nothing more to come here, it gives up after WAIT_LIMIT turns in all.
    later, events = step(testzone, state, "wait until dawn")
    assert later.turn == 3 + WAIT_LIMIT
    assert render(events) == "Time passes.\nYou wait a long while. Nothing comes."
    # A plain `wait` is still one turn.
    assert step(testzone, state, "wait")[0].turn == 4


def test_put_is_drop_and_a_lone_put_says_what_it_needs(testzone: World) -> None:
    session, _ = play(testzone, ["take lamp"])
    assert parse(testzone, session.state, "put lamp") == Command("drop", item="lamp")
    assert parse(testzone, session.state, "put the lamp down") == Command("drop", item="lamp")
    refusal = parse(testzone, session.state, "put")
    assert isinstance(refusal, Refusal) and "did you mean" not in refusal.hint


def test_a_refusal_names_scenery_as_the_player_did(testzone: World) -> None:
    session, _ = play(testzone, [])  # the hut's bed is also a cot
    _, events = step(testzone, session.state, "take the cot")
    assert isinstance(events[0], Rejected) and events[0].reason == "You can't take the cot."
    _, events = step(testzone, session.state, "talk to the bed")
    assert isinstance(events[0], Rejected) and events[0].reason == "You can't talk to the bed."


def test_someone_known_but_elsewhere_is_not_here(testzone: World) -> None:
    session, _ = play(testzone, ["n", "s"])  # the helper waits in the yard, seen there
    _, events = step(testzone, session.state, "talk to the helper")
    assert isinstance(events[0], Rejected) and events[0].reason == "The helper is not here."
    _, events = step(testzone, session.state, "examine the unicorn")
    assert isinstance(events[0], Rejected) and events[0].reason == "You see no 'unicorn' here."


def test_someone_not_met_yet_is_not_given_away(testzone: World) -> None:
    session, _ = play(testzone, [])  # the sentry stands at the gate, not yet seen
    _, events = step(testzone, session.state, "talk to the sentry")
    assert isinstance(events[0], Rejected) and events[0].reason == "You see no 'sentry' here."


TOSSING = """
world:
  id: toss
  title: Toss
  start: yard
  player: me
characters:
  me:
    name: you
places:
  yard:
    name: The Yard
    description: A yard with a well.
    exits:
      north: yard
items:
  pebble:
    name: a pebble
    nouns: [pebble]
    at: me
topics:
  well:
    nouns: [well]
verbs:
  toss:
    patterns: [ITEM DIRECTION, ITEM into TOPIC]
    refuse: It falls short.
"""


def test_the_refusal_of_the_pattern_that_got_furthest_is_shown(tmp_path: Path) -> None:
    (tmp_path / "world.yaml").write_text(TOSSING, encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state = new_game(world, 1)
    # `ITEM DIRECTION` fails at "into river"; `ITEM into TOPIC` gets as far as "river".
    refusal = parse(world, state, "toss pebble into the river")
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'river' here."
    assert parse(world, state, "toss pebble into the well") == \
        Command("toss", item="pebble", topic="well")


def test_an_unknown_topic_of_a_question_is_something_nobody_knows(testzone: World) -> None:
    session, _ = play(testzone, ["n"])
    refusal = parse(testzone, session.state, "ask helper about unicorns")
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "Nobody here knows anything about 'unicorns'."


def test_phrasings_with_one_outcome_are_offered_once(testzone: World) -> None:
    from zone_game.engine import available_commands

    session, _ = play(testzone, ["n"])
    offered = available_commands(testzone, session.state)
    outcomes = [step(testzone, session.state, command) for command in offered]
    assert len(set(outcomes)) == len(outcomes)  # no two offered commands do the same
    assert "talk to helper" in offered and "south" in offered


def test_taking_what_you_carry_while_more_lie_elsewhere(testzone: World) -> None:
    # Bolts are a stack: one thrown north lies there; the rest are carried.
    session, _ = play(testzone, ["n", "talk to helper", "1", "1", "e", "e",
                                 "throw bolt north"])
    _, events = step(testzone, session.state, "take bolt")
    assert isinstance(events[0], Rejected)
    assert events[0].reason.startswith("There is no bolt here; you have ")


def test_a_world_verb_alone_is_answered_by_its_own_refusal(tmp_path: Path) -> None:
    rule = "rules:\n  - verb: toss\n    say: It flies {$direction}.\n"
    (tmp_path / "world.yaml").write_text(TOSSING + rule, encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state = new_game(world, 1)
    after, events = step(world, state, "toss")  # its patterns want a pebble and a way
    assert after is state and isinstance(events[0], Rejected)
    assert events[0].reason == "It falls short."  # the rule, counting on a way, is not asked
    after, events = step(world, state, "toss pebble north")
    assert after is not state


PATTERN_RULES = """rules:
  - verb: toss
    pattern: ITEM into TOPIC
    say: Splash.
  - verb: toss
    say: It flies.
"""


def test_a_rule_can_answer_one_pattern_of_its_verb(tmp_path: Path) -> None:
    from zone_game import worldcache
    from zone_game.events import Narrated

    (tmp_path / "world.yaml").write_text(TOSSING + PATTERN_RULES, encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state = new_game(world, 1)
    said = {}
    for line in ("toss pebble into the well", "toss pebble north"):
        _, events = step(world, state, line)
        said[line] = [e.text for e in events if isinstance(e, Narrated)]
    assert said == {"toss pebble into the well": ["Splash."],
                    "toss pebble north": ["It flies."]}
    # The pattern survives the compiled-world cache.
    assert worldcache.save(world, tmp_path / "cache") is not None
    cached = worldcache.load(world.content_hash, tmp_path / "cache")
    assert cached is not None and cached.rules == world.rules


def test_a_rule_pattern_the_verb_does_not_have_is_an_error(tmp_path: Path) -> None:
    from zone_game.problems import WorldError

    wrong = PATTERN_RULES.replace("ITEM into TOPIC", "ITEM onto TOPIC")
    (tmp_path / "world.yaml").write_text(TOSSING + wrong, encoding="utf-8")
    try:
        load_world(tmp_path, use_cache=False)
    except WorldError as exc:
        messages = [p.message for p in exc.problems]
    else:
        raise AssertionError("the world loaded")
    assert messages == ["'ITEM onto TOPIC' is not a pattern of verb 'toss'"]


def test_a_player_is_offered_typo_fixes_not_other_words(testzone: World) -> None:
    session, _ = play(testzone, [])  # the hut: a lamp hangs here
    for typed, meant in (("examine lmap", "lamp"), ("nroth", "north"), ("tkae lamp", "take")):
        refusal = parse(testzone, session.state, typed)
        assert isinstance(refusal, Refusal) and refusal.hint == f"did you mean '{meant}'?"
    # A cat is not a misspelt cot (the hut's bed): another real word gets no suggestion.
    refusal = parse(testzone, session.state, "examine cat")
    assert isinstance(refusal, Refusal) and "did you mean" not in refusal.hint


def test_putting_a_thing_in_or_on_another_is_answered_in_words(testzone: World) -> None:
    session, _ = play(testzone, ["take lamp"])  # the hut, with its bed (also a cot)
    state = session.state
    for line, said, hint in (
            ("put lamp on the bed", "There is no need to put the lamp on the bed.",
             "to leave it here: drop lamp"),
            ("put it next to the cot", "There is no need to put it next to the cot.",
             "to leave it here: drop it"),
            ("put lamp in the unicorn", "You see no 'unicorn' here.", ""),
            ("put the unicorn in the bed", "You see no 'unicorn' here.", ""),
            ("put lamp into", "Put the lamp into what?", "")):
        refusal = parse(testzone, state, line)
        assert isinstance(refusal, Refusal), line
        assert (refusal.reason, refusal.hint) == (said, hint), line
    for line in ("put lamp on the floor", "put the lamp here", "place lamp", "set down lamp"):
        assert parse(testzone, state, line) == Command("drop", item="lamp"), line
    after, events = step(testzone, state, "put lamp on the bed")
    assert after is state and isinstance(events[0], Rejected)  # no turn spent


LADDER = """
world:
  id: loft
  title: Loft
  start: barn
  player: me
characters:
  me:
    name: you
places:
  barn:
    name: The Barn
    description: A barn with a well in the floor and a ladder up to the loft.
    scenery:
      well: Dark.
    exits:
      north: barn
      up: loft
      ladder:
        to: loft
        hidden: true
  loft:
    name: The Loft
    description: Hay.
    exits:
      down: barn
items:
  pebble:
    name: a pebble
    nouns: [pebble]
    at: me
verbs:
  toss:
    patterns: [ITEM DIRECTION]
"""


def test_a_way_may_name_what_lies_along_it(tmp_path: Path) -> None:
    (tmp_path / "world.yaml").write_text(LADDER, encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state = new_game(world, 1)
    for line, way in (("toss pebble up the ladder", "up"),  # `ladder` goes up, too
                      ("toss the pebble up to the loft", "up"),
                      ("toss pebble north at the well", "north"),
                      ("toss pebble ladder", "ladder")):
        assert parse(world, state, line) == Command("toss", item="pebble", direction=way), line
    for line in ("climb up the ladder", "go up to the loft"):
        assert parse(world, state, line) == Command("go", direction="up"), line
    refusal = parse(world, state, "toss pebble up the stairs")
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'stairs' here."


def test_an_unknown_verb_aimed_at_someone_here_points_to_talking(testzone: World) -> None:
    session, _ = play(testzone, ["n"])  # the yard, where the helper is
    for line in ("send the helper north", "order helper to wait"):
        refusal = parse(testzone, session.state, line)
        assert isinstance(refusal, Refusal), line
        assert refusal.hint == "to have the helper do something, talk to them: talk to helper"
        assert refusal.unknown_word == line.split()[0]  # `oops` still corrects it
    # A misspelt verb that can name a person is still offered as the fix.
    refusal = parse(testzone, session.state, "tlak helper")
    assert isinstance(refusal, Refusal) and refusal.hint == "did you mean 'talk'?"
    # With nobody named, the nearest word is suggested as before.
    refusal = parse(testzone, session.state, "send north")
    assert isinstance(refusal, Refusal) and refusal.hint == "did you mean 'end'?"


def test_examining_the_place_by_its_name_examines_where_you_are(testzone: World) -> None:
    session, _ = play(testzone, [])  # the Hut
    for line in ("x hut", "examine the hut", "search the room", "look at the place"):
        assert parse(testzone, session.state, line) == Command("examine"), line
    _state, events = step(testzone, session.state, "x hut")
    assert not isinstance(events[0], Rejected)
    assert step(testzone, session.state, "examine")[1] == events  # as a bare examine
    # Another place's name is not here to examine.
    refusal = parse(testzone, session.state, "x yard")
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'yard' here."


def test_a_thing_a_verb_cannot_take_is_refused_with_what_can_be_done(testzone: World) -> None:
    session, _ = play(testzone, [])  # the hut, with a bed (scenery)
    refusal = parse(testzone, session.state, "take the bed")
    assert isinstance(refusal, Refusal) and refusal.reason == "You can't take the bed."
    assert refusal.hint == "try: examine bed"
    session, _ = play(testzone, ["n"])  # the yard, with the helper
    refusal = parse(testzone, session.state, "take helper")
    assert isinstance(refusal, Refusal) and refusal.reason == "You can't take the helper."
    assert refusal.hint == "talk to helper"


def test_words_of_any_script_are_words_and_a_huge_line_is_not_echoed(
        testzone: World) -> None:
    session, _ = play(testzone, [])
    for word in ("désk", "电话"):
        refusal = parse(testzone, session.state, f"x {word}")
        assert isinstance(refusal, Refusal) and refusal.reason == f"You see no '{word}' here."
    refusal = parse(testzone, session.state, "x " + "a" * 4000)
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "That is too long for one command." and "aaaa" not in refusal.hint


def test_pronouns_stand_for_whatever_the_last_command_named(testzone: World) -> None:
    session, _ = play(testzone, ["x bed"])  # scenery
    refusal = parse(testzone, session.state, "take it")
    assert isinstance(refusal, Refusal) and refusal.reason == "You can't take the bed."
    assert parse(testzone, session.state, "x it") == Command("examine", scenery="bed",
                                                              pattern=("THING",))
    session, _ = play(testzone, ["n", "x helper"])  # a person
    assert parse(testzone, session.state, "talk to him") == Command(
        "talk", person="helper", pattern=("to", "PERSON"))
    assert parse(testzone, session.state, "talk to her") == Command(
        "talk", person="helper", pattern=("to", "PERSON"))
    session, _ = play(testzone, ["x lamp"])  # an item is not `him`
    refusal = parse(testzone, session.state, "x him")
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'him' here."
    assert parse(testzone, session.state, "take it") == Command("take", item="lamp",
                                                                pattern=("ITEM",))


def test_throwing_at_a_thing_is_refused_in_words_and_at_a_place_goes_its_way(
        testzone: World) -> None:
    session, _ = play(testzone, [])  # the hut: one way out, north
    refusal = parse(testzone, session.state, "throw bolt at the stove")
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "You can't throw the bolt at the stove: only along a way."
    assert refusal.hint == "try: throw bolt north"
    refusal = parse(testzone, session.state, "throw bolt at the door")
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'door' here."
    session, _ = play(testzone, ["n"])  # the yard: the gate is east
    assert parse(testzone, session.state, "throw bolt at the gate") == Command(
        "throw", item="bolt", direction="east", pattern=("ITEM", "DIRECTION"))


def test_throwing_with_pronouns_and_at_people_names_them(testzone: World) -> None:
    session, _ = play(testzone, ["x bolt"])
    refusal = parse(testzone, session.state, "throw it at the stove")
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "You can't throw the bolt at the stove: only along a way."
    session, _ = play(testzone, ["x stove"])
    refusal = parse(testzone, session.state, "throw bolt at it")
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "You can't throw the bolt at the stove: only along a way."
    refusal = parse(testzone, session.state, "throw bolt at me")
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "You can't throw the bolt at yourself: only along a way."
    ambiguity = parse(testzone, session.state, "throw key at the stove")
    assert not isinstance(ambiguity, (Refusal, Command))  # which key?


def test_it_means_one_thing_when_scenery_shares_a_characters_id(tmp_path: Path) -> None:
    (tmp_path / "world.yaml").write_text("""\
world: {id: shared, title: Shared, start: road, player: me}
characters:
  me: {name: you}
  daughter: {name: your daughter, at: road}
places:
  road:
    name: The Road
    description: A road.
    scenery:
      daughter: {nouns: [shoulders], description: Her weight on them.}
""", encoding="utf-8")
    world = load_world(tmp_path, use_cache=False)
    state, _ = step(world, new_game(world, 1), "x daughter")
    assert parse(world, state, "x her") == Command("examine", person="daughter",
                                                   pattern=("THING",))
    # `it` is never a person: of the two things of that id, the one that is not
    assert parse(world, state, "x it") == Command("examine", scenery="daughter",
                                                  pattern=("THING",))


def test_it_is_never_a_person_and_her_is_the_one_person_here(testzone: World) -> None:
    session, _ = play(testzone, ["n", "x helper"])
    refusal = parse(testzone, session.state, "take it")
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'it' here."
    session, _ = play(testzone, ["x lamp", "n"])  # the lamp was named; the helper is here
    assert parse(testzone, session.state, "talk to her") == Command(
        "talk", person="helper", pattern=("to", "PERSON"))


def test_throwing_a_thing_without_a_way_asks_which_way(testzone: World) -> None:
    session, _ = play(testzone, [])  # the hut: one way out, north
    refusal = parse(testzone, session.state, "throw a bolt")
    assert isinstance(refusal, Refusal) and refusal.reason == "Throw the bolt which way?"
    assert refusal.hint == "ways from here: north"


def test_decomposed_accents_and_spaces_do_not_break_commands(testzone: World) -> None:
    session, _ = play(testzone, [])
    refusal = parse(testzone, session.state, "x de\u0301sk")  # e + combining acute
    assert isinstance(refusal, Refusal) and refusal.reason == "You see no 'd\u00e9sk' here."
    assert parse(testzone, session.state, "take lamp" + " " * 195) == Command(
        "take", item="lamp", pattern=("ITEM",))


def test_look_around_and_the_manner_of_a_move_are_understood(testzone: World) -> None:
    session, _ = play(testzone, [])
    assert parse(testzone, session.state, "look around") == Command("look",
                                                                    pattern=("around",))
    assert parse(testzone, session.state, "walk north carefully") == Command(
        "go", direction="north", pattern=("DIRECTION",))
    session, _ = play(testzone, ["n"])
    assert parse(testzone, session.state, "go through the gate") == Command(
        "go", direction="east", pattern=("DIRECTION",))


def test_a_question_is_pointed_to_help_not_to_a_near_word(testzone: World) -> None:
    session, _ = play(testzone, [])
    refusal = parse(testzone, session.state, "what do i do")
    assert isinstance(refusal, Refusal)
    assert refusal.hint == "type `help` for what you can do here"


def test_ascii_and_unicode_lines_are_cut_into_the_same_words() -> None:
    from zone_game.parser import tokenize

    assert tokenize("Take THE well-lit lamp, don't") == ["take", "well-lit", "lamp", "don't"]
    assert tokenize("Take THE well-lit lampé, don't") == ["take", "well-lit", "lampé", "don't"]
