"""The command line, run as a user runs it: in a subprocess, reading exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TESTZONE

from zone_game.cli import COMMANDS

# A run through the test world to its good ending, in plain mode.
TO_THE_WELL = [
    "n", "talk to helper", "1", "1", "e", "e",
    "throw bolt north", "throw bolt east", "east", "north",
]


def zone_game(*args: str, stdin: str = "", env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "zone_game", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=full_env, cwd=cwd)


def test_version_and_help_on_every_command() -> None:
    result = zone_game("--version")
    assert result.returncode == 0 and result.stdout.startswith("zone-game ")
    for name in COMMANDS:
        result = zone_game(name, "--help")
        assert result.returncode == 0, name
        assert "usage: zone-game " + name in result.stdout


def test_check_clean_world_exits_zero() -> None:
    result = zone_game("check", str(TESTZONE))
    assert result.returncode == 0, result.stderr
    assert "ok (8 places" in result.stdout


def test_check_json_shape() -> None:
    result = zone_game("check", str(TESTZONE), "--json")
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert set(data["stats"]) == {"places", "exits", "items", "characters", "dialogue_nodes",
                                  "endings", "hazards", "verbs"}
    assert data["stats"]["places"] == 8


def test_check_broken_world_exits_one_with_located_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("world:\n  id: b\n  title: B\n  start: nowhere_at_all\n  player: me\n"
                      "characters:\n  me: {name: me}\n")
    result = zone_game("check", str(broken), "--json")
    assert result.returncode == 1
    problem = json.loads(result.stdout)["problems"][0]
    assert problem["line"] == 4 and problem["severity"] == "error"
    assert "unknown place" in problem["message"]
    plain = zone_game("check", str(broken))
    assert plain.returncode == 1 and "broken.yaml:4:10: error:" in plain.stderr
    assert "Traceback" not in plain.stderr


def test_check_unreadable_exits_two(tmp_path: Path) -> None:
    result = zone_game("check", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "no world called" in result.stderr
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    assert zone_game("check", str(empty)).returncode == 2


def test_plain_play_to_an_ending() -> None:
    seed = "3"
    result = zone_game("play", str(TESTZONE), "--seed", seed, "--plain",
                       stdin="\n".join(TO_THE_WELL) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"[seed {seed}]\nTHE TEST ZONE")
    assert "> talk to helper" in out
    assert "\x1b" not in out
    # with seed 3 the anomaly lies in the hollow, so the ridge is the safe way round
    assert "*** The Well ***" in out
    assert "Bolts thrown: 2" in out


def test_play_unknown_world_is_a_clear_error() -> None:
    result = zone_game("play", "no_such_world", "--plain")
    assert result.returncode == 1
    assert "no world called 'no_such_world'" in result.stderr
    # A word on the command line has no line and column to name.
    assert result.stderr.startswith("no_such_world: error: no world called")
    assert "Traceback" not in result.stderr


def test_same_seed_same_output_across_hash_seeds() -> None:
    script = "\n".join(["look", "take key", "iron", "n", "talk to helper", "2", "1", "2",
                        "xyzzy", "e", "e", "throw bolt north", "north", "east", "i"]) + "\n"
    outputs = {zone_game("play", str(TESTZONE), "--seed", "11", "--plain", stdin=script,
                         env={"PYTHONHASHSEED": str(hash_seed)}).stdout
               for hash_seed in (0, 1, 12345)}
    assert len(outputs) == 1
    assert "Which do you mean" in outputs.pop()


def test_warm_start_uses_the_cache(tmp_path: Path) -> None:
    env = {"ZONE_GAME_CACHE": str(tmp_path / "cache")}
    first = zone_game("play", str(TESTZONE), "--seed", "5", "--plain", stdin="look\n", env=env)
    cached = list((tmp_path / "cache").glob("*.jsonl"))
    assert len(cached) == 1
    second = zone_game("play", str(TESTZONE), "--seed", "5", "--plain", stdin="look\n", env=env)
    assert first.stdout == second.stdout
    cached[0].write_text("{ not json")  # a corrupt cache is ignored and rebuilt
    third = zone_game("play", str(TESTZONE), "--seed", "5", "--plain", stdin="look\n", env=env)
    assert third.stdout == first.stdout


@pytest.mark.parametrize("command", ["check", "play"])
def test_interrupt_and_broken_pipe_never_show_a_traceback(command: str) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "zone_game", command, str(TESTZONE),
                             *(["--plain", "--seed", "1"] if command == "play" else [])],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away at once
    _, err = proc.communicate(input="look\n" * 50, timeout=60)
    assert "Traceback" not in err


@pytest.mark.parametrize(("signum", "status"), [(15, 143), (1, 129)])
def test_plain_shell_leaves_cleanly_on_hangup_and_terminate(signum: int, status: int) -> None:
    import signal as signal_module
    import time

    proc = subprocess.Popen([sys.executable, "-m", "zone_game", "play", str(TESTZONE),
                             "--plain", "--seed", "1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("look\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    seen = ""
    while "> look" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    proc.send_signal(signal_module.Signals(signum))
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == status
    assert "Traceback" not in err


def test_an_interactive_plain_shell_stays_after_an_ending(tmp_path: Path) -> None:
    """A screen-reader player at a terminal can take a death back; a script's shell
    leaves at the ending (test_plain_play_to_an_ending)."""
    from io import StringIO

    from zone_game.controller import ENDED_NOTE, Controller
    from zone_game.loader import load_world
    from zone_game.plain import wrap_message
    from zone_game.plainshell import run_plain
    from zone_game.savecommands import attach

    world = load_world(TESTZONE)
    controller = Controller.start(world, 3)
    attach(controller, tmp_path).autosave = False  # the run's saves: undo lives there
    lines = ["n", "talk to helper", "1", "1", "e", "e", "w", "talk to helper", "1", "n",
             "undo", "look", "quit", "y"]
    out = StringIO()
    status = run_plain(controller, StringIO("\n".join(lines) + "\n"), out,
                       interactive=True)
    text = out.getvalue()
    assert status == 0
    note = wrap_message(ENDED_NOTE)  # wrapped at 78 columns, like every reply
    assert note in text
    after = text.split(note, 1)[1]
    assert "The Meadow" in after  # `undo`, then `look`, went on playing


@pytest.mark.parametrize(("word", "instead"), [("lint", "zone-game check WORLD"),
                                               ("validate", "zone-game check WORLD"),
                                               ("map", "zone-game graph WORLD")])
def test_a_guessed_command_says_what_to_use_instead(tmp_path: Path, word: str,
                                                    instead: str) -> None:
    for args in ((word, str(TESTZONE)), (word,)):
        result = zone_game(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"zone-game: '{word}' is not a command: `{instead}")
        assert f"{word}:1:1" not in result.stderr  # no file:line:col for a command word
        assert "Traceback" not in result.stderr and result.stdout == ""
    if word == "lint":  # docs/authoring/lint.md shows the answer as printed
        doc = (TESTZONE.parents[2] / "docs" / "authoring" / "lint.md").read_text()
        assert f"$ zone-game lint harbour\n{result.stderr}```" in doc


def test_a_world_directory_named_like_a_guessed_command_still_plays(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(TESTZONE, tmp_path / "map")
    result = zone_game("map", "--plain", "--seed", "3", stdin="look\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "THE TEST ZONE" in result.stdout
