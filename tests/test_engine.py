"""The pure engine on the test world: movement, items, rules, hazards, timers, dialogue."""

from __future__ import annotations

from dataclasses import replace

from play_helpers import last_text, play

from zone_game import rng
from zone_game.engine import available_commands, new_game, status_lines, step
from zone_game.events import (
    Asked,
    ChoicesOffered,
    Ended,
    HazardRevealed,
    HazardTriggered,
    ProbedSafe,
    Rejected,
)
from zone_game.state import Mode
from zone_game.world import World

# Reaching the meadow: the helper opens the gate for a guide she trusts.
TO_MEADOW = ["n", "talk to helper", "1", "1", "e", "e"]


def test_new_game_starts_at_start_with_initial_values(testzone: World) -> None:
    state = new_game(testzone, 7)
    assert state.place == "hut" and state.turn == 0 and state.mode is Mode.EXPLORING
    assert state.vars[testzone.var_index["helper.trust"]] == 0
    assert state.holdings[testzone.item_index["bolt"]] == (("guide", 3),)
    assert state.visited == frozenset({"hut"})


def test_refused_command_returns_the_same_state_and_costs_no_turn(testzone: World) -> None:
    state = new_game(testzone, 7)
    for command in ("xyzzy", "go west", "take bed", "drop lamp", "", "talk to ghost"):
        new_state, events = step(testzone, state, command)
        assert new_state is state, command
        assert isinstance(events[0], Rejected), command


def test_unknown_word_has_did_you_mean_from_words_valid_here(testzone: World) -> None:
    _, events = step(testzone, new_game(testzone, 7), "examin lamp")
    rejection = events[0]
    assert isinstance(rejection, Rejected)
    assert rejection.unknown_word == "examin"
    assert "examine" in rejection.hint
    _, events = step(testzone, new_game(testzone, 7), "take lamb")
    assert isinstance(events[0], Rejected) and "'lamp'" in events[0].hint


def test_directions_and_abbreviations(testzone: World) -> None:
    for command in ("n", "north", "go north", "walk n"):
        state, _ = step(testzone, new_game(testzone, 7), command)
        assert state.place == "yard", command
        assert state.turn == 1


def test_look_examine_inventory_take_no_time(testzone: World) -> None:
    state = new_game(testzone, 7)
    for command in ("look", "l", "examine lamp", "x bed", "i", "examine"):
        state, events = step(testzone, state, command)
        assert not isinstance(events[0], Rejected), command
    assert state.turn == 0


def test_articles_multiword_and_it(testzone: World) -> None:
    text = last_text(testzone, ["examine the cot"])
    assert "narrow cot" in text
    session, _ = play(testzone, ["take the oil lamp", "examine it"])
    assert session.state.last_item == "lamp"
    assert last_text(testzone, ["take lamp", "examine it"]) == "The lamp is cold."


def test_disambiguation_question_and_answer(testzone: World) -> None:
    state, events = step(testzone, new_game(testzone, 7), "take key")
    assert isinstance(events[0], Asked)
    assert state.mode is Mode.DISAMBIGUATION
    state, events = step(testzone, state, "iron")
    assert state.mode is Mode.EXPLORING
    assert state.holdings[testzone.item_index["iron_key"]] == (("guide", 1),)
    # now only the brass key is not carried, so `take key` is no longer ambiguous
    state, events = step(testzone, state, "take key")
    assert state.holdings[testzone.item_index["brass_key"]] == (("guide", 1),)


def test_disambiguation_dropped_by_another_command(testzone: World) -> None:
    state, _ = step(testzone, new_game(testzone, 7), "take key")
    state, _ = step(testzone, state, "north")
    assert state.mode is Mode.EXPLORING and state.place == "yard"


def test_item_state_changes_description(testzone: World) -> None:
    assert last_text(testzone, ["light lamp", "examine lamp"]) == \
        "The lamp burns with a small steady flame."
    assert last_text(testzone, ["light lamp", "light lamp"]) == "It is already lit."


def test_hidden_exit_revealed_by_rule(testzone: World) -> None:
    _state, events = step(testzone, new_game(testzone, 7), "down")
    assert isinstance(events[0], Rejected)
    session, _ = play(testzone, ["pull lamp", "down"])
    assert session.state.place == "cellar"


