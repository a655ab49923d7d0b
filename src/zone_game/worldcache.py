"""The compiled-world cache: JSON files keyed by the world's content hash.

JSON, never pickle: a cache file is data we read back, not code we run. Records are stored
as lists of field values in declaration order; on reading, each table decodes its records
only when first used (see `world.Table`), which keeps a warm start fast on large worlds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from zone_game import world as world_module
from zone_game.world import Table, World

CACHE_FORMAT = 1


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
    if isinstance(value, list):
        return tuple(deep_tuple(v) for v in value)
    return value


@cache
def _decoder(annotation: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _record_decoder(annotation)
    if origin is tuple and args and isinstance(args[0], type) and dataclasses.is_dataclass(
            args[0]):
        inner = _decoder(args[0])
        return lambda raw: tuple(inner(r) for r in raw)
    if origin is Table:
        inner = _decoder(args[0])
        return lambda raw: Table(raw=raw, decode=inner)
    return deep_tuple


@cache
def _record_decoder(cls: type[Any]) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls, vars(world_module))
    field_decoders = [_decoder(hints[f.name]) for f in dataclasses.fields(cls)]

    def decode(raw: list[Any]) -> Any:
        return cls(*[d(v) for d, v in zip(field_decoders, raw, strict=True)])

    return decode


def save(world: World, directory: Path | None = None) -> Path | None:
    """Write the world to the cache; a cache that cannot be written is simply skipped."""
    target_dir = directory or cache_dir()
    payload = {"format": CACHE_FORMAT, "hash": world.content_hash, "world": encode(world)}
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, separators=(",", ":"))
        target = target_dir / f"{world.content_hash}.json"
        os.replace(tmp, target)
        return target
    except OSError:
        return None


def load(content_hash: str, directory: Path | None = None) -> World | None:
    """The cached world for this hash, or None (missing, unreadable or foreign files)."""
    path = (directory or cache_dir()) / f"{content_hash}.json"
    try:
        payload = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != CACHE_FORMAT or \
            payload.get("hash") != content_hash:
        return None
    try:
        world: World = _record_decoder(World)(payload["world"])
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    return world
