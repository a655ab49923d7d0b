"""The generated parts of docs/world-format.md: key tables from `spec`, and the tables of
the expression language from `expr`, so the reference cannot drift from the loader.

    python -m zone_game.formatdoc docs/world-format.md          # rewrite in place
    python -m zone_game.formatdoc docs/world-format.md --check  # exit 1 if stale

A generated block sits between `<!-- generated:NAME -->` and `<!-- /generated -->`, where
NAME is `sections`, `functions`, `effects`, or a shape name (`place`, `exit`, …).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from zone_game import spec
from zone_game.expr import BUILTIN_NAMES, EFFECT_WORDS, FUNCTIONS
from zone_game.vocabulary import BUILTIN_VERBS, DIRECTIONS, SLOTS

_BLOCK = re.compile(r"(<!-- generated:([a-z_]+) -->\n)(.*?)(<!-- /generated -->)", re.S)


def _default(value: object) -> str:
    if value is None:
        return "—"
    if value is True:
        return "`true`"
    if value is False:
        return "`false`"
    if value in ((), {}, "", ("",)):
        return "empty"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def shape_table(shape: spec.Shape) -> str:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key in shape.keys:
        default = "**required**" if key.required else _default(key.default)
        rows.append(f"| `{key.name}` | {_cell(spec.describe_type(key.type))} | {default} | "
                    f"{_cell(key.doc)} |")
    if shape.shorthand:
        rows.append("")
        rows.append(f"Shorthand: instead of the mapping, {spec.describe_type(shape.shorthand)}.")
    return "\n".join(rows)


def sections_table() -> str:
    rows = ["| section | holds | meaning |", "|---|---|---|"]
    for name, (type_, doc) in spec.SECTIONS.items():
        rows.append(f"| `{name}` | {_cell(spec.describe_type(type_))} | {_cell(doc)} |")
    return "\n".join(rows)


def functions_table() -> str:
    rows = ["| function | true / value when | arguments |", "|---|---|---|"]
    for name, (kinds, _result, meaning) in FUNCTIONS.items():
        args = ", ".join(k.rstrip("*") + ("…" if k.endswith("*") else "") for k in kinds)
        rows.append(f"| `{name}(…)` | {meaning} | {args} |")
    for name, meaning in BUILTIN_NAMES.items():
        rows.append(f"| `{name}` | {meaning} | — |")
    return "\n".join(rows)


def effects_table() -> str:
    rows = ["| effect | meaning |", "|---|---|"]
    for usage in EFFECT_WORDS.values():
        form, _, meaning = usage.partition(" — ")
        rows.append(f"| `{form}` | {_cell(meaning)} |")
    rows.append("| `NAME = value`, `NAME += n`, `NAME -= n` | set a flag, counter, mood "
                "(`writer.trust`) or item flag (`lamp.lit`) |")
    return "\n".join(rows)


def verbs_table() -> str:
    rows = ["| verb | typed as | meaning |", "|---|---|---|"]
    for verb, (synonyms, _patterns, meaning) in BUILTIN_VERBS.items():
        rows.append(f"| `{verb}` | {', '.join(f'`{s}`' for s in synonyms)} | {meaning} |")
    rows.append("")
    rows.append("Directions: " + "; ".join(
        f"`{d}` ({', '.join(a)})" for d, a in DIRECTIONS.items()) + ".")
    rows.append("")
    rows.append("Pattern slots: " + "; ".join(f"`{s}` — {m}" for s, m in SLOTS.items()) + ".")
    return "\n".join(rows)


def block(name: str) -> str:
    if name == "sections":
        return sections_table()
    if name == "functions":
        return functions_table()
    if name == "effects":
        return effects_table()
    if name == "verbs":
        return verbs_table()
    return shape_table(spec.SHAPES[name])


def regenerate(text: str) -> str:
    return _BLOCK.sub(lambda m: f"{m.group(1)}{block(m.group(2))}\n{m.group(4)}", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doc", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = args.doc.read_text(encoding="utf-8")
    new = regenerate(text)
    if args.check:
        if new != text:
            print(f"{args.doc} is out of date: run python -m zone_game.formatdoc {args.doc}",
                  file=sys.stderr)
            return 1
        return 0
    args.doc.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
