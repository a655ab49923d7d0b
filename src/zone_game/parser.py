"""From a line the player typed to a `Command`, using only what is visible right now.

Pure: it reads the world and the state and returns a command, an ambiguity (the engine
asks which thing was meant) or a refusal with a did-you-mean drawn from the words that
are valid here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from zone_game.problems import PLAYER_CUTOFF, nearest
from zone_game.state import GameState
from zone_game.vocabulary import (
    BUILTIN_VERBS,
    DIRECTION_ALIASES,
    DIRECTIONS,
    FILLER_WORDS,
    PLACING_WORDS,
    capital,
)
from zone_game.world import Place, World

MAX_COMMAND = 200  # characters in one command (a line may join several with `then`)

# A word: letters of any script, digits, apostrophes and hyphens (`désk` is one word and
# gets "You see no 'désk' here.", not a word cut in two).
_WORD = re.compile(r"[\w'\-]+")
# The same for ASCII text, which nearly every line is: a plain class is much faster to
# match than `\w`'s Unicode categories.
_ASCII_WORD = re.compile(r"[a-z0-9_'\-]+")


@dataclass(frozen=True, slots=True)
class Command:
    """A understood command: a verb and the things its slots were filled with."""

    verb: str
    item: str = ""
    person: str = ""
    direction: str = ""
    topic: str = ""
    scenery: str = ""
    # a world's verb typed alone though its patterns want more: no rule is asked (they
    # may count on what the patterns bind); the verb's own refusal answers
    bare: bool = False
    until: bool = False  # `wait for …`: turns pass until one brings something
    # the pattern it fitted (for rules with `pattern:`); not part of what the command is
    pattern: tuple[str, ...] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A noun phrase that fits several visible things."""

    words: str
    candidates: tuple[str, ...]  # thing ids, in a stable order
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str
    hint: str = ""
    unknown_word: str = ""
    specific: bool = False  # says more than "not understood": preferred over others
    # (word, valid words) for a did-you-mean, worked out only if this refusal is the one
    # shown: several patterns may fail, and the nearest-word search is not cheap
    suggest: tuple[str, frozenset[str]] | None = None
    # how many words of the command a pattern had fitted before it failed: of several
    # patterns' refusals, the one that got furthest says what is really wrong
    progress: int = 0

    def finished(self) -> Refusal:
        if self.suggest is None:
            return self
        best = nearest(*self.suggest, cutoff=PLAYER_CUTOFF)
        return Refusal(self.reason, f"did you mean '{best}'?" if best else self.hint,
                       self.unknown_word, self.specific)


def tokenize(text: str) -> list[str]:
    """Lower-case words with articles and filler removed. Text is NFC-normalised first:
    `é` typed as `e` and a combining accent is one letter, as the world wrote it."""
    if text.isascii():
        words = _ASCII_WORD.findall(text.lower())
    else:
        words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return [w for w in words if w not in FILLER_WORDS]


@dataclass(frozen=True, slots=True)
class Thing:
    """Something a noun phrase may name here: an item, a person or scenery."""

    kind: str  # "item", "person", "scenery"
    id: str
    name: str
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    noun_words: frozenset[str] = frozenset()  # every word of every noun
    vocabulary: frozenset[str] = frozenset()  # noun words and adjective words

    @classmethod
    def of(cls, kind: str, thing_id: str, name: str, nouns: tuple[str, ...],
           adjectives: tuple[str, ...]) -> Thing:
        noun_words = frozenset(w for noun in nouns for w in noun.split())
        vocabulary = noun_words | {w for adjective in adjectives for w in adjective.split()}
        return cls(kind, thing_id, name, nouns, adjectives, noun_words, vocabulary)


