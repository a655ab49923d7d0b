"""What Tab offers: whole commands that work now, and single words that fit.

Pure and free of prompt_toolkit, so it is tested directly; `ui` wraps it in a Completer.
Whole commands come from the engine's `available_commands` (each one tried against the
pure `step`, so they are exactly the commands that do something now), plus the shell's
own words; single words are verbs, directions and the nouns visible right now, for the
word under the cursor in the middle of a longer command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zone_game.controller import META_COMMANDS
from zone_game.engine import available_commands
from zone_game.parser import visible_things
from zone_game.state import GameState, Mode
from zone_game.vocabulary import BUILTIN_VERBS, DIRECTIONS
from zone_game.world import World

SHELL_PHRASES = ("help", "quit")


@dataclass(frozen=True, slots=True)
class Candidates:
    """Completion material for one state: whole phrases, first words, later words."""

    phrases: tuple[str, ...]
    verbs: tuple[str, ...]  # what a command may start with
    words: tuple[str, ...]  # what may follow: nouns, adjectives, directions, topics


def candidates(world: World, state: GameState, options: Sequence[str] = ()) -> Candidates:
    """The phrases and words Tab may offer in `state`.

    `options` are the choices on screen: a conversation's options (which can be typed
    instead of their numbers) or the things a "which do you mean" question names; in
    those modes they complete as whole answers.
    """
    phrases: list[str] = list(available_commands(world, state))
    verbs: list[str] = []
    words: list[str] = []
    if state.mode in (Mode.CONVERSATION, Mode.DISAMBIGUATION):
        phrases.extend(option.lower() for option in options)
    else:
        phrases.extend(sorted(META_COMMANDS))
        for synonyms, _patterns, _meaning in BUILTIN_VERBS.values():
            verbs.extend(s for s in synonyms if " " not in s and len(s) > 1)
        for verb_id in world.verbs:
            verbs.append(verb_id)
            verbs.extend(s for s in world.verbs[verb_id].synonyms if " " not in s)
        verbs.extend(DIRECTIONS)
        words.extend(DIRECTIONS)
        for thing in visible_things(world, state):
            words.extend(thing.adjectives)
            words.extend(thing.nouns)
        for topic_id in world.topics:
            words.extend(n for n in world.topics[topic_id].nouns if " " not in n)
    phrases.extend(SHELL_PHRASES)
    return Candidates(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(verbs)),
                      tuple(dict.fromkeys(words)))


def complete(line: str, found: Candidates) -> list[tuple[str, int]]:
    """Completions of `line` as (replacement text, how many characters it replaces).

    The first word completes from phrases and verbs, later words from phrases and the
    nouns, adjectives, directions and topics of the moment.
    The replaced part is always the word being typed (the text after the last space), so
    a phrase completion may add several words: `ta` -> `take lamp`. Matching ignores case.
    """
    typed = line.lstrip().lower()
    current = typed.rsplit(" ", 1)[-1]
    word_start = len(typed) - len(current)
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    for phrase in found.phrases:
        lowered = phrase.lower()
        if lowered.startswith(typed) and lowered != typed:
            text = phrase[word_start:]
            if text not in seen:
                seen.add(text)
                out.append((text, len(current)))
    if current:
        for word in found.words if word_start else found.verbs:
            if word.startswith(current) and word != current and word not in seen:
                seen.add(word)
                out.append((word, len(current)))
    return out
