"""What happened in a turn: frozen data with ids and plain text, never markup or colours.

Renderers (plain text, the rich UI, transcripts) turn these into output; tests assert on
them directly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    """Base of all events."""


@dataclass(frozen=True, slots=True)
class Introduced(Event):
    """The world's title and introduction, at the start of a run."""

    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Described(Event):
    """A place is shown: on arrival, or by `look`."""

    place: str
    title: str
    text: str
    exits: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (item id, "a nut" / "3 nuts")
    people: tuple[tuple[str, str], ...]  # (character id, name)
    first_visit: bool
    act: str


@dataclass(frozen=True, slots=True)
class ActBegan(Event):
    """The player crossed into another act of the story."""

    act: str
    title: str
    theme: str


@dataclass(frozen=True, slots=True)
class Narrated(Event):
    """A line of narration: the answer to a command, or something that happens."""

    text: str


@dataclass(frozen=True, slots=True)
class Examined(Event):
    """A close look at a thing, a person or the place."""

    target: str
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Said(Event):
    """A character speaks."""

    speaker: str
    name: str
    text: str
    style: str


@dataclass(frozen=True, slots=True)
class ChoicesOffered(Event):
    """The player's options in a conversation, numbered from 1."""

    node: str
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConversationEnded(Event):
    """A conversation with `character` is over; the player explores again."""

    character: str


@dataclass(frozen=True, slots=True)
class Moved(Event):
    """The player went from one place to another."""

    origin: str
    destination: str
    direction: str


@dataclass(frozen=True, slots=True)
class CompanionMoved(Event):
    """A character joined, left, or went somewhere by themselves."""

    character: str
    name: str
    place: str
    following: bool


@dataclass(frozen=True, slots=True)
class ItemMoved(Event):
    """An item changed hands: taken, dropped, given, thrown."""

    item: str
    name: str
    count: int
    holder: str


@dataclass(frozen=True, slots=True)
class InventoryListed(Event):
    """What the player carries, as `inventory` lists it."""

    items: tuple[tuple[str, str], ...]  # (item id, "a nut" / "7 nuts")


@dataclass(frozen=True, slots=True)
class HazardRevealed(Event):
    """A probe found `hazard` at `place`. Several in one place each have an event, but only
    the first carries its own `probe_text`; the second carries the world's `probe_more`
    line, and any later one an empty `text` (renderers show nothing for it)."""

    hazard: str
    place: str
    text: str


@dataclass(frozen=True, slots=True)
class ProbedSafe(Event):
    """A probe found nothing at `place`: the way there is safe, this time."""

    place: str
    text: str


@dataclass(frozen=True, slots=True)
class HazardTriggered(Event):
    """The player walked into a hidden `hazard` at `place`; `deadly` if it ends the story."""

    hazard: str
    place: str
    text: str
    deadly: bool


@dataclass(frozen=True, slots=True)
class Asked(Event):
    """The parser needs to know which of several things the player meant."""

    question: str
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rejected(Event):
    """A command that could not be carried out: no turn passed, nothing changed."""

    reason: str
    hint: str = ""
    unknown_word: str = ""


@dataclass(frozen=True, slots=True)
class Ended(Event):
    """The story ended: title, text, and the run's summary lines."""

    ending: str
    title: str
    text: str
    kind: str
    summary: tuple[tuple[str, str], ...]
