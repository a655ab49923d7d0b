"""Lint: each check finds its seeded defect in a broken copy of the test zone, at the line
where the author must change it; the test zone itself is lint-clean."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TESTZONE

from zone_game.lint import CHECKS, lint
from zone_game.loader import bundled_worlds, load_world_located
from zone_game.problems import WARNING, Problem


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in a file, where `old` must occur exactly `count` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} must occur {count} time(s) in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def broken_copy(tmp_path: Path, file: str, old: str, new: str, count: int = 1) -> Path:
    """A copy of the test zone with `old` replaced by `new` in `file` (see `edit`)."""
    world = tmp_path / "testzone"
    shutil.copytree(TESTZONE, world)
    edit(world / file, old, new, count)
    return world


def lint_world(path: Path) -> list[Problem]:
    world, problems, source_map = load_world_located(path, use_cache=False)
    assert world is not None and source_map is not None, problems
    assert not problems, "the broken copies must still compile cleanly"
    return lint(world, source_map)


def position(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """(line, col) where `needle` starts in a file: the place a warning must name."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def findings(problems: list[Problem], check: str) -> list[Problem]:
    return [p for p in problems if p.message.endswith(f"[{check}]")]


def assert_found(problems: list[Problem], check: str, file: Path, needle: str,
                 occurrence: int = 1) -> Problem:
    """Exactly one finding of `check`, at `needle`, with a hint."""
    found = findings(problems, check)
    assert len(found) == 1, [p.message for p in problems]
    problem = found[0]
    assert problem.severity == WARNING
    assert problem.hint
    assert Path(problem.file).resolve() == file.resolve()
    assert (problem.line, problem.col) == position(file, needle, occurrence)
    return problem


def checks_reported(problems: list[Problem]) -> set[str]:
    return {p.message.rsplit("[", 1)[1].rstrip("]") for p in problems}


def test_testzone_is_lint_clean() -> None:
    assert lint_world(TESTZONE) == []


@pytest.mark.parametrize("name", sorted(bundled_worlds()))
def test_bundled_worlds_are_lint_clean(name: str) -> None:
    assert [f"{p.file}:{p.line}: {p.message}" for p in lint_world(bundled_worlds()[name])] == []


def test_every_check_is_documented() -> None:
    doc = (TESTZONE.parents[2] / "docs" / "authoring" / "lint.md").read_text()
    for check in CHECKS:
        assert f"`{check}`" in doc, check


# ---------------------------------------------------------------- places and exits


def test_unreachable_place(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "  well:\n", (
        "  attic:\n    name: The Attic\n    description: Dust.\n    exits:\n"
        "      down: hut\n\n  well:\n"))
    problems = lint_world(world)
    problem = assert_found(problems, "unreachable-place", world / "places.yaml", "attic:")
    assert "'attic'" in problem.message and "'hut'" in problem.message
    assert checks_reported(problems) == {"unreachable-place"}


def test_dead_end(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "      east: well\n", (
        "      east: well\n      down: pit\n\n  pit:\n    name: The Pit\n"
        "    description: Smooth walls all round.\n    exits: {}\n"))
    problems = lint_world(world)
    problem = assert_found(problems, "dead-end", world / "places.yaml", "pit:")
    assert "no exits" in problem.message
    assert checks_reported(problems) == {"dead-end"}


def test_a_trap_of_several_places_is_a_dead_end_for_each(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "      east: well\n", (
        "      east: well\n      down: pit\n\n  pit:\n    name: The Pit\n"
        "    description: A pit.\n    exits:\n      in: tunnel\n\n  tunnel:\n"
        "    name: A Tunnel\n    description: A tunnel.\n    exits:\n      out: pit\n"))
    problems = findings(lint_world(world), "dead-end")
    assert [(p.line, "no exits" in p.message) for p in problems] == [
        (position(world / "places.yaml", "pit:")[0], False),
        (position(world / "places.yaml", "tunnel:")[0], False)]


