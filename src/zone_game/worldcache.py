"""The compiled-world cache: JSON files keyed by the world's content hash.

JSON, never pickle: a cache file is data we read back, not code we run. Records are stored
as lists of field values in declaration order; on reading, each table decodes its records
only when first used (see `world.Table`), which keeps a warm start fast on large worlds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import tempfile
import types
import typing
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from zone_game import world as world_module
from zone_game.world import Table, World

CACHE_FORMAT = 2
# The modules whose code decides what a compiled world contains.
_COMPILER_MODULES = ("compiler.py", "expr.py", "source.py", "spec.py", "vocabulary.py",
                     "world.py", "worldcache.py")


@cache
def compiler_fingerprint() -> str:
    """Identifies the compiler: a cache written by other code is never read back."""
    from zone_game import __version__

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for name in _COMPILER_MODULES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """$ZONE_GAME_CACHE, else $XDG_CACHE_HOME/zone-game, else ~/.cache/zone-game."""
    explicit = os.environ.get("ZONE_GAME_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zone-game"


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, Table):
        return {key: encode(value[key]) for key in value}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    return value


def deep_tuple(value: Any) -> Any:
    """JSON's lists as tuples, all the way down. (A list, not a generator, for `tuple`,
    and leaves not passed to a call: a world's first use in a process decodes thousands
    of these, most of them strings.)"""
    if type(value) is list:
        return tuple([deep_tuple(v) if type(v) is list else v for v in value])
    return value


@cache
def _decoder(annotation: Any) -> Callable[[Any], Any] | None:
    """How to make a field of this type from its JSON; None when JSON's value is it
    already (text, numbers, flags: most fields, and nothing to call for them)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation in _AS_READ or (origin in (typing.Union, types.UnionType)
                                  and all(arg in _AS_READ for arg in args)):
        return None
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _record_decoder(annotation)
    if origin is tuple and args and isinstance(args[0], type) and dataclasses.is_dataclass(
            args[0]):
        record = _record_decoder(args[0])
        return lambda raw: tuple([record(r) for r in raw])
    if origin is Table:
        record = _record_decoder(args[0])
        return lambda raw: Table(raw=raw, decode=record)
    return deep_tuple


_AS_READ = (str, int, bool, float, type(None))  # the types JSON reads back as themselves


@cache
def _record_decoder(cls: type[Any]) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls, vars(world_module))
    field_decoders = [_decoder(hints[f.name]) for f in dataclasses.fields(cls)]

    def decode(raw: list[Any]) -> Any:
        return cls(*[v if d is None else d(v)
                     for d, v in zip(field_decoders, raw, strict=True)])

    return decode


def _json_record(record_type: Any) -> Callable[[str], Any]:
    """A decoder of one cached record, kept as JSON text until first used."""
    decode = _record_decoder(record_type)
    return lambda record: decode(json.loads(record))


def save(world: World, directory: Path | None = None) -> Path | None:
    """Write the world to the cache; a cache that cannot be written is simply skipped.

    Layout: a first line of JSON with the world's fields (tables left out), then one line
    per record, `TABLE<TAB>ID<TAB>JSON`. Reading splits lines and keeps each record's JSON
    as a string until the record is first used.
    """
    target_dir = directory or cache_dir()
    head = []
    for field in dataclasses.fields(World):
        value = getattr(world, field.name)
        head.append(None if isinstance(value, Table) else encode(value))
    records: list[str] = []
    for field in dataclasses.fields(World):
        table = getattr(world, field.name)
        if isinstance(table, Table):
            records.extend(f"{field.name}\t{key}\t"
                           f"{json.dumps(encode(table[key]), separators=(',', ':'))}\n"
                           for key in table)
    body = "".join(records)
    checksum = _body_digest(body.encode("utf-8"))
    first = json.dumps({"format": CACHE_FORMAT, "hash": world.content_hash,
                        "compiler": compiler_fingerprint(), "body": checksum,
                        "world": head}, separators=(",", ":"))
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".tmp-", suffix=".jsonl")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(first + "\n" + body)
        target = target_dir / f"{world.content_hash}.jsonl"
        os.replace(tmp, target)
    except OSError:
        return None
    _prune(target_dir)
    return target


KEEP = 32  # cached worlds kept: every edit of a world makes a new one


def _prune(directory: Path, keep: int = KEEP) -> None:
    """Remove all but the `keep` most recently written or read cache files (and files of
    earlier cache formats), so editing worlds for months does not fill the disk."""
    try:
        files = [(p.stat().st_mtime, p) for p in directory.iterdir()
                 if p.suffix in (".json", ".jsonl") and not p.name.startswith(".tmp-")]
    except OSError:
        return
    # Newest first, earlier formats (`.json`) last: those go whatever their age.
    files.sort(key=lambda entry: (entry[1].suffix == ".jsonl", entry[0]), reverse=True)
    for index, (_mtime, path) in enumerate(files):
        if index >= keep or path.suffix == ".json":
            # Another process may have removed it already, or it may not be ours to remove.
            with contextlib.suppress(OSError):
                path.unlink()


def _body_digest(body: bytes | memoryview) -> str:
    """A checksum of the record lines: records are decoded only when first used, so a
    damaged line (a crash mid-write, a bad disk block) must be found before that — in the
    middle of a game it would be an error no player could do anything about. CRC-32, not a
    cryptographic hash: it is there to find accidents, and over the 6.5 MB cache of a
    10,000-place world it costs 1.5 ms where blake2b cost 7 (the warm load's budget is
    60 ms)."""
    return f"crc32:{zlib.crc32(body):08x}"


def load(content_hash: str, directory: Path | None = None) -> World | None:
    """The cached world for this hash, or None (missing, unreadable, damaged or foreign
    files: the world is then compiled again, and the cache rewritten)."""
    path = (directory or cache_dir()) / f"{content_hash}.jsonl"
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a device or a pipe is not read
            return None
        data = path.read_bytes()
        newline = data.find(b"\n")
        payload = json.loads(data[:newline] if newline >= 0 else data)
        checksum = _body_digest(memoryview(data)[newline + 1:] if newline >= 0 else b"")
        rest = data[newline + 1:].decode("utf-8") if newline >= 0 else ""
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != CACHE_FORMAT or \
            payload.get("hash") != content_hash or \
            payload.get("compiler") != compiler_fingerprint() or \
            payload.get("body") != checksum:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the cache is pruned
    raw_tables: dict[str, dict[str, str]] = {}
    for line in rest.splitlines():
        table, _, remainder = line.partition("\t")
        key, _, record = remainder.partition("\t")
        raw_tables.setdefault(table, {})[key] = record
    try:
        fields = dataclasses.fields(World)
        hints = typing.get_type_hints(World, vars(world_module))
        values: list[Any] = []
        for field, raw in zip(fields, payload["world"], strict=True):
            annotation = hints[field.name]
            if typing.get_origin(annotation) is Table:
                values.append(Table(raw=raw_tables.get(field.name, {}),
                                    decode=_json_record(typing.get_args(annotation)[0])))
            else:
                decoder = _decoder(annotation)
                values.append(raw if decoder is None else decoder(raw))
        world = World(*values)
    except (TypeError, ValueError, KeyError, IndexError, RecursionError):
        return None
    return world
