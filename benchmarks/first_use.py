"""A world's first use in a process: what the first `replay.check` pass over a world's
walkthrough logs costs beyond the passes after it.

    python benchmarks/first_use.py [--world stalker] [--runs 7] [--against OTHER_CHECKOUT]

The engine and the parser build their per-world and per-place tables lazily (turn timers
per place, rules per kind of command, dialogue options, the parser's places and verbs,
compiled conditions and effects), and a process also fills its per-process memos (a
line's words, an option's words, the fingerprint's numbers): a `zone-game replay LOG…
--check` process pays all of that once. Each process here loads the world from its cache,
decodes every record of it and every run log first (not counted), then checks the logs
three times; "first use" is the first pass less the faster of the other two. "Fresh
world" is the same in a warm interpreter: a second copy of the world, loaded in the same
process after the first was checked, so only the per-world tables are built again (the
median of four copies). Each build records the logs it checks, once, into a temporary
directory of its own (a build reads its own format; an older one may not read today's).
With `--against`, another checkout is measured alternately, process by process, so both
see the same machine load; medians are reported.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from builds import add_arguments, run_in
from builds import builds as builds_of
from builds import world_dir as world_dir_of

RECORD = """
import sys
from pathlib import Path
from zone_game import runlog
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough
world_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
world = load_world(world_dir)
for i, path in enumerate(find_walkthroughs(world_dir)):
    walk = parse_walkthrough(path)
    recording = History.played(world, walk.seed, list(walk.commands)).recording()
    (out / f"{i:03d}.run.jsonl").write_text(runlog.encode(recording))
"""

MEASURE = """
import statistics, sys, time
from pathlib import Path
from zone_game import replay, runlog
from zone_game.loader import load_world
world_dir, logs = Path(sys.argv[1]), Path(sys.argv[2])
TABLES = ("places", "items", "characters", "dialogue", "topics", "verbs", "hazards",
          "endings")
def loaded():
    world = load_world(world_dir)
    for name in TABLES:  # every record decoded from the cache: not the first use timed
        table = getattr(world, name)
        for key in table:
            table[key]
    return world
recordings = [runlog.decode(p.read_text(), str(p)) for p in sorted(logs.glob("*.run.jsonl"))]
def first_use(world):
    passes = []
    for _ in range(3):
        start = time.perf_counter()
        for recording in recordings:
            assert replay.check(world, recording).divergence is None
        passes.append(time.perf_counter() - start)
    return (passes[0] - min(passes[1:])) * 1000, min(passes[1:])
cold, steady = first_use(loaded())
fresh = statistics.median(first_use(loaded())[0] for _ in range(4))
count = sum(len(r.turns) for r in recordings)
print(cold, fresh, steady / count * 1e6, count, len(recordings))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser, runs=7)
    args = parser.parse_args()
    world_dir = world_dir_of(args.world)
    builds = builds_of(args.against)
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in builds}
    with tempfile.TemporaryDirectory() as tmp:
        logs = {name: Path(tmp) / str(number) for number, name in enumerate(builds)}
        for name, src in builds.items():
            logs[name].mkdir()
            run_in(src, RECORD, str(world_dir), str(logs[name]))
        for _ in range(args.runs):
            for name, src in builds.items():
                cold, fresh, steady, count, files = run_in(src, MEASURE, str(world_dir),
                                                         str(logs[name])).split()
                figures[name].append((float(cold), float(fresh), float(steady)))
    print(f"{world_dir.name}: first use over {files} run logs ({count} commands), median of "
          f"{args.runs} processes")
    medians = {}
    for name, values in figures.items():
        cold_ms, fresh_ms, steady_us = (statistics.median(v[i] for v in values)
                                        for i in range(3))
        medians[name] = (cold_ms, fresh_ms)
        spread = ", ".join(f"{v[0]:.2f}" for v in values)
        print(f"  {name:14} first use {cold_ms:5.2f} ms, fresh world {fresh_ms:5.2f} ms, "
              f"steady check {steady_us:5.2f} µs a command   [{spread}]")
    if "reference" in medians:
        mine, theirs = medians["this checkout"], medians["reference"]
        print(f"  difference     first use {mine[0] - theirs[0]:+5.2f} ms, "
              f"fresh world {mine[1] - theirs[1]:+5.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