def test_goto_effects_count_as_ways_in(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "  well:\n", (
        "  attic:\n    name: The Attic\n    description: Dust.\n    exits:\n"
        "      down: hut\n\n  well:\n"))
    problems = lint_world(world)
    assert findings(problems, "unreachable-place")
    edit(world / "things.yaml", "    do: [reveal hut.down, set trapdoor_open]\n",
         "    do: [reveal hut.down, set trapdoor_open, goto attic]\n")
    assert lint_world(world) == []


_PIT = ("\n  pit:\n    name: The Pit\n    description: A pit.\n    exits:\n"
        "      up: yard\n")


def test_one_way_passage_into_a_place_whose_only_way_on_is_back(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "        do: end stayed\n", (
        "        do: end stayed\n      down:\n        to: pit\n"
        "        one_way: The ladder has fallen.\n" + _PIT))
    problems = lint_world(world)
    problem = assert_found(problems, "one-way-trap", world / "places.yaml",
                           "one_way: The ladder")
    assert "'down' of 'yard' leads to 'pit'" in problem.message
    assert checks_reported(problems) == {"one-way-trap"}
    # Without `one_way` the ladder stays: the pit is no trap.
    edit(world / "places.yaml", "        one_way: The ladder has fallen.\n", "")
    assert lint_world(world) == []


def test_an_exit_that_ends_the_story_leads_to_no_dead_end(tmp_path: Path) -> None:
    """The player never stands where an exit that ends the story leads: its `to` is
    there only because an exit needs one."""
    world = broken_copy(tmp_path, "places.yaml", "        do: end stayed\n", (
        "        do: end stayed\n      jump:\n        to: pit\n        do: end stayed\n"
        "\n  pit:\n    name: The Pit\n    description: A pit.\n    exits: {}\n"))
    assert lint_world(world) == []
    edit(world / "places.yaml", "      jump:\n        to: pit\n        do: end stayed\n",
         "      jump: pit\n")
    assert checks_reported(lint_world(world)) == {"dead-end"}


def test_hidden_exit_nothing_reveals(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "    do: [reveal hut.down, set trapdoor_open]\n",
                        "    do: [set trapdoor_open]\n")
    problems = lint_world(world)
    assert_found(problems, "hidden-exit", world / "places.yaml", "hidden: true")
    # The cellar lies only behind that exit, so it is unreachable too.
    assert checks_reported(problems) == {"hidden-exit", "unreachable-place"}


def test_reveal_of_an_exit_that_does_not_exist(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "    do: [reveal hut.down, set trapdoor_open]\n",
                        "    do: [reveal hut.down, set trapdoor_open, hide yard.west]\n")
    problems = lint_world(world)
    problem = assert_found(problems, "unknown-exit", world / "things.yaml", "hide yard.west")
    assert "south, east, bed" in problem.hint
    assert checks_reported(problems) == {"unknown-exit"}


@pytest.mark.parametrize(("old", "new", "where", "hint"), [
    # reveal of an abbreviated exit does nothing
    ("    do: [reveal hut.down, set trapdoor_open]\n",
     "    do: [reveal hut.d, set trapdoor_open]\n", "reveal hut.d",
     "write the exit's full name: reveal hut.down"),
    # a probe of a word no exit has (a forgotten `$`) tests nothing
    ("      - probe $direction\n", "      - probe direction\n", "probe direction",
     "did you mean `probe $direction` (the way the command names)?"),
])
def test_an_effect_on_an_exit_that_is_not_there(tmp_path: Path, old: str, new: str,
                                                where: str, hint: str) -> None:
    world = broken_copy(tmp_path, "things.yaml", old, new)
    problem = assert_found(lint_world(world), "unknown-exit", world / "things.yaml", where)
    assert problem.hint == hint


# ---------------------------------------------------------------- variables


def test_variable_never_used(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "world.yaml", "  warned: false\n",
                        "  warned: false\n  spare: 0\n")
    problems = lint_world(world)
    problem = assert_found(problems, "unused-var", world / "world.yaml", "spare:")
    assert "counter 'spare'" in problem.message
    assert checks_reported(problems) == {"unused-var"}


