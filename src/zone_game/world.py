"""The compiled world: frozen, read-only values with no YAML and no I/O behind them.

Conditions and effects are expression trees (see `expr`); texts are tuples of variants,
each `(condition or None, parts)` where parts are literal strings and expression trees.
An empty text tuple means "no text". Every id is the author's symbolic id.

The tables of a world are `Table`s: read-only mappings that may hold their records as raw
JSON lists (a world loaded from the cache) and decode each record on first access, so a
warm start pays only for what a run touches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from zone_game.expr import Tree

Part = str | Tree
Variant = tuple[Tree | None, tuple[Part, ...]]
Text = tuple[Variant, ...]
Effects = tuple[Tree, ...]
TRUE: Tree = ("const", True)


def ends_story(effects: Effects) -> bool:
    """Whether the effects end the story (an `end ENDING` among them)."""
    return any(effect[0] == "end" for effect in effects)

NOWHERE = "nowhere"
PLAYER = "player"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Exit:
    """A way out of a place: where it leads, when it is open, what passing it says and does."""

    name: str
    to: str
    when: Tree
    closed: Text
    hidden: bool
    one_way: Text
    text: Text
    effects: Effects


@dataclass(frozen=True, slots=True)
class Scenery:
    """Something fixed in a place that can be examined: its nouns and description."""

    id: str
    nouns: tuple[str, ...]
    description: Text


@dataclass(frozen=True, slots=True)
class Place:
    """A location of the world graph: its texts, exits, scenery and act."""

    id: str
    name: str
    description: Text
    revisit: Text
    examine: Text
    act: str
    exits: tuple[Exit, ...]
    scenery: tuple[Scenery, ...]

    def exit(self, name: str) -> Exit | None:
        for candidate in self.exits:
            if candidate.name == name:
                return candidate
        return None

    def exit_shown(self, exit_: Exit, exit_overrides: frozenset[str]) -> bool:
        """An exit shows unless hidden; `reveal`/`hide` effects flip that (the overrides,
        "place.exit" strings kept in the state)."""
        if not exit_overrides:
            return not exit_.hidden
        return exit_.hidden == (f"{self.id}.{exit_.name}" in exit_overrides)

    def ways_offered(self, exit_overrides: frozenset[str],
                     closed_behind: frozenset[str]) -> tuple[str, ...]:
        """The names of the exits shown to the player: visible, and not shut behind them by
        a one-way passage (trying one of those still says why)."""
        return tuple(e.name for e in self.exits if self.exit_shown(e, exit_overrides)
                     and f"{self.id}.{e.name}" not in closed_behind)


@dataclass(frozen=True, slots=True)
class Item:
    """Something that can be carried (or not): names, description, where it starts, how many."""

    id: str
    name: str
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    description: Text
    at: str
    count: int
    plural: str
    portable: bool
    fixed: Text
    flags: tuple[tuple[str, int | bool], ...]


@dataclass(frozen=True, slots=True)
class Remark:
    """A companion's unprompted line: where, when and whether only once."""

    id: str
    text: Text
    at: str
    when: Tree
    once: bool


@dataclass(frozen=True, slots=True)
class Character:
    """A person: name, nouns, where they start, whom they talk as, and their remarks."""

    id: str
    name: str
    nouns: tuple[str, ...]
    description: Text
    at: str
    follows: bool
    moods: tuple[tuple[str, int], ...]
    talk: tuple[tuple[Tree, str], ...]
    remarks: tuple[Remark, ...]
    style: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line said on entering a dialogue node, by someone or as narration."""

    by: str
    text: Text
    when: Tree
    narrate: bool = False  # a stage direction, rendered as narration


@dataclass(frozen=True, slots=True)
class Option:
    """One of a node's choices: its text, when it is offered, its effects, where it leads."""

    text: str
    when: Tree
    effects: Effects
    goto: str


@dataclass(frozen=True, slots=True)
class Node:
    """A point in a conversation: its lines, effects, options and what follows."""

    id: str
    speaker: str
    lines: tuple[Line, ...]
    effects: Effects
    options: tuple[Option, ...]
    next: str
    hold: bool = False  # the player must choose: no `bye`, no walking away


@dataclass(frozen=True, slots=True)
class Topic:
    """Something a person can be asked about, by its nouns."""

    id: str
    nouns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verb:
    """A world's own verb: its synonyms, patterns and what it says when nothing answers."""

    id: str
    synonyms: tuple[str, ...]
    patterns: tuple[tuple[str, ...], ...]
    refuse: Text


@dataclass(frozen=True, slots=True)
class Rule:
    """What a command does in a world: which verb, item, person, way or place it answers."""

    index: int
    verb: str
    item: str
    person: str
    direction: str
    topic: str
    at: tuple[str, ...]
    when: Tree
    say: Text
    effects: Effects
    proceed: bool
    pattern: tuple[str, ...] | None = None  # only commands that fitted this pattern


@dataclass(frozen=True, slots=True)
class Hazard:
    """A hidden trap: where it may lie, and what finding it or walking into it does."""

    id: str
    candidates: tuple[str, ...]
    count: int
    probe_text: Text
    avoid_text: Text
    trigger_text: Text
    effects: Effects
    end: str
    stop: bool


@dataclass(frozen=True, slots=True)
class Timer:
    """Something that happens with time: every N turns, after N, or on entering a place."""

    id: str
    every: int
    after: int
    on_enter: str
    when: Tree
    say: Text
    by: str
    effects: Effects
    once: bool


