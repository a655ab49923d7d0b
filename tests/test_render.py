"""Each event type rendered by a fixed-width, colourless Console, compared with expected text."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console, RenderableType

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
from zone_game.render import render_event, render_events, render_help, render_status
from zone_game.theme import build_theme


def show(renderable: RenderableType | None, width: int = 80) -> str:
    assert renderable is not None
    console = Console(file=StringIO(), width=width, color_system=None, theme=build_theme(None))
    console.print(renderable)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in out.splitlines())


HUT = Described("hut", "The Hut", "A one-room hut.", ("north", "down"),
                (("lamp", "an oil lamp"), ("bolt", "3 bolts")), (("helper", "the helper"),),
                True, "outside")


def test_place_is_a_titled_panel_with_items_people_and_exits() -> None:
    assert show(render_event(HUT), 40) == "\n".join([
        "╭─ The Hut ────────────────────────────╮",
        "│ A one-room hut.                      │",
        "│ You see an oil lamp and 3 bolts.     │",
        "│ The helper is here.                  │",
        "│ Exits: north, down.                  │",
        "╰──────────────────────────────────────╯",
    ])


def test_place_with_no_exits_and_several_people() -> None:
    event = Described("well", "The Well", "Stone.", (), (),
                      (("a", "the writer"), ("b", "the professor")), False, "inside")
    text = show(render_event(event), 60)
    assert "│ The writer and the professor are here." in text
    assert "│ Exits: none." in text


def test_author_text_is_never_markup() -> None:
    event = Described("x", "[red]Title[/red]", "A [bold]room[/bold] with [link=x]a link.",
                      (), (), (), True, "")
    text = show(render_event(event), 80)
    assert "[red]Title[/red]" in text
    assert "A [bold]room[/bold] with [link=x]a link." in text


def test_dialogue_line_names_the_speaker() -> None:
    event = Said("helper", "the helper", "Lead, then.", "npc.helper")
    assert show(render_event(event)) == "The helper: “Lead, then.”"


def test_choices_are_a_numbered_menu_that_wraps_under_its_text() -> None:
    event = ChoicesOffered("n", ("Will you come with me?",
                                 "Why do you want to go into the place nobody returns from?"))
    assert show(render_event(event), 40) == "\n".join([
        "1. Will you come with me?",
        "2. Why do you want to go into the place",
        "   nobody returns from?",
    ])


def test_inventory_is_a_table_or_a_sentence() -> None:
    table = show(render_event(InventoryListed((("bolt", "3 bolts"), ("pass", "a pass")))))
    assert table.split("\n") == [
        "You are carrying",
        "────────────────",
        "3 bolts",
        "a pass",
    ]
    assert show(render_event(InventoryListed(()))) == "You are carrying nothing."


def test_ending_is_a_framed_summary() -> None:
    event = Ended("reached", "The Well", "You reach the well.", "good",
                  (("Turns", "12"), ("Bolts thrown", "3")))
    lines = show(render_event(event), 40).split("\n")
    assert lines[0].startswith("╔") and "The Well" in lines[0]
    body = [line.strip("║ ") for line in lines[1:-1]]
    assert [b for b in body if b] == ["You reach the well.", "Turns         12",
                                      "Bolts thrown  3"]
    assert lines[-1].startswith("╚")


@pytest.mark.parametrize(("event", "expected"), [
    (Narrated("Somewhere a dog barks."), "Somewhere a dog barks."),
    (Examined("lamp", "an oil lamp", "The lamp is cold."), "The lamp is cold."),
    (HazardRevealed("anomaly", "ridge", "The bolt swerves."), "The bolt swerves."),
    (ProbedSafe("ridge", "The bolt lies still."), "The bolt lies still."),
    (HazardTriggered("burn", "ridge", "Heat scorches you.", False), "Heat scorches you."),
    (HazardTriggered("anomaly", "ridge", "The air folds.", True), "The air folds."),
    (Asked("Which key do you mean?", ("brass_key", "iron_key")), "Which key do you mean?"),
    (Rejected("You can't go west from here.", "exits here: north"),
     "You can't go west from here.\n(exits here: north)"),
    (Rejected("Nothing happens."), "Nothing happens."),
])
def test_one_line_events(event: Event, expected: str) -> None:
    assert show(render_event(event)) == expected


def test_act_is_a_rule_with_its_title() -> None:
    text = show(render_event(ActBegan("inside", "Inside the Zone", "vivid")), 40)
    assert text == "─────────── Inside the Zone ────────────"


def test_title_screen_shows_title_and_intro() -> None:
    text = show(render_event(Introduced("The Test Zone", "A small zone.")), 40)
    assert "THE TEST ZONE" in text
    assert "A small zone." in text


@pytest.mark.parametrize("event", [
    Moved("hut", "yard", "north"), ItemMoved("bolt", "a bolt", 1, "guide"),
    CompanionMoved("helper", "the helper", "yard", True), ConversationEnded("helper"),
])
def test_bookkeeping_events_render_as_nothing(event: Event) -> None:
    assert render_event(event) is None
    assert render_events([event, Narrated("x")]) and len(render_events([event])) == 0


def test_status_and_help() -> None:
    assert show(render_status("The Yard", 3, [("Bolts", "3")])).split("\n") == [
        "Place   The Yard", "Turn    3", "Bolts   3"]
    text = show(render_help("Commands: look.\nmap: the map"), 40)
    assert "Help" in text.split("\n")[0]
    assert "│ map: the map" in text


def test_forty_columns_wrap_inside_the_frame() -> None:
    event = Described("m", "The Meadow", "Tall grass in every direction. Paths run north "
                      "and east, and the wind moves over all of it.", ("west", "north"),
                      (), (), True, "inside")
    lines = show(render_event(event), 40).split("\n")
    assert all(len(line) <= 40 for line in lines)
    assert len(lines) > 4  # wrapped, not cut
    words = " ".join(" ".join(lines).replace("│", " ").split())
    assert "Paths run north and east, and the wind moves over all of it." in words


def test_commands_in_backticks_are_shown_bold_without_them() -> None:
    from zone_game.render import marked

    text = marked("type `help` for the commands", "rejected.hint")
    assert text.plain == "type help for the commands"
    bold = [text.plain[span.start:span.end] for span in text.spans if span.style == "bold"]
    assert bold == ["help"]
    assert marked("an odd ` backtick", "narration").plain == "an odd ` backtick"
