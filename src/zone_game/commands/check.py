"""`zone-game check WORLD...`: load and validate, print every problem.

Exit status: 0 clean, 1 problems found, 2 a world could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys

from zone_game.problems import ERROR, Problem, WorldError, format_problems
from zone_game.world import World


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("worlds", nargs="+", metavar="WORLD",
                        help="a bundled world id, or a world directory or .yaml file")
    parser.add_argument("--json", action="store_true",
                        help="print problems and statistics as JSON")


def world_stats(world: World) -> dict[str, int]:
    return {
        "places": len(world.places),
        "exits": sum(len(world.places[p].exits) for p in world.places),
        "items": len(world.items),
        "characters": len(world.characters),
        "dialogue_nodes": len(world.dialogue),
        "endings": len(world.endings),
        "hazards": len(world.hazards),
        "verbs": len(world.verbs),
    }


def check_one(name: str) -> tuple[int, list[Problem], dict[str, int] | None]:
    """(exit status, problems, stats or None) for one world."""
    from zone_game.loader import load_world_with_problems

    try:
        world, problems = load_world_with_problems(name, use_cache=False)
    except WorldError as exc:
        return 2, list(exc.problems), None
    unreadable = any(p.severity == ERROR and (p.message.startswith(("cannot read",
                                                                     "no such file")))
                     for p in problems)
    if world is None:
        return (2 if unreadable else 1), problems, None
    status = 1 if any(p.severity == ERROR for p in problems) else 0
    return status, problems, world_stats(world)


def run(args: argparse.Namespace) -> int:
    worst = 0
    reports = []
    for name in args.worlds:
        status, problems, stats = check_one(name)
        worst = max(worst, status)
        reports.append((name, status, problems, stats))
    if args.json:
        out: object
        entries = [{"world": name, "problems": [p.as_json() for p in problems],
                    "stats": stats} for name, _status, problems, stats in reports]
        out = entries[0] if len(entries) == 1 else {"worlds": entries}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return worst
    for name, status, problems, stats in reports:
        if problems:
            print(format_problems(problems), file=sys.stderr)
        if stats is not None and status == 0:
            summary = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in stats.items())
            print(f"{name}: ok ({summary})")
        else:
            print(f"{name}: {'unreadable' if status == 2 else 'has problems'}",
                  file=sys.stderr)
    return worst
