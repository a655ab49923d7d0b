"""The format's type predicates (`spec.checker`) and the exact types that skip them."""

from __future__ import annotations

import pytest

from zone_game.spec import SHAPES, checker, plain_types

SAMPLES: list[object] = [True, False, 0, 3, -1, "text", "", None, 1.5, [], ["w"], [1],
                         [{"if": "a"}], ["a", {"if": "a"}], {}, {"a": 1}]


@pytest.mark.parametrize(("type_", "accepted"), [
    ("str", ["text", ""]), ("id", ["text", ""]), ("ref:place", ["text", ""]),
    ("int", [0, 3, -1]), ("bool", [True, False]), ("scalar", [True, False, 0, 3, -1]),
    ("cond", [True, False, "text", ""]),
    ("effects", ["text", "", [], ["w"]]), ("words", ["text", "", [], ["w"]]),
    ("text", ["text", "", [], ["w"], [{"if": "a"}], ["a", {"if": "a"}]]),
    ("list:str", [[], ["w"], [1], [{"if": "a"}], ["a", {"if": "a"}]]),
    ("map:int", [{}, {"a": 1}]), ("shape:place", [{}, {"a": 1}]),
    ("shape:exit", ["text", "", {}, {"a": 1}]),  # shorthand: a place id
    ("shape:line", ["text", "", [], ["w"], [{"if": "a"}], ["a", {"if": "a"}], {},
                    {"a": 1}]),  # shorthand: a text
    ("ref:node|list:shape:talk", ["text", "", [], ["w"], [1], [{"if": "a"}],
                                  ["a", {"if": "a"}]]),
])
def test_checker_accepts_exactly(type_: str, accepted: list[object]) -> None:
    assert [v for v in SAMPLES if checker(type_)(v)] == accepted


def test_an_unknown_type_is_a_mistake_in_the_spec() -> None:
    with pytest.raises(ValueError, match="unknown type in spec: number"):
        checker("number")("x")


@pytest.mark.parametrize("type_", sorted(
    {key.type for shape in SHAPES.values() for key in shape.keys}))
def test_plain_types_never_admit_what_the_checker_refuses(type_: str) -> None:
    for value in SAMPLES:
        if type(value) in plain_types(type_):
            assert checker(type_)(value), (type_, value)
