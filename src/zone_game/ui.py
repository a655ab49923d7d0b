"""The terminal UI: the one module that prints and reads the keyboard in rich mode.

A shell around `controller.Controller` — it renders events and reads lines, and never
decides an outcome or touches the engine's state. It owns one rich `Console` and one
prompt-toolkit `PromptSession` for the whole run:

- history in `$XDG_DATA_HOME/zone-game/history` (or `~/.local/share/zone-game/history`);
- Tab completion from `completion` (the engine's `available_commands`, verbs, directions,
  visible nouns), computed when Tab is pressed and cached per game state;
- a bottom toolbar with the place, the turn and the world's `status_lines`;
- the theme follows the act of the current place (`theme`), switched on `ActBegan`.

Leaving: `quit` or Ctrl-D ask first; Ctrl-C only cancels the line being typed; SIGHUP and
SIGTERM end the run cleanly. Every way out goes through `Controller.leave(reason)` exactly
once — the single hook where the autosave lives.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style
from rich.console import Console, RenderableType
from rich.theme import Theme

from zone_game import shellwords
from zone_game.controller import ENDED_NOTE, HELP_WORDS, QUIT_WORDS, Controller, Reply
from zone_game.events import ActBegan, Asked, ChoicesOffered, Event, Introduced
from zone_game.render import (
    render_drawing,
    render_events,
    render_help,
    render_message,
    render_status,
    render_title,
)
from zone_game.state import GameState
from zone_game.theme import build_theme, theme_of_place

if TYPE_CHECKING:
    from zone_game.completion import Candidates

PROMPT = FormattedText([("class:prompt", "> ")])
CONFIRM = "Really quit? (y/n) "
MEASURE = 100  # the widest a line of the story is set, in columns
PT_STYLE = Style.from_dict({
    "prompt": "bold",
    "bottom-toolbar": "reverse",
    "bottom-toolbar.place": "bold",
})


def history_path() -> Path:
    """Where typed commands are kept across runs: the user's data directory."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "zone-game" / "history"


def open_history(path: Path | None = None) -> History:
    """A file history, or an in-memory one when the data directory cannot be written."""
    path = path or history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:
        return InMemoryHistory()
    return _SparedFileHistory(str(path))


class _SparedFileHistory(FileHistory):
    """prompt-toolkit's file history, except that a file it cannot read or write (a full
    disk, a directory in its place) costs only the history kept across runs: this run's
    lines are still remembered. Unguarded, prompt-toolkit showed a traceback and "Press
    ENTER to continue..." after every line typed on a full disk."""

    def load_history_strings(self) -> Iterable[str]:
        try:
            return list(super().load_history_strings())
        except OSError:
            return []

    def store_string(self, string: str) -> None:
        with contextlib.suppress(OSError):
            super().store_string(string)


class Leave(BaseException):
    """Raised by the SIGHUP/SIGTERM handlers to unwind out of the prompt to `run`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GameCompleter(Completer):
    """prompt-toolkit's view of `completion`: candidates cached per game state."""

    def __init__(self, ui: TerminalUI) -> None:
        self.ui = ui
        self._state: GameState | None = None
        self._found: Candidates | None = None

    def found(self) -> Candidates:
        from zone_game.completion import candidates  # only once Tab is pressed

        state = self.ui.controller.session.state
        if self._found is None or state is not self._state:
            self._found = candidates(self.ui.controller.world, state, self.ui.options)
            self._state = state
        return self._found

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterable[Completion]:
        from zone_game.completion import complete

        for text, replaced in complete(document.text_before_cursor, self.found()):
            yield Completion(text, start_position=-replaced)


