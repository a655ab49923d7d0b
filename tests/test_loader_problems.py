"""Every kind of broken world yields a located, explained problem — never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from zone_game.loader import load_world_with_problems
from zone_game.problems import ERROR, Problem, format_problems

MINIMAL = """\
world:
  id: tiny
  title: Tiny
  start: room
  player: me
vars:
  lit: false
characters:
  me:
    name: you
places:
  room:
    name: A Room
    description: A bare room.
    exits:
      north: hall
  hall:
    name: A Hall
    description: A long hall.
    exits:
      south: room
"""


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    world_dir = tmp_path / "w"
    world_dir.mkdir()
    for name, content in files.items():
        target = world_dir / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    world, problems = load_world_with_problems(world_dir, use_cache=False)
    assert world is None, "a broken world must not compile"
    assert problems, "a broken world must report problems"
    return problems


def only(problems: list[Problem], fragment: str) -> Problem:
    matching = [p for p in problems if fragment in p.message]
    assert matching, f"no problem mentions {fragment!r}: {[p.message for p in problems]}"
    return matching[0]


def test_minimal_world_is_clean(tmp_path: Path) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "world.yaml").write_text(MINIMAL)
    world, problems = load_world_with_problems(tmp_path / "w", use_cache=False)
    assert world is not None and problems == []
    assert sorted(world.places) == ["hall", "room"]


def test_yaml_syntax_error_points_at_line(tmp_path: Path) -> None:
    broken = MINIMAL.replace("    description: A long hall.", "    description: [unclosed")
    problem = only(problems_for(tmp_path, {"world.yaml": broken}), "YAML syntax")
    assert problem.file.endswith("world.yaml")
    assert problem.line >= 19


def test_duplicate_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    broken = MINIMAL.replace("    name: A Hall\n", "    name: A Hall\n    name: Another\n")
    problem = only(problems_for(tmp_path, {"world.yaml": broken}), "duplicate key 'name'")
    assert problem.line == 19 and problem.col == 5
    assert "first at line 18" in problem.message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*{chr(96 + level)}"] * 10)
        bomb.append(f"{chr(97 + level)}: &{chr(97 + level)} [{refs}]")
    problem = only(problems_for(tmp_path, {"world.yaml": "\n".join(bomb) + "\n"}),
                   "aliases repeated")
    assert problem.severity == ERROR


def test_deep_nesting_is_refused_before_building(tmp_path: Path) -> None:
    deep = "places: " + "[" * 100 + "]" * 100 + "\n"
    problem = only(problems_for(tmp_path, {"world.yaml": deep}), "nesting deeper")
    assert problem.line == 1


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_pathological_nesting_does_not_crash_the_process(tmp_path: Path, shape: str) -> None:
    """libyaml's own constructor dies on ~30,000 levels; our reader must refuse cleanly."""
    world = tmp_path / "deep.yaml"
    if shape == "flow":
        world.write_text("places: " + "[" * 40_000 + "]" * 40_000 + "\n")
    else:
        world.write_text("".join("  " * i + "- \n" for i in range(3000)))
    result = subprocess.run([sys.executable, "-m", "zone_game", "check", str(world)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    # Our reader refuses at 64 levels; builds of libyaml that cap nesting themselves
    # (at 1,000) may refuse first, as a syntax error. Either way: a message, not a crash.
    assert "nesting deeper than" in result.stderr or \
        "exceeded maximum nesting depth" in result.stderr
    assert "Traceback" not in result.stderr


def test_unsafe_tag_constructs_nothing(tmp_path: Path) -> None:
    evil = MINIMAL + "endings:\n  x: !!python/object/apply:os.system ['echo pwned']\n"
    problem = only(problems_for(tmp_path, {"world.yaml": evil}), "tag '!!python/object")
    assert problem.line == 23


def test_non_utf8_file(tmp_path: Path) -> None:
    raw = MINIMAL.encode() + b"endings:\n  x:\n    title: caf\xe9\n"
    problem = only(problems_for(tmp_path, {"world.yaml": raw}), "not UTF-8")
    assert (problem.line, problem.col) == (24, 15)


def test_binary_file(tmp_path: Path) -> None:
    problem = only(problems_for(tmp_path, {"world.yaml": MINIMAL, "zz.yaml": b"\x89PNG\x00"}),
                   "binary file")
    assert problem.file.endswith("zz.yaml")


def test_empty_file(tmp_path: Path) -> None:
    problem = only(problems_for(tmp_path, {"world.yaml": MINIMAL, "more.yaml": "# nothing\n"}),
                   "empty file")
    assert problem.file.endswith("more.yaml")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"world.yaml": MINIMAL, "list.yaml": "- a\n- b\n"})
    only(problems, "top level of a world file must be a mapping")


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    broken = MINIMAL.replace("    description: A bare room.", "    descripton: A bare room.")
    problems = problems_for(tmp_path, {"world.yaml": broken})
    problem = only(problems, "unknown key 'descripton'")
    assert problem.hint == "did you mean 'description'?"
    assert (problem.line, problem.col) == (14, 5)
    only(problems, "missing the required key 'description'")


