"""Remembered conditions (`expr._Memo`) give exactly the parser's trees and errors.

Each case first teaches the memo a shape with one text, then parses another text of the
same shape, and compares with the parser proper on fresh names (which remember nothing).
"""

from __future__ import annotations

import pytest

from zone_game.expr import ExprError, Names, Tree, _parse_full, parse_condition, parse_effect


def names_with(extra_vars: frozenset[str] = frozenset()) -> Names:
    return Names(frozenset({"a", "b", "n", "k_1", "k_2", "writer.trust", "lamp.lit",
                            "count", "notable", "order", "turnip", "has_x", "android"})
                 | extra_vars,
                 {"place": frozenset({"yard", "hut", "p1", "p2"}),
                  "item": frozenset({"nut", "lamp"}), "character": frozenset({"writer"}),
                  "node": frozenset({"hello"}), "ending": frozenset({"died"}),
                  "hazard": frozenset({"pit"}), "topic": frozenset()})


def full(source: str, names: Names | None = None) -> Tree:
    return _parse_full(source, names or names_with())


def error_of(source: str, names: Names) -> tuple[str, int, str]:
    with pytest.raises(ExprError) as caught:
        parse_condition(source, names)
    return caught.value.message, caught.value.offset, caught.value.hint


def full_error_of(source: str) -> tuple[str, int, str]:
    with pytest.raises(ExprError) as caught:
        _parse_full(source, names_with())
    return caught.value.message, caught.value.offset, caught.value.hint


@pytest.mark.parametrize(("teacher", "student"), [
    ("visited(p1) or k_1", "visited(p2) or k_2"),
    ("a and (b or not n)", "n and (a or not b)"),
    ("writer.trust > 2 and lamp.lit", "lamp.lit > 2 and writer.trust"),
    ("at(yard, hut) or has(nut) and count(nut) > 2", "at(hut, p1) or has(lamp) and "
                                                     "count(lamp) > 2"),
    ("here(writer) and not here(nut)", "here(nut) and not here(lamp)"),
    ("chance(n * 10) or revealed(pit)", "chance(a * 10) or revealed(pit)"),
    ("-(n + 1) * 2 >= writer.trust", "-(a + 1) * 2 >= b"),
    ("n % 3 // 2 != -4", "a % 3 // 2 != -4"),
    ("turn >= 12 and a", "turn >= 12 and writer.trust"),
    ("count > 1 and a", "count > 1 and b"),  # a variable named like a function
    ("a < b < n", "n < a < b"),
    ("said(hello) or ended(died)", "said(hello) or ended(died)"),
    ("a", "lamp.lit"),
    # variables whose names begin or end like fixed words
    ("notable or order", "turnip or has_x"),
    ("not android and not order", "not notable and not turnip"),
    ("a or a", "a or b"),  # a shape whose first text repeats a name is not learned
    ("a or b", "b or b"),
])
def test_a_remembered_shape_gives_the_parsers_tree(teacher: str, student: str) -> None:
    names = names_with()
    assert parse_condition(teacher, names) == full(teacher)
    assert parse_condition(student, names) == full(student)
    assert parse_condition(student, names) == full(student)  # now remembered by its text


def test_texts_of_one_shape_share_a_template() -> None:
    names = names_with()
    parse_condition("visited(p1) or k_1", names)
    parse_condition("visited(p2) or k_2", names)
    parse_condition("visited(yard) or a", names)
    assert len(names.memo.by_shape) == 1
    assert len(names.memo.by_text) == 3


@pytest.mark.parametrize(("teacher", "student"), [
    ("visited(p1) or k_1", "visited(p9) or k_1"),  # unknown place
    ("visited(p1) or k_1", "visited(p1) or k_9"),  # unknown variable
    ("visited(p1) or k_1", "visited(nut) or k_1"),  # an id of the wrong kind
    ("visited(p1) or k_1", "visited(p1) or writer.fear"),  # unknown mood
    ("visited(p1) or k_1", "visited(p1) or nobody.trust"),  # unknown owner
    ("visited(p1) or k_1", "visited(p1) or hut"),  # a place where a variable is read
    ("visited(p1) or k_1", "visited(p1.x) or k_1"),
    ("visited(p1) or k_1", "visited(p1) or\x00"),
    ("has(nut)", "has(writer)"),
    ("here(writer)", "here(yard)"),
    ("a and b", "a and turns"),
    ("at(yard, hut)", "at(yard, nut)"),
    ("a and b", "a and not.x"),  # a fixed word is not a free name, whatever follows it
    ("a and b", "a and notable.x"),
    ("a > 1", "1a > 1"),
])
def test_an_unknown_name_behind_a_remembered_shape_is_the_parsers_error(
        teacher: str, student: str) -> None:
    names = names_with()
    parse_condition(teacher, names)
    assert len(names.memo.by_shape) == 1  # the student's shape is remembered
    assert error_of(student, names) == full_error_of(student)
    assert error_of(student, names) == full_error_of(student)  # errors are not remembered


def test_a_variable_name_with_two_dots_is_refused_behind_a_shape() -> None:
    # A mood key may hold a dot, so a world can declare `writer.a.b`; the parser refuses
    # to read it (owner.name only), and so must a shape learned from `writer.trust`.
    names = names_with(frozenset({"writer.a.b"}))
    parse_condition("writer.trust > 2", names)
    with pytest.raises(ExprError) as caught:
        parse_condition("writer.a.b > 2", names)
    assert caught.value.message == "write attributes as owner.name (e.g. writer.trust)"


def test_the_memory_belongs_to_one_worlds_names() -> None:
    parse_condition("count > 1", names_with())  # `count` is a variable of this world
    other = Names(frozenset({"a"}), names_with().tables)
    with pytest.raises(ExprError) as caught:
        parse_condition("count > 1", other)
    assert caught.value.message == "'count' is a function: write count(...)"


def test_effects_and_templates_read_through_the_memory() -> None:
    names = names_with()
    assert parse_effect("n = n + 1", names) == ("assign", "n", "=", full("n + 1"))
    with pytest.raises(ExprError) as caught:
        parse_effect("n = b + zz", names)
    assert (caught.value.message, caught.value.offset) == ("unknown name 'zz'", 8)
