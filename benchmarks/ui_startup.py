"""Time to the first prompt of the terminal UI, against the floor of its own imports.

Budget (issue 4, architecture rule 13): `zone-game` reaches its first prompt within 1.2x
the time of `python -c "import rich.console, prompt_toolkit, yaml"`, both measured here,
in the same run, as whole processes, median of several runs.

The game is launched through the venv's console script in a real pseudo-terminal (so it
takes the rich UI path, not plain mode) and timed until the prompt is drawn. The bundled
world is used when installed, else a world given on the command line (default: the test
zone). One warm-up run fills the world cache first, as any second start of the game would.

Both sides are measured twice. First with bytecode caches for every module, which is what
a pip install gives (pip compiles what it installs); the budget applies here. Then with
PYTHONDONTWRITEBYTECODE=1 and an editable install, as in some development sandboxes:
rich and prompt-toolkit still have the caches pip wrote, but zone_game's own modules are
compiled from source at every start, which only the game side pays.

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
# For the breakdown only: the bare shell — a Console printing a panel and a PromptSession
# with a toolbar reaching its prompt, with no game behind it.
BARE_SHELL = """
from rich.console import Console
from rich.panel import Panel
from prompt_toolkit import PromptSession
Console().print(Panel("a place"))
PromptSession(bottom_toolbar="toolbar").prompt("> ")
"""


def time_floor(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR], check=True, env=env)
    return time.perf_counter() - start


def time_first_prompt(argv: list[str], env: dict[str, str], program: str = "") -> float:
    start = time.perf_counter()
    child = pexpect.spawn(program or str(BIN / "zone-game"), argv, cwd=str(ROOT), env=env,
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
    verdicts = []
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as pycache:
        base = dict(os.environ, TERM="xterm-256color", XDG_DATA_HOME=data)
        base.pop("NO_COLOR", None)
        # As installed by pip, every module has its bytecode cached (kept here in a private
        # prefix, so no tree is touched); with PYTHONDONTWRITEBYTECODE, an editable
        # install compiles zone_game's modules at every start.
        cached = dict(base, PYTHONPYCACHEPREFIX=pycache)
        cached.pop("PYTHONDONTWRITEBYTECODE", None)
        uncached = dict(base, PYTHONDONTWRITEBYTECODE="1")
        print(f"world: {' '.join(argv)}; {args.runs} runs each, medians")
        for label, env in (("bytecode cached (a normal install)", cached),
                           ("editable + PYTHONDONTWRITEBYTECODE=1 (zone_game compiled each start)",
                            uncached)):
            time_floor(env)  # warm-up: fills the bytecode cache ...
            time_first_prompt(argv, env)  # ... and the world cache
            time_first_prompt(["-c", BARE_SHELL], env, sys.executable)
            floors: list[float] = []
            prompts: list[float] = []
            bare: list[float] = []
            for _ in range(args.runs):  # interleaved, so all see the same machine load
                floors.append(time_floor(env))
                prompts.append(time_first_prompt(argv, env))
                bare.append(time_first_prompt(["-c", BARE_SHELL], env, sys.executable))
            floor, prompt = statistics.median(floors), statistics.median(prompts)
            shell = statistics.median(bare)
            ratio = prompt / floor
            if env is cached:
                verdicts.append(ratio <= 1.2)
            print(f"{label}:")
            print(f"  floor (python -c '{FLOOR}'): {floor * 1000:.1f} ms")
            print(f"  zone-game to its first prompt: {prompt * 1000:.1f} ms")
            if env is cached:
                print(f"  ratio {ratio:.2f} (budget 1.20): "
                      f"{'OK' if ratio <= 1.2 else 'OVER BUDGET'}")
            else:  # the budget is a normal install's; this case is shown for reference
                print(f"  ratio {ratio:.2f} (for reference: the budget is a normal install's)")
            print(f"  breakdown: a bare rich + prompt-toolkit shell to its prompt: "
                  f"{shell * 1000:.1f} ms ({shell / floor:.2f} x floor)")
    return 0 if verdicts[0] else 1


if __name__ == "__main__":
    sys.exit(main())
