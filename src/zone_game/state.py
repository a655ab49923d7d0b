"""The game state: every mutable fact of a run, in one frozen, hashable value.

Variables (flags, counters, moods, item flags) are a tuple indexed like
`World.var_names`; item holdings and character places are tuples indexed like the world's
item and character tables. Sets are frozensets (hashable; serialised sorted). The state
serialises to JSON by *names*, never by index, so a save outlives edits to the world.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple


class Mode(StrEnum):
    """The engine's modes; `modes.TRANSITIONS` says how commands move between them."""

    EXPLORING = "exploring"
    CONVERSATION = "conversation"
    DISAMBIGUATION = "disambiguation"
    ENDED = "ended"


# The modes as plain module constants, for the engine's many tests of the mode: on Python
# 3.11 an enum member read from its class (`Mode.ENDED`) goes through the enum's
# metaclass and costs ~80 ns, a module global ~8 ns; a turn tests the mode a dozen times.
EXPLORING = Mode.EXPLORING
CONVERSATION = Mode.CONVERSATION
DISAMBIGUATION = Mode.DISAMBIGUATION
ENDED = Mode.ENDED

STATE_FORMAT = 1

NUMBER_LIMIT = 2 ** 63  # a number variable holds -NUMBER_LIMIT … NUMBER_LIMIT - 1 (64 bits)

# (holder, count) pairs: where the units of one item are. Holder is a place id, a
# character id, or "nowhere".
Holdings = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Pending:
    """A command waiting for the player to say which thing they meant."""

    command: str
    word: str
    candidates: tuple[str, ...]


class GameState(NamedTuple):
    """Every mutable fact of a run. A named tuple rather than a frozen dataclass: the
    engine makes one per command, and a frozen dataclass's constructor (one
    `object.__setattr__` per field) cost 2.1 µs of a 20 µs turn, a tuple's 0.6 µs.
    Compare states only with states: as a tuple it would equal a plain tuple of the same
    values."""

    seed: int
    turn: int
    mode: Mode
    place: str
    vars: tuple[int | bool, ...]
    holdings: tuple[Holdings, ...]
    character_places: tuple[str, ...]
    following: frozenset[str]
    visited: frozenset[str]
    reached_nodes: frozenset[str]
    exit_overrides: frozenset[str]  # "place.exit" whose hidden flag is flipped
    closed_behind: frozenset[str]  # "place.exit" shut by a one-way passage
    hazard_spots: tuple[tuple[str, ...], ...]  # per hazard: the places it occupies
    revealed: frozenset[str]  # "hazard@place" found by a probe or an accident
    fired: frozenset[str]  # ids of once-only remarks and timers already fired
    conversation: str  # the current dialogue node, in conversation mode
    pending: Pending | None
    last_item: str  # the thing (item, person, scenery) "it", "them", "him", "her" refer to
    ending: str
    counters: tuple[tuple[str, int], ...]  # engine statistics: probes, moves, …
    # The state's Zobrist fingerprint (`fingerprint.of`): derived from the fields above,
    # kept up to date by the engine as it changes them, never saved. A state made with
    # `_replace` of a set or tuple needs `fingerprint.refreshed`.
    fingerprint: int


def to_json(state: GameState, var_names: tuple[str, ...], item_ids: tuple[str, ...],
            character_ids: tuple[str, ...], hazard_ids: tuple[str, ...]) -> dict[str, Any]:
    """A JSON-ready dict of the state, by names, with a stable key order."""
    return {
        "format": STATE_FORMAT,
        "seed": state.seed,
        "turn": state.turn,
        "mode": state.mode.value,
        "place": state.place,
        "vars": dict(zip(var_names, state.vars, strict=True)),
        "items": {item: [list(h) for h in holding]
                  for item, holding in zip(item_ids, state.holdings, strict=True)},
        "characters": dict(zip(character_ids, state.character_places, strict=True)),
        "following": sorted(state.following),
        "visited": sorted(state.visited),
        "reached_nodes": sorted(state.reached_nodes),
        "exit_overrides": sorted(state.exit_overrides),
        "closed_behind": sorted(state.closed_behind),
        "hazards": {h: list(spots)
                    for h, spots in zip(hazard_ids, state.hazard_spots, strict=True)},
        "revealed": sorted(state.revealed),
        "fired": sorted(state.fired),
        "conversation": state.conversation,
        "pending": None if state.pending is None else {
            "command": state.pending.command, "word": state.pending.word,
            "candidates": list(state.pending.candidates)},
        "last_item": state.last_item,
        "ending": state.ending,
        "counters": dict(state.counters),
    }
