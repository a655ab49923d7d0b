"""`zone-game new NAME [--dir PATH]`: scaffold a small playable world to start from.

Exit status: 0 made, 1 refused (a bad name, or the directory already exists).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME",
                        help="the world's id (lower_case_with_underscores); also the "
                             "directory's name")
    parser.add_argument("--dir", default=".", metavar="PATH",
                        help="where to make the world's directory (default: here)")


def run(args: argparse.Namespace) -> int:
    from zone_game.scaffold import SCHEMA_FILE, ScaffoldError, scaffold

    try:
        target = scaffold(args.name, Path(args.dir))
    except ScaffoldError as exc:
        print(f"zone-game new: {exc}", file=sys.stderr)
        return 1
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    print(f"Made {target}/:")
    for file in files:
        print(f"  {file}")
    print("Next:")
    print(f"  zone-game play {target}        # play it")
    print(f"  zone-game check {target}       # validate it")
    print(f"  zone-game test {target}        # replay its walkthrough")
    print(f"Editors with the YAML language server complete keys from {SCHEMA_FILE};")
    print(f"refresh it after an upgrade with: zone-game schema -o {target / SCHEMA_FILE}")
    return 0
