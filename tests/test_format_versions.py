"""Saves and run logs of older formats are still read, checked with their own digests,
restored and re-recorded: format 1 (digest version 1) and format 2 (digest version 2,
sets written whole in each turn's changes; format 3 writes the names added and taken away).

`tests/data/format1/` and `tests/data/format2/` hold a save and a run log of the test
zone's `reached` walkthrough as the builds of those formats wrote them (the world's path
emptied, so the world is named on the command line or found by its id).
"""

from __future__ import annotations

import json
from pathlib import Path

from savehelpers import WORLD_DIR, zone_game

from zone_game import runlog
from zone_game.loader import load_world
from zone_game.recording import SET_KEYS
from zone_game.replay import check, restore
from zone_game.saves import SAVE_VERSION, decode, read_save

FORMAT1 = Path(__file__).parent / "data" / "format1"
SAVE = FORMAT1 / "testzone-reached.json"
LOG = FORMAT1 / "testzone-reached.run.jsonl"
FORMAT2 = Path(__file__).parent / "data" / "format2"
SAVE2 = FORMAT2 / "testzone-reached.json"
LOG2 = FORMAT2 / "testzone-reached.run.jsonl"


def test_format_1_files_are_read_as_digest_version_1() -> None:
    recording, _ = read_save(SAVE)
    assert recording.digest_version == 1
    assert runlog.decode(LOG.read_text(encoding="utf-8"), str(LOG)).digest_version == 1
    world = load_world(WORLD_DIR)
    result = check(world, recording)
    assert result.identical and result.turns == 15


def test_a_format_1_digest_is_really_compared() -> None:
    world = load_world(WORLD_DIR)
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    data["turns"][6]["digest"] = "0123456789abcdef"
    recording, _ = decode(json.dumps(data), "edited")
    divergence = check(world, recording).divergence
    assert divergence is not None and divergence.turn == 7
    # The same file called format 2 is checked with the other digest: the start differs.
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    data.update(version=2, oldest_reader=2)
    recording, _ = decode(json.dumps(data), "relabelled")
    divergence = check(world, recording).divergence
    assert divergence is not None and divergence.turn == 0


def test_format_2_files_are_read_with_their_whole_sets() -> None:
    world = load_world(WORLD_DIR)
    for recording in (read_save(SAVE2)[0],
                      runlog.decode(LOG2.read_text(encoding="utf-8"), str(LOG2))):
        assert (recording.format_version, recording.digest_version) == (2, 2)
        assert isinstance(recording.turns[0].changes["visited"], list)  # written whole
        result = check(world, recording)
        assert result.identical and result.turns == 15
        # Format 3 has the same digests and reads whole sets too: relabelled, it checks.
        data = json.loads(SAVE2.read_text(encoding="utf-8"))
        data.update(version=3, oldest_reader=3)
        assert check(world, decode(json.dumps(data), "relabelled")[0]).identical


def test_older_formats_restore_and_are_saved_again_as_the_newest() -> None:
    world = load_world(WORLD_DIR)
    for path in (SAVE, SAVE2):
        recording, _ = read_save(path)
        again = restore(world, recording).history.recording()
        assert (again.format_version, again.digest_version) == (SAVE_VERSION, 2) == (3, 2)
        assert again.inputs == recording.inputs
        assert again.final == recording.final
        assert list(again.states()) == list(recording.states())
        changed = [t.changes[key] for t in again.turns for key in SET_KEYS
                   if key in t.changes]
        assert changed and all(isinstance(change, dict) and set(change) <= {"+", "-"}
                               for change in changed)
        assert check(world, again).identical
    # Format 1's digests differ from the newest; format 2's are the same.
    first, second = read_save(SAVE)[0], read_save(SAVE2)[0]
    assert [t.digest for t in first.turns] != [t.digest for t in second.turns]


def test_the_cli_checks_exports_and_updates_older_formats(tmp_path: Path) -> None:
    for version, save, log in ((1, SAVE, LOG), (2, SAVE2, LOG2)):
        for path in (save, log):
            done = zone_game("replay", str(path), "--check", "--world", str(WORLD_DIR))
            assert done.returncode == 0, done.stdout + done.stderr
            assert "identical — 15 commands" in done.stdout
        # A save copied to a run log unchanged keeps its digests and its layout.
        exported = tmp_path / f"copy{version}.run.jsonl"
        done = zone_game("replay", str(save), "--world", str(WORLD_DIR), "--export",
                         str(exported))
        assert done.returncode == 0, done.stderr
        header = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
        assert (header["version"], header["oldest_reader"]) == (version, version)
        assert zone_game("replay", str(exported), "--check", "--world",
                         str(WORLD_DIR)).returncode == 0
        # --update re-records with this build: the newest format.
        updated = tmp_path / f"updated{version}.json"
        updated.write_text(save.read_text(encoding="utf-8"), encoding="utf-8")
        done = zone_game("replay", str(updated), "--update", "--world", str(WORLD_DIR))
        assert done.returncode == 0, done.stdout + done.stderr
        data = json.loads(updated.read_text(encoding="utf-8"))
        assert (data["version"], data["oldest_reader"]) == (3, 3)
        assert data["turns"][0]["changes"]["visited"] == {"+": ["yard"]}
        assert zone_game("replay", str(updated), "--check", "--world",
                         str(WORLD_DIR)).returncode == 0


def test_todays_format_holds_todays_digests() -> None:
    """The newest layout's digests are the ones this build records (bump both together)."""
    from zone_game.saves import FORMAT_DIGESTS
    from zone_game.statecodec import DIGEST_VERSION, DIGEST_VERSIONS

    assert FORMAT_DIGESTS[SAVE_VERSION] == DIGEST_VERSION
    assert set(FORMAT_DIGESTS.values()) == set(DIGEST_VERSIONS)
