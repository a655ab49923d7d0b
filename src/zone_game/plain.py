"""Plain text: events as strictly linear lines, for screen readers, pipes and scripts.

No colour, no escape sequences, no redraws; options one per line. The same function
renders transcripts and golden test expectations, so its output is kept stable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from zone_game.events import (
    ActBegan,
    Asked,
    ChoicesOffered,
    CompanionMoved,
    ConversationEnded,
    Described,
    Ended,
    Event,
    Examined,
    HazardRevealed,
    HazardTriggered,
    Introduced,
    InventoryListed,
    ItemMoved,
    Moved,
    Narrated,
    ProbedSafe,
    Rejected,
    Said,
)
from zone_game.vocabulary import capital


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(textwrap.wrap(paragraph, width) if width > 0 else [paragraph])
    return lines


def wrap_message(message: str, width: int = 78) -> str:
    """A shell's own reply (`help`, `map`, `status`, a save's note) wrapped like the game's
    text. Each line is an item of its own (a place of the map, a status row), so a line
    that wraps goes on indented by two. Words are never broken (a save's path stays
    whole), and a message with an indented line is preformatted (a problem with its
    source line and caret, the list of saves) and stays as it is."""
    lines = message.split("\n")
    if width <= 0 or any(line[:1].isspace() for line in lines):
        return message
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width, subsequent_indent="  ",
                                 break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(out)


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def render_event(event: Event, width: int = 78) -> list[str]:
    """The lines one event reads as. Events that only inform the UI read as nothing."""
    if isinstance(event, Introduced):
        return [event.title.upper(), "", *_wrap(event.text, width)] if event.text else \
            [event.title.upper()]
    if isinstance(event, ActBegan):
        return [f"— {event.title} —"]
    if isinstance(event, Described):
        lines = [event.title, *_wrap(event.text, width)]
        if event.items:
            lines.extend(_wrap("You see " + _join_names([n for _, n in event.items]) + ".",
                               width))
        if event.people:
            names = [n for _, n in event.people]
            verb = "is" if len(names) == 1 else "are"
            lines.extend(_wrap(capital(_join_names(names)) + f" {verb} here.", width))
        lines.append("Exits: " + (", ".join(event.exits) if event.exits else "none") + ".")
        return lines
    if isinstance(event, HazardRevealed) and not event.text:
        return []  # a third hazard in one place: the second's line spoke for it
    if isinstance(event, (Narrated, ProbedSafe, HazardRevealed)):
        return _wrap(event.text, width)
    if isinstance(event, HazardTriggered):
        return _wrap(event.text, width)
    if isinstance(event, Examined):
        return _wrap(event.text, width)
    if isinstance(event, Said):
        return _wrap(f"{capital(event.name)}: “{event.text}”", width)
    if isinstance(event, ChoicesOffered):
        return [f"  {number}. {text}" for number, text in enumerate(event.options, 1)]
    if isinstance(event, InventoryListed):
        if not event.items:
            return ["You are carrying nothing."]
        return ["You are carrying:", *(f"  {name}" for _, name in event.items)]
    if isinstance(event, Asked):
        return _wrap(event.question, width)
    if isinstance(event, Rejected):
        lines = _wrap(event.reason, width)
        if event.hint:
            lines.extend(_wrap(f"({event.hint})", width))
        return lines
    if isinstance(event, Ended):
        lines = [f"*** {event.title} ***", *_wrap(event.text, width), ""]
        lines.extend(f"{label}: {value}" for label, value in event.summary)
        return lines
    if isinstance(event, CompanionMoved):
        return []  # authors narrate arrivals and departures in their own words
    if isinstance(event, (Moved, ItemMoved, ConversationEnded)):
        return []
    raise TypeError(f"no plain rendering for {type(event).__name__}")


def render(events: Iterable[Event], width: int = 78) -> str:
    """Events as text; a blank line separates descriptions from what came before."""
    out: list[str] = []
    for event in events:
        lines = render_event(event, width)
        if not lines:
            continue
        if isinstance(event, (Described, Ended, ActBegan)) and out and out[-1] != "":
            out.append("")
        out.extend(lines)
    return "\n".join(out)


