"""Run logs (`*.run.jsonl`): a recording as JSON lines, one line per turn.

    {"format": "zone-game-run", "version": 3, "oldest_reader": 3, "engine": "0.1.0",
     "world": {"id": …, "version": …, "content_hash": …}, "seed": 7,
     "digest": "<turn 0>", "start": {…state at turn 0…}}
    {"turn": 1, "input": "take lamp", "digest": "…", "changes": {…}}
    {"turn": 2, "input": "n", "digest": "…", "changes": {…}}

A run log and a save hold the same recording, so either converts to the other
(`zone-game replay FILE --export out.run.jsonl` / `--export out.json`); a run log has no
final state — a save made from one re-simulates it. Versions as for saves (see `saves`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from zone_game.collector import collector_paused
from zone_game.recording import Recording
from zone_game.saves import (
    SAVE_VERSION,
    Fields,
    SaveError,
    check_seed,
    check_version,
    may_hold_lone_surrogate,
    parse_json,
    turns_from,
)

RUN_FORMAT = "zone-game-run"
RUN_VERSION = SAVE_VERSION  # the layout written by this build: a save's and a run log's
# versions are one (a run log holds a save's recording in other lines)
RUN_SUFFIX = ".run.jsonl"


def encode(recording: Recording) -> str:
    header = {
        "format": RUN_FORMAT, "version": recording.format_version,
        "oldest_reader": recording.format_version,
        "engine": recording.engine, "world": recording.world.as_json(),
        "seed": recording.seed, "digest": recording.start_digest, "start": recording.start,
    }
    lines = [json.dumps(header, ensure_ascii=False)]
    lines.extend(f'{{"turn": {number}, {t.row[1:]}'
                 for number, t in enumerate(recording.turns, 1))
    return "\n".join(lines) + "\n"


def decode(text: str, source: str) -> Recording:
    # Lines end at "\n" only: a JSON line may hold any other line separator in its text
    # (`str.splitlines` would cut a typed U+2028 in two); a "\r" before it is JSON space.
    head, _, body = text.partition("\n")
    if not head.strip():
        raise SaveError(f"{source}: empty — not a run log")
    header = _json_line(head, source, 1)
    if not isinstance(header, dict) or header.get("format") != RUN_FORMAT:
        raise SaveError(f"{source}:1: not a zone-game run log (no \"format\": "
                        f"\"{RUN_FORMAT}\")")
    version = check_version(header, source, RUN_VERSION)
    fields = Fields(header, f"{source}:1")
    with collector_paused():  # a long log is hundreds of thousands of small dicts
        rows, where = _rows(body, source)
        turns = turns_from(rows, where)
    for index, row in enumerate(rows):
        if row.get("turn", index + 1) != index + 1:
            raise SaveError(f"{where(index)}: turn {row.get('turn')!r} out of "
                            f"order (expected {index + 1}) — the log was edited or spliced")
    recording = Recording(world=fields.stamp(), engine=fields.text("engine"),
                          seed=fields.integer("seed"), start=fields.obj("start"),
                          start_digest=fields.text("digest"), turns=turns,
                          format_version=version)
    check_seed(recording, f"{source}:1")
    return recording


def _rows(body: str, source: str) -> tuple[list[Any], Callable[[int], str]]:
    """The turn lines after the header, parsed, and where each one is (`FILE:LINE`)."""
    lines = body.rstrip().split("\n") if body.strip() else []
    if all(line.strip() for line in lines) and not may_hold_lone_surrogate(body):
        rows = _scanned(lines)
        if rows is not None:  # the usual log: row i is on line i + 2
            return rows, lambda index: f"{source}:{index + 2}"
    # Blank lines, or a line that is bad (or may hold half a character): parse line by
    # line, to skip the one and name the other.
    numbered = [(number, line) for number, line in enumerate(lines, 2) if line.strip()]
    rows = [_json_line(line, source, number) for number, line in numbered]
    return rows, lambda index: f"{source}:{numbered[index][0]}"


def _scanned(lines: list[str]) -> list[Any] | None:
    """Each line's one value, read by the JSON scanner itself (no `json.loads` a line:
    its Python layers cost more than the scan); None when a line is not one value, from
    its first character to its last but spaces."""
    rows: list[Any] = []
    append = rows.append
    try:
        for line in lines:
            value, end = _scan(line, 0)
            if end != len(line) and not line[end:].isspace():
                return None
            append(value)
    except (StopIteration, ValueError, RecursionError):  # (JSONDecodeError is a ValueError)
        return None
    return rows


# The decoder's scanner (C where `_json` is built), as `json.loads` uses it; typeshed does
# not declare the attribute.
_scan: Callable[[str, int], tuple[Any, int]] = (
    json.JSONDecoder().scan_once)  # type: ignore[attr-defined]


def _json_line(line: str, source: str, number: int) -> Any:
    try:
        return parse_json(line, f"{source}:{number}: not a run log line")
    except json.JSONDecodeError as exc:
        raise SaveError(f"{source}:{number}: not a JSON line ({exc.msg}, column "
                        f"{exc.colno}) — truncated or edited?") from None
