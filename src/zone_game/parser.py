"""From a line the player typed to a `Command`, using only what is visible right now.

Pure: it reads the world and the state and returns a command, an ambiguity (the engine
asks which thing was meant) or a refusal with a did-you-mean drawn from the words that
are valid here.

A replay parses every line of a run again, so the usual lines must cost little. What
depends only on the world is worked out once per world (`_tables`: the verb lexicon, each
verb's patterns cut into steps, the parser's view of every item and person, an index from
each word to the things it may name), what depends only on a place once per place
(`_Here`), and a line's words and verb once per distinct line (`_Tables.reading`). Per
call, only what depends on the state is worked out, and only when it is needed
(`_Scene`). `tests/test_parser_reference.py` holds the parser to exactly the answers it
gave before these tables existed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
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
from zone_game.world import Exit, Place, World

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
    """A command the parser cannot read, with the reason and a hint for the player."""

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
    return list(tokens(text))


def tokens(text: str) -> tuple[str, ...]:
    """`tokenize`, as a tuple; remembered for lines of a command's length: a run types
    and shows the same few lines again and again (`north`, `wait`, a conversation's
    options)."""
    return _remembered(text) if len(text) <= MAX_COMMAND else _split(text)


@lru_cache(maxsize=4096)
def _remembered(text: str) -> tuple[str, ...]:
    return _split(text)


def _split(text: str) -> tuple[str, ...]:
    if text.isascii():
        words = _ASCII_WORD.findall(text.lower())
    else:
        words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return tuple([w for w in words if w not in FILLER_WORDS])  # (a list: no generator)


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
    # one word -> how well that word alone names the thing, as `_phrase_matches` scores
    # it: most phrases are one word, scored so by one lookup. Worked out by `of`; a thing
    # made without it is scored by the general rule.
    word_scores: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, kind: str, thing_id: str, name: str, nouns: tuple[str, ...],
           adjectives: tuple[str, ...]) -> Thing:
        # (Words joined and split again: the same words as each noun split, made faster.)
        noun_words = frozenset(" ".join(nouns).split())
        vocabulary = noun_words.union(" ".join(adjectives).split()) if adjectives \
            else noun_words
        # A lone word scores 3 as a whole noun, else 2 as a word of one, else 0.
        word_scores = dict.fromkeys(noun_words, 2)
        word_scores.update(dict.fromkeys(nouns, 3))
        return cls(kind, thing_id, name, nouns, adjectives, noun_words, vocabulary,
                   word_scores)


_SELF = "*self*"  # the key of the player's own entry among the static things


def _static_things(world: World) -> dict[str, Thing]:
    """The parser's view of every item and character (and the player as `me`)."""
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


def verb_patterns(world: World, verb: str) -> tuple[tuple[str, ...], ...]:
    if verb in BUILTIN_VERBS:
        return BUILTIN_VERBS[verb][1]
    return world.verbs[verb].patterns


# How a visible thing is seen, in the order `visible_things` lists them: an item by its
# holdings, a person by where they are, the player always (a place's scenery follows).
_ITEM, _PERSON, _ME = range(3)
# (how it is seen, its index in the state's holdings or character places, the thing)
_Entry = tuple[int, int, Thing]


def _word_index(entries: Iterable[_Entry]) -> dict[str, tuple[_Entry, ...]]:
    """word -> the entries of the things that word may begin a name of, in the given
    order. A phrase names a thing only if its first word is in the thing's vocabulary
    (which holds every word of every noun, for a thing made by `Thing.of`, as all the
    parser's are), so only these are scored."""
    index: dict[str, list[_Entry]] = {}
    for entry in entries:
        for word in entry[2].vocabulary:  # each word's list grows in the entries' order
            index.setdefault(word, []).append(entry)
    return {word: tuple(found) for word, found in index.items()}


# A pattern cut into steps, once per world: (token, whether it is a slot, the next literal
# after it, how many slots come after it, whether a DIRECTION slot comes next).
_Step = tuple[str, bool, str | None, int, bool]


