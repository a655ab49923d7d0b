"""Engine foundation budgets, measured as whole processes, medians over several runs.

    python benchmarks/engine_speed.py [--runs 7]

Reports:
- cold load+validate of a generated 10,000-place world (no cache)   budget <= 1.0 s
  (reference in the same run: plain `yaml.load` with the C loader of the same files)
- warm load of the same world (from the compiled-world cache)        budget <= 60 ms
- engine step on the test world, median microseconds                 budget <= 20 us
- replay on the test world, commands per second                      budget >= 50,000/s
Each load figure is a fresh `python -c` process timing its own `load_world` call; the
same figure including the package's imports is shown beside it (interpreter start-up is
excluded from both; the UI's start-up budget covers it). The processes run as an installed
program does, with Python's bytecode written once and then used.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_world import generate  # noqa: E402

TESTZONE = HERE.parent / "tests" / "worlds" / "testzone"

LOAD = """
import time, sys
t0 = time.perf_counter()
from zone_game.loader import load_world
t1 = time.perf_counter()
world = load_world(sys.argv[1], use_cache=sys.argv[2] in ("warm", "fill"))
t2 = time.perf_counter()
print(t2 - t1, t2 - t0)
"""
YAML_REFERENCE = """
import gc, time, sys, pathlib
if sys.argv[2] == "nogc":
    gc.disable()
t = time.perf_counter()
import yaml
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(p.read_text(), Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""
STEP = """
import time, sys, json
from zone_game.loader import load_world
from zone_game.engine import new_game, step
from zone_game.session import Session
world = load_world(sys.argv[1], use_cache=False)
script = ["n", "talk to helper", "1", "1", "e", "e", "throw bolt north", "take bolt",
          "look", "examine lamp", "i", "wait", "throw bolt east", "take bolt", "x"]
# step: many single steps from states along the script
states = []
session, _ = Session.start(world, 3)
for c in script:
    states.append((session.state, c))
    session, _ = session.submit(c)
samples = []
for _ in range(300):
    for state, c in states:
        t = time.perf_counter_ns()
        step(world, state, c)
        samples.append(time.perf_counter_ns() - t)
samples.sort()
# replay: a long run of cheap accepted commands, played through the session
long = (["wait", "look", "i", "examine lamp"] * 25_000)
start, _ = Session.start(world, 3)
session = start
for c in ["n", "talk to helper", "1", "1", "e", "e"]:
    session, _ = session.submit(c)
t = time.perf_counter()
for c in long:
    session, _ = session.submit(c)
elapsed = time.perf_counter() - t
median_us = samples[len(samples) // 2] / 1000
print(json.dumps({"step_us": median_us, "replay_per_s": len(long) / elapsed}))
"""


def run(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    # As installed: Python's bytecode is written and used (PYTHONDONTWRITEBYTECODE, set
    # in some development shells, would recompile the compiler in every timed cold load).
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, env={**base, **(env or {})})
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--places", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world_dir = generate(Path(tmp) / "big", args.places)
        env = {"ZONE_GAME_CACHE": str(Path(tmp) / "cache")}
        reference = [float(run(YAML_REFERENCE, str(world_dir), "gc"))
                     for _ in range(args.runs)]
        reference_nogc = [float(run(YAML_REFERENCE, str(world_dir), "nogc"))
                          for _ in range(args.runs)]
        run(LOAD, str(world_dir), "cold", env=env)  # untimed: writes any missing bytecode
        cold = [[float(x) for x in run(LOAD, str(world_dir), "cold", env=env).split()]
                for _ in range(args.runs)]
        run(LOAD, str(world_dir), "fill", env=env)  # writes the cache
        warm = [[float(x) for x in run(LOAD, str(world_dir), "warm", env=env).split()]
                for _ in range(args.runs)]
    engine = [json.loads(run(STEP, str(TESTZONE))) for _ in range(max(3, args.runs // 2))]
    step_us = statistics.median(e["step_us"] for e in engine)
    replay = statistics.median(e["replay_per_s"] for e in engine)
    print(f"{args.places}-place world, medians of {args.runs} processes:")
    print(f"  reference yaml.load (C loader)  {statistics.median(reference) * 1000:8.0f} ms")
    print(f"  the same, collector paused      {statistics.median(reference_nogc) * 1000:8.0f} ms"
          "   (no positions, no validation)")
    print(f"  cold load+validate              {statistics.median(c[0] for c in cold) * 1000:8.0f}"
          f" ms   (budget 1000 ms; {statistics.median(c[1] for c in cold) * 1000:.0f} ms "
          "with the imports)")
    print(f"  warm load (cache)               {statistics.median(w[0] for w in warm) * 1000:8.1f}"
          f" ms   (budget 60 ms; {statistics.median(w[1] for w in warm) * 1000:.0f} ms "
          "with the imports)")
    print(f"test world: step median           {step_us:8.1f} us   (budget 20 us)")
    print(f"            replay                {replay:8.0f} commands/s (budget 50,000/s)")


if __name__ == "__main__":
    main()
