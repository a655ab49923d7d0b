"""Expression trees turned into Python closures, once per world.

The engine evaluates the same few hundred conditions every turn (timers alone are checked
each turn). Walking the tuple tree each time (`expr.evaluate`) costs a dispatch per node;
a closure built once, with variable names already resolved to state indices, costs a call.
The closures read the engine's working copy of the state (`engine._Turn`) through the
attributes named in `Scope`. Building never fails for a tree the compiler accepted.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Protocol

from zone_game.expr import Tree
from zone_game.world import World

Code = Callable[["Scope"], Any]


class Scope(Protocol):
    """What compiled expressions read: the engine's working state for a turn."""

    vars: tuple[int | bool, ...]
    turn: int
    place: str
    holdings: tuple[tuple[tuple[str, int], ...], ...]
    character_places: tuple[str, ...]
    visited: frozenset[str]
    reached_nodes: frozenset[str]
    following: frozenset[str]
    current_bindings: Mapping[str, str]

    def call(self, function: str, args: tuple[Any, ...]) -> int | bool: ...


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}
# A variable against a constant, in one call: what `cmp` above would do in three.
_VAR_AGAINST: dict[str, Callable[[int, Any], Code]] = {
    "==": lambda i, c: lambda s: s.vars[i] == c,
    "!=": lambda i, c: lambda s: s.vars[i] != c,
    "<": lambda i, c: lambda s: s.vars[i] < c,
    "<=": lambda i, c: lambda s: s.vars[i] <= c,
    ">": lambda i, c: lambda s: s.vars[i] > c,
    ">=": lambda i, c: lambda s: s.vars[i] >= c,
}


@lru_cache(maxsize=8)
def memo_for(world: World) -> dict[int, Code]:
    """The world's closures by tree identity. The cache keeps the world (and so its trees)
    alive as long as the memo, so an id is never reused while the memo lives; an
    `lru_cache` rather than a weak dictionary because it is looked up every turn and its
    lookup runs in C."""
    return {}


def code_for(world: World, tree: Tree, memo: dict[int, Code] | None = None) -> Code:
    """The closure for a tree of this world, built on first use, then remembered by the
    tree's identity: `tree` must be the world's own (or live as long as the world), or
    its id could be another tree's later."""
    if memo is None:
        memo = memo_for(world)
    code = memo.get(id(tree))
    if code is None:
        code = memo[id(tree)] = _build(world, tree)
    return code


def place_guard(tree: Tree) -> frozenset[str] | None:
    """The places outside which the condition is certainly false, or None if it may hold
    anywhere: `at(a, b)`, alone or as a part of a top-level `and`. A timer is on a place's
    list unless its guard leaves that place out (it may still fire there later in a turn
    in which another timer moved the player in)."""
    if tree[0] == "call" and tree[1] == "at":
        return frozenset(tree[2:])
    if tree[0] == "and":
        guards = [g for part in tree[1:] if (g := place_guard(part)) is not None]
        if guards:
            return frozenset.intersection(*guards)
    return None


def at_place(tree: Tree, place: str) -> Tree:
    """The condition as it reads while the player is at `place`: every `at(...)` outside a
    comparison decided, and the `and`, `or` and `not` above it folded, so that a timer is
    checked there without the place tests it began with. Only for truth: `a or b` may fold
    to `b`."""
    op = tree[0]
    if op == "call" and tree[1] == "at":
        return ("const", place in tree[2:])
    if op == "not":
        inner = at_place(tree[1], place)
        return ("const", not inner[1]) if inner[0] == "const" else ("not", inner)
    if op in ("and", "or"):
        deciding = op == "or"  # the value that decides: true in an `or`, false in an `and`
        parts = []
        for part in tree[1:]:
            folded = at_place(part, place)
            if folded[0] != "const":
                parts.append(folded)
            elif bool(folded[1]) == deciding:
                return ("const", deciding)
        if not parts:
            return ("const", not deciding)
        return parts[0] if len(parts) == 1 else (op, *parts)
    return tree


def places_decided(tree: Tree) -> frozenset[str]:
    """The places `at_place` decides the condition's `at(...)` tests for: those named by
    an `at` it reaches (through `and`, `or` and `not` only). At every other place the
    condition folds to one and the same tree, so one closure serves them all."""
    op = tree[0]
    if op == "call" and tree[1] == "at":
        return frozenset(tree[2:])
    if op == "not":
        return places_decided(tree[1])
    if op in ("and", "or"):
        return frozenset().union(*(places_decided(part) for part in tree[1:]))
    return frozenset()


@lru_cache(maxsize=8)
def _memo_at(world: World) -> dict[tuple[int, str], tuple[Tree, Code | None]]:
    """`code_at`'s answers by (tree identity, place, or "" for a place the tree does not
    name), each kept with its tree: a tree that is not the world's own (a test's) is kept
    alive by its entry, so its id is never another tree's while the entry lives."""
    return {}


