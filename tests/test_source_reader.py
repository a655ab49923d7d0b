"""The located YAML reader (`source.read_yaml`): values, positions and refusals."""

from __future__ import annotations

import contextlib

import pytest
import yaml

from zone_game import source
from zone_game.source import LMap, LSeq, line_col, read_yaml


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
    assert [line_col(p) for p in (doc.key_pos["top"], doc.val_pos["top"], top.pos)] == [
        (1, 1), (2, 3), (2, 3)]
    assert [line_col(p) for p in (top.key_pos["key"], top.val_pos["key"])] == [(2, 3), (2, 8)]
    items = top["list"]
    assert isinstance(items, LSeq)
    assert line_col(items.pos) == (3, 9)
    assert [line_col(p) for p in items.item_pos] == [(3, 10), (3, 13)]
    assert line_col(items[1].key_pos["b"]) == (3, 14)


def test_anchors_and_aliases_give_the_same_values() -> None:
    doc = read("a: &x [1, 2]\nb: *x\nc: &k key\n*k : aliased key\n")
    assert doc["b"] is doc["a"]
    assert doc["key"] == "aliased key"
    assert line_col(doc.key_pos["key"]) == (4, 1)


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


# ---------------------------------------------------------------- the two event paths

SAMPLES = [
    "top:\n  key: value\n  list: [a, {b: c}]\n  n: 12\n  t: true\n  q: '7'\n",
    "a: &x [1, 2]\nb: *x\nc: &k key\n*k : aliased key\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\nnone:\nx: !!str 12\ny: !!int '7'\n",
    "a: 1\na: 2\nb: 3\n",
    "<<: {a: 1}\n",
    "a: !!python/object:os.system x\n",
    "a: 1\n---\nb: 2\n",
    "a: " + "[" * 80 + "]" * 80 + "\n",
    "x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(7)),
]


def _shape(value: object) -> object:
    """A document with every position spelled out as (line, col): comparable across paths."""
    if isinstance(value, LMap):
        return ("map", line_col(value.pos),
                {k: (line_col(value.key_pos[k]), line_col(value.val_pos[k]), _shape(v))
                 for k, v in value.items()})
    if isinstance(value, LSeq):
        return ("seq", line_col(value.pos),
                [(line_col(p), _shape(v)) for p, v in zip(value.item_pos, value, strict=True)])
    return value


@pytest.mark.parametrize("text", SAMPLES)
def test_library_event_objects_read_as_the_fast_tuples_do(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path (libyaml's events built as tuples) and the fallback (the library's
    event objects, converted) give the same document, positions and problems."""
    fast = read_yaml("w.yaml", text)
    monkeypatch.setattr(source, "_tuple_events", contextlib.nullcontext)
    slow = read_yaml("w.yaml", text)
    monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)  # the pure-Python parser too
    pure = read_yaml("w.yaml", text)
    assert _shape(fast.document) == _shape(slow.document) == _shape(pure.document)
    assert fast.problems == slow.problems == pure.problems


def test_the_event_classes_are_put_back_after_every_read() -> None:
    import yaml.events

    read_yaml("w.yaml", "a: [1, {b: c}]\n")
    read_yaml("w.yaml", "a: [1\n")  # a syntax error leaves the read half-way
    read_yaml("w.yaml", "a: " + "[" * 100 + "\n")  # refused for its depth
    if source.HAVE_LIBYAML:
        for name in ("ScalarEvent", "MappingStartEvent", "SequenceEndEvent", "AliasEvent"):
            assert getattr(yaml._yaml, name) is getattr(yaml.events, name)
    assert yaml.load("a: [1, {b: c}]", Loader=source._Loader) == {"a": [1, {"b": "c"}]}


def test_the_fast_path_is_taken_with_libyaml() -> None:
    """Guards the speed of a cold load: with libyaml the parser must hand out tuples. A
    PyYAML that stops looking its event classes up where we swap them fails here."""
    loader = source._Loader("a: 1\n")
    try:
        with source._tuple_events():
            get_event = source._event_reader(loader)
            first = get_event()
    finally:
        loader.dispose()
    assert first[0] is source._MAPPING_START or first[0] is source._DOCUMENT_START
    assert (get_event == loader.get_event) is source.HAVE_LIBYAML


PLACE = "places:\n  hut:\n{}    exits: {{}}\n  road:\n    name: Road\n"


@pytest.mark.parametrize(("text", "line", "col", "message", "hint"), [
    # The author's slip: the first key one space too far. libyaml fails at the next line.
    (PLACE.format("     name: Hut\n    description: A hut.\n"), 3, 6,
     "a key indented more than the keys beside it (5 spaces; line 4 has 4)",
     "indent it with 4 spaces, like line 4"),
    # A block scalar and a comment inside the pushed-in key change nothing.
    (PLACE.format("     description: |\n        A hut.\n\n     # note\n    name: Hut\n"), 3,
     6, "a key indented more than the keys beside it (5 spaces; line 7 has 4)",
     "indent it with 4 spaces, like line 7"),
    # The other way round: the keys above are right, this one is one space short.
    (PLACE.format("    name: Hut\n    scenery:\n      bucket: Stones.\n"
                  "   description: A hut.\n"), 6, 4,
     "a key indented less than the keys beside it (3 spaces; line 3 has 4)",
     "indent it with 4 spaces, like line 3"),
    # Judged by the file's usual step (2): a list item one space short.
    ("a:\n  - x\n - y\n", 3, 2,
     "a key indented less than the keys beside it (1 space; line 2 has 2)",
     "indent it with 2 spaces, like line 2"),
    # A file indented by 3: the line at 3 under its parent is the right one.
    ("a:\n   b:\n      c: 1\n     d: 2\n", 4, 6,
     "a key indented less than the keys beside it (5 spaces; line 3 has 6)",
     "indent it with 6 spaces, like line 3"),
])
def test_a_misaligned_key_is_reported_at_the_line_that_is_off(
        text: str, line: int, col: int, message: str, hint: str) -> None:
    [problem] = read_yaml("w.yaml", text).problems
    assert (problem.line, problem.col, problem.message, problem.hint) == (
        line, col, "YAML syntax: " + message, hint)


@pytest.mark.parametrize("text", [
    "places:\n  hut:\n    scenery:\n\tbucket: Stones.\n",  # "cannot start any token"
    "places:\n  hut:\n    name: Hut\n\tdescription: A hut.\n",  # "violates indentation"
])
def test_a_tab_in_the_indentation_is_never_told_to_quote(text: str) -> None:
    [problem] = read_yaml("w.yaml", text).problems
    assert problem.line == 4 and problem.col == 1
    assert problem.hint == "indent with spaces, not tabs"


def test_a_quoting_slip_keeps_its_own_hint() -> None:
    [problem] = read_yaml("w.yaml", "a:\n  b: 'it's'\n  c: `x`\n").problems
    assert (problem.line, problem.message) == (2, "YAML syntax: did not find expected key")
    assert problem.hint == "check indentation and quoting around this point"
    [token] = read_yaml("w.yaml", "a:\n  b: `x`\n").problems
    assert token.hint == "quote the value"