def test_variable_read_but_never_set(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "world.yaml", "  warned: false\n",
                        "  warned: false\n  locked: true\n")
    text = (world / "places.yaml").read_text().replace("        when: gate_open\n",
                                                       "        when: gate_open and not locked\n")
    (world / "places.yaml").write_text(text)
    problems = lint_world(world)
    problem = assert_found(problems, "unset-var", world / "world.yaml", "locked:")
    assert "flag 'locked'" in problem.message
    assert checks_reported(problems) == {"unset-var"}


def test_mood_set_but_never_read(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "        if: helper.fear >= 2\n",
                        "        if: turn >= 20\n")
    problems = lint_world(world)
    problem = assert_found(problems, "unread-var", world / "things.yaml", "fear: 1")
    assert "mood 'helper.fear'" in problem.message
    assert checks_reported(problems) == {"unread-var"}


def test_counter_only_fed_back_into_itself_is_not_read(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "    if: at(yard) and patrol == 2\n",
                        "    if: at(yard)\n")
    problems = lint_world(world)
    assert_found(problems, "unread-var", world / "world.yaml", "patrol:")


def test_item_flag_never_used(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "      lit: false\n",
                        "      lit: false\n      broken: false\n")
    problems = lint_world(world)
    problem = assert_found(problems, "unused-var", world / "things.yaml", "broken:")
    assert "item flag 'lamp.broken'" in problem.message


@pytest.mark.parametrize(("effect", "kind"), [
    ("set bolts_thrown", "counter"), ("bolts_thrown = false", "counter"),
    ("warned += 1", "flag"), ("warned = 2", "flag")])
def test_flag_and_counter_mixed_up(tmp_path: Path, effect: str, kind: str) -> None:
    world = broken_copy(tmp_path, "things.yaml", "      - bolts_thrown += 1\n",
                        f"      - bolts_thrown += 1\n      - {effect}\n")
    problems = lint_world(world)
    problem = assert_found(problems, "var-kind", world / "things.yaml", effect)
    assert f"is a {kind}" in problem.message
    assert checks_reported(problems) == {"var-kind"}


def test_flags_set_from_conditions_and_counters_from_sums_are_fine(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "      - bolts_thrown += 1\n",
                        "      - bolts_thrown += 1\n      - warned = bolts_thrown > 2\n"
                        "      - bolts_thrown = bolts_thrown + 0\n")
    assert findings(lint_world(world), "var-kind") == []


# ---------------------------------------------------------------- dialogue, items, endings


def test_dialogue_node_never_reached(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml", "  helper_why:\n", (
        "  helper_secret:\n    speaker: helper\n    lines: [I never told anyone.]\n"
        "    next: helper_why\n  helper_why:\n"))
    problems = lint_world(world)
    assert_found(problems, "dead-node", world / "dialogue.yaml", "helper_secret:")
    assert checks_reported(problems) == {"dead-node"}


def test_talk_effect_reaches_a_node(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml", "  helper_why:\n", (
        "  helper_secret:\n    speaker: helper\n    lines: [I never told anyone.]\n"
        "  helper_why:\n"))
    text = (world / "things.yaml").read_text().replace(
        "    do: end reached\n", "    do:\n      - talk helper helper_secret\n"
        "      - end reached\n")
    (world / "things.yaml").write_text(text)
    assert lint_world(world) == []


_HELD_LOOP = ("  helper_yes:\n    speaker: helper\n    hold: true\n    lines:\n"
              "      - Lead, then.\n    options:\n      - text: Say it again.\n"
              "        goto: helper_yes\n")
_HELPER_YES = ("  helper_yes:\n    speaker: helper\n    lines:\n      - Lead, then.\n"
               "    options:\n      - text: And the gate?\n        do: gate_open = true\n"
               "        goto: helper_gate\n      - text: Let's go.\n")


