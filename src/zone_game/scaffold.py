"""`zone-game new`: a small, playable world to start from.

The scaffold is five places, an item, a companion with a short dialogue, a conditional
exit, a timer, one ending, and a walkthrough with its blessed transcript — enough to show
every common section of the format at work, and small enough to read in a minute. It
passes `zone-game check` and `zone-game test` as generated (a test proves it).

Every YAML file starts with a `# yaml-language-server: $schema=world.schema.json` line.
The YAML language server resolves a relative schema path against the YAML file itself,
so the scaffold writes the schema there too (`zone-game schema` prints the same text, to
refresh it after an upgrade). The loader reads only `*.yaml`, so the JSON file is never
mistaken for part of the world.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from string import Template

from zone_game.atomicfile import reason
from zone_game.spec import ID_PATTERN

SCHEMA_FILE = "world.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
_HEAD = SCHEMA_LINE.replace("$", "$$")  # as a string.Template writes a literal `$`

# File name -> text; `$name` and `$title` are filled in (string.Template, so the `{…}` of
# the world's own templates stays as written).
_FILES: dict[str, str] = {
    "world.yaml": _HEAD + """\
# $title: a world made by `zone-game new`. Change anything you like; then run
#   zone-game check $name   (every problem, with file:line:col and a hint)
#   zone-game test $name    (replays walkthroughs/*.walk against their transcripts)
world:
  id: $name
  title: $title
  author: ""
  start: cottage
  player: you
  intro: It rained all night. The ferryman said he would wait at the landing until
    noon, and not a minute longer.
  status:
    - label: Coin
      value: "{count(coin)}"

vars:
  bell_rung: false

endings:
  crossed:
    title: Across the River
    text:
      - if: follows(ada)
        text: The ferry pushes off with the two of you aboard. Ada trails her hand in the
          water and does not look back.
      - text: The ferry pushes off. On the bank, the valley folds itself into the mist.
    kind: good
""",
    "places.yaml": _HEAD + """\
places:
  cottage:
    name: The Cottage
    description: A low room that smells of woodsmoke. The door stands open to the east.
    revisit: The cottage, cold now the fire is out. The door is east.
    examine: Under the table you find a single dry sock. Not much use.
    scenery:
      table: A scrubbed pine table, scored with years of knife marks.
    exits:
      east: lane

  lane:
    name: The Lane
    description: A muddy lane between dripping hedges. The cottage is west, an orchard
      lies north, and the river landing is east.
    exits:
      west: cottage
      north: orchard
      east: landing

  orchard:
    name: The Orchard
    description: Old apple trees bent by the wind. Something glints in the wet grass.
    revisit: The orchard, all dripping branches.
    exits:
      south: lane

  landing:
    name: The Landing
    description: A wooden jetty and a flat ferry tied to it. The ferryman sits on an
      upturned crate, hand out, waiting for his fare.
    scenery:
      ferryman:
        nouns: [ferryman, boatman]
        description:
          - if: bell_rung
            text: He glares at you. Once was enough.
          - text: He does not look up. He does not need to.
      bell:
        nouns: [bell]
        description: A brass bell on a post, for calling the ferry from the far side.
    exits:
      west: lane
      east:
        to: ferry
        when: has(coin)
        closed: The ferryman holds out his palm. No coin, no crossing.
        text: You press the coin into his hand and step aboard.
        do: take coin

  ferry:
    name: The Ferry
    description: Brown water slides past the boards.
    exits: {}
""",
    "things.yaml": _HEAD + """\
items:
  coin:
    name: a silver coin
    nouns: [coin]
    adjectives: [silver]
    description: Your last coin, worn smooth. It will do for the fare.
    at: orchard

characters:
  you:
    name: you
    nouns: [me, myself]
    description: Wet through, and ready to go.
    at: cottage
  ada:
    name: Ada
    nouns: [ada, sister]
    description: Your sister, in a coat two sizes too big, pretending not to wait for you.
    at: lane
    talk: ada_hello
    remarks:
      - at: landing
        text: Well? Pay the man.

verbs:
  ring:
    patterns: [ITEM, bell]
    refuse: There is nothing here to ring.

rules:
  - verb: ring
    at: landing
    say: The bell clangs across the water. The ferryman winces.
    do: bell_rung = true

timers:
  - on_enter: ferry
    do: end crossed
""",
    "dialogue.yaml": _HEAD + """\
dialogue:
  ada_hello:
    speaker: ada
    lines:
      - You're really going, then.
    options:
      - text: Come with me.
        do: follow ada
        goto: ada_yes
      - text: Have you seen my coin?
        goto: ada_coin
      - text: Goodbye, Ada.
  ada_coin:
    speaker: ada
    lines:
      - In the orchard, where you dropped it. Where else?
    next: ada_hello
  ada_yes:
    speaker: ada
    lines:
      - I thought you'd never ask.
""",
}

_WALK = """\
# The crossing: find the coin, bring Ada, pay the ferryman.
seed: 1
ending: crossed
look
e
talk to ada
2
1
n
take coin
s
e
ring bell
examine ferryman
e
"""


class ScaffoldError(ValueError):
    """A world that cannot be made as asked (a bad name, an existing directory)."""


def world_title(name: str) -> str:
    return name.replace("_", " ").title()


def scaffold(name: str, parent: Path) -> Path:
    """Write a new world `parent/name/` and bless its walkthrough; returns the directory.

    Refuses an invalid id and an existing path: the scaffold never overwrites.
    """
    if not ID_PATTERN.match(name):
        raise ScaffoldError(f"'{name}' is not a valid world id — use lower case letters, "
                            "digits and underscores, starting with a letter (e.g. "
                            "'river_crossing')")
    target = parent / name
    if target.exists():
        raise ScaffoldError(f"{target} already exists — zone-game new never overwrites; "
                            "choose another name or --dir")
    if not parent.exists():
        raise ScaffoldError(f"--dir {parent} does not exist — make it first "
                            f"(mkdir -p {parent}), or name a directory that exists")
    if not parent.is_dir():
        raise ScaffoldError(f"--dir {parent} is a file, not a directory — name the directory "
                            "to make the world in")
    try:
        target.mkdir()
    except OSError as exc:
        raise ScaffoldError(f"cannot make {target}: {reason(exc)}") from None
    try:
        _write(target, name)
    except OSError as exc:  # a full disk, a read-only place: take back what was made
        shutil.rmtree(target, ignore_errors=True)
        raise ScaffoldError(f"cannot write the world in {target}: {reason(exc)}; "
                            "nothing was left behind") from None
    return target


def _write(target: Path, name: str) -> None:
    """The world's files in the new directory `target`, its walkthrough blessed."""
    for file_name, template in _FILES.items():
        text = Template(template).substitute(name=name, title=world_title(name))
        (target / file_name).write_text(text, encoding="utf-8")
    from zone_game.schema import schema_text

    (target / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    walks = target / "walkthroughs"
    walks.mkdir()
    (walks / "crossing.walk").write_text(_WALK, encoding="utf-8")
    _bless(target)


def _bless(target: Path) -> None:
    """Record the walkthrough's transcript, exactly as `zone-game test --bless` would."""
    from zone_game.loader import load_world
    from zone_game.walktest import run_tests, walkthrough_files

    world = load_world(target, use_cache=False)
    report = run_tests(world, walkthrough_files(target), bless=True)
    broken = [reason for outcome in report.outcomes for reason in outcome.reasons]
    if broken:  # the templates are ours: a failure here is a bug in zone-game
        raise AssertionError("the scaffold's walkthrough fails: " + "; ".join(broken))
