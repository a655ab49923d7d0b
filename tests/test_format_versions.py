"""Saves and run logs of format 1 (digest version 1), written by the build before digests
of version 2, are still read, checked with their own digests, restored and re-recorded.

`tests/data/format1/` holds a save and a run log of the test zone's `reached`
walkthrough as that build wrote them (the world's path emptied, so the world is named on
the command line or found by its id).
"""

from __future__ import annotations

import json
from pathlib import Path

from savehelpers import WORLD_DIR, zone_game

from zone_game import runlog
from zone_game.loader import load_world
from zone_game.replay import check, restore
from zone_game.saves import decode, read_save
from zone_game.statecodec import DIGEST_VERSION

FORMAT1 = Path(__file__).parent / "data" / "format1"
SAVE = FORMAT1 / "testzone-reached.json"
LOG = FORMAT1 / "testzone-reached.run.jsonl"


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


def test_a_format_1_save_restores_and_is_saved_again_as_format_2() -> None:
    world = load_world(WORLD_DIR)
    recording, _ = read_save(SAVE)
    restored = restore(world, recording)
    history = restored.history
    again = history.recording()
    assert again.digest_version == DIGEST_VERSION == 2
    assert again.inputs == recording.inputs
    assert again.final == recording.final
    assert [t.digest for t in again.turns] != [t.digest for t in recording.turns]
    assert check(world, again).identical


def test_the_cli_checks_exports_and_updates_format_1(tmp_path: Path) -> None:
    for path in (SAVE, LOG):
        done = zone_game("replay", str(path), "--check", "--world", str(WORLD_DIR))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "identical — 15 commands" in done.stdout
    # A save copied to a run log unchanged keeps its digests, so it stays format 1.
    exported = tmp_path / "copy.run.jsonl"
    done = zone_game("replay", str(SAVE), "--world", str(WORLD_DIR), "--export", str(exported))
    assert done.returncode == 0, done.stderr
    header = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    assert (header["version"], header["oldest_reader"]) == (1, 1)
    assert zone_game("replay", str(exported), "--check", "--world",
                     str(WORLD_DIR)).returncode == 0
    # --update re-records with this build's digests: format 2.
    updated = tmp_path / "updated.json"
    updated.write_text(SAVE.read_text(encoding="utf-8"), encoding="utf-8")
    done = zone_game("replay", str(updated), "--update", "--world", str(WORLD_DIR))
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(updated.read_text(encoding="utf-8"))
    assert (data["version"], data["oldest_reader"]) == (2, 2)
    assert data["turns"][3]["digest"] != json.loads(SAVE.read_text())["turns"][3]["digest"]
    assert zone_game("replay", str(updated), "--check", "--world",
                     str(WORLD_DIR)).returncode == 0
