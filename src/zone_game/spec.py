"""The world format, as data: every section, every key, its type, default and meaning.

This table is the one source of truth for the format. The compiler checks keys and shallow
types against it before it reads a value; the JSON Schema for editors and the key tables in
the format reference are generated from it. Change the format here first.

Type notation (a small grammar, read by `type_ok` and by the schema generator):
  str, int, bool, scalar (bool or int), id (a symbolic name), text (a string, or a list of
  `{if, text}` variants), cond (an expression), effects (one effect or a list),
  words (one word or a list), ref:KIND (an id of a place/item/...), list:T, map:T (keys
  are ids), shape:NAME (a mapping described below), A|B (either).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping shape."""

    name: str
    type: str
    doc: str
    required: bool = False
    default: Any = None


@dataclass(frozen=True, slots=True)
class Shape:
    """A mapping shape: its keys, and an optional shorthand type accepted in its place."""

    name: str
    doc: str
    keys: tuple[Key, ...]
    shorthand: str = ""

    def key(self, name: str) -> Key | None:
        keys = _KEYS_BY_NAME.get(self.name)
        if keys is None:
            keys = _KEYS_BY_NAME[self.name] = {key.name: key for key in self.keys}
        return keys.get(name)

    @property
    def required(self) -> tuple[Key, ...]:
        return tuple(k for k in self.keys if k.required)


_KEYS_BY_NAME: dict[str, dict[str, Key]] = {}  # shape name -> its keys by name (lazy)


def _shape(name: str, doc: str, *keys: Key, shorthand: str = "") -> Shape:
    return Shape(name, doc, keys, shorthand)


LABELLED = _shape(
    "labelled", "A line of the status bar or of the ending summary.",
    Key("label", "str", "What the line is called.", required=True),
    Key("value", "text", "Its value; `{expr}` in the text is replaced by the expression's "
        "value.", required=True),
    Key("if", "cond", "Shown only when this holds.", default=True),
)

ACT = _shape(
    "act", "A stretch of the story with its own look, named by places' `act` key.",
    Key("title", "str", "The act's name, shown when it begins.", default=""),
    Key("theme", "str", "A theme name the terminal UI applies while the player is in this "
        "act (e.g. `sepia`, `vivid`); plain mode ignores it.", default=""),
)

WORLD = _shape(
    "world", "Facts about the world as a whole. Exactly one file defines it.",
    Key("id", "id", "The world's id, used for saves and the command line.", required=True),
    Key("title", "str", "Shown on the title screen.", required=True),
    Key("version", "str", "The world's own version, recorded in saves.", default="1"),
    Key("author", "str", "Who wrote it.", default=""),
    Key("start", "ref:place", "Where the player begins.", required=True),
    Key("player", "ref:character", "The character the player plays.", required=True),
    Key("intro", "text", "Shown once before the first place.", default=""),
    Key("probe_safe", "text", "What a probe of a place without a hazard shows "
        "(see hazards).", default="Nothing happens."),
    Key("probe_more", "text", "What a probe says, after the first hazard's `probe_text`, when "
        "it finds more than one hazard in one place: one throw shows one thing (see hazards).",
        default="That is not the only danger there."),
    Key("avoid_more", "text", "What is said, after the first hazard's `avoid_text`, when the "
        "player steps around more than one revealed hazard in one place (see hazards).",
        default="You keep clear of everything else that was found there, too."),
    Key("status", "list:shape:labelled", "Lines the status bar shows.", default=()),
    Key("summary", "list:shape:labelled", "Lines the ending screen adds after the turn "
        "count.", default=()),
    Key("acts", "map:shape:act", "Named acts that places belong to.", default={}),
)

EXIT = _shape(
    "exit", "A way out of a place. Shorthand: just the destination's id.",
    Key("to", "ref:place", "The destination.", required=True),
    Key("when", "cond", "The exit is open only when this holds.", default=True),
    Key("closed", "text", "Said when the exit is shut by `when`.",
        default="You can't go that way now."),
    Key("hidden", "bool", "Hidden until an effect `reveal PLACE.EXIT` shows it.",
        default=False),
    Key("one_way", "text", "Once passed, every exit of the destination leading back here "
        "is closed (and no longer listed), and this is said when the player tries one.",
        default=""),
    Key("text", "text", "Said as the player passes.", default=""),
    Key("do", "effects", "Effects applied as the player passes.", default=()),
    shorthand="ref:place",
)

SCENERY = _shape(
    "scenery", "Something mentioned in a place's prose that can be examined but not taken. "
    "Shorthand: just the description (the key is then the noun).",
    Key("nouns", "words", "Words that name it (default: the key).", default=()),
    Key("description", "text", "What `examine` shows.", required=True),
    shorthand="text",
)

