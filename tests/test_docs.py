"""The format reference stays true: generated tables match the loader's table, and every
worked example loads cleanly on top of the base example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from zone_game import formatdoc
from zone_game.loader import load_world_with_problems
from zone_game.modes import TRANSITIONS

REFERENCE = REPO / "docs" / "world-format.md"
ENGINE_DOC = REPO / "docs" / "engine.md"
# ```yaml blocks are files; ```yaml fragment blocks are pieces shown inside prose.
_BLOCK = re.compile(r"```yaml( base| world)?\n(.*?)```", re.S)


def _examples() -> tuple[str, str, list[tuple[int, str, str]]]:
    text = REFERENCE.read_text(encoding="utf-8")
    blocks = [(text[:m.start()].count("\n") + 1, (m.group(1) or "").strip(), m.group(2))
              for m in _BLOCK.finditer(text)]
    base = next(body for _line, tag, body in blocks if tag == "base")
    world_part, rest = base.split("characters:", 1)
    return world_part, "characters:" + rest, [b for b in blocks if b[1] != "base"]


def test_generated_tables_are_current() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert formatdoc.regenerate(text) == text, \
        "run: python -m zone_game.formatdoc docs/world-format.md"


def test_every_section_and_shape_is_documented() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    from zone_game import spec

    for name in spec.SHAPES:
        assert f"<!-- generated:{name} -->" in text, name


@pytest.mark.parametrize("line", [b[0] for b in _examples()[2]])
def test_worked_example_loads(tmp_path: Path, line: int) -> None:
    world_part, rest, examples = _examples()
    _line, tag, body = next(b for b in examples if b[0] == line)
    if tag == "world":  # a whole `world:` section replacing the base's
        (tmp_path / "world.yaml").write_text(body)
        (tmp_path / "base.yaml").write_text(rest)
    else:
        (tmp_path / "world.yaml").write_text(world_part + rest)
        (tmp_path / "example.yaml").write_text(body)
    world, problems = load_world_with_problems(tmp_path, use_cache=False)
    assert [p for p in problems if p.severity == "error"] == [], \
        f"example at docs/world-format.md:{line}"
    assert world is not None


def test_engine_doc_lists_every_transition() -> None:
    text = ENGINE_DOC.read_text(encoding="utf-8")
    for transition in TRANSITIONS:
        row = f"| {transition.source.value} | {transition.trigger} | {transition.target.value} |"
        assert row in text, row


def _intro_as_played(tmp_path: Path, intro_yaml: str) -> list[str]:
    """The opening's lines, as the plain transcript shows them, of the base example with
    `intro_yaml` (an `intro:` key, indented as under `world:`) added."""
    from zone_game.walkthrough import Walkthrough, run_walkthrough

    world_part, rest, _ = _examples()
    tmp_path.mkdir()
    (tmp_path / "world.yaml").write_text(world_part + intro_yaml + rest)
    world, problems = load_world_with_problems(tmp_path, use_cache=False)
    assert world is not None, problems
    run = run_walkthrough(world, Walkthrough("x.walk", "", 1, "", ()))
    return run.transcript.split("The Kitchen")[0].rstrip("\n").splitlines()


def test_folded_and_literal_blocks_play_as_documented(tmp_path: Path) -> None:
    """The advice on `>` and `|`: the reference's own `>` example plays as wrapped
    paragraphs with a blank line between them (two blank lines in the block; one only
    breaks the line); the same prose in a `|` block leaves a stub line."""
    text = REFERENCE.read_text(encoding="utf-8")
    fragment = re.search(r"```yaml fragment\n(  intro: >\n.*?)```", text, re.S)
    assert fragment is not None, "the `>` example is gone from the reference"
    intro = fragment.group(1).rstrip(" ")  # indented as in a list item: as under `world:`
    folded = _intro_as_played(tmp_path / "folded", intro)
    assert not any(line and len(line.split()) <= 2 for line in folded[1:]), folded
    assert folded[-3:] == ["you must be across the marsh.", "",
                           "Your brother waits at the chapel."], folded
    one_blank = _intro_as_played(tmp_path / "one", intro.replace("\n\n\n", "\n\n"))
    assert one_blank[-2:] == ["you must be across the marsh.",
                              "Your brother waits at the chapel."], one_blank
    literal = _intro_as_played(tmp_path / "literal", intro.replace("intro: >", "intro: |"))
    assert "you" in literal, literal  # the stub a re-wrapped long line leaves