def test_wrong_type(tmp_path: Path) -> None:
    broken = MINIMAL.replace("    name: you", "    name: you\n    follows: often")
    problem = only(problems_for(tmp_path, {"world.yaml": broken}), "'follows' must be")
    assert "true or false" in problem.message


def test_missing_required_key(tmp_path: Path) -> None:
    broken = MINIMAL.replace("  start: room\n", "")
    only(problems_for(tmp_path, {"world.yaml": broken}), "missing the required key 'start'")


@pytest.mark.parametrize(("addition", "fragment", "hint"), [
    ("rules:\n  - verb: look\n    do: goto hal\n", "unknown place 'hal'", "hall"),
    ("rules:\n  - verb: look\n    do: give lamp\n", "unknown item 'lamp'", ""),
    ("rules:\n  - verb: look\n    do: follow mee\n", "unknown character 'mee'", "me"),
    ("characters:\n  guide:\n    name: g\n    talk: nod\n", "unknown node 'nod'", ""),
    ("rules:\n  - verb: look\n    if: lamp_lit\n", "unknown name 'lamp_lit'", ""),
])
def test_undefined_references(tmp_path: Path, addition: str, fragment: str, hint: str) -> None:
    files = {"world.yaml": MINIMAL, "extra.yaml": addition}
    problem = only(problems_for(tmp_path, files), fragment)
    assert problem.file.endswith("extra.yaml")
    if hint:
        assert f"'{hint}'" in problem.hint


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    extra = "places:\n  hall:\n    name: Hall\n    description: Again.\n"
    problem = only(problems_for(tmp_path, {"world.yaml": MINIMAL, "more.yaml": extra}),
                   "duplicate id 'hall'")
    assert problem.file.endswith("more.yaml") and "world.yaml:17" in problem.hint


def test_condition_syntax_error_points_into_the_expression(tmp_path: Path) -> None:
    extra = "rules:\n  - verb: look\n    if: lit and and lit\n"
    problem = only(problems_for(tmp_path, {"world.yaml": MINIMAL, "r.yaml": extra}),
                   "syntax error in condition")
    assert problem.line == 3 and problem.col > 9


def test_effect_syntax_error(tmp_path: Path) -> None:
    extra = "rules:\n  - verb: look\n    do: [\"lit ==== 2\"]\n"
    only(problems_for(tmp_path, {"world.yaml": MINIMAL, "r.yaml": extra}), "not an effect")


def test_unknown_name_in_condition_has_a_hint(tmp_path: Path) -> None:
    extra = "rules:\n  - verb: look\n    if: not lt\n"
    problem = only(problems_for(tmp_path, {"world.yaml": MINIMAL, "r.yaml": extra}),
                   "unknown name 'lt'")
    assert "'lit'" in problem.hint
    assert (problem.line, problem.col) == (3, 13)


def test_all_problems_are_collected(tmp_path: Path) -> None:
    broken = (MINIMAL.replace("    description: A bare room.", "    descripton: A bare room.")
              .replace("      south: room", "      south: rom"))
    extra = "rules:\n  - verb: look\n    if: not lt\n"
    problems = problems_for(tmp_path, {"world.yaml": broken, "r.yaml": extra})
    messages = " | ".join(p.message for p in problems)
    assert "descripton" in messages and "'rom'" in messages and "'lt'" in messages


