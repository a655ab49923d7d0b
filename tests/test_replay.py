"""Re-simulation: exact checks, divergence reports, restoring on an edited world."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from savehelpers import COMMANDS, copy_world, played, world

from zone_game import runlog
from zone_game.loader import load_world
from zone_game.recording import Turn, apply_changes, changes
from zone_game.replay import check, describe_diff, rerecord, restore
from zone_game.statecodec import state_json


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_run_checks_identical_on_its_own_world() -> None:
    w = world()
    result = check(w, played(w).recording())
    assert result.identical
    assert result.turns == len(COMMANDS)
    assert not result.world_changed and not result.engine_changed


def test_the_recorded_changes_rebuild_every_state() -> None:
    w = world()
    history = played(w)
    recording = history.recording()
    for index, rebuilt in enumerate(recording.states()):
        assert rebuilt == history.state_json(index)


def test_an_edited_world_names_the_turn_and_the_change(tmp_path: Path) -> None:
    original = load_world(copy_world(tmp_path / "a"))
    recording = played(original).recording()
    edited_dir = copy_world(tmp_path / "b")
    _edit(edited_dir / "dialogue.yaml", "- helper.trust += 1", "- helper.trust += 2")
    edited = load_world(edited_dir)
    result = check(edited, recording)
    assert result.divergence is not None
    assert result.divergence.turn == COMMANDS.index("talk to helper") + 2  # the "1" after it
    assert result.divergence.input == "1"
    assert result.divergence.differences == ("mood helper.trust: 1 → 2",)
    assert result.world_changed and not result.engine_changed
    report = "\n".join(result.report("run"))
    assert "diverged at command 10 of 13: `1`" in report
    assert "world changed since recording" in report


def test_a_text_edit_does_not_diverge(tmp_path: Path) -> None:
    recording = played(world()).recording()
    edited_dir = copy_world(tmp_path)
    _edit(edited_dir / "places.yaml", "A muddy yard.", "A very muddy yard.")
    result = check(load_world(edited_dir), recording)
    assert result.identical and result.world_changed


def test_a_changed_start_diverges_at_turn_zero(tmp_path: Path) -> None:
    recording = played(world()).recording()
    edited_dir = copy_world(tmp_path)
    _edit(edited_dir / "things.yaml", "    at: guide\n    count: 3", "    at: guide\n    count: 4")
    result = check(load_world(edited_dir), recording)
    assert result.divergence is not None and result.divergence.turn == 0
    assert "item bolt: guide x3 → guide x4" in result.divergence.differences
    report = result.report("run")
    assert report[0] == ("run: diverged at the start: the state before the first command "
                         "differs from the recorded one")
    assert report[-2:] == ["  recorded → now:", "    item bolt: guide x3 → guide x4"]


def test_restoring_on_an_edited_world_keeps_the_turns_that_still_agree(tmp_path: Path) -> None:
    recording = played(world()).recording()
    edited_dir = copy_world(tmp_path)
    _edit(edited_dir / "dialogue.yaml", "- helper.trust += 1", "- helper.trust += 2")
    edited = load_world(edited_dir)
    restored = restore(edited, recording, "the save")
    assert restored.kept == 9
    assert restored.history.position == 9
    assert restored.history.lines == list(COMMANDS[:9])
    text = " ".join(restored.messages)
    assert "From command 10 (`1`)" in text and "mood helper.trust: 1 → 2" in text


def test_restoring_reports_ids_that_are_gone(tmp_path: Path) -> None:
    recording = played(world()).recording()
    edited_dir = copy_world(tmp_path)
    # rename a variable everywhere: the old name is gone, the new one is not recorded
    import re

    for path in edited_dir.glob("*.yaml"):
        path.write_text(re.sub(r"\bwarned\b", "was_warned", path.read_text()))
    restored = restore(load_world(edited_dir), recording, "the save")
    text = " ".join(restored.messages)
    assert "No longer in the world: variable warned" in text
    assert restored.kept == len(COMMANDS)  # nothing used it: every turn still agrees


def test_restoring_a_damaged_save_on_an_edited_world_shows_the_damage(tmp_path: Path) -> None:
    """Changes a hand edit broke are compared and shown as damaged, never read as what
    they are not (each of these crashed the restore before)."""
    recording = played(world()).recording()
    edited_dir = copy_world(tmp_path)
    _edit(edited_dir / "dialogue.yaml", "- helper.trust += 1", "- helper.trust += 2")
    edited = load_world(edited_dir)
    damages = ({"items": [1]}, {"hazards": {"burn": 3}}, {"items": {"lamp": 5}},
               {"visited": [["yard"]], "place": "yard"}, {"vars": "x"},
               {"fired": {"+": 5}})
    for damage in damages:
        turns = list(recording.turns)
        turns[0] = Turn(turns[0].input, turns[0].digest, {**turns[0].changes, **damage})
        broken = replace(recording, turns=tuple(turns))
        restored = restore(edited, broken, "the save")
        text = " ".join(restored.messages)
        assert restored.kept < len(COMMANDS), damage  # at the latest, the trust edit
        assert "(damaged in the file)" in text or "place: yard" in text, (damage, text)
    # A damaged final state, as `ids_gone` reads it, is shown by the names it can read.
    for damage in ({"visited": [["yard"]]}, {"place": ["yard"]}, {"place": {"a": 1}}):
        odd = replace(recording, final={**(recording.final or {}), **damage})
        assert restore(edited, odd, "the save").messages, damage
    # and so is a place damaged in a turn's changes, with no final state (a run log's).
    turns = list(recording.turns)
    turns[0] = Turn(turns[0].input, turns[0].digest, {**turns[0].changes, "place": ["yard"]})
    restored = restore(edited, replace(recording, turns=tuple(turns), final=None), "the log")
    assert restored.kept == 0 and "place: ['yard'] → hut" in " ".join(restored.messages)


def test_update_re_records_an_intended_change(tmp_path: Path) -> None:
    recording = played(world()).recording()
    edited_dir = copy_world(tmp_path)
    _edit(edited_dir / "dialogue.yaml", "- helper.trust += 1", "- helper.trust += 2")
    edited = load_world(edited_dir)
    assert not check(edited, recording).identical
    assert check(edited, rerecord(edited, recording)).identical


def test_a_run_log_round_trips_and_checks() -> None:
    w = world()
    recording = played(w).recording()
    text = runlog.encode(recording)
    lines = text.splitlines()
    assert len(lines) == len(COMMANDS) + 1
    back = runlog.decode(text, "run")
    assert back.turns == recording.turns and back.start == recording.start
    assert check(w, back).identical


def test_a_bad_turn_line_says_what_is_wrong() -> None:
    import pytest

    from zone_game.saves import SaveError

    head, _first, *rest = runlog.encode(played(world()).recording()).split("\n")
    for bad, words in (("[1]", "expected an object with input, digest, changes"),
                       ('{"turn": 1, "input": 5, "digest": "x"}', '"input" must be text'),
                       ('{"turn": 1, "input": "n"}', '"digest" must be text'),
                       ('{"turn": 1, "input": "n", "digest": "x", "changes": null}',
                        '"changes" must be an object')):
        with pytest.raises(SaveError, match=f"run:2: {words}"):
            runlog.decode("\n".join([head, bad, *rest]), "run")
    # A turn without changes is one that changed nothing.
    plain = '{"turn": 1, "input": "n", "digest": "x"}'
    assert runlog.decode("\n".join([head, plain]), "run").turns[0].changes == {}


def test_a_typed_line_separator_stays_in_its_line() -> None:
    """A run log's lines end at "\\n" only: text may hold U+2028, U+0085 or a form feed
    unescaped (JSON lets it), and a blank line between turns is skipped, named lines
    still counting it."""
    import pytest

    from zone_game.history import History
    from zone_game.saves import SaveError

    w = world()
    lines = ["look\u2028north", "x lamp\x85", "take\x0clamp", "n"]
    recording = History.played(w, 7, lines).recording()
    text = runlog.encode(recording)
    assert "\u2028" in text and "\x85" in text  # written as they are, not escaped
    back = runlog.decode(text, "run")
    assert back.inputs == tuple(lines) and check(w, back).identical
    head, *rows = text.split("\n")
    spaced = "\n".join([head, rows[0], "", " ", *rows[1:]])
    assert runlog.decode(spaced, "run").inputs == tuple(lines)
    with pytest.raises(SaveError, match=r"run:4: not a JSON line"):  # after the blank 3
        runlog.decode("\n".join([head, rows[0], "", rows[1][:-3], *rows[2:]]), "run")


def test_set_changes_are_names_added_and_taken_away() -> None:
    w = world()
    recording = played(w).recording()
    visited = [t.changes["visited"] for t in recording.turns if "visited" in t.changes]
    assert visited and all(set(change) <= {"+", "-"} and all(
        isinstance(names, list) for names in change.values()) for change in visited)
    before = {"visited": ["hut", "yard"], "fired": ["a"]}
    after = {"visited": ["hut", "well", "yard"], "fired": []}
    delta = changes(before, after)
    assert delta == {"visited": {"+": ["well"]}, "fired": {"-": ["a"]}}
    assert apply_changes(before, delta) == after


def test_a_damaged_set_change_is_shown_not_a_crash() -> None:
    w = world()
    recording = played(w).recording()
    number = next(i for i, t in enumerate(recording.turns) if "visited" in t.changes)
    for damage in ({"+": 5}, {"added": ["x"]}, {"+": [1, 2]}, "yard"):
        turns = list(recording.turns)
        turns[number] = Turn(turns[number].input, "0123456789abcdef",
                             {**turns[number].changes, "visited": damage})
        broken = replace(recording, turns=tuple(turns))
        assert list(broken.states())[number + 1]["visited"] == damage  # taken as it is
        divergence = check(w, broken).divergence
        assert divergence is not None and divergence.turn == number + 1
        assert any(line.startswith("visited:") for line in divergence.differences), damage


def test_describe_diff_names_each_kind_of_change() -> None:
    w = world()
    history = played(w)
    before = history.state_json(0)
    after = apply_changes(before, {"place": "yard", "vars": {"gate_open": True,
                                                             "lamp.lit": True}})
    assert describe_diff(before, after) == [
        "place: hut → yard", "flag gate_open: false → true", "item flag lamp.lit: false → true"]
    assert describe_diff(before, state_json(w, history.session(0).state)) == []


def test_a_damaged_run_log_names_its_line() -> None:
    import pytest

    from zone_game.saves import SaveError

    text = runlog.encode(played(world()).recording())
    lines = text.splitlines()
    cut = "\n".join([*lines[:5], lines[5][:20]])
    with pytest.raises(SaveError, match=r"run:6: not a JSON line .* truncated"):
        runlog.decode(cut, "run")
    spliced = "\n".join([*lines[:3], lines[3] + ", " + lines[4]])
    with pytest.raises(SaveError, match="run:4: not a JSON line"):
        runlog.decode(spliced, "run")
    swapped = "\n".join([lines[0], lines[2], lines[1]])
    with pytest.raises(SaveError, match="out of order"):
        runlog.decode(swapped, "run")
    # A line's value cut in two, its first half ending the line before: each line must
    # hold one value, even where the two halves would balance out in one parse.
    cut_at = lines[3].index(', "digest"')
    moved = "\n".join([*lines[:2], lines[2] + ", " + lines[3][:cut_at],
                       lines[3][cut_at + 2:], *lines[4:]])
    with pytest.raises(SaveError, match="run:3: not a JSON line"):
        runlog.decode(moved, "run")
    # A string left open at a line's end, closed on the next line, and a line of two
    # values: together they balance out in any one parse of the joined lines.
    opened = "\n".join([lines[0], lines[1][:-1] + ', "note": "x', 'y"}',
                         lines[2] + "],[" + lines[3], *lines[4:]])
    with pytest.raises(SaveError, match="run:2: not a JSON line"):
        runlog.decode(opened, "run")


def test_every_stalker_walkthrough_saves_restores_and_checks(tmp_path: Path) -> None:
    from savehelpers import WORLD_DIR

    from zone_game.saves import read_save, write_save
    from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

    stalker_dir = WORLD_DIR.parent.parent.parent / "worlds" / "stalker"
    stalker = load_world(stalker_dir)
    walks = find_walkthroughs(stalker_dir)
    assert len(walks) >= 5
    for path in walks:
        walk = parse_walkthrough(path)
        history = played(stalker, walk.commands, walk.seed)
        save = tmp_path / f"{path.stem}.json"
        write_save(save, history.recording(), path.stem)
        recording, _ = read_save(save)
        assert check(stalker, recording).identical, path.name
        restored = restore(stalker, recording, path.stem)
        assert restored.history.current.state == history.current.state
        assert restored.history.current.state.ending == (walk.ending or
                                                         history.current.state.ending)
