"""The in-game words, driven through the controller as every shell drives them."""

from __future__ import annotations

from pathlib import Path

from savehelpers import SEED, world

from zone_game.controller import META_COMMANDS, META_HELP, Controller
from zone_game.plain import render
from zone_game.savecommands import attach


def _controller(tmp_path: Path) -> Controller:
    controller = Controller.start(world(), SEED)
    attach(controller, tmp_path / "saves")
    return controller


def _say(controller: Controller, line: str) -> str:
    reply = controller.handle(line)
    return "\n".join([*reply.messages, render(reply.events)])


def test_the_words_are_registered_with_help() -> None:
    for word in ("save", "restore", "load", "saves", "undo", "redo", "restart", "transcript"):
        assert word in META_COMMANDS
    assert "undo" in META_HELP and "load" not in META_HELP  # an alias needs no line


def test_save_restore_and_listing(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    assert "Nothing to undo" in _say(c, "undo")
    assert "Nothing to redo" in _say(c, "redo")
    assert "No saves yet" in _say(c, "saves")
    _say(c, "take lamp")
    _say(c, "look")  # a command, but no time passes: the game's turn stays 1
    assert "Saved as 'quicksave' at turn 1, after 2 commands" in _say(c, "save")
    _say(c, "n")
    assert "Saved as 'yard' at turn 2, after 3 commands" in _say(c, "save yard")
    listing = _say(c, "saves")
    assert "yard: at The Yard, turn 2, after 3 commands" in listing
    assert "quicksave: at The Hut, turn 1, after 2 commands" in listing
    assert "autosave-testzone: at The Yard, turn 2" in listing
    out = _say(c, "load yard")
    assert "Restored 'yard' (turn 2, after 3 commands)" in out and "The Yard" in out
    assert "Now turn 1, after 2 commands" in _say(c, "undo")
    # `restore` alone reads what `save` alone wrote, though 'yard' is newer.
    out = _say(c, "restore")
    assert "Restored 'quicksave' (turn 1, after 2 commands)" in out and "The Hut" in out
    assert c.inputs == ["take lamp", "look"]
    assert "no such save" in _say(c, "restore nothing")


def test_restore_alone_without_a_quicksave_takes_the_newest_save(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    _say(c, "take lamp")
    _say(c, "save lamp")
    _say(c, "n")
    out = _say(c, "restore")  # the latest save of this world (not the autosave)
    assert "Restored 'lamp'" in out and "The Hut" in out


def test_restart_starts_over_with_the_same_seed_and_keeps_the_run_left(
        tmp_path: Path) -> None:
    c = _controller(tmp_path)
    _say(c, "take lamp")
    out = _say(c, "restart")
    assert f"Started again (seed {SEED})" in out and "THE TEST ZONE" in out
    assert ("The run you left is saved as 'before-restart' (turn 1, after 1 command): "
            "restore before-restart") in out
    assert c.inputs == [] and c.session.state.turn == 0
    assert "Nothing to undo" in _say(c, "undo")
    assert "Restored 'before-restart'" in _say(c, "restore before-restart")
    assert c.inputs == ["take lamp"]
    assert "saved as 'before-restart'" in _say(c, "restart")
    # Restarting at the very start keeps nothing (there is nothing to keep).
    assert "before-restart" not in _say(c, "restart")


def test_restart_refuses_when_the_run_left_cannot_be_kept(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    _say(c, "take lamp")
    saves = tmp_path / "saves"
    (saves / "before-restart.json").mkdir(parents=True)  # a directory where the file goes
    out = _say(c, "restart")
    assert out.startswith("Not restarted: the run you would leave could not be saved")
    assert c.inputs == ["take lamp"]


def test_restore_keeps_the_run_it_leaves(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    _say(c, "save")  # a quicksave at the start
    for line in ("take lamp", "n"):
        _say(c, line)
    out = _say(c, "restore")
    assert "Restored 'quicksave' (turn 0, at the start)." in out
    assert ("The run you left is saved as 'before-restore' (turn 2, after 2 commands): "
            "restore before-restore") in out
    out = _say(c, "restore before-restore")
    assert "Restored 'before-restore' (turn 2, after 2 commands)." in out
    assert "saved as 'before-restore'" not in out  # going back to it keeps nothing over it
    assert c.inputs == ["take lamp", "n"]


def test_transcript_writes_what_happens(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    assert "Writing the transcript to" in _say(c, "transcript on")
    _say(c, "take lamp")
    _say(c, "n")
    assert "Transcript stopped" in _say(c, "transcript off")
    _say(c, "s")
    files = list((tmp_path / "saves").glob("transcript-*.txt"))
    assert len(files) == 1
    text = files[0].read_text()
    assert "> take lamp\nTaken: an oil lamp." in text and "The Yard" in text
    assert "> s" not in text


def test_autosave_follows_every_turn_and_undo(tmp_path: Path) -> None:
    from zone_game.saves import read_save

    c = _controller(tmp_path)
    autosave = tmp_path / "saves" / "autosave-testzone.json"
    _say(c, "take lamp")
    _say(c, "n")
    assert read_save(autosave)[0].inputs == ("take lamp", "n")
    _say(c, "undo")
    assert read_save(autosave)[0].inputs == ("take lamp",)


def test_restoring_into_a_conversation_offers_its_options_again(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    _say(c, "n")
    _say(c, "talk to helper")
    _say(c, "save talk")
    _say(c, "bye")
    out = _say(c, "restore talk")
    assert "Restored 'talk'" in out
    assert "(You are talking with the helper: answer with a number, or say bye.)" in out
    assert "1. Will you come with me?" in out and "3. Never mind." in out
    # what led to the options is shown again, so they are answered knowing what was said
    assert "So you're the guide." in out
    assert "Why do you want to go?" in _say(c, "2")  # answered where the save left it


def test_undo_and_redo_onto_an_ending_show_the_ending_screen_again(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    for line in ("n", "wait", "wait"):
        _say(c, line)
    ended = _say(c, "wait")  # the patrol comes round at turn 4
    assert "*** Caught ***" in ended and "Turns: 4" in ended
    assert "*** Caught ***" not in _say(c, "undo")
    again = _say(c, "redo")
    assert "Redone: wait" in again and "*** Caught ***" in again and "Turns: 4" in again


def test_restore_alone_never_takes_another_worlds_quicksave(tmp_path: Path) -> None:
    from zone_game.loader import load_world

    other = Controller.start(load_world("lighthouse"), SEED)
    attach(other, tmp_path / "saves")  # the same saves directory
    other.handle("wait")
    assert "Saved as 'quicksave'" in "".join(other.handle("save").messages)
    c = _controller(tmp_path)
    _say(c, "take lamp")
    _say(c, "save mine")
    _say(c, "n")
    out = _say(c, "restore")
    assert "Restored 'mine'" in out and "The Hut" in out


def test_again_after_undo_repeats_the_command_before_the_one_taken_back(
        tmp_path: Path) -> None:
    # After `undo` the run is as it was, what `again` remembers included (docs/saves.md);
    # doing the undone move again is `redo`'s work.
    c = _controller(tmp_path)
    _say(c, "take lamp")
    _say(c, "n")
    assert "Now turn 1" in _say(c, "undo")
    out = _say(c, "again")
    assert "already" in out.lower() and "The Yard" not in out
    # Even a refused line is part of the recorded run: the redo is gone.
    assert "Nothing to redo" in _say(c, "redo")
