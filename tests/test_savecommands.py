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
    assert "Saved as 'quicksave' at turn 1" in _say(c, "save")
    _say(c, "n")
    assert "Saved as 'yard'" in _say(c, "save yard")
    listing = _say(c, "saves")
    assert "yard: turn 2 at yard" in listing and "quicksave: turn 1 at hut" in listing
    assert "autosave-testzone: turn 2" in listing
    out = _say(c, "load quicksave")
    assert "Restored 'quicksave' (turn 1)" in out and "The Hut" in out
    assert c.inputs == ["take lamp"]
    out = _say(c, "restore")  # the latest save of this world (not the autosave)
    assert "Restored 'yard'" in out or "Restored 'quicksave'" in out
    assert "no such save" in _say(c, "restore nothing")


def test_restart_starts_over_with_the_same_seed(tmp_path: Path) -> None:
    c = _controller(tmp_path)
    _say(c, "take lamp")
    out = _say(c, "restart")
    assert f"Started again (seed {SEED})" in out and "THE TEST ZONE" in out
    assert c.inputs == [] and c.session.state.turn == 0
    assert "Nothing to undo" in _say(c, "undo")


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
