"""`zone-game graph WORLD [--format dot|mermaid] [-o FILE]`: draw the world's map.

The map comes from the compiled world (see `graph`), so it shows what the engine will
do: conditional, hidden and one-way exits, hazard candidates, and the endings.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("world", metavar="WORLD",
                        help="a bundled world id, or a world directory or .yaml file")
    parser.add_argument("--format", choices=("dot", "mermaid"), default="dot",
                        help="Graphviz DOT (render with `dot -Tsvg`) or a Mermaid "
                             "flowchart (default: %(default)s)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the map to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from zone_game.commands._common import load_or_report, write_output
    from zone_game.graph import to_dot, to_mermaid, world_map

    world = load_or_report(args.world)
    if world is None:
        return 1
    drawing = world_map(world)
    text = to_dot(drawing) if args.format == "dot" else to_mermaid(drawing)
    return write_output(text, args.output, "graph")
