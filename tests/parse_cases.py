"""The parser's reference cases: lines and the states they are parsed in, and a compact,
JSON-ready encoding of what `parse` returns, field by field.

`tests/data/parse_reference.json` holds what the parser returned for every case when it
was written (before the parser was made faster); `test_parser_reference.py` checks that
the parser still returns exactly that. The cases:

- every line of every walkthrough of the bundled worlds and the test world, with the
  state it was typed in (whatever the mode: the engine parses a conversation's stray line
  too);
- a fixed list of tricky lines (pronouns, `all`, ambiguity, unknown words, throwing at
  things, typos, Unicode, empty, over-long), and lines made from the world's own words
  (every item, person, scenery, exit, place, topic and verb), each parsed in a sample of
  the walkthroughs' exploring states: the first state of each distinct view (place, what
  is seen and carried, who is where, the exits shown, what `it` means).

Beside them: what `visible_things` lists in each sampled state, and what `tokenize` makes
of each of those lines (the engine uses both).

Regenerate (only when a change of behaviour is intended, and say so in the commit):

    .venv/bin/python tests/parse_cases.py --write
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zone_game.history import History  # noqa: E402
from zone_game.loader import load_world  # noqa: E402
from zone_game.parser import (  # noqa: E402
    Ambiguity,
    Command,
    Refusal,
    parse,
    tokenize,
    visible_things,
)
from zone_game.state import GameState, Mode  # noqa: E402
from zone_game.walkthrough import find_walkthroughs, parse_walkthrough  # noqa: E402
from zone_game.world import World  # noqa: E402

REFERENCE = ROOT / "tests" / "data" / "parse_reference.json"
WORLDS = {"stalker": ROOT / "worlds" / "stalker",
          "lighthouse": ROOT / "worlds" / "lighthouse",
          "testzone": ROOT / "tests" / "worlds" / "testzone"}

# Lines a player may type that exercise every branch of the parser, whatever the world.
TRICKY = (
    "", "   ", "the", "please the", "n", "N", "north", "go north", "go n", "walk north carefully",
    "go", "go north east", "go northeast", "ne", "north-east", "upstairs", "inside", "exit",
    "out", "in", "UP", "up the ladder", "go up the ladder", "north to the gate",
    "go to the bar", "go to the kitchen", "go towards north", "back", "go back", "back up",
    "x", "l", "look", "look around", "look about", "look at", "look at me", "i", "inv",
    "inventory", "z", "wait", "wait for the patrol", "wait until dark", "wait a bit",
    "it", "take it", "take them", "drop it", "x it", "examine him", "x her", "talk to her",
    "talk to him", "talk to them", "talk", "talk to", "take", "drop",
    "take all", "drop all", "take everything", "drop all of it", "get all", "x all",
    "take nut", "take nuts", "take the nut", "take nut up", "pick up nut", "pick nut up",
    "get nut", "drop nut", "drop nut here", "drop nut on floor", "drop nut on the ground",
    "put nut down", "put down nut", "put nut in tin", "put the nut on the table",
    "put nut next to the bed", "put nut inside of it", "put it on", "put nut", "put", "pick",
    "set", "throw nut", "throw nut north", "throw nut n", "throw nut at gate",
    "throw nut at writer", "throw nut at it", "throw nut at", "throw nut up the ladder",
    "throw it at the well", "throw nut to the bar", "throw nut towards north", "throw",
    "throw nut at xyzzy", "throw xyzzy at gate", "throw nut into the room",
    "xyzzy", "nrth", "exmaine nut", "tkae nut", "lok", "invetory", "wiat",
    "what do i do", "where am i", "how", "help", "tell the writer to wait",
    "send professor ahead", "tell wife about it",
    "get on the trolley", "get on trolley", "get off", "get off the trolley", "get out",
    "get out of the car", "climb into the car", "climb out", "board trolley", "board",
    "jump out", "get in jeep", "get in", "get up", "get down", "hop on", "step in the car",
    "go in", "go out of here",
    "x room", "search the room", "examine here", "x around", "look in room",
    "examine désk", "take café", "take cafe\u0301", "\uff4e\uff4f\uff52\uff54\uff48", "北",
    "x 🙂", "take 'nut'", "take nut-like", "don't", "x nut!", "take, nut", "take nut?",
    "x   nut", "\tx\tnut\t", "x nut and bolt", "take nut and bolt", "Take The Nut",
    "n. take nut", "n then e", "take nut then drop nut", "n;e",
    "x me", "examine myself", "x self", "x yourself", "take me", "talk to me", "drop me",
    "ask", "ask about", "ask about woman", "ask writer", "ask writer about",
    "ask writer about woman", "ask barman about nothing", "ask professor about zone",
    "ask wife about watch", "ask him about it", "ask me about me",
    "1", "2", "42", "bye", "goodbye", "leave", "end conversation", "again", "g", "oops nut",
    "x x", "take take", "north north", "n n", "go go", "drop drop nut",
    "take " + "nut " * 49, "x " + "a" * 198, "x " + "a" * 199, "n " * 100, "n " * 101,
    "a" * 201, " " * 250 + "n", "take" + " " * 300 + "nut",
)


def world_lines(world: World) -> list[str]:
    """Lines made of the world's own words that may be typed anywhere: its items, people,
    topics, places and verbs."""
    lines: list[str] = []
    for item_id in world.items:
        item = world.items[item_id]
        noun = item.nouns[0] if item.nouns else item_id
        lines += [f"take {noun}", f"drop {noun}", f"x {noun}", f"take {item.name}",
                  f"throw {noun}", f"throw {noun} north", f"throw {noun} at {noun}",
                  f"put {noun} on the floor", f"put {noun} in it", f"drop all {noun}"]
        lines += [f"x {adjective} {noun}" for adjective in item.adjectives]
        lines += [f"take {n}" for n in item.nouns[1:]]
    for char_id in world.characters:
        character = world.characters[char_id]
        nouns = character.nouns or (char_id.replace("_", " "),)
        lines += [f"talk to {nouns[0]}", f"x {nouns[0]}", f"take {nouns[0]}",
                  f"ask {nouns[0]} about {nouns[-1]}", f"throw nut at {nouns[0]}",
                  f"tell {nouns[0]} to go", f"{nouns[0]}"]
        lines += [f"talk to {n}" for n in nouns[1:]]
    for topic_id in world.topics:
        lines += [f"ask about {noun}" for noun in world.topics[topic_id].nouns[:1]]
    for place_id in world.places:
        lines += [f"go to {world.places[place_id].name}"]
    for verb_id in world.verbs:
        verb = world.verbs[verb_id]
        lines += [verb_id, f"{verb_id} it", f"{verb_id} xyzzy", f"{verb_id} nut"]
        lines += [f"{synonym} me" for synonym in verb.synonyms]
    return list(dict.fromkeys(lines))


def place_lines(world: World, place_id: str) -> list[str]:
    """Lines naming what is at one place: its scenery, its exits, its name and those of
    the places its exits lead to."""
    place = world.places[place_id]
    lines = [f"x {place.name}", f"get out of {place.name}", f"get on {place.name}"]
    for scenery in place.scenery:
        lines += [f"x {scenery.nouns[0]}", f"take {scenery.nouns[-1]}",
                  f"throw nut at {scenery.nouns[0]}", f"get on {scenery.nouns[0]}"]
    for exit_ in place.exits:
        to = world.places[exit_.to].name
        lines += [exit_.name, f"go {exit_.name}", f"throw nut {exit_.name}",
                  f"get in {exit_.name}", f"north to {exit_.name}", f"get in {to}",
                  f"throw nut at {to}", f"up to {to}"]
    return list(dict.fromkeys(lines))


def walk_pairs(world: World, world_dir: Path) -> Iterator[tuple[str, GameState, str]]:
    """(walkthrough name, state, line) of every line of the world's walkthroughs."""
    for path in find_walkthroughs(world_dir):
        walk = parse_walkthrough(path)
        history = History.played(world, walk.seed, walk.commands)
        for index, line in enumerate(history.lines):
            yield path.name, history.session(index).state, line


