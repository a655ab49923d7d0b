"""The exploring-mode parser on the bundled world: median microseconds per `parse` call.

    python benchmarks/parser_speed.py [--runs 7] [--repeat 20] [--before REV]

Budget (issue 5, `replay --check` >= 50,000 commands/s): `parse(world, state, line)` at
most 3 us per call on average over the Stalker walkthrough lines.

The (state, line) pairs are every line of every `worlds/stalker/walkthroughs/*.walk`, each
with the state it was typed in (`History.played(...)._sessions[i].state` with `lines[i]`),
kept where that state is in exploring mode (conversation answers and the choice of which
thing was meant are read by the engine first; `parse` is the exploring-mode parser). Each
run is a fresh process that times `--repeat` passes over all pairs and reports the
median pass, per call; the figure is the median over `--runs` processes (the machine is
shared: a pass that another process slowed is not the parser's).

The parser remembers per world what it has read (its tables, each place, each distinct
line), so the figure above is that of a long run. A replay reads each line once, so the
same processes also time one pass with those tables first emptied: what a `replay
--check` of these runs costs, table building included. As references measured in the
same processes: `tokenize` alone on the same lines, and the parser's regular expression
alone (a measure of the machine's speed at the time: `tokenize` and the parser split each
distinct line once), and the mean over all pairs, whatever the mode; with `--before REV`,
the parser of that git revision (`src/zone_game/parser.py` as it was, beside today's
other modules) timed the same way.
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

ROOT = Path(__file__).resolve().parent.parent
STALKER = ROOT / "worlds" / "stalker"
BUDGET_US = 3.0

MEASURE = """
import json, statistics, sys, time
from pathlib import Path
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.parser import _ASCII_WORD, _remembered, _tables, _topics, parse, tokenize
from zone_game.state import Mode
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

world_dir, repeat, before = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
world = load_world(world_dir)
pairs = []
for path in find_walkthroughs(world_dir):
    walk = parse_walkthrough(path)
    history = History.played(world, walk.seed, walk.commands)
    pairs.extend((history._sessions[i].state, line) for i, line in enumerate(history.lines))
exploring = [(s, line) for s, line in pairs if s.mode is Mode.EXPLORING]
lines = [line for _s, line in exploring]

def per_call(body, count):
    body()  # warm the per-world tables and caches: a long run pays for them once
    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        body()
        passes.append(time.perf_counter() - start)
    return statistics.median(passes) / count * 1e6

def parse_exploring():
    for state, line in exploring:
        parse(world, state, line)

def parse_all():
    for state, line in pairs:
        parse(world, state, line)

def first_pass():
    for memory in (_tables, _topics, _remembered):  # (private, as a benchmark may)
        memory.cache_clear()  # every table built again, every line read again
    start = time.perf_counter()
    parse_exploring()
    return (time.perf_counter() - start) / len(exploring) * 1e6

def tokenize_only():
    for line in lines:
        tokenize(line)

def split_only():
    for line in lines:
        _ASCII_WORD.findall(line.lower())

result = {"pairs": len(exploring), "all_pairs": len(pairs), "cold_us": first_pass(),
          "parse_us": per_call(parse_exploring, len(exploring)),
          "parse_all_us": per_call(parse_all, len(pairs)),
          "tokenize_us": per_call(tokenize_only, len(lines)),
          "split_us": per_call(split_only, len(lines))}
if before:
    import importlib.util
    spec = importlib.util.spec_from_file_location("parser_before", before)
    old = sys.modules["parser_before"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)

    def parse_before():
        for state, line in exploring:
            old.parse(world, state, line)

    for memory in vars(old).values():  # its own remembered tables, as `first_pass` does
        if hasattr(memory, "cache_clear") and memory.__module__ == "parser_before":
            memory.cache_clear()
    start = time.perf_counter()
    parse_before()
    result["before_cold_us"] = (time.perf_counter() - start) / len(exploring) * 1e6
    result["before_us"] = per_call(parse_before, len(exploring))
print(json.dumps(result))
"""


def measure(repeat: int, before: str) -> dict[str, float]:
    # As installed: bytecode written and used (see engine_speed.py).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(STALKER), str(repeat), before],
                         capture_output=True, text=True, check=False, env=env)
    if out.returncode != 0:
        raise SystemExit(f"the measuring process failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20,
                        help="passes over all pairs in each process")
    parser.add_argument("--before", metavar="REV", default="",
                        help="also time the parser of this git revision (e.g. main)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = ""
        if args.before:
            source = subprocess.run(["git", "show", f"{args.before}:src/zone_game/parser.py"],
                                    cwd=ROOT, capture_output=True, text=True, check=True)
            before = str(Path(tmp) / "parser_before.py")
            Path(before).write_text(source.stdout, encoding="utf-8")
        runs = [measure(args.repeat, before) for _ in range(args.runs)]
    parse_us = statistics.median(r["parse_us"] for r in runs)
    spread = (min(r["parse_us"] for r in runs), max(r["parse_us"] for r in runs))
    print(f"Stalker walkthroughs: {runs[0]['pairs']:.0f} exploring-mode (state, line) pairs "
          f"of {runs[0]['all_pairs']:.0f}; medians of {args.runs} processes "
          f"x {args.repeat} passes:")
    print(f"  parse, exploring states   {parse_us:6.2f} us per call   (budget {BUDGET_US:.0f} us;"
          f" runs {spread[0]:.2f}-{spread[1]:.2f})")
    if args.before:
        before_us = statistics.median(r["before_us"] for r in runs)
        print(f"  parse as at {args.before:13} {before_us:6.2f} us per call   (reference: "
              f"{before_us / parse_us:.1f} times as long)")
    print(f"  parse, one pass from cold {statistics.median(r['cold_us'] for r in runs):6.2f}"
          " us per call   (tables built and lines read in the pass)")
    if args.before:
        print(f"  the same, as at {args.before:9} "
              f"{statistics.median(r['before_cold_us'] for r in runs):6.2f} us per call")
    print(f"  parse, every state        {statistics.median(r['parse_all_us'] for r in runs):6.2f}"
          " us per call   (reference: conversation answers too)")
    print(f"  tokenize alone            {statistics.median(r['tokenize_us'] for r in runs):6.2f}"
          " us per call   (reference: it remembers lines, as the parser does)")
    print(f"  a line's words            {statistics.median(r['split_us'] for r in runs):6.2f}"
          " us per call   (reference: the parser's regular expression alone)")
    return 0 if parse_us <= BUDGET_US else 1


if __name__ == "__main__":
    sys.exit(main())
