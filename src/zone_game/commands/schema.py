"""`zone-game schema [-o FILE]`: print the JSON Schema of world files (see `schema`).

Point an editor's YAML language server at it to get completion, hover docs and
errors while writing a world; `docs/authoring/schema-and-editors.md` says how.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the schema to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from zone_game.schema import schema_text

    text = schema_text()
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"zone-game schema: cannot write {args.output}: {exc.strerror}",
                  file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0
