"""The terminal UI end to end, in a real pseudo-terminal read through a screen emulator.

`pexpect` runs `zone-game` in a pty; `pyte` keeps the screen as a terminal would, and
answers the cursor-position requests prompt-toolkit sends, as a real terminal does.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pyte
import pytest

ROOT = Path(__file__).resolve().parent.parent
ZONE_GAME = str(Path(sys.executable).parent / "zone-game")
TESTZONE = str(ROOT / "tests" / "worlds" / "testzone")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;[25];[0-9;]+)m")


class Terminal:
    """A pty running zone-game, and the screen a terminal would show."""

    def __init__(self, args: list[str], tmp: Path, columns: int = 80, rows: int = 30,
                 env: dict[str, str] | None = None) -> None:
        environment = dict(os.environ, TERM="xterm-256color", XDG_DATA_HOME=str(tmp))
        environment.pop("NO_COLOR", None)
        environment.update(env or {})
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        self.child = pexpect.spawn(ZONE_GAME, args, env=environment, cwd=str(ROOT),
                                   dimensions=(rows, columns))
        self.screen.write_process_input = lambda data: self.child.send(data)  # type: ignore[method-assign]

    def pump(self, seconds: float = 0.1) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            return
        self.raw += data
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, wanted: str, timeout: float = 10) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if wanted in self.text():
                return self.text()
            self.pump()
        raise AssertionError(f"{wanted!r} never appeared; the screen:\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, columns: int, rows: int) -> None:
        self.screen.resize(rows, columns)
        self.child.setwinsize(rows, columns)  # the kernel sends SIGWINCH
        self.child.kill(signal.SIGWINCH)  # and so do we, in case it did not

    def quit(self) -> int:
        """Quit as a player does (`quit`, then `y`); the exit status."""
        self.send("quit\r")
        self.wait_for("Really quit?")
        self.send("y\r")
        return self.finish()

    def finish(self, timeout: float = 10) -> int:
        end = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < end:
            self.pump()
        self.pump()
        self.child.close()
        assert self.child.exitstatus is not None or self.child.signalstatus is not None
        return self.child.exitstatus if self.child.exitstatus is not None else \
            -int(self.child.signalstatus or 0)


@pytest.fixture
def play(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(["play", TESTZONE, "--seed", "7"], tmp_path)
    yield terminal
    if terminal.child.isalive():
        terminal.child.terminate(force=True)


def test_a_short_session(play: Terminal) -> None:
    screen = play.wait_for("turn 0")  # the toolbar under the first prompt
    assert "THE TEST ZONE" in screen and "seed 7" in screen
    assert "╭─ The Hut" in screen and "Exits: north." in screen

    play.send("n\r")
    play.wait_for("The Yard · turn 1")
    play.send("talk to hel\t")
    play.wait_for("> talk to helper")
    play.send("\r")
    play.wait_for("1. Will you come with me?")
    assert "The helper: “So you're the guide.”" in play.text()
    play.send("1\r")
    screen = play.wait_for("Trust: 1")  # the toolbar shows what the world chose
    assert "The helper: “Lead, then.”" in screen

    play.resize(50, 30)
    play.send("bye\r")
    play.send("look\r")
    screen = play.wait_for("╮\n│ A muddy yard.")
    border = next(line for line in screen.splitlines() if line.startswith("╭─ The Yard"))
    assert len(border) == 50  # the panel follows the new width

    assert play.quit() == 0
    assert "Traceback" not in play.text()


def test_a_wide_terminal_sets_the_story_in_a_readable_measure(tmp_path: Path) -> None:
    terminal = Terminal(["play", TESTZONE, "--seed", "7"], tmp_path, columns=140)
    try:
        screen = terminal.wait_for("turn 0")
        border = next(line for line in screen.splitlines() if line.startswith("╭─ The Hut"))
        assert len(border) == 100  # the panel stops at the measure, not at 140 columns
        assert max(len(line) for line in screen.splitlines()[:-1]) <= 100
    finally:
        terminal.child.terminate(force=True)


def test_forty_columns_stay_readable(tmp_path: Path) -> None:
    terminal = Terminal(["play", TESTZONE, "--seed", "7"], tmp_path, columns=40)
    try:
        screen = terminal.wait_for("turn 0")
        words = " ".join(screen.replace("│", " ").replace("┃", " ").split())
        assert "A small zone for testing. Everything here exists to be exercised." in words
        assert "A one-room hut. A lamp hangs from a hook; the door is to the north." in words
        terminal.send("map\r")
        screen = terminal.wait_for("You are at The Hut.")
        assert "╭─ Map" in screen
    finally:
        terminal.child.terminate(force=True)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 128 + 15),
                                               (signal.SIGHUP, 128 + 1)])
def test_signals_end_the_run_cleanly(play: Terminal, signum: int, status: int) -> None:
    play.wait_for("turn 0")
    play.child.kill(signum)
    assert play.finish() == status
    assert "Traceback" not in play.raw.decode("utf-8", "replace")


def test_ctrl_c_cancels_only_the_line(play: Terminal) -> None:
    play.wait_for("turn 0")
    play.send("wai")
    play.send("\x03")
    play.send("look\r")
    play.wait_for("> look")
    assert play.child.isalive()
    play.send("\x04")  # Ctrl-D asks too
    play.wait_for("Really quit? (y/n)")
    play.send("y\r")
    assert play.finish() == 0


def test_no_color_in_rich_mode(tmp_path: Path) -> None:
    terminal = Terminal(["play", TESTZONE, "--seed", "7"], tmp_path, env={"NO_COLOR": "1"})
    try:
        terminal.wait_for("turn 0")
        terminal.send("n\r")
        terminal.wait_for("The Yard · turn 1")
        assert "\x1b[" in terminal.raw.decode()  # still the rich UI …
        assert not COLOUR.search(terminal.raw.decode())  # … without colour
    finally:
        terminal.child.terminate(force=True)


@pytest.mark.parametrize(("args", "env"), [(["--plain"], {}), ([], {"TERM": "dumb"})])
def test_plain_mode_in_a_terminal_has_no_escape_sequences(tmp_path: Path, args: list[str],
                                                          env: dict[str, str]) -> None:
    terminal = Terminal(["play", TESTZONE, "--seed", "7", *args], tmp_path, env=env)
    terminal.wait_for("Exits: north.")
    terminal.send("n\r")
    terminal.wait_for("The Yard")
    assert terminal.quit() == 0
    assert b"\x1b" not in terminal.raw


def test_plain_mode_through_pipes_has_no_escape_sequences(tmp_path: Path) -> None:
    result = subprocess.run([ZONE_GAME, "play", TESTZONE, "--seed", "7"],
                            input="n\ntalk to helper\n1\nmap\nstatus\n", capture_output=True,
                            text=True, env=dict(os.environ, XDG_DATA_HOME=str(tmp_path)),
                            check=True)
    assert "\x1b" not in result.stdout
    assert "  1. Will you come with me?" in result.stdout  # options one per line
    assert "The Yard (you are here): south to The Hut; east unexplored; bed unexplored." \
        in result.stdout
    assert "Turn: 2" in result.stdout


def test_missing_default_world_is_a_clear_message(tmp_path: Path) -> None:
    from zone_game.loader import bundled_worlds

    if "stalker" in bundled_worlds():
        result = subprocess.run([ZONE_GAME, "play", "no_such_world"], capture_output=True,
                                text=True, stdin=subprocess.DEVNULL)
        assert "no world called 'no_such_world'" in result.stderr
    else:
        result = subprocess.run([ZONE_GAME], capture_output=True, text=True,
                                stdin=subprocess.DEVNULL)
        assert "the bundled world 'stalker' is not installed" in result.stderr
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_an_ending_can_be_taken_back(tmp_path: Path) -> None:
    """A death does not close the program: the player is told what can be done, and
    `undo` takes the last move back."""
    play = Terminal(["play", TESTZONE, "--seed", "3"], tmp_path)  # the hollow is deadly
    try:
        play.wait_for("turn 0")
        for line in ("n", "talk to helper", "1", "1", "e", "e", "w", "talk to helper", "1"):
            play.send(line + "\r")
            time.sleep(0.15)
        play.wait_for("turn 5")
        play.send("n\r")  # into the hollow: the story ends
        screen = play.wait_for("The story has ended. undo takes back the last move")
        assert play.child.isalive()
        play.send("undo\r")
        play.send("look\r")
        play.wait_for("> look")
        deadline = time.monotonic() + 10
        while "╭─ The Meadow" not in play.text().rsplit("> look", 1)[1] and \
                time.monotonic() < deadline:
            play.pump()
        assert "╭─ The Meadow" in play.text().rsplit("> look", 1)[1]  # where the move began
        assert play.quit() == 0
        assert "Traceback" not in screen + play.text()
    finally:
        play.child.terminate(force=True)
