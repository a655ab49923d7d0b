"""`zone-game play [WORLD] [--seed N] [--plain]`: play a world.

Plain mode is used with --plain, when stdin or stdout is not a terminal, or when
TERM=dumb.
"""

from __future__ import annotations

import argparse
import os
import sys

from zone_game.problems import WorldError, format_problems

DEFAULT_WORLD = "stalker"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("world", nargs="?", default=DEFAULT_WORLD, metavar="WORLD",
                        help="a bundled world id or a path (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=None,
                        help="the run's seed (default: a new one, shown at the start)")
    parser.add_argument("--plain", action="store_true",
                        help="plain text: no colour, no toolbar (screen readers, scripts)")
    parser.add_argument("--watch", action="store_true",
                        help="reload the world when its files change, replaying the "
                             "commands so far (for authors)")
    parser.add_argument("--saves", metavar="DIR", default=None,
                        help="the saves directory (default: $ZONE_GAME_SAVES, ./saves/ when "
                             "present, else the user data directory)")
    resume = parser.add_mutually_exclusive_group()
    resume.add_argument("--continue", dest="resume", action="store_const", const="continue",
                        default="", help="continue the last unfinished run without asking")
    resume.add_argument("--new", dest="resume", action="store_const", const="new",
                        help="start a new run without asking")


def choose_seed(explicit: int | None) -> int:
    from zone_game.rng import new_seed_from

    return explicit if explicit is not None else new_seed_from(os.urandom(16))


def wants_plain(args: argparse.Namespace) -> bool:
    return bool(args.plain or not sys.stdin.isatty() or not sys.stdout.isatty()
                or os.environ.get("TERM") == "dumb")


def run(args: argparse.Namespace) -> int:
    from zone_game.loader import load_world

    try:
        world = load_world(args.world)
    except WorldError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        return 1
    seed = choose_seed(args.seed)
    from zone_game.plainshell import run_plain
    from zone_game.savecommands import begin, exit_signals
    from zone_game.saves import saves_dir

    controller = begin(world, seed, saves_dir(args.saves), args.resume,
                       ask=sys.stdin.isatty(), stdin=sys.stdin, stdout=sys.stdout)
    if args.watch:
        from zone_game.loader import resolve_world
        from zone_game.watch import WorldWatcher

        world_path = resolve_world(args.world)
        controller.before_command = WorldWatcher.start(world_path)
        print(f"[watching {world_path}: saved edits are reloaded before your next command]")
    with exit_signals(controller):
        return run_plain(controller, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
