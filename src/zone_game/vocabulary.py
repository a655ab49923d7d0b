"""The parser's fixed vocabulary, as tables: directions, built-in verbs, filler words.

These tables are the rules; the parser and `docs/engine.md` both read them.
"""

from __future__ import annotations

# canonical direction -> its abbreviations and other spellings
DIRECTIONS: dict[str, tuple[str, ...]] = {
    "north": ("n",), "south": ("s",), "east": ("e",), "west": ("w",),
    "northeast": ("ne", "north-east"), "northwest": ("nw", "north-west"),
    "southeast": ("se", "south-east"), "southwest": ("sw", "south-west"),
    "up": ("u", "upward", "upstairs"), "down": ("d", "downward", "downstairs"),
    "in": ("inside", "enter"), "out": ("outside", "exit"),
}
DIRECTION_ALIASES: dict[str, str] = {
    alias: canonical for canonical, aliases in DIRECTIONS.items() for alias in aliases
}
OPPOSITE: dict[str, str] = {
    "north": "south", "south": "north", "east": "west", "west": "east",
    "northeast": "southwest", "southwest": "northeast", "northwest": "southeast",
    "southeast": "northwest", "up": "down", "down": "up", "in": "out", "out": "in",
}


def is_direction(word: str) -> bool:
    return word in DIRECTIONS or word in DIRECTION_ALIASES


# The slots a world verb's pattern may use, and what fills each.
SLOTS: dict[str, str] = {
    "ITEM": "an item carried or here",
    "PERSON": "a character here",
    "DIRECTION": "a direction or exit name of this place",
    "TOPIC": "a topic of the world's `topics`",
}

# built-in verb -> (synonyms, patterns, meaning). Multi-word synonyms are matched first.
BUILTIN_VERBS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str]] = {
    "go": (("go", "walk", "run", "head", "move", "climb"), (("DIRECTION",),),
           "move along an exit (a direction alone also works)"),
    "look": (("look", "l"), ((), ("around",), ("about",)), "describe the place again"),
    "examine": (("examine", "x", "inspect", "look at", "check", "read", "search",
                 "study", "look in", "look inside", "look into"), (("THING",), ()),
                "look closely at a thing, a person, or (alone) the place"),
    "take": (("take", "get", "pick up", "grab", "collect"), (("ITEM",), ("ITEM", "up")),
             "pick an item up"),
    "drop": (("drop", "put down", "put", "place", "set down", "discard"),
             (("ITEM",), ("ITEM", "down"), ("ITEM", "here"), ("ITEM", "on", "floor"),
              ("ITEM", "on", "ground")),
             "put an item down here"),
    "inventory": (("inventory", "i", "inv"), ((),), "list what you carry"),
    "wait": (("wait", "z"), ((),), "let a turn pass"),
    "talk": (("talk to", "talk with", "talk", "speak to", "speak with", "speak"),
             (("PERSON",),), "start a conversation"),
    "leave": (("bye", "goodbye", "leave", "end conversation"), ((),),
              "end a conversation"),
}
# Words handled before the engine sees a command (see `session`).
SESSION_WORDS: dict[str, tuple[str, ...]] = {
    "again": ("again", "g"),
    "oops": ("oops",),
}

# `put the nut in the tin`: the words that set a thing against another. The format has no
# containers or surfaces, so the parser answers such a line itself (see `parser`).
PLACING_WORDS = frozenset(("in", "into", "inside", "on", "onto", "under", "behind",
                           "beside", "next"))

# Words that change nothing a command does: articles, politeness, and the manner of it
# (`walk north carefully` is walking north).
FILLER_WORDS = frozenset(("the", "a", "an", "some", "please", "my", "this", "that",
                          "carefully", "slowly", "quietly", "quickly", "gently",
                          "cautiously"))


def builtin_slots(verb: str) -> tuple[str, ...]:
    """The slots a built-in verb's patterns fill, in the names rules use."""
    slots: list[str] = []
    for pattern in BUILTIN_VERBS[verb][1]:
        for token in pattern:
            if token == "THING":
                slots.extend(("ITEM", "PERSON"))
            elif token.isupper():
                slots.append(token)
    return tuple(dict.fromkeys(slots))


def capital(text: str) -> str:
    """`text` with its first letter upper-case (a name at the start of a sentence: "the
    Writer" -> "The Writer"); the rest as written, unlike `str.capitalize`."""
    return text[:1].upper() + text[1:]
