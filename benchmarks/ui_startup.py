"""Time to the first prompt of the terminal UI, against the floor of its own imports.

Budget (issue 4, architecture rule 13): `zone-game` reaches its first prompt within 1.2x
the time of `python -c "import rich.console, prompt_toolkit, yaml"`, both measured here,
in the same run, as whole processes, median of several runs.

The game is launched through the venv's console script in a real pseudo-terminal (so it
takes the rich UI path, not plain mode) and timed until the prompt is drawn. The bundled
world is used when installed, else a world given on the command line (default: the test
zone). One warm-up run fills the world cache first, as any second start of the game would.

    .venv/bin/python benchmarks/ui_startup.py [--runs 15] [WORLD]
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

import pexpect

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLOOR = "import rich.console, prompt_toolkit, yaml"
PROMPT_START = "\x1b[?2004h"  # bracketed paste switched on: the prompt application runs


def time_floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR], check=True)
    return time.perf_counter() - start


def time_first_prompt(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(str(BIN / "zone-game"), argv, cwd=str(ROOT), env=env,
                          dimensions=(40, 100), encoding="utf-8")
    try:
        child.expect_exact(PROMPT_START, timeout=20)
        child.expect_exact(">", timeout=20)
        return time.perf_counter() - start
    finally:
        child.terminate(force=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world", nargs="?", default="",
                        help="world to play (default: the bundled one, else the test zone)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    argv = ["play", args.world] if args.world else []
    if not args.world:
        from zone_game.loader import bundled_worlds

        if "stalker" not in bundled_worlds():
            argv = ["play", str(ROOT / "tests" / "worlds" / "testzone")]
    argv += ["--seed", "7"]
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, TERM="xterm-256color", XDG_DATA_HOME=data)
        env.pop("NO_COLOR", None)
        time_first_prompt(argv, env)  # warm-up: fills the world cache
        floors: list[float] = []
        prompts: list[float] = []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            floors.append(time_floor())
            prompts.append(time_first_prompt(argv, env))
    floor, prompt = statistics.median(floors), statistics.median(prompts)
    ratio = prompt / floor
    print(f"world: {' '.join(argv)}")
    print(f"floor  (python -c '{FLOOR}'): median {floor * 1000:.1f} ms over {args.runs} runs")
    print(f"zone-game first prompt:        median {prompt * 1000:.1f} ms over {args.runs} runs")
    print(f"ratio {ratio:.2f} (budget 1.20): {'OK' if ratio <= 1.2 else 'OVER BUDGET'}")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
