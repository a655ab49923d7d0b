"""Events as rich renderables, styled only by semantic names (see `theme`).

Every function here returns renderables and never prints: the `ui` module owns the one
Console. Author text always enters as `rich.text.Text` — never as console markup — so a
description containing `[bold]` shows those characters literally.

This module imports rich at the top: it is itself imported only by the terminal UI.
`rich.table` is imported where tables are made: the first screen needs none, and
start-up time is a budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

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

# A drawing's line: (text, style name) segments, as `mapview` produces them.
Segments = Sequence[tuple[str, str]]



def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def speaker_style(event: Said) -> str:
    """The style of a speaker's name: their own `style`, else `npc.<id>`."""
    return event.style or f"npc.{event.speaker}"


def render_place(event: Described) -> RenderableType:
    """A place as a titled panel: description, what and who is here, the exits."""
    body = Text(event.text, style="place.text")
    if event.items:
        body.append("\n")
        body.append("You see ")
        body.append(_join_names([name for _, name in event.items]), style="place.items")
        body.append(".")
    if event.people:
        names = [name for _, name in event.people]
        body.append("\n")
        body.append(capital(_join_names(names)), style="place.people")
        body.append(" is here." if len(names) == 1 else " are here.")
    body.append("\n")
    body.append("Exits: ")
    body.append(", ".join(event.exits) if event.exits else "none", style="place.exits")
    body.append(".")
    return Panel(body, title=Text(event.title, style="place.title"), title_align="left",
                 border_style="place.border", box=box.ROUNDED, padding=(0, 1))


def render_choices(event: ChoicesOffered) -> RenderableType:
    """Dialogue options as a numbered menu; long options wrap under their own text."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for number, option in enumerate(event.options, 1):
        grid.add_row(Text(f"{number}.", style="choice.number"),
                     Text(option, style="choice.text"))
    return grid


def render_inventory(event: InventoryListed) -> RenderableType:
    from rich.table import Table

    if not event.items:
        return Text("You are carrying nothing.", style="narration")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  header_style="summary.label")
    table.add_column("You are carrying")
    for _, name in event.items:
        table.add_row(Text(name, style="place.items"))
    return table


def render_ending(event: Ended) -> RenderableType:
    """The ending screen: its title and text framed, and the run's summary as a table."""
    from rich.table import Table

    style = f"ending.{event.kind}"
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="summary.label", no_wrap=True)
    summary.add_column(style="summary.value")
    for label, value in event.summary:
        summary.add_row(Text(label), Text(value))
    parts: list[RenderableType] = []
    if event.text:
        parts.extend((Text(event.text, style="narration"), Text("")))
    parts.append(summary)
    # Frame and title keep the plain `ending` style, and the kind's style is laid over the
    # title as a span: a base style must exist in the theme, while a span's style that
    # does not (a kind the theme never heard of) is simply left out.
    title = Text(event.title, style="ending")
    title.stylize(style)
    return Panel(Group(*parts), title=title, border_style="ending",
                 box=box.DOUBLE, padding=(1, 2))


def marked(text: str, style: str) -> Text:
    """`text` in `style`, with its `command` spans (backticks: how the engine and worlds
    write what to type) shown bold, without the backticks. Text with an odd number of
    backticks is left as written."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return Text(text, style=style)
    out = Text(style=style)
    for index, part in enumerate(parts):
        out.append(part, style="bold" if index % 2 else "")
    return out


def render_event(event: Event) -> RenderableType | None:
    """One event as a renderable; events that only inform the UI render as None."""
    if isinstance(event, Described):
        return render_place(event)
    if isinstance(event, Narrated):
        return marked(event.text, "narration")
    if isinstance(event, Examined):
        return Text(event.text, style="examine")
    if isinstance(event, Said):
        line = Text()
        line.append(capital(event.name), style=speaker_style(event))
        line.append(": ")
        line.append(f"“{event.text}”", style="speech")
        return line
    if isinstance(event, ChoicesOffered):
        return render_choices(event)
    if isinstance(event, InventoryListed):
        return render_inventory(event)
    if isinstance(event, HazardRevealed):
        # Empty for a third hazard in one place: the second's line spoke for it.
        return Text(event.text, style="hazard") if event.text else None
    if isinstance(event, ProbedSafe):
        return Text(event.text, style="safe")
    if isinstance(event, HazardTriggered):
        return Text(event.text, style="hazard.deadly" if event.deadly else "hazard")
    if isinstance(event, Asked):
        return Text(event.question, style="asked")
    if isinstance(event, Rejected):
        text = marked(event.reason, "rejected")
        if event.hint:
            text.append_text(marked(f"\n({event.hint})", "rejected.hint"))
        return text
    if isinstance(event, ActBegan):
        return Rule(Text(event.title, style="act.title"), style="act.title")
    if isinstance(event, Ended):
        return render_ending(event)
    if isinstance(event, Introduced):
        return render_title(event.title, event.text)
    if isinstance(event, (Moved, ItemMoved, CompanionMoved, ConversationEnded)):
        return None
    raise TypeError(f"no rich rendering for {type(event).__name__}")


def render_events(events: Iterable[Event]) -> list[RenderableType]:
    """The renderables of a turn, in order, leaving out events with nothing to show."""
    out: list[RenderableType] = []
    for event in events:
        renderable = render_event(event)
        if renderable is not None:
            out.append(renderable)
    return out


def render_title(title: str, intro: str, seed: int | None = None) -> RenderableType:
    """The title screen: the world's title, its introduction, the seed and a few keys."""
    parts: list[RenderableType] = [Text(title.upper(), style="title", justify="center")]
    if intro:
        parts.extend((Text(""), Text(intro.strip(), style="intro")))
    footer = Text("help", style="choice.number")
    footer.append(" lists commands · ", style="message")
    footer.append("Tab", style="choice.number")
    footer.append(" completes · ", style="message")
    footer.append("map", style="choice.number")
    footer.append(" draws the way so far", style="message")
    parts.extend((Text(""), footer))
    subtitle = Text(f"seed {seed}", style="message") if seed is not None else None
    return Panel(Group(*parts), box=box.HEAVY, border_style="title", padding=(1, 2),
                 subtitle=subtitle, subtitle_align="right")


def render_message(text: str) -> RenderableType:
    """A message of the shell itself (save, undo, …), not of the story."""
    return marked(text, "message")


def render_help(text: str) -> RenderableType:
    """The controller's help text, framed."""
    return Panel(marked(text, ""), title=Text("Help", style="place.title"), title_align="left",
                 border_style="place.border", box=box.ROUNDED, padding=(0, 1))


def render_status(place: str, turn: int, lines: Sequence[tuple[str, str]]) -> RenderableType:
    """The status of the run as a two-column table: place, turn, the world's status lines."""
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="summary.label", no_wrap=True)
    table.add_column(style="summary.value")
    table.add_row(Text("Place"), Text(place))
    table.add_row(Text("Turn"), Text(str(turn)))
    for label, value in lines:
        table.add_row(Text(label), Text(value))
    return table


def render_drawing(lines: Sequence[Segments], title: str = "") -> RenderableType:
    """A drawing made of styled segments (the map), kept unwrapped, framed."""
    text = Text(no_wrap=True, overflow="crop")
    for index, line in enumerate(lines):
        if index:
            text.append("\n")
        for chunk, style in line:
            text.append(chunk, style=style)
    return Panel(text, title=Text(title, style="place.title") if title else None,
                 title_align="left", border_style="place.border", box=box.ROUNDED,
                 padding=(0, 1), expand=False)
