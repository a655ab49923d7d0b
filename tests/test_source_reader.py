"""The located YAML reader (`source.read_yaml`): values, positions and refusals."""

from __future__ import annotations

import pytest

from zone_game.source import LMap, LSeq, read_yaml


def read(text: str) -> LMap:
    result = read_yaml("w.yaml", text)
    assert result.problems == []
    assert isinstance(result.document, LMap)
    return result.document


def problems(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.message) for p in read_yaml("w.yaml", text).problems]


def test_plain_scalars_follow_the_core_schema() -> None:
    doc = read("a: true\nb: False\nc: null\nd: ~\ne:\nf: 12\ng: -3\nh: 0x1f\ni: 0o17\n"
               "j: 1.5\nk: .inf\nl: yes\nm: no\nn: name\no: '12'\np: \"true\"\nq: nothing\n"
               "r: -x\ns: .hidden\nt: +7\nu: Nope\n")
    assert doc == {"a": True, "b": False, "c": None, "d": None, "e": None, "f": 12, "g": -3,
                   "h": 31, "i": 15, "j": 1.5, "k": float("inf"), "l": "yes", "m": "no",
                   "n": "name", "o": "12", "p": "true", "q": "nothing", "r": "-x",
                   "s": ".hidden", "t": 7, "u": "Nope"}
    assert type(doc["f"]) is int and type(doc["a"]) is bool


def test_positions_of_keys_values_and_items() -> None:
    doc = read("top:\n  key: value\n  list: [a, {b: c}]\n")
    top = doc["top"]
    assert isinstance(top, LMap)
    assert (doc.key_pos["top"], doc.val_pos["top"], top.pos) == ((1, 1), (2, 3), (2, 3))
    assert (top.key_pos["key"], top.val_pos["key"]) == ((2, 3), (2, 8))
    items = top["list"]
    assert isinstance(items, LSeq)
    assert items.pos == (3, 9)
    assert items.item_pos == [(3, 10), (3, 13)]
    assert items[1].key_pos["b"] == (3, 14)


def test_anchors_and_aliases_give_the_same_values() -> None:
    doc = read("a: &x [1, 2]\nb: *x\nc: &k key\n*k : aliased key\n")
    assert doc["b"] is doc["a"]
    assert doc["key"] == "aliased key"
    assert doc.key_pos["key"] == (4, 1)


def test_explicit_tags_are_checked() -> None:
    assert read("a: !!str 12\nb: !!int '7'\n") == {"a": "12", "b": 7}
    assert problems("a: !!int seven\n") == [(1, 4, "'seven' is not a valid !!int")]


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\na: 2\n", [(2, 1, "duplicate key 'a' (first at line 1)")]),
    ("<<: {a: 1}\n", [(1, 1, "merge keys ('<<') are not supported")]),
    ("? [a, b]\n: c\n", [(1, 3, "a mapping key must be a plain value, not a list or mapping")]),
    ("? {a: b}\n: c\n", [(1, 3, "a mapping key must be a plain value, not a list or mapping")]),
    ("l: &l [1]\n*l : 2\n", [(2, 1, "a mapping key must be a plain value, not a list or "
                                   "mapping")]),
    ("m: &m <<\n*m : 2\n", [(2, 1, "merge keys ('<<') are not supported")]),
])
def test_keys_that_are_refused(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert problems(text) == expected


def test_a_duplicate_key_keeps_the_first_and_reading_goes_on() -> None:
    result = read_yaml("w.yaml", "a: 1\na: 2\nb: 3\n")
    assert result.document == {"a": 1, "b": 3}
    assert len(result.problems) == 1


@pytest.mark.parametrize("text", ["", "  \n\n", "# only\n  # comments\n", "#a\u2028 #b",
                                  "\t#\r\n  \n"])
def test_blank_and_comment_only_files_are_empty(text: str) -> None:
    assert problems(text) == [(1, 1, "empty file")]


@pytest.mark.parametrize("text", ["# a comment\nplaces: {}\n", "#x\u2028places: {}\n",
                                  "  # a\n\n" + "#" * 40 + "\nworld: {}\n"])
def test_a_file_with_content_after_comments_is_read(text: str) -> None:
    assert problems(text) == []
