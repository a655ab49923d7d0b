"""The condition and effect language: parsed, checked against the world's names, never eval'd.

Conditions are Python-shaped expressions (`has(nut) and writer.trust > 2`) read by a small
recursive-descent parser of our own into nested tuples of a whitelisted vocabulary;
anything else (unknown functions, subscripts, strings, attribute chains, Python's other
syntax) is a load-time error. The tuples are plain data, so a compiled world can be cached as JSON.

Effects are one statement each: an assignment (`trust += 1`, `writer.fear -= 2`,
`lamp.lit = true`) or a command word followed by ids (`give nut 3`, `move nut to $target`,
`end caught_at_cordon`). See docs/world-format.md for the full list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from operator import contains
from typing import Any

from zone_game.state import NUMBER_LIMIT

Tree = tuple[Any, ...]

# name -> (argument kinds, result kind). Argument kinds name the id table a bare word must
# belong to; "int" takes an expression.
FUNCTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "at": (("place*",), "bool", "the player is at one of these places"),
    "has": (("item",), "bool", "the player carries at least one of the item"),
    "count": (("item",), "int", "how many of the item the player carries"),
    "here": (("thing",), "bool", "the item or character is at the player's place"),
    "visited": (("place",), "bool", "the player has been to the place"),
    "said": (("node",), "bool", "the dialogue node has been reached in this run (counted "
             "once its lines are said: in its own lines, `not said(it)` means the first "
             "visit)"),
    "follows": (("character",), "bool", "the character is following the player"),
    "revealed": (("hazard",), "bool", "a probe or an accident has revealed the hazard"),
    "hazard_at": (("place",), "bool", "some hazard lies at the place (revealed or not)"),
    "chance": (("int",), "bool", "true with this percentage, from the run's seed"),
    "ended": (("ending",), "bool", "the run ended with this ending"),
}
BUILTIN_NAMES = {"turn": "the number of turns taken so far"}
_CONSTANTS = {"true": True, "false": False, "True": True, "False": False}


class ExprError(Exception):
    """A problem in an expression or effect, with the character offset it concerns."""

    def __init__(self, message: str, offset: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


@dataclass(frozen=True)
class Names:
    """The ids a world defines, for checking the names used in expressions and effects."""

    vars: frozenset[str]
    tables: Mapping[str, frozenset[str]]  # kind ("place", "item", ...) -> ids

    def ids(self, kind: str) -> frozenset[str]:
        pool = self.pools.get(kind)
        if pool is not None:
            return pool
        if kind == "thing":
            return self.things
        return self.tables.get(kind.rstrip("*"), frozenset())

    @cached_property
    def pools(self) -> dict[str, frozenset[str]]:
        """`ids` of the plain kinds, looked up once: the compiler asks for each reference."""
        return dict(self.tables)

    @cached_property
    def things(self) -> frozenset[str]:
        return self.tables["item"] | self.tables["character"]

    @cached_property
    def memo(self) -> _Memo:
        """Conditions already parsed against these names (see `_Memo`)."""
        return _Memo(self)


def _nearest_hint(word: str, pool: frozenset[str] | set[str], what: str) -> str:
    from zone_game.problems import did_you_mean

    return did_you_mean(word, pool, what)


def parse_condition(source: str | bool, names: Names) -> Tree:
    """Parse and check a condition; returns its tree. Raises ExprError."""
    if isinstance(source, bool):
        return ("const", source)
    return names.memo.parse(source)


def _parse_full(source: str, names: Names) -> Tree:
    """The parser proper: every condition's first reading, and every error's."""
    parser = _Parser(source, names)
    tree = parser.expression()
    parser.expect_end()
    return tree


def parse_value(source: str, names: Names) -> Tree:
    """Parse an expression used inside text `{...}` or on the right of an assignment."""
    return parse_condition(source, names)


# One token: a number, a (possibly dotted) name, an operator, or anything else (an error).
_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)|"
                    r"(==|!=|<=|>=|//|\+=|-=|[-+*%<>(),=])|(\S))")
_COMPARISONS = frozenset(("==", "!=", "<", "<=", ">", ">="))
_HINT = "conditions look like `has(nut) and writer.trust > 2`"
_EFFECT_HINT = "effects assign like `tide += 1` or `lamp.lit = true`"
# Operators of other languages an author reaches for, and ours (longest first).
_FOREIGN = {"&&": "and", "||": "or", "&": "and", "|": "or", "!": "not"}
# Tokens that cannot end a condition: something must follow them.
_NEEDS_MORE = frozenset(("and", "or", "not", "+", "-", "*", "//", "%", "(", ",", "=",
                         *_COMPARISONS))
# Words other languages use for true and false; ours are `true` and `false`.
_YES_NO = {"yes": "true", "on": "true", "no": "false", "off": "false"}


def _unexpected_character(source: str, offset: int) -> ExprError:
    """The error for a character no token starts with; `&&`, `||` and `!` get ours."""
    for foreign, ours in _FOREIGN.items():
        if source.startswith(foreign, offset):
            return ExprError(f"syntax error in condition: unexpected '{foreign}'", offset,
                             f"write `{ours}`, e.g. `has(nut) {ours} lamp.lit`"
                             if ours != "not" else "write `not`, e.g. `not lamp.lit`")
    return ExprError(f"syntax error in condition: unexpected '{source[offset]}'", offset,
                     _HINT)


class _Parser:
    """Recursive descent over Python's precedence for the subset we allow.

    A hand-written parser rather than `ast.parse`: it accepts only our language (so every
    error is ours to explain) and reports offsets. The current token is kept in three
    attributes because the precedence loops look at it many times per token.
    """

    def __init__(self, source: str, names: Names) -> None:
        self.names = names
        tokens: list[tuple[str, str, int]] = []  # (kind, text, offset)
        for match in _TOKEN.finditer(source):
            number, name, operator, _other = match.groups()
            if number is not None:
                tokens.append(("num", number, match.start(1)))
            elif name is not None:
                tokens.append(("name", name, match.start(2)))
            elif operator is not None:
                tokens.append(("op", operator, match.start(3)))
            else:
                raise _unexpected_character(source, match.start(4))
        tokens.append(("end", "", len(source)))
        self.tokens = tokens
        self.index = 0
        self.kind, self.text, self.offset = tokens[0]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        if self.index + 1 < len(self.tokens):
            self.index += 1
        self.kind, self.text, self.offset = self.tokens[self.index]
        return token

    def accept(self, text: str) -> bool:
        if self.text == text and self.kind != "end":
            self.take()
            return True
        return False

    def expect_end(self) -> None:
        if self.kind != "end":
            raise self.unexpected()

    def unexpected(self) -> ExprError:
        """The error for the current token where it cannot stand, with the likeliest fix:
        the end after an operator, `=` for `==`, `=>` for `>=`, or the generic shape."""
        if self.kind == "end":
            before = self.tokens[self.index - 1][1] if self.index else ""
            where = f" after '{before}'" if before else ""
            hint = f"something must follow '{before}'" if before in _NEEDS_MORE else _HINT
            return ExprError(f"syntax error in condition: unexpected end{where}",
                             self.offset, hint)
        if self.kind == "op" and self.text == "=":
            following = self.tokens[self.index + 1]
            if following[1] in ("<", ">") and following[2] == self.offset + 1:
                return ExprError(f"syntax error in condition: unexpected "
                                 f"'={following[1]}'", self.offset,
                                 f"did you mean `{following[1]}=`?")
            return ExprError("syntax error in condition: unexpected '='", self.offset,
                             "compare with `==` (a single `=` assigns, in effects)")
        return ExprError(f"syntax error in condition: unexpected '{self.text}'",
                         self.offset, _HINT)

    def expression(self) -> Tree:
        tree = self.conjunction()
        if self.text != "or":
            return tree
        parts = [tree]
        while self.accept("or"):
            parts.append(self.conjunction())
        return ("or", *parts)

    def conjunction(self) -> Tree:
        tree = self.negation()
        if self.text != "and":
            return tree
        parts = [tree]
        while self.accept("and"):
            parts.append(self.negation())
        return ("and", *parts)

    def negation(self) -> Tree:
        if self.text == "not" and self.kind == "name":
            self.take()
            return ("not", self.negation())
        return self.comparison()

    def comparison(self) -> Tree:
        left = self.sum()
        if self.text not in _COMPARISONS:
            return left
        parts: list[Tree] = []
        while self.kind == "op" and self.text in _COMPARISONS:
            symbol = self.take()[1]
            right = self.sum()
            parts.append(("cmp", symbol, left, right))
            left = right
        return parts[0] if len(parts) == 1 else ("and", *parts)

    def sum(self) -> Tree:
        tree = self.term()
        while self.kind == "op" and self.text in ("+", "-"):
            tree = ("bin", self.take()[1], tree, self.term())
        return tree

    def term(self) -> Tree:
        tree = self.factor()
        while self.kind == "op" and self.text in ("*", "//", "%"):
            tree = ("bin", self.take()[1], tree, self.factor())
        return tree

    def factor(self) -> Tree:
        if self.kind == "op" and self.text == "-":
            self.take()
            return ("neg", self.factor())
        return self.atom()

    def atom(self) -> Tree:
        kind, text, offset = self.take()
        if kind == "num":
            return ("const", int(text))
        if kind == "op" and text == "(":
            tree = self.expression()
            if not self.accept(")"):
                if self.kind != "end":  # `(fog = 3)`: the `=` is the mistake
                    raise self.unexpected()
                raise ExprError("syntax error in condition: '(' was never closed", offset,
                                _HINT)
            return tree
        if kind == "name" and text not in ("and", "or", "not"):
            if self.kind == "op" and self.text == "(":
                return self.call(text, offset)
            if "." in text:
                return _attribute(text, offset, self.names)
            if text in FUNCTIONS and text not in self.names.vars:
                argument = self.text if self.kind == "name" else "..."
                raise ExprError(f"'{text}' is a function: write {text}({argument})",
                                offset, f"{text}(...): {FUNCTIONS[text][2]}")
            return _name(text, offset, self.names)
        if kind != "end":  # step back: the token taken is the one to report
            self.index -= 1
            self.kind, self.text, self.offset = kind, text, offset
        raise self.unexpected()

    def call(self, fname: str, offset: int) -> Tree:
        spec = FUNCTIONS.get(fname)
        if spec is None:
            raise ExprError(f"unknown function '{fname}'", offset,
                            _nearest_hint(fname, set(FUNCTIONS), "function"))
        self.take()  # "("
        kinds = spec[0]
        args: list[Any] = []
        while not self.accept(")"):
            if self.kind == "end":
                raise ExprError(f"syntax error in {fname}(): ')' is missing", self.offset,
                                f"e.g. {fname}(...)")
            if args and not self.accept(","):
                raise ExprError(f"syntax error in {fname}(): expected ',' or ')'",
                                self.offset, f"e.g. {fname}(...)")
            kind = kinds[min(len(args), len(kinds) - 1)]
            if kind == "int":
                args.append(self.expression())
                continue
            token_kind, word, arg_offset = self.take()
            if token_kind != "name":
                raise ExprError(f"{fname}() takes a {kind.rstrip('*')} id", arg_offset)
            pool = self.names.ids(kind)
            if word not in pool:
                what = kind.rstrip("*").replace("thing", "item or character")
                raise ExprError(f"unknown {what} '{word}' in {fname}()", arg_offset,
                                _nearest_hint(word, pool, kind.rstrip("*")))
            args.append(word)
        variadic = kinds[-1].endswith("*")
        if len(args) != len(kinds) and not (variadic and len(args) >= len(kinds)):
            raise ExprError(f"{fname}() takes {len(kinds)} argument(s)", offset)
        return ("call", fname, *args)


# ---------------------------------------------------------------- remembered conditions

# A word of the language whose meaning does not depend on the world: it stays in a shape.
_FIXED_WORDS = frozenset(("and", "or", "not", *_CONSTANTS, *BUILTIN_NAMES, *FUNCTIONS))
# A free name: a whole name token of `_TOKEN` (not preceded by a word character or a dot,
# not followed by one or by `.letter`) that is not a fixed word. As a group, so that
# `split` returns the text around the free names and the names in turn.
_FREE_NAME = re.compile(
    r"(?<![\w.])(?!(?:" + "|".join(sorted(_FIXED_WORDS)) + r")(?!\w|\.[A-Za-z_]))"
    r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


class _Memo:
    """Conditions already parsed against one world's names: a large world repeats them.

    Two memories, both consulted before the parser and both holding only conditions that
    parsed cleanly (an error is never remembered, so it is always the parser's own):

    * by exact text: a condition written again gives the same tree;
    * by *shape*: the text with every free name (a variable, a function's argument: any
      word not in `_FIXED_WORDS`) taken out, so `visited(p1) or key_3` and
      `visited(p9) or key_4` share one. Everything the parser decides — tokens, precedence,
      which function, how many arguments — is read from the text a shape keeps, and the
      free names only ever end up as a ("var", NAME) or as a function's id argument. So a
      shape's first tree, with each free name's place in it and the set it must belong to
      (the variables, or the ids of the argument's kind), rebuilds the tree of any text of
      that shape: each name is checked by set membership, exactly the parser's check for
      it, and any failed check hands the text to the parser, whose error is then today's.

    The memo belongs to one `Names`: fixed words such as a variable called `count` are
    checked once, at the shape's first parse, against that world only.
    """

    __slots__ = ("by_shape", "by_text", "names", "readable")

    def __init__(self, names: Names) -> None:
        self.names = names
        # The variables a condition can read: `_attribute` refuses a name with two dots,
        # which a mood or flag key holding a dot would give.
        self.readable = frozenset(v for v in names.vars if v.count(".") < 2)
        self.by_text: dict[str, Tree] = {}
        self.by_shape: dict[tuple[str, ...], _Template] = {}

    def parse(self, source: str) -> Tree:
        tree = self.by_text.get(source)
        if tree is not None:
            return tree
        parts = _FREE_NAME.split(source)  # text, free name, text, free name, …, text
        shape = tuple(parts[::2])
        words = parts[1::2]
        template = self.by_shape.get(shape)
        built = template.build(words) if template is not None else None
        if built is None:
            built = _parse_full(source, self.names)  # raises ExprError: nothing remembered
            if template is None:
                learned = _Template.learn(built, words, self.names, self.readable)
                if learned is not None:
                    self.by_shape[shape] = learned
        self.by_text[source] = built
        return built


# A tree with holes: its items (holes hold anything), and for each hole its index and
# either the number of the free name that fills it or a smaller template.
_Hollow = tuple[tuple[Any, ...], tuple[tuple[int, "int | _Hollow"], ...]]


class _Template:
    """A shape's tree with its free names taken out, and what each name must belong to."""

    __slots__ = ("hollow", "pools")

    def __init__(self, hollow: _Hollow, pools: tuple[frozenset[str], ...]):
        self.hollow = hollow
        self.pools = pools  # per free name: the set it must be in

    @staticmethod
    def learn(tree: Tree, words: list[str], names: Names,
              readable: frozenset[str]) -> _Template | None:
        """The template of `tree`, parsed from a text whose free names are `words`; None
        when a name's place is ambiguous (the same word twice) or the tree has none."""
        if len(set(words)) != len(words):
            return None
        slot = {word: number for number, word in enumerate(words)}
        pools: list[frozenset[str] | None] = [None] * len(words)

        def hollow(node: Tree) -> _Hollow | None:
            op = node[0]
            holes: list[tuple[int, int | _Hollow]] = []
            if op == "var" and node[1] in slot:
                number = slot[node[1]]
                pools[number] = readable
                holes.append((1, number))
            elif op == "call":
                kinds = FUNCTIONS[node[1]][0]
                for index, arg in enumerate(node[2:]):
                    if isinstance(arg, tuple):
                        inner = hollow(arg)
                        if inner is not None:
                            holes.append((index + 2, inner))
                    elif arg in slot:
                        number = slot[arg]
                        pools[number] = names.ids(kinds[min(index, len(kinds) - 1)])
                        holes.append((index + 2, number))
            elif op in ("and", "or", "not", "neg", "cmp", "bin"):
                for index, part in enumerate(node):
                    if isinstance(part, tuple):
                        inner = hollow(part)
                        if inner is not None:
                            holes.append((index, inner))
            return (node, tuple(holes)) if holes else None

        shell = hollow(tree)
        if shell is None or any(pool is None for pool in pools):
            return None
        return _Template(shell, tuple(p for p in pools if p is not None))

    def build(self, words: list[str]) -> Tree | None:
        """The tree for these free names, or None when one is not what its place needs."""
        if all(map(contains, self.pools, words)):  # as many words as pools: one shape
            return _fill(self.hollow, words)
        return None


def _fill(hollow: _Hollow, words: list[str]) -> Tree:
    items, holes = hollow
    out = list(items)
    for index, hole in holes:
        out[index] = words[hole] if isinstance(hole, int) else _fill(hole, words)
    return tuple(out)


def _attribute(full: str, offset: int, names: Names) -> Tree:
    if full.count(".") != 1:
        raise ExprError("write attributes as owner.name (e.g. writer.trust)", offset)
    if full not in names.vars:
        owner, attr = full.split(".")
        owners = {v.split(".")[0] for v in names.vars if "." in v}
        if owner in owners:
            attrs = {v.split(".", 1)[1] for v in names.vars if v.startswith(owner + ".")}
            raise ExprError(f"'{owner}' has no mood or flag '{attr}'", offset,
                            _nearest_hint(attr, attrs, "mood/flag"))
        raise ExprError(f"unknown name '{full}'", offset,
                        _nearest_hint(full, {v for v in names.vars if "." in v}, "mood/flag"))
    return ("var", full)


def _name(name: str, offset: int, names: Names) -> Tree:
    if name in _CONSTANTS:
        return ("const", _CONSTANTS[name])
    if name in BUILTIN_NAMES:
        return ("builtin", name)
    if name in names.vars:
        return ("var", name)
    if name in _YES_NO:
        raise ExprError(f"unknown name '{name}'", offset,
                        f"flags are true or false: write `{_YES_NO[name]}`")
    raise ExprError(f"unknown name '{name}'", offset,
                    _nearest_hint(name, set(names.vars) | set(BUILTIN_NAMES), "variable")
                    + " (declare flags and counters under `vars:`)")


def names_in(tree: Tree) -> list[tuple[str, str]]:
    """Every (kind, name) a tree reads: ("var", name) and ("call:FN", id) pairs."""
    found: list[tuple[str, str]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        op = node[0]
        if op == "var":
            found.append(("var", node[1]))
        elif op == "call":
            for arg in node[2:]:
                if isinstance(arg, tuple):
                    stack.append(arg)
                else:
                    found.append((f"call:{node[1]}", arg))
        elif op in ("and", "or", "not", "neg"):
            stack.extend(node[1:])
        elif op in ("cmp", "bin"):
            stack.extend(node[2:])
    return found


# ---------------------------------------------------------------- effects

EFFECT_WORDS: dict[str, str] = {
    "set": "set FLAG — make a flag true",
    "clear": "clear FLAG — make a flag false",
    "give": "give ITEM [N] — the player gains the item (N of a stack)",
    "take": "take ITEM [N] — the player loses the item",
    "move": "move ITEM [N] to DEST / move CHARACTER to DEST — DEST is a place, a "
            "character, `player`, `here`, `nowhere` or `$target`; units the player carries "
            "go first, and an item that is nowhere yet is brought into being at DEST",
    "goto": "goto PLACE — the player is moved (companions who follow come along)",
    "follow": "follow CHARACTER — the character starts following the player",
    "unfollow": "unfollow CHARACTER — the character stops following and stays",
    "reveal": "reveal PLACE.EXIT — a hidden exit appears",
    "hide": "hide PLACE.EXIT — an exit disappears",
    "end": "end ENDING — the story ends",
    "talk": "talk CHARACTER [NODE] — a conversation starts",
    "probe": "probe DIRECTION — test the place that way for hazards (DIRECTION may be "
             "$direction)",
}
BINDINGS = ("$item", "$person", "$direction", "$topic", "$target")


def parse_effect(source: str, names: Names) -> Tree:
    """Parse and check one effect statement; returns its tree. Raises ExprError."""
    text = source.strip()
    words = text.split()
    if not words:
        raise ExprError("empty effect")
    head = words[0]
    if head not in EFFECT_WORDS:
        return _parse_assignment(text, names)
    args = words[1:]

    def need(count: int, usage: str) -> None:
        if len(args) < count:
            raise ExprError(f"'{head}' needs more: {usage}", 0, EFFECT_WORDS[head])

    def ref(word: str, kind: str, index: int) -> str:
        pool = names.ids(kind)
        if word not in pool:
            column = text.find(word, len(head))
            raise ExprError(f"unknown {kind} '{word}' in '{head}'", max(column, 0),
                            _nearest_hint(word, pool, kind))
        return word

    def number(word: str) -> int:
        try:
            value = int(word)
        except ValueError:
            raise ExprError(f"'{word}' is not a number", text.find(word)) from None
        if value < 1:
            raise ExprError("counts are 1 or more", text.find(word))
        return value

    if head in ("set", "clear"):
        need(1, f"{head} FLAG")
        if args[0] not in names.vars:
            raise ExprError(f"unknown flag '{args[0]}'", len(head) + 1,
                            _nearest_hint(args[0], set(names.vars), "variable"))
        return ("assign", args[0], "=", ("const", head == "set"))
    if head in ("give", "take"):
        need(1, f"{head} ITEM [N]")
        count = number(args[1]) if len(args) > 1 else 1
        return (head, ref(args[0], "item", 1), count)
    if head == "move":
        need(3, "move THING [N] to DEST")
        if "to" not in args:
            raise ExprError("'move' needs 'to': move THING to DEST", 0)
        to_at = args.index("to")
        thing = args[0]
        count = number(args[1]) if to_at == 2 else 1
        if to_at not in (1, 2) or to_at + 1 >= len(args):
            raise ExprError("write: move THING [N] to DEST", 0)
        dest = args[to_at + 1]
        if dest not in names.ids("place") and dest not in names.ids("character") and \
                dest not in ("player", "here", "nowhere", "$target"):
            dest_pool = (names.ids("place") | names.ids("character")
                         | {"player", "here", "nowhere", "$target"})
            raise ExprError(f"unknown destination '{dest}'", text.rfind(dest),
                            _nearest_hint(dest, dest_pool, "place"))
        if thing in names.ids("character"):
            return ("move_character", thing, dest)
        if thing == "$item" or thing in names.ids("item"):
            return ("move_item", thing, count, dest)
        raise ExprError(f"unknown item or character '{thing}'", len(head) + 1,
                        _nearest_hint(thing, names.ids("thing"), "item"))
    if head == "goto":
        need(1, "goto PLACE")
        return ("goto", ref(args[0], "place", 1))
    if head in ("follow", "unfollow"):
        need(1, f"{head} CHARACTER")
        return (head, ref(args[0], "character", 1))
    if head in ("reveal", "hide"):
        need(1, f"{head} PLACE.EXIT")
        place, _, exit_name = args[0].partition(".")
        if not exit_name:
            raise ExprError(f"write {head} PLACE.EXIT, e.g. {head} cellar.down", len(head) + 1)
        ref(place, "place", 1)
        return (head, place, exit_name)
    if head == "end":
        need(1, "end ENDING")
        return ("end", ref(args[0], "ending", 1))
    if head == "talk":
        need(1, "talk CHARACTER [NODE]")
        node = ref(args[1], "node", 2) if len(args) > 1 else ""
        return ("talk", ref(args[0], "character", 1), node)
    if head == "probe":
        need(1, "probe DIRECTION")
        return ("probe", args[0])
    raise AssertionError(head)  # pragma: no cover - EFFECT_WORDS covers every head


def _parse_assignment(text: str, names: Names) -> Tree:
    match = re.match(r"\s*([A-Za-z_][\w.]*)\s*(\+=|-=|=(?!=))", text)
    if match is None:
        first = text.split()[0]
        if first in names.vars:
            raise ExprError(f"not an effect: expected =, += or -= after '{first}'",
                            len(first), "assign like `trust += 1` or `lamp.lit = true`")
        raise ExprError(f"unknown effect '{first}'", 0,
                        _nearest_hint(first, set(EFFECT_WORDS), "effect") +
                        "; or assign: NAME = value, NAME += n")
    target_text, op = match.group(1), match.group(2)
    target = (_attribute(target_text, match.start(1), names) if "." in target_text
              else _name(target_text, match.start(1), names))
    if target[0] != "var":
        raise ExprError("only flags, counters, moods and item flags can be assigned", 0)
    try:
        value = parse_value(text[match.end():], names)
    except ExprError as exc:
        hint = (_EFFECT_HINT if exc.hint == _HINT else exc.hint)
        if op == "=" and text.startswith("+", match.end()) and exc.offset == 0:
            hint = "did you mean `+=`?"  # `fog =+ 1`: there is no unary plus
        raise ExprError(exc.message.replace("in condition", "in effect"),
                        match.end() + exc.offset, hint) from None
    return ("assign", target[1], op, value)


# ---------------------------------------------------------------- text templates


def parse_template(text: str, names: Names) -> tuple[str | Tree, ...]:
    """Split `text {expr} text` into literal strings and expression trees.

    `{{` and `}}` stand for literal braces. Raises ExprError at the offending offset.
    """
    if "{" not in text and "}" not in text:
        return (text,)
    parts: list[str | Tree] = []
    buffer: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "{" and text.startswith("{{", index):
            buffer.append("{")
            index += 2
        elif char == "}" and text.startswith("}}", index):
            buffer.append("}")
            index += 2
        elif char == "{":
            close = text.find("}", index)
            if close < 0:
                raise ExprError("'{' without '}' in text", index, "write {{ for a brace")
            if buffer:
                parts.append("".join(buffer))
                buffer = []
            inner = text[index + 1:close].strip()
            if inner in BINDINGS:
                parts.append(("binding", inner))
                buffer = []
                index = close + 1
                continue
            if inner.startswith("$"):
                raise ExprError(f"unknown placeholder '{inner}' in text",
                                text.index("$", index),
                                _nearest_hint(inner, set(BINDINGS), "placeholder")
                                or "placeholders: " + ", ".join(BINDINGS))
            try:
                parts.append(parse_value(inner, names))
            except ExprError as exc:
                raise ExprError(exc.message, index + 1 + exc.offset, exc.hint) from None
            index = close + 1
        elif char == "}":
            raise ExprError("'}' without '{' in text", index, "write }} for a brace")
        else:
            buffer.append(char)
            index += 1
    if buffer:
        parts.append("".join(buffer))
    return tuple(parts)


# ---------------------------------------------------------------- evaluation


class Context:
    """What an expression may read: implemented by the engine over a world and a state."""

    __slots__ = ()

    def var(self, name: str) -> int | bool:
        raise NotImplementedError

    def builtin(self, name: str) -> int:
        raise NotImplementedError

    def call(self, function: str, args: tuple[Any, ...]) -> int | bool:
        raise NotImplementedError

    def binding(self, name: str) -> str:
        return ""


def evaluate(tree: Tree, ctx: Context) -> Any:
    """Interpret a tree against a context. Trees are small; a plain walk is fast enough."""
    op = tree[0]
    if op == "var":
        return ctx.var(tree[1])
    if op == "const":
        return tree[1]
    if op == "cmp":
        left = evaluate(tree[2], ctx)
        right = evaluate(tree[3], ctx)
        return _COMPARATORS[tree[1]](left, right)
    if op == "and":
        return all(evaluate(part, ctx) for part in tree[1:])
    if op == "or":
        return any(evaluate(part, ctx) for part in tree[1:])
    if op == "not":
        return not evaluate(tree[1], ctx)
    if op == "call":
        args = tuple(evaluate(a, ctx) if isinstance(a, tuple) else a for a in tree[2:])
        return ctx.call(tree[1], args)
    if op == "bin":
        left = evaluate(tree[2], ctx)
        right = evaluate(tree[3], ctx)
        if tree[1] in ("//", "%") and right == 0:
            return 0  # an author's division by zero yields 0 rather than ending the run
        return _ARITHMETIC[tree[1]](int(left), int(right))
    if op == "neg":
        return -int(evaluate(tree[1], ctx))
    if op == "builtin":
        return ctx.builtin(tree[1])
    if op == "binding":
        return ctx.binding(tree[1])
    raise AssertionError(f"unknown expression node {op!r}")  # pragma: no cover


_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: bool(a == b), "!=": lambda a, b: bool(a != b),
    "<": lambda a, b: bool(a < b), "<=": lambda a, b: bool(a <= b),
    ">": lambda a, b: bool(a > b), ">=": lambda a, b: bool(a >= b),
}
_ARITHMETIC: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "//": lambda a, b: a // b, "%": lambda a, b: a % b,
}


def render_value(value: Any) -> str:
    """How an expression's value reads in text. A number is shown held to 64 bits, as a
    variable holds it (`{n * n * n}` may be far larger, and Python will not write out an
    integer of thousands of digits)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if type(value) is int and not -NUMBER_LIMIT <= value < NUMBER_LIMIT:
        value = NUMBER_LIMIT - 1 if value > 0 else -NUMBER_LIMIT
    return str(value)



# ---------------------------------------------------------------- printing

# Binding strength of each operator, loosest first, as Python (and so our parser) reads
# them; a sub-tree is parenthesised when it binds more loosely than where it stands.
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "//": 6,
               "%": 6, "neg": 7}
_ATOM = 8


def to_source(tree: Tree) -> str:
    """A condition, value or effect tree written back as source text.

    The inverse of the parsers up to spacing and redundant parentheses:
    `parse_condition(to_source(t))` and `parse_effect(to_source(e))` give back `t` and `e`
    (`set f`/`clear f` come back as `f = true`/`f = false`, which compile to the same
    tree). Used wherever a compiled world must show a condition (maps, reports) without
    keeping the YAML text.
    """
    op = tree[0]
    if op == "assign":
        return f"{tree[1]} {tree[2]} {to_source(tree[3])}"
    if op in ("give", "take"):
        return f"{op} {tree[1]}" + (f" {tree[2]}" if tree[2] != 1 else "")
    if op == "move_item":
        count = f" {tree[2]}" if tree[2] != 1 else ""
        return f"move {tree[1]}{count} to {tree[3]}"
    if op == "move_character":
        return f"move {tree[1]} to {tree[2]}"
    if op in ("goto", "follow", "unfollow", "end", "probe"):
        return f"{op} {tree[1]}"
    if op in ("reveal", "hide"):
        return f"{op} {tree[1]}.{tree[2]}"
    if op == "talk":
        return f"talk {tree[1]}" + (f" {tree[2]}" if tree[2] else "")
    return _expression_source(tree)


def _strength(tree: Tree) -> int:
    op = tree[0]
    if op == "bin":
        return _PRECEDENCE[tree[1]]
    return _PRECEDENCE.get(op, _ATOM)


def _operand(tree: Tree, weakest: int) -> str:
    """`tree` as an operand that must bind at least as tightly as `weakest`."""
    text = _expression_source(tree)
    return f"({text})" if _strength(tree) < weakest else text


def _expression_source(tree: Tree) -> str:
    op = tree[0]
    if op == "const":
        value = tree[1]
        return ("true" if value else "false") if isinstance(value, bool) else str(value)
    if op in ("var", "builtin", "binding"):
        return str(tree[1])
    if op in ("and", "or"):
        # A nested and/or of the same kind keeps its parentheses, so the tree round-trips.
        strength = _PRECEDENCE[op] + 1
        return f" {op} ".join(_operand(part, strength) for part in tree[1:])
    if op == "not":
        return "not " + _operand(tree[1], _PRECEDENCE["not"])
    if op == "neg":
        return "-" + _operand(tree[1], _PRECEDENCE["neg"])
    if op == "cmp":
        strength = _PRECEDENCE["cmp"] + 1  # a comparison inside one would chain
        return f"{_operand(tree[2], strength)} {tree[1]} {_operand(tree[3], strength)}"
    if op == "bin":
        strength = _PRECEDENCE[tree[1]]
        return (f"{_operand(tree[2], strength)} {tree[1]} "
                f"{_operand(tree[3], strength + 1)}")
    if op == "call":
        args = (a if isinstance(a, str) else _expression_source(a) for a in tree[2:])
        return f"{tree[1]}({', '.join(args)})"
    raise AssertionError(f"unknown expression node {op!r}")  # pragma: no cover
