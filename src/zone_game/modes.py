"""The engine's state machine: which kinds of command move the game between modes.

The engine consults this table on every mode change (`transition`), so the table is the
truth, and `docs/engine.md` prints it (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from zone_game.state import Mode


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the state machine: in `source`, `trigger` leads to `target`."""

    source: Mode
    trigger: str
    target: Mode
    meaning: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Mode.EXPLORING, "act", Mode.EXPLORING,
               "an ordinary command: move, take, look, a world verb"),
    Transition(Mode.EXPLORING, "talk", Mode.CONVERSATION,
               "`talk to PERSON`, or a `talk` effect, reaches a node with options"),
    Transition(Mode.EXPLORING, "ambiguous", Mode.DISAMBIGUATION,
               "a noun matches several visible things: the player is asked which"),
    Transition(Mode.DISAMBIGUATION, "answer", Mode.EXPLORING,
               "the player names one of the things; the held command runs"),
    Transition(Mode.DISAMBIGUATION, "drop", Mode.EXPLORING,
               "the player types another command instead; the question is dropped"),
    Transition(Mode.DISAMBIGUATION, "ambiguous", Mode.DISAMBIGUATION,
               "that other command is itself ambiguous: its question replaces the first"),
    Transition(Mode.CONVERSATION, "choose", Mode.CONVERSATION,
               "an option whose node offers further options"),
    Transition(Mode.CONVERSATION, "aside", Mode.CONVERSATION,
               "`look`, `examine` or `inventory`: answered, then the options again"),
    Transition(Mode.CONVERSATION, "finish", Mode.EXPLORING,
               "an option or node with nowhere further to go, or `bye`"),
    Transition(Mode.CONVERSATION, "walk away", Mode.EXPLORING,
               "any other command that works outside the conversation (going somewhere, "
               "another person, a verb): the conversation ends, then the command runs"),
    Transition(Mode.EXPLORING, "end", Mode.ENDED, "an `end` effect"),
    Transition(Mode.CONVERSATION, "end", Mode.ENDED, "an `end` effect in a dialogue"),
)
_TABLE = {(t.source, t.trigger): t.target for t in TRANSITIONS}

# What each mode accepts; anything else is Rejected and changes nothing.
ACCEPTS: dict[Mode, str] = {
    Mode.EXPLORING: "any command",
    Mode.CONVERSATION: "an option's number or words, `bye`, look/examine/inventory, or "
                       "any command that works outside it (which ends the conversation); "
                       "at a node with `hold: true`, only an option or look/examine/"
                       "inventory",
    Mode.DISAMBIGUATION: "the name of one of the things offered, or another command",
    Mode.ENDED: "nothing: the run is over (the shell offers undo, restore or restart)",
}


def transition(mode: Mode, trigger: str) -> Mode:
    """The mode after `trigger` in `mode`; a missing row is a bug in the engine."""
    try:
        return _TABLE[(mode, trigger)]
    except KeyError:
        raise AssertionError(f"no transition from {mode.value} on {trigger!r}") from None
