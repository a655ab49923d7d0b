"""Problems found in a world, and the error that carries them.

Every problem names a place in a source file (1-based line and column, as editors count),
what is wrong, and — where we can tell — what would be right. Problems are collected, never
raised one at a time, so an author sees everything wrong with a world in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or suspicious (warning) at a place in a source file."""

    file: str
    line: int  # from 1; 0 when the problem has no place in a file (a name on the command line)
    col: int
    severity: str
    message: str
    hint: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.message)

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class WorldError(Exception):
    """A world that cannot be played: carries every problem found, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(f"{len(self.problems)} problem(s) in world")


# How alike a word and a suggestion must be (difflib's ratio). Authors get a looser
# match (an id they half remember); players a stricter one, because a suggestion that is
# a different real word ("river" → "writer") misleads more than none: typos like `lmap`,
# `nroth` and `tkae` still pass.
AUTHOR_CUTOFF = 0.6
PLAYER_CUTOFF = 0.75


def nearest(word: str, choices: Iterable[str], cutoff: float = AUTHOR_CUTOFF) -> str:
    """The valid choice closest to `word`, or "" when nothing is close."""
    return _nearest(word, frozenset(choices), cutoff)


@lru_cache(maxsize=1024)
def _nearest(word: str, choices: frozenset[str], cutoff: float) -> str:
    # Remembered: a replay meets the same misspelling against the same words again.
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=cutoff)
    return found[0] if found else ""


def did_you_mean(word: str, choices: Iterable[str], what: str = "") -> str:
    """A hint naming the nearest valid choice, or listing a few when none is near."""
    pool = sorted(set(choices))
    best = nearest(word, pool)
    if best:
        return f"did you mean '{best}'?"
    if not pool:
        return f"no {what} is defined" if what else ""
    shown = ", ".join(pool[:8]) + (", …" if len(pool) > 8 else "")
    return f"valid {what + ' ' if what else ''}names: {shown}"


TAB_SHOWN = "→"  # how a tab is drawn in a quoted source line


def format_problem(problem: Problem, sources: Mapping[str, list[str]] | None = None) -> str:
    """Render like a compiler: `file:line:col: severity: message`, source line, caret, hint.
    A problem with no place in a file (line 0: a name given on the command line) is
    `name: severity: message`."""
    where = f"{problem.file}:{problem.line}:{problem.col}" if problem.line else problem.file
    head = f"{where}: {problem.severity}: {problem.message}"
    lines = [head]
    source_lines = _source_lines(problem.file, sources)
    tab_indent = False
    if source_lines is not None and 1 <= problem.line <= len(source_lines):
        raw = source_lines[problem.line - 1].rstrip("\n")
        tab_indent = "\t" in raw[:len(raw) - len(raw.lstrip())]
        # A tab is shown as one visible column (YAML counts it as one), so the caret
        # stays under the right character and an invisible tab cannot hide the cause.
        text = raw.replace("\t", TAB_SHOWN)
        if len(text) > 160:
            text = text[:160] + "…"
        lines.append(f"  {problem.line:>4} | {text}")
        caret_col = max(1, min(problem.col, len(text) + 1))
        lines.append(f"       | {' ' * (caret_col - 1)}^")
    if problem.hint:
        lines.append(f"       = hint: {problem.hint}")
    if tab_indent:
        lines.append(f"       = note: this line is indented with a tab (shown as {TAB_SHOWN}); "
                     "YAML indents with spaces only")
    return "\n".join(lines)


def _source_lines(file: str, sources: Mapping[str, list[str]] | None) -> list[str] | None:
    if sources is not None and file in sources:
        return sources[file]
    path = Path(file)
    try:
        # Only a regular file is shown: a problem may name a device or a pipe given as a
        # world (reading /dev/zero would never end, a pipe would wait for a writer).
        if not path.is_file():
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    return raw.decode("utf-8", errors="replace").splitlines()


def format_problems(problems: Iterable[Problem]) -> str:
    """All problems, each formatted, followed by a count line."""
    problems = tuple(problems)
    cache: dict[str, list[str]] = {}
    for problem in problems:
        if problem.file not in cache:
            lines = _source_lines(problem.file, None)
            cache[problem.file] = lines if lines is not None else []
    body = "\n\n".join(format_problem(p, cache) for p in problems)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    return f"{body}\n\n{errors} error(s), {warnings} warning(s)"
