"""Themes: named palettes chosen by the world's acts, speaker styles, NO_COLOR."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from zone_game.events import Ended, Said
from zone_game.loader import load_world
from zone_game.render import render_event
from zone_game.theme import PALETTES, STYLE_NAMES, build_theme, theme_of_place

COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;[25];[0-9;]+)m")
WORLD = load_world(Path(__file__).parent / "worlds" / "testzone")


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_every_palette_defines_every_semantic_name(palette: str) -> None:
    assert set(STYLE_NAMES) <= set(PALETTES[palette])


def test_the_world_chooses_the_palette_by_act() -> None:
    assert theme_of_place(WORLD, "hut") == "sepia"
    assert theme_of_place(WORLD, "meadow") == "vivid"
    sepia, vivid = build_theme(WORLD, "sepia"), build_theme(WORLD, "vivid")
    assert sepia.styles["place.title"] != vivid.styles["place.title"]


def test_unknown_theme_names_fall_back_to_the_default() -> None:
    assert build_theme(WORLD, "no-such-theme").styles == build_theme(WORLD, "vivid").styles


def test_every_character_and_ending_kind_has_a_style() -> None:
    theme = build_theme(WORLD, "vivid")
    for char_id in WORLD.characters:
        assert f"npc.{char_id}" in theme.styles
    assert "npc.helper" in theme.styles  # the helper's own `style` key
    for ending_id in WORLD.endings:
        assert f"ending.{WORLD.endings[ending_id].kind}" in theme.styles


def colour_codes(no_color: bool) -> str:
    console = Console(file=StringIO(), width=60, force_terminal=True, color_system="truecolor",
                      no_color=no_color, theme=build_theme(WORLD, "vivid"))
    console.print(render_event(Said("helper", "the helper", "Lead, then.", "npc.helper")))
    console.print(render_event(Ended("x", "Odd", "An ending of a kind nobody planned.",
                                     "strange", ())))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def test_speakers_are_coloured_and_no_color_removes_colour_only() -> None:
    coloured = colour_codes(no_color=False)
    assert COLOUR.search(coloured)
    assert "\x1b[1;92mThe helper\x1b[0m: “Lead, then.”" in coloured  # the name, not the words
    plain = colour_codes(no_color=True)
    assert not COLOUR.search(plain)
    assert "\x1b[1mThe helper\x1b[0m" in plain  # bold still marks the speaker


def test_the_players_guide_lists_every_palette_and_style_name() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "playing.md").read_text(encoding="utf-8")
    for palette in PALETTES:
        assert f"`{palette}`" in guide
    for name, meaning in STYLE_NAMES.items():
        assert f"| `{name}` | {meaning} |" in guide
