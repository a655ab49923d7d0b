"""A recorded run: the world it was played on, its seed, and every line the player typed.

A `Recording` is what save files and run logs both hold (they differ only in layout). Each
`Turn` is one line given to `Session.submit` — refused lines too, so `again` and `oops`
replay exactly — with the digest of the state after it and the state's *changes* by names
(`{"place": "yard", "vars": {"patrol": 1}}`). The full state at turn 0 is kept too, so the
recorded state after any turn can be rebuilt without the world it was played on: that is
what lets a replay on an edited world say exactly which place, flag or item now differs.

"Turn N" in files and messages means the N-th line given, counting from 1; turn 0 is the
start of the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zone_game import __version__
from zone_game.fingerprint import SET_FIELDS
from zone_game.saves import FORMAT_DIGESTS, SAVE_VERSION
from zone_game.world import World

# The state's keys whose values are objects by name: a change lists only the names changed.
MAPPED_KEYS = ("vars", "items", "characters", "hazards", "counters")
# Its keys whose values are sets of names (lists, sorted): a change lists the names added
# and taken away. (The state's fields of the same names: see `fingerprint`.)
SET_KEYS = frozenset(SET_FIELDS)


@dataclass(frozen=True)
class WorldStamp:
    """Which world a run was played on: its id, version, content hash and where it was."""

    id: str
    title: str
    version: str
    content_hash: str
    path: str  # the world's directory or file when recorded ("" when unknown)

    @classmethod
    def of(cls, world: World) -> WorldStamp:
        return cls(world.id, world.title, world.version, world.content_hash, world_path(world))

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "version": self.version,
                "content_hash": self.content_hash, "path": self.path}


@dataclass(slots=True)
class Turn:
    """One recorded line: what was typed, the digest of the state after it, what it changed.

    Read-only, as every recorded value is — but not a frozen dataclass: a run log makes one
    per line, and a frozen one's set-up (a call of `object.__setattr__` per field) took
    longer than reading the line's digest. Only `row`'s cache is ever written."""

    input: str
    digest: str
    changes: dict[str, Any]
    _row: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def row(self) -> str:
        """The turn as one line of JSON (computed once: a save re-writes every turn)."""
        if self._row is None:
            self._row = json.dumps({"input": self.input, "digest": self.digest,
                                    "changes": self.changes},
                                   ensure_ascii=False, separators=(", ", ": "))
        return self._row


@dataclass(frozen=True)
class Recording:
    """A whole run as saved: the world stamp, engine, seed, start state and every turn."""

    world: WorldStamp
    engine: str
    seed: int
    start: dict[str, Any]  # the state at turn 0, as JSON by names
    start_digest: str
    turns: tuple[Turn, ...]
    final: dict[str, Any] | None = None  # the state after the last turn (saves only)
    # the Session's memory for `again`/`oops`: last_command, refused_line, unknown_word
    memory: tuple[str, str, str] = ("", "", "")
    # The layout of the file it was read from (`saves.FORMAT_DIGESTS`), which it keeps when
    # written again unchanged; runs recorded by this build have the newest.
    format_version: int = SAVE_VERSION

    @property
    def digest_version(self) -> int:
        """How its digests were computed (`statecodec.DIGEST_VERSIONS`)."""
        return FORMAT_DIGESTS[self.format_version]

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(t.input for t in self.turns)

    def states(self) -> Iterator[dict[str, Any]]:
        """The recorded state after each turn (turn 0 first), rebuilt from the changes."""
        state = self.start
        yield state
        for turn in self.turns:
            state = apply_changes(state, turn.changes)
            yield state

    def state_at(self, index: int) -> dict[str, Any]:
        for number, state in enumerate(self.states()):
            if number == index:
                return state
        raise IndexError(index)


def world_path(world: World) -> str:
    """The world's directory (or single file) as an absolute path, from its source files."""
    if not world.source_files:
        return ""
    first = Path(world.source_files[0]).resolve()
    path = str(first.parent if first.name == "world.yaml" else first)
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # a name in bytes that are not UTF-8 cannot go in a save:
        return ""  # unknown, so a replay finds the world by its id, as for a moved world
    return path


def this_engine() -> str:
    return __version__


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What differs in `after`, by names: of an object by names, the names changed (gone
    ones map to None); of a set, the names added (`"+"`) and taken away (`"-"`) — a set
    such as the nodes reached grows all run, and written whole at every change it made
    a long run's file grow with the square of its length (format 3; before it, sets were
    written whole, which `apply_changes` still reads)."""
    out: dict[str, Any] = {}
    for key, value in after.items():
        old = before.get(key)
        if value == old:
            continue
        if key in MAPPED_KEYS and isinstance(value, dict) and isinstance(old, dict):
            sub = {name: v for name, v in value.items() if old.get(name) != v}
            sub.update({name: None for name in old if name not in value})
            out[key] = sub
        elif key in SET_KEYS and isinstance(value, list) and isinstance(old, list):
            added, gone = set(value).difference(old), set(old).difference(value)
            out[key] = {**({"+": sorted(added)} if added else {}),
                        **({"-": sorted(gone)} if gone else {})}
        else:
            out[key] = value
    return out


def apply_changes(state: dict[str, Any], delta: dict[str, Any]) -> dict[str, Any]:
    """`state` with `delta` (from `changes`) applied; `state` itself is not modified. A
    change that does not fit what it changes (a damaged file's) is taken as the new value
    whole: the state rebuilt is then wrong where the file is, and shown so."""
    if not delta:
        return state
    out = dict(state)
    for key, value in delta.items():
        old = out.get(key)
        if key in MAPPED_KEYS and isinstance(value, dict) and isinstance(old, dict):
            merged = dict(old)
            for name, v in value.items():
                if v is None:
                    merged.pop(name, None)
                else:
                    merged[name] = v
            out[key] = merged
        elif key in SET_KEYS and isinstance(value, dict) and isinstance(old, list):
            out[key] = _set_changed(old, value)
        else:
            out[key] = value
    return out


def _set_changed(names: list[Any], change: dict[str, Any]) -> Any:
    """The sorted names with `change` (`{"+": [...], "-": [...]}`) made; the change itself
    when it is not one of names added and taken away."""
    added, gone = change.get("+", []), change.get("-", [])
    parts = (names, added, gone)
    if set(change) - {"+", "-"} or not all(isinstance(part, list) and
                                           all(isinstance(n, str) for n in part)
                                           for part in parts):
        return change
    return sorted(set(names).difference(gone).union(added))
