"""Generate a large synthetic world for benchmarks: N places with descriptions, 3-4 exits,
items and conditions each. Deterministic for a given size.

    python benchmarks/generate_world.py OUT_DIR [--places 10000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path


def generate(out_dir: Path, places: int = 10_000) -> Path:
    """Write world.yaml + places.yaml + items.yaml into out_dir; returns out_dir."""
    chooser = random.Random(places)  # benchmark data only; never used by the engine
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "world.yaml").write_text(
        "world:\n  id: big\n  title: A Very Large Zone\n  start: p0\n  player: walker\n"
        "characters:\n  walker:\n    name: you\n"
        "vars:\n" + "".join(f"  key_{k}: false\n" for k in range(50)) +
        "endings:\n  out:\n    title: Out\n    text: You found a way out.\n"
        "verbs:\n  throw:\n    patterns: [ITEM DIRECTION]\n", encoding="utf-8")
    lines = ["places:"]
    directions = ["north", "south", "east", "west"]
    for index in range(places):
        lines.append(f"  p{index}:")
        lines.append(f"    name: Place number {index}")
        lines.append(f"    description: Grass and broken concrete, place {index}; the wind "
                     "moves through a fence that no longer keeps anything in.")
        lines.append("    exits:")
        lines.append(f"      {directions[0]}: p{(index + 1) % places}")
        for direction in directions[1:chooser.randint(3, 4)]:
            target = chooser.randrange(places)
            lines.append(f"      {direction}: {{to: p{target}, when: \"visited(p{target}) or "
                         f"key_{index % 50}\", closed: The way is blocked.}}")
    (out_dir / "places.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = ["items:"]
    for index in range(places):
        items.append(f"  thing_{index}: {{name: a thing numbered {index}, nouns: [thing], "
                     f"adjectives: [t{index}], at: p{index}, description: It is thing "
                     f"{index}.}}")
    items.append("rules:")
    for index in range(0, places, 10):
        items.append(f"  - {{verb: take, item: thing_{index}, do: key_{index % 50} = true, "
                     "continue: true}")
    (out_dir / "items.yaml").write_text("\n".join(items) + "\n", encoding="utf-8")
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--places", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.out, args.places)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
