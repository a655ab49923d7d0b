"""Save files: where they live, what their names may be, and their JSON layout.

A save is a recording (see `recording`): the world's id, version and content hash, the
engine version, the seed, every line given (with the digest and the changes after it),
the state at turn 0 and the final state (so loading does not have to re-simulate). Keys
are written in a fixed order and each turn on its own line, so a save reads well in an
editor and diffs well in version control:

    {
      "format": "zone-game-save",
      "version": 3,
      "oldest_reader": 3,
      "name": "before-the-gate",
      ...
      "turns": [
        {"input": "take lamp", "digest": "0e3c…", "changes": {"turn": 1, …}},
        …
      ],
      "state": {…}
    }

`version` is the layout this file has; `oldest_reader` the oldest layout reader that can
read it. A file whose `oldest_reader` is newer than `SAVE_VERSION` was written by a newer
zone-game and is refused by name, as is any file that is not a save at all. Formats (of
saves and run logs alike): 1 and 2 differ in how their digests are computed
(`statecodec.DIGEST_VERSIONS`, `FORMAT_DIGESTS`); 3 writes a changed set as the names added
and taken away, not whole (`recording.changes`). An older file is still read, checked with
the digest it was written with, and written again in its own format when copied
unchanged; a run recorded by this build is format 3, which older readers would misjudge,
hence `oldest_reader`.

Where saves go: `--saves DIR`, else `$ZONE_GAME_SAVES`, else `./saves/` when the working
directory has one, else the user's data directory. A save name is reduced to letters,
digits, `-` and `_`, so no name can reach outside the saves directory.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zone_game.atomicfile import WriteError, reason, write_atomic
from zone_game.collector import collector_paused

if TYPE_CHECKING:
    from zone_game.recording import Recording, Turn, WorldStamp

SAVE_FORMAT = "zone-game-save"
SAVE_VERSION = 3  # the layout written (run logs' too)
OLDEST_READ = 1  # the oldest layout this build reads
# The digest version (`statecodec.DIGEST_VERSIONS`) of each layout's files: see above.
FORMAT_DIGESTS = {1: 1, 2: 2, 3: 2}
SAVE_SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
MAX_NAME = 64
MAX_FILE_BYTES = 256 * 1024 * 1024  # a save larger than this is not one of ours


class SaveError(Exception):
    """A save that cannot be read or written: the message names the file and the fix."""


# ---------------------------------------------------------------- where and what name


def saves_dir(explicit: str | None = None, cwd: Path | None = None) -> Path:
    """The saves directory: `--saves`, `$ZONE_GAME_SAVES`, `./saves/`, the user data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("ZONE_GAME_SAVES")
    if env:
        return Path(env).expanduser()
    local = (cwd or Path.cwd()) / "saves"
    if local.is_dir():
        return local
    return user_data_dir() / "saves"


def user_data_dir() -> Path:
    """Where this user's zone-game data lives, by the platform's convention."""
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA")
        return (Path(base) if base else home / "AppData" / "Roaming") / "zone-game"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "zone-game"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else home / ".local" / "share") / "zone-game"


def slot_name(name: str) -> str:
    """`name` as a safe file stem: letters (any script), digits, `-`, `_`; never a path.

    Every other run of characters becomes one `-`; leading and trailing `-` go. So
    `../../x` is `x` and `my save!` is `my-save`. Raises SaveError when nothing is left.
    """
    cleaned = re.sub(r"[^\w-]+", "-", name).strip("-")[:MAX_NAME].strip("-")
    if not cleaned:
        raise SaveError(f"'{name}' cannot be a save name — use letters, digits, - or _")
    return cleaned


def slot_path(directory: Path, name: str) -> Path:
    path = directory / (slot_name(name) + SAVE_SUFFIX)
    # slot_name already makes this impossible; this line keeps it impossible.
    if path.parent != directory:
        raise SaveError(f"'{name}' would leave the saves directory")
    return path


def autosave_name(world_id: str) -> str:
    return slot_name(AUTOSAVE_PREFIX + world_id)


# ---------------------------------------------------------------- writing