class TerminalUI:
    """One run in the terminal. `run()` plays until the player leaves (an ending is not the
    end of the program: the player may undo, restore or restart)."""

    def __init__(self, controller: Controller, console: Console | None = None,
                 input: Input | None = None, output: Output | None = None,
                 history: History | None = None) -> None:
        self.controller = controller
        self.console = console or Console(highlight=False, emoji=False)
        self.options: tuple[str, ...] = ()  # the choices on screen, for completion
        self._themes: dict[str, Theme] = {}
        self._theme_name: str | None = None
        self._toolbar_state: GameState | None = None
        self._toolbar_width = 0
        self._toolbar: FormattedText = FormattedText()
        self._left = False
        self.session: PromptSession[str] = PromptSession(
            history=history if history is not None else open_history(),
            completer=GameCompleter(self), complete_while_typing=False,
            bottom_toolbar=self.toolbar, style=PT_STYLE, input=input, output=output,
            reserve_space_for_menu=4)
        self.use_theme(theme_of_place(controller.world, controller.session.state.place))

    # ------------------------------------------------ output

    def use_theme(self, name: str) -> None:
        """Switch the console to the palette the world names for the current act."""
        if name == self._theme_name:
            return
        if name not in self._themes:
            self._themes[name] = build_theme(self.controller.world, name)
        if self._theme_name is not None:
            self.console.pop_theme()
        self.console.push_theme(self._themes[name])
        self._theme_name = name

    def show(self, renderables: Sequence[RenderableType]) -> None:
        width = self.measure()
        for renderable in renderables:
            self.console.print(renderable, width=width)

    def measure(self) -> int:
        """The width prose is set in: the terminal's, but no wider than `MEASURE`, since
        lines of 140 characters are hard to read (the toolbar still spans the terminal)."""
        return min(self.console.width, MEASURE)

    def show_events(self, events: Sequence[Event]) -> None:
        """Render a turn's events, switching theme where an act begins."""
        batch: list[Event] = []
        for event in events:
            if isinstance(event, ActBegan):
                self.show(render_events(batch))
                batch = []
                self.use_theme(event.theme)
            if isinstance(event, ChoicesOffered):
                self.options = event.options
            if isinstance(event, Asked):
                self.options = event.choices
            if isinstance(event, Introduced):
                self.show(render_events(batch))
                batch = []
                self.show([render_title(event.title, event.text, self.controller.seed)])
                continue
            batch.append(event)
        self.show(render_events(batch))

    def show_reply(self, line: str, reply: Reply) -> None:
        word = line.strip().lower().split()[0] if line.strip() else ""
        world, state = self.controller.world, self.controller.session.state
        # `undo`, `restore` or `restart` may have moved the run to another act: its look
        # comes with the place, not with an ActBegan event
        self.use_theme(theme_of_place(world, state.place))
        if word in shellwords.MAP_WORDS:
            from zone_game.mapview import draw

            self.show([render_drawing(draw(world, state, self.measure()), "Map")])
        elif word in shellwords.STATUS_WORDS:
            facts = shellwords.status_facts(self.controller)
            self.show([render_status(facts[0][1], state.turn, facts[2:])])
        elif line.strip().lower() in HELP_WORDS:
            self.show([render_help(message) for message in reply.messages])
        else:
            self.show([render_message(message) for message in reply.messages])
        self.show_events(reply.events)

    def toolbar(self) -> FormattedText:
        """Place · turn · the world's status lines, wrapped onto more lines when they do not
        fit the terminal's width; rebuilt only when the state or the width changes."""
        state = self.controller.session.state
        width = self._terminal_width()
        if state is not self._toolbar_state or width != self._toolbar_width:
            facts = shellwords.status_facts(self.controller)
            parts: list[tuple[str, str]] = [("class:bottom-toolbar.place", f" {facts[0][1]} ")]
            parts.append(("", f"· turn {state.turn} "))
            parts.extend(("", f"· {label}: {value} ") for label, value in facts[2:])
            self._toolbar = FormattedText(_wrap_segments(parts, width))
            self._toolbar_state = state
            self._toolbar_width = width
        return self._toolbar

    def _terminal_width(self) -> int:
        from prompt_toolkit.application.current import get_app

        # With no application running, get_app() answers with a dummy one (80 columns).
        return int(get_app().output.get_size().columns)

    # ------------------------------------------------ input

    def ask_quit(self) -> bool:
        """Ask before leaving; Ctrl-D at this question means yes, Ctrl-C means no."""
        try:
            answer = self.session.prompt(CONFIRM, completer=None, bottom_toolbar=None)
        except EOFError:
            return True
        except KeyboardInterrupt:
            answer = "n"
        if answer.strip().lower().startswith("y"):
            return True
        self.show([render_message("You stay.")])
        return False

    def leave(self, reason: str) -> None:
        """Run the controller's exit hooks, once, whatever way the run ends."""
        if not self._left:
            self._left = True
            self.controller.leave(reason)

    def turn(self, line: str) -> Reply:
        """One command: the controller answers, the reply is shown."""
        reply = self.controller.handle(line)
        self.show_reply(line, reply)
        self.console.print()
        return reply

    def run(self) -> int:
        """Play until the player leaves. Returns the exit status."""
        from zone_game.commands.play import start_collecting

        self.show_events(self.controller.opening)
        self.console.print()
        start_collecting()
        while True:
            try:
                line = self.session.prompt(PROMPT)
            except KeyboardInterrupt:
                continue  # Ctrl-C cancels the line being typed, nothing more
            except EOFError:
                if self.ask_quit():
                    self.leave("eof")
                    return 0
                continue
            if line.strip().lower() in QUIT_WORDS:
                if self.ask_quit():
                    self.leave("quit")
                    return 0
                continue
            reply = self.turn(line)
            if reply.leaving == "ended":
                self.show([render_message(ENDED_NOTE)])
                self.console.print()
            elif reply.leaving:
                self.leave(reply.leaving)
                return 0


