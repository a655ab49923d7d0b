"""`zone-game play --watch`: edits reload before the next command; broken edits don't stop play."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
from pexpect.popen_spawn import PopenSpawn

from zone_game.controller import Controller
from zone_game.loader import load_world
from zone_game.watch import WorldWatcher

HUT = "A one-room hut. A lamp hangs from a hook; the door is to the north."
YARD = "A muddy yard. The gate to the east is watched by a patrol."


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_reload_keeps_the_player_where_they_were(zone: Path) -> None:
    controller = Controller.start(load_world(zone), seed=1)
    controller.before_command = WorldWatcher.start(zone)
    controller.handle("n")
    assert controller.handle("look").messages == ()  # nothing changed: nothing said
    edit(zone / "places.yaml", YARD, "A muddy yard, freshly raked.")
    reply = controller.handle("look")
    assert reply.messages == ("[The world changed: reloaded, 2 command(s) replayed.]",)
    assert any("freshly raked" in getattr(e, "text", "") for e in reply.events)
    assert controller.session.state.place == "yard"
    assert controller.session.state.turn == 1  # the replay, not a second `n`


def test_broken_edit_keeps_the_last_good_world(zone: Path) -> None:
    controller = Controller.start(load_world(zone), seed=1)
    controller.before_command = WorldWatcher.start(zone)
    controller.handle("n")
    good = controller.world
    edit(zone / "places.yaml", "      south: hut\n", "      south: hutt\n")
    reply = controller.handle("look")
    assert "still playing the last good version" in reply.messages[0]
    assert "places.yaml" in reply.messages[1] and "hutt" in reply.messages[1]
    assert controller.world is good
    assert controller.session.state.place == "yard"
    # No new change, no new message; the game goes on.
    assert controller.handle("s").messages == ()
    assert controller.session.state.place == "hut"
    edit(zone / "places.yaml", "      south: hutt\n", "      south: hut\n")
    reply = controller.handle("look")
    assert reply.messages == ("[The world changed: reloaded, 3 command(s) replayed.]",)
    assert controller.world is not good


def test_edit_that_moves_the_player_says_so(zone: Path) -> None:
    controller = Controller.start(load_world(zone), seed=1)
    controller.before_command = WorldWatcher.start(zone)
    controller.handle("n")
    edit(zone / "places.yaml", "    exits:\n      north: yard\n",
         "    exits:\n      north: cellar\n")
    reply = controller.handle("look")
    assert "you are now at The Cellar" in reply.messages[0]
    assert controller.session.state.place == "cellar"


def test_watch_through_a_pipe(zone: Path) -> None:
    """The real command, driven through pipes: edit between commands, see the new text.
    Through a pipe the prompt comes with the command it echoes, so each step waits for
    the answer's text before editing."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = PopenSpawn([sys.executable, "-m", "zone_game", "play", str(zone), "--watch",
                        "--seed", "1"], env=env, encoding="utf-8", timeout=20)
    try:
        child.expect_exact("[watching")
        child.expect_exact(HUT)
        child.sendline("n")
        child.expect_exact(YARD)
        edit(zone / "places.yaml", YARD, "A muddy yard, freshly raked.")
        child.sendline("look")
        child.expect_exact("[The world changed: reloaded, 1 command(s) replayed.]")
        child.expect_exact("A muddy yard, freshly raked.")
        edit(zone / "places.yaml", "      south: hut\n", "      south: hutt\n")
        child.sendline("look")
        child.expect_exact("still playing the last")  # the note is wrapped at 78 columns
        child.expect_exact("unknown place 'hutt'")
        child.expect_exact("A muddy yard, freshly raked.")
        child.sendline("s")
        child.expect_exact("The hut again.")
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        if child.proc.poll() is None:
            child.kill(9)
    assert child.wait() == 0


def test_watch_in_a_pseudo_terminal(zone: Path) -> None:
    """The same in a real pty (interactive plain shell): the reload shows before the reply."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", TERM="dumb")
    child = pexpect.spawn(sys.executable, ["-m", "zone_game", "play", str(zone), "--watch",
                                           "--plain", "--seed", "1"],
                          env=env, encoding="utf-8", timeout=20, dimensions=(40, 100))
    try:
        child.expect_exact(HUT)
        child.expect_exact("> ")
        edit(zone / "places.yaml", HUT, "A one-room hut, whitewashed since you last looked.")
        child.sendline("look")
        child.expect_exact("[The world changed: reloaded, 0 command(s) replayed.]")
        child.expect_exact("A one-room hut, whitewashed since you last looked.")
        child.expect_exact("> ")
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
