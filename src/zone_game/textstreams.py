"""Standard output and error that never fail on a character they cannot encode.

zone-game's text is Unicode: typographic quotes and dashes in every world, `…` in
messages, `⚠` in maps. A terminal or pipe whose encoding cannot hold them (a Latin-1 or
ASCII locale, `PYTHONIOENCODING=ascii`, an old Windows console) made the first such
character an internal error, ending the run. On such a stream, a character it cannot hold
is written as its nearest ASCII (`—` as `--`, a closing quote as `'`, `…` as `...`) or, when it has
none, as `?`. UTF-8 streams, the usual case, are left exactly as they are.
"""

from __future__ import annotations

import codecs
import io
import sys

ERRORS = "zone_game_ascii"

# The typography our worlds and messages use, as ASCII a reader will still recognise.
_NEAREST = {
    "\u2014": "--", "\u2013": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
    "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2026": "...", "\u00b7": "*", "\u2022": "*", "\u2192": "->",
    "\u2190": "<-", "\u2191": "^", "\u2193": "v", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u00d7": "x", "\u2713": "ok", "\u26a0": "!",
}


def _nearest(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_NEAREST.get(char, "?") for char in text), error.end


codecs.register_error(ERRORS, _nearest)


def tolerate_narrow_encodings() -> None:
    """Make sys.stdout and sys.stderr write what their encoding cannot hold as ASCII."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):  # closed (None) or replaced (tests)
            continue
        try:
            if codecs.lookup(stream.encoding).name.startswith("utf"):
                continue
            stream.reconfigure(errors=ERRORS)
        except (LookupError, ValueError):  # an unknown encoding, a closed stream
            continue
