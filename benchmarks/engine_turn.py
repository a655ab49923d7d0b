"""The engine's turn on a world's walkthroughs: `Session.submit` per command, digests aside
— or, with `--check`, `replay.check` of the same runs as recorded, digests included.

    python benchmarks/engine_turn.py [--world stalker] [--runs 5] [--against OTHER_CHECKOUT]
                                     [--check]

What `replay --check` pays for the game itself (issue 5: 50,000 checked commands/s on
Stalker is 20 µs a command, digest included; the engine's share is meant to be at most
17 µs). Each figure is a fresh process that plays every walkthrough of the world through
`Session.start`/`Session.submit` five times in a row, seven times over, and keeps the best
pass (in-process, so interpreter start-up and world loading are left out); the median of
the processes is reported. With `--against`, another checkout (its `src` is put first on
the path) is the reference in the same run: the two alternate process by process, so both
see the same machine load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from builds import add_arguments, run_in
from builds import builds as builds_of
from builds import world_dir as world_dir_of

BUDGET_US = {"engine": 17.0, "check": 20.0}  # the engine's share; 50,000 checks/s

TURNS = """
import sys, time
from pathlib import Path
from zone_game.loader import load_world
from zone_game.session import Session
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough
world_dir, mode = Path(sys.argv[1]), sys.argv[2]
world = load_world(world_dir)
walks = [parse_walkthrough(p) for p in find_walkthroughs(world_dir)]
count = sum(len(w.commands) for w in walks)
def play_all():
    for walk in walks:
        session, _ = Session.start(world, walk.seed)
        for line in walk.commands:
            session, _ = session.submit(line)
if mode == "check":  # replay.check on the runs as recorded (by the same build)
    from zone_game.history import History
    from zone_game.replay import check
    recordings = [History.played(world, w.seed, list(w.commands)).recording() for w in walks]
    def play_all():
        for recording in recordings:
            assert check(world, recording).identical
best = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(5):
        play_all()
    best.append(time.perf_counter() - start)
print(min(best) / 5 / count * 1e6, count)
"""


def turn_us(src: Path, world: Path, mode: str) -> tuple[float, int]:
    """One process's best pass, µs a command, with `src` first on the path."""
    us, count = run_in(src, TURNS, str(world), mode).split()
    return float(us), int(count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser, runs=5)
    parser.add_argument("--check", action="store_true",
                        help="time replay.check on the walkthroughs as recorded (digests "
                        "included: issue 5's replay --check budget) instead of the turn")
    args = parser.parse_args()
    world_dir = world_dir_of(args.world)
    mode = "check" if args.check else "engine"
    builds = builds_of(args.against)
    figures: dict[str, list[float]] = {name: [] for name in builds}
    count = 0
    for _ in range(args.runs):
        for name, src in builds.items():
            us, count = turn_us(src, world_dir, mode)
            figures[name].append(us)
    what = "replay.check" if args.check else "Session.submit"
    print(f"{world_dir.name}: {what} on {count} walkthrough commands, median of {args.runs} "
          "processes (best of 7 passes each)")
    for name, values in figures.items():
        median = statistics.median(values)
        spread = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:14} {median:6.2f} µs a command ({1e6 / median:,.0f}/s)   [{spread}]")
    mine = statistics.median(figures["this checkout"])
    if "reference" in figures:
        theirs = statistics.median(figures["reference"])
        print(f"  difference     {mine - theirs:+6.2f} µs ({(mine / theirs - 1) * 100:+.0f} %)")
    if world_dir.name == "stalker":
        budget = BUDGET_US[mode]
        share = "a checked command" if args.check else "a command for the engine's share"
        print(f"  budget         {budget:6.2f} µs {share}")
        return 0 if mine <= budget else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