def _steps(pattern: tuple[str, ...]) -> tuple[_Step, ...]:
    # Read from the end, so that what comes after a token is known when it is reached.
    steps: list[_Step] = []
    next_literal: str | None = None
    later_slots = 0
    way_next = False
    for token in reversed(pattern):
        slot = token.isupper()
        steps.append((token, slot, next_literal, later_slots, way_next))
        way_next = token == "DIRECTION"
        if slot:
            later_slots += 1
        else:
            next_literal = token
    steps.reverse()
    return tuple(steps)


T = TypeVar("T")


class _OnFirstUse(dict[str, T]):
    """key -> what `make` works out from it, on first use: a world may have thousands of
    places and dozens of verbs, and a run (a replay of it, above all) uses a few."""

    def __init__(self, make: Callable[[str], T]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> T:
        value = self[key] = self.make(key)
        return value


@dataclass(frozen=True, slots=True)
class _Here:
    """A place as the parser reads it, the same in every state."""

    place: Place
    exit_names: frozenset[str]  # its exits' names (hidden ones too)
    # the words that may begin a way here: a direction, an exit's name, `to`/`towards`
    way_starts: frozenset[str]
    exits_to: dict[str, str]  # exit name -> where it leads
    # an exit's name typed alone -> going that way (a direction typed alone: `_GOING`)
    lone: dict[str, Command]
    name_words: frozenset[str]  # the words of its name
    # the words that name it where the player stands: those of its name, and `room`,
    # `here`, `around` and the like
    words: frozenset[str]


def _here(place: Place) -> _Here:
    exit_names = frozenset(e.name for e in place.exits)
    lone: dict[str, Command] = {}
    for name in sorted(exit_names):
        way = DIRECTION_ALIASES.get(name, name)  # an exit named `n` is `north`
        lone[name] = _GOING.get(way) or Command("go", direction=way)
    name_words = frozenset(tokenize(place.name))
    return _Here(place, exit_names, _WAY_STARTS | exit_names,
                 {e.name: e.to for e in place.exits}, lone, name_words,
                 _PLACE_WORDS | name_words)


# A direction or one of its spellings, typed alone, goes that way from anywhere.
_GOING = {word: Command("go", direction=DIRECTION_ALIASES.get(word, word))
          for word in (*DIRECTIONS, *DIRECTION_ALIASES)}


@dataclass(frozen=True, slots=True)
class _Verb:
    """A verb as the parser reads it."""

    # its patterns, each with its steps and whether it names a person too
    patterns: tuple[tuple[tuple[str, ...], tuple[_Step, ...], bool], ...]
    # its patterns that send an item a way (`ITEM DIRECTION`, `ITEM to …`)
    aiming: tuple[tuple[str, ...], ...]
    alone: Command | None  # the verb typed alone, if it has an empty pattern


def _verb(world: World, verb: str) -> _Verb:
    patterns = verb_patterns(world, verb)
    return _Verb(tuple((p, _steps(p), "PERSON" in p) for p in patterns),
                 tuple(p for p in patterns if p[:1] == ("ITEM",) and "DIRECTION" in p),
                 Command(verb, pattern=()) if () in patterns else None)


_MEMO = 4096  # the most lines (and commands) remembered per world


@dataclass(frozen=True, slots=True)
class _Tables:
    """A world as the parser reads it (see `_tables`); what only some runs need is worked
    out on first use."""

    world: World
    # first word -> (synonym words, verb id), longest first, so `pick up` beats `pick`
    lexicon: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    verbs: _OnFirstUse[_Verb]
    items: tuple[Thing, ...]  # per item, in the order of the state's holdings
    # per character, in the order of the state's character places; None for the player
    characters: tuple[Thing | None, ...]
    people: tuple[tuple[int, Thing], ...]  # (index, thing) of each character but the player
    me: Thing  # the player, as `me`
    index: dict[str, tuple[_Entry, ...]]  # `_word_index` of the items, people and `me`
    places: _OnFirstUse[_Here]
    # place id -> the words a line may begin with there (verbs, ways), for a did-you-mean:
    # one set per place, so that the nearest-word search remembers its answers
    # (`problems.nearest`); made only when a line begins with a word nobody knows
    known: _OnFirstUse[frozenset[str]]
    sceneries: _OnFirstUse[tuple[Thing, ...]]  # place id -> its scenery
    # place id -> each exit, with the words of the name of the place it leads to
    destinations: _OnFirstUse[tuple[tuple[Exit, frozenset[str]], ...]]
    readings: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]]  # see `reading`
    commands: dict[tuple[str, str, str, str, str, str, tuple[str, ...]], Command]

    def reading(self, text: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
        """A line's words, its verb ("" if none) and the words after the verb, remembered:
        a run types the same few lines again and again (`north`, `take nut`, `wait`)."""
        found = self.readings.get(text)
        if found is None:
            found = _read(self.lexicon, text)
            if len(text) <= MAX_COMMAND:  # (a longer line is mostly spaces: not kept)
                if len(self.readings) >= _MEMO:
                    self.readings.clear()
                self.readings[text] = found
        return found

    def command(self, verb: str, item: str, person: str, direction: str, topic: str,
                scenery: str, pattern: tuple[str, ...]) -> Command:
        """The command that fitted a pattern, one value for each: commands are frozen,
        and building one costs more than finding it."""
        key = (verb, item, person, direction, topic, scenery, pattern)
        found = self.commands.get(key)
        if found is None:
            if len(self.commands) >= _MEMO:
                self.commands.clear()
            found = self.commands[key] = Command(verb, item, person, direction, topic,
                                                 scenery, pattern=pattern)
        return found


def _read(lexicon: dict[str, tuple[tuple[tuple[str, ...], str], ...]], text: str
          ) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    words = tokens(text)
    for synonym, verb_id in lexicon.get(words[0], ()) if words else ():
        if words[:len(synonym)] == synonym:
            return words, verb_id, words[len(synonym):]
    return words, "", ()


@lru_cache(maxsize=8)
def _tables(world: World) -> _Tables:
    """The parser's tables of a world, built on its first line (the last few worlds are
    kept, as the engine keeps its own)."""
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
    static = _static_things(world)
    items = tuple(static[item_id] for item_id in world.item_ids)
    characters = tuple(None if char_id == world.player else static[char_id]
                       for char_id in world.character_ids)
    people = tuple((index, thing) for index, thing in enumerate(characters)
                   if thing is not None)
    places = world.places
    verb_words = frozenset(by_first)
    return _Tables(
        world=world,
        lexicon={first: tuple(group) for first, group in by_first.items()},
        verbs=_OnFirstUse(lambda verb: _verb(world, verb)),
        items=items, characters=characters, people=people, me=static[_SELF],
        index=_word_index([*((_ITEM, i, thing) for i, thing in enumerate(items)),
                           *((_PERSON, i, thing) for i, thing in people),
                           (_ME, 0, static[_SELF])]),
        places=_OnFirstUse(lambda place: _here(places[place])),
        known=_OnFirstUse(lambda place: verb_words | frozenset(
            e.name for e in places[place].exits) | frozenset(DIRECTIONS)),
        sceneries=_OnFirstUse(lambda place: tuple(
            Thing.of("scenery", s.id, s.nouns[0], s.nouns, ()) for s in places[place].scenery)),
        destinations=_OnFirstUse(lambda place: tuple(
            (e, frozenset(tokenize(places[e.to].name))) for e in places[place].exits)),
        readings={}, commands={})


@lru_cache(maxsize=8)
def _topics(world: World) -> dict[str, str]:
    """A topic's noun -> the first topic with that noun."""
    topic_of: dict[str, str] = {}
    for topic_id in world.topics:
        for noun in world.topics[topic_id].nouns:
            topic_of.setdefault(noun, topic_id)
    return topic_of


def _visible(tables: _Tables, state: GameState) -> list[Thing]:
    things: list[Thing] = []
    place = state.place
    people = [thing for thing, where in zip(tables.characters, state.character_places,
                                            strict=True)
              if where == place and thing is not None]
    # Items here, carried, or carried by someone here (seen, though not theirs to take).
    holders = {tables.world.player, place, *(person.id for person in people)}
    for thing, holding in zip(tables.items, state.holdings, strict=True):
        for holder, _count in holding:
            if holder in holders:
                things.append(thing)
                break
    things.extend(people)
    things.append(tables.me)
    things.extend(tables.sceneries[place])
    return things


def visible_things(world: World, state: GameState) -> list[Thing]:
    """Items here or carried, characters here (not the player), the player (as `me`),
    this place's scenery: in that order."""
    return _visible(_tables(world), state)


class _Scene:
    """One state as the parser consults it; what is visible is listed on first need."""

    __slots__ = ("_things", "here", "state", "tables", "world")

    def __init__(self, tables: _Tables, here: _Here, state: GameState) -> None:
        self.tables = tables
        self.world = tables.world
        self.here = here
        self.state = state
        self._things: list[Thing] | None = None

    def things(self) -> list[Thing]:
        """`visible_things` of the state."""
        if self._things is None:
            self._things = _visible(self.tables, self.state)
        return self._things

    def resolve(self, words: tuple[str, ...], kinds: tuple[str, ...]) -> list[Thing]:
        """`resolve(words, self.things(), kinds, last item)`. For words that are no
        pronoun, only the things that the first word may name are looked at: the items
        and people the word index gives, if visible, and the scenery here with that word
        (a phrase names a thing only if its first word is in the thing's vocabulary), in
        the order `visible_things` lists them."""
        if words in _PRONOUNS:
            return resolve(words, self.things(), kinds, self.state.last_item)
        first = words[0]
        named = [thing for seen_as, index, thing in self.tables.index.get(first, ())
                 if thing.kind in kinds and self._sees(seen_as, index)]
        if "scenery" in kinds:
            named += [thing for thing in self.tables.sceneries[self.state.place]
                      if first in thing.vocabulary]
        best, found = 0, []
        for thing in named:
            score = _phrase_matches(words, thing)
            if score > best:
                best, found = score, [thing]
            elif score and score == best:
                found.append(thing)
        return found

    def _sees(self, seen_as: int, index: int) -> bool:
        """Whether the thing of an entry is visible, as `visible_things` decides it."""
        place = self.state.place
        if seen_as == _PERSON:
            return self.state.character_places[index] == place
        if seen_as != _ITEM:
            return True  # the player
        for holder, _count in self.state.holdings[index]:
            if holder == place or holder == self.world.player:
                return True
            at = self.world.character_index.get(holder)
            if at is not None and self.state.character_places[at] == place:
                return True
        return False


def _exit_to_named_place(scene: _Scene, phrase: tuple[str, ...]) -> str:
    """The exit here whose destination the words name (`go to the kitchen`), if the visible
    exits to places so named all lead to one place (the first authored of them); else ""."""
    words = set(phrase)
    if not words:
        return ""
    found: dict[str, str] = {}  # destination -> the first exit to it
    place, overrides = scene.here.place, scene.state.exit_overrides
    for exit_, name_words in scene.tables.destinations[scene.state.place]:
        if words <= name_words and place.exit_shown(exit_, overrides):
            found.setdefault(exit_.to, exit_.name)
    return next(iter(found.values())) if len(found) == 1 else ""


def _phrase_matches(words: tuple[str, ...], thing: Thing) -> int:
    """0 when the words don't name the thing; higher is a better fit."""
    if len(words) == 1 and thing.word_scores:
        return thing.word_scores.get(words[0], 0)
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
# the slot a thing fills -> the kinds of thing it takes
_KINDS = {"ITEM": ("item",), "PERSON": ("person",),
          "THING": ("item", "person", "scenery", "self")}
# a thing's kind -> the command field it fills (a person, or the player, is a person)
_FIELD_OF = {"item": "item", "scenery": "scenery"}


def _way_back(scene: _Scene) -> str | Refusal:
    """`go back`: the engine does not keep where the player came from, so with one way
    offered it is that way, and otherwise it asks for the way by name (one-way passages
    keep their own refusals when that way is tried)."""
    state = scene.state
    names = scene.here.place.ways_offered(state.exit_overrides, state.closed_behind)
    if len(names) == 1:
        return names[0]
    ways = ", ".join(names) if names else "none"
    return Refusal("Say which way back is, by its direction.", f"ways from here: {ways}",
                   specific=True)


# Words that begin a way anywhere (`_Here.way_starts` adds the exits' names).
_WAY_STARTS = frozenset((*DIRECTIONS, *DIRECTION_ALIASES, *_TO_WORDS))


def _names_something_here(scene: _Scene, words: tuple[str, ...]) -> bool:
    """Whether the words name something at this place: a thing or scenery in view, an
    exit, or a place an exit leads to."""
    if not words:
        return False
    if " ".join(words) in scene.here.exit_names or _exit_to_named_place(scene, words):
        return True
    return any(_phrase_matches(words, thing) for thing in scene.things())


_AIMING_WORDS = frozenset(("at", "to", "into", "towards", "toward", "onto"))


def _item_words(world: World, phrase: tuple[str, ...], item_id: str) -> str:
    """An item as the player named it, or by its noun when they said `it`."""
    return world.items[item_id].nouns[0] if phrase in _PRONOUNS else " ".join(phrase)


def _aimed_at_a_thing(scene: _Scene, verb: str, rest: tuple[str, ...]
                      ) -> Command | Ambiguity | Refusal | None:
    """`throw pebble at the fire`, for a verb that sends an item a way (`ITEM DIRECTION`):
    aimed at a place a way leads to (`at the gate`), it goes that way; at a thing that is
    no way, the refusal names both in the player's words (rather than failing on 'pebble
    at'). None when the line is not of that form."""
    aiming = scene.tables.verbs[verb].aiming
    if not aiming or not rest:
        return None
    world, state = scene.world, scene.state
    ways = scene.here.place.ways_offered(state.exit_overrides, state.closed_behind)
    cut = next((i for i, word in enumerate(rest) if i and word in _AIMING_WORDS), None)
    if cut is None:  # `throw a nut`: the thing, but no way
        alone = _fill(scene, verb, "ITEM", rest)
        if not isinstance(alone, dict) or "item" not in alone:
            return None
        thrown = _item_words(world, rest, alone["item"])
        return Refusal(f"{capital(_verb_word(verb))} the {thrown} which way?",
                       f"ways from here: {', '.join(ways) or 'none'}", specific=True)
    if cut + 1 >= len(rest):
        return None
    filled = _fill(scene, verb, "ITEM", rest[:cut])
    if not isinstance(filled, dict):
        return filled  # which one, or what is wrong with the thing thrown
    if "item" not in filled:
        return None
    item_id, target = filled["item"], rest[cut + 1:]
    way = " ".join(target) if " ".join(target) in scene.here.exit_names else \
        _exit_to_named_place(scene, target)
    if way:
        return Command(verb, item_id, direction=way, pattern=aiming[0])
    aimed_at = _meant(target, scene.things(), state.last_item) if target in _PRONOUNS else \
        [t for t in scene.things() if _phrase_matches(target, t)]
    if not aimed_at:
        return Refusal(f"You see no '{' '.join(target)}' here.", "", target[-1],
                       specific=True)
    thrown = _item_words(world, rest[:cut], item_id)
    said = _verb_word(verb)
    hint = f"try: {said} {thrown} {ways[0]}" if ways else ""
    return Refusal(f"You can't {said} the {thrown} {rest[cut]} "
                   f"{_called(target, aimed_at[0])}: only along a way.", hint, specific=True)


def _placing(scene: _Scene, rest: tuple[str, ...]) -> Command | Ambiguity | Refusal | None:
    """`put the nut in the tin`, `place the lamp on the table`: a world has no containers
    or surfaces, so nothing is put anywhere in particular, and the parser says so in the
    player's words (after the item itself, so that a wrong item is refused as such).
    `put the nut on the floor` is a pattern of `drop` and never reaches here. None when
    the line does not set one thing against another."""
    cut = next((i for i, word in enumerate(rest) if i and word in PLACING_WORDS), None)
    if cut is None:
        return None
    item = _fill(scene, "drop", "ITEM", rest[:cut])
    if not isinstance(item, dict):
        return item
    placed = cut + 2 if rest[cut + 1:cut + 2] in (("to",), ("of",)) else cut + 1
    way, target = " ".join(rest[cut:placed]), rest[placed:]  # `next to`, `inside of`
    typed = " ".join(rest[:cut])
    name = typed if typed in ("it", "them", "him", "her", "all", "everything") else \
        f"the {typed}"
    if not target:
        return Refusal(f"Put {name} {way} what?", specific=True)
    if not _names_something_here(scene, target):
        return Refusal(f"You see no '{' '.join(target)}' here.", "", target[-1],
                       specific=True)
    return Refusal(f"There is no need to put {name} {way} the {' '.join(target)}.",
                   f"to leave it here: drop {typed}", specific=True)


def parse(world: World, state: GameState, text: str) -> Command | Ambiguity | Refusal:
    """Understand a line typed in exploring mode."""
    if len(text) > MAX_COMMAND and len(" ".join(text.split())) > MAX_COMMAND:
        # Nothing a world understands is this long, and the refusal would echo it whole.
        return Refusal("That is too long for one command.",
                       f"say it in fewer words: at most {MAX_COMMAND} characters")
    tables = _tables(world)
    words, verb, rest = tables.reading(text)
    if not words:
        return Refusal("Say what you want to do.", "type `help` for the commands")
    here = tables.places[state.place]
    if len(words) == 1:
        # A direction or an exit's name alone goes that way, before any verb is looked
        # for (`_GOING` is that rule for directions, `_Here.lone` for a place's exits).
        going = _GOING.get(words[0]) or here.lone.get(words[0])
        if going is not None:
            return going
    if verb and not rest:
        # A verb alone (`wait`, `look`, `listen`): every pattern with a word in it wants
        # more than nothing, so the first to fit is the empty one, if the verb has it.
        alone = tables.verbs[verb].alone
        if alone is not None:
            return alone
    scene = _Scene(tables, here, state)
    parsed = _parse_words(scene, words, verb, rest)
    if isinstance(parsed, Refusal):
        # Only a line nothing else understood is read as getting on or off something, so
        # a world's own verbs and rules always come first.
        boarding = _boarding(scene, words)
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


def _boarding(scene: _Scene, words: tuple[str, ...]) -> Command | Refusal | None:
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
    exit_names = scene.here.exit_names
    ways = _WAY_WORDS[way]
    if rest:
        thing = " ".join(rest)
        if thing in exit_names:  # an exit named for the thing: `jeep`
            return Command("go", direction=thing)
        named = _exit_to_named_place(scene, rest)
        if named:
            return Command("go", direction=named)
        if not set(rest) <= scene.here.name_words:
            if any(_phrase_matches(rest, t) for t in scene.things()):
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


def _parse_words(scene: _Scene, words: tuple[str, ...], verb: str, rest: tuple[str, ...]
                 ) -> Command | Ambiguity | Refusal:
    """A line of one or more words that is not a lone way (`parse` answers those): `verb`
    is what its first words name ("" if nothing) and `rest` the words after them."""
    tables = scene.tables
    world = scene.world
    if not verb:
        lexicon = tables.lexicon
        if words[0] in lexicon:  # the start of a longer phrase: `put` of `put down`
            phrases = " or ".join(" ".join(synonym) for synonym, _ in lexicon[words[0]])
            return Refusal(f"I understood '{words[0]}' but not the rest.",
                           f"try: {phrases}", specific=True)
        if words[0] == "back" and len(words) == 1:
            back = _way_back(scene)
            return back if isinstance(back, Refusal) else Command("go", direction=back)
        best = nearest(words[0], tables.known[scene.state.place], cutoff=PLAYER_CUTOFF)
        if words[0] in _QUESTION_WORDS:  # `what do i do`: not a misspelt `wait`
            return Refusal(f"I don't know the word '{words[0]}'.",
                           "type `help` for what you can do here", words[0])
        person = _person_named(scene, words[1:])
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
    failures: list[Refusal] = []
    ambiguity: Ambiguity | None = None
    for pattern, steps, asking in tables.verbs[verb].patterns:
        outcome = _match(scene, verb, steps, asking, rest)
        if outcome is None:
            continue
        if isinstance(outcome, Refusal):
            failures.append(outcome)
        elif isinstance(outcome, Ambiguity):
            ambiguity = ambiguity or outcome
        else:
            return tables.command(verb, outcome.get("item", ""), outcome.get("person", ""),
                                  outcome.get("direction", ""), outcome.get("topic", ""),
                                  outcome.get("scenery", ""), pattern)
    if ambiguity is not None:
        return ambiguity
    if verb == "drop":
        placing = _placing(scene, rest)
        if placing is not None:
            return placing
    aimed = _aimed_at_a_thing(scene, verb, rest)
    if aimed is not None:
        return aimed
    if verb == "examine" and rest and scene.here.words.issuperset(rest):
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


def _person_named(scene: _Scene, words: Sequence[str]) -> Thing | None:
    """The first person here that one of `words` names (a noun word of theirs)."""
    for thing in scene.things():
        if thing.kind == "person" and not thing.noun_words.isdisjoint(words):
            return thing
    return None


def _takes_a_person(world: World, lexicon: dict[str, tuple[tuple[tuple[str, ...], str],
                                                            ...]], word: str) -> bool:
    """Whether a verb that `word` begins has a pattern naming a person (`talk`, `ask`)."""
    return any("PERSON" in pattern for _synonym, verb in lexicon.get(word, ())
               for pattern in verb_patterns(world, verb))


def _match(scene: _Scene, verb: str, steps: tuple[_Step, ...], asking: bool,
           words: tuple[str, ...]) -> dict[str, str] | Ambiguity | Refusal | None:
    """Fit the words to a pattern of literal words and slots, left to right: the slots
    filled; or the ambiguity of one; or why a slot could not be filled (with how many
    words fitted before it); or None when the words do not have the pattern's shape (a
    literal missing, a slot with no word, words left over), which says nothing worth
    telling the player (`_parse_words` reports only refusals that do)."""
    if len(steps) == 1 and steps[0][1] and words:
        # One slot and nothing else (`take ITEM`, `talk to PERSON`), the usual pattern:
        # it takes all the words, and what filling it says is what fitting them says.
        return _fill(scene, verb, steps[0][0], words, asking)
    filled: dict[str, str] = {}
    ambiguity: Ambiguity | None = None
    position = 0
    count = len(words)
    for token, slot, next_literal, later_slots, way_next in steps:
        if not slot:
            if position < count and words[position] == token:
                position += 1
                continue
            return None
        # A slot takes words up to the next literal of the pattern (or the end, leaving one
        # word per later slot).
        if next_literal is not None and next_literal in words[position:]:
            end = words.index(next_literal, position)
        else:
            end = count - later_slots
            if way_next:
                # `throw the nut up the ladder`: the thing ends where a way begins.
                way_starts = scene.here.way_starts
                for cut in range(position + 1, count):
                    if words[cut] in way_starts:
                        end = cut
                        break
        phrase = words[position:end]
        if not phrase:
            return None
        result = _fill(scene, verb, token, phrase, asking)
        if isinstance(result, Refusal):
            return Refusal(result.reason, result.hint, result.unknown_word, result.specific,
                           result.suggest, position)
        if isinstance(result, Ambiguity):
            ambiguity = ambiguity or result
        else:
            filled.update(result)
        position = end
    if position != count:
        return None
    return filled if ambiguity is None else ambiguity


def _fill(scene: _Scene, verb: str, slot: str, phrase: tuple[str, ...], asking: bool = False
          ) -> dict[str, str] | Ambiguity | Refusal:
    """Fill one slot with the phrase. `asking`: the pattern names a person too (`ask
    PERSON about TOPIC`), so an unknown topic is something nobody here knows about."""
    world, state, exit_names = scene.world, scene.state, scene.here.exit_names
    if slot == "DIRECTION":
        if len(phrase) > 1 and phrase[0] in _TO_WORDS:
            phrase = phrase[1:]  # "go to the kitchen", "throw nut towards north"
        said = " ".join(phrase)
        word = DIRECTION_ALIASES.get(said, said)
        if word in DIRECTIONS or word in exit_names:
            return {"direction": word}
        by_destination = _exit_to_named_place(scene, phrase)
        if by_destination:
            return {"direction": by_destination}
        if word == "back":
            back = _way_back(scene)
            return back if isinstance(back, Refusal) else {"direction": back}
        head = DIRECTION_ALIASES.get(phrase[0], phrase[0])
        if len(phrase) > 1 and (head in DIRECTIONS or head in exit_names):
            # `up the ladder`, `north to the gate`: the way, and what lies along it (an
            # exit by that name, or to a place so named, is the way meant)
            named = phrase[2:] if phrase[1] in _ALONG_WORDS and len(phrase) > 2 else \
                phrase[1:]
            along = " ".join(named) if " ".join(named) in exit_names else \
                _exit_to_named_place(scene, named)
            if along:  # the way named, unless the direction said goes there too
                exits = scene.here.exits_to
                return {"direction": head if exits.get(head) == exits[along] else along}
            if _names_something_here(scene, named):
                return {"direction": head}
            return Refusal(f"You see no '{' '.join(named)}' here.", "", named[-1],
                           specific=True)
        return Refusal(f"'{said}' is not a direction I know.", "", phrase[0],
                       suggest=(word, frozenset(DIRECTIONS) | exit_names))
    if slot == "TOPIC":
        topic = _topics(world).get(" ".join(phrase))
        if topic is not None:
            return {"topic": topic}
        pool = frozenset(n for t in world.topics for n in world.topics[t].nouns)
        reason = (f"Nobody here knows anything about '{' '.join(phrase)}'." if asking
                  else f"You see no '{' '.join(phrase)}' here.")
        return Refusal(reason, "", phrase[-1], suggest=(" ".join(phrase), pool))
    if slot == "ITEM" and phrase in _ALL_WORDS and verb in _PREFER_HELD:
        return {"item": ALL}
    kinds = _KINDS[slot]
    found = scene.resolve(phrase, kinds)
    if len(found) > 1 and verb in _PREFER_HELD:
        # `take key` means a key that is not yet carried; `drop key` one that is.
        from zone_game.engine import count_held

        want_held = _PREFER_HELD[verb]
        narrowed = [t for t in found if t.kind == "item" and (count_held(
            state, world.item_index[t.id], world.player) > 0) == want_held]
        found = narrowed or found
    if len(found) == 1:
        thing = found[0]
        return {_FIELD_OF.get(thing.kind, "person"): thing.id}
    if len(found) > 1:
        return Ambiguity(" ".join(phrase), tuple(t.id for t in found),
                         tuple(t.name for t in found))
    things = scene.things()
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
    absent = [t for index, t in scene.tables.people
              if state.character_places[index] in state.visited and _phrase_matches(phrase, t)]
    if len(absent) == 1:
        return Refusal(f"{absent[0].name[:1].upper()}{absent[0].name[1:]} is not here.",
                       specific=True)
    pool = frozenset(w for t in things if t.kind in kinds for w in t.noun_words)
    return Refusal(f"You see no '{' '.join(phrase)}' here.", "", phrase[-1],
                   suggest=(phrase[-1], pool))
