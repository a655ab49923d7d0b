"""The read-only shell words every shell offers: `map` and `status`.

They look at the run and change nothing, so they are answered by the shell (through the
controller's `META_COMMANDS` registry) rather than by the engine, and cost no turn.
Registered on import; the plain shell shows their text as it is, the terminal UI draws
the same facts as a map and a table (see `ui`).
"""

from __future__ import annotations

from zone_game.controller import META_COMMANDS, META_HELP, Controller, Reply
from zone_game.engine import status_lines

MAP_WORDS = ("map",)
STATUS_WORDS = ("status",)


def status_facts(controller: Controller) -> list[tuple[str, str]]:
    """(label, value) rows: the place, the turn, and the world's status lines."""
    world, state = controller.world, controller.session.state
    rows = [("Place", world.places[state.place].name), ("Turn", str(state.turn))]
    rows.extend(status_lines(world, state))
    return rows


def _map(controller: Controller, args: list[str]) -> Reply:
    from zone_game.mapview import map_listing

    return Reply(messages=("\n".join(map_listing(controller.world, controller.session.state)),))


def _status(controller: Controller, args: list[str]) -> Reply:
    return Reply(messages=("\n".join(f"{label}: {value}"
                                     for label, value in status_facts(controller)),))


def register() -> None:
    """Add the words to the controller's registry (idempotent)."""
    for word in MAP_WORDS:
        META_COMMANDS[word] = _map
    for word in STATUS_WORDS:
        META_COMMANDS[word] = _status
    META_HELP["map"] = "the places you have been and how they connect"
    META_HELP["status"] = "where you are, the turn, and what the world keeps count of"


register()