PLACE = _shape(
    "place", "A location of the world graph.",
    Key("name", "str", "The place's title.", required=True),
    Key("description", "text", "Shown on the first visit and by `look`.", required=True),
    Key("revisit", "text", "Shown instead of the description on later visits.", default=""),
    Key("examine", "text", "What `examine` (with no object) or `search` shows here.",
        default=""),
    Key("act", "str", "The act this place belongs to (see world.acts).", default=""),
    Key("exits", "map:shape:exit", "Ways out, by direction (north, ne, up, in, …) or by a "
        "name of their own (door, ladder).", default={}),
    Key("scenery", "map:shape:scenery", "Things to examine that are part of the place.",
        default={}),
)

ITEM = _shape(
    "item", "A thing that can be seen, examined, and usually taken.",
    Key("name", "str", "How the item is named in lists (`a nut with a bandage tied "
        "to it`).", required=True),
    Key("nouns", "words", "Words the parser accepts for it; a noun may have several "
        "words (`reel of film`).", required=True),
    Key("adjectives", "words", "Extra words that narrow a match (`steel`).", default=()),
    Key("description", "text", "What `examine` shows.", default=""),
    Key("at", "id", "Where it starts: a place id, a character id (carried), or `nowhere` "
        "(given later by an effect).", default="nowhere"),
    Key("count", "int", "How many there are: more than one makes a stack (nuts).",
        default=1),
    Key("plural", "str", "How several are named, `{n}` standing for the number "
        "(`{n} nuts`).", default=""),
    Key("portable", "bool", "Whether `take` works on it.", default=True),
    Key("fixed", "text", "Said when taking a non-portable item.", default=""),
    Key("flags", "map:scalar", "Named states of the item (`lit: false`), read and set as "
        "`item.flag`.", default={}),
)

REMARK = _shape(
    "remark", "Something a character says unprompted.",
    Key("text", "text", "What is said.", required=True),
    Key("at", "ref:place", "Said when the player arrives here with the character.",
        default=""),
    Key("if", "cond", "Said only when this holds.", default=True),
    Key("once", "bool", "Said at most once per run.", default=True),
)

TALK = _shape(
    "talk", "Which dialogue node a conversation starts at, when a condition holds.",
    Key("node", "ref:node", "The node.", required=True),
    Key("if", "cond", "Used only when this holds; the first that holds wins.", default=True),
)

CHARACTER = _shape(
    "character", "A person: the player's character, or a companion.",
    Key("name", "str", "Their name (`the Writer`).", required=True),
    Key("nouns", "words", "Words the parser accepts for them.", default=()),
    Key("description", "text", "What `examine` shows.", default=""),
    Key("at", "id", "Where they start: a place id or `nowhere`.", default="nowhere"),
    Key("follows", "bool", "Whether they start following the player.", default=False),
    Key("moods", "map:int", "Named counters (trust, fear, …) read and set as "
        "`character.mood`.", default={}),
    Key("talk", "ref:node|list:shape:talk", "Where `talk to` starts a conversation.",
        default=()),
    Key("remarks", "list:shape:remark", "Things they say unprompted.", default=()),
    Key("style", "str", "A theme style name for their lines (e.g. `npc.writer`).",
        default=""),
)

LINE = _shape(
    "line", "A line of dialogue. Shorthand: just the text, said by the node's speaker.",
    Key("text", "text", "What is said.", required=True),
    Key("by", "ref:character", "Who says it (default: the node's speaker).", default=""),
    Key("if", "cond", "Said only when this holds.", default=True),
    Key("narrate", "bool", "A stage direction: shown as narration, in no one's voice "
        "(`by` is then ignored).", default=False),
    shorthand="text",
)

OPTION = _shape(
    "option", "A choice offered to the player in a dialogue node.",
    Key("text", "str", "What the player says, as shown in the menu; echoed as the "
        "player's line when chosen, unless written in parentheses — `(Take the knapsack.)` "
        "is an action, not speech.", required=True),
    Key("if", "cond", "Offered only when this holds.", default=True),
    Key("do", "effects", "Effects of choosing it.", default=()),
    Key("goto", "ref:node", "The node the conversation moves to (default: it ends).",
        default=""),
)

NODE = _shape(
    "node", "A node of a dialogue tree.",
    Key("speaker", "ref:character", "Who speaks the node's lines.", required=True),
    Key("lines", "list:shape:line", "What is said when the node is reached.", default=()),
    Key("do", "effects", "Effects applied when the node is reached.", default=()),
    Key("options", "list:shape:option", "The player's choices.", default=()),
    Key("next", "ref:node", "With no options offered: the node that follows at once "
        "(default: the conversation ends).", default=""),
    Key("hold", "bool", "The player must choose one of the options: `bye` and any other "
        "command are refused with a reminder (looking, examining and the inventory still "
        "answer). For a moment the story does not let the player walk away from.",
        default=False),
)

