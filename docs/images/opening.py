"""Regenerate `docs/images/opening.svg`: the opening of a world as the terminal UI draws it.

    .venv/bin/python docs/images/opening.py [--world WORLD] [--seed N] [COMMAND ...]

WORLD defaults to the bundled Stalker world when installed, else the test zone. The
commands are typed after the opening (each shown after a `> ` prompt) and their replies
rendered exactly as in a game, through the same `TerminalUI.turn`. With --text, the
same transcript is printed as plain text (for the README).
"""

from __future__ import annotations

import argparse
from io import StringIO
from pathlib import Path

from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console
from rich.text import Text

from zone_game import shellwords
from zone_game.controller import Controller
from zone_game.loader import bundled_worlds, load_world
from zone_game.ui import TerminalUI

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = "stalker" if "stalker" in bundled_worlds() else \
        str(ROOT / "tests" / "worlds" / "testzone")
    parser.add_argument("--world", default=default)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--width", type=int, default=72)
    parser.add_argument("--text", action="store_true",
                        help="print the transcript as plain text instead of writing the SVG")
    parser.add_argument("commands", nargs="*")
    args = parser.parse_args()
    shellwords.register()
    controller = Controller.start(load_world(args.world), args.seed)
    console = Console(record=True, width=args.width, file=StringIO(), force_terminal=True,
                      color_system="truecolor")
    with create_pipe_input() as pipe:
        ui = TerminalUI(controller, console=console, input=pipe, output=DummyOutput(),
                        history=InMemoryHistory())
        ui.show_events(controller.opening)
        console.print()
        for command in args.commands:
            console.print(Text("> ", style="bold") + Text(command))
            ui.turn(command)
    if args.text:
        print(console.export_text())
        return
    title = f"zone-game — {controller.world.title}"
    console.save_svg(str(HERE / "opening.svg"), title=title)
    print(f"wrote {HERE / 'opening.svg'}")


if __name__ == "__main__":
    main()
