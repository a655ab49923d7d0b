"""Where each part of a compiled world was written: a side table beside the `World`.

The compiled `World` holds no positions (it is cached as JSON and must stay small), but
tools that judge a world after it compiles — lint above all — must point at the line an
author has to change. A `SourceMap` keeps the located documents the compiler merged
(see `source.LMap`/`LSeq`) and answers positions lazily, by path:

    smap.find("places", "hut")                     # the key `hut:` under `places:`
    smap.find("places", "hut", "exits", "north")   # the key `north:` of its exits
    smap.find("verbs", "throw", "synonyms", 1)     # the second synonym
    smap.find("rules", 3, "do", 0)                 # the first effect of the fourth rule
    smap.find("world", "start")                    # the `start:` key of the world

A path that goes further than what was written (a default value, say) stops at the
deepest part that exists — a key, or a scalar value where the path expected a list
(`do: end x` answers for `("rules", 0, "do", 0)`) — so every answer is a real position
in a real file. Nothing is
computed up front: building a map costs one reference per section.

Invariant: positions are those of the compiler's merge, so an id defined twice resolves
to its first definition, as the compiler keeps it, and list sections (`rules`, `timers`)
are indexed across files in load order, as `Rule.index` is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zone_game.source import LMap, LSeq, Pos, line_col
from zone_game.vocabulary import DIRECTION_ALIASES

PathPart = str | int
# A located entry: (value as read, file, position of its key or list item).
Entry = tuple[Any, str, Pos]


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a source file, 1-based as editors count."""

    file: str
    line: int
    col: int


class SourceMap:
    """Positions of a compiled world's sections, records and keys, by path."""

    __slots__ = ("_lists", "_tables", "_world")

    def __init__(self, world: Entry | None, tables: Mapping[str, Mapping[str, Entry]],
                 lists: Mapping[str, Sequence[Entry]]) -> None:
        self._world = world
        self._tables = tables
        self._lists = lists

    def find(self, section: str, *path: PathPart) -> Location | None:
        """The position of the deepest written part of `section/path`, or None if the
        section or the record itself was never written."""
        entry = self._entry(section, path[0] if path else None)
        if entry is None:
            return None
        value, file, pos = entry
        value_pos = pos
        rest = path if section == "world" else path[1:]
        for part in rest:
            found = _step(value, part)
            if found is None:
                if not isinstance(value, (LMap, LSeq)):
                    # A scalar where a list could stand (`do: end x` for `do: [end x]`):
                    # the value itself is the deepest part written.
                    pos = value_pos
                break
            value, pos, value_pos = found
        return Location(file, *line_col(pos))

    def _entry(self, section: str, first: PathPart | None) -> Entry | None:
        if section == "world":
            return self._world
        if isinstance(first, int):
            items = self._lists.get(section, ())
            return items[first] if 0 <= first < len(items) else None
        if first is None:
            return None
        return self._tables.get(section, {}).get(first)


def _key(mapping: LMap, part: PathPart) -> Any:
    """The key of `mapping` that `part` names: itself, or an exit written as `n` for
    `north` (the compiler stores exit names lower-cased and with aliases resolved)."""
    if part in mapping:
        return part
    if isinstance(part, str):
        for key in mapping:
            if isinstance(key, str) and DIRECTION_ALIASES.get(key.lower(),
                                                              key.lower()) == part:
                return key
    return None


def _step(value: Any, part: PathPart) -> tuple[Any, Pos, Pos] | None:
    """One step down: (the value, where its key or item stands, where the value stands)."""
    if isinstance(value, LMap):
        key = _key(value, part)
        if key is None:
            return None
        return value[key], value.key_pos[key], value.val_pos[key]
    if isinstance(value, LSeq) and isinstance(part, int) and 0 <= part < len(value):
        return value[part], value.item_pos[part], value.item_pos[part]
    return None
