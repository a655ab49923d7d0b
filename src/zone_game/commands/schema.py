"""`zone-game schema [-o FILE]`: print the JSON Schema of world files (see `schema`).

Point an editor's YAML language server at it to get completion, hover docs and
errors while writing a world; `docs/authoring/schema-and-editors.md` says how.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the schema to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from zone_game.commands._common import write_output
    from zone_game.schema import schema_text

    return write_output(schema_text(), args.output, "schema")
