"""Small pieces several commands share: loading a world or reporting why not, and
writing a command's output to standard output or a file."""

from __future__ import annotations

import sys
from pathlib import Path

from zone_game.problems import WorldError, format_problems
from zone_game.world import World


def load_or_report(name: str) -> World | None:
    """The world, or None after printing its problems to standard error."""
    from zone_game.loader import load_world

    try:
        return load_world(name)
    except WorldError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        return None


def shown_name(name: str) -> str:
    """A world as given on the command line, for a report: `.` and `..` read better as
    the directory's own name (the root, which has none, stays as given)."""
    if Path(name).name not in ("", ".", ".."):
        return name
    return Path(name).resolve().name or name


def write_output(text: str, output: str | None, command: str) -> int:
    """Write `text` to the file `output` (or standard output); the exit status."""
    if not output:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"zone-game {command}: cannot write {output}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0
