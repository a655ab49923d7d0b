"""Events are named tuples (cheap to define and build) that compare only by kind and value."""

from __future__ import annotations

from zone_game.events import ConversationEnded, ItemMoved, Narrated, Rejected


def test_an_event_equals_only_an_event_of_its_kind() -> None:
    assert Narrated("writer") == Narrated("writer")
    assert Narrated("writer") != ConversationEnded("writer")  # same values, another kind
    assert Narrated("writer") != ("writer",)  # a bare tuple is no event
    assert Narrated("a") != Narrated("b")
    assert len({Narrated("a"), Narrated("a"), ConversationEnded("a")}) == 2  # hashable


def test_an_event_is_frozen_and_reads_by_name() -> None:
    moved = ItemMoved("nut", "a nut", 2, "player")
    assert (moved.item, moved.units, moved.holder) == ("nut", 2, "player")
    refused = Rejected("No.")
    assert refused.hint == "" and refused.unknown_word == ""  # defaults
    try:
        moved.units = 3  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("an event must not change")
