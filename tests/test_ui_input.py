"""The terminal UI's input side, driven by prompt-toolkit's pipe input and a dummy output."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from zone_game import shellwords
from zone_game.completion import candidates, complete
from zone_game.controller import EXIT_HOOKS, Controller
from zone_game.engine import items_at
from zone_game.loader import load_world
from zone_game.session import Session
from zone_game.ui import GameCompleter, TerminalUI, history_path, open_history, run_rich

TESTZONE = Path(__file__).parent / "worlds" / "testzone"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def make_ui(pipe: PipeInput, history: Path) -> TerminalUI:
    shellwords.register()
    controller = Controller.start(load_world(TESTZONE), 7)
    console = Console(file=StringIO(), width=80, color_system=None)
    return TerminalUI(controller, console=console, input=pipe, output=DummyOutput(),
                      history=FileHistory(str(history)))


def transcript(ui: TerminalUI) -> str:
    return ui.console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def type_then_enter(ui: TerminalUI, pipe: PipeInput, keys: str, expected: str) -> None:
    """Send keys, then Enter once the line reads `expected` (completion is asynchronous).

    After five seconds Enter is sent anyway, and the test sees what the line was.
    """
    pipe.send_text(keys)

    def enter_when_completed() -> None:
        end = time.monotonic() + 5
        while ui.session.default_buffer.text != expected and time.monotonic() < end:
            time.sleep(0.01)
        pipe.send_text("\r")

    threading.Thread(target=enter_when_completed, daemon=True).start()


def completions(ui: TerminalUI, text: str) -> list[str]:
    completer = GameCompleter(ui)
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]


def test_tab_completes_a_visible_noun(pipe: PipeInput, tmp_path: Path) -> None:
    ui = make_ui(pipe, tmp_path / "history")
    type_then_enter(ui, pipe, "x lam\t", "x lamp")
    assert ui.session.prompt("> ") == "x lamp"


def test_tab_completes_a_whole_command_from_available_commands(pipe: PipeInput,
                                                               tmp_path: Path) -> None:
    ui = make_ui(pipe, tmp_path / "history")
    assert "north" in completions(ui, "no")
    assert "pull lamp" in completions(ui, "pu")
    assert completions(ui, "take ir") == ["iron"]  # an adjective of a visible item
    assert completions(ui, "ta") [:1] == ["take lamp"]  # the whole of a phrase
    type_then_enter(ui, pipe, "pull l\t", "pull lamp")
    assert ui.session.prompt("> ") == "pull lamp"


def test_completion_follows_the_state(pipe: PipeInput, tmp_path: Path) -> None:
    ui = make_ui(pipe, tmp_path / "history")
    assert "helper" not in completions(ui, "talk to he")  # the helper is in the yard
    ui.turn("north")
    assert completions(ui, "talk to he") == ["helper"]
    ui.turn("talk to helper")
    assert completions(ui, "") [:3] == ["1", "2", "3"]  # a menu: numbers and option words
    assert "will you come with me?" in completions(ui, "will")[0].lower() or \
        completions(ui, "will") == ["will you come with me?"]


def test_which_do_you_mean_completes_its_choices(pipe: PipeInput, tmp_path: Path) -> None:
    ui = make_ui(pipe, tmp_path / "history")
    ui.turn("take key")
    assert "Which do you mean" in transcript(ui)
    assert completions(ui, "an i") == ["iron key"]
    ui.turn("an iron key")  # the completed answer is one the engine takes
    world, state = ui.controller.world, ui.controller.session.state
    assert ("iron_key", 1) in items_at(world, state, world.player)


def test_completion_is_pure_and_case_blind() -> None:
    world = load_world(TESTZONE)
    controller = Controller.start(world, 7)
    found = candidates(world, controller.session.state)
    assert complete("PU", found)[0] == ("pull lamp", 2)
    assert ("lamp", 1) in complete("x l", found)
    assert complete("zzz", found) == []


def test_a_later_word_completes_from_working_commands_first() -> None:
    world = load_world("stalker")
    session, _ = Session.start(world, 7)
    session, _ = session.submit("north")  # the kitchen: the wife; exits south and out
    found = candidates(world, session.state)
    assert "west" in found.words  # a direction fits the letters, but nothing works that way
    assert complete("talk to w", found) == [("wife", 1)]
    # A verb's other names complete as the verb does; `go` offers the ways out only.
    assert complete("speak with w", found) == [("wife", 1)]
    assert [text for text, _ in complete("look at t", found)] == ["tap", "table"]
    assert complete("go ", found) == [("south", 0), ("out", 0)]
    assert complete("walk o", found) == [("out", 1)]
    # When no whole command fits, single words still help.
    assert ("nut", 1) in complete("get n", found)


def test_history_is_kept_across_sessions(pipe: PipeInput, tmp_path: Path) -> None:
    history = tmp_path / "history"
    ui = make_ui(pipe, history)
    pipe.send_text("look\r")
    assert ui.session.prompt("> ") == "look"
    assert "look" in history.read_text()
    with create_pipe_input() as second_pipe:
        again = make_ui(second_pipe, history)
        second_pipe.send_text("\x1b[A\r")  # arrow up: the last line of the last run
        assert again.session.prompt("> ") == "look"


def test_quit_asks_first_and_leaves_through_the_hook(pipe: PipeInput, tmp_path: Path) -> None:
    left: list[str] = []
    EXIT_HOOKS.append(lambda controller, reason: left.append(reason))
    try:
        ui = make_ui(pipe, tmp_path / "history")
        pipe.send_text("look\r" "quit\r" "n\r" "\x03" "i\r" "quit\r" "y\r")
        assert ui.run() == 0
    finally:
        EXIT_HOOKS.pop()
    assert left == ["quit"]
    text = transcript(ui)
    assert text.count("The Hut") >= 2  # the opening and `look`
    assert "3 bolts" in text  # `i` still worked after "n" and a Ctrl-C


def test_ctrl_d_asks_then_leaves(pipe: PipeInput, tmp_path: Path) -> None:
    left: list[str] = []
    EXIT_HOOKS.append(lambda controller, reason: left.append(reason))
    try:
        ui = make_ui(pipe, tmp_path / "history")
        pipe.send_text("\x04" "y\r")
        assert ui.run() == 0
    finally:
        EXIT_HOOKS.pop()
    assert left == ["eof"]


def test_an_ending_keeps_the_run_open(pipe: PipeInput, tmp_path: Path) -> None:
    from zone_game.controller import ENDED_NOTE

    left: list[str] = []
    EXIT_HOOKS.append(lambda controller, reason: left.append(reason))
    try:
        ui = make_ui(pipe, tmp_path / "history")
        pipe.send_text("n\r" "bed\r" "look\r" "quit\r" "y\r")
        assert ui.run() == 0
    finally:
        EXIT_HOOKS.pop()
    assert left == ["quit"]  # the ending did not leave; `quit` did
    text = transcript(ui)
    note = " ".join(ENDED_NOTE.replace("`", "").split())  # the UI shows `commands` bold
    assert "Stayed Home" in text and note in " ".join(text.split())
    assert "The story has ended." in text.split("Stayed Home", 1)[1]  # `look` answered


def test_toolbar_shows_place_turn_and_status(pipe: PipeInput, tmp_path: Path) -> None:
    ui = make_ui(pipe, tmp_path / "history")
    ui.turn("north")
    text = "".join(fragment[1] for fragment in ui.toolbar())
    assert "The Yard" in text and "turn 1" in text and "Bolts: 3" in text
    assert "Trust" not in text  # the world shows trust only once the helper follows


def test_map_and_status_words(pipe: PipeInput, tmp_path: Path) -> None:
    ui = make_ui(pipe, tmp_path / "history")
    ui.turn("north")
    ui.turn("map")
    ui.turn("status")
    text = transcript(ui)
    assert "Map" in text and "You are at The Yard." in text
    assert "Place   The Yard" in text


@pytest.mark.parametrize(("signum", "reason"), [(signal.SIGTERM, "terminate"),
                                               (signal.SIGHUP, "hangup")])
def test_signals_leave_through_the_single_hook(pipe: PipeInput, tmp_path: Path, signum: int,
                                               reason: str) -> None:
    left: list[str] = []
    EXIT_HOOKS.append(lambda controller, why: left.append(why))
    before = signal.getsignal(signum)
    try:
        ui = make_ui(pipe, tmp_path / "history")
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signum))
        timer.start()
        assert run_rich(ui.controller, ui) == 128 + signum
    finally:
        EXIT_HOOKS.pop()
    assert left == [reason]
    assert signal.getsignal(signum) == before  # the shell's handlers are put back


def test_history_lives_in_the_users_data_directory(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == tmp_path / "zone-game" / "history"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert history_path() == tmp_path / ".local" / "share" / "zone-game" / "history"
    assert isinstance(open_history(history_path()), FileHistory)
    assert (tmp_path / ".local" / "share" / "zone-game" / "history").exists()


def test_the_palette_follows_the_act(pipe: PipeInput, tmp_path: Path) -> None:
    from rich.style import Style

    from zone_game.savecommands import attach
    from zone_game.theme import PALETTES

    ui = make_ui(pipe, tmp_path / "history")
    attach(ui.controller, tmp_path / "saves")  # the save words: undo, redo
    assert ui.console.get_style("place.title") == Style.parse(PALETTES["sepia"]["place.title"])
    for command in ("n", "talk to helper", "1", "1", "e", "e", "e"):
        ui.turn(command)
    assert ui.controller.session.state.place == "meadow"
    assert "Inside the Zone" in transcript(ui)
    assert ui.console.get_style("place.title") == Style.parse(PALETTES["vivid"]["place.title"])
    # Back outside by undo (no act begins): the palette follows the place, not the story.
    ui.turn("undo")  # the last move (it ended the story)
    ui.turn("undo")  # into the meadow
    assert ui.controller.session.state.place == "gate"
    assert ui.console.get_style("place.title") == Style.parse(PALETTES["sepia"]["place.title"])
    ui.turn("redo")
    assert ui.console.get_style("place.title") == Style.parse(PALETTES["vivid"]["place.title"])


def test_toolbar_wraps_to_the_terminal_width() -> None:
    from zone_game.ui import _wrap_segments

    parts = [("place", " The Meadow "), ("", "· turn 12 "),
             ("", "· Patrol: at the oil yard; next at the sidings "), ("", "· Nuts: 5 ")]
    lines = "".join(text for _, text in _wrap_segments(parts, 40)).split("\n")
    assert all(len(line) <= 40 for line in lines)
    assert lines[0] == " The Meadow · turn 12 "
    assert lines[1].startswith(" Patrol: at the oil yard")  # indented as the first line
    assert "Nuts: 5" in "".join(lines)
