"""What happened in a turn: frozen data with ids and plain text, never markup or colours.

Renderers (plain text, the rich UI, transcripts) turn these into output; tests assert on
them directly.

Each kind of event is a named tuple, not a frozen dataclass: the engine makes three or
four a command, and a program starts by defining all of them — a dataclass costs about
0.4 ms to define (its methods are generated and compiled at each start) and 0.9 µs to
build, a named tuple 0.1 ms and 0.3 µs. Two events are equal only when they are of the
same kind (`_same_kind` below), never as bare tuples. `Event` is the union of the kinds.
"""

from __future__ import annotations

from typing import Any, NamedTuple, TypeAlias, get_args


class Introduced(NamedTuple):
    """The world's title and introduction, at the start of a run."""

    title: str
    text: str


class Described(NamedTuple):
    """A place is shown: on arrival, or by `look`."""

    place: str
    title: str
    text: str
    exits: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (item id, "a nut" / "3 nuts")
    people: tuple[tuple[str, str], ...]  # (character id, name)
    first_visit: bool
    act: str


class ActBegan(NamedTuple):
    """The player crossed into another act of the story."""

    act: str
    title: str
    theme: str


class Narrated(NamedTuple):
    """A line of narration: the answer to a command, or something that happens."""

    text: str


class Examined(NamedTuple):
    """A close look at a thing, a person or the place."""

    target: str
    name: str
    text: str


class Said(NamedTuple):
    """A character speaks."""

    speaker: str
    name: str
    text: str
    style: str


class ChoicesOffered(NamedTuple):
    """The player's options in a conversation, numbered from 1."""

    node: str
    options: tuple[str, ...]


class ConversationEnded(NamedTuple):
    """A conversation with `character` is over; the player explores again."""

    character: str


class Moved(NamedTuple):
    """The player went from one place to another."""

    origin: str
    destination: str
    direction: str


class CompanionMoved(NamedTuple):
    """A character joined, left, or went somewhere by themselves."""

    character: str
    name: str
    place: str
    following: bool


class ItemMoved(NamedTuple):
    """An item changed hands: taken, dropped, given, thrown."""

    item: str
    name: str
    units: int
    holder: str


class InventoryListed(NamedTuple):
    """What the player carries, as `inventory` lists it."""

    items: tuple[tuple[str, str], ...]  # (item id, "a nut" / "7 nuts")


class HazardRevealed(NamedTuple):
    """A probe found `hazard` at `place`. Several in one place each have an event, but only
    the first carries its own `probe_text`; the second carries the world's `probe_more`
    line, and any later one an empty `text` (renderers show nothing for it)."""

    hazard: str
    place: str
    text: str


class ProbedSafe(NamedTuple):
    """A probe found nothing at `place`: the way there is safe, this time."""

    place: str
    text: str


class HazardTriggered(NamedTuple):
    """The player walked into a hidden `hazard` at `place`; `deadly` if it ends the story."""

    hazard: str
    place: str
    text: str
    deadly: bool


class Asked(NamedTuple):
    """The parser needs to know which of several things the player meant."""

    question: str
    choices: tuple[str, ...]


class Rejected(NamedTuple):
    """A command that could not be carried out: no turn passed, nothing changed."""

    reason: str
    hint: str = ""
    unknown_word: str = ""


class Ended(NamedTuple):
    """The story ended: title, text, and the run's summary lines."""

    ending: str
    title: str
    text: str
    kind: str
    summary: tuple[tuple[str, str], ...]


Event: TypeAlias = (Introduced | Described | ActBegan | Narrated | Examined | Said |
                    ChoicesOffered | ConversationEnded | Moved | CompanionMoved | ItemMoved |
                    InventoryListed | HazardRevealed | ProbedSafe | HazardTriggered | Asked |
                    Rejected | Ended)
"""Every kind of event, as `step` and the renderers take them."""


def _same_kind(self: tuple[Any, ...], other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)


def _not_same(self: tuple[Any, ...], other: object) -> bool:
    return not _same_kind(self, other)


for _kind in get_args(Event):
    # A tuple equals any tuple of the same values; an event only an event of its kind.
    # (setattr: mypy does not let a method of a class be assigned.)
    setattr(_kind, "__eq__", _same_kind)  # noqa: B010
    setattr(_kind, "__ne__", _not_same)  # noqa: B010
    setattr(_kind, "__hash__", tuple.__hash__)  # noqa: B010
