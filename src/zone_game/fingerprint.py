"""A state's fingerprint: a 64-bit sum over its facts, kept up to date as the state changes.

This is Zobrist hashing, as game engines key positions: every *feature* a state can have
— a name in one of its sets (`("visited", "meadow")`), a slot of one of its tuples with
its value (`("vars", 3, 1)`, `("holdings", 0, (("hut", 1),))`), a counter with its value —
has a fixed pseudo-random 64-bit number, and a state's fingerprint is the sum of the
numbers of the features it has (kept exact, not reduced modulo 2**64 until a digest
takes it: then every way of reaching a state gives the same number, and states compare
equal exactly when their facts do). A change of one fact changes the sum by
the difference of two numbers, so the engine keeps the fingerprint as it goes
(`_Turn.plus`, `_Turn.slot`, …) and a digest (`statecodec.digest`) never has to look
through the state. `of(state)` computes it from nothing, for states that are made whole
(a new run, a state read from a file) and for the tests that check the engine's upkeep.

The sets and tuples are the state's fields from `vars` to `fired` and `counters`; the
place, conversation, last thing named, ending and pending question have numbers too, but
the digest adds those itself (they change often and are quick to look up), and writes
the seed, turn and mode out. Feature numbers are the first 8 bytes of BLAKE2b of
the feature written out by `ascii`, the same in every process and Python version. The
table that remembers them is keyed by value, and `True == 1` as a key, so a feature is
written with its flags as 0 and 1: whichever is met first, the number is the same.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zone_game.state import GameState

MASK = (1 << 64) - 1

# The state's sets and tuples, by field name: each set's names and each tuple's slots
# are features. `hazard_spots` is dealt at the start of a run and never changes.
SET_FIELDS = ("following", "visited", "reached_nodes", "exit_overrides", "closed_behind",
              "revealed", "fired")
SLOT_FIELDS = ("vars", "holdings", "character_places", "hazard_spots")


def _without_bools(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, tuple):
        return tuple(map(_without_bools, value))
    return value


class Features(dict[Any, int]):
    """The numbers of one field's features (one slot's, for a tuple), by the name or
    value that completes the feature: `VISITED["meadow"]` is the number of
    `("visited", "meadow")`. Computed on first use; emptied when full (the numbers are a
    pure function of the features)."""

    def __init__(self, *prefix: Any) -> None:
        super().__init__()
        assert prefix, "a feature always begins with its field's name"
        self.prefix = prefix
        # `ascii((*prefix, key))` up to the key, written once: the feature's text is this,
        # the key's, and ")" (a world's first run in a process numbers hundreds).
        self._opening = "(" + "".join(ascii(part) + ", " for part in _without_bools(prefix))

    def __missing__(self, key: Any) -> int:
        if len(self) >= _MAX_FEATURES:
            self.clear()
        written = self._opening + ascii(key if type(key) is str else _without_bools(key)) + ")"
        found = self[key] = int.from_bytes(
            hashlib.blake2b(written.encode("ascii"), digest_size=8).digest(), "big")
        return found


class Slots(dict[Any, Features]):
    """The `Features` of each slot of one tuple field, by position (of each counter, by
    name)."""

    def __init__(self, field: str) -> None:
        super().__init__()
        self.field = field

    def __missing__(self, index: Any) -> Features:
        if len(self) >= _MAX_FEATURES:  # counter names come from files too
            self.clear()
        found = self[index] = Features(self.field, index)
        return found


_MAX_FEATURES = 1 << 16

# The tables, one per field: the engine adds and takes away their numbers as it changes
# the state (`_Turn.plus`, `_Turn.minus`, `_Turn.slot`, `_Turn.count`, and the loop that
# moves companions in `_Turn.arrive`).
SETS = {field: Features(field) for field in SET_FIELDS}
SLOTS = {field: Slots(field) for field in SLOT_FIELDS}
COUNTERS = Slots("counters")  # by the counter's name, not a position: see `of`
FOLLOWING, VISITED, REACHED_NODES, EXIT_OVERRIDES, CLOSED_BEHIND, REVEALED, FIRED = (
    SETS[field] for field in SET_FIELDS)
VARS, HOLDINGS, CHARACTER_PLACES, HAZARD_SPOTS = (SLOTS[field] for field in SLOT_FIELDS)
# The fields of one value each (an id, or "" for none; the pending question as its
# command, word and candidates, or None): `statecodec.digest` adds their numbers itself.
PLACE, CONVERSATION, PENDING, LAST_ITEM, ENDING = (
    Features(field) for field in ("place", "conversation", "pending", "last_item", "ending"))


def of(state: GameState) -> int:
    """The fingerprint of `state`, computed from all its facts."""
    total = 0
    for field in SET_FIELDS:
        total += sum(map(SETS[field].__getitem__, getattr(state, field)))
    for field in SLOT_FIELDS:
        slots = SLOTS[field]
        total += sum(slots[index][value] for index, value in enumerate(getattr(state, field)))
    total += sum(COUNTERS[name][value] for name, value in state.counters)
    return total


def of_hazards(spots: tuple[tuple[str, ...], ...]) -> int:
    """The part of a fingerprint that where the hazards lie makes (see `of`)."""
    return sum(HAZARD_SPOTS[index][places] for index, places in enumerate(spots))


def refreshed(state: GameState) -> GameState:
    """`state` with its fingerprint computed anew (after `_replace` of its facts)."""
    return state._replace(fingerprint=of(state))