def test_hide_give_take_goto_talk_and_move_effects(testzone: World) -> None:
    session, _ = play(testzone, ["pull lamp", "pull lamp"])
    _, events = step(testzone, session.state, "down")
    assert isinstance(events[0], Rejected)  # hidden again
    session, _ = play(testzone, ["examine stove"])
    assert session.state.holdings[testzone.item_index["pass"]] == (("guide", 1),)
    session, _ = play(testzone, ["pull lamp", "down", "wait"])
    assert session.state.place == "hut"  # goto
    session, events = play(testzone, ["n", "ask helper about well"])
    assert session.state.holdings[testzone.item_index["bolt"]] == (("guide", 2),)
    assert session.state.mode is Mode.CONVERSATION  # the talk effect
    assert "helper_why" in session.state.reached_nodes
    session, _ = play(testzone, ["n", "talk to helper", "1", "1", "e", "talk to sentry"])
    assert session.state.character_places[testzone.character_index["sentry"]] == "yard"
    session, _ = play(testzone, ["n", "talk to helper", "1", "2", "talk to helper",
                                 "wait for me"])
    assert "helper" not in session.state.following


def test_rule_with_continue_runs_the_builtin_after(testzone: World) -> None:
    text = last_text(testzone, ["take stove"])
    assert text.startswith("You strain at the stove.")


def test_conditional_exit_message_and_opening(testzone: World) -> None:
    assert last_text(testzone, ["n", "e"]) == "The gate is chained shut. Someone must open it."
    session, _ = play(testzone, ["n", "talk to helper", "1", "1", "e"])
    assert session.state.place == "gate"


def test_dialogue_options_conditions_and_moods(testzone: World) -> None:
    session, events = play(testzone, ["n", "talk to helper"])
    offered = [e for e in events if isinstance(e, ChoicesOffered)][-1]
    assert "Open the gate for me." not in offered.options  # needs trust >= 1
    assert session.state.mode is Mode.CONVERSATION
    session, events = play(testzone, ["n", "talk to helper", "1", "2"])
    assert session.state.mode is Mode.EXPLORING
    assert "helper" in session.state.following
    assert session.state.vars[testzone.var_index["helper.trust"]] == 1
    # the second conversation starts at another node (talk conditions)
    session, events = play(testzone, ["n", "talk to helper", "3", "talk to helper"])
    assert "helper_again" in session.state.reached_nodes


def test_dialogue_choice_by_words_and_next(testzone: World) -> None:
    session, events = play(testzone, ["n", "talk to helper", "why"])
    assert "helper_why" in session.state.reached_nodes
    assert session.state.conversation == "helper_hello"  # `next` led back
    state, events = step(testzone, session.state, "fly away")
    assert state is session.state and isinstance(events[0], Rejected)
    session, _ = session.submit("bye")
    assert session.state.mode is Mode.EXPLORING


def test_companion_follows_and_speaks_on_arrival(testzone: World) -> None:
    session, events = play(testzone, TO_MEADOW)
    assert session.state.place == "meadow"
    helper = testzone.character_index["helper"]
    assert session.state.character_places[helper] == "meadow"
    spoken = render(events)
    assert "Don't walk straight." in spoken and "Here it begins." in spoken


def test_one_way_passage_closes_behind(testzone: World) -> None:
    session, _ = play(testzone, TO_MEADOW)
    state, events = step(testzone, session.state, "west")
    assert state is session.state
    assert isinstance(events[0], Rejected)
    assert events[0].reason == "The gate has swung shut behind you."


def test_probe_reveals_hazard_and_revealed_hazard_is_avoided(testzone: World) -> None:
    seed = _seed_where(testzone, "anomaly", "hollow")
    session, _ = play(testzone, TO_MEADOW, seed)
    session, events = session.submit("throw bolt north")
    assert any(isinstance(e, HazardRevealed) and e.place == "hollow" for e in events)
    assert session.state.holdings[testzone.item_index["bolt"]] == (("guide", 2), ("hollow", 1))
    session, events = session.submit("north")
    assert session.state.place == "hollow" and session.state.mode is Mode.EXPLORING
    assert "You step around" in render(events)
    session, events = session.submit("take bolt")
    assert session.state.holdings[testzone.item_index["bolt"]] == (("guide", 3),)


def test_unprobed_deadly_hazard_ends_the_run(testzone: World) -> None:
    seed = _seed_where(testzone, "anomaly", "ridge")
    session, events = play(testzone, [*TO_MEADOW, "throw bolt north", "east"], seed)
    assert any(isinstance(e, HazardTriggered) and e.deadly for e in events)
    assert session.state.mode is Mode.ENDED and session.state.ending == "died"
    ended = next(e for e in events if isinstance(e, Ended))
    assert ("Bolts thrown", "1") in ended.summary


def test_harmful_hazard_throws_the_player_back(testzone: World) -> None:
    seed = _seed_where(testzone, "burn", "hollow", avoid=("anomaly", "hollow"))
    session, events = play(testzone, [*TO_MEADOW, "north"], seed)
    assert session.state.place == "meadow"
    assert any(isinstance(e, HazardTriggered) and not e.deadly for e in events)
    assert session.state.vars[testzone.var_index["helper.fear"]] == 2