@dataclass(frozen=True, slots=True)
class Ending:
    """A way the story ends: its title, text and kind."""

    id: str
    title: str
    text: Text
    kind: str


@dataclass(frozen=True, slots=True)
class Labelled:
    """A label and its text, shown when its condition holds (status bar, summary)."""

    label: str
    value: Text
    when: Tree


@dataclass(frozen=True, slots=True)
class Act:
    """A part of the story (places name their act): its title and colour theme."""

    id: str
    title: str
    theme: str


class Table(dict[str, T]):
    """A read-only id -> record mapping in authored order, decoding raw records lazily.

    A dict underneath, so that the engine's many lookups by id run at C speed; a table
    read from the cache starts with raw records and decodes each on first access
    (`__missing__`). Treat it as read-only: nothing in the program writes to it.
    """

    __slots__ = ("_decode", "_raw")

    def __init__(self, records: Mapping[str, T] | None = None,
                 raw: Mapping[str, Any] | None = None,
                 decode: Callable[[Any], T] | None = None) -> None:
        super().__init__(records or {})
        self._raw: dict[str, Any] = dict(raw or {})
        self._decode = decode

    def __missing__(self, key: str) -> T:
        raw = self._raw[key]  # raises KeyError for unknown ids, as a mapping should
        assert self._decode is not None
        record = self._decode(raw)
        super().__setitem__(key, record)
        return record

    def __contains__(self, key: object) -> bool:
        return key in self._raw if self._raw else super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw) if self._raw else super().__iter__()

    def __len__(self) -> int:
        return len(self._raw) if self._raw else super().__len__()

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 - get() is this method

    def keys(self) -> Any:
        return list(iter(self))

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]


@dataclass(frozen=True, eq=False)
class World:
    """A compiled world, compared and hashed by identity.

    Built by `compiler.compile_world` or read back from the cache.
    """

    id: str
    title: str
    version: str
    author: str
    start: str
    player: str
    intro: Text
    probe_safe: Text
    # Said for the second of several hazards a probe finds in one place, and for the
    # second of several stepped around on arrival: one throw shows one thing.
    probe_more: Text
    avoid_more: Text
    status: tuple[Labelled, ...]
    summary: tuple[Labelled, ...]
    acts: tuple[Act, ...]
    var_names: tuple[str, ...]
    var_initial: tuple[int | bool, ...]
    places: Table[Place]
    items: Table[Item]
    characters: Table[Character]
    dialogue: Table[Node]
    topics: Table[Topic]
    verbs: Table[Verb]
    rules: tuple[Rule, ...]
    hazards: Table[Hazard]
    timers: tuple[Timer, ...]
    endings: Table[Ending]
    content_hash: str = ""
    source_files: tuple[str, ...] = ()

    @cached_property
    def var_index(self) -> dict[str, int]:
        return {name: index for index, name in enumerate(self.var_names)}

    @cached_property
    def item_index(self) -> dict[str, int]:
        return {item_id: index for index, item_id in enumerate(self.items)}

    @cached_property
    def character_index(self) -> dict[str, int]:
        return {char_id: index for index, char_id in enumerate(self.characters)}

    @cached_property
    def hazard_index(self) -> dict[str, int]:
        return {hazard_id: index for index, hazard_id in enumerate(self.hazards)}

    @cached_property
    def rules_by_verb(self) -> dict[str, tuple[Rule, ...]]:
        grouped: dict[str, list[Rule]] = {}
        for rule in self.rules:
            grouped.setdefault(rule.verb, []).append(rule)
        return {verb: tuple(rules) for verb, rules in grouped.items()}

    @cached_property
    def timers_every_turn(self) -> tuple[Timer, ...]:
        return tuple(t for t in self.timers if not t.on_enter)

    @cached_property
    def timers_on_enter(self) -> dict[str, tuple[Timer, ...]]:
        grouped: dict[str, list[Timer]] = {}
        for timer in self.timers:
            if timer.on_enter:
                grouped.setdefault(timer.on_enter, []).append(timer)
        return {place: tuple(timers) for place, timers in grouped.items()}

    @cached_property
    def item_ids(self) -> tuple[str, ...]:
        """The items' ids in authored order: the order of the state's holdings."""
        return tuple(self.items)

    @cached_property
    def character_ids(self) -> tuple[str, ...]:
        """The characters' ids in authored order: the order of the state's places."""
        return tuple(self.characters)

    @cached_property
    def initial_places_of_items(self) -> dict[str, list[str]]:
        """place id -> ids of items that start there (used to find items cheaply)."""
        grouped: dict[str, list[str]] = {}
        for item_id in self.items:
            grouped.setdefault(self.items[item_id].at, []).append(item_id)
        return grouped

    @cached_property
    def _act_by_id(self) -> dict[str, Act]:
        by_id: dict[str, Act] = {}
        for act in self.acts:
            by_id.setdefault(act.id, act)  # the first of an id, as a search would find
        return by_id

    def act_of(self, place_id: str) -> Act | None:
        return self._act_by_id.get(self.places[place_id].act)


RECORD_TYPES: dict[str, type[Any]] = {
    "places": Place, "items": Item, "characters": Character, "dialogue": Node,
    "topics": Topic, "verbs": Verb, "hazards": Hazard, "endings": Ending,
}


def record_fields(cls: type[Any]) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)
