"""Benchmarks for saves, undo and replay checks. Run: .venv/bin/python benchmarks/saves.py

Budgets (issue 5): save ≤ 2 ms median; `replay --check` ≥ 50,000 commands/s; undo of one
turn ≤ 1 ms regardless of run length. Every figure is a median over several runs and is
printed next to a reference measured in the same run, because this machine is shared and
its speed varies from minute to minute:

- save: `write_save` (digests, changes, JSON, temp file, fsync, rename, fsync of the
  directory) against writing the same bytes with a plain `open().write()`.
- replay --check: whole `zone-game replay LOG --check` processes on a long generated log,
  less the same process on an empty log (start-up and world load), against the engine
  alone (`Session.submit` over the same lines, no digests) in this process.
- undo: one `undo` in the game (the controller's word, with its autosave switched off so
  the disk is not measured) at the end of runs of different lengths.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zone_game import runlog
from zone_game.controller import Controller
from zone_game.history import History
from zone_game.loader import load_world
from zone_game.replay import check
from zone_game.savecommands import attach
from zone_game.saves import write_save
from zone_game.session import Session
from zone_game.world import World

ROOT = Path(__file__).resolve().parent.parent
TESTZONE = ROOT / "tests" / "worlds" / "testzone"
STALKER = ROOT / "worlds" / "stalker"
# Lines that never end the test zone's story: items, a disambiguation, a trapdoor, free
# verbs, a refused word and `again`.
LOOP = ("take lamp", "drop lamp", "x key", "brass", "look", "light lamp", "i", "wait",
        "take brass key", "drop brass key", "x stove", "take stove", "pull lamp", "d", "u",
        "xyzzy", "g")
SEED = 7


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def history_of(world: World, lines: list[str]) -> History:
    start, _ = Session.start(world, SEED)
    history = History(world, SEED, start)
    session = start
    for line in lines:
        session, _events = session.submit(line)
        history.record(line, session)
    return history


def commands(count: int, loop: tuple[str, ...] = LOOP) -> list[str]:
    return [loop[i % len(loop)] for i in range(count)]


def bench_save(world: World, directory: Path) -> None:
    print("save (write_save: recording, JSON, temp file, fsync, rename, fsync dir)")
    for length in (50, 200, 2000):
        history = history_of(world, commands(length))
        history.recording()  # digests and changes are computed once per turn, then cached
        path = directory / f"save-{length}.json"
        saves, plain = [], []
        for _ in range(41):
            t0 = time.perf_counter()
            write_save(path, history.recording(), "bench")
            saves.append(time.perf_counter() - t0)
            text = path.read_text()
            t0 = time.perf_counter()
            with open(directory / "plain.json", "w", encoding="utf-8") as handle:
                handle.write(text)
            plain.append(time.perf_counter() - t0)
        size = path.stat().st_size
        print(f"  {length:>5} turns ({size / 1024:6.1f} KiB): save {median_ms(saves):6.3f} ms"
              f" median   (reference: plain write {median_ms(plain):6.3f} ms)")


def bench_undo(world: World) -> None:
    print("undo of one turn (the in-game word, autosave off)")
    for length in (100, 10_000, 100_000):
        controller = Controller.start(world, SEED)
        history = history_of(world, commands(length))
        run = attach(controller, Path(tempfile.gettempdir()), history)
        run.autosave = False
        controller.session = history.current
        controller.inputs[:] = history.lines
        undo, redo = controller.handle, controller.handle
        times = []
        for _ in range(201):
            t0 = time.perf_counter()
            undo("undo")
            times.append(time.perf_counter() - t0)
            redo("redo")
        print(f"  {length:>7} turns: undo {median_ms(times):6.3f} ms median")


def _process_seconds(log: Path, runs: int) -> float:
    env = {**os.environ}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "zone_game", "replay", str(log), "--check"],
                              capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"replay --check failed: {done.stdout}{done.stderr}")
    return statistics.median(times)


def bench_replay(world: World, name: str, lines: list[str], directory: Path) -> None:
    history = history_of(world, lines)
    recording = history.recording()
    log = directory / f"{name}.run.jsonl"
    log.write_text(runlog.encode(recording))
    empty = directory / f"{name}-empty.run.jsonl"
    empty.write_text(runlog.encode(history_of(world, []).recording()))
    whole = _process_seconds(log, 3)
    startup = _process_seconds(empty, 3)
    in_process, engine = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        assert check(world, recording).identical
        in_process.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        session, _ = Session.start(world, SEED)
        for line in lines:
            session, _events = session.submit(line)
        engine.append(time.perf_counter() - t0)
    count = len(lines)
    print(f"replay --check on {name}, {count} commands ({log.stat().st_size / 1e6:.1f} MB log)")
    print(f"  whole process {whole:6.2f} s, of which start-up and loading {startup:5.2f} s")
    print(f"  replay --check: {count / (whole - startup):9,.0f} commands/s (process, "
          "start-up excluded)")
    print(f"  check() in-process: {count / statistics.median(in_process):9,.0f} commands/s")
    print(f"  reference, engine alone (Session.submit, no digests): "
          f"{count / statistics.median(engine):9,.0f} commands/s")


def main() -> None:
    world = load_world(TESTZONE)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        bench_save(world, directory)
        bench_undo(world)
        bench_replay(world, "testzone", commands(100_000), directory)
        if STALKER.is_dir():
            stalker = load_world(STALKER)
            walks = sorted((STALKER / "walkthroughs").glob("*.walk"))
            if walks:
                from zone_game.walkthrough import parse_walkthrough

                walk = parse_walkthrough(walks[0])
                bench_replay(stalker, "stalker", list(walk.commands) * 1, directory)
        else:
            print("(no worlds/stalker in this tree: the bundled world is not measured)")


if __name__ == "__main__":
    main()
