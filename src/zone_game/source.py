"""Reading YAML source safely, keeping the file:line:col of every key and value.

We build the document ourselves from libyaml's event stream instead of calling
`yaml.load`, for four reasons:

* positions: every mapping and sequence remembers where each key and value stood, so the
  compiler can point at the exact character an author must change;
* safety: nesting depth and alias expansion are bounded *while* reading, before any
  object is built (libyaml's own constructor recurses and crashes the whole interpreter
  on nesting ~30,000 deep — a crash, not an exception), and only the plain YAML tags are
  accepted, so `!!python/object` and friends never construct anything;
* honesty: duplicate keys are errors (PyYAML silently keeps the last one);
* speed: one pass over the events, no intermediate node graph.

Plain scalars are resolved by the YAML 1.2 core schema (what editors' YAML language
servers use): `true`/`false`, `null`/`~`, integers and floats. `yes`, `no`, `on` and `off`
stay strings — prose often says "no".
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml
from yaml import events as ev

from zone_game.problems import ERROR, Problem

try:  # libyaml's C parser is several times faster; the pure-Python one is a fallback.
    from yaml import CSafeLoader as _Loader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    HAVE_LIBYAML = False

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000  # after alias expansion: refuses "billion laughs" documents



class Mark(Protocol):
    """Where the YAML parser saw something (a `yaml` Mark): 0-based line and column."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


# A position in a file: a 1-based (line, column) pair, or the parser's own mark for it. The
# reader keeps the marks libyaml made anyway rather than building a pair for every key and
# value of a large world (a tenth of its cold load); `line_col` makes the pair when one
# is needed — when something is wrong.
Pos = tuple[int, int] | Mark


def line_col(pos: Pos) -> tuple[int, int]:
    """The 1-based line and column of a position."""
    if isinstance(pos, tuple):
        return pos
    return (pos.line + 1, pos.column + 1)