TOPIC = _shape(
    "topic", "A subject that can be asked about (`ask PERSON about TOPIC`).",
    Key("nouns", "words", "Words that name the topic.", required=True),
)

VERB = _shape(
    "verb", "A verb of the world's own, answered by rules.",
    Key("synonyms", "words", "Other words for it.", default=()),
    Key("patterns", "list:str", "What may follow the verb: words and the slots ITEM, "
        "PERSON, DIRECTION, TOPIC (`throw ITEM DIRECTION`).", default=("",)),
    Key("refuse", "text", "Said when no rule answers, and when the verb is typed alone "
        "though its patterns want more (then no rule is asked).", default="Nothing happens."),
)

RULE = _shape(
    "rule", "An answer to a verb, tried in the order written; the first that matches wins.",
    Key("verb", "ref:verb", "The verb (a world verb, or a built-in: go, take, drop, "
        "examine, look, talk, wait, inventory).", required=True),
    Key("item", "ref:item", "Only when the command names this item.", default=""),
    Key("person", "ref:character", "Only when the command names this person.", default=""),
    Key("direction", "str", "Only for this direction or exit name.", default=""),
    Key("topic", "ref:topic", "Only for this topic.", default=""),
    Key("pattern", "str", "Only when the command fitted this one of the verb's patterns, "
        "written as in its `patterns` (`down TOPIC`): tells apart commands that name the "
        "same things in other words.", default=""),
    Key("at", "ref:place|list:ref:place", "Only at these places.", default=()),
    Key("if", "cond", "Only when this holds.", default=True),
    Key("say", "text", "What is said.", default=""),
    Key("do", "effects", "Effects applied.", default=()),
    Key("continue", "bool", "Go on to the verb's ordinary action afterwards (only for "
        "built-in verbs).", default=False),
)

HAZARD = _shape(
    "hazard", "An invisible danger dealt from the run's seed onto some of its candidate "
    "places, found by a `probe` effect.",
    Key("candidates", "list:ref:place", "Places it may lie in.", required=True),
    Key("count", "int", "How many of the candidates it occupies in a run.", default=1),
    Key("probe_text", "text", "Said when a probe finds it.", required=True),
    Key("avoid_text", "text", "Said when the player enters a place where it was found "
        "(and steps around it).", default=""),
    Key("trigger_text", "text", "Said when the player walks into it unrevealed.",
        required=True),
    Key("do", "effects", "Effects when it triggers.", default=()),
    Key("end", "ref:ending", "The ending it causes when it triggers (a deadly hazard).",
        default=""),
    Key("stop", "bool", "The player is thrown back: the move does not happen.",
        default=False),
)

TIMER = _shape(
    "timer", "Something that happens by itself after a turn.",
    Key("every", "int", "Every N turns.", default=0),
    Key("after", "int", "Once, at the end of turn N.", default=0),
    Key("on_enter", "ref:place", "When the player arrives at this place.", default=""),
    Key("if", "cond", "Only when this holds.", default=True),
    Key("say", "text", "What is said (narration, or a character's line with `by`).",
        default=""),
    Key("by", "ref:character", "Who says it; they must be with the player.", default=""),
    Key("do", "effects", "Effects applied.", default=()),
    Key("once", "bool", "At most once per run.", default=False),
)

ENDING = _shape(
    "ending", "A way the story ends, reached by the effect `end ID`.",
    Key("title", "str", "The ending's title.", required=True),
    Key("text", "text", "The closing text.", required=True),
    Key("kind", "str", "A word for the kind of ending: the terminal UI colours the ending "
        "screen by it (good green, bad and death red, quiet yellow; any other word takes "
        "the theme's plain ending colour). Not shown as a word.", default="neutral"),
)

VARS_DOC = "Named flags (`true`/`false`) and counters (integers), with initial values."

# Top-level sections: name -> (type, doc). `world` is a single mapping; the rest are
# merged across files, and ids must be unique across files.
SECTIONS: dict[str, tuple[str, str]] = {
    "world": ("shape:world", WORLD.doc),
    "vars": ("map:scalar", VARS_DOC),
    "places": ("map:shape:place", PLACE.doc),
    "items": ("map:shape:item", ITEM.doc),
    "characters": ("map:shape:character", CHARACTER.doc),
    "dialogue": ("map:shape:node", NODE.doc),
    "topics": ("map:shape:topic", TOPIC.doc),
    "verbs": ("map:shape:verb", VERB.doc),
    "rules": ("list:shape:rule", RULE.doc),
    "hazards": ("map:shape:hazard", HAZARD.doc),
    "timers": ("list:shape:timer", TIMER.doc),
    "endings": ("map:shape:ending", ENDING.doc),
}

