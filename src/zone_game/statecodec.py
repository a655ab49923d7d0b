"""Game states to and from JSON by names, checked against a world; and short state digests.

`state_json` writes what `state.to_json` writes. `from_json` is its strict inverse: every
id must exist in the world, every count and type must be right, and the first thing
wrong raises `StateError` naming the field (`state.items.lamp[0][1]: …`) — a tampered
or stale save is refused, never repaired.

`digest` is a short hash of a state that is equal for equal states of the same world in
every process and every Python version (no salted `hash`, sets order-free or sorted).
There are two versions of it (see `DIGEST_VERSIONS`); a file's format says which it holds
(`saves.FORMAT_DIGESTS`):
- version 1 (files of format 1) hashed the whole state written out, about 3 KB in the
  Zone, at every command;
- version 2 (formats 2 and 3; 3 is written today) hashes the state's fingerprint — the Zobrist sum
  over its facts that the engine keeps up to date as it changes them (see
  `fingerprint`) — with its seed, turn and mode: 40-odd bytes a command, however large
  the state has grown. Replay checks compute one digest per command.
Both stay: a run recorded with version 1 is checked with version 1.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from zone_game import fingerprint, rng
from zone_game.fingerprint import CONVERSATION, ENDING, LAST_ITEM, MASK, PENDING, PLACE
from zone_game.state import NUMBER_LIMIT, STATE_FORMAT, GameState, Mode, Pending, to_json
from zone_game.world import World

DIGEST_SIZE = 8  # bytes: 16 hex digits; collisions between two states of a run are moot
DIGEST_VERSION = 2  # the digest this build records


class StateError(ValueError):
    """A state in a file that does not fit the world: names the field and what is wrong."""


def state_json(world: World, state: GameState) -> dict[str, Any]:
    """The state as JSON-ready data, by names, with a stable key order."""
    return to_json(state, world.var_names, world.item_ids, world.character_ids,
                   tuple(world.hazards))


# ---------------------------------------------------------------- digests


@lru_cache(maxsize=16)
def _names_hash(world: World) -> Any:
    """A blake2b already fed with the world's names: states of other worlds never collide."""
    names = (world.var_names, world.item_ids, world.character_ids,
             tuple(world.hazards))
    return hashlib.blake2b(repr(names).encode("utf-8"), digest_size=DIGEST_SIZE)


# Part of a state -> its text, by identity. Consecutive states share every part that did
# not change (the engine keeps the same tuple or set object), so a replay encodes each part
# once per change rather than once per turn. Each entry keeps its object alive, so an id
# cannot be reused while it is in the table.
_encoded: dict[int, tuple[object, str]] = {}
_MAX_ENCODED = 512


def _part(value: tuple[Any, ...] | frozenset[str]) -> str:
    found = _encoded.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    if len(_encoded) >= _MAX_ENCODED:
        _encoded.clear()
    # ascii(), not repr(): its output does not depend on the Unicode database's idea of
    # what is printable, which changes between Python versions.
    text = _sorted_text(value) if isinstance(value, frozenset) else ascii(value)
    _encoded[id(value)] = (value, text)
    return text


# Names seen to be plain: printable ASCII without quotes or backslashes, so that `ascii`
# writes each as itself between single quotes. World ids always are; the set only grows
# with the names of the worlds this process plays.
_plain_names: set[str] = set()


def _sorted_text(names: frozenset[str]) -> str:
    """`ascii(tuple(sorted(names)))`, built by one join when every name is plain: a set of
    reached nodes grows every few turns, and `ascii` of a tuple costs several times the
    join. (`str.isprintable` is slow, hence the set of names already found plain.)"""
    ordered = sorted(names)
    if len(ordered) < 2:
        return ascii(tuple(ordered))
    if not names <= _plain_names:
        _plain_names.update(n for n in names if n.isascii() and n.isprintable()
                            and "'" not in n and "\\" not in n)
        if not names <= _plain_names:
            return ascii(tuple(ordered))
    return "('" + "', '".join(ordered) + "')"


