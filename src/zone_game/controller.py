"""A run in progress, as every shell drives it: the session plus the shell's own words.

The plain shell and the terminal UI both feed typed lines to `Controller.handle` and
render the `Reply`. Game commands go to the pure session; shell words (`help`, and those
registered in `META_COMMANDS` — saves, undo and friends) are answered here, so every
shell offers the same ones.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from zone_game.engine import available_commands
from zone_game.events import Ended, Event
from zone_game.session import Session
from zone_game.typedline import clean
from zone_game.world import World

QUIT_WORDS = frozenset(("quit", "q"))
# Said by an interactive shell when the story ends: the player stays, so that a death in
# the Zone can be taken back (a script's shell leaves instead).
ENDED_NOTE = ("The story has ended. `undo` takes back the last move, `restore` loads a "
              "save, `restart` begins again, `quit` leaves.")
HELP_WORDS = frozenset(("help", "?", "commands"))


@dataclass(frozen=True)
class Reply:
    """What a shell shows after a line: game events and/or messages of the shell itself."""

    events: tuple[Event, ...] = ()
    messages: tuple[str, ...] = ()
    quit: bool = False

    @property
    def ended(self) -> bool:
        return any(isinstance(e, Ended) for e in self.events)

    @property
    def leaving(self) -> str:
        """Why the shell leaves after this line ("quit", "ended"), or "" to go on. An
        interactive shell stays on "ended" (see `ENDED_NOTE`)."""
        return "quit" if self.quit else "ended" if self.ended else ""


MetaHandler = Callable[["Controller", list[str]], Reply]
# First word -> handler. Each entry documents itself in `META_HELP`.
META_COMMANDS: dict[str, MetaHandler] = {}
META_HELP: dict[str, str] = {}
# Called with the reason ("quit", "eof", "hangup", "terminate", "interrupt", "output": the
# output could not be written) when a run is
# left; the saves module registers the autosave here.
EXIT_HOOKS: list[Callable[[Controller, str], None]] = []
# Called after every line that went to the game, with its reply; each returns the reply
# (or an amended one, e.g. with a message). The saves module keeps undo history and the
# autosave here.
TURN_HOOKS: list[Callable[[Controller, Reply], Reply]] = []


# Called before each typed line is handled; returns messages to show first. `watch`
# uses it to reload an edited world; any shell that drives `handle` gets it for free.
BeforeCommand = Callable[["Controller"], tuple[str, ...]]


@dataclass
class Controller:
    """One run as every shell drives it: the world, the session, the lines given."""

    world: World
    seed: int
    session: Session
    opening: tuple[Event, ...]
    inputs: list[str] = field(default_factory=list)  # every line the engine accepted or not
    before_command: BeforeCommand | None = None
    extras: dict[str, Any] = field(default_factory=dict)  # per-run state of add-ons (saves)

    @classmethod
    def start(cls, world: World, seed: int) -> Controller:
        session, opening = Session.start(world, seed)
        return cls(world, seed, session, opening)

    def handle(self, line: str) -> Reply:
        notes = self.before_command(self) if self.before_command is not None else ()
        # Undecodable bytes and control characters never reach the run (see typedline):
        # one of them in the recording would make every later save fail.
        reply = self._handle(clean(line))
        return replace(reply, messages=notes + reply.messages) if notes else reply

    def _handle(self, line: str) -> Reply:
        command = line.strip()
        words = command.lower().split()
        if not words:
            return Reply(messages=("Type a command, or `help`.",))
        if command.lower() in HELP_WORDS:
            return Reply(messages=(self.help_text(),))
        if words[0] in META_COMMANDS:
            return META_COMMANDS[words[0]](self, words[1:])
        self.session, events = self.session.submit(command)
        self.inputs.append(command)
        reply = Reply(events=events)
        for hook in TURN_HOOKS:
            reply = hook(self, reply)
        return reply

    def leave(self, reason: str) -> None:
        """The run is being left (quit, end of input, hangup, …): run the exit hooks.

        They run with SIGHUP, SIGTERM and SIGINT held off, whichever shell calls: a closed
        terminal sends SIGHUP (often after the failed write that first noticed it, and
        sometimes twice), and one arriving inside the exit autosave would abort it — the
        run was leaving anyway.
        """
        with _signals_held():
            for hook in EXIT_HOOKS:
                hook(self, reason)

    def help_text(self) -> str:
        useful = available_commands(self.world, self.session.state)
        lines = [
            # Lines under 78 columns: the plain shell wraps longer ones (see plain.wrap_message).
            "Commands: go north (or just n, s, e, w, ne, …, u, d), look (l),",
            "examine THING (x), take THING, drop THING, inventory (i), wait (z),",
            "talk to PERSON, again (g), oops WORD (fix a misspelt word), help, quit.",
        ]
        verbs = sorted(self.world.verbs)
        if verbs:
            lines.append("This world also knows: " + ", ".join(verbs) + ".")
        for word, text in sorted(META_HELP.items()):
            lines.append(f"{word}: {text}")
        if useful:
            lines.append("Right now you could try: " + ", ".join(useful[:24]) + ".")
        return "\n".join(lines)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ignore SIGHUP, SIGTERM and SIGINT inside the block (main thread only: elsewhere
    Python cannot set handlers, and none of ours would run there anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = [s for s in (getattr(signal, n, None) for n in ("SIGHUP", "SIGTERM", "SIGINT"))
            if s is not None]
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: set outside Python, cannot be put back
                signal.signal(signum, handler)
