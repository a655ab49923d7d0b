"""The `zone-game` command line: a table of sub-commands, each in its own module.

Sub-command modules are imported only when used, so `zone-game check` never pays for the
terminal UI and start-up stays fast. No traceback reaches a user: world problems are
printed as problems, interruptions end quietly, and an internal error says so in one
line (set ZONE_GAME_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Protocol

from zone_game import __version__
from zone_game.textstreams import tolerate_narrow_encodings

# name -> (module under zone_game.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("play", "play a world (the default: the bundled Stalker world)"),
    "check": ("check", "load, validate and lint worlds, report every problem"),
    "new": ("new", "make a small playable world to start from"),
    "test": ("test", "run a world's walkthroughs against their blessed transcripts"),
    "schema": ("schema", "print the JSON Schema of world files, for editors"),
    "graph": ("graph", "draw a world's map (Graphviz DOT or Mermaid)"),
    "replay": ("replay", "watch, check (--check), re-record or export a saved run"),
}
DEFAULT_COMMAND = "play"
# Words an author guesses for a command we have under another name -> what to say. They
# are refused (exit 2) rather than aliased: one command per job keeps one set of options,
# exit codes and docs (see docs/authoring/lint.md, "Why no `zone-game lint`").
GUESSED: dict[str, str] = {
    "lint": "`zone-game check WORLD` lints (warnings; add --strict to fail on them)",
    "validate": "`zone-game check WORLD` validates and lints",
    "map": "`zone-game graph WORLD` draws the map (and `map` in a game shows it)",
}


class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _module(name: str) -> CommandModule:
    module_name = COMMANDS[name][0]
    module: CommandModule = importlib.import_module(f"zone_game.commands.{module_name}")
    return module


def _is_world(word: str) -> bool:
    """Whether `zone-game WORD` plays a world (a path, or a bundled world's id)."""
    from pathlib import Path

    from zone_game.loader import bundled_worlds

    return Path(word).exists() or word in bundled_worlds()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zone-game",
        description="A text adventure engine. With no command, plays the bundled world.",
    )
    parser.add_argument("--version", action="version", version=f"zone-game {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module_name, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if only is None or only == name:
            _module(name).add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None:  # started with its output closed (`>&-`)
        if sys.stderr is not None:
            print("zone-game: standard output is closed: nothing could be shown",
                  file=sys.stderr)
        return 2
    tolerate_narrow_encodings()
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in arguments if not a.startswith("-")), None)
    if command in GUESSED and not _is_world(command):
        print(f"zone-game: '{command}' is not a command: {GUESSED[command]}.\n"
              "Commands: " + ", ".join(COMMANDS) + " (zone-game --help)", file=sys.stderr)
        return 2
    if command not in COMMANDS and not any(a in ("-h", "--help", "--version")
                                           for a in arguments[:1]):
        arguments.insert(0, DEFAULT_COMMAND)
        command = DEFAULT_COMMAND
    parser = build_parser(only=command if command in COMMANDS else None)
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _module(args.command).run(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say, and nowhere to say it.
        _silence_stdout()
        return 0
    except OSError as exc:
        # The system refused (a full disk, a device error, the output gone): said in one
        # line, with the file when there is one. A game in progress was autosaved by its
        # shell before this came up (see plainshell.run_plain, ui.run_rich).
        _silence_stdout()
        where = f": {exc.filename}" if exc.filename else ""
        print(f"zone-game: cannot go on{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("ZONE_GAME_DEBUG"):
            raise
        print(f"zone-game: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in zone-game; run with ZONE_GAME_DEBUG=1 for details.",
              file=sys.stderr)
        return 70


def _silence_stdout() -> None:
    """Point stdout at nowhere, so that the interpreter's final flush of what could not be
    written raises nothing more."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