_SAFE_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
}
_INT = re.compile(r"[-+]?[0-9]+\Z|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
# Blank lines and comment lines only (a line ends where `str.splitlines` ends it). Matched
# from the start: it stops at the first line holding anything, without reading further.
_NOTHING = re.compile("(?:\\s|#[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*)*")
_warned_no_libyaml = False


class LMap(dict[Any, Any]):
    """A YAML mapping that remembers where it, each key and each value stood."""

    __slots__ = ("file", "key_pos", "pos", "val_pos")

    def __init__(self, file: str, pos: Pos) -> None:
        # (the empty dict or list itself is made by __new__: no base __init__ to call)
        self.file = file
        self.pos = pos
        self.key_pos: dict[Any, Pos] = {}
        self.val_pos: dict[Any, Pos] = {}


class LSeq(list[Any]):
    """A YAML sequence that remembers where it and each item stood."""

    __slots__ = ("file", "item_pos", "pos")

    def __init__(self, file: str, pos: Pos) -> None:
        # (the empty dict or list itself is made by __new__: no base __init__ to call)
        self.file = file
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass
class SourceFile:
    """One YAML file read: its document (None when unreadable) and what went wrong."""

    path: str
    text: str
    document: Any = None
    problems: list[Problem] = field(default_factory=list)


def _problem(path: str, pos: Pos, message: str, hint: str = "") -> Problem:
    line, col = line_col(pos)
    return Problem(path, line, col, ERROR, message, hint)


def decode_source(path: str, raw: bytes) -> tuple[str, list[Problem]]:
    """Bytes to text, refusing binary and non-UTF-8 files with the offending position."""
    if len(raw) > MAX_FILE_BYTES:
        return "", [
            _problem(path, (1, 1), f"file is {len(raw)} bytes, over the {MAX_FILE_BYTES} limit",
                     "split the world into several files")
        ]
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        return "", [_problem(path, (line, 1), "binary file (contains a NUL byte)",
                             "a world file must be UTF-8 text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return "", [_problem(path, (line, col), f"not UTF-8: byte 0x{raw[exc.start]:02x}",
                             "save the file as UTF-8")]
    return text, []


def read_yaml(path: str, text: str) -> SourceFile:
    """Parse one YAML document into LMap/LSeq/scalars, collecting every problem found."""
    global _warned_no_libyaml
    if not HAVE_LIBYAML and not _warned_no_libyaml:
        _warned_no_libyaml = True
        warnings.warn("libyaml is not available: reading YAML with the slower pure-Python "
                      "parser", RuntimeWarning, stacklevel=2)
    result = SourceFile(path, text)
    nothing = _NOTHING.match(text)
    if nothing is not None and nothing.end() == len(text):
        result.problems.append(_problem(path, (1, 1), "empty file",
                                        "a world file holds a mapping of sections, "
                                        "e.g. 'places:'"))
        return result
    try:
        result.document = _Builder(path, result.problems).build(text)
    except yaml.MarkedYAMLError as exc:
        result.problems.append(_syntax_problem(path, text, exc))
        result.document = None
    except _Abort:
        result.document = None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked reader errors
        result.problems.append(_problem(path, (1, 1), f"YAML: {exc}"))
        result.document = None
    return result


# Line breaks as YAML counts them, so that a mark's line number indexes the list.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _syntax_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error as a problem: libyaml's words at its mark, with a hint — except
    a misaligned key, which libyaml blames on the wrong line (see `_misaligned`)."""
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return _problem(path, (1, 1), f"YAML syntax: {what}", _syntax_hint(what, ""))
    lines = _YAML_BREAK.split(text)
    if what == "did not find expected key":
        misaligned = _misaligned(path, lines, mark.line, mark.column)
        if misaligned is not None:
            return misaligned
    line = lines[mark.line] if mark.line < len(lines) else ""
    char = line[mark.column] if mark.column < len(line) else ""
    return _problem(path, mark, f"YAML syntax: {what}", _syntax_hint(what, char))


def _indent(line: str) -> int | None:
    """The spaces before a line's content; None for a blank or comment line, or one
    indented with a tab (not an indent YAML accepts)."""
    content = line.lstrip(" ")
    if not content.strip() or content[0] in "#\t":
        return None
    return len(line) - len(content)


def _misaligned(path: str, lines: list[str], row: int, col: int) -> Problem | None:
    """A key indented more (or less) than the keys beside it, at the line that is off.

    libyaml reads a first key indented one space too far (`     name:` above
    `    description:`) as the start of a deeper mapping, and only fails at the next line:
    "did not find expected key" there. The lines above that line (`row`, indented `col`)
    that are indented more than it are the `run`, up to their parent (the line above
    them indented less); the run's first line at its shallowest indent and the line at
    `row` should line up. The one that is off is the one whose indent under the parent is
    not the file's usual step; failing that, the one with fewer lines at its indent
    beside it (the run, on a tie: a key pushed in is the commoner slip). None when the
    mark is not at a line's first character, or no line above is indented more.
    """
    if row >= len(lines) or _indent(lines[row]) != col:
        return None
    run: list[tuple[int, int]] = []  # (row, indent), bottom up
    parent: int | None = None  # the parent's indent
    for above in range(row - 1, -1, -1):
        indent = _indent(lines[above])
        if indent is None:
            continue
        if indent <= col:
            parent = indent
            break
        run.append((above, indent))
    if not run:
        return None
    deep = min(indent for _row, indent in run)
    siblings = [above for above, indent in run if indent == deep]
    first = siblings[-1]  # the run's first line at its level
    step = _usual_step(lines, {above for above, _indent in run} | {row})
    if parent is not None and (deep - parent == step) != (col - parent == step):
        pushed_in = col - parent == step
    else:
        level = 0  # lines at `col` from `row` on, before the text dedents past it
        for below in lines[row:]:
            indent = _indent(below)
            if indent is None or indent > col:
                continue
            if indent < col:
                break
            level += 1
        pushed_in = len(siblings) <= level
    if pushed_in:
        return Problem(path, first + 1, deep + 1, ERROR,
                       f"YAML syntax: a key indented more than the keys beside it "
                       f"({_spaces(deep)}; line {row + 1} has {col})",
                       f"indent it with {_spaces(col)}, like line {row + 1}")
    return Problem(path, row + 1, col + 1, ERROR,
                   f"YAML syntax: a key indented less than the keys beside it "
                   f"({_spaces(col)}; line {first + 1} has {deep})",
                   f"indent it with {_spaces(deep)}, like line {first + 1}")


def _usual_step(lines: list[str], judged: set[int]) -> int:
    """The indent a nested line most often adds to the line before it (2 if none does),
    leaving out the steps into and out of the `judged` rows, whose indents are in doubt."""
    steps: dict[int, int] = {}
    before: int | None = None
    for number, line in enumerate(lines):
        indent = _indent(line)
        if indent is None:
            continue
        if number in judged:
            before = None
            continue
        if before is not None and indent > before:
            steps[indent - before] = steps.get(indent - before, 0) + 1
        before = indent
    return max(sorted(steps), key=steps.__getitem__, default=2)


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _syntax_hint(what: str, char: str) -> str:
    """The likeliest fix for libyaml's complaint `what` at the character `char`."""
    if "nesting depth" in what:
        return "a world never needs this much nesting; is the file generated?"
    if "tab" in what or char == "\t":  # libyaml often says only "cannot start any token"
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return ("a key indented more than the keys beside it, or a value containing ': ' "
                "that needs quotes")
    if "could not find expected ':'" in what:
        return "each key needs a ':' after it; check the indentation of this line"
    if "found character" in what and "cannot start any token" in what:
        return "quote the value"
    return "check indentation and quoting around this point"


class _Abort(Exception):
    """Stop reading a file whose structure is unsafe to build (depth or alias limits)."""


class _Builder:
    """Turns libyaml's event stream into located containers, iteratively (no recursion)."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def build(self, text: str) -> Any:
        with _tuple_events():
            loader = _Loader(text)
            try:
                return self._run(_event_reader(loader))
            finally:
                loader.dispose()

    def _run(self, get_event: Callable[[], Any]) -> Any:
        # The hot loop of a cold start: one iteration per YAML event (a tuple, see
        # `_tuple_events`). The innermost container, its position tables, its pending key
        # and that key's position live in locals (pushed on `saved` when a nested
        # container opens), and the common case — a plain scalar in a mapping — takes the
        # shortest path: a plain scalar that cannot be anything but a string (most of
        # them) is not even handed to `_resolve_plain`.
        path = self.path
        anchors = self.anchors
        saved: list[tuple[Any, Any, Any, Any, Any, int, Any]] = []
        container: Any = None  # the innermost open container (None at the top level)
        in_map = False  # whether it is a mapping
        key_poses: Any = None  # its key_pos (a mapping) or item_pos (a sequence)
        val_poses: Any = None  # its val_pos (a mapping)
        key: Any = _NO_KEY  # its pending key, for a mapping
        key_pos: Any = None
        start_nodes = 0  # node count when the innermost container opened
        anchor: Any = None  # the innermost container's anchor
        root: Any = None
        documents = 0
        nodes = 0
        no_key = _NO_KEY
        lmap, lseq = LMap, LSeq
        resolve = _resolve_plain
        special_words = _SPECIAL_PLAIN
        numeric_starts = _NUMERIC_STARTS
        scalar, alias, mapping_start, sequence_start, collection_end, document_start = (
            _SCALAR, _ALIAS, _MAPPING_START, _SEQUENCE_START, _COLLECTION_END,
            _DOCUMENT_START)
        while True:
            event = get_event()
            kind = event[0]
            if kind is scalar:
                _, event_anchor, tag, implicit, value, pos, style = event
                if tag is None and not style:
                    if value in special_words or value[:1] in numeric_starts:
                        value = resolve(value)
                else:
                    value = self._scalar(value, tag, implicit, style, pos)
                nodes += 1
                if event_anchor is not None:
                    anchors[event_anchor] = (value, 1)
            elif kind is mapping_start or kind is sequence_start:
                _, event_anchor, tag, pos = event
                if tag is not None:
                    self._check_tag(tag, "map" if kind is mapping_start else "seq", pos)
                if len(saved) >= MAX_DEPTH:
                    self.problems.append(_problem(
                        path, pos, f"nesting deeper than {MAX_DEPTH} levels",
                        "a world never needs this much nesting; is the file generated?"))
                    raise _Abort
                saved.append((container, key_poses, val_poses, key, key_pos, start_nodes,
                              anchor))
                if kind is mapping_start:
                    container = lmap(path, pos)
                    key_poses = container.key_pos
                    val_poses = container.val_pos
                    in_map = True
                else:
                    container = lseq(path, pos)
                    key_poses = container.item_pos
                    in_map = False
                key = no_key
                start_nodes = nodes
                anchor = event_anchor
                nodes += 1
                continue
            elif kind is collection_end:
                value = container
                pos = value.pos
                if anchor is not None:
                    anchors[anchor] = (value, nodes - start_nodes)
                (container, key_poses, val_poses, key, key_pos, start_nodes,
                 anchor) = saved.pop()
                in_map = type(container) is lmap
                if in_map and key is no_key:
                    self.problems.append(_problem(path, pos, "a mapping key must be a "
                                                  "plain value, not a list or mapping"))
                    raise _Abort
            elif kind is alias:
                _, event_anchor, pos = event
                if event_anchor not in anchors:  # pragma: no cover - the parser rejects it
                    self.problems.append(_problem(path, pos, f"unknown alias *{event_anchor}"))
                    raise _Abort
                value, size = anchors[event_anchor]
                nodes += size
                if nodes > MAX_NODES:
                    self.problems.append(_problem(
                        path, pos, f"document expands to more than {MAX_NODES} nodes "
                        "(aliases repeated too often)", "use fewer aliases (*name)"))
                    raise _Abort
                if in_map and key is no_key and isinstance(value, (LMap, LSeq)):
                    self.problems.append(_problem(path, pos, "a mapping key must be a "
                                                  "plain value, not a list or mapping"))
                    raise _Abort
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    self.problems.append(_problem(
                        path, event[1],
                        "more than one YAML document in the file",
                        "remove the '---' line, or split the documents into files"))
                    raise _Abort
                continue
            elif kind is _STREAM_END:
                break
            else:
                continue
            # A value: the innermost container takes it; in a mapping, it is the pending key
            # or its value. (A container closing where a key is due was refused above.)
            if in_map:
                if key is no_key:
                    if value == "<<":
                        self.problems.append(_problem(path, pos, "merge keys ('<<') are "
                                                      "not supported", "write the keys out"))
                        raise _Abort
                    key = value
                    key_pos = pos
                else:
                    if key in container:
                        first, _ = line_col(key_poses[key])
                        self.problems.append(_problem(
                            path, key_pos, f"duplicate key '{key}' (first at line {first})",
                            "each key may appear once in a mapping; merge or rename one"))
                    else:
                        container[key] = value
                        key_poses[key] = key_pos
                        val_poses[key] = pos
                    key = no_key
            elif container is None:
                root = value
            else:
                container.append(value)
                key_poses.append(pos)
        self.nodes = nodes
        return root

    def _check_tag(self, tag: str | None, natural: str, pos: Pos) -> str | None:
        if tag is None or tag == "!":
            return None
        kind = _SAFE_TAGS.get(tag)
        if kind is None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(_problem(self.path, pos, f"tag '{shown}' is not allowed",
                                          "world files use plain YAML values only"))
            raise _Abort
        if kind in ("map", "seq") and kind != natural:
            self.problems.append(_problem(self.path, pos, f"tag '!!{kind}' on a {natural}"))
            raise _Abort
        return kind

    def _scalar(self, value: str, tag: str | None, implicit: tuple[bool, bool],
                style: str | None, pos: Pos) -> Any:
        tag = self._check_tag(tag, "scalar", pos) if tag is not None else None
        if tag is None:
            if style or not implicit[0]:  # quoted or block: always a string
                return value
            return _resolve_plain(value)
        if tag == "str":
            return value
        resolved = _resolve_plain(value)
        expected = {"int": int, "bool": bool, "null": type(None), "float": float}[tag]
        if type(resolved) is not expected:
            self.problems.append(_problem(self.path, pos, f"'{value}' is not a valid !!{tag}"))
            return value
        return resolved


_NO_KEY = object()


# ---------------------------------------------------------------- events as tuples
#
# PyYAML's C parser hands each libyaml event to Python as an instance of a class from
# `yaml.events`, built by that class's Python `__init__` (seven attribute stores for a
# scalar) — about a tenth of a cold load of a large world. The C module looks those
# classes up among its own globals each time it builds an event, so for the length of one
# read we put in their place plain functions that return tuples, which the reader unpacks
# at C speed. Tuples keep only what the reader uses: the kind (one of the names below,
# compared by identity), the anchor, the tag, the value and its style, and the start mark.
# When the functions do not take (a pure-Python parser, or a PyYAML built another way),
# `_event_reader` converts the library's event objects into the same tuples instead.

_SCALAR, _ALIAS, _MAPPING_START, _SEQUENCE_START = "scalar", "alias", "mapping", "sequence"
_COLLECTION_END, _DOCUMENT_START, _STREAM_END, _OTHER = "end", "document", "stream end", "-"
_END_EVENT = (_COLLECTION_END,)
_STREAM_END_EVENT = (_STREAM_END,)
_OTHER_EVENT = (_OTHER,)


def _scalar_event(anchor: Any, tag: Any, implicit: Any, value: Any, start_mark: Any,
                  end_mark: Any, style: Any) -> tuple[Any, ...]:
    return (_SCALAR, anchor, tag, implicit, value, start_mark, style)


def _mapping_start_event(anchor: Any, tag: Any, implicit: Any, start_mark: Any,
                         end_mark: Any, flow_style: Any = None) -> tuple[Any, ...]:
    return (_MAPPING_START, anchor, tag, start_mark)


def _sequence_start_event(anchor: Any, tag: Any, implicit: Any, start_mark: Any,
                          end_mark: Any, flow_style: Any = None) -> tuple[Any, ...]:
    return (_SEQUENCE_START, anchor, tag, start_mark)


def _alias_event(anchor: Any, start_mark: Any, end_mark: Any) -> tuple[Any, ...]:
    return (_ALIAS, anchor, start_mark)


def _document_start_event(start_mark: Any, *_rest: Any) -> tuple[Any, ...]:
    return (_DOCUMENT_START, start_mark)


def _collection_end_event(*_marks: Any) -> tuple[Any, ...]:
    return _END_EVENT


def _stream_end_event(*_marks: Any) -> tuple[Any, ...]:
    return _STREAM_END_EVENT


def _other_event(*_args: Any) -> tuple[Any, ...]:
    return _OTHER_EVENT


_TUPLE_BUILDERS: dict[str, Callable[..., tuple[Any, ...]]] = {
    "ScalarEvent": _scalar_event,
    "MappingStartEvent": _mapping_start_event,
    "SequenceStartEvent": _sequence_start_event,
    "AliasEvent": _alias_event,
    "DocumentStartEvent": _document_start_event,
    "MappingEndEvent": _collection_end_event,
    "SequenceEndEvent": _collection_end_event,
    "StreamEndEvent": _stream_end_event,
    "StreamStartEvent": _other_event,
    "DocumentEndEvent": _other_event,
}
# The event classes are swapped in and out of a module shared by the whole process: one
# read at a time.
_SWAP_LOCK = threading.Lock()


@contextmanager
def _tuple_events() -> Iterator[None]:
    """For the duration: libyaml's events reach Python as tuples (see above)."""
    module = getattr(yaml, "_yaml", None) if HAVE_LIBYAML else None
    if module is None:  # pragma: no cover - depends on how PyYAML was built
        yield
        return
    with _SWAP_LOCK:
        originals = {name: module.__dict__[name] for name in _TUPLE_BUILDERS
                     if name in module.__dict__}
        try:
            module.__dict__.update({name: _TUPLE_BUILDERS[name] for name in originals})
            yield
        finally:
            module.__dict__.update(originals)


def _as_tuple(event: Any) -> tuple[Any, ...]:
    """A `yaml.events` object as the tuple the tuple builders would have made of it."""
    kind = type(event)
    if kind is ev.ScalarEvent:
        return _scalar_event(event.anchor, event.tag, event.implicit, event.value,
                             event.start_mark, None, event.style)
    if kind is ev.MappingStartEvent:
        return _mapping_start_event(event.anchor, event.tag, None, event.start_mark, None)
    if kind is ev.SequenceStartEvent:
        return _sequence_start_event(event.anchor, event.tag, None, event.start_mark, None)
    if kind is ev.AliasEvent:
        return _alias_event(event.anchor, event.start_mark, None)
    if kind is ev.DocumentStartEvent:
        return _document_start_event(event.start_mark)
    if kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
        return _END_EVENT
    if kind is ev.StreamEndEvent or event is None:
        return _STREAM_END_EVENT
    return _OTHER_EVENT


def _event_reader(loader: Any) -> Callable[[], tuple[Any, ...]]:
    """The function that returns the loader's next event as a tuple."""
    first = loader.get_event()  # the stream start
    if type(first) is tuple:
        return loader.get_event  # type: ignore[no-any-return]
    get_event = loader.get_event

    def next_as_tuple() -> tuple[Any, ...]:
        return _as_tuple(get_event())

    return next_as_tuple
# A plain scalar is a string unless it is one of these words or starts like a number.
_SPECIAL_PLAIN = _NULLS | _TRUES | _FALSES
_NUMERIC_STARTS = "0123456789+-."


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of a plain (unquoted) scalar."""
    if not value:
        return None
    first = value[0]
    if first in "0123456789+-.":
        if _INT.match(value):
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if _FLOAT.match(value):
            return float(value)
        if value in (".inf", "+.inf", ".Inf", "+.Inf"):
            return float("inf")
        return value
    if first in "tTfFnN~":
        if value in _TRUES:
            return True
        if value in _FALSES:
            return False
        if value in _NULLS:
            return None
    return value
