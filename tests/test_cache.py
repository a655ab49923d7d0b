"""The compiled-world cache reads back exactly the world that was written."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TESTZONE

from zone_game import worldcache
from zone_game.engine import new_game
from zone_game.loader import load_world
from zone_game.session import Session


def test_cached_world_equals_compiled_world(tmp_path: Path) -> None:
    world = load_world(TESTZONE, use_cache=False)
    assert worldcache.save(world, tmp_path) is not None
    cached = worldcache.load(world.content_hash, tmp_path)
    assert cached is not None
    assert worldcache.encode(cached) == worldcache.encode(world)
    # and it plays identically
    script = ["n", "talk to helper", "1", "1", "e", "e", "throw bolt north"]
    runs = []
    for candidate in (world, cached):
        session, _ = Session.start(candidate, 9)
        for command in script:
            session, _ = session.submit(command)
        runs.append(session.state)
    assert runs[0] == runs[1]
    assert new_game(cached, 9) == new_game(world, 9)


def test_foreign_or_stale_cache_is_ignored(tmp_path: Path) -> None:
    world = load_world(TESTZONE, use_cache=False)
    path = worldcache.save(world, tmp_path)
    assert path is not None
    good = path.read_text()
    first_line, rest = good.split("\n", 1)
    header = json.loads(first_line)
    for change in ({"hash": "other"}, {"compiler": "another-build"}, {"format": 1},
                   {"world": [1, 2]}):
        path.write_text(json.dumps({**header, **change}) + "\n" + rest)
        assert worldcache.load(world.content_hash, tmp_path) is None, change
    path.write_text(good)
    assert worldcache.load(world.content_hash, tmp_path) is not None


def test_content_hash_changes_with_any_byte(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(TESTZONE, copy)
    first = load_world(copy, use_cache=False).content_hash
    places = copy / "places.yaml"
    places.write_text(places.read_text().replace("A one-room hut.", "A one-room hut!"))
    assert load_world(copy, use_cache=False).content_hash != first


def test_the_cache_keeps_only_the_most_recently_used_worlds(tmp_path: Path) -> None:
    import os

    for index in range(worldcache.KEEP + 5):  # stale files, oldest first
        stale = tmp_path / f"{index:032x}.jsonl"
        stale.write_text("{}\n")
        os.utime(stale, (1_000_000 + index, 1_000_000 + index))
    (tmp_path / "old-format.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("not ours")
    world = load_world(TESTZONE, use_cache=False)
    path = worldcache.save(world, tmp_path)
    assert path is not None and path.exists()
    kept = sorted(p.name for p in tmp_path.glob("*.json*"))
    assert len(kept) == worldcache.KEEP and path.name in kept
    assert f"{0:032x}.jsonl" not in kept and f"{worldcache.KEEP + 4:032x}.jsonl" in kept
    assert (tmp_path / "notes.txt").exists()
