"""`zone-game new`: the scaffold passes `check` and `test` as generated, and never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from zone_game.cli import main
from zone_game.scaffold import SCHEMA_LINE
from zone_game.schema import schema_text


def test_new_world_passes_check_and_test(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "river_town", "--dir", str(tmp_path)]) == 0
    world = tmp_path / "river_town"
    assert f"Made {world}/" in capsys.readouterr().out
    assert main(["check", str(world)]) == 0
    captured = capsys.readouterr()
    assert "river_town: ok (5 places" in captured.out
    assert captured.err == ""  # not even a warning
    assert main(["test", str(world), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "ok      crossing" in out
    assert "endings            1/1    100.0%" in out
    assert "dialogue nodes     3/3    100.0%" in out


def test_new_world_files(tmp_path: Path) -> None:
    assert main(["new", "mill", "--dir", str(tmp_path)]) == 0
    world = tmp_path / "mill"
    yaml_files = sorted(p.name for p in world.glob("*.yaml"))
    assert yaml_files == ["dialogue.yaml", "places.yaml", "things.yaml", "world.yaml"]
    assert SCHEMA_LINE == "# yaml-language-server: $schema=world.schema.json\n"
    for name in yaml_files:
        assert (world / name).read_text().startswith(SCHEMA_LINE)
    # The file that line names is written too, and is today's schema.
    assert (world / "world.schema.json").read_text() == schema_text()
    assert "  id: mill\n  title: Mill\n" in (world / "world.yaml").read_text()
    expected = (world / "walkthroughs" / "crossing.expected").read_text()
    assert expected.startswith("MILL\n")
    assert "*** Across the River ***" in expected


def test_new_refuses_an_existing_directory(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert main(["new", "taken", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("name", ["River", "9lives", "my-world", "a b", ""])
def test_new_refuses_a_name_that_is_not_an_id(tmp_path: Path, name: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", name, "--dir", str(tmp_path)]) == 1
    assert "is not a valid world id" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_says_when_dir_does_not_exist(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "worlds"
    assert main(["new", "fen", "--dir", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"--dir {missing} does not exist" in err and f"mkdir -p {missing}" in err
    assert not missing.exists()
    (tmp_path / "file").write_text("x")
    assert main(["new", "fen", "--dir", str(tmp_path / "file")]) == 1
    assert "is a file, not a directory" in capsys.readouterr().err
