"""Where things can happen in a compiled world: effect sites, expressions, the place graph.

Lint and the map (`graph`) judge a world by the same facts, read from the compiled
`World` only (never from the YAML): which effects exist, where the player stands when
each can run, and which places lead to which. Conditions are ignored throughout: a
condition may hold or not depending on the play, so "can happen" means "is written
somewhere that can run".

A *site* is a group of effects that run together (an exit's `do`, a rule, a timer, a
hazard, a dialogue node or option), with the places the player may be at when it runs
(None: anywhere — a rule without `at`, a timer that runs every turn, a conversation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zone_game.expr import Tree, names_in
from zone_game.world import Effects, Exit, Text, World

PathPart = str | int


@dataclass(frozen=True, slots=True)
class Site:
    """Effects that run together, where they run, and where they were written.

    `path` is the `SourceMap` path of the record holding them; their own list is its
    `do` key. `places` is None when they can run wherever the player is. `node` names
    the dialogue node of a node or option site ("" otherwise).
    """

    kind: str  # "exit", "rule", "timer", "hazard", "node", "option"
    path: tuple[PathPart, ...]
    places: tuple[str, ...] | None
    effects: Effects
    node: str = ""


def effect_sites(world: World) -> list[Site]:
    """Every site of the world, in authored order. A deadly hazard's `end` counts as an
    `end` effect of its site."""
    sites: list[Site] = []
    for place_id in world.places:
        for exit_ in world.places[place_id].exits:
            if exit_.effects:  # most exits have none: a site per exit costs large worlds
                sites.append(Site("exit", ("places", place_id, "exits", exit_.name),
                                  (place_id,), exit_.effects))
    for rule in world.rules:
        sites.append(Site("rule", ("rules", rule.index),
                          _narrowed(rule.at or None, rule.when), rule.effects))
    for index, timer in enumerate(world.timers):
        sites.append(Site("timer", ("timers", index),
                          _narrowed((timer.on_enter,) if timer.on_enter else None,
                                    timer.when), timer.effects))
    for hazard_id in world.hazards:
        hazard = world.hazards[hazard_id]
        ending: Effects = (("end", hazard.end),) if hazard.end else ()
        sites.append(Site("hazard", ("hazards", hazard_id), hazard.candidates,
                          hazard.effects + ending))
    for node_id in world.dialogue:
        node = world.dialogue[node_id]
        sites.append(Site("node", ("dialogue", node_id), None, node.effects, node_id))
        for index, option in enumerate(node.options):
            sites.append(Site("option", ("dialogue", node_id, "options", index), None,
                              option.effects, node_id))
    return sites


def _narrowed(places: tuple[str, ...] | None, condition: Tree) -> tuple[str, ...] | None:
    """`places` narrowed by the `at(...)` calls a condition requires (`at(yard) and x`).

    Whether a condition holds is a matter of play, but where it can hold is written in
    it: a timer `if: at(yard)` runs only in the yard, and counting it as running anywhere
    would hide every dead end of a world with such a timer.
    """
    conjuncts = condition[1:] if condition[0] == "and" else (condition,)
    for part in conjuncts:
        if part[0] == "call" and part[1] == "at":
            allowed = tuple(str(p) for p in part[2:])
            places = allowed if places is None else tuple(p for p in places if p in allowed)
    return places


def player_moves(world: World, effect: Tree) -> str:
    """The place an effect moves the player to (`goto`, `move PLAYER to PLACE`), or ""."""
    if effect[0] == "goto":
        return str(effect[1])
    if effect[0] == "move_character" and effect[1] == world.player and effect[2] in \
            world.places:
        return str(effect[2])
    return ""


def revealed_exits(sites: list[Site]) -> set[tuple[str, str]]:
    """(place, exit) pairs some `reveal` effect can show."""
    return {(e[1], e[2]) for site in sites for e in site.effects if e[0] == "reveal"}


@dataclass(frozen=True, slots=True)
class Edge:
    """A way from one place to another: an exit, or an effect that moves the player."""

    source: str
    target: str
    exit: Exit | None  # None for a move by an effect
    site: Site | None  # the site of a move by an effect


def place_edges(world: World, sites: list[Site]) -> tuple[list[Edge], list[Edge]]:
    """(edges between places, moves that can happen anywhere: `source` is "").

    Exits count whatever their condition; a hidden exit counts only when some effect
    can reveal it, since otherwise the player never sees it.
    """
    revealed = revealed_exits(sites)
    edges: list[Edge] = []
    anywhere: list[Edge] = []
    for place_id in world.places:
        for exit_ in world.places[place_id].exits:
            if exit_.hidden and (place_id, exit_.name) not in revealed:
                continue
            edges.append(Edge(place_id, exit_.to, exit_, None))
    for site in sites:
        for effect in site.effects:
            target = player_moves(world, effect)
            if not target:
                continue
            if site.places is None:
                anywhere.append(Edge("", target, None, site))
            else:
                edges.extend(Edge(p, target, None, site) for p in site.places)
    return edges, anywhere


def reachable(starts: list[str], edges: dict[str, list[str]]) -> set[str]:
    """Every node reachable from `starts` along `edges` (a breadth-first walk)."""
    seen = set(starts)
    frontier = list(starts)
    while frontier:
        following: list[str] = []
        for node in frontier:
            for target in edges.get(node, ()):
                if target not in seen:
                    seen.add(target)
                    following.append(target)
        frontier = following
    return seen


# ---------------------------------------------------------------- expressions


def _trees(condition: Tree | None, *texts: Text) -> Iterator[Tree]:
    """A condition (if any) and the conditions and `{expressions}` of texts."""
    if condition is not None:
        yield condition
    for text in texts:
        for variant_condition, parts in text:
            if variant_condition is not None:
                yield variant_condition
            yield from (part for part in parts if isinstance(part, tuple))


def conditions(world: World) -> Iterator[Tree]:
    """Every condition and every `{expression}` of a text in the world (not effects)."""
    yield from _trees(None, world.intro, world.probe_safe, world.probe_more, world.avoid_more)
    for labelled in (*world.status, *world.summary):
        yield from _trees(labelled.when, labelled.value)
    for place_id in world.places:
        place = world.places[place_id]
        yield from _trees(None, place.description, place.revisit, place.examine,
                          *(scenery.description for scenery in place.scenery))
        for exit_ in place.exits:
            yield from _trees(exit_.when, exit_.closed, exit_.one_way, exit_.text)
    for item_id in world.items:
        item = world.items[item_id]
        yield from _trees(None, item.description, item.fixed)
    for char_id in world.characters:
        character = world.characters[char_id]
        yield from _trees(None, character.description)
        yield from (condition for condition, _node in character.talk)
        for remark in character.remarks:
            yield from _trees(remark.when, remark.text)
    for node_id in world.dialogue:
        node = world.dialogue[node_id]
        for spoken in node.lines:
            yield from _trees(spoken.when, spoken.text)
        yield from (option.when for option in node.options)
    for verb_id in world.verbs:
        yield from _trees(None, world.verbs[verb_id].refuse)
    for rule in world.rules:
        yield from _trees(rule.when, rule.say)
    for hazard_id in world.hazards:
        hazard = world.hazards[hazard_id]
        yield from _trees(None, hazard.probe_text, hazard.avoid_text, hazard.trigger_text)
    for timer in world.timers:
        yield from _trees(timer.when, timer.say)
    for ending_id in world.endings:
        yield from _trees(None, world.endings[ending_id].text)


def variable_use(world: World, sites: list[Site]) -> tuple[set[str], set[str]]:
    """(variables read, variables set): flags, counters, moods (`who.mood`) and item
    flags (`item.flag`). An assignment's reading of its own target (`n = n + 1`,
    `n += 1`) is not a read: a value only ever fed back into itself is never used."""
    read: set[str] = set()
    written: set[str] = set()
    for tree in conditions(world):
        if tree[0] != "const":  # most conditions are the constant `true`
            read.update(name for kind, name in names_in(tree) if kind == "var")
    for site in sites:
        for effect in site.effects:
            if effect[0] != "assign":
                continue
            target = effect[1]
            written.add(target)
            read.update(name for kind, name in names_in(effect[3])
                        if kind == "var" and name != target)
    return read, written
