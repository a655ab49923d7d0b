"""The plain shell: reads lines, prints plain text. For screen readers, pipes and scripts.

When input is not a terminal, each command is echoed after the `> ` prompt so that the
output reads as a transcript — the prompt is written with the command, once it is read,
so a transcript ends after the last answer rather than on a prompt nobody will answer (a
program driving the game through a pipe waits for the answer's text, not for a prompt).
However the run is left — `quit`, end of input, Ctrl-C, the
terminal closing (SIGHUP) or SIGTERM — `Controller.leave` runs first, so the exit hooks
(the autosave) keep the run.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

from zone_game.controller import ENDED_NOTE, QUIT_WORDS, Controller
from zone_game.plain import render, wrap_message
from zone_game.typedline import clean


class _Signalled(Exception):
    """Raised from a signal handler to leave the loop by the ordinary path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextmanager
def _leave_on_signals() -> Iterator[None]:
    """Turn SIGHUP and SIGTERM into `_Signalled` while the loop runs."""
    reasons = {signal.SIGTERM: "terminate"}
    if hasattr(signal, "SIGHUP"):
        reasons[signal.SIGHUP] = "hangup"

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise _Signalled(reasons[signal.Signals(signum)])

    previous = {sig: signal.signal(sig, handler) for sig in reasons}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_plain(controller: Controller, stdin: TextIO, stdout: TextIO, interactive: bool,
              width: int = 78) -> int:
    """Play until the input ends or the player quits — or, when the input is not a
    terminal (a script), until the story ends. Returns the exit status."""
    try:
        with _leave_on_signals():
            return _loop(controller, stdin, stdout, interactive, width)
    except KeyboardInterrupt:
        controller.leave("interrupt")
        return 130
    except _Signalled as signalled:
        controller.leave(signalled.reason)
        return 128 + (1 if signalled.reason == "hangup" else 15)
    except OSError:
        # The output cannot be written (a full disk, a closed pipe): the run is still
        # autosaved before the error goes up to be reported.
        controller.leave("output")
        raise


def _loop(controller: Controller, stdin: TextIO, stdout: TextIO, interactive: bool,
          width: int) -> int:
    stdout.write(f"[seed {controller.seed}]\n")
    stdout.write(render(controller.opening, width) + "\n")
    while True:
        if interactive:
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
            # Echoed as the game reads it: an escape sequence in piped input must not
            # reach the terminal that shows the transcript.
            stdout.write(f"\n> {clean(command)}\n")
        if command.lower() in QUIT_WORDS:
            if interactive:
                stdout.write("Really quit? (y/n) ")
                stdout.flush()
                if not stdin.readline().strip().lower().startswith("y"):
                    stdout.write("You stay.\n")
                    continue
            controller.leave("quit")
            return 0
        reply = controller.handle(command)
        for message in reply.messages:
            stdout.write(wrap_message(message, width) + "\n")
        text = render(reply.events, width)
        if text:
            stdout.write(text + "\n")
        stdout.flush()
        if reply.leaving == "ended" and interactive:
            stdout.write(wrap_message(ENDED_NOTE, width) + "\n")
            stdout.flush()
        elif reply.leaving:
            controller.leave(reply.leaving)
            return 0
