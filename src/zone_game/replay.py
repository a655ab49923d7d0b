"""Re-simulating recorded runs: exact checks, divergence reports, restoring saves.

`check` replays every recorded line through `Session.submit` and compares each state's
digest with the recorded one; the first difference is a `Divergence`, which rebuilds the
recorded state at that turn from the recording's changes and says, by names, what is
different now (place, variables, flags, moods, items, hazards, characters), and whether the
world's content hash or the engine's version changed since the recording.

`restore` turns a save into a `History`. Saved on this very world: the final state is
read back (checked field by field) without re-simulating. Saved on an edited world: the
lines are re-simulated on the world as it is now; the run is kept up to the last turn that
still agrees with the recording (on the names both worlds share), and the report says what
no longer applies and where the run now diverges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zone_game.engine import new_game
from zone_game.fingerprint import SET_FIELDS
from zone_game.history import History
from zone_game.recording import (
    MAPPED_KEYS,
    SET_KEYS,
    Recording,
    apply_changes,
    this_engine,
)
from zone_game.saves import SaveError, read_save, read_text
from zone_game.session import Session
from zone_game.state import GameState
from zone_game.statecodec import DIGEST_VERSIONS, StateError, from_json, state_json
from zone_game.world import World


def load_recording(path: Path) -> Recording:
    """A save (`.json`) or a run log (`.run.jsonl`), told apart by their first line."""
    from zone_game import runlog

    text = read_text(path, "save or run log")
    first = text.lstrip()[:200]
    if path.name.endswith(".jsonl") or '"zone-game-run"' in first.split("\n", 1)[0]:
        return runlog.decode(text, str(path))
    return read_save(path)[0]


def world_for(recording: Recording, override: str | None = None,
              loaded: dict[str, World] | None = None) -> World:
    """The world to replay on: `override`, else where it was recorded, else its id.

    `loaded` (world source -> world) keeps worlds already loaded in this process, for
    checking many runs at once. Raises WorldError (the world cannot be loaded) or
    SaveError (another world's run).
    """
    from zone_game.loader import load_world

    if override:
        source = override
    elif recording.world.path and Path(recording.world.path).exists():
        source = recording.world.path
    else:
        source = recording.world.id
    world = loaded.get(source) if loaded is not None else None
    if world is None:
        world = load_world(source)
        if loaded is not None:
            loaded[source] = world
    same_world(world, recording, "this run")
    return world


def same_world(world: World, recording: Recording, what: str) -> None:
    if world.id != recording.world.id:
        raise SaveError(f"{what} was played in world '{recording.world.id}' "
                        f"({recording.world.title}), not in '{world.id}' ({world.title})")


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class Divergence:
    turn: int  # 0: the start state already differs
    input: str  # the line at that turn ("" for turn 0)
    recorded: dict[str, Any] | None  # the recorded state there (None if not rebuildable)
    now: dict[str, Any]
    differences: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    turns: int  # lines re-simulated
    divergence: Divergence | None
    world_changed: bool
    engine_changed: bool
    recorded_hash: str
    current_hash: str
    recorded_engine: str

    @property
    def identical(self) -> bool:
        return self.divergence is None

    def report(self, name: str) -> list[str]:
        """The verdict in lines, as `replay --check` prints it."""
        if self.divergence is None:
            turns = f"{self.turns} command" + ("" if self.turns == 1 else "s")
            verb = "replays" if self.turns == 1 else "replay"
            lines = [f"{name}: identical — {turns} {verb} to the recorded digests"]
            if self.world_changed or self.engine_changed:
                lines.append("  (" + self._changed() + ", but the run is unaffected)")
            return lines
        d = self.divergence
        where = ("the start: the state before the first command differs from the "
                 "recorded one" if d.turn == 0 else
                 f"command {d.turn} of {self.turns}: `{d.input}`")
        lines = [f"{name}: diverged at {where}"]
        lines.append(f"  {self._changed()}")
        if d.recorded is None:
            lines.append("  (the recording's changes cannot rebuild the state at this turn)")
        lines.append("  recorded → now:")
        lines.extend(f"    {text}" for text in d.differences or ("(no difference by names; "
                                                                 "the digests differ)",))
        return lines

    def _changed(self) -> str:
        parts = []
        if self.world_changed:
            parts.append(f"world changed since recording (content hash "
                         f"{self.recorded_hash[:12]} → {self.current_hash[:12]})")
        else:
            parts.append("world unchanged")
        if self.engine_changed:
            parts.append(f"engine changed (zone-game {self.recorded_engine} → {this_engine()})")
        else:
            parts.append(f"engine unchanged (zone-game {this_engine()})")
        return "; ".join(parts)


def check(world: World, recording: Recording, upto: int | None = None) -> Check:
    """Re-simulate and compare digests, turn by turn; stops at the first difference."""
    state = new_game(world, recording.seed)  # the opening's events are not needed here
    session = Session(world, state)
    digest = DIGEST_VERSIONS[recording.digest_version]
    last = digest(world, state)
    divergence = None
    if last != recording.start_digest:
        divergence = _divergence(world, recording, 0, state)
    turns = recording.turns if upto is None else recording.turns[:upto]
    submit = Session.submit
    if divergence is None:
        for count, turn in enumerate(turns, 1):
            session, _ = submit(session, turn.input, narrate=False)
            now = session.state
            # A refused line leaves the very state; `look` an equal one: same digest.
            if now is not state and now != state:
                last = digest(world, now)
            state = now
            if last != turn.digest:
                divergence = _divergence(world, recording, count, now)
                break
    return Check(turns=len(recording.turns), divergence=divergence,
                 world_changed=world.content_hash != recording.world.content_hash,
                 engine_changed=this_engine() != recording.engine,
                 recorded_hash=recording.world.content_hash,
                 current_hash=world.content_hash, recorded_engine=recording.engine)


def _divergence(world: World, recording: Recording, turn: int, state: GameState) -> Divergence:
    now = state_json(world, state)
    try:
        recorded: dict[str, Any] | None = recording.state_at(turn)
    except (IndexError, TypeError, AttributeError):
        recorded = None
    try:
        differences = tuple(describe_diff(recorded, now)) if recorded is not None else ()
    except (TypeError, ValueError, AttributeError):
        differences = ("(the recording's states are damaged: no difference by names "
                       "can be shown)",)
    line = recording.turns[turn - 1].input if turn else ""
    return Divergence(turn, line, recorded, now, differences)


# ---------------------------------------------------------------- semantic differences


def describe_diff(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs between two states (JSON by names), one line each, `before → after`.
    A part that is not of its kind (a recorded state rebuilt from a damaged file's
    changes) is shown as damaged, not read."""
    out: list[str] = []
    for key in ("place", "mode", "ending", "conversation", "last_item", "seed"):
        if before.get(key) != after.get(key):
            out.append(f"{key}: {_value(before.get(key))} → {_value(after.get(key))}")
    mapped = {key: (_names_to(before, key), _names_to(after, key)) for key in MAPPED_KEYS}
    for key, (old, new) in mapped.items():
        if (old is None or new is None) and before.get(key) != after.get(key):
            out.append(f"{key}: {_whole(old, before.get(key))} → {_whole(new, after.get(key))}")
    items = set(mapped["items"][0] or ()) | set(mapped["items"][1] or ())
    characters = set(mapped["characters"][0] or ()) | set(mapped["characters"][1] or ())
    for name, old_value, new_value in _mapped(mapped["vars"]):
        owner = name.split(".", 1)[0] if "." in name else ""
        kind = ("mood" if owner in characters else "item flag" if owner in items
                else "flag" if isinstance(old_value, bool) or isinstance(new_value, bool)
                else "variable")
        out.append(f"{kind} {name}: {_value(old_value)} → {_value(new_value)}")
    for name, old_value, new_value in _mapped(mapped["items"]):
        out.append(f"item {name}: {_holding(old_value)} → {_holding(new_value)}")
    for name, old_value, new_value in _mapped(mapped["characters"]):
        out.append(f"character {name}: {_value(old_value)} → {_value(new_value)}")
    for name, old_value, new_value in _mapped(mapped["hazards"]):
        out.append(f"hazard {name}: {_spots(old_value)} → {_spots(new_value)}")
    for key in SET_FIELDS:
        old_set, new_set = name_set(before.get(key)), name_set(after.get(key))
        if old_set is None or new_set is None:
            if before.get(key) != after.get(key):
                out.append(f"{key.replace('_', ' ')}: {_whole(old_set, before.get(key))} → "
                           f"{_whole(new_set, after.get(key))}")
        elif old_set != new_set:
            gained = [f"+{v}" for v in sorted(new_set - old_set)]
            lost = [f"-{v}" for v in sorted(old_set - new_set)]
            out.append(f"{key.replace('_', ' ')}: " + " ".join(gained + lost))
    if before.get("pending") != after.get("pending"):
        out.append(f"pending question: {_value(before.get('pending'))} → "
                   f"{_value(after.get('pending'))}")
    if before.get("turn") != after.get("turn"):
        out.append(f"game turn: {_value(before.get('turn'))} → {_value(after.get('turn'))}")
    for name, old_value, new_value in _mapped(mapped["counters"]):
        out.append(f"counter {name}: {_value(old_value)} → {_value(new_value)}")
    return out


_ABSENT = object()
DAMAGED = "(damaged in the file)"


def name_set(value: Any) -> set[str] | None:
    """The names of a set of the state (a list of text; missing: none); None when it is
    not one."""
    if value is None:
        return set()
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return set(value)
    return None


def _names_to(state: dict[str, Any], key: str) -> dict[str, Any] | None:
    """An object by names of the state (missing: empty); None when it is not one."""
    value = state.get(key)
    if value is None:
        return {}
    return value if isinstance(value, dict) else None


def _whole(read: object, value: Any) -> str:
    """A part shown whole: damaged when it could not be `read`."""
    return DAMAGED if read is None else "(none)" if not value else str(value)


def _mapped(pair: tuple[dict[str, Any] | None, dict[str, Any] | None]
            ) -> Iterable[tuple[str, Any, Any]]:
    old, new = pair
    if old is None or new is None:
        return  # shown whole, as damaged
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, _ABSENT), new.get(name, _ABSENT)
        if a != b:
            yield name, a, b