SHAPES: dict[str, Shape] = {
    s.name: s
    for s in (WORLD, EXIT, SCENERY, PLACE, ITEM, REMARK, TALK, CHARACTER, LINE, OPTION,
              NODE, TOPIC, VERB, RULE, HAZARD, TIMER, ENDING, LABELLED, ACT)
}

REF_KINDS = {
    "place": "places", "item": "items", "character": "characters", "node": "dialogue",
    "topic": "topics", "verb": "verbs", "hazard": "hazards", "ending": "endings",
}


def type_ok(value: Any, type_: str) -> bool:
    """Whether `value` has the outer form of `type_` (contents are checked by the compiler).

    For `shape:` types this checks only that a mapping (or the shorthand) was given.
    """
    return checker(type_)(value)


@cache
def checker(type_: str) -> Callable[[Any], bool]:
    """A predicate for `type_`, built once per type string (the compiler calls it a lot)."""
    if "|" in type_ and not type_.startswith(("list:", "map:")):
        alternatives = tuple(checker(t) for t in type_.split("|"))
        return lambda value: any(check(value) for check in alternatives)
    if type_ in ("str", "id") or type_.startswith("ref:"):
        return _is_str
    if type_.startswith("list:"):
        return _is_list
    if type_.startswith("map:"):
        return _is_map
    if type_.startswith("shape:"):
        shape = SHAPES[type_[6:]]
        if not shape.shorthand:
            return _is_map
        shorthand = checker(shape.shorthand)
        return lambda value: isinstance(value, dict) or shorthand(value)
    if type_ not in _BASE_CHECKS:
        raise ValueError(f"unknown type in spec: {type_}")
    return _BASE_CHECKS[type_]


def plain_types(type_: str) -> frozenset[type]:
    """The Python types whose every value has the outer form of `type_`.

    A value of exactly one of these types needs no further look; any other value is
    decided by `checker(type_)`. (So `int` is not among the types of `bool`, nor `bool`
    among those of `int`, and a list of words is left to the checker.)
    """
    if "|" in type_ and not type_.startswith(("list:", "map:")):
        return frozenset().union(*(plain_types(t) for t in type_.split("|")))
    if type_ in ("str", "id", "text", "effects", "words") or type_.startswith("ref:"):
        return frozenset({str})
    if type_.startswith("list:"):
        return frozenset({list})
    if type_.startswith(("map:", "shape:")):
        return frozenset({dict})
    return {"int": frozenset({int}), "bool": frozenset({bool}),
            "scalar": frozenset({bool, int}), "cond": frozenset({str, bool})}[type_]


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_list(value: Any) -> bool:
    return isinstance(value, list)


def _is_map(value: Any) -> bool:
    return isinstance(value, dict)


def _is_str_or_strs(value: Any) -> bool:
    """A string, or a list of strings (`effects`, `words`)."""
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value))


_BASE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "bool": lambda value: isinstance(value, bool),
    "scalar": lambda value: isinstance(value, (bool, int)),
    "cond": lambda value: isinstance(value, (str, bool)),
    "effects": _is_str_or_strs,
    "words": _is_str_or_strs,
    "text": lambda value: isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, (dict, str)) for v in value)),
}


def describe_type(type_: str) -> str:
    """A type in words, for error messages and docs."""
    if "|" in type_ and not type_.startswith(("list:", "map:")):
        return " or ".join(describe_type(t) for t in type_.split("|"))
    if type_.startswith("list:"):
        return f"a list of {describe_type(type_[5:])}"
    if type_.startswith("map:"):
        return f"a mapping of ids to {describe_type(type_[4:])}"
    if type_.startswith("shape:"):
        shape = SHAPES[type_[6:]]
        alt = f" (or {describe_type(shape.shorthand)})" if shape.shorthand else ""
        return f"a {shape.name} mapping{alt}"
    if type_.startswith("ref:"):
        return f"a {type_[4:]} id"
    return {
        "str": "a string", "int": "an integer", "bool": "true or false",
        "scalar": "true, false or an integer", "id": "an id (lower_case_with_underscores)",
        "cond": "a condition (an expression, or true/false)",
        "effects": "an effect or a list of effects", "words": "a word or a list of words",
        "text": "a text, or a list of {if, text} variants",
    }[type_]
