"""The plain shell's transcript: no prompt left dangling, its own replies wrapped.

Findings 23 and 24 of docs/reviews/author-pass.md: a piped `play` ended on a `> `
nobody would answer, and `help`, `map` and `status` printed lines of 90 to 200 columns
where the game's own text is wrapped at 78.
"""

from __future__ import annotations

from io import StringIO

from conftest import TESTZONE
from test_cli import zone_game

from zone_game import shellwords
from zone_game.controller import Controller
from zone_game.loader import load_world
from zone_game.plain import wrap_message
from zone_game.plainshell import run_plain


def transcript(lines: list[str], width: int = 78) -> str:
    shellwords.register()  # `map` and `status`, as `zone-game play` has them
    controller = Controller.start(load_world(TESTZONE), 7)
    out = StringIO()
    assert run_plain(controller, StringIO("\n".join(lines) + "\n"), out,
                     interactive=False, width=width) == 0
    return out.getvalue()


def test_a_piped_play_ends_after_the_last_answer() -> None:
    result = zone_game("play", str(TESTZONE), "--plain", "--seed", "7", stdin="look\nwait\n")
    assert result.returncode == 0, result.stderr
    assert not result.stdout.rstrip("\n").endswith(">")
    last = result.stdout.rstrip("\n").rsplit("\n> ", 1)
    assert last[1].startswith("wait\n")  # the prompt comes with the command it echoes


def test_the_prompt_still_comes_before_each_command() -> None:
    text = transcript(["look", "n"])
    assert "\n\n> look\nThe Hut\n" in text and "\n\n> n\nThe Yard\n" in text
    assert text.endswith("Exits: south, east, bed.\n")


def test_help_map_and_status_are_wrapped_like_the_game() -> None:
    text = transcript(["n", "help", "map", "status"])
    assert "Right now you could try:" in text and "\n> status\nPlace: The Yard\n" in text
    assert max(len(line) for line in text.splitlines()) <= 78
    help_part = text.split("> help\n", 1)[1].split("\n\n> ", 1)[0]
    # A wrapped item goes on indented, so each item still starts a line of its own.
    tries = help_part.split("Right now you could try: ", 1)[1].splitlines()
    assert len(tries) > 1 and all(line.startswith("  ") for line in tries[1:])
    narrow = transcript(["n", "map"], width=40)
    map_part = narrow.split("> map\n", 1)[1]
    assert max(len(line) for line in map_part.splitlines()) <= 40
    assert "The Yard (you are here): south to The\n  Hut;" in map_part


def test_wrapping_keeps_words_whole_and_preformatted_messages_as_they_are() -> None:
    path = "/a/very/long/directory/name/that/goes/on/and/on/saves/quicksave.json"
    assert wrap_message(f"Saved as 'x' at turn 1: {path}", 30).splitlines() == [
        "Saved as 'x' at turn 1:", f"  {path}"]
    problem = ("w.yaml:3:14: error: unknown place 'brige' in a message much longer than "
               "the width\n     3 |       south: brige\n       |              ^")
    assert wrap_message(problem, 30) == problem
    assert wrap_message("a b\n\nc", 78) == "a b\n\nc"
