"""Helpers for driving a world through the pure session in tests."""

from __future__ import annotations

from zone_game.events import Event
from zone_game.plain import render
from zone_game.session import Session
from zone_game.world import World


def play(world: World, commands: list[str], seed: int = 7) -> tuple[Session, list[Event]]:
    """Run commands from a new game; returns the final session and every event."""
    session, opening = Session.start(world, seed)
    events = list(opening)
    for command in commands:
        session, new_events = session.submit(command)
        events.extend(new_events)
    return session, events


def last_text(world: World, commands: list[str], seed: int = 7) -> str:
    """The plain text of the events of the last command only."""
    session, _ = play(world, commands[:-1], seed)
    _, events = session.submit(commands[-1])
    return render(events)
