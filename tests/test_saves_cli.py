"""The command line end to end, each step in a new process: play, save, continue, replay."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
from savehelpers import COMMANDS, WORLD_DIR, copy_world, zone_game


def _play(world: Path, saves: Path, lines: list[str], *extra: str) -> str:
    done = zone_game("play", str(world), "--seed", "7", "--saves", str(saves), *extra,
                     stdin="\n".join(lines) + "\n", cwd=world.parent)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_played_saved_restored_and_checked_in_new_processes(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    out = _play(WORLD_DIR, saves, [*COMMANDS, "save first run"])
    assert "Saved as 'first-run'" in out
    save = saves / "first-run.json"
    recorded = [t["digest"] for t in json.loads(save.read_text())["turns"]]
    assert len(recorded) == len(COMMANDS)
    # restore in a new process, then play on and save again
    out = _play(WORLD_DIR, saves, ["restore first-run", "undo", "redo", "save again"], "--new")
    assert "Restored 'first-run'" in out
    again = json.loads((saves / "again.json").read_text())
    assert [t["digest"] for t in again["turns"]] == recorded
    checked = zone_game("replay", str(saves / "again.json"), "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"identical — {len(COMMANDS)} commands" in checked.stdout
    # the same run exported as a run log carries the same digests
    log = tmp_path / "run.run.jsonl"
    assert zone_game("replay", str(save), "--export", str(log)).returncode == 0
    rows = [json.loads(line) for line in log.read_text().splitlines()[1:]]
    assert [r["digest"] for r in rows] == recorded
    assert zone_game("replay", str(log), "--check").returncode == 0


def test_several_runs_are_checked_in_one_process(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, [*COMMANDS, "save one"])
    _play(WORLD_DIR, saves, [*COMMANDS[:3], "save two"], "--new")
    (saves / "broken.json").write_text("{not json", encoding="utf-8")
    both = zone_game("replay", str(saves / "one.json"), str(saves / "two.json"), "--check")
    assert both.returncode == 0, both.stdout + both.stderr
    assert both.stdout.count("identical —") == 2
    assert both.stdout.splitlines()[-1] == "2 runs: 2 identical, 0 diverged, 0 unreadable"
    # the worst status wins; every run is still answered
    three = zone_game("replay", "one", "broken", "two", "--saves", str(saves), "--check")
    assert three.returncode == 2
    assert three.stdout.count("identical —") == 2 and "broken.json" in three.stderr
    assert three.stdout.splitlines()[-1] == "3 runs: 2 identical, 0 diverged, 1 unreadable"
    assert "Traceback" not in three.stderr
    watched = zone_game("replay", "one", "two", "--saves", str(saves))
    assert watched.returncode == 2 and "take one FILE" in watched.stderr


def test_check_names_the_turn_and_the_change_after_a_one_line_edit(tmp_path: Path) -> None:
    world = copy_world(tmp_path)
    saves = tmp_path / "saves"
    _play(world, saves, [*COMMANDS, "save run"])
    dialogue = world / "dialogue.yaml"
    dialogue.write_text(dialogue.read_text().replace("helper.trust += 1", "helper.trust += 2"))
    checked = zone_game("replay", "run", "--saves", str(saves), "--check")
    assert checked.returncode == 1
    assert "diverged at command 10 of 13: `1`" in checked.stdout
    assert "mood helper.trust: 1 → 2" in checked.stdout
    assert "world changed since recording" in checked.stdout
    updated = zone_game("replay", "run", "--saves", str(saves), "--update")
    assert updated.returncode == 0, updated.stderr
    assert zone_game("replay", "run", "--saves", str(saves), "--check").returncode == 0


def test_unreadable_files_exit_2_without_a_traceback(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, [*COMMANDS, "save good"])
    good = saves / "good.json"
    text = good.read_text()
    cases = {
        "truncated.json": (text[: len(text) // 2], "truncated"),
        "garbage.json": ("\x00\x01 not json", "not a readable save"),
        "newer.json": (re.sub(r'"oldest_reader": \d+', '"oldest_reader": 9', text),
                       "newer zone-game"),
        "other.json": (text.replace('"id": "testzone"', '"id": "elsewhere"'),
                       "played in world 'elsewhere'"),
        "huge.json": (text.replace('"seed": 7', '"seed": 7' + "0" * 5000, 1),
                      "a number too long to read"),
    }
    for name, (content, words) in cases.items():
        assert content != text, name  # each case really is damaged
        (tmp_path / name).write_text(content)
        done = zone_game("replay", str(tmp_path / name), "--check")
        assert done.returncode == 2, name
        assert words in done.stderr, (name, done.stderr)
        assert "Traceback" not in done.stderr
    assert good.read_text() == text  # the good file was never touched
    missing = zone_game("replay", str(tmp_path / "nope.json"), "--check")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_in_game_refusals_keep_the_game_going(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, [*COMMANDS, "save good"])
    good = saves / "good.json"
    data = json.loads(good.read_text())
    data["state"]["place"] = "atlantis"
    (saves / "tampered.json").write_text(json.dumps(data))
    data["state"]["place"] = "hut"
    data["state"]["items"]["bolt"] = [["guide", -2]]
    (saves / "negative.json").write_text(json.dumps(data))
    out = _play(WORLD_DIR, saves, ["restore tampered", "restore negative", "save ../../x",
                                   "restore nothing-here", "look"], "--new")
    flat = " ".join(out.split())  # the shell's replies are wrapped at 78 columns
    assert "Not restored:" in flat and "unknown place 'atlantis'" in flat
    assert "1 or more, not -2" in flat
    assert "Saved as 'x' (from '../../x')" in flat
    assert (saves / "x.json").is_file() and not (tmp_path / "x.json").exists()
    assert "no such save" in flat
    assert "The Hut" in out.rsplit("> look", 1)[1]


def test_an_unwritable_saves_directory_is_reported_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    done = zone_game("play", str(WORLD_DIR), "--seed", "7", "--saves", str(blocker / "saves"),
                     stdin="take lamp\nsave x\nundo\nn\n")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "Not saved: cannot create the saves directory" in done.stdout
    # the autosave after `undo` fails once, says so, and stops trying
    assert done.stdout.count("Autosave failed") + done.stderr.count("Autosave failed") == 1
    assert "The Yard" in done.stdout


def test_continue_and_new_for_scripts(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, ["take lamp", "n"])
    assert (saves / "autosave-testzone.json").is_file()
    out = _play(WORLD_DIR, saves, ["i"], "--continue")
    assert "Continuing at turn 2, after 2 commands." in out
    assert "an oil lamp" in out.rsplit("> i", 1)[1]
    # without a flag, a script is never asked and starts anew
    out = _play(WORLD_DIR, saves, ["i"])
    assert "Continue" not in out and "an oil lamp" not in out.rsplit("> i", 1)[1]


def _spawn(saves: Path) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "zone_game", "play", str(WORLD_DIR), "--seed",
                                          "7", "--saves", str(saves)],
                         encoding="utf-8", timeout=60, dimensions=(40, 100),
                         env={"TERM": "dumb", "PATH": "/usr/bin:/bin"})


def _quit(child: pexpect.spawn) -> None:
    """Quit the game in the terminal, as a player does; it must end cleanly."""
    child.sendline("quit")
    child.expect(r"Really quit\?")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_terminal_player_is_offered_the_last_run_and_hangup_autosaves(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    child = _spawn(saves)
    child.expect("> ")
    child.sendline("take lamp")
    child.expect("Taken")
    child.sendline("undo")
    child.expect("Undone: take lamp")
    child.sendline("n")
    child.expect("The Yard")
    child.sendline("save in a terminal")
    child.expect("Saved as 'in-a-terminal'")
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGHUP or child.exitstatus == 128 + signal.SIGHUP
    saved = json.loads((saves / "autosave-testzone.json").read_text())
    assert [t["input"] for t in saved["turns"]] == ["n"]
    checked = zone_game("replay", "in-a-terminal", "--saves", str(saves), "--check")
    assert checked.returncode == 0 and "identical — 1 command " in checked.stdout
    child = _spawn(saves)
    child.expect(r"Continue your last run \(The Yard, turn 1, after 1 command\)\? \[Y/n\] ")
    child.sendline("y")
    child.expect("Continuing at turn 1, after 1 command.")
    child.sendline("undo")
    child.expect("Undone: n")
    _quit(child)
    saved = json.loads((saves / "autosave-testzone.json").read_text())
    assert saved["turns"] == []


def test_watching_a_replay_stepping_stopping_and_playing_on(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, [*COMMANDS, "save run"])
    watched = zone_game("replay", str(saves / "run.json"), "--speed", "0")
    assert watched.returncode == 0
    assert watched.stdout.count("\n> ") == len(COMMANDS)
    assert "Taken: an oil lamp." in watched.stdout
    stepped = zone_game("replay", str(saves / "run.json"), "--step", "--to", "2",
                        stdin="\n\n")
    assert stepped.stdout.count("[command ") == 2 and "\n> light lamp" in stepped.stdout
    assert "\n> x key" not in stepped.stdout
    autosave = saves / "autosave-testzone.json"
    before = autosave.read_bytes()
    played_on = zone_game("replay", str(saves / "run.json"), "--to", "1", "--play",
                          "--saves", str(saves), stdin="i\nstatus\n")
    assert played_on.returncode == 0
    assert ("[playing on from turn 1, after 1 command; autosaved as 'run-continued']"
            in played_on.stdout)
    after_i = played_on.stdout.rsplit("> i", 1)[1]
    assert "an oil lamp" in after_i and "Place: The Hut" in after_i  # the game's own words
    # Playing on never overwrites the player's unfinished run (nor the save watched).
    assert autosave.read_bytes() == before
    continued = json.loads((saves / "run-continued.json").read_text())
    assert [t["input"] for t in continued["turns"]] == ["take lamp", "i"]  # not `status`


def test_exports_of_a_run(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, [*COMMANDS, "save run"])
    for suffix, marker in ((".txt", "> take lamp"), (".html", "<html"), (".svg", "<svg")):
        out = tmp_path / f"run{suffix}"
        done = zone_game("replay", str(saves / "run.json"), "--export", str(out))
        assert done.returncode == 0, done.stderr
        text = out.read_text()
        assert marker in text and "Taken: an oil lamp." in text.replace("&#160;", " ")
    bad = zone_game("replay", str(saves / "run.json"), "--export", str(tmp_path / "run.pdf"))
    assert bad.returncode == 2 and "cannot tell what to export" in bad.stderr
    # a run log exported back to a save holds the same final state
    log = tmp_path / "run.run.jsonl"
    assert zone_game("replay", str(saves / "run.json"), "--export", str(log)).returncode == 0
    again = tmp_path / "again.json"
    assert zone_game("replay", str(log), "--export", str(again)).returncode == 0
    assert json.loads(again.read_text())["state"] == \
        json.loads((saves / "run.json").read_text())["state"]


def test_a_piped_run_is_autosaved_when_terminated(tmp_path: Path) -> None:
    """Without a terminal the autosave waits for the end of the run; SIGTERM is an end."""
    import os

    from pexpect.popen_spawn import PopenSpawn

    saves = tmp_path / "saves"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = PopenSpawn([sys.executable, "-m", "zone_game", "play", str(WORLD_DIR), "--seed",
                        "7", "--saves", str(saves)], env=env, encoding="utf-8", timeout=60)
    try:
        child.sendline("take lamp")
        child.sendline("n")
        child.expect_exact("The Yard")
        assert not (saves / "autosave-testzone.json").exists()  # not after every turn
        child.kill(signal.SIGTERM)
        child.expect(pexpect.EOF)
        assert child.wait() == 128 + signal.SIGTERM
    finally:
        if child.proc.poll() is None:
            child.kill(9)
    saved = json.loads((saves / "autosave-testzone.json").read_text())
    assert [t["input"] for t in saved["turns"]] == ["take lamp", "n"]


def test_the_terminal_ui_offers_the_last_run_and_undoes(tmp_path: Path) -> None:
    """The rich UI in a real pty (the screen kept by pyte): save, undo, continue."""
    from test_ui_pty import TESTZONE, Terminal

    saves = tmp_path / "saves"
    first = Terminal(["play", TESTZONE, "--seed", "7", "--saves", str(saves)], tmp_path)
    try:
        first.wait_for("turn 0")
        first.send("take lamp\r")
        first.wait_for("Taken: an oil lamp.")
        first.send("n\r")
        first.wait_for("The Yard · turn 2")
        first.send("undo\r")
        first.wait_for("Undone: n. Now turn 1, after 1 command.")
        first.send("save ui run\r")
        first.wait_for("Saved as 'ui-run'")
        assert first.quit() == 0
    finally:
        if first.child.isalive():
            first.child.terminate(force=True)
    second = Terminal(["play", TESTZONE, "--saves", str(saves)], tmp_path)
    try:
        second.wait_for("Continue your last run (The Hut, turn 1, after 1 command)? [Y/n]")
        second.send("\r")
        screen = second.wait_for("Continuing at turn 1, after 1 command.")
        assert "Traceback" not in screen
        second.send("i\r")
        second.wait_for("an oil lamp")
        second.send("undo\r")
        screen = second.wait_for("Now turn 0, at the")  # "… at the start.", wrapped
        assert "Undone: take lamp (and i after it, which changed nothing)." in screen  # `i` bold
        assert second.quit() == 0
    finally:
        if second.child.isalive():
            second.child.terminate(force=True)
    assert zone_game("replay", "ui-run", "--saves", str(saves), "--check").returncode == 0


def test_a_script_never_overwrites_the_players_autosave(tmp_path: Path) -> None:
    """Piped runs in the default saves directory leave the player's unfinished run alone."""
    import os

    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "ZONE_GAME_SAVES"}
    env["XDG_DATA_HOME"] = str(data)
    slot = data / "zone-game" / "saves" / "autosave-testzone.json"
    slot.parent.mkdir(parents=True)
    _play(WORLD_DIR, slot.parent, ["take lamp"])  # the player's run (--saves given)
    before = slot.read_bytes()
    done = subprocess.run([sys.executable, "-m", "zone_game", "play", str(WORLD_DIR),
                           "--seed", "3"], input="n\ns\n", capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert slot.read_bytes() == before


def test_a_given_seed_is_offered_only_its_own_unfinished_run(tmp_path: Path) -> None:
    from io import StringIO

    from zone_game.loader import load_world
    from zone_game.savecommands import begin

    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, ["take lamp"])  # an unfinished run of seed 7
    world = load_world(WORLD_DIR)
    asked = StringIO()
    begin(world, 8, saves, "", ask=True, stdin=StringIO("y\n"), stdout=asked,
          seed_given=True)
    assert "Continue" not in asked.getvalue()
    asked = StringIO()
    controller = begin(world, 7, saves, "", ask=True, stdin=StringIO("maybe\nyes\n"),
                       stdout=asked, seed_given=True)
    assert asked.getvalue().count("Continue your last run") == 2  # asked again after "maybe"
    assert "Please answer y or n." in asked.getvalue()
    assert controller.session.state.turn == 1 and len(controller.inputs) == 1  # continued


