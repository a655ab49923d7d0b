"""The compiler's side table of positions: paths into the merged documents."""

from __future__ import annotations

from conftest import TESTZONE

from zone_game.loader import load_world_located
from zone_game.sourcemap import Location, SourceMap


def source_map() -> SourceMap:
    world, problems, smap = load_world_located(TESTZONE, use_cache=False)
    assert world is not None and smap is not None, problems
    return smap


def where(file: str, needle: str, occurrence: int = 1) -> tuple[str, int, int]:
    seen = 0
    for number, line in enumerate((TESTZONE / file).read_text().splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return file, number, line.index(needle) + 1
    raise AssertionError(needle)


def loc(location: Location | None) -> tuple[str, int, int]:
    assert location is not None
    return location.file.rsplit("/", 1)[-1], location.line, location.col


def test_records_keys_and_list_items() -> None:
    smap = source_map()
    assert loc(smap.find("places", "yard")) == where("places.yaml", "yard:")
    assert loc(smap.find("places", "yard", "exits", "east", "when")) == where(
        "places.yaml", "when: gate_open")
    assert loc(smap.find("verbs", "throw", "synonyms", 1)) == where("things.yaml", "hurl")
    assert loc(smap.find("world", "start")) == where("world.yaml", "start: hut")
    assert loc(smap.find("characters", "helper", "talk", 1, "node")) == where(
        "things.yaml", "node: helper_hello")


def test_list_sections_are_indexed_like_the_compiled_rules() -> None:
    smap = source_map()
    assert loc(smap.find("rules", 2, "do")) == where("things.yaml", "do: lamp.lit = true")
    assert loc(smap.find("timers", 0)) == where("things.yaml", "every: 2")  # after the dash


def test_a_path_past_what_was_written_stops_at_the_deepest_part() -> None:
    smap = source_map()
    # `pass` has no `at`: the answer is the item itself, a real position.
    assert loc(smap.find("items", "pass", "at")) == where("things.yaml", "pass:")
    assert loc(smap.find("rules", 0, "do", 7)) == where("things.yaml", "do:")
    assert smap.find("places", "atlantis") is None
    assert smap.find("rules", 99) is None
