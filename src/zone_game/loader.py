"""Finding a world's files, hashing them, and compiling them (or reading the cache).

A world is a directory of `*.yaml` files (`world.yaml` first, then the rest by name; files
in sub-directories are not part of it), or a single `.yaml` file. A bundled world is named
by its directory's name (`stalker`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from zone_game.collector import collector_paused, keep_out_of_collections
from zone_game.problems import ERROR, Problem, WorldError, did_you_mean
from zone_game.world import World

if TYPE_CHECKING:  # the source map's module reads YAML: imported only on a cold load
    from zone_game.sourcemap import SourceMap

MAX_FILES = 500


def bundled_worlds_dir() -> Path:
    """The bundled worlds: inside the installed package, or `worlds/` of a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "worlds"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "worlds"


def bundled_worlds() -> dict[str, Path]:
    root = bundled_worlds_dir()
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir())
            if p.is_dir() and (p / "world.yaml").is_file()}


def resolve_world(name: str) -> Path:
    """A bundled world id or a path to a world directory or file."""
    path = Path(name)
    if path.exists():
        return path
    bundled = bundled_worlds()
    if name in bundled:
        return bundled[name]
    raise WorldError([Problem(name, 0, 0, ERROR, f"no world called '{name}'",
                              did_you_mean(name, bundled, "bundled world")
                              + "; or give the path of a world directory or .yaml file")])


def world_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        what = "not a regular file (a device or a pipe)" if path.exists() else \
            "no such file or directory"
        raise WorldError([Problem(str(path), 1, 1, ERROR, what,
                                  "give a world directory or a .yaml file")])
    files = sorted(p for p in path.glob("*.yaml") if p.is_file())
    files.sort(key=lambda p: (p.name != "world.yaml", p.name))
    if not files:
        raise WorldError([Problem(str(path), 1, 1, ERROR, "no .yaml files in this directory",
                                  "a world directory holds world.yaml and any other "
                                  "*.yaml files")])
    if len(files) > MAX_FILES:
        raise WorldError([Problem(str(path), 1, 1, ERROR,
                                  f"more than {MAX_FILES} files in the world")])
    return files


def _display(path: Path) -> str:
    """A path as problems show it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def content_hash(named_bytes: list[tuple[str, bytes]]) -> str:
    """Hash of every file's name and bytes: the world's identity, recorded in saves.

    It does not depend on the engine's version (saves record that separately, so a replay
    can tell "the world changed" from "the engine changed"); the compiled-world cache adds
    a fingerprint of the compiler itself.
    """
    digest = hashlib.sha256(b"zone-game world\n")
    for name, raw in named_bytes:
        digest.update(f"{len(name)}:{name}:{len(raw)}:".encode())
        digest.update(raw)
    return digest.hexdigest()[:32]


def load_world(name: str | Path, use_cache: bool = True) -> World:
    """Load, validate and compile a world; raises WorldError with every problem found.

    With the cache, a world whose files are unchanged is read back from JSON without
    parsing any YAML.
    """
    world, problems = load_world_with_problems(name, use_cache)
    if world is None:
        raise WorldError(problems)
    return world


def load_world_with_problems(name: str | Path,
                             use_cache: bool = True) -> tuple[World | None, list[Problem]]:
    """As `load_world`, but returns (world or None, problems) instead of raising."""
    world, problems, _ = load_world_located(name, use_cache)
    return world, problems


def load_world_located(
        name: str | Path,
        use_cache: bool = True) -> tuple[World | None, list[Problem], SourceMap | None]:
    """As `load_world_with_problems`, plus where everything was written (a `SourceMap`),
    or None when the world came from the cache and no YAML was read. Tools that need
    positions (lint) pass use_cache=False."""
    from zone_game import worldcache

    path = resolve_world(str(name))
    files = world_files(path)
    raw_files: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for file in files:
        display = _display(file)
        try:
            raw_files.append((display, file.read_bytes()))
        except OSError as exc:
            problems.append(Problem(display, 1, 1, ERROR, f"cannot read: {exc.strerror}"))
    if problems:
        return None, problems, None
    digest = content_hash([(Path(name).name, raw) for name, raw in raw_files])
    # The collector walks every container we create while it is all live data; pausing it
    # for the load is most of the speed of a start on a large world.
    if use_cache:
        with collector_paused():
            cached = worldcache.load(digest)
            if cached is not None:
                cached = replace(cached, source_files=tuple(n for n, _ in raw_files))
                keep_out_of_collections()  # as for a cold load, below
        if cached is not None:
            return cached, [], None
    # YAML and the compiler are imported only on this (cold) path.
    from zone_game.compiler import compile_world_located
    from zone_game.source import SourceFile, decode_source, read_yaml

    with collector_paused():
        sources: list[SourceFile] = []
        for display, raw in raw_files:
            text, decode_problems = decode_source(display, raw)
            if decode_problems:
                sources.append(SourceFile(display, "", None, decode_problems))
                continue
            sources.append(read_yaml(display, text))
        world, problems, source_map = compile_world_located(sources)
        if world is not None:
            world = replace(world, content_hash=digest)
            # The world lives as long as the program: keep it out of later collections.
            # Frozen before the collector resumes, or its first pass would walk all of it.
            keep_out_of_collections()
    if world is None:
        return None, problems, source_map
    if use_cache:
        worldcache.save(world)
    return world, problems, source_map
