"""`zone-game play [WORLD] [--seed N] [--plain]`: play a world.

The terminal UI (`ui`) is used unless plain mode is asked for or needed: with --plain,
when stdin or stdout is not a terminal, or when TERM=dumb. Plain mode never imports rich
or prompt_toolkit.
"""

from __future__ import annotations

import argparse
import os
import sys

from zone_game import rng
from zone_game.problems import WorldError, format_problems

DEFAULT_WORLD = "stalker"


def _seed(text: str) -> int:
    """A seed given on the command line (argparse reports the refusal)."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not {rng.SEEDS}") from None
    if not rng.is_seed(seed):
        raise argparse.ArgumentTypeError(f"{text}: a seed is {rng.SEEDS}")
    return seed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("world", nargs="?", default=DEFAULT_WORLD, metavar="WORLD",
                        help="a bundled world id or a path (default: %(default)s)")
    parser.add_argument("--seed", type=_seed, default=None,
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


def start_collecting() -> None:
    """Keep everything made at start-up out of later collections, and collect again."""
    import gc

    gc.freeze()
    gc.enable()


def missing_default_world(name: str) -> str | None:
    """A clear message when the bundled default world is absent (a broken install)."""
    from pathlib import Path

    from zone_game.loader import bundled_worlds, bundled_worlds_dir

    if name != DEFAULT_WORLD or Path(name).exists() or name in bundled_worlds():
        return None
    return (f"zone-game: the bundled world '{DEFAULT_WORLD}' is not installed "
            f"(looked in {bundled_worlds_dir()}).\n"
            "Play a world from a directory instead: zone-game play PATH/TO/WORLD")


def run(args: argparse.Namespace) -> int:
    import gc

    # Start-up allocates only long-lived objects (modules, the world): collecting them is
    # wasted time before the first prompt. The shells freeze them and re-enable the
    # collector once the run is set up (see `start_collecting`); whatever happens, the
    # collector is on again when this returns.
    gc.disable()
    try:
        return _play(args)
    finally:
        gc.enable()


def _play(args: argparse.Namespace) -> int:
    from zone_game.loader import load_world

    missing = missing_default_world(args.world)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    try:
        world = load_world(args.world)
    except WorldError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        return 1
    seed = choose_seed(args.seed)
    from zone_game import shellwords
    from zone_game.savecommands import begin
    from zone_game.saves import saves_dir

    shellwords.register()
    controller = begin(world, seed, saves_dir(args.saves), args.resume,
                       ask=sys.stdin.isatty(), stdin=sys.stdin, stdout=sys.stdout,
                       seed_given=args.seed is not None,
                       directory_given=bool(args.saves or os.environ.get("ZONE_GAME_SAVES")))
    if args.watch:
        from zone_game.loader import resolve_world
        from zone_game.watch import WorldWatcher

        world_path = resolve_world(args.world)
        controller.before_command = WorldWatcher.start(world_path)
        print(f"[watching {world_path}: saved edits are reloaded before your next command]")
    if wants_plain(args):
        from zone_game.plainshell import run_plain

        start_collecting()
        # it leaves through the exit hooks (the autosave) on signals and Ctrl-C itself
        return run_plain(controller, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    from zone_game.ui import run_rich

    return run_rich(controller)  # it leaves through the exit hooks on signals itself