def sample_states(world: World, pairs: list[tuple[str, GameState, str]]
                  ) -> list[tuple[str, int]]:
    """(walkthrough, line index) of the first exploring state of each distinct view: the
    place, the items there and carried, the people there, the ways shown and what `it`
    means (worked out here, not by the parser under test)."""
    views: set[object] = set()
    chosen: list[tuple[str, int]] = []
    index_in_walk: dict[str, int] = {}
    for name, state, _line in pairs:
        index = index_in_walk[name] = index_in_walk.get(name, -1) + 1
        if state.mode is not Mode.EXPLORING:
            continue
        people = {c for c, at in zip(world.character_ids, state.character_places,
                                     strict=True) if at == state.place}
        holders = {state.place, world.player, *people}
        items = tuple(item for item, holding in zip(world.item_ids, state.holdings,
                                                    strict=True)
                      if any(holder in holders for holder, _count in holding))
        ways = world.places[state.place].ways_offered(state.exit_overrides,
                                                      state.closed_behind)
        meant = state.last_item if state.last_item in (*items, *people) else ""
        view = (state.place, items, tuple(sorted(people)), ways, meant)
        if view not in views:
            views.add(view)
            chosen.append((name, index))
    return chosen


def encode(result: Command | Ambiguity | Refusal) -> list[Any]:
    """Every field, compared fields and not, in a JSON-ready list."""
    if isinstance(result, Command):
        return ["command", result.verb, result.item, result.person, result.direction,
                result.topic, result.scenery, result.bare, result.until,
                None if result.pattern is None else list(result.pattern)]
    if isinstance(result, Ambiguity):
        return ["ambiguity", result.words, list(result.candidates), list(result.names)]
    suggest = None if result.suggest is None else \
        [result.suggest[0], sorted(result.suggest[1])]
    return ["refusal", result.reason, result.hint, result.unknown_word, result.specific,
            suggest, result.progress]


