"""Walkthroughs: scripted runs of a world, with a description, a seed and commands.

A walkthrough file (`*.walk`, in a world's `walkthroughs/` directory) reads:

    # Caught at the cordon: walking straight at the gate.
    seed: 42
    ending: caught_at_cordon
    north
    talk to writer
    1

The first comment is the description; `seed:` is required; `ending:` (optional) names
the ending the run must reach; every other non-blank, non-comment line is a command. The
transcript of a walkthrough is the plain rendering of the run, each command after `> `.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zone_game import rng
from zone_game.events import Ended, Event, Moved
from zone_game.parser import Command, parse
from zone_game.plain import render
from zone_game.session import Session
from zone_game.state import GameState
from zone_game.world import World


class WalkthroughError(ValueError):
    """A walkthrough file that cannot be read: names the file and line."""


@dataclass(frozen=True)
class Walkthrough:
    path: str
    description: str
    seed: int
    ending: str
    commands: tuple[str, ...]


@dataclass(frozen=True)
class WalkResult:
    transcript: str
    state: GameState
    ending: str  # the ending reached, or ""
    turns_run: int  # how many commands ran before the run ended or the script did
    # Exits passed, as "place.exit", in the order first taken (for coverage reports).
    exits_taken: tuple[str, ...] = ()


def parse_walkthrough(path: Path) -> Walkthrough:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WalkthroughError(f"{path}: cannot read: {exc}") from None
    description = ""
    seed: int | None = None
    ending = ""
    commands: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not description and not commands:
                description = line.lstrip("#").strip()
            continue
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("seed", "ending") and not commands:
            if key.strip() == "seed":
                try:
                    seed = int(value.strip())
                except ValueError:
                    seed = -1
                if not rng.is_seed(seed):
                    raise WalkthroughError(f"{path}:{number}: seed must be {rng.SEEDS}, "
                                           f"not '{value.strip()}'") from None
            else:
                ending = value.strip()
            continue
        commands.append(line)
    if seed is None:
        raise WalkthroughError(f"{path}:1: no 'seed:' line — every walkthrough names its "
                               "seed, so it replays the same way everywhere")
    return Walkthrough(str(path), description, seed, ending, tuple(commands))


def run_walkthrough(world: World, walk: Walkthrough, width: int = 78) -> WalkResult:
    """Play the commands from a new game; stop early if the story ends."""
    session, events = Session.start(world, walk.seed)
    chunks = [render(events, width)]
    ran = 0
    exits: dict[str, None] = {}  # an ordered set
    for command in walk.commands:
        if session.state.ending:
            break
        before = session.state
        session, events = session.submit(command)
        ran += 1
        for taken in _exits_taken(world, before, command, events):
            exits.setdefault(taken)
        chunks.append(f"\n> {command}")
        text = render(events, width)
        if text:
            chunks.append(text)
    return WalkResult("\n".join(chunks) + "\n", session.state, session.state.ending, ran,
                      tuple(exits))


def _exits_taken(world: World, before: GameState, command: str,
                 events: tuple[Event, ...]) -> list[str]:
    """The exits one turn passed: every `Moved` with a direction, and an exit whose own
    effects ended the story before the player arrived (no `Moved` is emitted then)."""
    taken = [f"{e.origin}.{e.direction}" for e in events
             if isinstance(e, Moved) and e.direction]
    if not taken and any(isinstance(e, Ended) for e in events):
        parsed = parse(world, before, command)
        if isinstance(parsed, Command) and parsed.verb == "go" and \
                world.places[before.place].exit(parsed.direction) is not None:
            taken.append(f"{before.place}.{parsed.direction}")
    return taken


def find_walkthroughs(world_dir: Path) -> list[Path]:
    """The `*.walk` files of a world directory's `walkthroughs/`, sorted by name."""
    return sorted((world_dir / "walkthroughs").glob("*.walk"))