def test_held_node_with_no_way_out_is_a_trap(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml", _HELPER_YES, _HELD_LOOP)
    problems = lint_world(world)
    problem = assert_found(problems, "dialogue-trap", world / "dialogue.yaml", "hold: true")
    assert "'helper_yes'" in problem.message and "only quit" in problem.message
    assert checks_reported(problems) == {"dialogue-trap"}


def test_a_trap_of_two_held_nodes_is_reported_at_each(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml", _HELPER_YES, _HELD_LOOP.replace(
        "goto: helper_yes", "goto: helper_more") + (
        "  helper_more:\n    speaker: helper\n    hold: true\n    lines: [More?]\n"
        "    options:\n      - text: Back.\n        goto: helper_yes\n"))
    found = findings(lint_world(world), "dialogue-trap")
    assert [p.line for p in found] == [position(world / "dialogue.yaml", "hold: true", 1)[0],
                                       position(world / "dialogue.yaml", "hold: true", 2)[0]]


@pytest.mark.parametrize("way_out", [
    "      - text: Go on.\n",  # no goto: the talk ends
    "      - text: Go on.\n        goto: helper_gate\n",  # a node that is not held
    "      - text: Give up.\n        do: end stayed\n        goto: helper_yes\n",
])
def test_a_held_node_with_a_way_out_is_no_trap(tmp_path: Path, way_out: str) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml", _HELPER_YES, _HELD_LOOP + way_out)
    assert findings(lint_world(world), "dialogue-trap") == []


def test_a_held_node_whose_options_may_all_be_withheld_is_no_trap(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml", _HELPER_YES, _HELD_LOOP.replace(
        "        goto: helper_yes\n", "        if: gate_open\n        goto: helper_yes\n"))
    assert findings(lint_world(world), "dialogue-trap") == []


def test_a_circle_of_next_without_options(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "dialogue.yaml",
                        "      - text: I have a key to the chain. There.\n",
                        "      - text: I have a key to the chain. There.\n"
                        "    next: helper_more\n  helper_more:\n    speaker: helper\n"
                        "    lines: [And another thing.]\n    next: helper_gate\n")
    problems = lint_world(world)
    problem = assert_found(problems, "next-loop", world / "dialogue.yaml",
                           "next: helper_more")
    assert "helper_gate → helper_more → helper_gate" in problem.message
    assert checks_reported(problems) == {"next-loop"}
    # A way out of the circle: an option, and the chain stops there.
    edit(world / "dialogue.yaml", "    next: helper_gate\n",
         "    next: helper_gate\n    options:\n      - text: Enough.\n")
    assert lint_world(world) == []


def test_probe_of_a_named_exit_where_the_rule_runs_is_fine(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "      - probe $direction\n",
                        "      - probe $direction\n      - probe n\n")
    assert findings(lint_world(world), "unknown-exit") == []


def test_item_never_given(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "  pass:\n", (
        "  coin:\n    name: a coin\n    nouns: [coin]\n  pass:\n"))
    problems = lint_world(world)
    assert_found(problems, "item-never-given", world / "things.yaml", "coin:")
    assert checks_reported(problems) == {"item-never-given"}


def test_an_item_only_ever_moved_to_nowhere_is_never_given(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "    do: give pass\n",
                        "    do: move pass to nowhere\n", count=2)
    problems = lint_world(world)
    assert_found(problems, "item-never-given", world / "things.yaml", "pass:")


def test_ending_never_triggered(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "world.yaml", "  reached:\n", (
        "  escaped:\n    title: Escaped\n    text: You got away.\n  reached:\n"))
    problems = lint_world(world)
    assert_found(problems, "untriggered-ending", world / "world.yaml", "escaped:")
    assert checks_reported(problems) == {"untriggered-ending"}


