"""A hostile player's inputs: bytes that are not text, files that are not saves.

Each case comes from docs/reviews/robustness-pass.md: before the fix, the game crashed
with an internal error (and in the terminal UI lost the run being played).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from savehelpers import COMMANDS, WORLD_DIR, played, world, zone_game
from test_ui_input import make_ui
from test_ui_pty import TESTZONE, Terminal

from zone_game.controller import EXIT_HOOKS, Controller
from zone_game.replay import load_recording
from zone_game.saves import SaveError, encode, read_save
from zone_game.typedline import clean
from zone_game.ui import run_rich


def test_clean_keeps_text_and_drops_what_is_not_text() -> None:
    assert clean("take lamp") == "take lamp"
    # every script, combining marks, emoji, right-to-left text and its marks stay
    text = "x \u043b\u0430\u0301\u043c\u043f\u0430 🙂 \u05e9\u05dc\u05d5\u05dd\u200f"
    assert clean(text) == text
    assert clean("x \udcff\udcfe") == "x \ufffd\ufffd"  # undecodable bytes, one mark each
    assert clean("look\x1b]0;title\x07") == "look ]0;title "  # no escape sequences
    assert clean("take\tlamp\x00\x7f\x9b") == "take lamp   "


def _plain(stdin: bytes, saves: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "ZONE_GAME_DEBUG"}
    env["ZONE_GAME_SAVES"] = str(saves)
    return subprocess.run([sys.executable, "-m", "zone_game", "play", str(WORLD_DIR),
                           "--seed", "7"], input=stdin, capture_output=True, env=env,
                          timeout=60, check=False)


def test_binary_garbage_on_stdin_is_played_and_autosaved(tmp_path: Path) -> None:
    result = _plain(b"take lamp\n\xff\xfe\x00\x1b[2J\nn\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"internal error" not in result.stderr and not result.stderr
    recording, _ = read_save(tmp_path / "autosave-testzone.json")
    assert [t.input for t in recording.turns] == ["take lamp", "\ufffd\ufffd  [2J", "n"]
    assert recording.final is not None and recording.final["place"] == "yard"


@contextlib.contextmanager
def _terminal_ui(tmp_path: Path, env: dict[str, str]) -> Iterator[Terminal]:
    """The terminal UI on the test zone in a pty, at its first prompt; on leaving the
    block the player quits, and the game must end cleanly, with no internal error."""
    terminal = Terminal(["play", TESTZONE, "--seed", "7"], tmp_path, env=env)
    try:
        terminal.wait_for("turn 0")
        yield terminal
        assert terminal.quit() == 0
    finally:
        if terminal.child.isalive():
            terminal.child.terminate(force=True)
    assert "internal error" not in terminal.raw.decode("utf-8", "replace")


def test_invalid_utf8_typed_in_the_terminal_ui_keeps_the_run(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    with _terminal_ui(tmp_path, {"ZONE_GAME_SAVES": str(saves)}) as terminal:
        terminal.send("take lamp\r")
        terminal.wait_for("Taken")
        terminal.child.send(b"x \xff\xfe\r")  # a Latin-1 terminal, or binary pasted
        terminal.send("n\r")
        terminal.wait_for("The Yard · turn 2")
    recording, _ = read_save(saves / "autosave-testzone.json")
    assert recording.final is not None and recording.final["place"] == "yard"
    assert "\ufffd" in recording.turns[1].input


@pytest.fixture
def save_text() -> str:
    return encode(played(world(), COMMANDS[:3]).recording(), "run1")


def test_a_lone_surrogate_escape_in_a_save_is_refused_by_name(tmp_path: Path,
                                                              save_text: str) -> None:
    data = json.loads(save_text)
    data["turns"][0]["input"] = "\udc80take lamp"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="ascii")  # "\udc80" escaped: valid JSON
    with pytest.raises(SaveError, match=r"holds \\udc80, half of a character"):
        read_save(path)
    data["turns"][0]["input"] = "take lamp 🙂"  # a surrogate *pair* is a character
    path.write_text(json.dumps(data), encoding="ascii")
    assert read_save(path)[0].turns[0].input == "take lamp 🙂"


@pytest.mark.parametrize("name", ["save.json", "run.run.jsonl"])
def test_nesting_too_deep_for_the_parser_is_a_message(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(SaveError, match="nested too deeply"):
        load_recording(path)


def test_a_link_to_a_device_is_refused_not_read_forever(tmp_path: Path) -> None:
    path = tmp_path / "zero.json"
    path.symlink_to("/dev/zero")
    with pytest.raises(SaveError, match="not a regular file"):
        read_save(path)


def test_a_byte_order_mark_is_read_past(tmp_path: Path, save_text: str) -> None:
    path = tmp_path / "notepad.json"
    path.write_text("\ufeff" + save_text, encoding="utf-8")
    assert [t.input for t in read_save(path)[0].turns] == list(COMMANDS[:3])


def test_restoring_a_broken_save_keeps_the_game_going(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    result = _plain(b"take lamp\nrestore deep\nrestore zero\nn\n", tmp_path)
    assert result.returncode == 0 and not result.stderr
    out = result.stdout.decode()
    assert "nested too deeply" in out and "not a regular file" in out
    assert "The Yard" in out.split("> n", 1)[1]


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_exit_autosave_does_not_abort_it(tmp_path: Path,
                                                             signum: int) -> None:
    """Closing the terminal sends SIGHUP, often while the run is already leaving (the
    failed write that noticed the closed terminal came first): the exit hooks finish."""
    done: list[str] = []

    def hook(controller: object, reason: str) -> None:
        os.kill(os.getpid(), signum)  # arrives in the middle of the exit autosave
        done.append(reason)

    EXIT_HOOKS.append(hook)
    before = signal.getsignal(signum)
    try:
        with create_pipe_input() as pipe:
            ui = make_ui(pipe, tmp_path / "history")
            pipe.send_text("n\r" "quit\r" "y\r")
            assert run_rich(ui.controller, ui) == 0
    finally:
        EXIT_HOOKS.remove(hook)
    assert done == ["quit"]
    assert signal.getsignal(signum) == before


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_is_not_utf8_gets_the_story_in_ascii(tmp_path: Path,
                                                             encoding: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ZONE_GAME_DEBUG"}
    env.update(PYTHONIOENCODING=encoding, ZONE_GAME_SAVES=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "zone_game", "play", "stalker", "--seed",
                             "42", "--new"], input=b"north\ntalk to wife\n2\n",
                            capture_output=True, env=env, timeout=60, check=False)
    assert result.returncode == 0 and not result.stderr, result.stderr
    out = result.stdout.decode(encoding)
    # the world's typography, as the nearest ASCII, and the run went on to the end
    assert "Your wife: \"You took my watch off the shelf so it wouldn't tick." in out
    assert "  2. You know where I'm going." in out
    graph = subprocess.run([sys.executable, "-m", "zone_game", "graph", "stalker"],
                           capture_output=True, env=env, timeout=60, check=False)
    assert graph.returncode == 0 and not graph.stderr, graph.stderr
    assert "\\n! burning_air" in graph.stdout.decode(encoding)  # ⚠ as !


def test_a_pty_in_ascii_plays_the_terminal_ui(tmp_path: Path) -> None:
    env = {"ZONE_GAME_SAVES": str(tmp_path), "PYTHONIOENCODING": "ascii"}
    with _terminal_ui(tmp_path, env) as terminal:
        terminal.send("n\r")
        terminal.wait_for("turn 1")


def test_a_world_in_a_directory_named_in_other_bytes_can_be_saved(tmp_path: Path) -> None:
    import shutil

    directory = Path(os.fsdecode(bytes(tmp_path) + b"/w\xff"))  # not UTF-8: a surrogate
    shutil.copytree(WORLD_DIR, directory)
    env = {k: v for k, v in os.environ.items() if k != "ZONE_GAME_DEBUG"}
    env["ZONE_GAME_SAVES"] = str(tmp_path / "saves")
    result = subprocess.run([sys.executable, "-m", "zone_game", "play", str(directory),
                             "--seed", "7"], input=b"take lamp\nsave s1\n",
                            capture_output=True, env=env, timeout=60, check=False)
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert b"Saved as 's1'" in result.stdout
    recording, _ = read_save(tmp_path / "saves" / "s1.json")
    assert recording.world.id == "testzone" and recording.world.path == ""


@pytest.mark.parametrize("command", ["check", "play", "graph"])
def test_a_pipe_given_as_a_world_is_refused_not_waited_on(tmp_path: Path,
                                                          command: str) -> None:
    fifo = tmp_path / "world.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever (a device: read for ever)
    result = zone_game(command, str(fifo), stdin="")
    assert result.returncode in (1, 2)
    assert "world.yaml:1:1: error: not a regular file (a device or a pipe)" in result.stderr
    assert "internal error" not in result.stderr


def test_a_device_given_as_a_world_is_named_as_one() -> None:
    from zone_game.loader import world_files
    from zone_game.problems import WorldError

    with pytest.raises(WorldError) as caught:
        world_files(Path("/dev/null"))
    assert caught.value.problems[0].message == "not a regular file (a device or a pipe)"


def test_new_on_a_full_disk_says_so_and_leaves_nothing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from zone_game.scaffold import ScaffoldError, scaffold

    written: list[Path] = []
    real_write_text = Path.write_text

    def write_text(self: Path, data: str, *args: object, **kwargs: object) -> int:
        if len(written) == 2:  # the third file finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return real_write_text(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)
    with pytest.raises(ScaffoldError, match="the disk is full; nothing was left behind"):
        scaffold("harbour", tmp_path)
    assert len(written) == 2 and not (tmp_path / "harbour").exists()


def test_a_file_or_a_directory_in_the_way_is_named(tmp_path: Path, save_text: str) -> None:
    (tmp_path / "run1.json").write_text(save_text, encoding="utf-8")
    (tmp_path / "out.txt").mkdir()
    exported = zone_game("replay", str(tmp_path / "run1.json"), "--export",
                         str(tmp_path / "out.txt"))
    assert exported.returncode == 2
    assert "out.txt: it is a directory, not a file; nothing was written" in exported.stderr
    (tmp_path / "afile").write_text("", encoding="utf-8")
    played_ = zone_game("play", str(WORLD_DIR), "--seed", "7", "--saves",
                        str(tmp_path / "afile"), stdin="save x\n")
    # (the plain shell wraps its own replies: compare the words)
    assert "afile: a file of that name is in the way, not a directory" in \
        " ".join(played_.stdout.split())


def test_a_transcript_that_fills_the_disk_stops_and_the_game_goes_on(tmp_path: Path) -> None:
    from zone_game.plain import render
    from zone_game.savecommands import attach, run_of

    controller = Controller.start(world(), 7)
    attach(controller, tmp_path / "saves")
    assert "Writing the transcript to" in controller.handle("transcript on").messages[0]
    run = run_of(controller)
    assert run.transcript is not None
    run.transcript.close()
    run.transcript = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - every flush: ENOSPC
    reply = controller.handle("n")
    assert "The Yard" in render(reply.events)  # the move happened …
    assert any(m.startswith("Transcript stopped: cannot write ") and "the disk is full" in m
               for m in reply.messages)  # … and the player is told the transcript stopped
    assert controller.handle("transcript off").messages == ("No transcript is being written.",)
    controller.leave("quit")  # leaving closes nothing twice and raises nothing


def test_a_history_file_that_cannot_be_written_costs_only_the_history(tmp_path: Path) -> None:
    """Here a directory stands where the history file goes; a full disk fails the same
    way (every line typed could not be stored): no traceback, and Up still recalls."""
    (tmp_path / "zone-game" / "history").mkdir(parents=True)
    with _terminal_ui(tmp_path, {"ZONE_GAME_SAVES": str(tmp_path / "saves")}) as terminal:
        terminal.send("take lamp\r")
        terminal.wait_for("Taken")
        terminal.send("\x1b[A")  # Up: this run's line is remembered all the same
        for _ in range(100):
            terminal.pump()
            if terminal.screen.display[terminal.screen.cursor.y].startswith("> take lamp"):
                break
        assert terminal.screen.display[terminal.screen.cursor.y].startswith("> take lamp")
        terminal.send("\x15")  # Ctrl-U: clear the line again before the quit
        assert "Traceback" not in terminal.text() and "Press ENTER" not in terminal.text()


def test_a_damaged_world_cache_is_compiled_again_not_played(tmp_path: Path) -> None:
    """Records are decoded when first used: a damaged one found mid-game was an internal
    error (`KeyError: 'hut'`) on every start until the player found and deleted the cache."""
    from zone_game import worldcache
    from zone_game.loader import load_world

    world_ = load_world(WORLD_DIR, use_cache=False)
    path = worldcache.save(world_, tmp_path)
    assert path is not None
    good = path.read_text(encoding="utf-8")
    first, body = good.split("\n", 1)
    lines = body.splitlines(keepends=True)
    damaged = {
        "a record cut short": first + "\n" + body[:-40],
        "a record garbled": first + "\n" + "".join(lines[:2]) + "places\thut\t[1,2\n"
                            + "".join(lines[3:]),
        "a record lost": first + "\n" + "".join(lines[:2] + lines[3:]),
        "a header nested too deep": "[" * 100_000 + "\n" + body,
    }
    for what, text in damaged.items():
        path.write_text(text, encoding="utf-8")
        assert worldcache.load(world_.content_hash, tmp_path) is None, what
    path.unlink()
    path.symlink_to("/dev/zero")
    assert worldcache.load(world_.content_hash, tmp_path) is None
    path.unlink()
    path.write_text(good, encoding="utf-8")
    loaded = worldcache.load(world_.content_hash, tmp_path)
    assert loaded is not None and loaded.places["hut"] == world_.places["hut"]


def test_an_autosave_this_version_cannot_read_is_kept_not_overwritten(
        tmp_path: Path, save_text: str) -> None:
    newer = json.loads(save_text)
    newer.update(version=9, oldest_reader=9)  # a run left by a newer zone-game
    slot = tmp_path / "autosave-testzone.json"
    slot.write_text(json.dumps(newer), encoding="utf-8")
    before = slot.read_bytes()
    result = zone_game("play", str(WORLD_DIR), "--seed", "7", "--saves", str(tmp_path),
                       stdin="take lamp\nn\n")
    assert result.returncode == 0 and not result.stderr, result.stderr
    kept = list(tmp_path.glob("autosave-testzone-unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert f"it is kept as '{kept[0].stem}'" in result.stdout
    assert "written by a newer zone-game" in result.stdout
    recording, _ = read_save(slot)  # and this run was autosaved as usual
    assert [t.input for t in recording.turns] == ["take lamp", "n"]


@pytest.mark.parametrize("seed", [-1, 2**70, 10**400])
def test_a_header_seed_that_is_not_the_start_s_is_refused(tmp_path: Path, save_text: str,
                                                          seed: int) -> None:
    data = json.loads(save_text)
    data["seed"] = seed  # `restart` used to start again with it
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match=r'field "seed": .* is not the seed of the recorded '
                                        r"start \(7\)"):
        read_save(path)


def test_an_escape_sequence_in_piped_input_is_not_echoed_raw(tmp_path: Path) -> None:
    result = _plain(b"look\x1b]0;pwned\x07\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"> look ]0;pwned" in result.stdout and b"\x1b" not in result.stdout


def _shell(command: str, saves: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ZONE_GAME_DEBUG"}
    env["ZONE_GAME_SAVES"] = str(saves)
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def test_closed_standard_output_is_said_not_an_internal_error(tmp_path: Path) -> None:
    result = _shell(f"'{sys.executable}' -m zone_game play '{WORLD_DIR}' --seed 7 "
                    "</dev/null >&-", tmp_path)
    assert result.returncode == 2
    assert result.stderr == "zone-game: standard output is closed: nothing could be shown\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_output_is_said_and_the_run_is_still_autosaved(tmp_path: Path) -> None:
    result = _shell(f"echo 'take lamp' | '{sys.executable}' -m zone_game play "
                    f"'{WORLD_DIR}' --seed 7 >/dev/full", tmp_path)
    assert result.returncode == 1
    assert "zone-game: cannot go on: No space left on device" in result.stderr
    assert "internal error" not in result.stderr
    assert (tmp_path / "autosave-testzone.json").is_file()


@pytest.mark.parametrize("speed", ["-1", "nan", "inf", "fast"])
def test_a_replay_speed_that_is_no_rate_is_refused(tmp_path: Path, speed: str) -> None:
    log = tmp_path / "run.json"
    log.write_text(encode(played(world()).recording(), "run"), encoding="utf-8")
    result = zone_game("replay", str(log), "--speed", speed)
    assert result.returncode == 2
    assert "--speed" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("seed", ["-5", "18446744073709551616", "7x"])
def test_a_seed_the_generator_cannot_hold_is_refused(tmp_path: Path, seed: str) -> None:
    # The generator reads 64 bits: -5 would have played 18446744073709551611's traps.
    result = zone_game("play", str(WORLD_DIR), "--seed", seed, stdin="look\n")
    assert result.returncode == 2
    assert "a whole number from 0 to 18446744073709551615" in result.stderr
    walk = tmp_path / "w.walk"
    walk.write_text(f"# a run\nseed: {seed}\nlook\n", encoding="utf-8")
    from zone_game.walkthrough import WalkthroughError, parse_walkthrough

    with pytest.raises(WalkthroughError, match="from 0 to 18446744073709551615"):
        parse_walkthrough(walk)

