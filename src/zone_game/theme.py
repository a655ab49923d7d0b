"""The look of the terminal UI: named palettes of semantic style names, as rich Themes.

Renderers only ever name styles by meaning (`place.title`, `npc.writer`, `hazard`, …);
the colours live here, in one table per palette. A world chooses a palette per act with
its `acts: ID: theme: NAME` key — the world declares, Python only defines the palettes.
An unknown theme name falls back to the default palette (the checker, not the UI, is the
place to complain about it).

Characters name their style in the world (`style: npc.writer`). A palette may define
such names; any it does not define get a colour from `SPEAKER_COLOURS`, assigned in the
world's authored character order, so the same world always looks the same.

`NO_COLOR` (https://no-color.org) is honoured by the Console itself (rich reads it); the
styles then keep only bold/italic/dim, which still carry meaning without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported where a Theme is built, not at import time
    from rich.theme import Theme

    from zone_game.world import World

DEFAULT_PALETTE = "vivid"

# The semantic style names every palette defines. Renderers use only these, plus
# `npc.<id>` / the characters' own `style` names, plus `ending.<kind>` (`build_theme`
# defines one for every kind the world uses, so a style is never missing).
STYLE_NAMES: dict[str, str] = {
    "title": "the world's title on the title screen",
    "intro": "the world's introduction",
    "act.title": "an act's name when it begins",
    "place.title": "a place's name (the panel title)",
    "place.text": "a place's description",
    "place.border": "the frame around a place",
    "place.exits": "the list of exits",
    "place.items": "things lying here",
    "place.people": "people here",
    "narration": "a line of narration",
    "examine": "a close look at something",
    "player": "the player's own lines in a conversation",
    "speech": "the words spoken (after the speaker's name)",
    "choice.number": "the number of a dialogue option",
    "choice.text": "the text of a dialogue option",
    "hazard": "a hazard found by a probe, or walked into and survived",
    "hazard.deadly": "a hazard walked into that ends the story",
    "safe": "a probe that found nothing",
    "rejected": "a refused command",
    "rejected.hint": "the hint after a refusal",
    "asked": "the parser asking which thing was meant",
    "ending": "the ending screen's frame and title",
    "summary.label": "a label in the ending summary or a status table",
    "summary.value": "a value in the ending summary or a status table",
    "message": "a message of the shell itself (help, save, …)",
    "map.here": "the player's place on the map",
    "map.place": "a visited place on the map",
    "map.link": "a connection on the map, and the lines under it",
}

# palette name -> style name -> rich style definition
PALETTES: dict[str, dict[str, str]] = {
    "vivid": {
        "title": "bold bright_white", "intro": "italic", "act.title": "bold magenta",
        "place.title": "bold bright_cyan", "place.text": "", "place.border": "cyan",
        "place.exits": "green", "place.items": "yellow", "place.people": "bright_magenta",
        "narration": "", "examine": "", "player": "bold",
        "speech": "", "choice.number": "bold cyan", "choice.text": "",
        "hazard": "bold bright_red", "hazard.deadly": "bold reverse red",
        "safe": "green", "rejected": "italic red", "rejected.hint": "dim",
        "asked": "yellow", "ending": "bold bright_white",
        "summary.label": "bold", "summary.value": "cyan", "message": "dim",
        "map.here": "bold reverse cyan", "map.place": "cyan", "map.link": "dim",
        "ending.good": "bold green", "ending.bad": "bold red",
        "ending.death": "bold red", "ending.quiet": "bold yellow",
    },
    "sepia": {
        "title": "bold #e0c9a0", "intro": "italic #c8b088", "act.title": "bold #d0a868",
        "place.title": "bold #e0c9a0", "place.text": "#d8c8a8", "place.border": "#8a7350",
        "place.exits": "#b0a070", "place.items": "#d0b070", "place.people": "#c89878",
        "narration": "#d8c8a8", "examine": "#d8c8a8",
        "player": "bold #e0c9a0", "speech": "#d8c8a8", "choice.number": "bold #d0a868",
        "choice.text": "#d8c8a8", "hazard": "bold #d07050", "hazard.deadly": "bold reverse #b05030",
        "safe": "#a0a070", "rejected": "italic #b08070", "rejected.hint": "dim",
        "asked": "#d0b070", "ending": "bold #e0c9a0",
        "summary.label": "bold #c8b088", "summary.value": "#e0c9a0", "message": "dim",
        "map.here": "bold reverse #d0a868", "map.place": "#c8b088", "map.link": "dim",
        "ending.good": "bold #a0b070", "ending.bad": "bold #c07050",
        "ending.death": "bold #c05040", "ending.quiet": "bold #d0b070",
    },
}
# Distinct speaker colours per palette, handed out in authored character order.
SPEAKER_COLOURS: dict[str, tuple[str, ...]] = {
    "vivid": ("bold bright_yellow", "bold bright_green", "bold bright_magenta",
              "bold bright_blue", "bold bright_red", "bold cyan"),
    "sepia": ("bold #d0a868", "bold #b8a080", "bold #c89878", "bold #a89868"),
}
# Styles a speaker keeps when colour is off or the palette ran out of colours.
PLAIN_SPEAKER = "bold"


def palette_name(name: str) -> str:
    """The palette to use for a theme name a world declared ("" or unknown: the default)."""
    return name if name in PALETTES else DEFAULT_PALETTE


def speaker_styles(world: World, palette: str) -> dict[str, str]:
    """Style name -> definition for every character's `style` and `npc.<id>` name."""
    colours = SPEAKER_COLOURS[palette_name(palette)]
    defined = PALETTES[palette_name(palette)]
    styles: dict[str, str] = {}
    for index, char_id in enumerate(world.characters):
        character = world.characters[char_id]
        if char_id == world.player:
            colour = defined["player"]
        else:
            colour = colours[index % len(colours)] if colours else PLAIN_SPEAKER
        for name in (f"npc.{char_id}", character.style):
            if name and name not in styles:
                styles[name] = defined.get(name, colour)
    return styles


def build_theme(world: World | None, name: str = "") -> Theme:
    """A rich Theme for palette `name`, with the world's speaker styles added."""
    from rich.theme import Theme

    palette = palette_name(name)
    styles = dict(PALETTES[palette])
    if world is not None:
        styles.update(speaker_styles(world, palette))
        for ending_id in world.endings:  # any kind an author invents gets the plain look
            styles.setdefault(f"ending.{world.endings[ending_id].kind}", styles["ending"])
    return Theme({key: value or "none" for key, value in styles.items()}, inherit=True)


def theme_of_place(world: World, place_id: str) -> str:
    """The theme name the world declares for the act of `place_id` ("" when none)."""
    act = world.act_of(place_id)
    return act.theme if act is not None else ""