def test_ending_triggered_only_where_no_one_can_go(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "  well:\n", (
        "  attic:\n    name: The Attic\n    description: Dust.\n    exits:\n"
        "      jump:\n        to: hut\n        do: end fell\n\n  well:\n"))
    edit(world / "world.yaml", "endings:\n",
         "endings:\n  fell:\n    title: Fell\n    text: You fell.\n")
    problems = lint_world(world)
    problem = assert_found(problems, "unreachable-ending", world / "world.yaml", "fell:")
    assert "'attic'" in problem.message
    assert checks_reported(problems) == {"unreachable-place", "unreachable-ending"}
    edit(world / "places.yaml", "      north: yard\n", "      north: yard\n      up: attic\n")
    assert lint_world(world) == []


@pytest.mark.parametrize(("old", "new", "how"), [
    # `anomaly` ends the story (`end: died`); given `stop: true` too, `end` wins.
    ("    end: died\n", "    end: died\n    stop: true\n", "`end: died`"),
    # `burn` throws the player back; an `end` among its effects ends the story first.
    ("    do: helper.fear += 1\n    stop: true\n",
     "    do: [helper.fear += 1, end died]\n    stop: true\n", "the effect `end died`"),
])
def test_a_hazard_that_stops_and_ends(tmp_path: Path, old: str, new: str, how: str) -> None:
    world = broken_copy(tmp_path, "things.yaml", old, new)
    problems = lint_world(world)
    problem = assert_found(problems, "redundant-stop", world / "things.yaml", "stop: true")
    assert how in problem.message and "remove `stop: true`" in problem.hint
    assert checks_reported(problems) == {"redundant-stop"}


# ---------------------------------------------------------------- the parser


def test_two_things_one_cannot_be_named(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "  pass:\n", (
        "  old_key:\n    name: an old key\n    nouns: [key]\n    at: cellar\n  pass:\n"))
    problems = lint_world(world)
    # The brass key is named by "brass key"; the old key by nothing once both are here.
    problem = assert_found(problems, "ambiguous-noun", world / "things.yaml", "nouns: [key]",
                           occurrence=3)
    assert "'old_key'" in problem.message and "'key'" in problem.message
    assert checks_reported(problems) == {"ambiguous-noun"}


def test_things_that_never_meet_may_share_a_noun(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "    exits:\n      up: hut\n", (
        "    scenery:\n      bed: A heap of sacks someone slept on.\n"
        "    exits:\n      up: hut\n"))
    assert lint_world(world) == []
    text = (world / "places.yaml").read_text().replace(
        "      bed: A heap", "      cot: A heap")
    (world / "places.yaml").write_text(text)
    text = (world / "things.yaml").read_text().replace("  pass:\n", (
        "  blanket:\n    name: a blanket\n    nouns: [cot]\n    at: hut\n  pass:\n"))
    (world / "things.yaml").write_text(text)
    # A portable blanket called "cot" goes wherever the player does: beside the cellar's
    # cot (scenery), "cot" names both and nothing else names the scenery; beside the
    # hut's bed (nouns: bed, cot), nothing names the blanket alone.
    problems = findings(lint_world(world), "ambiguous-noun")
    assert [(p.line, p.col) for p in problems] == [
        position(world / "places.yaml", "cot: A heap"),
        position(world / "things.yaml", "nouns: [cot]")]
    assert "'cot' and 'blanket'" in problems[0].message
    assert "'blanket' and 'bed'" in problems[1].message


def test_verb_synonym_that_is_a_direction(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "    synonyms: [toss, hurl]\n",
                        "    synonyms: [toss, hurl, exit]\n")
    edit(world / "things.yaml", "    patterns: [ITEM DIRECTION, ITEM to DIRECTION]\n",
         "    patterns: [\"\", ITEM DIRECTION, ITEM to DIRECTION]\n")
    problems = lint_world(world)
    problem = assert_found(problems, "verb-collision", world / "things.yaml", "exit]")
    assert "'out'" in problem.message
    assert checks_reported(problems) == {"verb-collision"}


