"""The condition and effect language's messages say what would be right.

The mistakes a new author made (docs/reviews/author-pass.md, findings 19 and 20):
an operator of another language, `=` for `==`, `=>` for `>=`, a condition that stops
after `and`, a function written without parentheses, `yes`/`no` for `true`/`false`.
Each message keeps its offset, so the compiler still names file:line:col.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_loader_problems import MINIMAL, only, problems_for

from zone_game.expr import ExprError, Names, Tree, parse_condition, parse_effect


def names() -> Names:
    return Names(frozenset({"fog", "warned", "writer.trust"}),
                 {"place": frozenset({"hut"}), "item": frozenset({"stone"}),
                  "character": frozenset({"writer"}), "node": frozenset(),
                  "ending": frozenset(), "hazard": frozenset(), "topic": frozenset()})


def error_of(parse: Callable[[str, Names], Tree], source: str) -> tuple[str, int, str]:
    with pytest.raises(ExprError) as caught:
        parse(source, names())
    return caught.value.message, caught.value.offset, caught.value.hint


CONDITIONS = [
    ("has(stone) and", "syntax error in condition: unexpected end after 'and'", 14,
     "something must follow 'and'"),
    ("fog >", "syntax error in condition: unexpected end after '>'", 5,
     "something must follow '>'"),
    ("", "syntax error in condition: unexpected end", 0,
     "conditions look like `has(nut) and writer.trust > 2`"),
    ("has(stone) && fog > 1", "syntax error in condition: unexpected '&&'", 11,
     "write `and`, e.g. `has(nut) and lamp.lit`"),
    ("has(stone) || warned", "syntax error in condition: unexpected '||'", 11,
     "write `or`, e.g. `has(nut) or lamp.lit`"),
    ("! warned", "syntax error in condition: unexpected '!'", 0,
     "write `not`, e.g. `not lamp.lit`"),
    ("fog = 3", "syntax error in condition: unexpected '='", 4,
     "compare with `==` (a single `=` assigns, in effects)"),
    ("(fog = 3) or warned", "syntax error in condition: unexpected '='", 5,
     "compare with `==` (a single `=` assigns, in effects)"),
    ("fog => 3", "syntax error in condition: unexpected '=>'", 4, "did you mean `>=`?"),
    ("fog =< 3", "syntax error in condition: unexpected '=<'", 4, "did you mean `<=`?"),
    ("warned == yes", "unknown name 'yes'", 10, "flags are true or false: write `true`"),
    ("warned == no", "unknown name 'no'", 10, "flags are true or false: write `false`"),
    ("has stone", "'has' is a function: write has(stone)", 0,
     "has(...): the player carries at least one of the item"),
    ("count > 2", "'count' is a function: write count(...)", 0,
     "count(...): how many of the item the player carries"),
    ("fog fog", "syntax error in condition: unexpected 'fog'", 4,
     "conditions look like `has(nut) and writer.trust > 2`"),
    ("(fog > 3", "syntax error in condition: '(' was never closed", 0,
     "conditions look like `has(nut) and writer.trust > 2`"),
]
EFFECTS = [
    ("warned = yes", "unknown name 'yes'", 9, "flags are true or false: write `true`"),
    ("warned = off", "unknown name 'off'", 9, "flags are true or false: write `false`"),
    ("fog = fog +", "syntax error in effect: unexpected end after '+'", 11,
     "something must follow '+'"),
    ("fog += ", "syntax error in effect: unexpected end", 6,
     "effects assign like `tide += 1` or `lamp.lit = true`"),
    ("fog =+ 1", "syntax error in effect: unexpected '+'", 5, "did you mean `+=`?"),
]


@pytest.mark.parametrize(("parse", "source", "message", "offset", "hint"),
                         [(parse_condition, *case) for case in CONDITIONS]
                         + [(parse_effect, *case) for case in EFFECTS])
def test_a_mistake_gets_its_fix(parse: Callable[[str, Names], Tree], source: str,
                                message: str, offset: int, hint: str) -> None:
    assert error_of(parse, source) == (message, offset, hint)


def test_valid_neighbours_of_the_mistakes_still_parse() -> None:
    """The new messages only explain errors: what parses is unchanged."""
    assert parse_condition("fog >= 3 and fog != 2", names())[0] == "and"
    assert parse_effect("fog = -1", names()) == ("assign", "fog", "=", ("neg",
                                                                        ("const", 1)))
    yes = Names(frozenset({"yes", "count"}), names().tables)  # a world may declare them
    assert parse_condition("yes and count > 1", yes)[0] == "and"


def test_the_messages_name_file_line_and_column(tmp_path: Path) -> None:
    extra = ("rules:\n  - verb: look\n    if: lit => 3\n"
             "  - verb: wait\n    if: lit && lit\n"
             "  - verb: look\n    do: lit = yes\n")
    problems = problems_for(tmp_path, {"world.yaml": MINIMAL, "r.yaml": extra})
    arrow = only(problems, "unexpected '=>'")
    assert (arrow.file.endswith("r.yaml"), arrow.line, arrow.col) == (True, 3, 13)
    both = only(problems, "unexpected '&&'")
    assert (both.line, both.col) == (5, 13)
    yes = only(problems, "unknown name 'yes'")
    assert (yes.line, yes.col, yes.hint) == (7, 15, "flags are true or false: write `true`")
