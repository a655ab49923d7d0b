"""The parser returns exactly what it returned when `tests/data/parse_reference.json` was
written, field by field, for every case of `parse_cases` (about 98,000: every walkthrough
line in its state, and tricky and world-made lines in a sample of states).

Also what `visible_things` lists in each sampled state and what `tokenize` makes of each
line. The fixture was made with the parser before it was made faster; a difference here is a
change of behaviour. If one is intended, regenerate it (see `parse_cases`) and say so.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from parse_cases import REFERENCE, WORLDS, WorldCases, column_of, result_of
from parse_cases import cases as parse_cases


@cache
def cases(name: str) -> WorldCases:
    """A world's cases, worked out once for the tests of this module."""
    return parse_cases(name)


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return found


def _report(wrong: list[str]) -> str:
    return f"{len(wrong)} cases differ from the reference; the first:\n" + \
        "\n".join(wrong[:10])


@pytest.mark.parametrize("name", sorted(WORLDS))
def test_the_parser_returns_what_the_reference_holds(name: str,
                                                     reference: dict[str, Any]) -> None:
    expected = reference["worlds"][name]
    found = cases(name)
    # The same cases: walkthroughs, their states, the sampled states and the lines.
    assert {walk: w["lines"] for walk, w in expected["walks"].items()} == found.walks
    assert {walk: w["views"] for walk, w in expected["walks"].items()} == found.walk_views
    assert expected["states"] == {place: [list(key) for key in keys]
                                  for place, keys in found.states.items()}
    assert expected["lines"] == found.lines
    assert expected["place_lines"] == found.place_lines
    wrong: list[str] = []
    for walk, w in expected["walks"].items():
        for number, (line, index, got) in enumerate(
                zip(w["lines"], w["results"], found.walk_results[walk], strict=True)):
            if result_of(reference, index) != got:
                wrong.append(f"{walk} line {number} {line!r}: expected "
                             f"{result_of(reference, index)}, got {got}")
    samples = [(place, key) for place, keys in found.states.items() for key in keys]
    for line, runs, column in zip(expected["lines"], expected["columns"], found.columns,
                                  strict=True):
        for (place, key), want, got in zip(samples, column_of(reference, runs), column,
                                           strict=True):
            if want != got:
                wrong.append(f"{line!r} at {place} ({key[0]} before line {key[1]}): "
                             f"expected {want}, got {got}")
    for place, keys in found.states.items():
        for line, runs, column in zip(expected["place_lines"][place],
                                      expected["place_columns"][place],
                                      found.place_columns[place], strict=True):
            for key, want, got in zip(keys, column_of(reference, runs), column, strict=True):
                if want != got:
                    wrong.append(f"{line!r} at {place} ({key[0]} before line {key[1]}): "
                                 f"expected {want}, got {got}")
    assert not wrong, _report(wrong)


@pytest.mark.parametrize("name", sorted(WORLDS))
def test_what_is_visible_and_the_words_of_a_line_are_as_they_were(
        name: str, reference: dict[str, Any]) -> None:
    """The engine uses `visible_things` and `tokenize` too (which thing was meant, the
    words of a conversation's options)."""
    expected = reference["worlds"][name]
    found = cases(name)
    assert found.visible == expected["visible"]
    assert found.words == expected["words"]
    assert any(len(seen.split()) > 3 for states in found.visible.values() for seen in states)


def test_the_reference_covers_every_kind_of_answer(reference: dict[str, Any]) -> None:
    """The fixture is not vacuous: commands of every built-in verb, ambiguities, refusals
    with and without a did-you-mean, and `all`, are among the results."""
    results = [result_of(reference, i) for i in range(len(reference["results"]))]
    verbs = {r[1] for r in results if r[0] == "command"}
    assert {"go", "look", "examine", "take", "drop", "inventory", "wait", "talk",
            "leave"} <= verbs
    assert any(r[0] == "ambiguity" for r in results)
    assert any(r[0] == "command" and r[2] == "*all*" for r in results)
    assert any(r[0] == "refusal" and r[5] is not None for r in results)
    assert any(r[0] == "refusal" and r[2].startswith("did you mean") for r in results)
    assert any(r[0] == "command" and r[7] for r in results)  # a bare world verb
    assert any(r[0] == "command" and r[8] for r in results)  # wait for …
