"""`zone-game test`: walkthroughs against blessed transcripts, failures, blessing, coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zone_game.cli import main
from zone_game.walktest import first_difference, split_turns

TESTZONE = Path(__file__).parent / "worlds" / "testzone"


def test_testzone_walkthroughs_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(TESTZONE)]) == 0
    out = capsys.readouterr().out
    for name in ("caught", "died", "reached", "stayed"):
        assert f"ok      {name} — " in out
    assert "4 passed, 0 failed" in out


def test_testzone_walkthroughs_reach_every_ending(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(TESTZONE), "--coverage", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["coverage"]["endings"] == {"total": 4, "reached": 4, "percent": 100.0,
                                             "missing": []}
    assert report["coverage"]["places"]["percent"] == 100.0
    assert report["coverage"]["dialogue_nodes"]["missing"] == []
    assert report["coverage"]["hazards"]["missing"] == []
    # Exits the walkthroughs never pass are named, as "place.exit".
    assert "gate.west" in report["coverage"]["exits"]["missing"]
    # An exit whose own effect ends the story counts as taken.
    assert "yard.bed" not in report["coverage"]["exits"]["missing"]


def test_edited_expectation_fails_with_diff_naming_the_turn(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = zone / "walkthroughs" / "reached.expected"
    text = expected.read_text()
    assert "The Ridge\nA bare ridge." in text
    expected.write_text(text.replace("The Ridge\nA bare ridge.", "The Ridge\nA flat ridge."))
    assert main(["test", str(zone)]) == 1
    out = capsys.readouterr().out
    assert "FAIL    reached" in out
    # reached.walk: n, ask…, oops, talk, 3, e, e, throw, g, east — the ridge is turn 10.
    assert "first at command 10: > east" in out
    assert "-A flat ridge." in out and "+A bare ridge." in out
    assert "--- reached.expected (blessed)" in out
    assert "3 passed, 1 failed" in out


def test_missing_expectation_fails_then_bless_records_it(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = zone / "walkthroughs" / "caught.expected"
    original = expected.read_text()
    expected.unlink()
    assert main(["test", str(zone)]) == 1
    out = capsys.readouterr().out
    assert "no blessed transcript caught.expected" in out and "--bless" in out
    assert "+THE TEST ZONE" in out and "+*** Caught ***" in out  # the run, to read first
    assert main(["test", str(zone), "--bless"]) == 0
    assert expected.read_text() == original
    assert main(["test", str(zone)]) == 0


def test_wrong_ending_fails(zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    walk = zone / "walkthroughs" / "caught.walk"
    walk.write_text(walk.read_text().replace("ending: caught", "ending: died"))
    assert main(["test", str(zone)]) == 1
    assert "should reach the ending 'died', but reached 'caught'" in capsys.readouterr().out
    walk.write_text(walk.read_text().replace("ending: died", "ending: dyed"))
    assert main(["test", str(zone)]) == 1
    assert "did you mean 'died'?" in capsys.readouterr().out


def test_unreadable_walkthrough_exits_2_and_others_still_run(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (zone / "walkthroughs" / "broken.walk").write_text("# no seed here\nlook\n")
    assert main(["test", str(zone), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    statuses = {w["name"]: w["status"] for w in report["walkthroughs"]}
    assert statuses == {"broken": "unreadable", "caught": "passed", "died": "passed",
                        "reached": "passed", "stayed": "passed"}


def test_unreadable_world_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "world.yaml").write_text("world: [unclosed\n")
    assert main(["test", str(tmp_path)]) == 2
    assert "cannot be loaded" in capsys.readouterr().err


def test_world_without_walkthroughs_fails(zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(zone / "walkthroughs")
    assert main(["test", str(zone), "--coverage"]) == 1
    captured = capsys.readouterr()
    assert "no walkthroughs" in captured.err
    assert "endings            0/4" in captured.out


def test_split_and_first_difference() -> None:
    expected = "Opening\n\n> look\nA room.\n\n> wait\nTime passes.\n"
    assert [t[0] for t in split_turns(expected)] == ["Opening", "> look", "> wait"]
    assert first_difference(expected, expected, ("look", "wait")) is None
    changed = first_difference(expected, expected.replace("Time", "Nothing"), ("look", "wait"))
    assert changed is not None and (changed.turn, changed.command) == (2, "wait")
    opening = first_difference(expected, "Other\n" + expected, ("look", "wait"))
    assert opening is not None and opening.turn == 0
    assert "opening" in opening.describe()
    shorter = first_difference(expected, "Opening\n\n> look\nA room.\n", ("look", "wait"))
    assert shorter is not None and (shorter.turn, shorter.command) == (2, "wait")


def test_only_runs_and_blesses_the_named_walkthroughs(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    walks = zone / "walkthroughs"
    (walks / "died.expected").write_text("stale\n")
    (walks / "caught.expected").write_text("stale\n")
    assert main(["test", str(zone), "--bless", "--only", "died"]) == 0
    assert "1 blessed, 0 failed" in capsys.readouterr().out
    assert (walks / "died.expected").read_text() != "stale\n"
    assert (walks / "caught.expected").read_text() == "stale\n"  # left alone
    assert main(["test", str(zone), "--only", "caugt"]) == 2
    assert "did you mean 'caught'?" in capsys.readouterr().err


def test_an_unknown_ending_is_named_at_its_line_and_a_dot_reads_as_the_directory(
        zone: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    walk = zone / "walkthroughs" / "reached.walk"
    lines = walk.read_text().splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("ending:"))
    walk.write_text(walk.read_text().replace("ending: reached", "ending: rached"))
    monkeypatch.chdir(zone)
    assert main(["test", "."]) == 1
    out = capsys.readouterr().out
    assert (f"walkthroughs/reached.walk:{number}: 'ending: rached' names no ending of this "
            "world — did you mean 'reached'?") in out
    assert f"{zone.name}: 3 passed, 1 failed" in out
    assert main(["check", "."]) == 0
    assert capsys.readouterr().out.startswith(f"{zone.name}: ok (")


def test_bless_writes_nothing_for_a_run_that_misses_its_ending(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    walks = zone / "walkthroughs"
    walk, expected = walks / "caught.walk", walks / "caught.expected"
    before = expected.read_text()
    walk.write_text(walk.read_text().replace("ending: caught", "ending: died"))
    assert main(["test", str(zone), "--bless", "--only", "caught"]) == 1
    out = capsys.readouterr().out
    assert "should reach the ending 'died', but reached 'caught'" in out
    assert "not blessed: caught.expected is left as it was" in out
    assert "0 blessed, 1 failed" in out
    assert expected.read_text() == before
    expected.unlink()
    assert main(["test", str(zone), "--bless", "--only", "caught"]) == 1
    assert not expected.exists()


def test_a_missed_ending_names_the_commands_refused_on_the_way(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (zone / "walkthroughs" / "slip.walk").write_text(
        "# A slip of the hand.\nseed: 1\nending: caught\nnorht\nwait\n")
    assert main(["test", str(zone), "--only", "slip"]) == 1
    out = capsys.readouterr().out
    assert "should reach the ending 'caught', but the story had not ended after 2 " \
        "command(s); refused on the way: command 1 `norht` (" in out
    assert "'north'" in out  # the game's own hint comes along
    walk = zone / "walkthroughs" / "caught.walk"
    walk.write_text(walk.read_text().replace("ending: caught", "ending: died"))
    assert main(["test", str(zone), "--only", "caught"]) == 1
    assert "refused on the way" not in capsys.readouterr().out


def test_a_place_entered_as_the_story_ends_counts_as_reached(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The pit can only be stepped into as the story ends: a run that does so reaches it.
    world = tmp_path / "pitworld"
    (world / "walkthroughs").mkdir(parents=True)
    (world / "world.yaml").write_text("""
world: {id: pitworld, title: Pit, start: room, player: me}
characters:
  me: {name: you}
places:
  room:
    name: A Room
    description: A room with a hole in the floor.
    exits:
      down: {to: pit, do: end fell}
  pit:
    name: The Pit
    description: Dark.
endings:
  fell: {title: You fell, text: Down you go.}
""", encoding="utf-8")
    (world / "walkthroughs" / "fall.walk").write_text("seed: 1\nending: fell\ndown\n",
                                                      encoding="utf-8")
    assert main(["test", str(world), "--bless"]) == 0
    capsys.readouterr()
    assert main(["test", str(world), "--coverage", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["coverage"]["places"] == {"total": 2, "reached": 2, "percent": 100.0,
                                            "missing": []}


def test_bless_that_cannot_write_says_so_and_fails(
        zone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = zone / "walkthroughs" / "caught.expected"
    expected.unlink()
    expected.mkdir()  # something in the way of the transcript
    assert main(["test", str(zone), "--bless", "--only", "caught"]) == 1
    out = capsys.readouterr().out
    assert "not blessed: cannot write" in out and "it is a directory, not a file" in out
    assert "0 blessed, 1 failed" in out