@lru_cache(maxsize=8)
def _verb_lexicon(world: World) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First word -> (synonym words, verb id), longest first, so `pick up` beats `pick`."""
    entries: list[tuple[tuple[str, ...], str]] = []
    for builtin, (synonyms, _patterns, _meaning) in BUILTIN_VERBS.items():
        entries.extend((tuple(s.split()), builtin) for s in synonyms)
    for verb_id in world.verbs:
        entries.append(((verb_id,), verb_id))
        entries.extend((tuple(s.split()), verb_id) for s in world.verbs[verb_id].synonyms)
    entries.sort(key=lambda entry: -len(entry[0]))
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for entry in entries:
        by_first.setdefault(entry[0][0], []).append(entry)
    return {first: tuple(group) for first, group in by_first.items()}


@lru_cache(maxsize=8)
def _static_things(world: World) -> dict[str, Thing]:
    """The parser's view of every item and character, built once per world."""
    things: dict[str, Thing] = {}
    for item_id in world.items:
        item = world.items[item_id]
        # Words of the item's name count as adjectives: "take the oil lamp" works.
        name_words = tuple(w for w in tokenize(item.name) if w not in item.nouns)
        things[item_id] = Thing.of("item", item_id, item.name, item.nouns,
                                   item.adjectives + name_words)
    for char_id in world.characters:
        character = world.characters[char_id]
        nouns = character.nouns or (char_id.replace("_", " "),)
        things[char_id] = Thing.of("person", char_id, character.name, nouns, ())
    # The player can always be examined as `me` (and by the nouns the author gave).
    player = world.characters[world.player]
    things[_SELF] = Thing.of("self", world.player, player.name,
                             (*player.nouns, "me", "myself", "self", "yourself"), ())
    return things


_SELF = "*self*"  # the key of the player's own entry among the static things


@lru_cache(maxsize=8)
def _people(world: World) -> tuple[tuple[int, Thing], ...]:
    """(index in the state's character places, the parser's view) of each character but
    the player."""
    static = _static_things(world)
    return tuple((index, static[char_id]) for index, char_id in enumerate(world.characters)
                 if char_id != world.player)


@lru_cache(maxsize=8)
def _names_things(world: World) -> dict[str, bool]:
    """verb id -> whether a pattern of it names an item or a person, once per world: only
    those verbs need to know what is visible."""
    return {verb: any(token in ("ITEM", "PERSON", "THING")
                      for pattern in verb_patterns(world, verb) for token in pattern)
            for verb in (*BUILTIN_VERBS, *world.verbs)}


T = TypeVar("T")


class _ByPlace(dict[str, T]):
    """place id -> something worked out from the place, on first use: a world may have
    thousands of places, a run visits a few."""

    def __init__(self, world: World, make: Callable[[Place], T]) -> None:
        super().__init__()
        self.world = world
        self.make = make

    def __missing__(self, place_id: str) -> T:
        value = self[place_id] = self.make(self.world.places[place_id])
        return value


@lru_cache(maxsize=8)
def _place_words(world: World) -> _ByPlace[frozenset[str]]:
    """place id -> the words that name it where the player stands: those of its name,
    and `room`, `here`, `around` and the like."""
    return _ByPlace(world, lambda place: _PLACE_WORDS.union(tokenize(place.name)))


@lru_cache(maxsize=1024)
def _aiming_patterns(world: World, verb: str) -> tuple[tuple[str, ...], ...]:
    """The verb's patterns that send an item a way (`ITEM DIRECTION`, `ITEM to …`)."""
    return tuple(p for p in verb_patterns(world, verb) if p[:1] == ("ITEM",) and "DIRECTION" in p)


@lru_cache(maxsize=8)
def _exit_names(world: World) -> _ByPlace[frozenset[str]]:
    """place id -> the names of its exits (hidden ones too)."""
    return _ByPlace(world, lambda place: frozenset(e.name for e in place.exits))


@lru_cache(maxsize=8)
def _scenery_things(world: World) -> _ByPlace[tuple[Thing, ...]]:
    """place id -> its scenery as the parser sees it."""
    return _ByPlace(world, lambda place: tuple(
        Thing.of("scenery", s.id, s.nouns[0], s.nouns, ()) for s in place.scenery))


def verb_patterns(world: World, verb: str) -> tuple[tuple[str, ...], ...]:
    if verb in BUILTIN_VERBS:
        return BUILTIN_VERBS[verb][1]
    return world.verbs[verb].patterns