def digest_v1(world: World, state: GameState) -> str:
    """Version 1: 16 hex digits of blake2b over the whole state written out (sets sorted,
    text ASCII-escaped), after the world's names."""
    pending = state.pending
    parts = (
        str(state.seed), str(state.turn), state.mode.value, ascii(state.place),
        _part(state.vars), _part(state.holdings), _part(state.character_places),
        _part(state.following), _part(state.visited), _part(state.reached_nodes),
        _part(state.exit_overrides), _part(state.closed_behind), _part(state.hazard_spots),
        _part(state.revealed), _part(state.fired), ascii(state.conversation),
        "-" if pending is None else ascii((pending.command, pending.word,
                                           pending.candidates)),
        ascii(state.last_item), ascii(state.ending), _part(state.counters),
    )
    hasher = _names_hash(world).copy()
    hasher.update("|".join(parts).encode("ascii"))
    return str(hasher.hexdigest())


def digest(world: World, state: GameState) -> str:
    """16 hex digits identifying the state (by the world's names) across processes and
    Python versions: the digest this build records (version 2).

    blake2b of the world's names key; the state's fingerprint (the Zobrist sum over its
    sets and tuples that the engine keeps up to date: see `fingerprint`) plus the numbers
    of its place, conversation, pending question, last thing named and ending, modulo
    2**64; its seed and turn as 64-bit numbers; and its mode's name — 40-odd bytes a
    command, however large the state has grown.
    """
    global _world_key
    known, keyed = _world_key
    if world is not known:
        # The key fed once: a copy of the hasher costs less than a new one (~0.15 µs).
        keyed = hashlib.blake2b(_names_key(world), digest_size=DIGEST_SIZE)
        _world_key = (world, keyed)  # one tuple: never a world with another's key
    pending = state.pending
    total = (state.fingerprint + PLACE[state.place] + CONVERSATION[state.conversation]
             + LAST_ITEM[state.last_item] + ENDING[state.ending]
             + (0 if pending is None else
                PENDING[(pending.command, pending.word, pending.candidates)]))
    # (A seed is read modulo 2**64 by the generator too; a turn past 2**64 — never in a
    # real run, but a state read from a file may claim one — is written out.)
    turn = state.turn
    numbers = _pack_numbers(total & MASK, state.seed & MASK, turn) if 0 <= turn <= MASK \
        else _pack_numbers(total & MASK, state.seed & MASK, 0) + str(turn).encode("ascii")
    hasher = keyed.copy()
    hasher.update(numbers)
    hasher.update(_MODE_NAMES[state.mode])
    return hasher.hexdigest()


# The world last digested, and a blake2b already fed with its names key.
_world_key: tuple[World | None, hashlib.blake2b] = (None, hashlib.blake2b(digest_size=DIGEST_SIZE))
_pack_numbers = struct.Struct(">QQQ").pack
_MODE_NAMES = {mode: mode.value.encode("ascii") for mode in Mode}


@lru_cache(maxsize=16)
def _names_key(world: World) -> bytes:
    """8 bytes from the world's names, hashed first: states of other worlds never collide."""
    return bytes(_names_hash(world).digest())


# Which digest a file holds, by the file's format version (saves and run logs alike: the
# formats' versions 1 and 2 differ only in their digests).
DIGEST_VERSIONS: dict[int, Callable[[World, GameState], str]] = {1: digest_v1, 2: digest}


# ---------------------------------------------------------------- reading


def from_json(world: World, data: Any, where: str = "state") -> GameState:
    """The state `data` describes, after checking every field against `world`.

    Raises `StateError` naming the first field that is wrong. `where` prefixes field
    names in messages (e.g. the file's name).
    """
    return _Reader(world, where).state(data)


