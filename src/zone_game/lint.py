"""Lint: what is legal in a world but almost certainly a mistake, found after it compiles.

Each check reads the compiled `World` (through `flow`, with conditions ignored: "can
happen" means "is written somewhere that can run") and reports `Problem`s of severity
`warning`, located through the compiler's `SourceMap`. Every message ends with the
check's name in brackets (`[unreachable-place]`), the name documented in
`docs/authoring/lint.md` and listed in `CHECKS`.

Lint reports and never repairs; `zone-game check --strict` makes its warnings fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from zone_game.expr import BINDINGS
from zone_game.flow import (
    Edge,
    PathPart,
    Site,
    effect_sites,
    place_edges,
    reachable,
    revealed_exits,
    variable_use,
)
from zone_game.parser import Thing, resolve
from zone_game.problems import WARNING, Problem, did_you_mean
from zone_game.sourcemap import SourceMap
from zone_game.theme import PALETTES
from zone_game.vocabulary import BUILTIN_VERBS, DIRECTION_ALIASES, DIRECTIONS, is_direction
from zone_game.world import NOWHERE, TRUE, Node, World, ends_story

# check name -> what it finds (the docs' table, and `--json` consumers' vocabulary)
CHECKS: dict[str, str] = {
    "unreachable-place": "a place no exit or move leads to from the start",
    "dead-end": "a reachable place from which no ending can be reached",
    "one-way-trap": "a one-way passage into places with no ending once the way back closes",
    "hidden-exit": "a hidden exit that no `reveal` effect ever shows",
    "unknown-exit": "a `reveal`/`hide`/`probe` effect naming an exit the place does not have",
    "unused-var": "a flag, counter, mood or item flag that nothing reads or sets",
    "unset-var": "a variable that is read but never set (it keeps its initial value)",
    "unread-var": "a variable that is set but never read",
    "var-kind": "a flag counted (`+= 1`) or given a number, a counter given true or false",
    "dead-node": "a dialogue node no conversation can reach",
    "dialogue-trap": "a `hold: true` node from which no choice ever leads out of the talk",
    "next-loop": "nodes without options whose `next` leads round in a circle",
    "item-never-given": "an item that starts nowhere and no effect gives or moves",
    "untriggered-ending": "an ending no effect or hazard triggers",
    "unreachable-ending": "an ending triggered only at places that cannot be reached",
    "redundant-stop": "a hazard with `stop: true` that also ends the story (`end` wins)",
    "ambiguous-noun": "a thing the parser cannot name when another thing is beside it",
    "verb-collision": "a verb word that a direction or another verb takes first",
    "misspelt-direction": "an exit named as a direction typed with a slip (`sotuh`, `nrth`)",
    "unknown-theme": "an act's `theme` that is no palette (the UI falls back to the default)",
}

ANY = None  # a thing that can be anywhere


@dataclass
class _Linter:
    world: World
    source_map: SourceMap
    sites: list[Site]
    found: list[Problem]
    reached: set[str] = field(default_factory=set)  # the places reachable (set by _places)

    def warn(self, check: str, path: tuple[PathPart, ...], message: str, hint: str) -> None:
        assert check in CHECKS
        location = self.source_map.find(str(path[0]), *path[1:])
        if location is None:  # a record always has a position; this is a safety net
            file, line, col = (self.world.source_files or ("?",))[0], 1, 1
        else:
            file, line, col = location.file, location.line, location.col
        self.found.append(Problem(file, line, col, WARNING, f"{message} [{check}]", hint))


def lint(world: World, source_map: SourceMap) -> list[Problem]:
    """Every lint finding for a compiled world, sorted by position."""
    linter = _Linter(world, source_map, effect_sites(world), [])
    for check in _CHECKERS:
        check(linter)
    return sorted(linter.found, key=Problem.sort_key)


# ---------------------------------------------------------------- places and exits


def _places(linter: _Linter) -> None:
    world = linter.world
    edges, anywhere = place_edges(world, linter.sites)
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    # The ways the player can arrive and stand somewhere: an exit whose own `do` ends the
    # story leads nowhere the player stands (its `to` is only there because it must be).
    standing: dict[str, list[Edge]] = {}
    for edge in edges:
        forward.setdefault(edge.source, []).append(edge.target)
        backward.setdefault(edge.target, []).append(edge.source)
        if edge.exit is None or not ends_story(edge.exit.effects):
            standing.setdefault(edge.source, []).append(edge)
    roots = [world.start, *(edge.target for edge in anywhere)]
    reached = linter.reached = reachable(roots, forward)
    for place_id in world.places:
        if place_id not in reached:
            linter.warn("unreachable-place", ("places", place_id),
                        f"place '{place_id}' cannot be reached from the start "
                        f"'{world.start}'",
                        "add an exit leading here, or a `goto` effect; or remove the place")
    if not world.endings:
        return  # a world without endings is an open sandbox: nowhere is a dead end
    ending_places: list[str] = []
    for site in linter.sites:
        if ends_story(site.effects):
            if site.places is None:
                return  # the story can end wherever the player stands
            ending_places.extend(site.places)
    if not ending_places:
        return  # nothing ends the story anywhere: `untriggered-ending` says so once
    can_end = reachable(ending_places, backward)
    stood = _walk(roots, standing)
    for place_id in world.places:
        if place_id in stood and place_id not in can_end:
            has_exits = bool(world.places[place_id].exits)
            linter.warn("dead-end", ("places", place_id),
                        f"place '{place_id}' is a dead end: no ending can be reached "
                        f"from it{'' if has_exits else ' (it has no exits)'}",
                        "add an exit out, or end the story here (e.g. a timer with "
                        f"`on_enter: {place_id}` and `do: end ENDING`)")
    _one_way_traps(linter, edges, standing, [edge.target for edge in anywhere],
                   set(ending_places), can_end & stood)


def _walk(starts: list[str], ways: dict[str, list[Edge]],
          closed: tuple[str, str] = ("", "")) -> set[str]:
    """The places reachable from `starts` along `ways`, leaving out the exits from
    `closed[0]` to `closed[1]` (the way back a one-way passage shuts)."""
    seen = set(starts)
    frontier = list(starts)
    while frontier:
        place = frontier.pop()
        for edge in ways.get(place, ()):
            if edge.exit is not None and (edge.source, edge.target) == closed:
                continue
            if edge.target not in seen:
                seen.add(edge.target)
                frontier.append(edge.target)
    return seen


def _one_way_traps(linter: _Linter, edges: list[Edge], standing: dict[str, list[Edge]],
                   anywhere: list[str], ending_places: set[str], can_end: set[str]) -> None:
    """A one-way passage shuts the exits of its destination that lead back; a place
    from which an ending can be reached only through that way back is a trap once the
    player has passed. (Places that are dead ends anyway are `dead-end`'s to report.)"""
    for edge in edges:
        exit_ = edge.exit
        if exit_ is None or not exit_.one_way or edge.target not in can_end \
                or ends_story(exit_.effects):
            continue
        ahead = _walk([edge.target, *anywhere], standing, (edge.target, edge.source))
        if ahead & ending_places:
            continue
        linter.warn("one-way-trap", ("places", edge.source, "exits", exit_.name, "one_way"),
                    f"one-way exit '{exit_.name}' of '{edge.source}' leads to "
                    f"'{edge.target}', from which no ending can be reached once the way "
                    "back has closed",
                    f"give '{edge.target}' (or a place beyond it) another way on, or let "
                    "the way back stay open (remove `one_way`)")


def _exits(linter: _Linter) -> None:
    world = linter.world
    revealed = revealed_exits(linter.sites)
    for place_id in world.places:
        for exit_ in world.places[place_id].exits:
            if exit_.hidden and (place_id, exit_.name) not in revealed:
                linter.warn("hidden-exit", ("places", place_id, "exits", exit_.name,
                                            "hidden"),
                            f"exit '{exit_.name}' of '{place_id}' is hidden and nothing "
                            "reveals it",
                            f"add the effect `reveal {place_id}.{exit_.name}` somewhere, "
                            "or remove `hidden`")
            meant = _TYPOS.get(exit_.name, "")
            if meant:
                linter.warn("misspelt-direction", ("places", place_id, "exits", exit_.name),
                            f"exit '{exit_.name}' of '{place_id}' is named like a direction "
                            f"but is none: `{meant}` will not find it",
                            f"did you mean '{meant}'? (an exit may have any name; a "
                            "direction's is what players type)")
    for site in linter.sites:
        for index, effect in enumerate(site.effects):
            if effect[0] in ("reveal", "hide") and \
                    world.places[effect[1]].exit(effect[2]) is None:
                names = ", ".join(e.name for e in world.places[effect[1]].exits) or "none"
                full = DIRECTION_ALIASES.get(effect[2], "")
                hint = (f"write the exit's full name: {effect[0]} {effect[1]}.{full}"
                        if world.places[effect[1]].exit(full) else f"its exits are: {names}")
                linter.warn("unknown-exit", (*site.path, "do", index),
                            f"'{effect[0]} {effect[1]}.{effect[2]}': '{effect[1]}' has no "
                            f"exit '{effect[2]}', so the effect does nothing", hint)
            elif effect[0] == "probe" and not effect[1].startswith("$"):
                _probe_of_no_exit(linter, site, index, effect[1])


def _probe_of_no_exit(linter: _Linter, site: Site, index: int, word: str) -> None:
    """`probe WORD` with a word of its own (not `$direction`) tests the exit so named of
    the place where the effect runs; where no such exit is, the engine can only say
    "Nothing lies that way to test." A forgotten `$` is the usual cause."""
    world = linter.world
    name = DIRECTION_ALIASES.get(word, word)
    places = site.places if site.places is not None else tuple(world.places)
    if any(world.places[place_id].exit(name) for place_id in places if place_id in world.places):
        return
    if f"${word}" in BINDINGS:
        hint = f"did you mean `probe ${word}` (the way the command names)?"
    elif len(places) == 1 and places[0] in world.places:
        names = ", ".join(e.name for e in world.places[places[0]].exits) or "none"
        hint = f"the exits of '{places[0]}' are: {names}"
    else:
        hint = "name an exit of the place where this runs, or write `probe $direction`"
    where = f"'{places[0]}' has" if len(places) == 1 else "no place where it runs has"
    linter.warn("unknown-exit", (*site.path, "do", index),
                f"'probe {word}': {where} an exit '{name}', so the probe never tests "
                "anything", hint)


# ---------------------------------------------------------------- variables


def _declared_variables(world: World) -> Iterator[tuple[str, str, tuple[PathPart, ...]]]:
    """(name, what it is, where it is declared) for every variable of the world."""
    index = world.var_index
    for name in world.var_names:
        if "." in name:
            continue
        kind = "flag" if isinstance(world.var_initial[index[name]], bool) else "counter"
        yield name, kind, ("vars", name)
    for char_id in world.characters:
        for mood, _value in world.characters[char_id].moods:
            yield f"{char_id}.{mood}", "mood", ("characters", char_id, "moods", mood)
    for item_id in world.items:
        for flag, _value in world.items[item_id].flags:
            yield f"{item_id}.{flag}", "item flag", ("items", item_id, "flags", flag)


def _variables(linter: _Linter) -> None:
    read, written = variable_use(linter.world, linter.sites)
    for name, kind, path in _declared_variables(linter.world):
        if name not in read and name not in written:
            linter.warn("unused-var", path, f"{kind} '{name}' is never read or set",
                        "remove it, or use it in a condition and an effect")
        elif name not in written:
            linter.warn("unset-var", path, f"{kind} '{name}' is read but never set, so "
                        "it always keeps its initial value",
                        f"set it in an effect (`{name} = …`), or replace it by its value")
        elif name not in read:
            linter.warn("unread-var", path, f"{kind} '{name}' is set but never read",
                        "read it in a condition or a text `{…}`, or stop setting it")


def _variable_kinds(linter: _Linter) -> None:
    """A flag holds true or false, a counter a number; the expression language lets either
    stand for the other, so `set fog` on a counter or `warned += 1` on a flag compiles —
    and the engine keeps each variable's kind (the counter holds 1, the flag yes), which
    is seldom what was meant."""
    world = linter.world
    index = world.var_index
    for site in linter.sites:
        for number, effect in enumerate(site.effects):
            if effect[0] != "assign" or effect[1] not in index:
                continue
            name, op, value = effect[1], effect[2], effect[3]
            is_flag = isinstance(world.var_initial[index[name]], bool)
            constant = value[1] if value[0] == "const" else None
            if is_flag and (op != "=" or (isinstance(constant, int)
                                          and not isinstance(constant, bool))):
                written = f"{name} {op} {constant}" if constant is not None else f"{name} {op} …"
                linter.warn("var-kind", (*site.path, "do", number),
                            f"'{written}': '{name}' is a flag (true or false), not a number",
                            f"write `set {name}` or `clear {name}`; or, to count, declare it "
                            f"with a number: `{name}: 0`")
            elif not is_flag and isinstance(constant, bool):
                linter.warn("var-kind", (*site.path, "do", number),
                            f"'{name}' is a counter (a number), given "
                            f"{'true' if constant else 'false'} (`set`, `clear` or `= true`): "
                            f"it will hold {1 if constant else 0}",
                            f"write `{name} = 1` or `{name} += 1`; or, for a yes/no, declare "
                            f"it with `{name}: false`")


# ---------------------------------------------------------------- dialogue


def _dialogue(linter: _Linter) -> None:
    world = linter.world
    roots: list[str] = []
    for char_id in world.characters:
        roots.extend(node for _condition, node in world.characters[char_id].talk)
    following: dict[str, list[str]] = {}
    for site in linter.sites:
        starts = [effect[2] for effect in site.effects if effect[0] == "talk" and effect[2]]
        if site.node:
            following.setdefault(site.node, []).extend(starts)
        else:
            roots.extend(starts)
    for node_id in world.dialogue:
        node = world.dialogue[node_id]
        targets = following.setdefault(node_id, [])
        targets.extend(option.goto for option in node.options if option.goto)
        if node.next:
            targets.append(node.next)
    reached = reachable(roots, following)
    for node_id in world.dialogue:
        if node_id not in reached:
            linter.warn("dead-node", ("dialogue", node_id),
                        f"dialogue node '{node_id}' is never reached",
                        "lead to it from a character's `talk`, an option's `goto`, a "
                        "node's `next`, or a `talk CHARACTER NODE` effect")


def _offers_none(node: Node) -> bool:
    """Whether the node may offer no option (then it goes on at `next`, or the talk ends):
    it has none, or every one has a condition (lint ignores what conditions say)."""
    return all(option.when != TRUE for option in node.options)


def _leaves_at_once(node: Node) -> bool:
    """Whether some choice at the node leaves the conversation whatever follows: the node
    does not hold the player, or it or one of its options ends the story or starts a talk
    of its own, or an option has no `goto`, or no option may be offered and no `next`
    follows."""
    if not node.hold or ends_story(node.effects) or \
            any(effect[0] == "talk" for effect in node.effects):
        return True
    if _offers_none(node) and not node.next:
        return True
    return any(not option.goto or ends_story(option.effects)
               or any(effect[0] == "talk" for effect in option.effects)
               for option in node.options)


def _dialogue_traps(linter: _Linter) -> None:
    """A held node is a trap when no chain of choices from it ever reaches a node that can
    be left: the player can then only quit. Found backwards from the nodes that can be
    left at once, along options' `goto` (and `next`, where no option may be offered)."""
    world = linter.world
    leading_back: dict[str, list[str]] = {}  # node -> the held nodes that lead to it
    for node_id in world.dialogue:
        node = world.dialogue[node_id]
        targets = [option.goto for option in node.options if option.goto]
        if node.next and _offers_none(node):
            targets.append(node.next)
        for target in targets:
            leading_back.setdefault(target, []).append(node_id)
    free = reachable([node_id for node_id in world.dialogue
                      if _leaves_at_once(world.dialogue[node_id])], leading_back)
    for node_id in world.dialogue:
        if node_id not in free:
            linter.warn("dialogue-trap", ("dialogue", node_id, "hold"),
                        f"dialogue node '{node_id}' holds the player (`hold: true`) and no "
                        "choice from it ever leads out of the conversation: the player can "
                        "only quit",
                        "give it, or a node its options lead to, an option without `goto` "
                        "(it ends the talk) or one leading to a node without `hold`; or "
                        "remove `hold: true`")


def _next_loops(linter: _Linter) -> None:
    """Nodes with no options go on at `next` at once; a circle of them never stops by
    itself (the engine breaks it after a fixed number of hops, having said every line
    over and over). Reported once per circle, at the `next` of its first node."""
    world = linter.world
    settled: set[str] = set()  # nodes whose `next` chain is known to stop
    for start in world.dialogue:
        chain: list[str] = []
        node_id = start
        while node_id and node_id not in settled and node_id not in chain:
            node = world.dialogue[node_id]
            if node.options or ends_story(node.effects):
                break
            chain.append(node_id)
            node_id = node.next
        if node_id in chain:
            circle = chain[chain.index(node_id):]
            first = min(circle, key=list(world.dialogue).index)
            shown = " → ".join([*circle, circle[0]])
            linter.warn("next-loop", ("dialogue", first, "next"),
                        f"dialogue nodes go round in a circle by `next` with no options "
                        f"between: {shown}",
                        "give one of them options, or end the chain: a node without "
                        "`next` ends the conversation")
        settled.update(chain)


# ---------------------------------------------------------------- items and endings


def _moved_things(linter: _Linter) -> dict[str, set[str]]:
    """thing id -> where effects can put it: place ids, or "*" for anywhere the player
    can be (given, moved `here`, to the player, or to an exit's `$target`)."""
    world = linter.world
    moved: dict[str, set[str]] = {}
    for site in linter.sites:
        for effect in site.effects:
            op = effect[0]
            if op == "give":
                moved.setdefault(effect[1], set()).add("*")
            elif op in ("move_item", "move_character"):
                dest = effect[-1]
                where = dest if dest in world.places else (
                    "" if dest == NOWHERE or dest in world.characters else "*")
                spots = moved.setdefault(effect[1], set())
                if where:  # into the void or a pocket the player can't reach: nowhere
                    spots.add(where)
            elif op == "follow":
                moved.setdefault(effect[1], set()).add("*")
    return moved


def _items_and_endings(linter: _Linter) -> None:
    world = linter.world
    moved = _moved_things(linter)
    for item_id in world.items:
        if world.items[item_id].at == NOWHERE and not moved.get(item_id):
            linter.warn("item-never-given", ("items", item_id, "at"),
                        f"item '{item_id}' starts nowhere and nothing gives it",
                        f"add an effect `give {item_id}` or `move {item_id} to PLACE`, or "
                        "give it a starting place with `at`")
    # ending -> the places it is triggered at (None: somewhere it can happen anywhere)
    triggered: dict[str, set[str] | None] = {}
    for site in linter.sites:
        for effect in site.effects:
            if effect[0] != "end":
                continue
            where = triggered.setdefault(effect[1], set())
            if site.places is None or where is None:
                triggered[effect[1]] = None
            else:
                where.update(site.places)
    for ending_id in world.endings:
        if ending_id not in triggered:
            linter.warn("untriggered-ending", ("endings", ending_id),
                        f"ending '{ending_id}' is never triggered",
                        f"add the effect `end {ending_id}` (to an exit, rule, timer or "
                        "dialogue), or name it in a hazard's `end`")
            continue
        places = triggered[ending_id]
        if places is not None and not places & linter.reached:
            shown = ", ".join(f"'{p}'" for p in world.places if p in places)
            linter.warn("unreachable-ending", ("endings", ending_id),
                        f"ending '{ending_id}' is triggered only at {shown}, which cannot "
                        f"be reached from the start '{world.start}'",
                        "make one of those places reachable (see `unreachable-place`), or "
                        f"trigger `end {ending_id}` somewhere the player can go")


def _hazards(linter: _Linter) -> None:
    """`stop: true` beside `end` (or an `end` effect): the story ends first, so the player
    is never thrown back — the author meant one or the other (the engine keeps `end`)."""
    for hazard_id, hazard in linter.world.hazards.items():
        if not hazard.stop:
            continue
        ending = hazard.end or next((e[1] for e in hazard.effects if e[0] == "end"), "")
        if ending:
            how = f"`end: {ending}`" if hazard.end else f"the effect `end {ending}`"
            linter.warn("redundant-stop", ("hazards", hazard_id, "stop"),
                        f"hazard '{hazard_id}' has `stop: true` and {how}: the story ends, "
                        "so `stop` never throws the player back",
                        "remove `stop: true` for a deadly hazard; or, for one the player "
                        "survives and is thrown back from, remove the ending")


# ---------------------------------------------------------------- the parser


def _whereabouts(linter: _Linter) -> list[tuple[Thing, frozenset[str] | None,
                                                tuple[PathPart, ...]]]:
    """Every thing the parser can name, where it can be (None: anywhere), and where it
    was written."""
    world = linter.world
    moved = _moved_things(linter)
    out: list[tuple[Thing, frozenset[str] | None, tuple[PathPart, ...]]] = []

    def places(thing_id: str, start: str, anywhere: bool) -> frozenset[str] | None:
        spots = moved.get(thing_id, set())
        if anywhere or "*" in spots:
            return ANY
        return frozenset(spots | ({start} if start in world.places else set()))

    for item_id in world.items:
        item = world.items[item_id]
        thing = Thing.of("item", item_id, item.name, item.nouns, item.adjectives)
        out.append((thing, places(item_id, item.at, item.portable or item.at == world.player),
                    ("items", item_id, "nouns")))
    for char_id in world.characters:
        if char_id == world.player:
            continue
        character = world.characters[char_id]
        # The parser's own fallback: a character with no nouns answers to its id.
        nouns = character.nouns or (char_id.replace("_", " "),)
        thing = Thing.of("person", char_id, character.name, nouns, ())
        out.append((thing, places(char_id, character.at, character.follows),
                    ("characters", char_id, "nouns")))
    for place_id in world.places:
        for scenery in world.places[place_id].scenery:
            thing = Thing.of("scenery", scenery.id, scenery.nouns[0], scenery.nouns, ())
            out.append((thing, frozenset((place_id,)),
                        ("places", place_id, "scenery", scenery.id)))
    return out


def _phrases(thing: Thing) -> Iterator[tuple[str, ...]]:
    """The phrases a player would try for a thing: each noun, and each other word of
    the thing before each noun (`brass key`)."""
    words = {w for phrase in (*thing.nouns, *thing.adjectives) for w in phrase.split()}
    for noun in thing.nouns:
        yield tuple(noun.split())
        for word in sorted(words):
            yield (word, *noun.split())


def _nameable(thing: Thing, other: Thing) -> bool:
    """Whether some phrase names `thing` alone when `other` is beside it, as the parser
    resolves phrases (an exact noun beats a partial one; adjectives narrow)."""
    pool = [thing, other]
    kinds = ("item", "person", "scenery")
    return any([t.id for t in resolve(phrase, pool, kinds, "")] == [thing.id]
               for phrase in _phrases(thing))


def _vocabulary(thing: Thing) -> frozenset[str]:
    return frozenset(w for phrase in (*thing.nouns, *thing.adjectives) for w in phrase.split())


def _ambiguity(linter: _Linter) -> None:
    """A thing with a word of its own that another lacks can always be named beside it
    (that word and a noun pick it out), so only things whose every word another thing
    also has need the parser's verdict: those are found through the thing's rarest word,
    which keeps the check linear on worlds of many look-alike things."""
    things = _whereabouts(linter)
    vocabularies = [_vocabulary(thing) for thing, _where, _path in things]
    by_word: dict[str, list[int]] = {}
    for index, vocabulary in enumerate(vocabularies):
        for word in vocabulary:
            by_word.setdefault(word, []).append(index)
    for a, (thing, where, path) in enumerate(things):
        if not vocabularies[a]:
            continue
        rarest = min(sorted(vocabularies[a]), key=lambda word: len(by_word[word]))
        for b in by_word[rarest]:
            other, other_where = things[b][0], things[b][1]
            if a == b or not vocabularies[a] <= vocabularies[b]:
                continue
            if where is not ANY and other_where is not ANY and not where & other_where:
                continue
            if _nameable(thing, other):
                continue
            other_nouns = {w for noun in other.nouns for w in noun.split()}
            shared = sorted(w for noun in thing.nouns for w in noun.split()
                            if w in other_nouns) or sorted(vocabularies[a])
            linter.warn("ambiguous-noun", path,
                        f"'{thing.id}' and '{other.id}' can be in the same place and "
                        f"share the noun '{shared[0]}', and no word names '{thing.id}' "
                        "alone",
                        f"give '{thing.id}' an adjective or a noun of its own")
            break


def _verbs(linter: _Linter) -> None:
    world = linter.world
    taken: dict[str, str] = {}  # word -> the built-in verb or earlier world verb using it
    for verb, (synonyms, _patterns, _meaning) in BUILTIN_VERBS.items():
        for synonym in synonyms:
            taken.setdefault(synonym, f"the built-in verb '{verb}'")
    for verb_id in world.verbs:
        words: list[tuple[str, tuple[PathPart, ...]]] = [(verb_id, ("verbs", verb_id))]
        words.extend((synonym, ("verbs", verb_id, "synonyms", index))
                     for index, synonym in enumerate(world.verbs[verb_id].synonyms))
        # Typed alone, a direction word moves the player; with more words after it, the
        # verb is found. So a direction word collides only if the verb may stand alone.
        stands_alone = () in world.verbs[verb_id].patterns
        for word, path in words:
            if is_direction(word):
                if not stands_alone:
                    continue
                canonical = DIRECTION_ALIASES.get(word, word)
                shown = f"'{word}'" if canonical == word else f"'{canonical}' ('{word}')"
                linter.warn("verb-collision", path,
                            f"'{word}' of verb '{verb_id}' is also the direction {shown}: "
                            "typed alone it moves the player, so the verb's empty pattern "
                            "is never used",
                            "choose another word for the verb, or drop its empty pattern")
            elif word in taken and taken[word] != f"the verb '{verb_id}'":
                linter.warn("verb-collision", path,
                            f"'{word}' of verb '{verb_id}' is already a word of "
                            f"{taken[word]}, which the parser tries first",
                            "choose another word, or answer the other verb with rules")
            else:
                taken[word] = f"the verb '{verb_id}'"


def _typos_of(word: str) -> set[str]:
    """The slips of a hand typing `word`: a letter left out, two letters swapped, one
    doubled. (Not a letter changed: `mouth`, `rest` and `beast` are words of their own.)"""
    slips = {word[:i] + word[i + 1:] for i in range(len(word))}
    slips |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    slips |= {word[:i] + word[i] + word[i:] for i in range(len(word))}
    return {slip for slip in slips if len(slip) >= 3 and not is_direction(slip)}


# a slip of the hand -> the direction meant, for `misspelt-direction`
_TYPOS = {slip: direction for direction in DIRECTIONS for slip in _typos_of(direction)}


def _themes(linter: _Linter) -> None:
    for act in linter.world.acts:
        if act.theme and act.theme not in PALETTES:
            linter.warn("unknown-theme", ("world", "acts", act.id, "theme"),
                        f"act '{act.id}' names theme '{act.theme}', which is no palette: "
                        "the terminal UI uses the default one",
                        did_you_mean(act.theme, PALETTES, "theme")
                        or "themes: " + ", ".join(PALETTES))


_CHECKERS: tuple[Callable[[_Linter], None], ...] = (
    _places, _exits, _variables, _variable_kinds, _dialogue, _dialogue_traps, _next_loops,
    _items_and_endings, _hazards, _ambiguity, _verbs, _themes)
