"""Save files: layout, names, directories, atomic writes and every kind of bad file."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from savehelpers import COMMANDS, SEED, played, world

from zone_game import atomicfile
from zone_game.recording import Recording
from zone_game.replay import restore
from zone_game.saves import (
    SAVE_VERSION,
    SaveError,
    encode,
    list_saves,
    read_save,
    saves_dir,
    slot_name,
    slot_path,
    write_save,
)


def _recording() -> Recording:
    return played(world()).recording()


def test_a_save_reads_back_as_the_same_recording(tmp_path: Path) -> None:
    recording = _recording()
    path = tmp_path / "one.json"
    write_save(path, recording, "one")
    back, header = read_save(path)
    assert back == recording
    assert header["name"] == "one"
    assert header["summary"]["turns"] == len(COMMANDS)


def test_a_save_is_human_readable_with_a_stable_key_order(tmp_path: Path) -> None:
    text = encode(_recording(), "one", saved_at="2026-01-01T00:00:00Z")
    assert text == encode(_recording(), "one", saved_at="2026-01-01T00:00:00Z")
    keys = list(json.loads(text))
    assert keys[:4] == ["format", "version", "oldest_reader", "name"]
    assert keys[-2:] == ["turns", "state"]
    # One turn per line, in order, with the raw line typed (again/oops included).
    turn_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"input"')]
    assert [json.loads(line.rstrip(","))["input"] for line in turn_lines] == list(COMMANDS)


@pytest.mark.parametrize(("name", "slot"), [
    ("../../x", "x"), ("/etc/passwd", "etc-passwd"), ("my save!", "my-save"),
    ("..", None), ("  ", None), ("a/../../b", "a-b"), ("C:\\win", "C-win"),
    ("Сталкер в Комнате", "Сталкер-в-Комнате"), ("nul\x00byte", "nul-byte"),
])
def test_save_names_never_leave_the_directory(tmp_path: Path, name: str,
                                              slot: str | None) -> None:
    if slot is None:
        with pytest.raises(SaveError, match="cannot be a save name"):
            slot_name(name)
        return
    assert slot_name(name) == slot
    path = slot_path(tmp_path, name)
    assert path.parent == tmp_path
    write_save(path, _recording())
    assert sorted(p.name for p in tmp_path.iterdir()) == [slot + ".json"]


def test_the_saves_directory_is_chosen_in_order(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONE_GAME_SAVES", str(tmp_path / "env"))
    assert saves_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert saves_dir(None, cwd=tmp_path) == tmp_path / "env"
    monkeypatch.delenv("ZONE_GAME_SAVES")
    (tmp_path / "saves").mkdir()
    assert saves_dir(None, cwd=tmp_path) == tmp_path / "saves"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert saves_dir(None, cwd=other) == tmp_path / "data" / "zone-game" / "saves"


# ---------------------------------------------------------------- bad files


def _good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.json"
    write_save(path, _recording(), "good")
    return path


def test_a_truncated_save_is_refused(tmp_path: Path) -> None:
    path = _good_file(tmp_path)
    path.write_text(path.read_text()[:300])
    with pytest.raises(SaveError, match="truncated"):
        read_save(path)


@pytest.mark.parametrize("content", ["hello, not json", "", "[1, 2, 3]", '{"a": 1}'])
def test_a_file_that_is_not_a_save_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "junk.json"
    path.write_text(content)
    with pytest.raises(SaveError, match="not a"):
        read_save(path)


def test_a_save_from_a_newer_format_is_refused_by_name(tmp_path: Path) -> None:
    path = _good_file(tmp_path)
    data = json.loads(path.read_text())
    data["version"] = SAVE_VERSION + 1
    data["oldest_reader"] = SAVE_VERSION + 1
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="newer zone-game"):
        read_save(path)


def test_a_newer_format_that_old_readers_may_read_is_read(tmp_path: Path) -> None:
    path = _good_file(tmp_path)
    data = json.loads(path.read_text())
    data["version"] = SAVE_VERSION + 1  # e.g. an added optional field
    path.write_text(json.dumps(data))
    assert read_save(path)[0].seed == SEED


def test_a_save_from_another_world_is_refused(tmp_path: Path) -> None:
    path = _good_file(tmp_path)
    data = json.loads(path.read_text())
    data["world"]["id"] = "stalker"
    data["world"]["title"] = "Stalker"
    path.write_text(json.dumps(data))
    recording, _ = read_save(path)
    with pytest.raises(SaveError, match="played in world 'stalker'"):
        restore(world(), recording, "good")


@pytest.mark.parametrize(("edit", "words"), [
    (lambda s: s.update(place="atlantis"), "unknown place 'atlantis'"),
    (lambda s: s["items"]["bolt"][0].__setitem__(1, -5), "1 or more, not -5"),
    (lambda s: s["items"]["bolt"][0].__setitem__(1, 99), "does not match its recorded"),
])
def test_a_tampered_state_is_refused(tmp_path: Path, edit: Callable[[dict[str, Any]], object],
                                     words: str) -> None:
    path = _good_file(tmp_path)
    data = json.loads(path.read_text())
    edit(data["state"])
    path.write_text(json.dumps(data))
    recording, _ = read_save(path)
    with pytest.raises(SaveError, match=words):
        restore(world(), recording, "good")


def test_a_listing_names_unreadable_files(tmp_path: Path) -> None:
    _good_file(tmp_path)
    (tmp_path / "broken.json").write_text("{")
    found = {info.name: info for info in list_saves(tmp_path)}
    assert found["good"].turns == len(COMMANDS) and not found["good"].problem
    assert "truncated" in found["broken"].problem


# ---------------------------------------------------------------- failed writes


def test_a_full_disk_keeps_the_old_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _good_file(tmp_path)
    before = path.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomicfile.os, "replace", full)
    with pytest.raises(SaveError, match=r"disk is full.*previous file is unchanged"):
        write_save(path, played(world(), COMMANDS[:2]).recording(), "good")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.json"]  # no temp file left


def test_an_unwritable_saves_directory_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")  # works as root too, unlike chmod
    with pytest.raises(SaveError, match="cannot create the saves directory"):
        write_save(blocker / "saves" / "x.json", _recording())


def _save_many(directory: str, commands: tuple[str, ...], rounds: int) -> None:
    recording = played(world(), commands).recording()
    for _ in range(rounds):
        write_save(Path(directory) / "slot.json", recording, "slot")


def test_two_processes_saving_one_slot_leave_a_whole_save(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(str(tmp_path), cmds, 40))
               for cmds in (COMMANDS, COMMANDS[:3])]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    recording, _ = read_save(tmp_path / "slot.json")
    assert recording.inputs in (COMMANDS, COMMANDS[:3])
    assert os.listdir(tmp_path) == ["slot.json"]
