"""Walkthrough tests: each walkthrough's transcript against its blessed one, and coverage.

Beside every `NAME.walk` in a world's `walkthroughs/` lies `NAME.expected`, the plain
transcript of a run that an author read and accepted ("blessed"). A test replays the
walkthrough (see `walkthrough.run_walkthrough`) and compares: any difference is a failure
shown as a unified diff plus the first turn that differs, with its command. A walkthrough
that names an `ending:` must also reach it. Blessing writes the transcript of this run as
the new expectation.

Coverage is read from the runs themselves (final states and the exits each run passed),
never from a second interpretation of the world, so it reports what the engine really did.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zone_game.atomicfile import WriteError, write_atomic
from zone_game.events import Rejected
from zone_game.problems import did_you_mean
from zone_game.session import Session
from zone_game.walkthrough import (
    WalkResult,
    Walkthrough,
    WalkthroughError,
    find_walkthroughs,
    parse_walkthrough,
    run_walkthrough,
)
from zone_game.world import World

EXPECTED_SUFFIX = ".expected"

PASSED = "passed"
FAILED = "failed"
BLESSED = "blessed"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Difference:
    """The first turn at which two transcripts part: turn 0 is the opening."""

    turn: int
    command: str  # the command of that turn in this run ("" for the opening)

    def describe(self) -> str:
        if self.turn == 0:
            return "the opening (before the first command)"
        return f"command {self.turn}: > {self.command}"


@dataclass(frozen=True)
class Outcome:
    """The verdict on one walkthrough. `reasons` is empty exactly when it passed."""

    name: str
    path: str
    status: str  # PASSED, FAILED, BLESSED or UNREADABLE
    description: str = ""
    seed: int | None = None
    ending_wanted: str = ""
    ending_reached: str = ""
    turns_run: int = 0
    reasons: tuple[str, ...] = ()
    difference: Difference | None = None
    diff: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (PASSED, BLESSED)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name, "path": self.path, "status": self.status,
            "description": self.description, "seed": self.seed,
            "ending_wanted": self.ending_wanted, "ending_reached": self.ending_reached,
            "turns_run": self.turns_run, "reasons": list(self.reasons),
            "first_difference": None if self.difference is None else {
                "turn": self.difference.turn, "command": self.difference.command},
            "diff": self.diff,
        }


def expected_path(walk_path: Path) -> Path:
    """Where the blessed transcript of a walkthrough lives: beside it, `.expected`."""
    return walk_path.with_suffix(EXPECTED_SUFFIX)


def walkthroughs_dir(world_path: Path) -> Path:
    """A world directory's `walkthroughs/`; for a one-file world, the one beside it."""
    return (world_path if world_path.is_dir() else world_path.parent) / "walkthroughs"


def split_turns(transcript: str) -> list[list[str]]:
    """A transcript cut into turns: the opening, then one chunk per `> command` line.

    The blank line that separates a turn from the next belongs to neither.
    """
    turns: list[list[str]] = [[]]
    for line in transcript.splitlines():
        if line.startswith("> "):
            turns.append([])
        turns[-1].append(line)
    for turn in turns:
        while turn and not turn[-1].strip():
            turn.pop()
    return turns


def first_difference(expected: str, actual: str, commands: tuple[str, ...]) -> Difference | None:
    """The first turn whose text differs, or None when the transcripts are the same."""
    old, new = split_turns(expected), split_turns(actual)
    for turn in range(max(len(old), len(new))):
        if turn >= len(old) or turn >= len(new) or old[turn] != new[turn]:
            command = commands[turn - 1] if 0 < turn <= len(commands) else ""
            return Difference(turn, command)
    return None


def unified_diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                 fromfile=f"{name}{EXPECTED_SUFFIX} (blessed)",
                                 tofile=f"{name} (this run)", lineterm="")
    return "\n".join(lines)


