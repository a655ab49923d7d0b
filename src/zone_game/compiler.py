"""From located YAML documents to a frozen `World`, collecting every problem on the way.

The compiler checks each mapping against the format table in `spec`, resolves every
reference, parses every condition, effect and text template, and reports problems with the
position of the offending key or value. It never repairs: a world with errors yields no
`World`, only the list of what is wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from zone_game import spec
from zone_game.expr import (
    BINDINGS,
    ExprError,
    Names,
    Tree,
    parse_condition,
    parse_effect,
    parse_template,
)
from zone_game.problems import ERROR, Problem, did_you_mean, nearest
from zone_game.source import LMap, LSeq, Pos, SourceFile, line_col
from zone_game.sourcemap import SourceMap
from zone_game.vocabulary import DIRECTION_ALIASES, SLOTS, is_direction
from zone_game.world import (
    NOWHERE,
    TRUE,
    Act,
    Character,
    Effects,
    Ending,
    Exit,
    Hazard,
    Item,
    Labelled,
    Line,
    Node,
    Option,
    Place,
    Remark,
    Rule,
    Scenery,
    Table,
    Text,
    Timer,
    Topic,
    Verb,
    World,
)

MAX_IDS = 200_000


@dataclass(frozen=True, slots=True)
class _ShapeCheck:
    """How `check` reads one shape, built once per shape (`check` runs for every mapping).

    `keys` maps a key's name to (the key, the exact Python types whose values always have
    the key's outer form, the predicate deciding every other value): most values are
    settled by the type lookup alone, without a call.
    """

    shape: spec.Shape
    keys: dict[str, tuple[spec.Key, frozenset[type], Callable[[Any], bool]]]
    required: tuple[spec.Key, ...]
    shorthand_types: frozenset[type]  # as in `keys`, for the shorthand (none without one)
    shorthand_key: str  # the key a shorthand stands for: the shape's first required key


_SHAPE_CHECKS: dict[str, _ShapeCheck] = {}


def _shape_check(type_: str) -> _ShapeCheck:
    """The `_ShapeCheck` of a `shape:NAME` type."""
    found = _SHAPE_CHECKS.get(type_)
    if found is None:
        shape = spec.SHAPES[type_[6:]]
        found = _SHAPE_CHECKS[type_] = _ShapeCheck(
            shape, {k.name: (k, _exact_types(k.type), spec.checker(k.type)) for k in shape.keys},
            shape.required, _exact_types(shape.shorthand) if shape.shorthand else frozenset(),
            next((k.name for k in shape.keys if k.required), ""))
    return found


def _exact_types(type_: str) -> frozenset[type]:
    """`spec.plain_types`, plus the located containers the reader gives for dict and list."""
    types = spec.plain_types(type_)
    return types | {located for plain, located in ((dict, LMap), (list, LSeq))
                    if plain in types}


def _what(what: str, name: object) -> str:
    """A mapping's name in a message: `what`, with `name` in its `{}` when there is one."""
    return what if name is None else what.format(name)


# `{$item}` in a text; `{{$item}}` is the literal text "{$item}", no placeholder
_PLACEHOLDER = re.compile(r"(?<!\{)\{\s*(\$\w+)\s*\}(?!\})")


def _bindings_of(slots: Iterable[str]) -> set[str]:
    """The `$` names a command with these slots binds: one per slot, and `$target` (the
    place a way leads to) with a direction."""
    bindings = {f"${slot.lower()}" for slot in slots}
    if "$direction" in bindings:
        bindings.add("$target")
    return bindings


def _line_starts(text: str) -> list[int]:
    """The offset in `text` at which each of its lines begins."""
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _occurrences(text: str, word: str) -> int:
    """How many times `word` occurs in `text`, overlaps counted (as `find` steps)."""
    count, index = 0, text.find(word)
    while index >= 0:
        count += 1
        index = text.find(word, index + 1)
    return count


@dataclass(slots=True)
class _Located:
    """A value with the file and position it came from."""

    value: Any
    file: str
    pos: Pos