def test_formatting_shows_source_line_and_caret(tmp_path: Path) -> None:
    broken = MINIMAL.replace("      south: room", "      south: rom")
    problems = problems_for(tmp_path, {"world.yaml": broken})
    text = format_problems(problems)
    assert "world.yaml:21:14: error: unknown place 'rom'" in text
    assert "      south: rom" in text
    lines = text.splitlines()
    caret = next(line for line in lines if line.strip() == "|" + " " * 0 + "^"
                 or line.rstrip().endswith("^"))
    assert caret.index("^") == lines[lines.index(caret) - 1].index("rom")
    assert "did you mean 'room'?" in text


def _where(text: str, word: str, nth: int = 1) -> tuple[int, int]:
    """Line and column (1-based) of the nth line of `text` holding `word`, at the word."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if word in line]
    number, line = lines[nth - 1]
    return number, line.index(word) + 1


@pytest.mark.parametrize("written, name", [
    # A `|` block: the name is on the block's second line.
    ("    description: |\n      First line.\n      Then {lit_x} here.\n", "lit_x"),
    # A `>` block in a text variant.
    ("    description:\n      - if: lit\n        text: >\n          Folded,\n"
     "          then {litx} here.\n", "litx"),
    # A plain scalar folded over two lines.
    ("    description: A plain scalar\n      folded onto {lit_y} a second line.\n", "lit_y"),
    # A double-quoted scalar with an escape before the name.
    ('    description: "A \\n hall {lit_z}"\n', "lit_z"),
])
def test_a_name_in_a_text_is_placed_where_it_is_written(
        tmp_path: Path, written: str, name: str) -> None:
    world = MINIMAL + "  porch:\n    name: A Porch\n" + written
    problem = only(problems_for(tmp_path, {"world.yaml": world}), f"unknown name '{name}'")
    assert (problem.line, problem.col) == _where(world, name)


def test_placeholders_must_be_words_of_the_command(tmp_path: Path) -> None:
    world = MINIMAL + """\
verbs:
  pull:
    patterns: ["", ITEM]
    refuse: You cannot pull {$item}, or {{$item}} (a literal).
rules:
  - verb: wait
    say: You wait, {$direction}.
  - verb: wait
    say: You wait {$dirction}.
  - verb: wait
    do: lit =+ 1
"""
    problems = problems_for(tmp_path, {"world.yaml": world})
    # A verb's refusal also answers it typed alone: no placeholder is bound there; the
    # escaped `{{$item}}` is plain text, not a placeholder.
    item = only(problems, "'$item' is not bound here")
    assert (item.line, item.col) == _where(world, "$item")
    assert "also answers the verb typed alone" in item.hint
    assert len([p for p in problems if "'$item' is not bound" in p.message]) == 1
    direction = only(problems, "'$direction' is not bound here")
    assert (direction.line, direction.col) == _where(world, "$direction")
    misspelt = only(problems, "unknown placeholder '$dirction'")
    assert (misspelt.line, misspelt.col) == _where(world, "$dirction")
    assert misspelt.hint == "did you mean '$direction'?"
    effect = only(problems, "syntax error in effect")
    assert (effect.line, effect.col) == _where(world, "+ 1")
    assert effect.hint == "did you mean `+=`?"


def test_a_file_that_cannot_be_read_is_the_only_problem_reported(tmp_path: Path) -> None:
    head, places = MINIMAL.split("places:\n")
    # `act:` indented one space too far: the places file does not read, so `start: room`
    # (in the other file) must not be blamed for naming an unknown place.
    broken = "places:\n" + places.replace("    description: A bare room.",
                                           "     act: shore\n    description: A bare room.")
    problems = problems_for(tmp_path, {"world.yaml": head, "places.yaml": broken})
    assert [(p.file.endswith("places.yaml"), p.line) for p in problems] == [(True, 4)]
    assert problems[0].message.startswith("YAML syntax: mapping values are not allowed")
    assert problems[0].hint.startswith("a key indented more than the keys beside it")


def test_an_unknown_act_is_reported_at_the_act_line(tmp_path: Path) -> None:
    world = MINIMAL.replace("    description: A long hall.",
                            "    act: shroe\n    description: A long hall.")
    problem = only(problems_for(tmp_path, {"world.yaml": world}), "unknown act 'shroe'")
    assert (problem.line, problem.col) == _where(world, "shroe")


def test_the_worlds_own_texts_are_checked_with_everything_else(tmp_path: Path) -> None:
    """A slip in `intro`, `probe_safe`, `status` or `summary` is reported in the same run
    as a problem elsewhere, not only once everything else is clean."""
    world = MINIMAL.replace("  player: me\n", (
        "  player: me\n  intro: 'Lit: {lti}'\n  probe_safe: '{has(lamp}'\n"
        "  status:\n    - label: Lit\n      value: '{lit + }'\n"
        "  summary:\n    - label: Lit\n      value: x\n      if: lit ==\n"))
    problems = problems_for(tmp_path, {"world.yaml": world.replace("north: hall",
                                                                    "north: hal")})
    found = sorted((p.line, p.message) for p in problems)
    assert [line for line, _message in found] == [6, 7, 10, 14, 25], found
    assert "'lti'" in found[0][1] and "'lamp'" in found[1][1] and "'hal'" in found[4][1]
    assert all("syntax error" in message for _line, message in found[2:4])


def test_an_exit_outside_exits_is_named_as_one(tmp_path: Path) -> None:
    """A direction dedented out of `exits:` lands among the place's own keys."""
    problems = problems_for(tmp_path, {"world.yaml": MINIMAL.replace(
        "    exits:\n      south: room\n", "    exits:\n      south: room\n    east: room\n")})
    problem = only(problems, "unknown key 'east' in place 'hall'")
    assert "exits go under `exits:`" in problem.hint