def test_probe_of_a_safe_place(testzone: World) -> None:
    seed = _seed_where(testzone, "anomaly", "ridge", avoid=("burn", "hollow"))
    session, _ = play(testzone, TO_MEADOW, seed)
    _, events = session.submit("throw bolt north")
    assert any(isinstance(e, ProbedSafe) for e in events)


def test_patrol_timer_catches_a_loiterer(testzone: World) -> None:
    session, events = play(testzone, ["n", "wait", "wait", "wait", "wait"])
    assert session.state.ending == "caught"
    assert "You are seen." in render(events)
    state, events = step(testzone, session.state, "look")
    assert state is session.state and isinstance(events[0], Rejected)


def test_after_timer_fires_once(testzone: World) -> None:
    _, events = play(testzone, ["wait", "wait", "wait", "wait", "wait"])
    assert render(events).count("Somewhere a dog barks.") == 1


def test_exit_with_effects_can_end(testzone: World) -> None:
    session, _events = play(testzone, ["n", "bed"])
    assert session.state.ending == "stayed"


def test_status_lines_follow_state(testzone: World) -> None:
    state = new_game(testzone, 7)
    assert status_lines(testzone, state) == (("Bolts", "3"),)
    session, _ = play(testzone, ["n", "talk to helper", "1", "2"])
    assert status_lines(testzone, session.state) == (("Bolts", "3"), ("Trust", "1"))


def test_again_and_oops(testzone: World) -> None:
    session, _ = play(testzone, ["n", "wait", "g"])
    assert session.state.place == "yard" and session.state.turn == 3
    session, events = play(testzone, ["examine lmap"])
    assert isinstance(events[-1], Rejected)
    session, events = session.submit("oops lamp")
    assert render(events) == "The lamp is cold."


def test_again_never_answers_in_a_conversation(testzone: World) -> None:
    session, _ = play(testzone, ["n", "talk to helper", "2"])  # "Why do you want to go?"
    before = session.state
    assert before.conversation
    session, events = session.submit("g")
    assert session.state is before
    assert isinstance(events[0], Rejected)
    assert events[0].reason == "`again` repeats a command, not an answer."
    # An answer is not remembered as a command: after the talk, `again` talks again.
    session, _ = play(testzone, ["n", "talk to helper", "2", "bye"])
    assert session.last_command == "talk to helper"
    session, _ = session.submit("g")
    assert session.state.conversation


def test_available_commands_all_do_something(testzone: World) -> None:
    state = new_game(testzone, 7)
    commands = available_commands(testzone, state)
    assert "north" in commands and "examine lamp" in commands and "take lamp" in commands
    assert "down" not in commands  # hidden
    for command in commands:
        new_state, events = step(testzone, state, command)
        assert not (new_state is state and isinstance(events[0], Rejected)), command


def test_same_seed_same_run_different_seed_different_hazards(testzone: World) -> None:
    spots = {new_game(testzone, seed).hazard_spots for seed in range(1, 40)}
    assert len(spots) > 1
    a, _ = play(testzone, [*TO_MEADOW, "throw bolt north", "north"], 5)
    b, _ = play(testzone, [*TO_MEADOW, "throw bolt north", "north"], 5)
    assert a.state == b.state


def test_named_streams_are_independent() -> None:
    population = ("a", "b", "c", "d", "e", "f")
    first = rng.sample(99, "hazard:one", population, 2)
    assert rng.sample(99, "hazard:one", population, 2) == first
    draws = {rng.sample(99, f"hazard:{n}", population, 2) for n in range(20)}
    assert len(draws) > 1
    assert rng.splitmix64(0) == 0xE220A8397B1DCDAF  # the reference value of splitmix64


def test_adding_a_hazard_does_not_reshuffle_the_others(testzone: World) -> None:
    from zone_game.world import Hazard, Table

    extra = Hazard("zz_new", ("meadow", "ridge"), 1, (), (), (), (), "", False)
    hazards = {h: testzone.hazards[h] for h in testzone.hazards}
    hazards["zz_new"] = extra
    bigger = replace(testzone, hazards=Table(hazards))
    for seed in range(1, 20):
        before = new_game(testzone, seed).hazard_spots
        after = new_game(bigger, seed).hazard_spots
        assert after[:len(before)] == before


def _seed_where(world: World, hazard: str, place: str,
                avoid: tuple[str, str] = ("burn", "")) -> int:
    """A seed that puts `hazard` at `place` and keeps `avoid` (hazard, place) clear."""
    for seed in range(1, 500):
        spots = new_game(world, seed).hazard_spots
        if place in spots[world.hazard_index[hazard]] and \
                avoid[1] not in spots[world.hazard_index[avoid[0]]]:
            return seed
    raise AssertionError("no such seed")


