"""Per-turn cost of the terminal UI: rendering, and the whole turn with the prompt.

Budgets (issue 4): rendering one turn ≤ 1 ms median; a whole turn — the prompt reading a
line, the engine answering, the reply rendered — ≤ 5 ms median.

- render: the events of a turn -> renderables -> the bytes a 256-colour terminal gets
  (a Console writing to memory). Measured for each of a few typical turns.
- whole turn: a real `PromptSession` (a pipe for the keyboard, a VT100 output writing to
  memory, toolbar on) reads a line, `TerminalUI.turn` runs the engine and renders.
- reference: a bare `PromptSession().prompt()` round trip, same input and output, to show
  how much of the whole turn is prompt-toolkit itself.

Each figure is the median over many turns, in a fresh process per repetition, and the
median of those medians is reported.

    .venv/bin/python benchmarks/ui_turn.py [--turns 300] [--runs 3] [WORLD]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("look", "x lamp", "i", "z", "x bed", "north", "south")


def measure(world_path: str, turns: int) -> dict[str, float]:
    """One repetition, in this process: medians in milliseconds."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.history import InMemoryHistory
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output
    from rich.console import Console

    from zone_game import shellwords
    from zone_game.controller import Controller
    from zone_game.loader import load_world
    from zone_game.render import render_events
    from zone_game.theme import build_theme
    from zone_game.ui import PROMPT, TerminalUI

    shellwords.register()
    world = load_world(world_path)

    def console() -> Console:
        return Console(file=StringIO(), width=80, color_system="256", force_terminal=True,
                       theme=build_theme(world, "vivid"))

    def output() -> Vt100_Output:
        return Vt100_Output(StringIO(), lambda: Size(rows=40, columns=80), term="xterm")

    # render: the events of real turns, replayed through the renderer
    controller = Controller.start(world, 7)
    turns_events = [controller.handle(c).events for c in COMMANDS]
    render_times: list[float] = []
    out = console()
    for index in range(turns):
        events = turns_events[index % len(turns_events)]
        start = time.perf_counter()
        for renderable in render_events(events):
            out.print(renderable)
        render_times.append(time.perf_counter() - start)
        if index % 50 == 0:
            out.file = StringIO()

    # whole turn: prompt round trip + engine + render
    whole: list[float] = []
    with create_pipe_input() as pipe:
        ui = TerminalUI(Controller.start(world, 7), console=console(), input=pipe,
                        output=output(), history=InMemoryHistory())
        for index in range(turns):
            command = COMMANDS[index % len(COMMANDS)]
            start = time.perf_counter()
            pipe.send_text(command + "\r")
            line = ui.session.prompt(PROMPT)
            ui.turn(line)
            whole.append(time.perf_counter() - start)
            if index % 50 == 0:
                ui.console.file = StringIO()

    # reference: prompt-toolkit alone
    bare: list[float] = []
    with create_pipe_input() as pipe:
        session: PromptSession[str] = PromptSession(input=pipe, output=output(),
                                                    history=InMemoryHistory())
        for index in range(turns):
            start = time.perf_counter()
            pipe.send_text(COMMANDS[index % len(COMMANDS)] + "\r")
            session.prompt("> ")
            bare.append(time.perf_counter() - start)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    return {"render": ms(render_times), "whole": ms(whole), "bare_prompt": ms(bare)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world", nargs="?", default=str(ROOT / "tests" / "worlds" / "testzone"))
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.world, args.turns)))
        return 0
    results = []
    for _ in range(args.runs):
        done = subprocess.run([sys.executable, __file__, "--one", "--turns", str(args.turns),
                               args.world], capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout))
    render = statistics.median(r["render"] for r in results)
    whole = statistics.median(r["whole"] for r in results)
    bare = statistics.median(r["bare_prompt"] for r in results)
    print(f"world: {args.world}; {args.turns} turns x {args.runs} processes")
    print(f"render one turn:         median {render:.3f} ms (budget 1 ms): "
          f"{'OK' if render <= 1 else 'OVER BUDGET'}")
    print(f"whole turn:              median {whole:.3f} ms (budget 5 ms): "
          f"{'OK' if whole <= 5 else 'OVER BUDGET'}")
    print(f"reference, bare prompt:  median {bare:.3f} ms")
    return 0 if render <= 1 and whole <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