def test_a_place_key_that_is_no_direction_gets_the_nearest_key(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"world.yaml": MINIMAL.replace(
        "    exits:\n      south: room\n", "    exit:\n      south: room\n")})
    assert only(problems, "unknown key 'exit'").hint == "did you mean 'exits'?"


@pytest.mark.parametrize(("written", "meant"), [("Hall", "hall"), ("great-hall", "great_hall"),
                                                ("Great Hall", "great_hall")])
def test_an_invalid_id_is_shown_as_it_should_be_written(tmp_path: Path, written: str,
                                                        meant: str) -> None:
    problems = problems_for(tmp_path, {"world.yaml": MINIMAL.replace("  hall:\n",
                                                                     f"  {written}:\n")})
    problem = only(problems, f"'{written}' is not a valid id")
    assert problem.hint.endswith(f"write '{meant}' (here and wherever it is named)")


def test_an_id_with_no_valid_spelling_gets_the_rule(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"world.yaml": MINIMAL.replace("  hall:\n", "  2nd:\n")})
    assert only(problems, "'2nd' is not a valid id").hint == \
        "ids are lower_case_with_underscores, starting with a letter"


def test_a_tab_in_the_indentation_is_shown_and_named(tmp_path: Path) -> None:
    """libyaml's words for a tab ("found character that cannot start any token") do not
    say it is a tab, and a tab looks like spaces: the quoted line shows it, and a note
    says what YAML wants."""
    world = MINIMAL.replace("    name: A Hall\n", "\tname: A Hall\n")
    problems = problems_for(tmp_path, {"world.yaml": world})
    text = format_problems(problems)
    assert "| →name: A Hall" in text
    assert "= note: this line is indented with a tab (shown as →); YAML indents with " \
        "spaces only" in text
    problem = problems[0]
    caret_line = text.splitlines()[text.splitlines().index(
        next(x for x in text.splitlines() if "→name" in x)) + 1]
    assert caret_line.index("^") - caret_line.index("|") == problem.col + 1


def test_a_tab_inside_a_value_gets_no_note(tmp_path: Path) -> None:
    world = MINIMAL.replace("    description: A bare room.\n",
                            "    description: A bare room.\n    descripton: a\ttab\n")
    text = format_problems(problems_for(tmp_path, {"world.yaml": world}))
    assert "| " + "    descripton: a→tab" in text
    assert "unknown key 'descripton'" in text and "note:" not in text


@pytest.mark.parametrize("reference", ["hall", "Hall"])
def test_a_reference_to_an_invalid_id_is_explained_by_it(tmp_path: Path,
                                                         reference: str) -> None:
    """Not `did you mean 'hal…'` for the nearest valid id: the place is there, misnamed."""
    world = MINIMAL.replace("  hall:\n", "  Hall:\n").replace("north: hall",
                                                               f"north: {reference}")
    problems = problems_for(tmp_path, {"world.yaml": world})
    problem = only(problems, f"unknown place '{reference}'")
    assert problem.hint == "it is defined as 'Hall', which is no valid id: rename the " \
        "definition 'hall' (and name it so here)"