from zone_game.plain import render  # noqa: E402  (kept last: used by many tests above)


def test_taking_scenery_says_why(testzone: World) -> None:
    _, events = step(testzone, new_game(testzone, 7), "take bed")
    assert isinstance(events[0], Rejected) and events[0].reason == "You can't take the bed."


def test_leaving_a_conversation_is_said(testzone: World) -> None:
    session, _ = play(testzone, ["n", "talk to helper"])
    session, events = session.submit("bye")
    assert render(events) == "You end the conversation."


def test_ways_shut_behind_are_not_listed(testzone: World) -> None:
    from zone_game.events import Described

    _, events = play(testzone, TO_MEADOW)
    meadow = [e for e in events if isinstance(e, Described) and e.place == "meadow"][-1]
    assert "west" not in meadow.exits and "north" in meadow.exits


def test_choices_come_last_even_when_time_passes(testzone: World) -> None:
    # the dog barks at the end of turn 3, the turn in which the conversation starts
    _, events = play(testzone, ["wait", "n", "talk to helper"])
    assert isinstance(events[-1], ChoicesOffered)
    assert "Somewhere a dog barks." in render(events)


def test_take_all_and_drop_all(testzone: World) -> None:
    session, events = play(testzone, ["take all"])
    text = render(events)
    assert "Taken: an oil lamp." in text and "Taken: a brass key." in text
    assert "stove" not in text.split("Exits: north.")[-1]  # fixed things are left alone
    session, _ = session.submit("drop all")
    assert session.state.holdings[testzone.item_index["bolt"]] == (("hut", 3),)
    _, events = session.submit("drop everything")
    assert isinstance(events[0], Rejected)


def test_examine_me_and_go_to_a_place_by_name(testzone: World) -> None:
    assert last_text(testzone, ["x me"]) == "Tired, as always."
    session, _ = play(testzone, ["go to the yard"])
    assert session.state.place == "yard"


def test_several_commands_on_one_line_stop_at_a_refusal(testzone: World) -> None:
    session, _ = play(testzone, ["n. s then n"])
    assert session.state.place == "yard" and session.state.turn == 3
    session, events = play(testzone, ["n; xyzzy; s"])
    assert session.state.place == "yard" and isinstance(events[-1], Rejected)


def test_looking_around_inside_a_conversation(testzone: World) -> None:
    session, _ = play(testzone, ["n", "talk to helper"])
    session, events = session.submit("examine helper")
    assert session.state.mode is Mode.CONVERSATION
    assert isinstance(events[-1], ChoicesOffered)
    state, events = step(testzone, session.state, "xyzzy")
    assert state is session.state and "talking with the helper" in events[0].reason


def test_walking_away_ends_a_conversation_then_the_command_runs(testzone: World) -> None:
    session, _ = play(testzone, ["n", "talk to helper"])
    talking = session.state
    state, events = step(testzone, talking, "south")
    assert state.mode is Mode.EXPLORING and state.place == "hut"
    assert state.conversation == "" and state.turn == talking.turn + 1
    shown = render(events)
    assert shown.index("You end the conversation.") < shown.index("The Hut")
    # Talking to the one you are talking with goes on with the talk.
    state, events = step(testzone, talking, "talk to helper")
    assert state is talking and isinstance(events[0], Rejected)
    assert events[0].reason == "The helper is waiting for your answer."
    # Understood but impossible here: its own reason, and the talk goes on.
    state, events = step(testzone, talking, "take stove")
    assert state is talking and isinstance(events[0], Rejected)
    assert "talking with" not in events[0].reason


def test_what_a_companion_carries_is_seen_but_not_taken(testzone: World) -> None:
    # give the helper the lamp, then meet her in the yard
    from zone_game.world import Table

    lamp = replace(testzone.items["lamp"], at="helper")
    items = {i: testzone.items[i] for i in testzone.items}
    items["lamp"] = lamp
    world = replace(testzone, items=Table(items))
    session, _ = play(world, ["n"])
    assert render(session.submit("x lamp")[1]) == "The lamp is cold."
    _, events = session.submit("take lamp")
    assert isinstance(events[0], Rejected)
    assert events[0].reason == "The helper keeps hold of it."


def test_the_working_copy_gives_back_every_field_in_its_place(testzone: World) -> None:
    # `_Turn.freeze` builds the state positionally (it runs every turn): any field out of
    # order would swap two parts of the state. A marker in each field shows where it went.
    from zone_game.engine import _Turn

    start = new_game(testzone, 7)
    markers = {name: object() for name in start._fields}
    marked = start._replace(**markers)
    frozen = _Turn(testzone, marked).freeze()
    assert {name: getattr(frozen, name) for name in markers} == markers