@lru_cache(maxsize=8)
def _decided_of(world: World) -> dict[int, tuple[Tree, frozenset[str]]]:
    """`places_decided` of the trees `code_at` was asked about, by identity (each kept
    with its tree, as `_memo_at` keeps them)."""
    return {}


def code_at(world: World, tree: Tree, place: str) -> Code | None:
    """The condition's closure for use at `place` only, or None where it cannot hold
    (the general closure when no place test was there to decide). Built once per place
    the tree names and once for all the others (`places_decided`): a timer met at thirty
    places is not compiled thirty times."""
    decided = _decided_of(world)
    found = decided.get(id(tree))
    if found is None:
        found = decided[id(tree)] = (tree, places_decided(tree))
    key = (id(tree), place if place in found[1] else "")
    memo = _memo_at(world)
    entry = memo.get(key)
    if entry is None:
        folded = at_place(tree, place)
        if folded[0] == "const" and not folded[1]:
            code = None
        else:
            code = code_for(world, tree) if folded is tree else _build(world, folded)
        entry = memo[key] = (tree, code)
    return entry[1]


def _build(world: World, tree: Tree) -> Code:
    op = tree[0]
    if op == "const":
        value = tree[1]
        return lambda s: value
    if op == "var":
        index = world.var_index[tree[1]]
        return lambda s: s.vars[index]
    if op == "builtin":  # the only builtin name is `turn`
        return lambda s: s.turn
    if op == "binding":
        name = tree[1]
        return lambda s: s.current_bindings.get(name, "")
    if op == "not":
        if tree[1][0] == "var":  # `not flag`, the commonest negation
            negated = world.var_index[tree[1][1]]
            return lambda s: not s.vars[negated]
        inner = _build(world, tree[1])
        return lambda s: not inner(s)
    if op in ("and", "or"):
        parts = tuple(_build(world, part) for part in tree[1:])
        if len(parts) == 2:
            first, second = parts
            if op == "and":
                return lambda s: first(s) and second(s)
            return lambda s: first(s) or second(s)
        if op == "and":
            return lambda s: all(part(s) for part in parts)
        return lambda s: any(part(s) for part in parts)
    if op == "cmp":
        compare = _COMPARE[tree[1]]
        if tree[2][0] == "var" and tree[3][0] == "const":  # `patrol == 4`: most comparisons
            return _VAR_AGAINST[tree[1]](world.var_index[tree[2][1]], tree[3][1])
        left = _build(world, tree[2])
        if tree[3][0] == "const":
            constant = tree[3][1]
            return lambda s: compare(left(s), constant)
        right = _build(world, tree[3])
        return lambda s: compare(left(s), right(s))
    if op == "bin":
        return _arithmetic(world, tree)
    if op == "neg":
        inner = _build(world, tree[1])
        return lambda s: -int(inner(s))
    if op == "call":
        return _call(world, tree[1], tree[2:])
    raise AssertionError(f"unknown expression node {op!r}")  # pragma: no cover


def _arithmetic(world: World, tree: Tree) -> Code:
    symbol = tree[1]
    left = _build(world, tree[2])
    right = _build(world, tree[3])
    if symbol == "+":
        return lambda s: int(left(s)) + int(right(s))
    if symbol == "-":
        return lambda s: int(left(s)) - int(right(s))
    if symbol == "*":
        return lambda s: int(left(s)) * int(right(s))

    def divide(s: Scope) -> int:
        a, b = int(left(s)), int(right(s))
        if b == 0:
            return 0  # an author's division by zero yields 0 rather than ending the run
        return a // b if symbol == "//" else a % b

    return divide


def _call(world: World, function: str, args: tuple[Any, ...]) -> Code:
    """The frequent functions read the state directly; the rest go through `Scope.call`."""
    if function == "at":
        if len(args) == 1:
            only = args[0]
            return lambda s: s.place == only
        places = frozenset(args)
        return lambda s: s.place in places
    if function in ("has", "count"):
        index = world.item_index[args[0]]
        player = world.player

        def carried(s: Scope) -> int:
            for holder, count in s.holdings[index]:
                if holder == player:
                    return count
            return 0

        if function == "count":
            return carried
        return lambda s: carried(s) > 0
    if function == "visited":
        place = args[0]
        return lambda s: place in s.visited
    if function == "said":
        node = args[0]
        return lambda s: node in s.reached_nodes
    if function == "follows":
        character = args[0]
        return lambda s: character in s.following
    if function == "here" and args[0] in world.character_index:
        slot = world.character_index[args[0]]
        return lambda s: s.character_places[slot] == s.place
    if function == "chance":
        percent = _build(world, args[0])
        return lambda s: s.call("chance", (percent(s),))
    fixed = tuple(args)
    return lambda s: s.call(function, fixed)
