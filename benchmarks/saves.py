"""Benchmarks for saves, undo and replay checks. Run: .venv/bin/python benchmarks/saves.py

Budgets (issue 5): save ≤ 2 ms median; `replay --check` ≥ 50,000 commands/s; undo of one
turn ≤ 1 ms regardless of run length. Every figure is a median over several runs and is
printed next to a reference measured in the same run, because this machine is shared and
its speed varies from minute to minute:

- save: `write_save` (digests, changes, JSON, temp file, fsync, rename, fsync of the
  directory) against writing the same bytes with a plain `open().write()`.
- replay --check: one whole `zone-game replay LOG… --check` process on a long generated log
  of the test zone, and on the Stalker walkthroughs' logs (ten of each: 11,170 commands)
  when `worlds/stalker` exists, less the same process on an empty log (start-up and
  world load); a process per Stalker log, as a latency over an empty log's; `check()` in
  this process; against the told turn alone (`Session.submit` over the same lines, no
  digests) in this process.
- undo: one `undo` in the game (the controller's word, with its autosave switched off so
  the disk is not measured) at the end of runs of different lengths.
"""

from __future__ import annotations

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
ENGINE_OPENING = ["n", "talk to helper", "1", "1", "e", "e"]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def history_of(world: World, lines: list[str]) -> History:
    return History.played(world, SEED, lines)


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


def _process_seconds(logs: list[Path], runs: int, together: bool = False) -> float:
    """Median wall time of `zone-game replay LOG --check` over the logs, run after run: a
    process per log, or (`together`) one process given them all."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for group in [logs] if together else [[log] for log in logs]:
            done = subprocess.run([sys.executable, "-m", "zone_game", "replay",
                                   *map(str, group), "--check"], capture_output=True,
                                  text=True)
            if done.returncode != 0:
                raise SystemExit(f"replay --check failed: {done.stdout}{done.stderr}")
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_replay(world: World, name: str, runs: list[tuple[int, list[str]]],
                 directory: Path, repeat: int = 1, samples: int = 3, copies: int = 1) -> None:
    """Replay checks of `runs` ((seed, lines) each): whole processes and in-process.

    The whole-process throughput is one `zone-game replay LOG… --check` given every log
    (`copies` of each, so that there are enough commands for a rate to mean something),
    less the same process given one empty log (start-up, imports, loading the world). A
    process per log is reported as what it is, a latency: each log's time over an empty
    log's, which holds the world's first use in a process (its records decoded, its code
    compiled) besides the check."""
    recordings, logs, empties = [], [], []
    stem = "".join(c if c.isalnum() else "-" for c in name)
    for number, (seed, lines) in enumerate(runs):
        recording = History.played(world, seed, lines).recording()
        recordings.append(recording)
        text = runlog.encode(recording)
        for copy in range(copies):
            log = directory / f"{stem}-{copy}-{number}.run.jsonl"
            log.write_text(text)
            logs.append(log)
        empty = directory / f"{stem}-{number}-empty.run.jsonl"
        empty.write_text(runlog.encode(History.played(world, seed, []).recording()))
        empties.append(empty)
    count = sum(len(lines) for _, lines in runs)
    together = _process_seconds(logs, 5, together=True)
    one_startup = _process_seconds(empties[:1], 5)
    size = sum(log.stat().st_size for log in logs) / 1e6
    print(f"replay --check on {name}: {len(logs)} log(s), {count * copies} commands "
          f"({size:.1f} MB)")
    print(f"  one process, every log: {together:6.2f} s; given one empty log {one_startup:5.2f} s:"
          f" {count * copies / (together - one_startup):9,.0f} commands/s")
    if len(runs) > 1:
        first = [directory / f"{stem}-0-{number}.run.jsonl" for number in range(len(runs))]
        whole = _process_seconds(first, 3)
        startup = _process_seconds(empties, 3)
        print(f"  a process per log: {1000 * (whole - startup) / len(runs):5.1f} ms a log "
              f"({count / len(runs):.0f} commands) over an empty log's "
              f"{1000 * startup / len(runs):5.1f} ms")
    in_process, engine = [], []
    # The median of the samples: many short ones for short runs, so that a burst of the
    # host's own load (this machine is shared) falls in a few of them, not in every one.
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for recording in recordings:
                assert check(world, recording).identical
        in_process.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ in range(repeat):
            for seed, lines in runs:
                session, _ = Session.start(world, seed)
                for line in lines:
                    session, _events = session.submit(line)
        engine.append(time.perf_counter() - t0)
    print(f"  check() in-process: {count * repeat / statistics.median(in_process):9,.0f} "
          "commands/s")
    print(f"  reference, the told turn alone (Session.submit, no digests): "
          f"{count * repeat / statistics.median(engine):9,.0f} commands/s")


def main() -> None:
    world = load_world(TESTZONE)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        bench_save(world, directory)
        bench_undo(world)
        bench_replay(world, "testzone (mixed lines)", [(SEED, commands(100_000))], directory)
        # The engine benchmark's replay mix (benchmarks/engine_speed.py), for comparison.
        cheap = [*ENGINE_OPENING, *(["wait", "look", "i", "examine lamp"] * 25_000)]
        bench_replay(world, "testzone (engine benchmark's lines)", [(3, cheap)], directory)
        if STALKER.is_dir():
            from zone_game.walkthrough import find_walkthroughs, parse_walkthrough

            walks = [parse_walkthrough(p)
                     for p in find_walkthroughs(STALKER)]
            # Each walkthrough's log ten times: 150 logs, 11,170 commands in one process.
            bench_replay(load_world(STALKER), "stalker",
                         [(w.seed, list(w.commands)) for w in walks], directory, repeat=5,
                         samples=30, copies=10)
        else:
            print("(no worlds/stalker in this tree: the bundled world is not measured)")


if __name__ == "__main__":
    main()
