"""`zone-game check WORLD...`: load and validate, lint, print every problem.

A world that compiles is then linted (see `lint`): lint findings are warnings, which
fail the check only with `--strict`.

Exit status: 0 clean (or warnings only), 1 errors found (or warnings with `--strict`),
2 a world could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys

from zone_game.commands._common import shown_name
from zone_game.problems import ERROR, Problem, WorldError, format_problems
from zone_game.world import World


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("worlds", nargs="+", metavar="WORLD",
                        help="a bundled world id, or a world directory or .yaml file")
    parser.add_argument("--json", action="store_true",
                        help="print problems and statistics as JSON")
    parser.add_argument("--strict", action="store_true",
                        help="fail (exit 1) on lint warnings too")


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


def check_one(name: str, strict: bool = False) -> tuple[int, list[Problem],
                                                         dict[str, int] | None]:
    """(exit status, problems, stats or None) for one world; lint runs once it compiles."""
    from zone_game.lint import lint
    from zone_game.loader import load_world_located

    try:
        world, problems, source_map = load_world_located(name, use_cache=False)
    except WorldError as exc:
        return 2, list(exc.problems), None
    unreadable = any(p.severity == ERROR and (p.message.startswith(("cannot read",
                                                                     "no such file")))
                     for p in problems)
    if world is None:
        return (2 if unreadable else 1), problems, None
    if source_map is not None:
        problems = sorted([*problems, *lint(world, source_map)], key=Problem.sort_key)
    failing = problems if strict else [p for p in problems if p.severity == ERROR]
    return (1 if failing else 0), problems, world_stats(world)


def run(args: argparse.Namespace) -> int:
    worst = 0
    reports = []
    for name in args.worlds:
        status, problems, stats = check_one(name, args.strict)
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
            print(f"{shown_name(name)}: ok ({summary})")
        else:
            print(f"{shown_name(name)}: {'unreadable' if status == 2 else 'has problems'}",
                  file=sys.stderr)
    return worst
