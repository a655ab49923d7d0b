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
    ways: tuple[str, ...] = ()  # the phrases that are ways out of here (`south`, `out`)


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
    exits = {exit_.name for exit_ in world.places[state.place].exits}
    ways = tuple(p for p in phrases if p in exits)
    return Candidates(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(verbs)),
                      tuple(dict.fromkeys(words)), ways)


def complete(line: str, found: Candidates) -> list[tuple[str, int]]:
    """Completions of `line` as (replacement text, how many characters it replaces).

    The first word completes from phrases and verbs. A later word completes from the
    phrases when any fits, since they are exactly what works now (`talk to w` offers
    `wife`, not `west`); only when none fits do the nouns, adjectives, directions and
    topics of the moment stand in.
    The replaced part is always the word being typed (the text after the last space), so
    a phrase completion may add several words: `ta` -> `take lamp`. Matching ignores case.
    """
    typed = line.lstrip().lower()
    current = typed.rsplit(" ", 1)[-1]
    word_start = len(typed) - len(current)
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    # Phrases are written with each verb's first name (`examine tap`, `south`); what the
    # player typed is matched as written and with its verb in that form (`x t`, `go s`).
    for form, pool in ((typed, found.phrases), *_canonical_forms(typed, found)):
        start = len(form) - len(current)
        for phrase in pool:
            lowered = phrase.lower()
            if lowered.startswith(form) and lowered != form:
                text = phrase[start:]
                if text not in seen:
                    seen.add(text)
                    out.append((text, len(current)))
    if current and not (word_start and out):
        for word in found.words if word_start else found.verbs:
            if word.startswith(current) and word != current and word not in seen:
                seen.add(word)
                out.append((word, len(current)))
    return out


def _canonical_forms(typed: str, found: Candidates) -> list[tuple[str, tuple[str, ...]]]:
    """`typed` with a verb synonym at its start replaced by the verb's first name, with
    the phrases it may match; `go` and its synonyms match the ways out alone."""
    forms: list[tuple[str, tuple[str, ...]]] = []
    for verb, (synonyms, _patterns, _meaning) in BUILTIN_VERBS.items():
        canonical = "" if verb == "go" else synonyms[0]
        for synonym in synonyms:
            if synonym != canonical and typed.startswith(synonym + " "):
                rest = typed[len(synonym) + 1:]
                if canonical:
                    forms.append((f"{canonical} {rest}", found.phrases))
                else:
                    forms.append((rest, found.ways))
    return forms