def _ending_line(path: Path) -> str:
    """`FILE:LINE: ` of the walkthrough's `ending:` line, for a message about it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return f"{path}: "
    for number, line in enumerate(lines, 1):
        if line.startswith("ending:"):
            return f"{path}:{number}: "
    return f"{path}: "


def _refusals(world: World, walk: Walkthrough, shown: int = 3) -> str:
    """The commands the game refused on the way, for a run that missed its ending: a
    slip in the script (`thorw stone east`) is the usual reason, and otherwise it hides
    in the diff. Replays the run (only ever on this failing path)."""
    session, _events = Session.start(world, walk.seed)
    refused: list[str] = []
    for number, command in enumerate(walk.commands, 1):
        if session.state.ending:
            break
        session, events = session.submit(command)
        refused.extend(f"command {number} `{command}` ({_said(event)})"
                       for event in events if isinstance(event, Rejected))
    if not refused:
        return ""
    more = f" and {len(refused) - shown} more" if len(refused) > shown else ""
    return "; refused on the way: " + "; ".join(refused[:shown]) + more


def _said(event: Rejected) -> str:
    return f"{event.reason} {event.hint}" if event.hint else event.reason


def check_walkthrough(world: World, walk: Walkthrough, result: WalkResult,
                      bless: bool = False) -> Outcome:
    """Compare (or, with `bless`, record) one run; check the ending it was meant to reach."""
    path = Path(walk.path)
    name = path.stem
    reasons: list[str] = []
    if walk.ending and walk.ending not in world.endings:
        reasons.append(f"{_ending_line(path)}'ending: {walk.ending}' names no ending of this "
                       "world — " + did_you_mean(walk.ending, world.endings, "ending"))
    elif walk.ending and result.ending != walk.ending:
        reached = f"reached '{result.ending}'" if result.ending else \
            f"the story had not ended after {result.turns_run} command(s)"
        reasons.append(f"should reach the ending '{walk.ending}', but {reached}"
                       + _refusals(world, walk))
    expected_file = expected_path(path)
    difference: Difference | None = None
    diff = ""
    status = PASSED
    if bless and reasons:
        # A run that misses its `ending:` is not the run the walkthrough is about: its
        # transcript would be blessed only to fail the next test. Keep the old one.
        reasons.append(f"not blessed: {expected_file.name} is left as it was")
    elif bless:
        try:
            write_atomic(expected_file, result.transcript)
            status = BLESSED
        except WriteError as exc:
            reasons.append(f"not blessed: {exc}")
    elif not expected_file.is_file():
        reasons.append(f"no blessed transcript {expected_file.name} — read this run's "
                       "transcript (below), then record it with --bless")
        diff = unified_diff("", result.transcript, name)
    else:
        try:
            expected = expected_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            expected = ""
            reasons.append(f"cannot read {expected_file.name}: {exc}")
        else:
            difference = first_difference(expected, result.transcript, walk.commands)
            if difference is not None:
                diff = unified_diff(expected, result.transcript, name)
                reasons.append("transcript differs from the blessed one, first at "
                               + difference.describe())
    if reasons:
        status = FAILED
    return Outcome(name, walk.path, status, walk.description, walk.seed, walk.ending,
                   result.ending, result.turns_run, tuple(reasons), difference, diff)


@dataclass(frozen=True)
class Category:
    """One kind of thing coverage counts: every id the world has, and those reached."""

    name: str
    all_ids: tuple[str, ...]
    reached: frozenset[str]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i for i in self.all_ids if i not in self.reached)

    @property
    def covered(self) -> int:
        return len(self.all_ids) - len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 if not self.all_ids else 100.0 * self.covered / len(self.all_ids)

    def as_json(self) -> dict[str, object]:
        return {"total": len(self.all_ids), "reached": self.covered,
                "percent": round(self.percent, 1), "missing": list(self.missing)}


@dataclass
class Coverage:
    """What a set of runs reached, accumulated run by run (ids in authored order)."""

    world: World
    places: set[str] = field(default_factory=set)
    exits: set[str] = field(default_factory=set)
    nodes: set[str] = field(default_factory=set)
    hazards: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)

    def add(self, result: WalkResult) -> None:
        state = result.state
        self.places |= state.visited | {state.place}
        self.exits |= set(result.exits_taken)
        # A place stepped into as the story ended on its threshold (the exit's own `do:`,
        # or a hazard there, ended it) is reached too: some places can be met no other way.
        for exit_id in result.exits_taken:
            place_id, _, name = exit_id.partition(".")
            passed = self.world.places[place_id].exit(name)
            if passed is not None:
                self.places.add(passed.to)
        self.nodes |= state.reached_nodes
        # "hazard@place": found by a probe or walked into.
        self.hazards |= {key.partition("@")[0] for key in state.revealed}
        if result.ending:
            self.endings.add(result.ending)

    def categories(self) -> tuple[Category, ...]:
        world = self.world
        exit_ids = tuple(f"{place_id}.{exit_.name}" for place_id in world.places
                         for exit_ in world.places[place_id].exits)
        return (
            Category("places", tuple(world.places), frozenset(self.places)),
            Category("exits", exit_ids, frozenset(self.exits)),
            Category("dialogue nodes", tuple(world.dialogue), frozenset(self.nodes)),
            Category("hazards", tuple(world.hazards), frozenset(self.hazards)),
            Category("endings", tuple(world.endings), frozenset(self.endings)),
        )

    def as_json(self) -> dict[str, object]:
        return {c.name.replace(" ", "_"): c.as_json() for c in self.categories()}

    def report(self) -> str:
        lines = ["coverage:"]
        for category in self.categories():
            line = (f"  {category.name:<15} {category.covered:>4}/{len(category.all_ids):<4} "
                    f"{category.percent:5.1f}%")
            if category.missing:
                line += "  missing: " + ", ".join(category.missing)
            lines.append(line)
        return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    """Every walkthrough's outcome, and the coverage of all the runs together."""

    outcomes: tuple[Outcome, ...]
    coverage: Coverage

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == FAILED)

    @property
    def unreadable(self) -> int:
        return sum(1 for o in self.outcomes if o.status == UNREADABLE)

    @property
    def exit_status(self) -> int:
        """0 all passed, 1 some failed (or none exist), 2 a walkthrough could not be read."""
        if self.unreadable:
            return 2
        return 1 if self.failed or not self.outcomes else 0


def run_tests(world: World, walk_paths: Iterable[Path], bless: bool = False) -> Report:
    """Run every walkthrough; an unreadable one is reported and the rest still run."""
    outcomes: list[Outcome] = []
    coverage = Coverage(world)
    for walk_path in walk_paths:
        try:
            walk = parse_walkthrough(walk_path)
        except WalkthroughError as exc:
            outcomes.append(Outcome(walk_path.stem, str(walk_path), UNREADABLE,
                                    reasons=(str(exc),)))
            continue
        result = run_walkthrough(world, walk)
        coverage.add(result)
        outcomes.append(check_walkthrough(world, walk, result, bless))
    return Report(tuple(outcomes), coverage)


def walkthrough_files(world_path: Path) -> list[Path]:
    """The walkthrough files of a world (a directory, or a one-file world)."""
    return find_walkthroughs(walkthroughs_dir(world_path).parent)