def visible_things(world: World, state: GameState) -> list[Thing]:
    """Items here or carried, characters here (not the player), this place's scenery."""
    static = _static_things(world)
    things: list[Thing] = []
    player, place = world.player, state.place
    # Items here, carried, or carried by someone here (seen, though not theirs to take).
    holders = {player, place}
    holders.update(c for c, where in zip(world.character_ids, state.character_places,
                                         strict=True) if where == place)
    for item_id, holding in zip(world.item_ids, state.holdings, strict=True):
        for holder, _count in holding:
            if holder in holders:
                things.append(static[item_id])
                break
    for char_id, where in zip(world.character_ids, state.character_places, strict=True):
        if where == state.place and char_id != player:
            things.append(static[char_id])
    things.append(static[_SELF])
    things.extend(_scenery_things(world)[state.place])
    return things


def _exit_to_named_place(world: World, state: GameState, phrase: tuple[str, ...]) -> str:
    """The exit here whose destination the words name (`go to the kitchen`), if the visible
    exits to places so named all lead to one place (the first authored of them); else ""."""
    words = set(phrase)
    found: dict[str, str] = {}  # destination -> the first exit to it
    place = world.places[state.place]
    for exit_ in place.exits:
        name_words = set(tokenize(world.places[exit_.to].name))
        if words and words <= name_words and place.exit_shown(exit_, state.exit_overrides):
            found.setdefault(exit_.to, exit_.name)
    return next(iter(found.values())) if len(found) == 1 else ""


def _phrase_matches(words: tuple[str, ...], thing: Thing) -> int:
    """0 when the words don't name the thing; higher is a better fit."""
    phrase = " ".join(words)
    if phrase in thing.nouns:
        return 3
    noun_words, vocabulary = thing.noun_words, thing.vocabulary
    if all(w in vocabulary for w in words) and any(w in noun_words for w in words):
        return 2 if words[-1] in noun_words else 1
    return 0


def resolve(words: tuple[str, ...], things: list[Thing], kinds: tuple[str, ...],
            last_item: str) -> list[Thing]:
    """The things of these kinds that the words name, best fits only."""
    pool = [t for t in things if t.kind in kinds]
    if words in _PRONOUNS:
        return [t for t in _meant(words, things, last_item) if t.kind in kinds]
    scored = [(score, t) for t in pool if (score := _phrase_matches(words, t))]
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [t for score, t in scored if score == best]


# a pronoun -> the kinds of thing it may stand for
_PRONOUN_KINDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("it",): ("item", "scenery"), ("them",): ("item", "scenery", "person"),
    ("him",): ("person",), ("her",): ("person",)}
_PRONOUNS = tuple(_PRONOUN_KINDS)


def _meant(pronoun: tuple[str, ...], things: list[Thing], last: str) -> list[Thing]:
    """What a pronoun stands for here: the thing the last command named, if it is here —
    `it` never a person, `him` and `her` only a person; and `him`/`her` with no such
    person named, the one person here, if there is only one (`talk to her` in the
    kitchen, though the daughter was named in the bedroom)."""
    kinds = _PRONOUN_KINDS[pronoun]
    # One thing at most: a scenery may share its id with a character (the daughter on
    # your shoulders); the first seen — items, people, then scenery — is meant.
    named = [t for t in things if t.id == last and t.kind in kinds][:1]
    if named or kinds != ("person",):
        return named
    people = [t for t in things if t.kind == "person"]
    return people if len(people) == 1 else []



def _verb_word(verb: str) -> str:
    """A verb as a refusal says it: a built-in by its first name, preposition and all
    (`talk to`); a world's verb by its id."""
    return BUILTIN_VERBS[verb][0][0] if verb in BUILTIN_VERBS else verb


def _called(phrase: tuple[str, ...], thing: Thing) -> str:
    """How a refusal names a thing the player named: a thing as the player named it ("the
    keys", not the car they are in; by its noun for a pronoun), a person by name, the
    player as "yourself"."""
    if thing.kind == "self":
        return "yourself"
    if thing.kind == "person":
        return thing.name
    return f"the {thing.nouns[0] if phrase in _PRONOUNS else ' '.join(phrase)}"


_PREFER_HELD = {"take": False, "drop": True}
ALL = "*all*"  # the item of `take all` / `drop all`
_SLOT_WORDS = {"ITEM": "<something>", "THING": "<something>", "PERSON": "<someone>",
               "DIRECTION": "<direction>", "TOPIC": "<topic>"}
