"""A line as the player typed it, made into text a run can record and show.

Input arrives from places that do not promise clean text: a terminal in another
encoding, binary pasted into the prompt, a script piping a file. Python decodes bytes it
cannot read as lone surrogates (U+DC80…U+DCFF), which no UTF-8 file can hold — a line
carrying one would make every later save of the run fail. Control characters (ESC, BEL,
backspace, NUL …) are not words either, and echoed into a transcript or a terminal they
would become escape sequences. So, before a line reaches the game:

- every lone surrogate becomes U+FFFD (the replacement character `�`), one per byte;
- every C0/C1 control character and DEL becomes a space (a tab separates words, as a
  space does).

Letters of every script, combining marks, emoji and right-to-left text are kept as typed.
The result is a pure function of the line, so a recorded run replays the same.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean(line: str) -> str:
    """`line` with lone surrogates as U+FFFD and control characters as spaces."""
    if line.isprintable():  # the common case: nothing to do, and cheap to find out
        return line
    return _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", line))
