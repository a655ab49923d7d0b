"""Benchmark: `zone-game test WORLD` (all its walkthroughs), whole process, median of runs.

Budget (issue 6): the Stalker world's walkthroughs in at most 3 s. Each world is timed
with a warm world cache (the usual case) and a cold one (a fresh cache directory per run),
next to a reference measured in the same run — `zone-game --version`, the cost of starting
the program at all — so numbers from different machines can be compared.

Run: .venv/bin/python benchmarks/walkthrough_speed.py [WORLD ...] [--runs N]
Exits 1 if the Stalker world is measured and over budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = {"stalker": 3.0}
DEFAULT_WORLDS = ("stalker", "lighthouse", str(ROOT / "tests" / "worlds" / "testzone"))


def zone_game() -> list[str]:
    return [sys.executable, "-m", "zone_game"]


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def median_of(argv: list[str], runs: int, cold: bool) -> float:
    times = []
    with tempfile.TemporaryDirectory() as cache_root:
        for index in range(runs):
            cache = Path(cache_root) / (str(index) if cold else "warm")
            env = dict(os.environ, ZONE_GAME_CACHE=str(cache))
            if not cold and index == 0:
                timed(argv, env)  # fill the cache
            times.append(timed(argv, env))
    return statistics.median(times)


def world_exists(name: str) -> bool:
    if Path(name).is_dir():
        return True
    return (ROOT / "worlds" / name / "world.yaml").is_file()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("worlds", nargs="*", default=list(DEFAULT_WORLDS))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    reference = median_of([*zone_game(), "--version"], args.runs, cold=False)
    print(f"reference: zone-game --version          median {reference:6.3f} s "
          f"({args.runs} runs)")
    over = False
    for world in args.worlds:
        if not world_exists(world):
            print(f"{world}: not in this tree, skipped")
            continue
        argv = [*zone_game(), "test", world]
        warm = median_of(argv, args.runs, cold=False)
        cold = median_of(argv, args.runs, cold=True)
        budget = BUDGET_SECONDS.get(Path(world).name)
        verdict = ""
        if budget is not None:
            verdict = f"  budget {budget:.1f} s: {'ok' if warm <= budget else 'OVER'}"
            over = over or warm > budget
        print(f"{Path(world).name + ':':<12} test, warm cache  median {warm:6.3f} s "
              f"(x{warm / reference:4.1f} reference); cold cache {cold:6.3f} s{verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
