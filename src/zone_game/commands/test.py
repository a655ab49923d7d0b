"""`zone-game test WORLD [--bless] [--coverage] [--only NAME] [--json]`: run walkthroughs.

Each `walkthroughs/NAME.walk` is replayed and compared with `NAME.expected`; see
`zone_game.walktest`. Exit status: 0 all passed, 1 a walkthrough failed (or there are
none), 2 the world or a walkthrough could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys

from zone_game.commands._common import shown_name
from zone_game.problems import WorldError, did_you_mean, format_problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("world", metavar="WORLD",
                        help="a bundled world id, or a world directory or .yaml file")
    parser.add_argument("--bless", action="store_true",
                        help="record this run's transcripts as the expected ones")
    parser.add_argument("--coverage", action="store_true",
                        help="report the places, exits, dialogue nodes, hazards and "
                             "endings the walkthroughs reach")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run (or bless) only this walkthrough; may be repeated")
    parser.add_argument("--json", action="store_true",
                        help="print the results (and coverage) as JSON")


def run(args: argparse.Namespace) -> int:
    from zone_game.loader import load_world, resolve_world
    from zone_game.walktest import BLESSED, FAILED, UNREADABLE, run_tests, walkthrough_files

    try:
        world_path = resolve_world(args.world)
        world = load_world(world_path)
    except WorldError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        print(f"{args.world}: the world cannot be loaded, so nothing was tested "
              "(see `zone-game check`)", file=sys.stderr)
        return 2
    walks = walkthrough_files(world_path)
    if args.only:
        unknown = sorted(set(args.only) - {w.stem for w in walks})
        if unknown:
            print(f"{args.world}: no walkthrough called {', '.join(unknown)} — "
                  + did_you_mean(unknown[0], [w.stem for w in walks], "walkthrough"),
                  file=sys.stderr)
            return 2
        walks = [w for w in walks if w.stem in args.only]
    report = run_tests(world, walks, bless=args.bless)
    if args.json:
        out: dict[str, object] = {
            "world": world.id, "walkthroughs": [o.as_json() for o in report.outcomes],
            "passed": report.passed, "failed": report.failed,
            "unreadable": report.unreadable}
        if args.coverage:
            out["coverage"] = report.coverage.as_json()
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return report.exit_status
    if not walks:
        print(f"{args.world}: no walkthroughs — add NAME.walk files to "
              f"{world_path if world_path.is_dir() else world_path.parent}/walkthroughs/ "
              "(see docs/authoring/testing.md)", file=sys.stderr)
    for outcome in report.outcomes:
        label = {FAILED: "FAIL", UNREADABLE: "ERROR", BLESSED: "blessed"}.get(
            outcome.status, "ok")
        about = f" — {outcome.description}" if outcome.description else ""
        print(f"{label:<7} {outcome.name}{about}")
        for reason in outcome.reasons:
            print(f"        {reason}")
        if outcome.diff:
            print("\n".join("        " + line for line in outcome.diff.splitlines()))
    if args.coverage:
        print(report.coverage.report())
    verb = "blessed" if args.bless else "passed"
    summary = f"{shown_name(args.world)}: {report.passed} {verb}, {report.failed} failed"
    if report.unreadable:
        summary += f", {report.unreadable} unreadable"
    print(summary)
    return report.exit_status