@dataclass
class WorldCases:
    """A world's cases in the reference's order, parsed by the parser of today."""

    walks: dict[str, list[str]]  # walkthrough -> its lines
    walk_results: dict[str, list[list[Any]]]  # walkthrough -> encoded result per line
    walk_views: dict[str, list[list[Any]]]  # walkthrough -> [mode, place, turn] per line
    lines: list[str]  # the lines parsed in every sampled state
    place_lines: dict[str, list[str]]  # place -> the lines parsed in its states too
    states: dict[str, list[tuple[str, int]]]  # place -> its sampled states, by walk and line
    # [line][sampled state, places in sorted order] -> result
    columns: list[list[list[Any]]]
    # place -> [line of its own][its sampled state] -> result
    place_columns: dict[str, list[list[list[Any]]]]
    # place -> per sampled state, what `visible_things` lists ("kind:id" each, in order)
    visible: dict[str, list[str]]
    words: list[list[str]]  # `tokenize` of each of `lines`


def cases(name: str) -> WorldCases:
    world = load_world(WORLDS[name], use_cache=False)
    pairs = list(walk_pairs(world, WORLDS[name]))
    walks: dict[str, list[str]] = {}
    walk_results: dict[str, list[list[Any]]] = {}
    walk_views: dict[str, list[list[Any]]] = {}
    by_key: dict[tuple[str, int], GameState] = {}
    for walk, state, line in pairs:
        by_key[walk, len(walks.setdefault(walk, []))] = state
        walks[walk].append(line)
        walk_results.setdefault(walk, []).append(encode(parse(world, state, line)))
        walk_views.setdefault(walk, []).append([state.mode.value, state.place, state.turn])
    states: dict[str, list[tuple[str, int]]] = {}
    for key in sample_states(world, pairs):
        states.setdefault(by_key[key].place, []).append(key)
    states = {place: states[place] for place in sorted(states)}
    lines = list(dict.fromkeys((*TRICKY, *world_lines(world))))
    every = [by_key[key] for keys in states.values() for key in keys]
    columns = [[encode(parse(world, state, line)) for state in every] for line in lines]
    local = {place: place_lines(world, place) for place in states}
    place_columns = {place: [[encode(parse(world, by_key[key], line)) for key in keys]
                             for line in local[place]]
                     for place, keys in states.items()}
    visible = {place: [" ".join(f"{t.kind}:{t.id}" for t in visible_things(world, by_key[key]))
                       for key in keys] for place, keys in states.items()}
    return WorldCases(walks, walk_results, walk_views, lines, local, states, columns,
                      place_columns, visible, [tokenize(line) for line in lines])


