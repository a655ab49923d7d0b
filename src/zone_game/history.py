"""The timeline of a run: every line given and the `Session` after it, with a cursor.

Sessions are immutable, so keeping all of them costs only what changed each turn, and
undo or redo is moving the cursor: O(1), however long the run. A new line after an undo
drops the undone lines (there is one timeline, not a tree).

One undo goes back to before the last line that changed the game; refused lines and
lines that changed nothing (`look`) on the way are skipped, so `undo` never seems to do
nothing.

A history restored from a save knows only its last session; the earlier ones are
re-simulated from the seed on first need (the engine is pure, so they come out the same).
Digests and JSON states are computed on first need and cached, so an autosave after every
turn costs one digest, not one per turn of the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zone_game.recording import Recording, Turn, WorldStamp, changes, this_engine
from zone_game.session import Session
from zone_game.statecodec import digest, state_json
from zone_game.world import World


class History:
    def __init__(self, world: World, seed: int, start: Session,
                 lines: list[str] | None = None, last: Session | None = None) -> None:
        self.world = world
        self.seed = seed
        self.lines: list[str] = list(lines or [])
        self._sessions: list[Session | None] = [start, *([None] * len(self.lines))]
        if last is not None:
            self._sessions[-1] = last
        self._digests: list[str | None] = [None] * len(self._sessions)
        self._states: list[dict[str, Any] | None] = [None] * len(self._sessions)
        self._changes: list[dict[str, Any] | None] = [None] * len(self._sessions)
        self._turns: list[Turn | None] = [None] * len(self._sessions)
        self.position = len(self.lines)

    @classmethod
    def played(cls, world: World, seed: int, lines: Iterable[str]) -> History:
        """A new run of `world` from `seed` with `lines` typed in turn, each recorded."""
        start, _ = Session.start(world, seed)
        history = cls(world, seed, start)
        session = start
        for line in lines:
            session, _events = session.submit(line, narrate=False)
            history.record(line, session)
        return history

    # ------------------------------------------------ reading

    def session(self, index: int) -> Session:
        """The session after `index` lines (0: the start), re-simulating if not known."""
        known = self._sessions[index]
        if known is not None:
            return known
        back = index
        while self._sessions[back] is None:
            back -= 1
        session = self._sessions[back]
        assert session is not None
        for number in range(back + 1, index + 1):
            session, _events = session.submit(self.lines[number - 1], narrate=False)
            if self._sessions[number] is None:
                self._sessions[number] = session
        return session

    @property
    def current(self) -> Session:
        return self.session(self.position)

    def digest(self, index: int) -> str:
        found = self._digests[index]
        if found is None:
            previous = self._sessions[index - 1] if index else None
            state = self.session(index).state
            if (previous is not None and self._digests[index - 1]
                    and (previous.state is state or previous.state == state)):
                found = self._digests[index - 1]  # refused, or `look`: the same state
            else:
                found = digest(self.world, state)
            self._digests[index] = found
        assert found is not None
        return found

    def state_json(self, index: int) -> dict[str, Any]:
        found = self._states[index]
        if found is None:
            state = self.session(index).state
            previous = self._sessions[index - 1] if index else None
            if previous is not None and previous.state is state:
                found = self.state_json(index - 1)  # a refused line: share the same dict
            else:
                found = state_json(self.world, state)
            self._states[index] = found
        return found

    def changes(self, index: int) -> dict[str, Any]:
        """What line `index` (1-based) changed, by names."""
        found = self._changes[index]
        if found is None:
            before, after = self.state_json(index - 1), self.state_json(index)
            found = {} if before is after else changes(before, after)
            self._changes[index] = found
        return found

    def turn(self, index: int) -> Turn:
        """Line `index` (1-based) as a recording holds it; the same object each time."""
        found = self._turns[index]
        if found is None:
            found = Turn(self.lines[index - 1], self.digest(index), self.changes(index))
            self._turns[index] = found
        return found

    # ------------------------------------------------ changing

    def record(self, line: str, session: Session) -> None:
        """A line was given at the cursor and led to `session`."""
        self._truncate()
        self.lines.append(line)
        self._sessions.append(session)
        self._digests.append(None)
        self._states.append(None)
        self._changes.append(None)
        self._turns.append(None)
        self.position += 1

    def cut(self, position: int) -> None:
        """Go back to `position` and forget every line after it (no redo)."""
        self.position = position
        self._truncate()

    def _truncate(self) -> None:
        keep = self.position
        if keep < len(self.lines):
            del self.lines[keep:]
            del self._sessions[keep + 1:]
            del self._digests[keep + 1:]
            del self._states[keep + 1:]
            del self._changes[keep + 1:]
            del self._turns[keep + 1:]

    def undo(self) -> int:
        """Move back before the last change; the number of lines undone (0: nothing to undo)."""
        state = self.current.state
        target = self.position - 1
        while target >= 0 and self.session(target).state == state:
            target -= 1
        if target < 0:
            return 0
        undone = self.position - target
        self.position = target
        return undone

    def redo(self) -> int:
        """Move forward to the next change; the number of lines redone (0: nothing to redo)."""
        state = self.current.state
        target = self.position + 1
        while target <= len(self.lines) and self.session(target).state == state:
            target += 1
        if target > len(self.lines):
            return 0
        redone = target - self.position
        self.position = target
        return redone

    def can_redo(self) -> bool:
        return self.position < len(self.lines)

    # ------------------------------------------------ recording

    def recording(self) -> Recording:
        """The run up to the cursor, as saves and run logs hold it."""
        turns = tuple(self.turn(index) for index in range(1, self.position + 1))
        session = self.current
        return Recording(
            world=WorldStamp.of(self.world), engine=this_engine(), seed=self.seed,
            start=self.state_json(0), start_digest=self.digest(0), turns=turns,
            final=self.state_json(self.position),
            memory=(session.last_command, session.refused_line, session.unknown_word))