_ALL_WORDS = (("all",), ("everything",), ("all", "of", "it"))
_TO_WORDS = ("to", "towards", "toward", "into", "through")
# Words between a way and what lies along it: `north to the gate`, `up at the window`.
_ALONG_WORDS = frozenset((*_TO_WORDS, "at", "along"))


def _way_back(world: World, state: GameState) -> str | Refusal:
    """`go back`: the engine does not keep where the player came from, so with one way
    offered it is that way, and otherwise it asks for the way by name (one-way passages
    keep their own refusals when that way is tried)."""
    names = world.places[state.place].ways_offered(state.exit_overrides, state.closed_behind)
    if len(names) == 1:
        return names[0]
    ways = ", ".join(names) if names else "none"
    return Refusal("Say which way back is, by its direction.", f"ways from here: {ways}",
                   specific=True)


def _starts_way(word: str, exit_names: frozenset[str]) -> bool:
    """Whether a word can begin a way: a direction, an exit's name, `to`/`towards`."""
    return word in DIRECTIONS or word in DIRECTION_ALIASES or word in exit_names or \
        word in _TO_WORDS


def _names_something_here(world: World, state: GameState, words: tuple[str, ...],
                          things: list[Thing], exit_names: frozenset[str]) -> bool:
    """Whether the words name something at this place: a thing or scenery in view, an
    exit, or a place an exit leads to."""
    if not words:
        return False
    if " ".join(words) in exit_names or _exit_to_named_place(world, state, words):
        return True
    seen = things or visible_things(world, state)  # (`go` alone does not list them)
    return any(_phrase_matches(words, thing) for thing in seen)


_AIMING_WORDS = frozenset(("at", "to", "into", "towards", "toward", "onto"))


def _item_words(world: World, phrase: tuple[str, ...], item_id: str) -> str:
    """An item as the player named it, or by its noun when they said `it`."""
    return world.items[item_id].nouns[0] if phrase in _PRONOUNS else " ".join(phrase)


def _aimed_at_a_thing(world: World, state: GameState, verb: str, rest: tuple[str, ...],
                      things: list[Thing], exit_names: frozenset[str]
                      ) -> Command | Ambiguity | Refusal | None:
    """`throw pebble at the fire`, for a verb that sends an item a way (`ITEM DIRECTION`):
    aimed at a place a way leads to (`at the gate`), it goes that way; at a thing that is
    no way, the refusal names both in the player's words (rather than failing on 'pebble
    at'). None when the line is not of that form."""
    aiming = _aiming_patterns(world, verb)
    if not aiming or not rest:
        return None
    ways = world.places[state.place].ways_offered(state.exit_overrides, state.closed_behind)
    cut = next((i for i, word in enumerate(rest) if i and word in _AIMING_WORDS), None)
    if cut is None:  # `throw a nut`: the thing, but no way
        alone = _fill(world, state, verb, "ITEM", rest, things, exit_names)
        if not isinstance(alone, dict) or "item" not in alone:
            return None
        thrown = _item_words(world, rest, alone["item"])
        return Refusal(f"{capital(_verb_word(verb))} the {thrown} which way?",
                       f"ways from here: {', '.join(ways) or 'none'}", specific=True)
    if cut + 1 >= len(rest):
        return None
    filled = _fill(world, state, verb, "ITEM", rest[:cut], things, exit_names)
    if not isinstance(filled, dict):
        return filled  # which one, or what is wrong with the thing thrown
    if "item" not in filled:
        return None
    item_id, target = filled["item"], rest[cut + 1:]
    way = " ".join(target) if " ".join(target) in exit_names else \
        _exit_to_named_place(world, state, target)
    if way:
        return Command(verb, item_id, direction=way, pattern=aiming[0])
    aimed_at = _meant(target, things, state.last_item) if target in _PRONOUNS else \
        [t for t in things if _phrase_matches(target, t)]
    if not aimed_at:
        return Refusal(f"You see no '{' '.join(target)}' here.", "", target[-1],
                       specific=True)
    thrown = _item_words(world, rest[:cut], item_id)
    said = _verb_word(verb)
    hint = f"try: {said} {thrown} {ways[0]}" if ways else ""
    return Refusal(f"You can't {said} the {thrown} {rest[cut]} "
                   f"{_called(target, aimed_at[0])}: only along a way.", hint, specific=True)


