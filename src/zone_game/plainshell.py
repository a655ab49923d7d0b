"""The plain shell: reads lines, prints plain text. For screen readers, pipes and scripts.

When input is not a terminal, each command is echoed after the `> ` prompt so that the
output reads as a transcript.
"""

from __future__ import annotations

from typing import TextIO

from zone_game.controller import QUIT_WORDS, Controller
from zone_game.plain import render


def run_plain(controller: Controller, stdin: TextIO, stdout: TextIO, interactive: bool,
              width: int = 78) -> int:
    """Play until the input ends, the player quits, or the story ends. Returns exit status."""
    stdout.write(f"[seed {controller.seed}]\n")
    text = render(controller.opening, width)
    stdout.write(text + "\n")
    while True:
        stdout.write("\n> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            if interactive:
                stdout.write("\n")
            controller.leave("eof")
            return 0
        command = line.strip()
        if not interactive:
            stdout.write(command + "\n")
        if command.lower() in QUIT_WORDS:
            if interactive:
                stdout.write("Really quit? (y/n) ")
                stdout.flush()
                if not stdin.readline().strip().lower().startswith("y"):
                    continue
            controller.leave("quit")
            return 0
        reply = controller.handle(command)
        for message in reply.messages:
            stdout.write(message + "\n")
        text = render(reply.events, width)
        if text:
            stdout.write(text + "\n")
        stdout.flush()
        if reply.quit:
            controller.leave("quit")
            return 0
        if reply.ended:
            controller.leave("ended")
            return 0
