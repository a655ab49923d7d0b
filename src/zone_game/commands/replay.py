"""`zone-game replay FILE`: watch, check, re-record or export a recorded run.

FILE is a save (`.json`), a run log (`.run.jsonl`) or the name of a save in the saves
directory.

    zone-game replay FILE                 watch it, paced (--speed commands/s) or --step
    zone-game replay FILE --to N --play   watch up to command N, then play on from there
    zone-game replay FILE... --check      headless: exit 0 identical, 1 diverged,
                                          2 unreadable (file or world); several runs
                                          are checked in one process, each on its world
    zone-game replay FILE... --update     re-record digests for intentional changes
    zone-game replay FILE --export out.txt|.html|.svg|.run.jsonl|.json

The one coupling to the terminal UI is `_screen`: it uses `zone_game.render` when that
module exists and plain text otherwise.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

from zone_game.events import Event
from zone_game.problems import WorldError, format_problems

EXPORT_KINDS = (".txt", ".html", ".svg", ".run.jsonl", ".json")


def _speed(text: str) -> float:
    """Commands per second: a finite number, 0 or more (argparse reports the refusal)."""
    try:
        speed = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(speed) or speed < 0:
        raise argparse.ArgumentTypeError(
            f"{text}: give commands per second, 0 or more (0: no pauses)")
    return speed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="a save (.json), a run log (.run.jsonl) or a save's name "
                             "(several with --check or --update)")
    parser.add_argument("--world", default=None, metavar="WORLD",
                        help="replay on this world (default: where it was recorded, "
                             "else the bundled world of its id)")
    parser.add_argument("--saves", metavar="DIR", default=None,
                        help="the saves directory, for names and --play")
    parser.add_argument("--check", action="store_true",
                        help="headless: re-simulate and compare digests (exit 0 identical, "
                             "1 diverged, 2 unreadable)")
    parser.add_argument("--update", action="store_true",
                        help="re-record the digests in FILE (after an intended change)")
    parser.add_argument("--speed", type=_speed, default=2.0, metavar="S",
                        help="commands per second when watching (default: %(default)s; "
                             "0: no pauses)")
    parser.add_argument("--step", action="store_true", help="wait for Enter after each command")
    parser.add_argument("--to", type=int, default=None, metavar="N",
                        help="stop after command N")
    parser.add_argument("--play", action="store_true",
                        help="after the replay, play on from where it stopped")
    parser.add_argument("--plain", action="store_true", help="plain text, no colour")
    parser.add_argument("--export", metavar="OUT", default=None,
                        help="write the run as " + ", ".join(EXPORT_KINDS))


def run(args: argparse.Namespace) -> int:
    if args.to is not None and args.to < 0:
        print("zone-game replay: --to must be 0 or more", file=sys.stderr)
        return 2
    if len(args.files) > 1 and not (args.check or args.update):
        print("zone-game replay: watching, --play and --export take one FILE; several "
              "are for --check or --update", file=sys.stderr)
        return 2
    # Each run is answered on its own; the exit status is the worst of them (0 identical,
    # 1 diverged, 2 unreadable), and a world is loaded once for all the runs played in it.
    loaded: dict[str, Any] = {}
    statuses = [_one(name, args, loaded) for name in args.files]
    if len(statuses) > 1:
        print(f"{len(statuses)} runs: {statuses.count(0)} identical, {statuses.count(1)} "
              f"diverged, {statuses.count(2)} unreadable")
    return max(statuses)


def _one(name: str, args: argparse.Namespace, loaded: dict[str, Any]) -> int:
    """Watch, check, re-record or export one run; its exit status."""
    from zone_game.collector import collector_paused, keep_out_of_collections
    from zone_game.replay import load_recording, world_for
    from zone_game.saves import SaveError

    try:
        # The collector paused while the run is read (and its world, the first time), and
        # for a check a batch run: the recording, kept until it is checked, is left out of
        # the collector's later runs before they resume — they need not walk its turns
        # (it holds no cycles, and reference counting frees it once checked). A
        # 100,000-turn log's whole check: 1.84 s without either, 1.39 to 1.41 s with both.
        path = _find(name, args.saves)
        with collector_paused():
            recording = load_recording(path)
            world = world_for(recording, args.world, loaded)
            if args.check or args.update:
                keep_out_of_collections()
    except SaveError as exc:
        print(f"zone-game replay: {exc}", file=sys.stderr)
        return 2
    except WorldError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        print(f"zone-game replay: {name}: cannot load the run's world (give one with "
              "--world)", file=sys.stderr)
        return 2
    try:
        if args.update:
            return _update(world, recording, path)
        if args.check:
            return _check(world, recording, path, args.to)
        if args.export:
            return _export(world, recording, Path(args.export), args.to)
        return _watch(world, recording, args, path.name.split(".")[0])  # `road` of road.json
    except SaveError as exc:
        print(f"zone-game replay: {exc}", file=sys.stderr)
        return 2


def _find(name: str, saves: str | None) -> Path:
    from zone_game.saves import SaveError, saves_dir, slot_path

    path = Path(name)
    if path.exists():
        return path
    candidate = slot_path(saves_dir(saves), name) if "/" not in name else path
    if candidate.exists():
        return candidate
    raise SaveError(f"{name}: no such file, and no save of that name in {candidate.parent}")


def _check(world: Any, recording: Any, path: Path, upto: int | None) -> int:
    from zone_game.replay import check

    result = check(world, recording, upto)
    for line in result.report(str(path)):
        print(line)
    return 0 if result.identical else 1


def _update(world: Any, recording: Any, path: Path) -> int:
    from zone_game import runlog
    from zone_game.atomicfile import WriteError, write_atomic
    from zone_game.replay import check, rerecord
    from zone_game.saves import SaveError, read_save
    from zone_game.saves import encode as encode_save

    before = check(world, recording)
    fresh = rerecord(world, recording)
    if path.name.endswith(".jsonl"):
        text = runlog.encode(fresh)
    else:
        name = str(read_save(path)[1].get("name") or path.stem)
        text = encode_save(fresh, name)
    try:
        write_atomic(path, text)
    except WriteError as exc:
        raise SaveError(str(exc)) from None
    what = "identical already" if before.identical else \
        f"was diverging from command {before.divergence.turn}" if before.divergence else ""
    print(f"{path}: re-recorded {len(fresh.turns)} commands on '{world.id}' with this engine "
          f"({what})")
    return 0


# ---------------------------------------------------------------- watching and exporting


def _screen(world: Any, plain: bool,
            console: Any = None) -> Callable[[tuple[Event, ...]], None]:
    """How events reach the screen: the terminal UI's renderer if installed, else plain.

    This is the only place that knows about the terminal UI: it asks `zone_game.render`
    for `render_events(events) -> renderables` and `zone_game.theme` for
    `build_theme(world)`; if either is missing or fails, the replay is plain text.
    """
    from zone_game.plain import render as plain_render

    rich_events: Any = None
    theme: Any = None
    if not plain:
        try:
            from zone_game import render as rich_render  # type: ignore[attr-defined,unused-ignore]
            from zone_game import theme as rich_theme  # type: ignore[attr-defined,unused-ignore]

            rich_events = rich_render.render_events
            theme = rich_theme.build_theme(world)
        except Exception:  # no terminal UI (or another version of it): plain text
            rich_events = None
    if console is None:
        if rich_events is None:
            return lambda events: _print(plain_render(events))
        from rich.console import Console

        console = Console(highlight=False, emoji=False)
    if rich_events is not None:
        console.push_theme(theme)
        return lambda events: console.print(*rich_events(events))
    from rich.text import Text

    return lambda events: console.print(Text(plain_render(events)))


def _print(text: str) -> None:
    if text:
        print(text, flush=True)


def _watch(world: Any, recording: Any, args: argparse.Namespace, name: str) -> int:
    from zone_game.session import Session
    from zone_game.statecodec import DIGEST_VERSIONS

    interactive = sys.stdout.isatty()
    show = _screen(world, args.plain or not interactive)
    session, events = Session.start(world, recording.seed)
    print(f"[replay of {recording.world.title}, seed {recording.seed}, "
          f"{len(recording.turns)} commands]")
    show(events)
    lines = recording.inputs if args.to is None else recording.inputs[:args.to]
    pause = 1.0 / args.speed if args.speed > 0 and interactive and not args.step else 0.0
    warned = False
    digest = DIGEST_VERSIONS[recording.digest_version]
    for number, line in enumerate(lines, 1):
        if args.step:
            print(f"[command {number}: Enter]", end="", flush=True)
            sys.stdin.readline()
        elif pause:
            time.sleep(pause)
        session, events = session.submit(line)
        print(f"\n> {line}")
        show(events)
        if not warned and digest(world, session.state) != recording.turns[number - 1].digest:
            warned = True
            print(f"[replay: from command {number} this run differs from the recording — "
                  "`--check` says how]")
    if args.play:
        return _play_on(world, recording, len(lines), args, name)
    return 0


def _play_on(world: Any, recording: Any, upto: int, args: argparse.Namespace,
             name: str) -> int:
    """Play on from the replay's last shown command, in the shell `zone-game play` would
    choose, with the game's words (map, status, help, saves). The run autosaves to a slot
    of its own (`<run>-continued`), never to the world's autosave: watching a saved run
    must not overwrite the run the player left unfinished, nor the save being watched."""
    from zone_game import shellwords
    from zone_game.commands.play import wants_plain
    from zone_game.controller import Controller
    from zone_game.history import History
    from zone_game.savecommands import adopt, at_turn, attach
    from zone_game.saves import saves_dir, slot_name
    from zone_game.session import Session

    start, _ = Session.start(world, recording.seed)
    history = History(world, recording.seed, start, list(recording.inputs[:upto]))
    controller = Controller(world, recording.seed, history.current, ())
    shellwords.register()
    run = attach(controller, saves_dir(args.saves), history)
    run.autosave_slot = slot_name(f"{name}-continued")
    adopt(controller, history)
    print(f"\n[playing on from {at_turn(history.current.state.turn, upto)}; autosaved as "
          f"'{run.autosave_slot}']")
    if wants_plain(args):
        from zone_game.plainshell import run_plain

        # it leaves through the exit hooks (the autosave) on signals and Ctrl-C itself
        return run_plain(controller, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    from zone_game.ui import run_rich

    return run_rich(controller)


def _export(world: Any, recording: Any, out: Path, upto: int | None) -> int:
    from zone_game import runlog
    from zone_game.atomicfile import WriteError, write_atomic
    from zone_game.replay import check, rerecord
    from zone_game.saves import SaveError
    from zone_game.saves import encode as encode_save

    name = out.name.lower()
    kind = next((k for k in EXPORT_KINDS if name.endswith(k)), "")
    if not kind:
        raise SaveError(f"{out}: cannot tell what to export — end the name with one of "
                        + ", ".join(EXPORT_KINDS))
    if kind in (".run.jsonl", ".json"):
        result = check(world, recording)
        if not result.identical:
            for line in result.report("the run"):
                print(line, file=sys.stderr)
            print("zone-game replay: not exported — the run no longer replays as recorded "
                  "(--update re-records it)", file=sys.stderr)
            return 1
        fresh = recording if recording.final is not None else rerecord(world, recording)
        text = runlog.encode(fresh) if kind == ".run.jsonl" else encode_save(fresh, out.stem)
    else:
        text = _transcript(world, recording, kind, upto)
    try:
        write_atomic(out, text)
    except WriteError as exc:
        raise SaveError(str(exc)) from None
    print(f"Wrote {out}")
    return 0


def _transcript(world: Any, recording: Any, kind: str, upto: int | None) -> str:
    """The run as rich records it, exported as text, HTML or SVG."""
    from rich.console import Console

    from zone_game.session import Session

    console = Console(record=True, file=StringIO(), width=80, force_terminal=kind != ".txt",
                      color_system="truecolor" if kind != ".txt" else None)
    show = _screen(world, kind == ".txt", console)
    session, events = Session.start(world, recording.seed)
    console.print(f"[replay of {recording.world.title}, seed {recording.seed}]", markup=False)
    show(events)
    lines = recording.inputs if upto is None else recording.inputs[:upto]
    for line in lines:
        session, events = session.submit(line)
        console.print()
        console.print(f"> {line}", markup=False, style="bold")
        show(events)
    if kind == ".html":
        return str(console.export_html())
    if kind == ".svg":
        return str(console.export_svg(title=f"{recording.world.title} — seed {recording.seed}"))
    return str(console.export_text())