def _placing(world: World, state: GameState, rest: tuple[str, ...], things: list[Thing],
             exit_names: frozenset[str]) -> Command | Ambiguity | Refusal | None:
    """`put the nut in the tin`, `place the lamp on the table`: a world has no containers
    or surfaces, so nothing is put anywhere in particular, and the parser says so in the
    player's words (after the item itself, so that a wrong item is refused as such).
    `put the nut on the floor` is a pattern of `drop` and never reaches here. None when
    the line does not set one thing against another."""
    cut = next((i for i, word in enumerate(rest) if i and word in PLACING_WORDS), None)
    if cut is None:
        return None
    item = _fill(world, state, "drop", "ITEM", rest[:cut], things, exit_names)
    if not isinstance(item, dict):
        return item
    placed = cut + 2 if rest[cut + 1:cut + 2] in (("to",), ("of",)) else cut + 1
    way, target = " ".join(rest[cut:placed]), rest[placed:]  # `next to`, `inside of`
    typed = " ".join(rest[:cut])
    name = typed if typed in ("it", "them", "him", "her", "all", "everything") else \
        f"the {typed}"
    if not target:
        return Refusal(f"Put {name} {way} what?", specific=True)
    if not _names_something_here(world, state, target, things, exit_names):
        return Refusal(f"You see no '{' '.join(target)}' here.", "", target[-1],
                       specific=True)
    return Refusal(f"There is no need to put {name} {way} the {' '.join(target)}.",
                   f"to leave it here: drop {typed}", specific=True)


@dataclass
class _Match:
    command: dict[str, str]
    ambiguity: Ambiguity | None = None


def parse(world: World, state: GameState, text: str) -> Command | Ambiguity | Refusal:
    """Understand a line typed in exploring mode."""
    if len(text) > MAX_COMMAND and len(" ".join(text.split())) > MAX_COMMAND:
        # Nothing a world understands is this long, and the refusal would echo it whole.
        return Refusal("That is too long for one command.",
                       f"say it in fewer words: at most {MAX_COMMAND} characters")
    words = tokenize(text)
    if not words:
        return Refusal("Say what you want to do.", "type `help` for the commands")
    parsed = _parse_words(world, state, words)
    if isinstance(parsed, Refusal):
        # Only a line nothing else understood is read as getting on or off something, so
        # a world's own verbs and rules always come first.
        boarding = _boarding(world, state, words)
        if boarding is not None:
            return boarding
    return parsed


# `get on the trolley`, `climb into the car`, `get off`, `jump out`: the way word, and the
# exit names it may stand for when the words name the place the player is in (`get off
# the trolley` by an `off` or an `out`), first choice first.
_BOARDING_VERBS = frozenset(("get", "climb", "jump", "hop", "step", "board", "go"))
_WAY_WORDS: dict[str, tuple[str, ...]] = {
    "on": ("on", "in", "up"), "onto": ("on", "in", "up"), "aboard": ("on", "in"),
    "in": ("in",), "into": ("in",), "inside": ("in",),
    "off": ("off", "out", "down"), "out": ("out", "off", "up", "down"),
    "up": ("up",), "down": ("down",),
}


def _boarding(world: World, state: GameState, words: list[str]) -> Command | Refusal | None:
    """Getting on, in, off or out of something, read as going: by an exit named as the
    remaining words (`get in the jeep` where an exit is `jeep`) or leading to a place so
    named (`get on the trolley`); by the way word alone (`get off` by an `off` exit); or,
    when the words name the place the player is in (`get out of the trolley`), by the
    way word or its near equals. A line of that form that fits no exit is refused in its
    own words; None when the line is not of that form."""
    if words[0] not in _BOARDING_VERBS or len(words) < 2:
        return None
    if words[0] == "board":
        way, rest = "aboard", words[1:]
    elif words[1] in _WAY_WORDS:
        way, rest = words[1], words[2:]
    else:
        return None
    if rest and rest[0] == "of":  # "get out of the car"
        rest = rest[1:]
    exit_names = _exit_names(world)[state.place]
    ways = _WAY_WORDS[way]
    if rest:
        thing = " ".join(rest)
        if thing in exit_names:  # an exit named for the thing: `jeep`
            return Command("go", direction=thing)
        named = _exit_to_named_place(world, state, tuple(rest))
        if named:
            return Command("go", direction=named)
        if not set(rest) <= set(tokenize(world.places[state.place].name)):
            if any(_phrase_matches(tuple(rest), t) for t in visible_things(world, state)):
                return Refusal(f"You can't get {way} the {thing}.", specific=True)
            return Refusal(f"You see no '{thing}' here.", specific=True)
    elif ways[0] in exit_names:
        return Command("go", direction=ways[0])
    else:
        return Refusal(f"There is nothing here to get {way}.", specific=True)
    for candidate in ways:  # the words name where the player is: any near way out
        if candidate in exit_names:
            return Command("go", direction=candidate)
    return Refusal(f"There is no way {way} from here.", specific=True)


