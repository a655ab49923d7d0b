"""The engine's turn on a world's walkthroughs: `Session.submit` per command, digests aside.

    python benchmarks/engine_turn.py [--world stalker] [--runs 5] [--against OTHER_CHECKOUT]

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
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_US = 17.0

TURNS = """
import sys, time
from pathlib import Path
from zone_game.loader import load_world
from zone_game.session import Session
from zone_game.walkthrough import parse_walkthrough
world_dir = Path(sys.argv[1])
world = load_world(world_dir)
walks = [parse_walkthrough(p) for p in sorted((world_dir / "walkthroughs").glob("*.walk"))]
count = sum(len(w.commands) for w in walks)
def play_all():
    for walk in walks:
        session, _ = Session.start(world, walk.seed)
        for line in walk.commands:
            session, _ = session.submit(line)
best = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(5):
        play_all()
    best.append(time.perf_counter() - start)
print(min(best) / 5 / count * 1e6, count)
"""


def turn_us(src: Path, world_dir: Path) -> tuple[float, int]:
    """One process's best pass, µs a command, with `src` first on the path."""
    # As installed: bytecode written and used (some development shells turn that off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(src)
    out = subprocess.run([sys.executable, "-c", TURNS, str(world_dir)], capture_output=True,
                         text=True, check=True, env=env)
    us, count = out.stdout.split()
    return float(us), int(count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", default="stalker",
                        help="a bundled world's name or a world directory")
    parser.add_argument("--runs", type=int, default=5, help="processes per build")
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout of zone-game to measure alternately")
    args = parser.parse_args()
    world_dir = Path(args.world) if Path(args.world).is_dir() else ROOT / "worlds" / args.world
    builds = {"this checkout": ROOT / "src"}
    if args.against is not None:
        builds["reference"] = args.against.resolve() / "src"
    figures: dict[str, list[float]] = {name: [] for name in builds}
    count = 0
    for _ in range(args.runs):
        for name, src in builds.items():
            us, count = turn_us(src, world_dir)
            figures[name].append(us)
    print(f"{world_dir.name}: {count} walkthrough commands, median of {args.runs} processes "
          "(best of 7 passes each)")
    for name, values in figures.items():
        median = statistics.median(values)
        spread = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:14} {median:6.2f} µs a command ({1e6 / median:,.0f}/s)   [{spread}]")
    mine = statistics.median(figures["this checkout"])
    if "reference" in figures:
        theirs = statistics.median(figures["reference"])
        print(f"  difference     {mine - theirs:+6.2f} µs ({(mine / theirs - 1) * 100:+.0f} %)")
    if world_dir.name == "stalker":
        print(f"  budget         {BUDGET_US:6.2f} µs a command for the engine's share")
        return 0 if mine <= BUDGET_US else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
