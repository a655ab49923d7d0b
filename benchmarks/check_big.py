"""`zone-game check` (compile + lint + report) on a generated 10,000-place world.

    python benchmarks/check_big.py [--runs 5] [--places 10000]

Budget: the whole `zone-game check` process <= 2.0 s (median). Each figure is a fresh
process timed from outside, interpreter start-up included, over several runs; the
median is reported with the spread. Reference in the same run: a process that only
loads and compiles the same world (`load_world_with_problems`, no cache, no lint), so
the share of lint and reporting is visible as the difference.
Exit status 1 when the median is over budget.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_world import generate  # noqa: E402

BUDGET_S = 2.0
LOAD_ONLY = ("import sys\nfrom zone_game.loader import load_world_with_problems\n"
             "world, problems = load_world_with_problems(sys.argv[1], use_cache=False)\n"
             "assert world is not None, problems\n")


def timed(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of `runs` fresh processes running `command`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):  # 1: the generated world has lint warnings
            raise SystemExit(f"{command} failed:\n{result.stderr[-2000:]}")
    return times


def describe(label: str, times: list[float]) -> str:
    return (f"{label:<44} median {statistics.median(times):6.3f} s   "
            f"(min {min(times):.3f}, max {max(times):.3f}, n={len(times)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--places", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = generate(Path(tmp) / "big", args.places)
        check = timed([sys.executable, "-m", "zone_game", "check", str(world)], args.runs)
        load = timed([sys.executable, "-c", LOAD_ONLY, str(world)], args.runs)
    median = statistics.median(check)
    print(f"world: generated, {args.places} places")
    print(describe("zone-game check (compile + lint + report)", check))
    print(describe("reference: compile only, same world", load))
    print(f"lint and reporting: {median - statistics.median(load):+.3f} s")
    verdict = "within" if median <= BUDGET_S else "OVER"
    print(f"budget {BUDGET_S:.1f} s: {verdict} budget")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