def _parse_words(world: World, state: GameState,
                 words: list[str]) -> Command | Ambiguity | Refusal:
    exit_names = _exit_names(world)[state.place]
    first = DIRECTION_ALIASES.get(words[0], words[0])
    if len(words) == 1 and (first in DIRECTIONS or first in exit_names):
        return Command("go", direction=first)
    lexicon = _verb_lexicon(world)
    verb = ""
    rest: tuple[str, ...] = ()
    for synonym, verb_id in lexicon.get(words[0], ()):
        if tuple(words[:len(synonym)]) == synonym:
            verb, rest = verb_id, tuple(words[len(synonym):])
            break
    if not verb:
        if words[0] in lexicon:  # the start of a longer phrase: `put` of `put down`
            phrases = " or ".join(" ".join(synonym) for synonym, _ in lexicon[words[0]])
            return Refusal(f"I understood '{words[0]}' but not the rest.",
                           f"try: {phrases}", specific=True)
        if words[0] == "back" and len(words) == 1:
            back = _way_back(world, state)
            return back if isinstance(back, Refusal) else Command("go", direction=back)
        valid = set(lexicon) | exit_names | set(DIRECTIONS)
        best = nearest(words[0], valid, cutoff=PLAYER_CUTOFF)
        if words[0] in _QUESTION_WORDS:  # `what do i do`: not a misspelt `wait`
            return Refusal(f"I don't know the word '{words[0]}'.",
                           "type `help` for what you can do here", words[0])
        person = _person_named(world, state, words[1:])
        if person and not (best and _takes_a_person(world, lexicon, best)):
            # `send the writer ahead`, `tell the professor to wait`: what can be done
            # with someone is said to them, and a near spelling ("end") would mislead.
            return Refusal(f"I don't know the word '{words[0]}'.",
                           f"to have {person.name} do something, talk to them: "
                           f"talk to {person.nouns[0]}", words[0])
        return Refusal(f"I don't know the word '{words[0]}'.",
                       f"did you mean '{best}'?" if best else "type `help` for the commands",
                       words[0])
    if verb == "wait" and rest[:1] in (("for",), ("until",)):
        # "wait for the patrol": time passing is what brings it, so turns pass until one
        # brings something (the engine stops at the first event, or gives up)
        return Command("wait", until=True, pattern=())
    patterns = verb_patterns(world, verb)
    # Only verbs that name things need to know what is visible (most commands don't).
    things = visible_things(world, state) if _names_things(world)[verb] else []
    failures: list[Refusal] = []
    ambiguity: Ambiguity | None = None
    for pattern in patterns:
        outcome = _match(world, state, verb, pattern, rest, things, exit_names)
        if isinstance(outcome, Refusal):
            failures.append(outcome)
        elif outcome.ambiguity is not None:
            ambiguity = ambiguity or outcome.ambiguity
        else:
            filled = outcome.command
            return Command(verb, filled.get("item", ""), filled.get("person", ""),
                           filled.get("direction", ""), filled.get("topic", ""),
                           filled.get("scenery", ""), pattern=pattern)
    if ambiguity is not None:
        return ambiguity
    if verb == "drop":
        placing = _placing(world, state, rest, things, exit_names)
        if placing is not None:
            return placing
    aimed = _aimed_at_a_thing(world, state, verb, rest, things, exit_names)
    if aimed is not None:
        return aimed
    if verb == "examine" and rest and _place_words(world)[state.place].issuperset(rest):
        # `x kitchen` in the Kitchen, `search the room`: nothing here has that name, so
        # it is the place itself, as a bare `examine` is.
        return Command("examine")
    if not rest and verb in world.verbs:
        # A world's verb typed alone, though its patterns want more (`listen` where only
        # `listen to the sea` is written): its own refusal answers, in the world's words
        # rather than the parser's.
        return Command(verb, bare=True)
    specific = [f for f in failures if f.specific or f.unknown_word]
    if specific:
        return max(specific, key=lambda f: f.progress).finished()  # the first of the best
    usage = " or ".join(
        " ".join([verb, *[_SLOT_WORDS.get(p, p) for p in pattern]]).strip()
        for pattern in verb_patterns(world, verb))
    return Refusal(f"I understood '{verb}' but not the rest.", f"try: {usage}")