def encode(recording: Recording, name: str, saved_at: str = "") -> str:
    """The save file's text: stable key order, one turn per line."""
    final = recording.final if recording.final is not None else recording.start
    head: dict[str, Any] = {
        "format": SAVE_FORMAT,
        "version": recording.format_version,
        "oldest_reader": recording.format_version,
        "name": name,
        "saved_at": saved_at or now(),
        "engine": recording.engine,
        "world": recording.world.as_json(),
        "seed": recording.seed,
        "summary": {"turns": len(recording.turns), "game_turn": final.get("turn", 0),
                    "place": final.get("place", ""), "ending": final.get("ending", "")},
        "memory": {"last_command": recording.memory[0], "refused_line": recording.memory[1],
                   "unknown_word": recording.memory[2]},
        "start_digest": recording.start_digest,
        "start": recording.start,
    }
    parts = ["{"]
    for key, value in head.items():
        parts.append(f"  {json.dumps(key)}: {_dumps(value)},")
    parts.append('  "turns": [')
    parts.append(",\n".join("    " + t.row for t in recording.turns))
    parts.append("  ],")
    parts.append(f'  "state": {_dumps(final)}')
    parts.append("}\n")
    return "\n".join(p for p in parts if p)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_save(path: Path, recording: Recording, name: str = "") -> None:
    """Write the save atomically, creating the directory; raises SaveError on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"cannot create the saves directory {path.parent}: {reason(exc)} — "
                        "choose another with --saves DIR or ZONE_GAME_SAVES") from None
    try:
        write_atomic(path, encode(recording, name or path.stem))
    except WriteError as exc:
        raise SaveError(str(exc)) from None


# ---------------------------------------------------------------- reading


def read_text(path: Path, what: str = "save") -> str:
    """The file's text; a leading byte-order mark (some editors write one) is dropped.

    Only a regular file is read: a directory, a device (a link to /dev/zero would never
    end) or a pipe is refused by what it is.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{path}: not a regular file (a device or a pipe), not a {what}")
        if info.st_size > MAX_FILE_BYTES:
            raise SaveError(f"{path}: too large to be a {what}")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SaveError(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise SaveError(f"{path}: is a directory, not a {what}") from None
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a {what} (not UTF-8 text)") from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {reason(exc)}") from None


def read_save(path: Path) -> tuple[Recording, dict[str, Any]]:
    """The recording in a save file, and its header (name, saved_at, summary)."""
    return decode(read_text(path), str(path))


def decode(text: str, source: str) -> tuple[Recording, dict[str, Any]]:
    with collector_paused():  # a long run's save is hundreds of thousands of small dicts
        return _decode(text, source)


def _decode(text: str, source: str) -> tuple[Recording, dict[str, Any]]:
    try:
        data = parse_json(text, f"{source}: not a readable save")
    except json.JSONDecodeError as exc:
        cut = "it ends too early (truncated?)" if exc.pos >= len(text.rstrip()) else \
            f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise SaveError(f"{source}: not a readable save — {cut}") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{source}: not a zone-game save (no \"format\": "
                        f"\"{SAVE_FORMAT}\")")
    version = check_version(data, source, SAVE_VERSION)
    from zone_game.recording import Recording

    fields = Fields(data, source)
    recording = Recording(
        world=fields.stamp(),
        engine=fields.text("engine"),
        seed=fields.integer("seed"),
        start=fields.obj("start"),
        start_digest=fields.text("start_digest"),
        turns=fields.turns("turns"),
        final=fields.obj("state"),
        memory=fields.memory(),
        format_version=version,
    )
    check_seed(recording, source)
    header = {k: data.get(k) for k in ("name", "saved_at", "summary")}
    return recording, header


def check_seed(recording: Recording, source: str) -> None:
    """The run's seed is recorded twice, in the header and in the start state; an edited
    header would otherwise be believed by `restart` and by a re-simulation."""
    recorded = recording.start.get("seed")
    if recorded != recording.seed:
        shown = str(recording.seed)
        shown = shown if len(shown) <= 24 else shown[:20] + "…"
        raise SaveError(f"{source}: field \"seed\": {shown} is not the seed of the recorded "
                        f"start ({recorded!r}) — the file was edited or damaged")