def test_direction_word_is_fine_for_a_verb_that_never_stands_alone(tmp_path: Path) -> None:
    # `exit` alone moves the player out; `exit bolt north` still finds the verb.
    world = broken_copy(tmp_path, "things.yaml", "    synonyms: [toss, hurl]\n",
                        "    synonyms: [toss, hurl, exit]\n")
    assert findings(lint_world(world), "verb-collision") == []


def test_verb_word_taken_by_a_built_in_verb(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "things.yaml", "  pull:\n", "  read:\n")
    text = (world / "things.yaml").read_text().replace("  - verb: pull\n", "  - verb: read\n")
    (world / "things.yaml").write_text(text)
    problems = lint_world(world)
    problem = assert_found(problems, "verb-collision", world / "things.yaml", "read:")
    assert "'examine'" in problem.message


# ---------------------------------------------------------------- the command


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zone_game", "check", *args],
                          capture_output=True, text=True, timeout=60)


def test_check_reports_warnings_and_strict_fails(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "world.yaml", "  warned: false\n",
                        "  warned: false\n  spare: 0\n")
    line, col = position(world / "world.yaml", "spare:")
    plain = run_check(str(world))
    assert plain.returncode == 0
    assert f"world.yaml:{line}:{col}: warning: counter 'spare'" in plain.stderr
    assert "hint:" in plain.stderr
    assert run_check("--strict", str(world)).returncode == 1
    assert run_check("--strict", str(TESTZONE)).returncode == 0
    report = json.loads(run_check("--json", str(world)).stdout)
    [warning] = report["problems"]
    assert (warning["severity"], warning["line"], warning["col"]) == ("warning", line, col)


@pytest.mark.parametrize("alias", ["n", "North"])
def test_positions_of_exits_written_with_an_alias(tmp_path: Path, alias: str) -> None:
    world = broken_copy(tmp_path, "places.yaml", "      north: yard\n",
                        f"      {alias}: yard\n")
    _, _, source_map = load_world_located(world, use_cache=False)
    assert source_map is not None
    location = source_map.find("places", "hut", "exits", "north")
    assert location is not None
    assert (location.line, location.col) == position(world / "places.yaml", f"{alias}: yard")


def test_misspelt_direction(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "    exits:\n      up: hut\n",
                        "    exits:\n      up: hut\n      nrth: hut\n")
    problem = assert_found(lint_world(world), "misspelt-direction", world / "places.yaml",
                           "nrth:")
    assert problem.hint.startswith("did you mean 'north'?")


def test_exits_named_by_words_near_a_direction_are_no_misspelling(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "places.yaml", "    exits:\n      up: hut\n",
                        "    exits:\n      up: hut\n      mouth: hut\n      rest: hut\n"
                        "      beast: hut\n")
    assert findings(lint_world(world), "misspelt-direction") == []


def test_unknown_theme(tmp_path: Path) -> None:
    world = broken_copy(tmp_path, "world.yaml", "      theme: sepia\n", "      theme: sepai\n")
    problem = assert_found(lint_world(world), "unknown-theme", world / "world.yaml",
                           "theme: sepai")
    assert problem.hint == "did you mean 'sepia'?"


def test_the_example_at_the_top_of_lint_md_prints_as_shown(tmp_path: Path) -> None:
    """lint.md's first example, made as it says in a `zone-game new harbour` world."""
    import re

    from zone_game.scaffold import scaffold

    doc = (TESTZONE.parents[2] / "docs" / "authoring" / "lint.md").read_text()
    place = re.search(r"```yaml\n(  well:\n.*?)```", doc, re.S)
    shown = re.search(r"```console\n\$ zone-game check harbour\n(.*?)```", doc, re.S)
    assert place is not None and shown is not None
    world = scaffold("harbour", tmp_path)
    edit(world / "places.yaml", "    exits:\n      south: lane\n",
         "    exits:\n      south: lane\n      down: well\n\n" + place.group(1))
    result = subprocess.run([sys.executable, "-m", "zone_game", "check", "harbour"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stderr + result.stdout == shown.group(1)