def to_reference(found: dict[str, WorldCases]) -> dict[str, Any]:
    """The fixture. Each distinct result is written once (`results`, the most frequent
    first), each did-you-mean word pool once (`pools`; a refusal's pool is an index into
    it); a case is an index into `results`. A line's results over the sampled states are
    one string, runs of one result shortened: "3*12 40" is 3 twelve times, then 40."""
    pools: dict[str, int] = {}
    counts: dict[str, int] = {}

    def key(encoded: list[Any]) -> str:
        if encoded[0] == "refusal" and encoded[5] is not None:
            pool = json.dumps(encoded[5][1], ensure_ascii=False)
            encoded = [*encoded[:5], [encoded[5][0], pools.setdefault(pool, len(pools))],
                       *encoded[6:]]
        found = json.dumps(encoded, ensure_ascii=False)
        counts[found] = counts.get(found, 0) + 1
        return found

    keyed = {name: ({walk: [key(r) for r in rows] for walk, rows in c.walk_results.items()},
                    [[key(r) for r in column] for column in c.columns],
                    {place: [[key(r) for r in column] for column in columns]
                     for place, columns in c.place_columns.items()})
             for name, c in found.items()}
    order = sorted(counts, key=lambda k: (-counts[k], k))
    index_of = {k: index for index, k in enumerate(order)}

    def runs(column: list[str]) -> str:
        out: list[list[int]] = []
        for index in (index_of[k] for k in column):
            if out and out[-1][0] == index:
                out[-1][1] += 1
            else:
                out.append([index, 1])
        return " ".join(f"{index}*{count}" if count > 1 else str(index)
                        for index, count in out)

    worlds: dict[str, Any] = {}
    for name, c in found.items():
        walk_keys, column_keys, place_keys = keyed[name]
        worlds[name] = {
            "walks": {walk: {"lines": lines, "views": c.walk_views[walk],
                             "results": [index_of[k] for k in walk_keys[walk]]}
                      for walk, lines in c.walks.items()},
            "states": {place: [list(key) for key in keys] for place, keys in c.states.items()},
            "lines": c.lines,
            "columns": [runs(column) for column in column_keys],
            "place_lines": c.place_lines,
            "place_columns": {place: [runs(column) for column in columns]
                              for place, columns in place_keys.items()},
            "visible": c.visible,
            "words": c.words,
        }
    return {"results": [json.loads(k) for k in order],
            "pools": [json.loads(p) for p in pools], "worlds": worlds}


def result_of(reference: dict[str, Any], index: int) -> list[Any]:
    """Result `index` of the fixture as `encode` returns it (its pool spelled out)."""
    encoded: list[Any] = reference["results"][index]
    if encoded[0] == "refusal" and encoded[5] is not None:
        word, pool = encoded[5]
        return [*encoded[:5], [word, reference["pools"][pool]], *encoded[6:]]
    return encoded


def column_of(reference: dict[str, Any], runs: str) -> list[list[Any]]:
    """A line's results over the sampled states, from its run-shortened string."""
    column: list[list[Any]] = []
    for run in runs.split():
        index, _star, count = run.partition("*")
        column.extend([result_of(reference, int(index))] * int(count or 1))
    return column


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write {REFERENCE}")
    args = parser.parse_args()
    reference = to_reference({name: cases(name) for name in WORLDS})
    count = sum(len(column_of(reference, column)) for w in reference["worlds"].values()
                for column in (*w["columns"], *(c for cs in w["place_columns"].values()
                                                for c in cs))) + \
        sum(len(walk["lines"]) for w in reference["worlds"].values()
            for walk in w["walks"].values())
    print(f"{count} cases, {len(reference['results'])} distinct results")
    if args.write:
        REFERENCE.parent.mkdir(exist_ok=True)
        text = json.dumps(reference, ensure_ascii=False, separators=(",", ":"))
        REFERENCE.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {REFERENCE} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