_QUESTION_WORDS = frozenset(("what", "how", "where", "who", "why", "when", "which"))

# Words that name wherever the player is, whatever it is called.
_PLACE_WORDS = frozenset(("room", "place", "here", "around", "area", "surroundings"))


def _person_named(world: World, state: GameState, words: Sequence[str]) -> Thing | None:
    """The first person here that one of `words` names (a noun word of theirs)."""
    for thing in visible_things(world, state):
        if thing.kind == "person" and not thing.noun_words.isdisjoint(words):
            return thing
    return None


def _takes_a_person(world: World, lexicon: dict[str, tuple[tuple[tuple[str, ...], str],
                                                            ...]], word: str) -> bool:
    """Whether a verb that `word` begins has a pattern naming a person (`talk`, `ask`)."""
    return any("PERSON" in pattern for _synonym, verb in lexicon.get(word, ())
               for pattern in verb_patterns(world, verb))


def _match(world: World, state: GameState, verb: str, pattern: tuple[str, ...],
           words: tuple[str, ...], things: list[Thing],
           exit_names: frozenset[str]) -> _Match | Refusal:
    """Fit the words to a pattern of literal words and slots, left to right."""
    filled: dict[str, str] = {}
    ambiguity: Ambiguity | None = None
    position = 0
    for index, token in enumerate(pattern):
        if not token.isupper():
            if position < len(words) and words[position] == token:
                position += 1
                continue
            return Refusal(f"expected '{token}'")
        # A slot takes words up to the next literal of the pattern (or the end, leaving one
        # word per later slot).
        later = pattern[index + 1:]
        next_literal = next((t for t in later if not t.isupper()), None)
        if next_literal is not None and next_literal in words[position:]:
            end = words.index(next_literal, position)
        else:
            end = len(words) - sum(1 for t in later if t.isupper())
            if later[:1] == ("DIRECTION",):
                # `throw the nut up the ladder`: the thing ends where a way begins.
                end = next((cut for cut in range(position + 1, len(words))
                            if _starts_way(words[cut], exit_names)), end)
        phrase = words[position:end]
        if not phrase:
            return Refusal("missing a word")
        result = _fill(world, state, verb, token, phrase, things, exit_names,
                       asking="PERSON" in pattern)
        if isinstance(result, Refusal):
            return Refusal(result.reason, result.hint, result.unknown_word, result.specific,
                           result.suggest, position)
        if isinstance(result, Ambiguity):
            ambiguity = ambiguity or result
            filled[token] = ""
        else:
            filled.update(result)
        position = end
    if position != len(words):
        return Refusal(f"unexpected '{' '.join(words[position:])}'")
    return _Match(filled, ambiguity)


