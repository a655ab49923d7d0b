"""The tutorial works as written: its commands, run in order on a fresh `zone-game new`
world with the edits it describes, print what its console blocks show.

Where the tutorial trims an output (a line holding only `…`), the pieces it does show
must be printed, in order. The `--watch` session of step 7 is
interactive and is left to tests/test_watch.py. The edits of step 5 are taken from the
tutorial's own YAML and walkthrough blocks; the edit of step 3, shown with `…`, is made
here as its prose describes.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

TUTORIAL = REPO / "docs" / "authoring" / "tutorial.md"
_BLOCK = re.compile(r"```(console|yaml|text)\n(.*?)```", re.S)
_SECTION = re.compile(r"^## (\d+)\.", re.M)


@dataclass(frozen=True)
class Step:
    section: int
    command: str  # as typed after `$ `
    output: str  # what the tutorial shows it printing


def _blocks() -> list[tuple[int, str, str]]:
    """(section number, kind, body) of every fenced block, in order."""
    text = TUTORIAL.read_text(encoding="utf-8")
    starts = [(m.start(), int(m.group(1))) for m in _SECTION.finditer(text)]
    out = []
    for match in _BLOCK.finditer(text):
        section = max((n for at, n in starts if at < match.start()), default=0)
        out.append((section, match.group(1), match.group(2)))
    return out


def _steps() -> list[Step]:
    steps: list[Step] = []
    for section, kind, body in _blocks():
        if kind != "console":
            continue
        command, output = "", []
        for line in body.splitlines():
            if line.startswith("$ "):
                if command:
                    steps.append(Step(section, command, "\n".join(output).strip("\n")))
                command, output = line[2:], []
            else:
                output.append(line)
        steps.append(Step(section, command, "\n".join(output).strip("\n")))
    return steps


def _run(command: str, cwd: Path, env: dict[str, str]) -> str:
    """Run a tutorial command line (`zone-game …`, or `printf … | zone-game …`) and
    return what it printed: problems (stderr) come before the verdict (stdout), as on
    a terminal."""
    stdin = None
    if " | " in command:
        feed, command = command.split(" | ", 1)
        stdin = subprocess.run(shlex.split(feed), capture_output=True, text=True,
                               check=True).stdout
    words = shlex.split(command)
    assert words[0] == "zone-game", command
    done = subprocess.run([sys.executable, "-m", "zone_game", *words[1:]], cwd=cwd, env=env,
                          input=stdin or "", capture_output=True, text=True, timeout=120)
    output = done.stderr + done.stdout
    return output.strip("\n")


def _append_under(path: Path, section: str, addition: str) -> None:
    """Add lines right under a top-level `section:` key of a YAML file."""
    text = path.read_text(encoding="utf-8")
    assert f"\n{section}:\n" in text, section
    path.write_text(text.replace(f"\n{section}:\n", f"\n{section}:\n{addition}", 1),
                    encoding="utf-8")


def _edit_step_3(world: Path) -> None:
    """"Give the lane a way south, and add a broken bridge there — with a typo"."""
    places = world / "places.yaml"
    text = places.read_text(encoding="utf-8")
    old = "      east: landing\n"
    assert text.count(old) == 1
    places.write_text(text.replace(old, (
        "      east: landing\n      south: bridge\n\n  bridge:\n    name: The Broken Bridge\n"
        "    description: Half a bridge. The other half went downstream in the night, and the\n"
        "      river runs brown and fast where it used to be.\n    exits:\n      north: lnae\n")),
        encoding="utf-8")


def _fix_step_3(world: Path) -> None:
    """"Fix `lnae` to `lane` and check again"."""
    places = world / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("north: lnae", "north: lane"),
                      encoding="utf-8")


def _edit_step_5(world: Path) -> None:
    """The verb, rule, ending and walkthrough blocks of step 5, as the tutorial shows."""
    verb_block, ending_block, walk = [body for section, kind, body in _blocks()
                                      if section == 5 and kind in ("yaml", "text")]
    verbs, rules = verb_block.split("\nrules:\n")
    _append_under(world / "things.yaml", "verbs", verbs.removeprefix("verbs:\n"))
    _append_under(world / "things.yaml", "rules", rules)
    _append_under(world / "world.yaml", "endings", ending_block)
    (world / "walkthroughs" / "swim.walk").write_text(walk, encoding="utf-8")


def _shows(shown: str, printed: str) -> bool:
    """Whether the tutorial's block shows what was printed: exactly, or, where it trims
    with a line holding only `…`, the pieces between such lines, in order."""
    pieces = re.split(r"\n[ \t]*…[ \t]*(?:\n|$)", shown)
    if len(pieces) == 1:
        return shown == printed
    at = 0
    for piece in pieces:
        found = printed.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return printed.startswith(pieces[0]) and printed.endswith(pieces[-1])


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    env = {**os.environ, "ZONE_GAME_SAVES": str(tmp_path / "saves"),
           "ZONE_GAME_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1", "COLUMNS": "80"}
    world = tmp_path / "harbour"
    # (section, n-th command of it) -> the edit the tutorial makes before that command
    edits = {(3, 0): _edit_step_3, (3, 1): _fix_step_3, (5, 0): _edit_step_5}
    compared = 0
    seen: dict[int, int] = {}
    for step in _steps():
        index = seen[step.section] = seen.get(step.section, -1) + 1
        if "--watch" in step.command:
            continue
        if (step.section, index) in edits:
            edits[step.section, index](world)
        printed = _run(step.command, tmp_path, env)
        assert _shows(step.output, printed), \
            f"tutorial §{step.section}: $ {step.command}\n--- shown:\n{step.output}\n" \
            f"--- printed:\n{printed}"
        compared += 1
    assert compared >= 8, "the tutorial's outputs were not found"