class _Reader:
    def __init__(self, world: World, where: str) -> None:
        self.world = world
        self.where = where

    def fail(self, field: str, message: str) -> StateError:
        return StateError(f"{self.where}.{field}: {message}")

    def field(self, data: dict[str, Any], name: str, kind: type | tuple[type, ...],
              what: str) -> Any:
        if name not in data:
            raise self.fail(name, f"missing (expected {what})")
        value = data[name]
        # bool is an int in Python; a count written as `true` is still wrong.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple)
                                                    else (kind,)):
            raise self.fail(name, f"expected {what}, not {_show(value)}")
        if not isinstance(value, kind):
            raise self.fail(name, f"expected {what}, not {_show(value)}")
        return value

    def one_of(self, field: str, value: Any, known: Any, what: str) -> str:
        if not isinstance(value, str):
            raise self.fail(field, f"expected {what} id (text), not {_show(value)}")
        if value not in known:
            from zone_game.problems import did_you_mean

            hint = did_you_mean(value, known, what)
            raise self.fail(field, f"unknown {what} '{value}' in world "
                            f"'{self.world.id}'" + (f" ({hint})" if hint else ""))
        return value

    def id_list(self, data: dict[str, Any], name: str, known: Any, what: str) -> frozenset[str]:
        values = self.field(data, name, list, f"a list of {what} ids")
        return frozenset(self.one_of(f"{name}[{i}]", v, known, what)
                         for i, v in enumerate(values))

    def state(self, data: Any) -> GameState:
        world = self.world
        if not isinstance(data, dict):
            raise StateError(f"{self.where}: expected an object, not {_show(data)}")
        fmt = self.field(data, "format", int, "the state format number")
        if fmt > STATE_FORMAT or fmt < 1:
            raise self.fail("format", f"state format {fmt} is not one this zone-game reads "
                            f"(1 to {STATE_FORMAT}); a newer zone-game wrote it")
        seed = self.field(data, "seed", int, "a whole-number seed")
        if not rng.is_seed(seed):
            raise self.fail("seed", f"must be {rng.SEEDS}, not {seed}")
        turn = self.field(data, "turn", int, "a whole-number turn")
        if turn < 0:
            raise self.fail("turn", f"must be 0 or more, not {turn}")
        mode_name = self.field(data, "mode", str, "a mode name")
        modes = [m.value for m in Mode]
        if mode_name not in modes:
            raise self.fail("mode", f"unknown mode '{mode_name}' (one of {', '.join(modes)})")
        places = world.places
        place = self.one_of("place", data.get("place"), places, "place")
        holders = _holders(world)
        return fingerprint.refreshed(GameState(
            seed=seed, turn=turn, mode=Mode(mode_name), place=place,
            vars=self.vars(data), holdings=self.holdings(data, holders),
            character_places=self.characters(data, holders),
            following=self.id_list(data, "following", world.characters, "character"),
            visited=self.id_list(data, "visited", places, "place"),
            reached_nodes=self.id_list(data, "reached_nodes", world.dialogue,
                                       "dialogue node"),
            exit_overrides=self.id_list(data, "exit_overrides", _exit_names(world), "exit"),
            closed_behind=self.id_list(data, "closed_behind", _exit_names(world), "exit"),
            hazard_spots=self.hazards(data),
            revealed=self.id_list(data, "revealed", _hazard_spot_names(world),
                                  "hazard@place"),
            fired=self.id_list(data, "fired", _once_ids(world), "remark or timer"),
            conversation=self.optional_id(data, "conversation", world.dialogue,
                                          "dialogue node"),
            pending=self.pending(data),
            last_item=self.optional_id(data, "last_item", _thing_ids(world), "thing"),
            ending=self.optional_id(data, "ending", world.endings, "ending"),
            counters=self.counters(data), fingerprint=0))

    def optional_id(self, data: dict[str, Any], name: str, known: Any, what: str) -> str:
        value = self.field(data, name, str, f"a {what} id or \"\"")
        return value if value == "" else self.one_of(name, value, known, what)

    def vars(self, data: dict[str, Any]) -> tuple[int | bool, ...]:
        world = self.world
        values = self.field(data, "vars", dict, "an object of variables")
        for name in values:
            if name not in world.var_index:
                self.one_of(f"vars.{name}", name, world.var_names, "variable")
        out: list[int | bool] = []
        for name, initial in zip(world.var_names, world.var_initial, strict=True):
            if name not in values:
                raise self.fail(f"vars.{name}", "missing")
            value = values[name]
            if isinstance(initial, bool) and not isinstance(value, bool):
                raise self.fail(f"vars.{name}", f"expected true or false, not {_show(value)}")
            if not isinstance(initial, bool) and (isinstance(value, bool)
                                                  or not isinstance(value, int)
                                                  or not -NUMBER_LIMIT <= value < NUMBER_LIMIT):
                raise self.fail(f"vars.{name}", "expected a whole number from -2**63 to "
                                f"2**63-1, not {_show(value)}")
            out.append(value)
        return tuple(out)

    def holdings(self, data: dict[str, Any], holders: frozenset[str]) -> tuple[Any, ...]:
        world = self.world
        items = self.field(data, "items", dict, "an object of item holdings")
        self.exactly(items, world.items, "items", "item")
        out = []
        for item_id in world.items:
            entries = items[item_id]
            if not isinstance(entries, list):
                raise self.fail(f"items.{item_id}",
                                f"expected a list of [holder, count], not {_show(entries)}")
            holding: dict[str, int] = {}
            for i, entry in enumerate(entries):
                at = f"items.{item_id}[{i}]"
                if not (isinstance(entry, list) and len(entry) == 2):
                    raise self.fail(at, f"expected [holder, count], not {_show(entry)}")
                holder = self.one_of(f"{at}[0]", entry[0], holders, "place or character")
                count = entry[1]
                if isinstance(count, bool) or not isinstance(count, int):
                    raise self.fail(f"{at}[1]", f"expected a whole number, not {_show(count)}")
                if count < 1:
                    raise self.fail(f"{at}[1]", f"a count must be 1 or more, not {count}")
                if holder in holding:
                    raise self.fail(f"{at}[0]", f"'{holder}' is listed twice")
                holding[holder] = count
            out.append(tuple(sorted(holding.items())))
        return tuple(out)

    def characters(self, data: dict[str, Any], holders: frozenset[str]) -> tuple[str, ...]:
        world = self.world
        chars = self.field(data, "characters", dict, "an object of character places")
        self.exactly(chars, world.characters, "characters", "character")
        known = frozenset((*world.places, "nowhere"))
        return tuple(self.one_of(f"characters.{c}", chars[c], known, "place")
                     for c in world.characters)

    def hazards(self, data: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
        world = self.world
        hazards = self.field(data, "hazards", dict, "an object of hazard places")
        self.exactly(hazards, world.hazards, "hazards", "hazard")
        out = []
        for hazard_id in world.hazards:
            spots = hazards[hazard_id]
            if not isinstance(spots, list):
                raise self.fail(f"hazards.{hazard_id}",
                                f"expected a list of places, not {_show(spots)}")
            out.append(tuple(self.one_of(f"hazards.{hazard_id}[{i}]", s, world.places, "place")
                             for i, s in enumerate(spots)))
        return tuple(out)

    def pending(self, data: dict[str, Any]) -> Pending | None:
        if "pending" not in data:
            raise self.fail("pending", "missing (expected null or an object)")
        value = data["pending"]
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail("pending", f"expected null or an object, not {_show(value)}")
        command = self.field(value, "command", str, "text")
        word = self.field(value, "word", str, "text")
        candidates = self.field(value, "candidates", list, "a list of thing ids")
        things = _thing_ids(self.world)
        return Pending(command, word, tuple(self.one_of(f"pending.candidates[{i}]", c, things,
                                                        "thing")
                                            for i, c in enumerate(candidates)))

    def counters(self, data: dict[str, Any]) -> tuple[tuple[str, int], ...]:
        counters = self.field(data, "counters", dict, "an object of counters")
        for name, value in counters.items():
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(f"counters.{name}", f"expected a whole number, not "
                                f"{_show(value)}")
            if value < 0:
                raise self.fail(f"counters.{name}", f"must be 0 or more, not {value}")
        return tuple(sorted(counters.items()))

    def exactly(self, given: dict[str, Any], known: Any, field: str, what: str) -> None:
        for name in given:
            self.one_of(f"{field}.{name}", name, known, what)
        for name in known:
            if name not in given:
                raise self.fail(f"{field}.{name}", "missing")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


@lru_cache(maxsize=16)
def _holders(world: World) -> frozenset[str]:
    return frozenset((*world.places, *world.characters))


@lru_cache(maxsize=16)
def _exit_names(world: World) -> frozenset[str]:
    return frozenset(f"{p}.{e.name}" for p in world.places for e in world.places[p].exits)


@lru_cache(maxsize=16)
def _hazard_spot_names(world: World) -> frozenset[str]:
    return frozenset(f"{h}@{p}" for h in world.hazards for p in world.places)


@lru_cache(maxsize=16)
def _once_ids(world: World) -> frozenset[str]:
    ids = {t.id for t in world.timers}
    for c in world.characters:
        ids.update(r.id for r in world.characters[c].remarks)
    return frozenset(ids)


@lru_cache(maxsize=16)
def _thing_ids(world: World) -> frozenset[str]:
    ids = {*world.items, *world.characters}
    for p in world.places:
        ids.update(s.id for s in world.places[p].scenery)
    return frozenset(ids)