@dataclass
class _Compiler:
    files: list[SourceFile]
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file -> its text
    line_starts: dict[str, list[int]] = field(default_factory=dict)  # by file, when needed
    world_map: _Located | None = None
    maps: dict[str, dict[str, _Located]] = field(default_factory=dict)
    lists: dict[str, list[_Located]] = field(default_factory=dict)
    names: Names | None = None
    # Text templates compiled cleanly, by their text: a large world repeats its texts
    # (`closed: The way is blocked.`). A text with a problem is never remembered, so the
    # problem is reported at each place it is written.
    templates: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    # The id meant -> the invalid id written (`chapel_gate` -> `Chapel_gate`): a reference
    # to either is then explained by that slip, not by the nearest valid id.
    invalid_ids: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------ problems

    def error(self, file: str, pos: Pos, message: str, hint: str = "") -> None:
        line, col = line_col(pos)
        self.problems.append(Problem(file, line, col, ERROR, message, hint))

    def _expr_pos(self, file: str, pos: Pos, value: str, offset: int) -> Pos:
        """Where character `offset` of `value`, a scalar written at `pos`, stands in the
        file — wherever YAML put its lines: a `|` or `>` block, a plain scalar folded
        over several lines, a quoted one with escapes.

        The word at `offset` (up to a space) is looked for in the file from `pos` on: its
        n-th occurrence in the value is its n-th there (folding only changes spaces and
        line breaks, and names hold no escapes). Falls back to counting along the first
        line when the word cannot be found (an error at the very end of the value)."""
        text = self.texts.get(file)
        starts = self.line_starts.get(file)
        if text is None:
            return pos
        if starts is None:
            starts = self.line_starts[file] = _line_starts(text)
        line_number, column = line_col(pos)
        if not 1 <= line_number <= len(starts):
            return pos
        begin = starts[line_number - 1] + column - 1
        word = value[offset:].split(maxsplit=1)[0] if value[offset:].strip() else ""
        if word and not value[offset:offset + 1].isspace():
            index = begin - 1
            for _ in range(_occurrences(value[:offset + len(word)], word)):
                index = text.find(word, index + 1)
                if index < 0:
                    break
            if index >= begin:
                line = bisect_right(starts, index)
                return (line, index - starts[line - 1] + 1)
        start = text[begin:begin + 1]
        if start in ("|", ">"):
            return pos  # block scalar: the text starts on the next line
        quote = 1 if start in ("\"", "'") else 0
        return (line_number, column + quote + offset)

    # ------------------------------------------------------------ merging

    def merge(self) -> None:
        for source in self.files:
            self.texts[source.path] = source.text
            self.problems.extend(source.problems)
            document = source.document
            if document is None:
                continue
            if not isinstance(document, LMap):
                self.error(source.path, getattr(document, "pos", (1, 1)),
                           "the top level of a world file must be a mapping of sections",
                           "start with a section name, e.g. 'places:'")
                continue
            for section, value in document.items():
                key_pos = document.key_pos[section]
                val_pos = document.val_pos[section]
                if section not in spec.SECTIONS:
                    self.error(source.path, key_pos, f"unknown section '{section}'",
                               did_you_mean(str(section), spec.SECTIONS, "section"))
                    continue
                type_ = spec.SECTIONS[section][0]
                if value is None:
                    continue  # an empty section is allowed while writing
                if not spec.type_ok(value, type_):
                    self.error(source.path, val_pos, f"section '{section}' must be "
                               f"{spec.describe_type(type_)}")
                    continue
                if section == "world":
                    if self.world_map is not None:
                        first_line, _ = line_col(self.world_map.pos)
                        self.error(source.path, key_pos, "'world' is defined twice",
                                   f"first in {self.world_map.file}:{first_line}")
                        continue
                    self.world_map = _Located(value, source.path, val_pos)
                elif isinstance(value, LSeq):
                    bucket = self.lists.setdefault(section, [])
                    for index, entry in enumerate(value):
                        bucket.append(_Located(entry, source.path, value.item_pos[index]))
                else:
                    table = self.maps.setdefault(section, {})
                    valid_id = spec.ID_PATTERN.match
                    for entry_id, entry in value.items():
                        pos = value.key_pos[entry_id]
                        if not isinstance(entry_id, str) or not valid_id(entry_id):
                            self.error(source.path, pos, f"'{entry_id}' is not a valid id",
                                       _invalid_id_hint(entry_id))
                            meant = _meant_id(entry_id)
                            if meant:
                                self.invalid_ids[meant] = self.invalid_ids[entry_id] = \
                                    str(entry_id)
                            continue
                        if entry_id in table:
                            first = table[entry_id]
                            self.error(source.path, pos, f"duplicate id '{entry_id}' in "
                                       f"{section}",
                                       f"first defined at {first.file}:{line_col(first.pos)[0]}")
                            continue
                        table[entry_id] = _Located(entry, source.path, pos)
                        if len(table) > MAX_IDS:
                            self.error(source.path, pos, f"more than {MAX_IDS} {section}")
                            return

    # ------------------------------------------------------------ shape checking

    def check(self, value: Any, file: str, pos: Pos, type_: str, what: str,
              name: object = None) -> dict[str, Any]:
        """Check a mapping against a shape; return key -> (value, value position).

        Unknown keys, missing required keys and wrong types are reported; keys with
        problems are left out, so the caller falls back to the default. `what` names the
        mapping in messages; with `name`, it is a pattern whose `{}` the name fills (made
        only for a message: most mappings have no problem).
        """
        shape_check = _SHAPE_CHECKS.get(type_) or _shape_check(type_)
        shape = shape_check.shape
        out: dict[str, Any] = {}
        if not isinstance(value, LMap):
            if shape.shorthand and (type(value) in shape_check.shorthand_types
                                    or spec.type_ok(value, shape.shorthand)):
                return {shape_check.shorthand_key: (value, pos)}
            self.error(file, pos, f"{_what(what, name)} must be {spec.describe_type(type_)}")
            return {"__invalid__": True}
        val_pos = value.val_pos
        checks = shape_check.keys
        for key, item in value.items():
            found = checks.get(key)  # keys are scalars: one that is not a str finds nothing
            if found is None:
                self.error(file, value.key_pos[key],
                           f"unknown key '{key}' in {_what(what, name)}",
                           _unknown_key_hint(type_, str(key), [k.name for k in shape.keys]))
                continue
            spec_key, plain, type_ok = found
            if type(item) in plain:
                out[key] = (item, val_pos[key])
                continue
            if item is None and not spec_key.required:
                continue
            if not type_ok(item):
                self.error(file, val_pos[key], f"'{key}' must be "
                           f"{spec.describe_type(spec_key.type)}",
                           f"{spec_key.doc}")
                continue
            out[key] = (item, val_pos[key])
        for spec_key in shape_check.required:
            if spec_key.name not in out and spec_key.name not in value:
                self.error(file, pos, f"{_what(what, name)} is missing the required key "
                           f"'{spec_key.name}'", spec_key.doc)
                out["__invalid__"] = True
        return out

    # ------------------------------------------------------------ value compilers

    def ids(self, kind: str) -> frozenset[str]:
        assert self.names is not None
        return self.names.ids(kind)

    def ref(self, file: str, pos: Pos, value: str, kind: str, extra: Iterable[str] = ()) -> str:
        assert self.names is not None
        ids = self.names.ids(kind)
        if value not in ids and value not in extra:
            pool = ids | frozenset(extra)  # built only for the message: this path is rare
            written = self.invalid_ids.get(value, "")
            hint = (f"it is defined as '{written}', which is no valid id: rename the "
                    f"definition '{_meant_id(written)}' (and name it so here)" if written
                    else did_you_mean(value, pool, kind))
            self.error(file, pos, f"unknown {kind} '{value}'", hint)
        return value

    def cond(self, file: str, entry: dict[str, Any], key: str = "if") -> Tree:
        if key not in entry:
            return TRUE
        value, pos = entry[key]
        assert self.names is not None
        try:
            return parse_condition(value, self.names)
        except ExprError as exc:
            self.error(file, self._expr_pos(file, pos, value, exc.offset), exc.message,
                       exc.hint)
            return TRUE

    def text(self, file: str, entry: dict[str, Any], key: str,
             bindings: Iterable[str] | None = None) -> Text:
        """The text under `key`; with `bindings`, a `{$name}` in it must be one of them
        (the words of the command a rule or a verb answers)."""
        if key not in entry:
            return ()
        value, pos = entry[key]
        text = self.text_value(file, value, pos)
        if bindings is not None:
            self._check_bindings(file, value, pos, set(bindings))
        return text

    def world_text(self, file: str, head: dict[str, Any], key: str) -> Text:
        """A `world:` text the engine always has something to say for: the author's, else
        the default the spec documents for it (one place for the words)."""
        default = spec.WORLD.key(key)
        assert default is not None, key
        return self.text(file, head, key) or ((None, (default.default,)),)

    def _check_bindings(self, file: str, value: Any, pos: Pos, allowed: set[str]) -> None:
        written = [(value, pos)] if isinstance(value, str) else [
            (v, value.item_pos[i]) if isinstance(v, str)
            else (v.get("text", ""), v.val_pos.get("text", pos))
            for i, v in enumerate(value)]
        for source, where in written:
            for match in _PLACEHOLDER.finditer(str(source)):
                name = match.group(1)
                if name in BINDINGS and name not in allowed:
                    hint = (f"here you may use {', '.join(sorted(allowed))}" if allowed
                            else "nothing is named here: a rule's `say` for a verb without "
                            "slots, or a verb's `refuse` (it also answers the verb typed "
                            "alone); write the word itself")
                    self.error(file, self._expr_pos(file, where, str(source), match.start(1)),
                               f"'{name}' is not bound here", hint)

    def text_value(self, file: str, value: Any, pos: Pos) -> Text:
        assert self.names is not None
        if isinstance(value, str):
            return ((None, self._template(file, value, pos)),)
        variants: list[tuple[Tree | None, tuple[Any, ...]]] = []
        for index, variant in enumerate(value):
            item_pos = value.item_pos[index]
            if isinstance(variant, str):
                variants.append((None, self._template(file, variant, item_pos)))
                continue
            checked = self.check_variant(file, variant, item_pos)
            if checked is None:
                continue
            condition, template = checked
            variants.append((condition, template))
        return tuple(variants)

    def check_variant(self, file: str, variant: LMap, pos: Pos) -> tuple[Tree | None,
                                                                           tuple[Any, ...]] | None:
        assert self.names is not None
        for key in variant:
            if key not in ("if", "text"):
                self.error(file, variant.key_pos[key], f"unknown key '{key}' in a text "
                           "variant", "a variant has 'if' and 'text'")
        if "text" not in variant or not isinstance(variant["text"], str):
            self.error(file, pos, "a text variant needs 'text' (a string)")
            return None
        condition: Tree | None = None
        if "if" in variant:
            raw = variant["if"]
            if not isinstance(raw, (str, bool)):
                self.error(file, variant.val_pos["if"], "'if' must be a condition")
            else:
                try:
                    condition = parse_condition(raw, self.names)
                except ExprError as exc:
                    self.error(file,
                               self._expr_pos(file, variant.val_pos["if"], str(raw), exc.offset),
                               exc.message, exc.hint)
        return condition, self._template(file, variant["text"], variant.val_pos["text"])

    def _template(self, file: str, text: str, pos: Pos) -> tuple[Any, ...]:
        template = self.templates.get(text)
        if template is not None:
            return template
        assert self.names is not None
        try:
            template = parse_template(text, self.names)
        except ExprError as exc:
            self.error(file, self._expr_pos(file, pos, text, exc.offset), exc.message, exc.hint)
            return (text,)
        self.templates[text] = template
        return template

    def effects(self, file: str, entry: dict[str, Any], key: str = "do",
                bindings: Iterable[str] = ()) -> Effects:
        if key not in entry:
            return ()
        value, pos = entry[key]
        assert self.names is not None
        items: list[tuple[str, Pos]]
        if isinstance(value, str):
            items = [(value, pos)]
        else:
            items = [(v, value.item_pos[i]) for i, v in enumerate(value)]
        allowed = set(bindings)
        compiled: list[Tree] = []
        for source, item_pos in items:
            try:
                tree = parse_effect(source, self.names)
            except ExprError as exc:
                self.error(file, self._expr_pos(file, item_pos, source, exc.offset), exc.message,
                           exc.hint)
                continue
            for word in source.split():
                if word.startswith("$") and word not in allowed:
                    hint = (f"here you may use {', '.join(sorted(allowed))}" if allowed
                            else "'$' names exist only in rules, for the words of the command")
                    if word not in BINDINGS:
                        hint = did_you_mean(word, BINDINGS, "binding")
                    self.error(file, item_pos, f"'{word}' is not bound here", hint)
            compiled.append(tree)
        return tuple(compiled)

    def words(self, entry: dict[str, Any], key: str) -> tuple[str, ...]:
        if key not in entry:
            return ()
        value = entry[key][0]
        items = [value] if isinstance(value, str) else value
        words = []
        for item in items:
            word = " ".join(str(item).lower().split())  # empty exactly when item is blank
            if word:
                words.append(word)
        return tuple(words)

    def get(self, entry: dict[str, Any], key: str, default: Any) -> Any:
        return entry[key][0] if key in entry else default

    # ------------------------------------------------------------ the world

    def collect_names(self) -> None:
        var_names: set[str] = set()
        vars_map = self.maps.get("vars", {})
        for var_id, located in vars_map.items():
            if not isinstance(located.value, (bool, int)):
                self.error(located.file, located.pos, f"variable '{var_id}' must start as "
                           "true, false or an integer")
            var_names.add(var_id)
        for char_id, located in self.maps.get("characters", {}).items():
            moods = located.value.get("moods") if isinstance(located.value, LMap) else None
            if isinstance(moods, LMap):
                var_names.update(f"{char_id}.{m}" for m in moods if isinstance(m, str))
        for item_id, located in self.maps.get("items", {}).items():
            flags = located.value.get("flags") if isinstance(located.value, LMap) else None
            if isinstance(flags, LMap):
                var_names.update(f"{item_id}.{f}" for f in flags if isinstance(f, str))
        tables = {kind: frozenset(self.maps.get(section, {}))
                  for kind, section in spec.REF_KINDS.items()}
        self.names = Names(frozenset(var_names), tables)
        clash = tables["item"] & tables["character"]
        for thing in sorted(clash):
            located = self.maps["characters"][thing]
            self.error(located.file, located.pos, f"'{thing}' is both an item and a "
                       "character", "items and characters share one namespace; rename one")

    def compile(self) -> World | None:
        self.merge()
        if any(source.document is None and any(p.severity == ERROR for p in source.problems)
               for source in self.files):
            # A file that could not be read (a YAML syntax error, bad bytes) leaves out
            # whatever it defines: checking the rest would blame every reference to it.
            # Its own problem is the one to fix first, so it is the only one reported.
            return None
        if self.world_map is None:
            file = self.files[0].path if self.files else "<world>"
            if not any(p.severity == ERROR for p in self.problems):
                self.error(file, (1, 1), "no 'world' section in any file",
                           "add 'world:' with id, title, start and player")
            return None
        self.collect_names()
        located = self.world_map
        head = self.check(located.value, located.file, located.pos, "shape:world", "world")
        places = self.compile_table("places", "shape:place", self.place)
        items = self.compile_table("items", "shape:item", self.item)
        characters = self.compile_table("characters", "shape:character", self.character)
        dialogue = self.compile_table("dialogue", "shape:node", self.node)
        topics = self.compile_table("topics", "shape:topic", self.topic)
        verbs = self.compile_table("verbs", "shape:verb", self.verb)
        hazards = self.compile_table("hazards", "shape:hazard", self.hazard)
        endings = self.compile_table("endings", "shape:ending", self.ending)
        rules = self.compile_list("rules", "shape:rule", self.rule, verbs)
        timers = self.compile_list("timers", "shape:timer", self.timer, None)
        file = located.file
        start = self.get(head, "start", "")
        if "start" in head:
            self.ref(file, head["start"][1], start, "place")
        player = self.get(head, "player", "")
        if "player" in head:
            self.ref(file, head["player"][1], player, "character")
        acts = tuple(
            Act(act_id, self.get(entry, "title", ""), self.get(entry, "theme", ""))
            for act_id, entry in self._each_map(head, "acts", "shape:act", file))
        act_ids = {act.id for act in acts}
        for place_id, place in places.items():
            if place.act and place.act not in act_ids:
                source = self.maps["places"][place_id]
                written = source.value.val_pos.get("act", source.pos) \
                    if isinstance(source.value, LMap) else source.pos
                self.error(source.file, written, f"place '{place_id}' names unknown act "
                           f"'{place.act}'", did_you_mean(place.act, act_ids, "act"))
        var_names = tuple(sorted(self.names.vars)) if self.names else ()
        initial = self.initial_vars(var_names, items, characters)
        # The world's own texts are compiled with everything else, before the verdict, so
        # that their problems are reported in the same run as the others'.
        intro = self.text(file, head, "intro")
        probe_safe = self.world_text(file, head, "probe_safe")
        probe_more = self.world_text(file, head, "probe_more")
        avoid_more = self.world_text(file, head, "avoid_more")
        status = self.labelled(head, "status", file)
        summary = self.labelled(head, "summary", file)
        if any(p.severity == ERROR for p in self.problems) or "__invalid__" in head:
            return None
        return World(
            id=self.get(head, "id", ""), title=self.get(head, "title", ""),
            version=str(self.get(head, "version", "1")), author=self.get(head, "author", ""),
            start=start, player=player, intro=intro, probe_safe=probe_safe,
            probe_more=probe_more, avoid_more=avoid_more, status=status, summary=summary,
            acts=acts,
            var_names=var_names, var_initial=initial,
            places=Table(places), items=Table(items), characters=Table(characters),
            dialogue=Table(dialogue), topics=Table(topics), verbs=Table(verbs),
            rules=tuple(rules), hazards=Table(hazards), timers=tuple(timers),
            endings=Table(endings),
            source_files=tuple(f.path for f in self.files),
        )

    def initial_vars(self, var_names: tuple[str, ...], items: dict[str, Item],
                     characters: dict[str, Character]) -> tuple[int | bool, ...]:
        values: dict[str, int | bool] = {}
        for var_id, located in self.maps.get("vars", {}).items():
            if isinstance(located.value, (bool, int)):
                values[var_id] = located.value
        for item in items.values():
            for flag, value in item.flags:
                values[f"{item.id}.{flag}"] = value
        for character in characters.values():
            for mood, value in character.moods:
                values[f"{character.id}.{mood}"] = value
        return tuple(values.get(name, 0) for name in var_names)

    def _each_map(self, entry: dict[str, Any], key: str, type_: str,
                  file: str) -> list[tuple[str, dict[str, Any]]]:
        if key not in entry:
            return []
        mapping = entry[key][0]
        out = []
        val_pos = mapping.val_pos
        what = f"{key} '{{}}'"
        for sub_id, value in mapping.items():
            if not isinstance(sub_id, str):
                self.error(file, mapping.key_pos[sub_id], f"'{sub_id}' is not a valid name")
                continue
            out.append((sub_id, self.check(value, file, val_pos[sub_id], type_, what,
                                           sub_id)))
        return out

    def _each_list(self, entry: dict[str, Any], key: str, type_: str,
                   file: str) -> list[tuple[dict[str, Any], Pos]]:
        if key not in entry:
            return []
        seq = entry[key][0]
        return [(self.check(value, file, seq.item_pos[i], type_, f"an entry of '{key}'"),
                 seq.item_pos[i]) for i, value in enumerate(seq)]

    def labelled(self, head: dict[str, Any], key: str, file: str) -> tuple[Labelled, ...]:
        out = []
        for entry, _pos in self._each_list(head, key, "shape:labelled", file):
            if "__invalid__" in entry:
                continue
            out.append(Labelled(self.get(entry, "label", ""), self.text(file, entry, "value"),
                                self.cond(file, entry)))
        return tuple(out)

    def compile_table(self, section: str, type_: str, build: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        what = f"{section[:-1] if section.endswith('s') else section} '{{}}'"
        for entry_id, located in self.maps.get(section, {}).items():
            entry = self.check(located.value, located.file, located.pos, type_, what,
                               entry_id)
            if "__invalid__" in entry and len(entry) == 1:
                continue
            record = build(entry_id, entry, located.file, located.pos)
            if record is not None:
                out[entry_id] = record
        return out

    def compile_list(self, section: str, type_: str, build: Any, extra: Any) -> list[Any]:
        out = []
        for index, located in enumerate(self.lists.get(section, [])):
            entry = self.check(located.value, located.file, located.pos, type_,
                               f"{section[:-1]} #{index + 1}")
            if "__invalid__" in entry and len(entry) == 1:
                continue
            record = build(index, entry, located.file, located.pos, extra)
            if record is not None:
                out.append(record)
        return out

    # ------------------------------------------------------------ records

    def place(self, place_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Place:
        exits = []
        places = self.ids("place")
        for name, exit_entry in self._each_map(entry, "exits", "shape:exit", file):
            if "to" not in exit_entry:
                continue
            to, to_pos = exit_entry["to"]
            if to not in places:
                self.ref(file, to_pos, to, "place")
            lower = name.lower()
            if len(exit_entry) == 1:
                # Only `to` (`north: cellar`, the most common exit): the record the general
                # case below gives with every other key absent, without asking for each.
                exits.append(Exit(DIRECTION_ALIASES.get(lower, lower), to, TRUE, (), False,
                                  (), (), ()))
                continue
            exits.append(Exit(
                name=DIRECTION_ALIASES.get(lower, lower), to=to,
                when=self.cond(file, exit_entry, "when"),
                closed=self.text(file, exit_entry, "closed"),
                hidden=self.get(exit_entry, "hidden", False),
                one_way=self.text(file, exit_entry, "one_way"),
                text=self.text(file, exit_entry, "text"),
                effects=self.effects(file, exit_entry)))
        scenery = []
        for scenery_id, scenery_entry in self._each_map(entry, "scenery", "shape:scenery",
                                                        file):
            nouns = self.words(scenery_entry, "nouns") or (scenery_id.replace("_", " "),)
            scenery.append(Scenery(scenery_id, nouns,
                                   self.text(file, scenery_entry, "description")))
        return Place(place_id, self.get(entry, "name", place_id),
                     self.text(file, entry, "description"), self.text(file, entry, "revisit"),
                     self.text(file, entry, "examine"), self.get(entry, "act", ""),
                     tuple(exits), tuple(scenery))

    def _holder(self, file: str, entry: dict[str, Any], default: str) -> str:
        if "at" not in entry:
            return default
        at, at_pos = entry["at"]
        if at != NOWHERE and at not in self.ids("place") and at not in self.ids("character"):
            pool = self.ids("place") | self.ids("character") | {NOWHERE}
            self.error(file, at_pos, f"unknown place or character '{at}'",
                       did_you_mean(at, pool, "place"))
        return str(at)

    def item(self, item_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Item:
        flags: list[tuple[str, int | bool]] = []
        if "flags" in entry:
            mapping = entry["flags"][0]
            for flag, value in mapping.items():
                if not isinstance(value, (bool, int)):
                    self.error(file, mapping.val_pos[flag], f"flag '{flag}' must start as "
                               "true, false or an integer")
                    continue
                flags.append((str(flag), value))
        count = self.get(entry, "count", 1)
        if count < 1:
            self.error(file, entry["count"][1], "'count' must be 1 or more")
        return Item(item_id, self.get(entry, "name", item_id), self.words(entry, "nouns"),
                    self.words(entry, "adjectives"), self.text(file, entry, "description"),
                    self._holder(file, entry, NOWHERE), count, self.get(entry, "plural", ""),
                    self.get(entry, "portable", True), self.text(file, entry, "fixed"),
                    tuple(flags))

    def character(self, char_id: str, entry: dict[str, Any], file: str,
                  pos: Pos) -> Character:
        moods: list[tuple[str, int]] = []
        if "moods" in entry:
            mapping = entry["moods"][0]
            for mood, value in mapping.items():
                if not isinstance(value, int) or isinstance(value, bool):
                    self.error(file, mapping.val_pos[mood], f"mood '{mood}' must start as "
                               "an integer")
                    continue
                moods.append((str(mood), value))
        talk: list[tuple[Tree, str]] = []
        if "talk" in entry:
            value, value_pos = entry["talk"]
            if isinstance(value, str):
                talk.append((TRUE, self.ref(file, value_pos, value, "node")))
            else:
                for talk_entry, _ in self._each_list(entry, "talk", "shape:talk", file):
                    if "node" in talk_entry:
                        node, node_pos = talk_entry["node"]
                        talk.append((self.cond(file, talk_entry),
                                     self.ref(file, node_pos, node, "node")))
        remarks = []
        for index, (remark, _) in enumerate(self._each_list(entry, "remarks", "shape:remark",
                                                            file)):
            at = ""
            if "at" in remark:
                at = self.ref(file, remark["at"][1], remark["at"][0], "place")
            remarks.append(Remark(f"{char_id}#{index + 1}", self.text(file, remark, "text"),
                                  at, self.cond(file, remark), self.get(remark, "once", True)))
        return Character(char_id, self.get(entry, "name", char_id), self.words(entry, "nouns"),
                         self.text(file, entry, "description"),
                         self._holder(file, entry, NOWHERE), self.get(entry, "follows", False),
                         tuple(moods), tuple(talk), tuple(remarks), self.get(entry, "style", ""))

    def node(self, node_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Node:
        speaker = ""
        if "speaker" in entry:
            speaker = self.ref(file, entry["speaker"][1], entry["speaker"][0], "character")
        lines = []
        for line, _ in self._each_list(entry, "lines", "shape:line", file):
            by = speaker
            if "by" in line:
                by = self.ref(file, line["by"][1], line["by"][0], "character")
            lines.append(Line(by, self.text(file, line, "text"), self.cond(file, line),
                              self.get(line, "narrate", False)))
        options = []
        for option, _ in self._each_list(entry, "options", "shape:option", file):
            goto = ""
            if "goto" in option:
                goto = self.ref(file, option["goto"][1], option["goto"][0], "node")
            options.append(Option(self.get(option, "text", ""), self.cond(file, option),
                                  self.effects(file, option), goto))
        next_node = ""
        if "next" in entry:
            next_node = self.ref(file, entry["next"][1], entry["next"][0], "node")
        return Node(node_id, speaker, tuple(lines), self.effects(file, entry), tuple(options),
                    next_node, self.get(entry, "hold", False))

    def topic(self, topic_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Topic:
        return Topic(topic_id, self.words(entry, "nouns"))

    def verb(self, verb_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Verb:
        from zone_game.vocabulary import BUILTIN_VERBS

        if verb_id in BUILTIN_VERBS:
            self.error(file, pos, f"'{verb_id}' is a built-in verb",
                       "answer it with rules (verb: " + verb_id + ") instead of redefining it")
        patterns: list[tuple[str, ...]] = []
        raw_patterns = self.get(entry, "patterns", [""])
        for index, pattern in enumerate(raw_patterns):
            tokens = _pattern_tokens(verb_id, pattern)
            for token in tokens:
                if token.isupper() and token not in SLOTS:
                    where = entry["patterns"][0].item_pos[index]
                    self.error(file, where, f"unknown slot '{token}' in pattern",
                               did_you_mean(token, SLOTS, "slot"))
            patterns.append(tokens)
        # The refusal also answers the verb typed alone (whatever its patterns want), when
        # nothing is named: a placeholder in it would be an empty word.
        return Verb(verb_id, self.words(entry, "synonyms"), tuple(patterns),
                    self.text(file, entry, "refuse", ()))

    def rule(self, index: int, entry: dict[str, Any], file: str, pos: Pos,
             verbs: dict[str, Verb]) -> Rule | None:
        from zone_game.vocabulary import BUILTIN_VERBS, builtin_slots

        if "verb" not in entry:
            return None
        verb, verb_pos = entry["verb"]
        slots: set[str]
        if verb in BUILTIN_VERBS:
            slots = set(builtin_slots(verb))
        elif verb in verbs:
            slots = {token for pattern in verbs[verb].patterns for token in pattern
                     if token in SLOTS}
        else:
            self.ref(file, verb_pos, verb, "verb", BUILTIN_VERBS)
            return None
        item = person = topic = direction = ""
        for key, kind, slot in (("item", "item", "ITEM"), ("person", "character", "PERSON"),
                                ("topic", "topic", "TOPIC")):
            if key in entry:
                value, value_pos = entry[key]
                self.ref(file, value_pos, value, kind)
                if slot not in slots:
                    self.error(file, value_pos, f"verb '{verb}' never names a {key}",
                               f"its patterns have the slots {', '.join(sorted(slots)) or 'none'}")
                if key == "item":
                    item = value
                elif key == "person":
                    person = value
                else:
                    topic = value
        if "direction" in entry:
            direction = DIRECTION_ALIASES.get(entry["direction"][0].lower(),
                                              entry["direction"][0].lower())
        at: tuple[str, ...] = ()
        if "at" in entry:
            value, value_pos = entry["at"]
            places = [value] if isinstance(value, str) else list(value)
            for place in places:
                self.ref(file, value_pos, place, "place")
            at = tuple(places)
        pattern: tuple[str, ...] | None = None
        if "pattern" in entry:
            value, value_pos = entry["pattern"]
            known = BUILTIN_VERBS[verb][1] if verb in BUILTIN_VERBS else verbs[verb].patterns
            pattern = _pattern_tokens(verb, value)
            if pattern not in known:
                written = [" ".join(p) or "(nothing)" for p in known]
                self.error(file, value_pos, f"'{value}' is not a pattern of verb '{verb}'",
                           "its patterns: " + ", ".join(written))
                pattern = None
        bindings = _bindings_of(slots)
        return Rule(index, verb, item, person, direction, topic, at, self.cond(file, entry),
                    self.text(file, entry, "say", bindings),
                    self.effects(file, entry, "do", bindings),
                    self.get(entry, "continue", False), pattern)

    def hazard(self, hazard_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Hazard:
        candidates: list[str] = []
        if "candidates" in entry:
            seq, seq_pos = entry["candidates"]
            for index, place in enumerate(seq):
                where = seq.item_pos[index] if isinstance(seq, LSeq) else seq_pos
                if not isinstance(place, str):
                    self.error(file, where, "a candidate must be a place id")
                    continue
                candidates.append(self.ref(file, where, place, "place"))
        count = self.get(entry, "count", 1)
        if candidates and not 1 <= count <= len(candidates):
            self.error(file, entry.get("count", (0, pos))[1], f"'count' is {count} but there "
                       f"are {len(candidates)} candidates", "count must be 1 to the number "
                       "of candidates")
        end = ""
        if "end" in entry:
            end = self.ref(file, entry["end"][1], entry["end"][0], "ending")
        return Hazard(hazard_id, tuple(candidates), count, self.text(file, entry, "probe_text"),
                      self.text(file, entry, "avoid_text"),
                      self.text(file, entry, "trigger_text"), self.effects(file, entry), end,
                      self.get(entry, "stop", False))

    def timer(self, index: int, entry: dict[str, Any], file: str, pos: Pos,
              _extra: Any) -> Timer:
        every = self.get(entry, "every", 0)
        after = self.get(entry, "after", 0)
        on_enter = ""
        if "on_enter" in entry:
            on_enter = self.ref(file, entry["on_enter"][1], entry["on_enter"][0], "place")
        if sum(1 for x in (every, after, on_enter) if x) != 1:
            self.error(file, pos, "a timer needs exactly one of 'every', 'after' or "
                       "'on_enter'", "e.g. every: 1 for something that happens each turn")
        if every < 0 or after < 0:
            self.error(file, pos, "'every' and 'after' count turns: 1 or more")
        by = ""
        if "by" in entry:
            by = self.ref(file, entry["by"][1], entry["by"][0], "character")
        return Timer(f"timer#{index + 1}", every, after, on_enter, self.cond(file, entry),
                     self.text(file, entry, "say"), by, self.effects(file, entry),
                     self.get(entry, "once", False))

    def ending(self, ending_id: str, entry: dict[str, Any], file: str, pos: Pos) -> Ending:
        return Ending(ending_id, self.get(entry, "title", ending_id),
                      self.text(file, entry, "text"), self.get(entry, "kind", "neutral"))


def _unknown_key_hint(type_: str, key: str, keys: list[str]) -> str:
    """The hint for a key a mapping does not have. A direction among a place's keys is
    almost always an exit that slipped out of `exits:` by a step of indentation (unless
    it is a near miss of a key: `exit` is a direction too)."""
    if type_ == "shape:place" and is_direction(key) and not nearest(key, sorted(keys)):
        return (f"'{key}' is a direction: exits go under `exits:`, indented one step more "
                "than it")
    return did_you_mean(key, keys, "key")


def _meant_id(entry_id: object) -> str:
    """The valid id an invalid one was probably meant to be (`Great Hall` -> `great_hall`),
    or "" when there is none."""
    if not isinstance(entry_id, str):
        return ""
    meant = re.sub(r"[\s-]+", "_", entry_id.strip()).lower()
    return meant if spec.ID_PATTERN.match(meant) else ""


def _invalid_id_hint(entry_id: object) -> str:
    """The rule for ids, and the id the author probably meant when there is one."""
    rule = "ids are lower_case_with_underscores, starting with a letter"
    meant = _meant_id(entry_id)
    return f"{rule}: write '{meant}' (here and wherever it is named)" if meant else rule


def compile_world(files: list[SourceFile]) -> tuple[World | None, list[Problem]]:
    """Compile parsed files into a World; returns (world or None, every problem found)."""
    world, problems, _ = compile_world_located(files)
    return world, problems


def compile_world_located(
        files: list[SourceFile]) -> tuple[World | None, list[Problem], SourceMap]:
    """As `compile_world`, plus where every record was written (for lint and other tools
    that judge a compiled world and must point at a line)."""
    compiler = _Compiler(files)
    world = compiler.compile()
    if world is not None:
        _check_semantics(world, compiler)
    problems = sorted(compiler.problems, key=Problem.sort_key)
    world_entry = compiler.world_map
    source_map = SourceMap(
        (world_entry.value, world_entry.file, world_entry.pos) if world_entry else None,
        {section: {key: (e.value, e.file, e.pos) for key, e in table.items()}
         for section, table in compiler.maps.items()},
        {section: [(e.value, e.file, e.pos) for e in entries]
         for section, entries in compiler.lists.items()})
    if any(p.severity == ERROR for p in problems):
        return None, problems, source_map
    return world, problems, source_map


def _check_semantics(world: World, compiler: _Compiler) -> None:
    """Cross-record checks that need the whole compiled world."""
    for place_id in world.places:
        place = world.places[place_id]
        if len({exit_.name for exit_ in place.exits}) == len(place.exits):
            continue  # no two alike (the common case): nothing to report
        seen: set[str] = set()
        for exit_ in place.exits:
            if exit_.name in seen:
                located = compiler.maps["places"][place_id]
                compiler.error(located.file, located.pos, f"place '{place_id}' has two exits "
                               f"named '{exit_.name}'", "n/north etc. are the same direction")
            seen.add(exit_.name)
    player = world.player
    if player in world.characters and world.characters[player].follows:
        located = compiler.maps["characters"][player]
        compiler.error(located.file, located.pos, "the player character cannot follow "
                       "the player", "remove 'follows' from the player character")


def _pattern_tokens(verb_id: str, pattern: str) -> tuple[str, ...]:
    """A pattern as the parser matches it: words lower-cased, slots as written, and the
    verb itself left off when the author wrote it first (`throw ITEM DIRECTION`)."""
    tokens = tuple(pattern.split())
    if tokens and tokens[0].lower() == verb_id:
        tokens = tokens[1:]
    return tuple(t if t.isupper() else t.lower() for t in tokens)
