"""A run in progress as the player sees it: the engine's state plus the input memory that
`again` and `oops` need.

`again` and `oops` are about what was *typed*, not about the game, so they live here and
not in `GameState`: a refused command must leave the game state untouched, yet `oops`
must remember the refused line. `Session` is as pure as the engine — replays run through
it, so a recorded `g` or `oops` replays exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from zone_game.engine import new_game, opening, step
from zone_game.events import Event, Rejected
from zone_game.parser import MAX_COMMAND, tokens
from zone_game.state import CONVERSATION, EXPLORING, GameState
from zone_game.vocabulary import SESSION_WORDS
from zone_game.world import World


class Session(NamedTuple):
    """A run as the player sees it: the state, and what `again` and `oops` remember. A
    named tuple, as `GameState` is: one is made for every command a replay checks."""

    world: World
    state: GameState
    last_command: str = ""  # the last command the engine accepted, for `again`
    refused_line: str = ""  # the last refused line with an unknown word, for `oops`
    unknown_word: str = ""

    @classmethod
    def start(cls, world: World, seed: int) -> tuple[Session, tuple[Event, ...]]:
        state = new_game(world, seed)
        return cls(world, state), opening(world, state)

    def submit(self, text: str, *, narrate: bool = True) -> tuple[Session, tuple[Event, ...]]:
        """Run a line: several commands (`n. take nut`, `n then e`) one after another, each
        as if typed alone, stopping at the first that is refused or changes the mode.
        `narrate=False`: the same sessions, and no events but a refusal (see `step`)."""
        # One command, not `again` or `oops`, as nearly every line is: straight to the engine.
        if _plain(text) if len(text) <= MAX_COMMAND else _is_plain(text):
            return self._stepped(text, narrate)
        if self.state.mode is not EXPLORING or not _may_be_several(text):
            return self._submit_one(text, narrate)  # one line, without splitting
        parts = _split_commands(text)
        if len(parts) <= 1:
            return self._submit_one(text, narrate)
        session: Session = self
        events: list[Event] = []
        for part in parts:
            session, more = session._submit_one(part, narrate)
            events.extend(more)
            refused = bool(more) and isinstance(more[0], Rejected)
            if refused or session.state.mode is not EXPLORING:
                break
        return session, tuple(events)

    def _submit_one(self, text: str, narrate: bool) -> tuple[Session, tuple[Event, ...]]:
        """Expand `again`/`oops`, step the engine, remember what `again`/`oops` need."""
        words = tokens(text)  # remembered for short lines: the parser's own reading
        if not words or words[0] not in _SESSION_WORDS:
            pass  # a command for the engine, as nearly every line is
        elif words[0] in _AGAIN and len(words) == 1:
            if self.state.mode is CONVERSATION:
                # Repeating an answer would choose from a new set of options, one the
                # player never read: an answer is always their own.
                return self, (Rejected("`again` repeats a command, not an answer.",
                                       "choose an option by its number or words"),)
            if not self.last_command:
                return self, (Rejected("There is nothing to do again yet."),)
            text = self.last_command
        elif words[0] in _OOPS:
            if not self.refused_line or len(words) != 2:
                return self, (Rejected("Nothing to correct.",
                                       "after a misspelt word, type: oops RIGHTWORD"),)
            text = _replace_word(self.refused_line, self.unknown_word, words[1])
        return self._stepped(text, narrate)

    def _stepped(self, text: str, narrate: bool) -> tuple[Session, tuple[Event, ...]]:
        """Step the engine with a command (`again`/`oops` expanded), remember what
        `again`/`oops` need."""
        state, events = step(self.world, self.state, text, narrate=narrate)
        refused = state is self.state and bool(events) and isinstance(events[0], Rejected)
        if refused:
            rejection = events[0]
            assert isinstance(rejection, Rejected)
            if rejection.unknown_word:
                return self._replace(refused_line=text, unknown_word=rejection.unknown_word), \
                    events
            return self, events
        # Only a command given while exploring is one to repeat (not a conversation's
        # answer, nor the choice of which thing was meant).
        again = text if self.state.mode is EXPLORING else self.last_command
        # `tuple.__new__` rather than `Session(...)`: a named tuple's own constructor is a
        # Python function around it, and this runs for every command a replay checks.
        return _new_tuple(Session, (self.world, state, again, "", "")), events


_AGAIN = frozenset(SESSION_WORDS["again"])
_OOPS = frozenset(SESSION_WORDS["oops"])
_SESSION_WORDS = _AGAIN | _OOPS
_new_tuple = tuple.__new__


def _is_plain(text: str) -> bool:
    """Whether the line is one command (`_may_be_several` says no) and begins with no
    word of the session's (`again`, `oops`): the engine's own, as is, in any mode."""
    words = tokens(text)
    return not _may_be_several(text) and not (words and words[0] in _SESSION_WORDS)


# `_is_plain`, remembered for lines of a command's length, as the parser remembers their
# words (`parser.tokens`): a run types the same few lines again and again.
_plain = lru_cache(maxsize=4096)(_is_plain)


def _may_be_several(text: str) -> bool:
    """Whether the line may hold more than one command (`_SEPARATOR` may split it)."""
    return "." in text or ";" in text or "then" in text.lower()


_SEPARATOR = re.compile(r"\s*(?:[.;]|,?\s+then\s+|^then\s+)\s*", re.IGNORECASE)


def _split_commands(text: str) -> list[str]:
    return [part for part in _SEPARATOR.split(text) if part.strip()]


def _replace_word(line: str, word: str, correction: str) -> str:
    out = []
    done = False
    for token in line.split():
        if not done and token.lower().strip(".,!?") == word:
            out.append(correction)
            done = True
        else:
            out.append(token)
    return " ".join(out)