def _value(value: Any) -> str:
    if value is _ABSENT:
        return "(not in this world)"
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_value(v)}" for k, v in value.items())
    return str(value)


def _holding(value: Any) -> str:
    if value is _ABSENT:
        return "(not in this world)"
    if not value:
        return "nowhere"
    if not isinstance(value, list) or not all(
            isinstance(pair, list) and len(pair) == 2 for pair in value):
        return DAMAGED
    return ", ".join(f"{h} x{c}" for h, c in value)


def _spots(value: Any) -> str:
    if value is _ABSENT:
        return "(not in this world)"
    if not value:
        return "nowhere"
    names = name_set(value)
    return DAMAGED if names is None else ", ".join(value)


# ---------------------------------------------------------------- restoring


@dataclass(frozen=True)
class Restored:
    history: History
    messages: tuple[str, ...]  # what the player should know (empty for a plain restore)
    kept: int  # recorded lines kept


def restore(world: World, recording: Recording, name: str = "the save") -> Restored:
    """The run a save holds, on `world`; raises SaveError when it cannot be."""
    same_world(world, recording, name)
    start, _ = Session.start(world, recording.seed)
    lines = list(recording.inputs)
    if world.content_hash == recording.world.content_hash and recording.final is not None:
        try:
            state = from_json(world, recording.final, "state")
        except StateError as exc:
            raise SaveError(f"{name}: {exc} — the save was edited or damaged") from None
        expected = recording.turns[-1].digest if recording.turns else recording.start_digest
        if DIGEST_VERSIONS[recording.digest_version](world, state) != expected:
            raise SaveError(f"{name}: the saved state does not match its recorded turns — "
                            "the file was edited; `zone-game replay FILE --check` says where")
        last = Session(world, state, *recording.memory)
        return Restored(History(world, recording.seed, start, lines, last), (), len(lines))
    return _restore_on_changed_world(world, recording, start, lines, name)