def _fill(world: World, state: GameState, verb: str, slot: str, phrase: tuple[str, ...],
          things: list[Thing], exit_names: frozenset[str], asking: bool = False
          ) -> dict[str, str] | Ambiguity | Refusal:
    """Fill one slot with the phrase. `asking`: the pattern names a person too (`ask
    PERSON about TOPIC`), so an unknown topic is something nobody here knows about."""
    if slot == "DIRECTION":
        if len(phrase) > 1 and phrase[0] in _TO_WORDS:
            phrase = phrase[1:]  # "go to the kitchen", "throw nut towards north"
        word = DIRECTION_ALIASES.get(" ".join(phrase), " ".join(phrase))
        if word in DIRECTIONS or word in exit_names:
            return {"direction": word}
        by_destination = _exit_to_named_place(world, state, phrase)
        if by_destination:
            return {"direction": by_destination}
        if word == "back":
            back = _way_back(world, state)
            return back if isinstance(back, Refusal) else {"direction": back}
        head = DIRECTION_ALIASES.get(phrase[0], phrase[0])
        if len(phrase) > 1 and (head in DIRECTIONS or head in exit_names):
            # `up the ladder`, `north to the gate`: the way, and what lies along it (an
            # exit by that name, or to a place so named, is the way meant)
            named = phrase[2:] if phrase[1] in _ALONG_WORDS and len(phrase) > 2 else \
                phrase[1:]
            along = " ".join(named) if " ".join(named) in exit_names else \
                _exit_to_named_place(world, state, named)
            if along:  # the way named, unless the direction said goes there too
                exits = {e.name: e.to for e in world.places[state.place].exits}
                return {"direction": head if exits.get(head) == exits[along] else along}
            if _names_something_here(world, state, named, things, exit_names):
                return {"direction": head}
            return Refusal(f"You see no '{' '.join(named)}' here.", "", named[-1],
                           specific=True)
        return Refusal(f"'{' '.join(phrase)}' is not a direction I know.", "", phrase[0],
                       suggest=(word, frozenset(DIRECTIONS) | exit_names))
    if slot == "TOPIC":
        for topic_id in world.topics:
            if " ".join(phrase) in world.topics[topic_id].nouns:
                return {"topic": topic_id}
        pool = frozenset(n for t in world.topics for n in world.topics[t].nouns)
        reason = (f"Nobody here knows anything about '{' '.join(phrase)}'." if asking
                  else f"You see no '{' '.join(phrase)}' here.")
        return Refusal(reason, "", phrase[-1], suggest=(" ".join(phrase), pool))
    if slot == "ITEM" and phrase in _ALL_WORDS and verb in _PREFER_HELD:
        return {"item": ALL}
    kinds = {"ITEM": ("item",), "PERSON": ("person",),
             "THING": ("item", "person", "scenery", "self")}[slot]
    found = resolve(phrase, things, kinds, state.last_item)
    if len(found) > 1 and verb in _PREFER_HELD:
        # `take key` means a key that is not yet carried; `drop key` one that is.
        from zone_game.engine import count_held

        want_held = _PREFER_HELD[verb]
        narrowed = [t for t in found if t.kind == "item" and (count_held(
            state, world.item_index[t.id], world.player) > 0) == want_held]
        found = narrowed or found
    if len(found) == 1:
        thing = found[0]
        slot_name = {"item": "item", "scenery": "scenery"}.get(thing.kind, "person")
        return {slot_name: thing.id}
    if len(found) > 1:
        return Ambiguity(" ".join(phrase), tuple(t.id for t in found),
                         tuple(t.name for t in found))
    others = _meant(phrase, things, state.last_item) if phrase in _PRONOUNS else \
        [t for t in things if _phrase_matches(phrase, t)]
    if others:
        # The words name something here, just not something this verb takes.
        # Scenery is named as the player named it ("the keys", not the car they are in).
        thing = others[0]
        name, said = _called(phrase, thing), _verb_word(verb)
        words = thing.nouns[0] if phrase in _PRONOUNS else " ".join(phrase)
        hint = (f"talk to {words}" if thing.kind == "person" and verb != "talk"
                else "" if verb == "examine"
                else f"try: examine {words}")
        return Refusal(f"You can't {said} {name}.", hint, specific=True)
    # Someone the player has seen where they are now, just not here. (Anyone else — not
    # met yet, or gone somewhere the player has not been — is not given away.)
    absent = [t for index, t in _people(world)
              if state.character_places[index] in state.visited and _phrase_matches(phrase, t)]
    if len(absent) == 1:
        return Refusal(f"{absent[0].name[:1].upper()}{absent[0].name[1:]} is not here.",
                       specific=True)
    pool = frozenset(w for t in things if t.kind in kinds for w in t.noun_words)
    return Refusal(f"You see no '{' '.join(phrase)}' here.", "", phrase[-1],
                   suggest=(phrase[-1], pool))