def test_an_unfinished_run_is_kept_when_a_new_one_would_overwrite_it(tmp_path: Path) -> None:
    # Declining to continue, asking for another seed, or `--new`: the new run's autosave
    # would replace the unfinished run, so that run is kept first as 'before-new-run'.
    from io import StringIO

    from zone_game.loader import load_world
    from zone_game.savecommands import begin

    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, ["take lamp"])  # an unfinished run of seed 7
    autosave = saves / "autosave-testzone.json"
    unfinished = autosave.read_text()
    world = load_world(WORLD_DIR)
    for seed, choice, answers in ((7, "", "n\n"), (8, "", ""), (7, "new", "")):
        autosave.write_text(unfinished)
        (saves / "before-new-run.json").unlink(missing_ok=True)
        said = StringIO()
        controller = begin(world, seed, saves, choice, ask=True, stdin=StringIO(answers),
                           stdout=said, seed_given=seed != 7)
        assert "Your last run is kept as 'before-new-run'" in said.getvalue()
        assert (saves / "before-new-run.json").read_text() == unfinished
        assert controller.session.state.turn == 0


def test_end_of_input_at_the_continue_question_gives_nothing_up(tmp_path: Path) -> None:
    # Ctrl-D at "Continue your last run?" is no answer: the run is continued (and so left
    # as it was), never replaced by an empty new one.
    from io import StringIO

    from zone_game.loader import load_world
    from zone_game.savecommands import begin

    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, ["take lamp"])
    controller = begin(load_world(WORLD_DIR), 7, saves, "", ask=True, stdin=StringIO(""),
                       stdout=StringIO())
    assert controller.session.state.turn == 1 and controller.inputs == ["take lamp"]
    assert not (saves / "before-new-run.json").exists()


def test_a_terminal_player_who_starts_afresh_keeps_the_last_run(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    _play(WORLD_DIR, saves, ["take lamp"])  # an unfinished run of seed 7
    child = _spawn(saves)
    child.expect(r"Continue your last run \(The Hut, turn 1, after 1 command\)\? \[Y/n\] ")
    child.sendline("n")
    child.expect("Your last run is kept as 'before-new-run'")
    child.expect("> ")
    child.sendline("restore before-new-run")
    child.expect(r"Restored 'before-new-run' \(turn 1, after 1 command\)")
    _quit(child)