def parse_json(text: str, what: str) -> Any:
    """`json.loads(text)`, refusing what no save of ours holds: nesting too deep for the
    parser (a RecursionError, not a message) and lone surrogates (`"\\udc80"` is valid
    JSON but not text: a run carrying one could never be saved again). Raises
    SaveError starting with `what`; a JSONDecodeError is left to the caller to word."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise SaveError(f"{what} — it is nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # Python refuses to read an integer of thousands of digits
        raise SaveError(f"{what} — it holds a number too long to read") from None
    if may_hold_lone_surrogate(text):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start:exc.end].encode("unicode_escape").decode("ascii")
            raise SaveError(f"{what} — it holds {bad}, half of a character (a lone "
                            "surrogate), which is not text") from None
    return data


def may_hold_lone_surrogate(text: str) -> bool:
    """Whether JSON text may hold half a character: only an escape can make one. A
    backslash is looked for first (one character is found at memory speed, three are
    not: a run log may be megabytes)."""
    return "\\" in text and ("\\ud" in text or "\\uD" in text)


def check_version(data: dict[str, Any], source: str, supported: int) -> int:
    """The file's format version, when this build reads it; else SaveError. (A newer
    version readable by this build, an added optional field, is read as the newest
    this build knows.)"""
    version = data.get("version")
    oldest = data.get("oldest_reader", version)
    if not isinstance(version, int) or not isinstance(oldest, int):
        raise SaveError(f"{source}: \"version\" must be a whole number")
    if oldest > supported:
        raise SaveError(f"{source}: written by a newer zone-game (file format {version}, "
                        f"readable from format {oldest}; this zone-game reads up to "
                        f"{supported}) — upgrade zone-game to load it")
    if version < OLDEST_READ:
        raise SaveError(f"{source}: file format {version} is too old for this zone-game "
                        f"(it reads {OLDEST_READ} to {supported})")
    return min(version, supported)


class Fields:
    """Typed access to a decoded file's fields; every failure names the field."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source

    def fail(self, field: str, what: str) -> SaveError:
        return SaveError(f"{self.source}: field \"{field}\": {what}")

    def get(self, key: str, kind: type, what: str, data: dict[str, Any] | None = None,
            prefix: str = "") -> Any:
        data = self.data if data is None else data
        if key not in data:
            raise self.fail(prefix + key, f"missing (expected {what})")
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(prefix + key, f"expected {what}")
        return value

    def text(self, key: str) -> str:
        value: str = self.get(key, str, "text")
        return value

    def integer(self, key: str) -> int:
        value: int = self.get(key, int, "a whole number")
        return value

    def obj(self, key: str) -> dict[str, Any]:
        value: dict[str, Any] = self.get(key, dict, "an object")
        return value

    def stamp(self) -> WorldStamp:
        world = self.obj("world")
        id_, title, version, content_hash = (self.get(k, str, "text", world, "world.")
                                             for k in ("id", "title", "version",
                                                       "content_hash"))
        path = world.get("path", "")
        from zone_game.recording import WorldStamp

        return WorldStamp(id_, title, version, content_hash,
                          path if isinstance(path, str) else "")

    def memory(self) -> tuple[str, str, str]:
        memory = self.data.get("memory", {})
        if not isinstance(memory, dict):
            raise self.fail("memory", "expected an object")
        values = tuple(memory.get(k, "") for k in ("last_command", "refused_line",
                                                    "unknown_word"))
        if not all(isinstance(v, str) for v in values):
            raise self.fail("memory", "expected text values")
        return values[0], values[1], values[2]

    def turns(self, key: str) -> tuple[Turn, ...]:
        rows = self.get(key, list, "a list of turns")
        return turns_from(rows, lambda index: f"{self.source}: turn {index + 1}")


def turns_from(rows: list[Any], where: Callable[[int], str]) -> tuple[Turn, ...]:
    """Turn records ({input, digest, changes}); a bad one raises SaveError naming
    `where(index)`. A run log may hold 100,000 of these: the loop is kept tight (rows
    come from `json`, so their types are exactly dict, str; a bad row is looked at again
    to say what is wrong)."""
    from zone_game.recording import Turn

    turns: list[Turn] = []
    append = turns.append
    for index, row in enumerate(rows):
        if type(row) is dict:
            line, digest, delta = row.get("input"), row.get("digest"), row.get("changes", _NONE)
            if delta is _NONE:
                delta = {}
            if type(line) is str and type(digest) is str and type(delta) is dict:
                append(Turn(line, digest, delta))
                continue
        raise SaveError(f"{where(index)}: {_bad_turn(row)}")
    return tuple(turns)


_NONE = object()


def _bad_turn(row: Any) -> str:
    if not isinstance(row, dict):
        return "expected an object with input, digest, changes"
    if not isinstance(row.get("input"), str):
        return "\"input\" must be text"
    if not isinstance(row.get("digest"), str):
        return "\"digest\" must be text"
    return "\"changes\" must be an object"


# ---------------------------------------------------------------- listing


@dataclass(frozen=True)
class SaveInfo:
    """What `saves` lists about one save file, read from its header."""

    name: str
    path: Path
    world_id: str
    saved_at: str
    turns: int  # commands given
    place: str
    ending: str
    problem: str = ""  # why the file could not be read, if it could not
    game_turn: int = 0  # the game's turn counter, as the status bar shows it


def game_turn_of(summary: dict[str, Any]) -> int:
    """The game's turn a save's summary gives (0 when it gives none, or not a count)."""
    value = summary.get("game_turn")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def list_saves(directory: Path) -> list[SaveInfo]:
    """Every save in `directory`, newest first; unreadable files are listed with why."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*" + SAVE_SUFFIX):
        try:
            recording, header = read_save(path)
        except SaveError as exc:
            found.append(SaveInfo(path.stem, path, "", "", 0, "", "", str(exc)))
            continue
        summary = header.get("summary") if isinstance(header.get("summary"), dict) else {}
        assert isinstance(summary, dict)
        found.append(SaveInfo(path.stem, path, recording.world.id,
                              str(header.get("saved_at") or ""), len(recording.turns),
                              str(summary.get("place", "")), str(summary.get("ending", "")),
                              game_turn=game_turn_of(summary)))
    found.sort(key=lambda s: (s.saved_at, s.name), reverse=True)
    return found