def _restore_on_changed_world(world: World, recording: Recording, start: Session,
                              lines: list[str], name: str) -> Restored:
    messages = [f"{name} was made with {_made_with(recording, world)}; replaying its "
                f"{len(lines)} commands on the world as it is now."]
    gone = ids_gone(world, recording)
    if gone:
        messages.append("No longer in the world: " + "; ".join(gone) + ".")
    history = History(world, recording.seed, start)
    recorded_states = recording.states()
    first = next(recorded_states)
    if not agree(first, history.state_json(0)):
        diff = describe_diff(first, history.state_json(0))
        messages.append("The world now starts differently (" + "; ".join(diff[:4])
                        + "); the run starts again from turn 0.")
        return Restored(history, tuple(messages), 0)
    session = start
    for number, (line, recorded) in enumerate(zip(lines, recorded_states, strict=False), 1):
        session, _ = session.submit(line, narrate=False)
        history.record(line, session)
        now = history.state_json(number)
        if not agree(recorded, now):
            history.cut(number - 1)
            diff = describe_diff(recorded, now)
            messages.append(f"From command {number} (`{line}`) the run goes differently now: "
                            + "; ".join(diff[:6]) + ".")
            messages.append(f"Kept commands 1 to {number - 1}; you are where you were after "
                            f"command {number - 1}." if number > 1 else
                            "Nothing could be kept; you are at the start.")
            return Restored(history, tuple(messages), number - 1)
    messages.append(f"All {len(lines)} commands replay the same way; nothing was lost.")
    return Restored(history, tuple(messages), len(lines))