def _leave_on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGHUP/SIGTERM: unwind to `run_rich`, which leaves through the single hook.

    While a prompt is running, the exception is handed to the prompt application (raised
    from `prompt()`), because asyncio would swallow one raised inside its callbacks;
    otherwise it is raised right here.
    """
    from prompt_toolkit.application.current import get_app_or_none

    leaving = Leave("hangup" if signum == getattr(signal, "SIGHUP", None) else "terminate")
    app = get_app_or_none()
    if app is not None and app.is_running and app.loop is not None:
        app.loop.call_soon_threadsafe(_exit_app, app, leaving)
        return
    raise leaving


def _exit_app(app: Any, leaving: Leave) -> None:
    if app.future is not None and not app.future.done():
        app.exit(exception=leaving)


def _wrap_segments(parts: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """Toolbar segments laid out in lines of at most `width` columns: a segment that would
    overflow starts a new line (a segment longer than a line is cut with an ellipsis)."""
    out: list[tuple[str, str]] = []
    used = 0
    for style, text in parts:
        if used and used + len(text) > width:
            out.append(("", "\n"))
            text = " " + text.removeprefix("· ")  # each line starts as the first does
            used = 0
        if len(text) > width:
            text = text[:max(1, width - 1)] + "…"
        out.append((style, text))
        used += len(text)
    return out


def run_rich(controller: Controller, ui: TerminalUI | None = None) -> int:
    """Play in the terminal; SIGHUP and SIGTERM leave through the same single hook.

    `ui` is for tests, which give it fake input and output.
    """
    ui = ui or TerminalUI(controller)
    previous: dict[int, Any] = {}
    for name in ("SIGHUP", "SIGTERM"):  # SIGHUP does not exist everywhere (Windows)
        caught = getattr(signal, name, None)
        if caught is not None:
            previous[caught] = signal.signal(caught, _leave_on_signal)
    try:
        return ui.run()
    except Leave as leaving:
        ui.leave(leaving.reason)
        return 128 + (1 if leaving.reason == "hangup" else int(signal.SIGTERM))
    except KeyboardInterrupt:  # Ctrl-C while output was being drawn, not at the prompt
        ui.leave("interrupt")
        return 128 + int(signal.SIGINT)
    except OSError:  # the terminal went away under us (a hangup seen as a failed write)
        ui.leave("hangup")
        return 128 + 1  # as if ended by SIGHUP (signal 1), which is what happened
    finally:
        for caught, handler in previous.items():
            signal.signal(caught, handler)
