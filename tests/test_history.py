"""Undo, redo and the timeline of a run."""

from __future__ import annotations

import itertools

from savehelpers import COMMANDS, SEED, played, world

from zone_game.history import History
from zone_game.replay import restore
from zone_game.session import Session


def test_undo_goes_back_one_change_at_a_time_to_the_start() -> None:
    w = world()
    history = played(w)
    seen = [history.current.state]
    while history.undo():
        seen.append(history.current.state)
    assert history.position == 0
    assert seen[-1] == Session.start(w, SEED)[0].state
    # each undo lands on a different state: lines that changed nothing are skipped
    assert all(a != b for a, b in itertools.pairwise(seen))


def test_undo_skips_refused_lines() -> None:
    w = world()
    history = played(w, ("take lamp", "xyzzy", "look", "fly"))
    assert history.undo() == 4
    assert history.position == 0


def test_redo_puts_back_what_undo_took_and_a_new_line_drops_it() -> None:
    w = world()
    history = played(w)
    end = history.current.state
    history.undo()
    history.undo()
    assert history.redo() and history.redo()
    assert history.current.state is end
    assert not history.redo()
    history.undo()
    session, _ = history.current.submit("wait")
    history.record("wait", session)
    assert not history.can_redo()
    assert history.lines[-1] == "wait"


def test_a_restored_run_can_be_undone_to_the_start() -> None:
    w = world()
    recording = played(w).recording()
    restored = restore(w, recording)
    history = restored.history
    assert history.current.state == played(w).current.state
    steps = 0
    while history.undo():
        steps += 1
    assert history.position == 0
    digests = [played(w).digest(i) for i in range(len(COMMANDS) + 1)]
    assert steps == sum(1 for a, b in itertools.pairwise(digests) if a != b)


def test_the_recording_stops_at_the_cursor() -> None:
    w = world()
    history = played(w)
    history.undo()
    recording = history.recording()
    assert len(recording.turns) == history.position
    assert recording.final == history.state_json(history.position)


def test_a_history_made_from_lines_alone_re_simulates() -> None:
    w = world()
    start, _ = Session.start(w, SEED)
    lazy = History(w, SEED, start, list(COMMANDS))
    assert lazy.current.state == played(w).current.state