def _made_with(recording: Recording, world: World) -> str:
    parts = []
    if recording.world.content_hash != world.content_hash:
        parts.append(f"an earlier version of '{world.id}' (content hash "
                     f"{recording.world.content_hash[:12]}, now {world.content_hash[:12]})")
    if recording.engine != this_engine():
        parts.append(f"zone-game {recording.engine} (this is {this_engine()})")
    return " and ".join(parts) or "a different world file"


def agree(recorded: dict[str, Any], now: dict[str, Any]) -> bool:
    """Equal on every name both states have (names added to or gone from the world aside)."""
    for key, value in now.items():
        old = recorded.get(key)
        if key in MAPPED_KEYS and isinstance(value, dict) and isinstance(old, dict):
            if any(old[n] != v for n, v in value.items() if n in old):
                return False
        elif key in SET_KEYS:
            continue  # a set over names; names of the new world decide, not the old
        elif value != old and key != "format":
            return False
    return True


def ids_gone(world: World, recording: Recording) -> list[str]:
    """Names the recording's final state uses that the world no longer has."""
    final = recording.final
    if final is None:
        final = recording.start
        for turn in recording.turns:
            final = apply_changes(final, turn.changes)
    gone = []
    tables = (("vars", world.var_index, "variable"), ("items", world.items, "item"),
              ("characters", world.characters, "character"),
              ("hazards", world.hazards, "hazard"))
    for key, known, what in tables:
        names = final.get(key) if isinstance(final.get(key), dict) else {}
        assert isinstance(names, dict)
        missing = sorted(n for n in names if n not in known)
        if missing:
            gone.append(f"{what} " + ", ".join(missing))
    place = final.get("place")
    places = ({place} if isinstance(place, str) else set()) | \
        (name_set(final.get("visited")) or set())
    missing_places = sorted(p for p in places if isinstance(p, str) and p
                            and p not in world.places)
    if missing_places:
        gone.append("place " + ", ".join(missing_places))
    return gone


# ---------------------------------------------------------------- re-recording


def rerecord(world: World, recording: Recording) -> Recording:
    """The same lines re-simulated on `world` by this engine: new digests and changes."""
    return History.played(world, recording.seed, recording.inputs).recording()

