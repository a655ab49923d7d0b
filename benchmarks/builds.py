"""What the A/B benchmarks share: the builds compared (this checkout and, with `--against`,
another one), run one process at a time with a build's `src` first on the path, as
installed (bytecode written and used), and a failing build named instead of a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def add_arguments(parser: argparse.ArgumentParser, runs: int) -> None:
    """`--world`, `--runs` (processes per build, at least 1) and `--against`."""
    parser.add_argument("--world", default="stalker",
                        help="a bundled world's name or a world directory")
    parser.add_argument("--runs", type=_at_least_one, default=runs,
                        help="processes per build")
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout of zone-game to measure alternately")


def world_dir(name: str) -> Path:
    return Path(name) if Path(name).is_dir() else ROOT / "worlds" / name


def builds(against: Path | None) -> dict[str, Path]:
    """The builds' `src` directories by the names the reports give them."""
    found = {"this checkout": ROOT / "src"}
    if against is not None:
        found["reference"] = against.resolve() / "src"
    for src in found.values():
        # Else the installed zone-game would be imported and measured in its place.
        if not (src / "zone_game" / "__init__.py").is_file():
            raise SystemExit(f"{Path(sys.argv[0]).name}: no zone-game checkout at "
                             f"{src.parent} (no src/zone_game)")
    return found


def run_in(src: Path, script: str, *args: str) -> str:
    """`script`'s output, run by this Python with `src` first on the path."""
    # As installed: bytecode written and used (some development shells turn that off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{Path(sys.argv[0]).name}: the build in {src.parent} failed:\n"
                         f"{done.stderr}")
    return done.stdout


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
