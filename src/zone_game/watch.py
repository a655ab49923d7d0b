"""Live reload for `zone-game play --watch`: edit the world, keep playing where you were.

Before each command the watcher compares the world's files (name, modification time and
size — no dependency, no thread) with what it saw last. When they changed it loads the
world again and re-simulates every line typed so far, from the same seed, through a new
`Session`: the player stands where the new version of the world puts them after the same
commands. If the edited world has errors, they are shown in the game and play goes on in
the last good version; the next change is tried again.

The watcher is a `Controller.before_command` hook, so every shell that drives a
`Controller` (the plain shell, the terminal UI) reloads the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zone_game.controller import Controller
from zone_game.problems import ERROR, WorldError, format_problems
from zone_game.session import Session

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(world_path: Path) -> Snapshot:
    """What the watcher compares: every world file's name, mtime (ns) and size."""
    from zone_game.loader import world_files

    try:
        files = world_files(world_path)
    except WorldError:
        return ()
    seen: list[tuple[str, int, int]] = []
    for file in files:
        try:
            status = file.stat()
        except OSError:  # deleted between listing and looking: the next poll sees it
            continue
        seen.append((str(file), status.st_mtime_ns, status.st_size))
    return tuple(seen)


def replay(controller: Controller, session: Session) -> tuple[Session, int]:
    """Submit the controller's typed lines to `session`; stop if the story ends first.

    Returns the new session and how many lines were replayed.
    """
    replayed = 0
    for line in controller.inputs:
        if session.state.ending:
            break
        session, _events = session.submit(line, narrate=False)
        replayed += 1
    return session, replayed


@dataclass
class WorldWatcher:
    """A `before_command` hook that reloads `world_path` when its files change."""

    world_path: Path
    seen: Snapshot = field(default=())

    @classmethod
    def start(cls, world_path: Path) -> WorldWatcher:
        return cls(world_path, snapshot(world_path))

    def changed(self) -> bool:
        """Whether the files differ from the last look (and remember this look)."""
        now = snapshot(self.world_path)
        if now == self.seen:
            return False
        self.seen = now
        return True

    def __call__(self, controller: Controller) -> tuple[str, ...]:
        if not self.changed():
            return ()
        return reload(controller, self.world_path)


def reload(controller: Controller, world_path: Path) -> tuple[str, ...]:
    """Load the world again and re-simulate the run; messages say what happened."""
    from zone_game.loader import load_world_with_problems

    try:
        world, problems = load_world_with_problems(world_path)
    except WorldError as exc:
        world, problems = None, list(exc.problems)
    if world is None:
        errors = [p for p in problems if p.severity == ERROR] or problems
        return ("[The world changed, but the new version has errors — still playing the "
                "last good version. Fix them and save to try again.]",
                format_problems(errors))
    before = controller.session.state.place
    session, _opening = Session.start(world, controller.seed)
    session, replayed = replay(controller, session)
    controller.world = world
    controller.session = session
    note = f"[The world changed: reloaded, {replayed} command(s) replayed"
    if replayed < len(controller.inputs):
        note += f"; the story now ends after command {replayed}"
        del controller.inputs[replayed:]
    elif session.state.place != before:
        note += f"; you are now at {world.places[session.state.place].name}"
    return (note + ".]",)
