"""The player's words for saves and time: save, restore (load), saves, undo, redo, restart,
transcript on|off — and the autosave.

Importing this module registers the words in `controller.META_COMMANDS` (so every shell
offers them) and its hooks in `controller.TURN_HOOKS` / `EXIT_HOOKS`. Per run it keeps a
`RunSaves` in `controller.extras`: the saves directory, the run's `History` (undo/redo),
the autosave switch and the transcript file.

The autosave slot is `autosave-<world id>`: written after every turn (when a player is at
a terminal), after every undo, redo, restore and restart, and when the run is left (quit,
end of input, hangup, terminate, Ctrl-C). `begin` offers to continue it when a run
starts.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

from zone_game import controller as ctl
from zone_game.controller import Controller, Reply
from zone_game.engine import ending_screen, step
from zone_game.events import ChoicesOffered, Event, Narrated
from zone_game.saves import (
    SaveError,
    autosave_name,
    game_turn_of,
    list_saves,
    now,
    read_save,
    saves_dir,
    slot_name,
    slot_path,
    write_save,
)
from zone_game.session import Session
from zone_game.state import Mode
from zone_game.world import World

if TYPE_CHECKING:
    from zone_game.history import History
    from zone_game.recording import Recording

# The autosave as read at the start: the recording and header, why it cannot be read, or
# None when there is none.
Autosave: TypeAlias = "tuple[Recording, dict[str, Any]] | SaveError | None"

# The history, recordings and replays are imported when first used, not at start-up: the
# game's first prompt is a budget, and a run needs them only after its first move.

EXTRA_KEY = "saves"
DEFAULT_SLOT = "quicksave"
# where `restart` and `restore` keep the run they leave (the autosave is about to hold
# another), so that neither can lose it
RESTART_SLOT = "before-restart"
NEW_RUN_SLOT = "before-new-run"  # an unfinished run a new one would have overwritten
RESTORE_SLOT = "before-restore"


@dataclass
class RunSaves:
    """What this module keeps for one run."""

    directory: Path
    history: History | None  # made on first need (see `run_of`)
    autosave: bool = True
    every_turn: bool = True  # autosave after each turn (else only on undo, restore, exit…)
    transcript: TextIO | None = None
    transcript_path: Path | None = None
    # where the run is autosaved; "" for the world's autosave slot (what `zone-game`
    # offers to continue). A replay played on from writes its own, so that watching a
    # saved run never overwrites the player's unfinished one.
    autosave_slot: str = ""


def attach(controller: Controller, directory: Path, history: History | None = None) -> RunSaves:
    """Give a run its saves directory (and history, when it was restored)."""
    run = RunSaves(directory, history)
    controller.extras[EXTRA_KEY] = run
    return run


def _history_of(controller: Controller) -> History:
    """A history of the controller's run as it stands (earlier states re-simulated on need)."""
    from zone_game.history import History

    start, _ = Session.start(controller.world, controller.seed)
    return History(controller.world, controller.seed, start, list(controller.inputs),
                   controller.session)


def run_of(controller: Controller) -> RunSaves:
    found = controller.extras.get(EXTRA_KEY)
    if isinstance(found, RunSaves):
        if found.history is None or found.history.world is not controller.world:
            # Not made yet; or the world was reloaded under the run (`play --watch`
            # re-plays the lines on the edited world): the old states belong to the old one.
            found.history = _history_of(controller)
        return found
    run = attach(controller, saves_dir())
    run.history = _history_of(controller)
    return run


def history_of(controller: Controller) -> History:
    """The run's history (undo/redo), made on first need."""
    history = run_of(controller).history
    assert history is not None  # run_of makes it
    return history


def adopt(controller: Controller, history: History) -> None:
    """Make the controller show the history's current point."""
    run_of(controller).history = history
    controller.seed = history.seed
    controller.session = history.current
    controller.inputs[:] = history.lines[:history.position]


def at_turn(game_turn: int, commands: int) -> str:
    """Where a run stands, in the status bar's count (the game's turns: looking and talking
    about take none) and in commands given, which undo and replays count."""
    if not commands:
        return f"turn {game_turn}, at the start"
    return f"turn {game_turn}, after {commands} command{'' if commands == 1 else 's'}"


def _when(controller: Controller) -> str:
    return at_turn(controller.session.state.turn, history_of(controller).position)


def _last_seen(controller: Controller) -> tuple[Event, ...]:
    """In a conversation: what the last command showed (the lines that led to the
    options, played again from the state before it), so that the options are answered
    knowing what was said; when that did not end with them, `look` as an aside (the
    place, then the options again)."""
    history = history_of(controller)
    if history.position:
        before = history.session(history.position - 1)
        _after, events = before.submit(history.lines[history.position - 1])
        if events and isinstance(events[-1], ChoicesOffered):
            return events
    return step(controller.world, controller.session.state, "look")[1]


def _look(controller: Controller) -> tuple[Event, ...]:
    """What the player sees of where they are now: the place; in a conversation a
    reminder of it, then what led to its options; at an ending, the ending screen."""
    state = controller.session.state
    if state.mode is Mode.CONVERSATION:
        world = controller.world
        node = world.dialogue[state.conversation]
        who = ("A choice is waiting" if node.speaker == world.player else
               f"You are talking with {world.characters[node.speaker].name}")
        reminder = Narrated(f"({who}: answer with a number"
                            f"{'' if node.hold else ', or say bye'}.)")
        return (reminder, *_last_seen(controller))
    if state.mode is Mode.ENDED:
        return (ending_screen(controller.world, state),)
    if state.mode is not Mode.EXPLORING:
        return ()
    return step(controller.world, state, "look")[1]


# ---------------------------------------------------------------- autosave


def autosave(controller: Controller) -> str:
    """Write the autosave slot; "" when done, else why it failed (and autosave stops)."""
    run = run_of(controller)
    if not run.autosave:
        return ""
    slot = run.autosave_slot or autosave_name(controller.world.id)
    try:
        write_save(slot_path(run.directory, slot), history_of(controller).recording(), slot)
    except SaveError as exc:
        run.autosave = False
        return f"Autosave failed: {exc}. Autosave is off for this run; `save NAME` still works."
    return ""


def _autosaved(controller: Controller, reply: Reply) -> Reply:
    """`reply`, after an autosave; with a message if the autosave failed."""
    problem = autosave(controller)
    return Reply(reply.events, (*reply.messages, problem), reply.quit) if problem else reply


def _after_turn(controller: Controller, reply: Reply) -> Reply:
    run = run_of(controller)
    history = history_of(controller)
    if history.position < len(controller.inputs):
        history.record(controller.inputs[-1], controller.session)
    if run.transcript is not None:
        problem = _transcribe(run, controller.inputs[-1], reply)
        if problem:
            reply = Reply(reply.events, (*reply.messages, problem), reply.quit)
    return _autosaved(controller, reply) if run.every_turn else reply


def _on_exit(controller: Controller, reason: str) -> None:
    problem = autosave(controller)
    if problem:
        print(f"zone-game: {problem}", file=sys.stderr)
    _stop_transcript(run_of(controller))


# ---------------------------------------------------------------- the words


def _save(controller: Controller, args: list[str]) -> Reply:
    run = run_of(controller)
    try:
        name = slot_name(" ".join(args)) if args else DEFAULT_SLOT
        path = slot_path(run.directory, name)
        write_save(path, history_of(controller).recording(), name)
    except SaveError as exc:
        return Reply(messages=(f"Not saved: {exc}",))
    shown = f"'{name}'" + ("" if not args or name == " ".join(args)
                           else f" (from '{' '.join(args)}')")
    return Reply(messages=(f"Saved as {shown} at {_when(controller)}: {path}",))


def _restore(controller: Controller, args: list[str]) -> Reply:
    run = run_of(controller)
    try:
        if args:
            path = slot_path(run.directory, " ".join(args))
        else:
            path = _latest(controller, run.directory)
        recording, _ = read_save(path)
        from zone_game.replay import restore

        restored = restore(controller.world, recording, f"'{path.stem}'")
    except SaveError as exc:
        return Reply(messages=(f"Not restored: {exc}",))
    try:
        kept = "" if path.stem == RESTORE_SLOT else _keep_run(controller, RESTORE_SLOT)
    except SaveError as exc:
        return Reply(messages=(f"Not restored: {exc}",))
    adopt(controller, restored.history)
    note = f"Restored '{path.stem}' ({_when(controller)}).{kept}"
    return _autosaved(controller, Reply(events=_look(controller),
                                        messages=(note, *restored.messages)))


def _keep_run(controller: Controller, slot: str) -> str:
    """Save the run about to be left (by `restore` or `restart`) in `slot`, since the
    autosave is about to hold another. Returns what to add to the message (" The run you
    left is saved as …", or "" when there was nothing to keep); raises SaveError, which
    says why, when it cannot be saved — the caller then does not leave the run."""
    history = history_of(controller)
    if not history.position:
        return ""
    try:
        write_save(slot_path(run_of(controller).directory, slot), history.recording(), slot)
    except SaveError as exc:
        raise SaveError(f"the run you would leave could not be saved ({exc}). `save NAME` "
                        "it somewhere first.") from None
    return f" The run you left is saved as '{slot}' ({_when(controller)}): restore {slot}"


def _latest(controller: Controller, directory: Path) -> Path:
    """What `restore` alone reads: what `save` alone wrote, else the newest save of this
    world (never the autosave, which is written after every turn)."""
    autosave_slot = autosave_name(controller.world.id)
    ours = [info for info in list_saves(directory)
            if info.world_id == controller.world.id and info.name != autosave_slot]
    for info in ours:  # a saves directory may hold another world's quicksave
        if info.name == DEFAULT_SLOT:
            return info.path
    if ours:
        return ours[0].path  # the newest
    raise SaveError(f"no saves of '{controller.world.id}' in {directory} — name one: "
                    "restore NAME (`saves` lists them)")


def _list(controller: Controller, _args: list[str]) -> Reply:
    run = run_of(controller)
    found = list_saves(run.directory)
    if not found:
        return Reply(messages=(f"No saves yet in {run.directory}. Type: save NAME",))
    lines = [f"Saves in {run.directory}:"]
    for info in found:
        if info.problem:
            lines.append(f"  {info.name}: unreadable ({info.problem})")
            continue
        other = "" if info.world_id == controller.world.id else f" [world {info.world_id}]"
        places = controller.world.places
        place = places[info.place].name if not other and info.place in places else info.place
        end = f", ended: {info.ending}" if info.ending else ""
        lines.append(f"  {info.name}: at {place}, {at_turn(info.game_turn, info.turns)}"
                     f"{end}, {info.saved_at}{other}")
    return Reply(messages=("\n".join(lines),))


def _undo(controller: Controller, _args: list[str]) -> Reply:
    history = history_of(controller)
    before = history.position
    if not history.undo():
        return Reply(messages=("Nothing to undo: this is the start of the run.",))
    undone = history.lines[history.position:before]  # the change, then lines that changed nothing
    del controller.inputs[history.position:]
    controller.session = history.current
    rest = undone[1:]
    shown = ", ".join(f"`{line}`" for line in rest[:3]) + (", …" if len(rest) > 3 else "")
    also = f" (and {shown} after it, which changed nothing)" if rest else ""
    return _autosaved(controller, Reply(
        events=_look(controller),
        messages=(f"Undone: {undone[0]}{also}. Now {_when(controller)}.",)))


def _redo(controller: Controller, _args: list[str]) -> Reply:
    history = history_of(controller)
    before = history.position
    if not history.redo():
        return Reply(messages=("Nothing to redo.",))
    redone = history.lines[before:history.position]
    controller.inputs.extend(redone)
    controller.session = history.current
    return _autosaved(controller, Reply(
        events=_look(controller),
        messages=(f"Redone: {redone[-1]}. Now {_when(controller)}.",)))


def _restart(controller: Controller, _args: list[str]) -> Reply:
    """Start again with the same seed; the run being left is kept in a save first (the
    autosave is about to hold the new one), so a slip of the keyboard loses nothing."""
    try:
        kept = _keep_run(controller, RESTART_SLOT)
    except SaveError as exc:
        return Reply(messages=(f"Not restarted: {exc}",))
    start, opening = Session.start(controller.world, controller.seed)
    from zone_game.history import History

    adopt(controller, History(controller.world, controller.seed, start))
    return _autosaved(controller, Reply(
        events=opening, messages=(f"Started again (seed {controller.seed}).{kept}",)))


def _transcript(controller: Controller, args: list[str]) -> Reply:
    run = run_of(controller)
    wanted = args[0] if args else ("off" if run.transcript else "on")
    if wanted == "off":
        if run.transcript is None:
            return Reply(messages=("No transcript is being written.",))
        _stop_transcript(run)
        return Reply(messages=(f"Transcript stopped: {run.transcript_path}",))
    if wanted != "on":
        return Reply(messages=("Say: transcript on, or transcript off.",))
    if run.transcript is not None:
        return Reply(messages=(f"Already writing the transcript to {run.transcript_path}",))
    stamp = now().replace(":", "").replace("-", "")
    path = run.directory / f"transcript-{slot_name(controller.world.id)}-{stamp}.txt"
    try:
        run.directory.mkdir(parents=True, exist_ok=True)
        run.transcript = path.open("a", encoding="utf-8")
    except OSError as exc:
        from zone_game.atomicfile import reason

        return Reply(messages=(f"Cannot write a transcript to {path}: {reason(exc)}",))
    run.transcript_path = path
    run.transcript.write(f"{controller.world.title} — seed {controller.seed}, from "
                         f"{_when(controller)}\n")
    run.transcript.flush()
    return Reply(messages=(f"Writing the transcript to {path}",))


def _transcribe(run: RunSaves, line: str, reply: Reply) -> str:
    """Append the turn to the transcript; "" when written, else why the transcript
    stopped (a full disk must not end the game: the transcript is only a copy)."""
    from zone_game.atomicfile import reason
    from zone_game.plain import render

    assert run.transcript is not None
    text = render(reply.events)
    try:
        run.transcript.write(f"\n> {line}\n" + (text + "\n" if text else ""))
        run.transcript.flush()
    except OSError as exc:
        _stop_transcript(run)
        return (f"Transcript stopped: cannot write {run.transcript_path}: {reason(exc)}. "
                "What it holds so far is kept; the game goes on.")
    return ""


def _stop_transcript(run: RunSaves) -> None:
    """Close the transcript, if one is open; a close that cannot flush loses only the
    last lines of a copy, so it is not an error."""
    if run.transcript is not None:
        with contextlib.suppress(OSError):
            run.transcript.close()
        run.transcript = None


WORDS = {
    "save": (_save, "save [NAME] — save the run (default name: quicksave)"),
    "restore": (_restore, "restore [NAME] — go back to a save (alias: load)"),
    "load": (_restore, ""),
    "saves": (_list, "saves — list the saves"),
    "undo": (_undo, "undo — take back the last move (as far back as the start)"),
    "redo": (_redo, "redo — put back what undo took"),
    "restart": (_restart, "restart — start the run again (same seed)"),
    "transcript": (_transcript, "transcript on|off — write what happens to a text file"),
}


def register() -> None:
    """Add the words and hooks to the controller's registries (once)."""
    for word, (handler, help_text) in WORDS.items():
        ctl.META_COMMANDS[word] = handler
        if help_text:
            ctl.META_HELP[word] = help_text.split(" — ", 1)[1]
    if _after_turn not in ctl.TURN_HOOKS:
        ctl.TURN_HOOKS.append(_after_turn)
    if _on_exit not in ctl.EXIT_HOOKS:
        ctl.EXIT_HOOKS.append(_on_exit)


register()


# ---------------------------------------------------------------- starting a run


def begin(world: World, seed: int, directory: Path, choice: str, ask: bool,
          stdin: TextIO, stdout: TextIO, seed_given: bool = False,
          directory_given: bool = False) -> Controller:
    """A controller for a new run, or for the last unfinished one when the player wants it.

    `choice` is "continue", "new" or "" (ask when `ask`, else start a new run). A player who
    asked for a seed is offered only an unfinished run of that seed. Without a terminal (`ask` is
    false) a new run writes the autosave slot only when the saves directory was chosen
    (`directory_given`): a piped script must never overwrite a player's unfinished run.
    """
    path = slot_path(directory, autosave_name(world.id))
    found = _read_autosave(path)  # read once: asked about, continued, kept or moved aside
    unfinished = _unfinished(found, world)
    resume = unfinished if choice != "new" else None
    if resume is not None and seed_given and choice != "continue" and resume[3] != seed:
        resume = None  # the player asked for another run than the one left unfinished
    if resume is not None and choice != "continue" and ask:
        resume = resume if _wants_to_continue(resume[:3], stdin, stdout) else None
    elif choice != "continue":
        resume = None
    if resume is not None and isinstance(found, tuple):
        recording = found[0]
        try:
            from zone_game.replay import restore

            restored = restore(world, recording, "Your last run")
        except SaveError as exc:
            stdout.write(f"Cannot continue: {exc}\nStarting a new run.\n")
        else:
            controller = Controller(world, recording.seed, restored.history.current, ())
            attach(controller, directory, restored.history)
            adopt(controller, restored.history)
            for message in restored.messages:
                stdout.write(message + "\n")
            stdout.write(f"Continuing at {_when(controller)}.\n")
            controller.opening = _look(controller)
            run_of(controller).every_turn = ask
            return controller
    elif choice == "continue":
        stdout.write("No unfinished run to continue; starting a new one.\n")
    controller = Controller.start(world, seed)
    # A script piping thousands of lines should not rewrite the whole run after each one:
    # without a terminal the run is autosaved when it is left (end of input, quit, signal).
    run = attach(controller, directory)
    run.every_turn = ask
    run.autosave = ask or directory_given
    if run.autosave:
        run.autosave = _keep_unreadable(path, found, stdout)
    if run.autosave and unfinished is not None and ask:
        # The new run's autosave would replace the player's unfinished one: keep that run
        # first. (A script writes only where it was told to, and its output stays its own.)
        run.autosave = _keep_unfinished(path, directory, stdout)
    return controller


def _keep_unfinished(path: Path, directory: Path, stdout: TextIO) -> bool:
    """Copy the unfinished run's autosave to the `before-new-run` slot, as `restart` keeps
    the run it leaves. False (do not autosave this run) when it cannot be kept."""
    from zone_game.atomicfile import WriteError, reason, write_atomic

    try:
        text = path.read_text(encoding="utf-8")
        write_atomic(slot_path(directory, NEW_RUN_SLOT), text)
    except (OSError, UnicodeDecodeError, WriteError) as exc:
        why = reason(exc) if isinstance(exc, OSError) else str(exc)
        stdout.write(f"Your last run could not be kept ({why}); this run is not autosaved, "
                     "so as not to overwrite it. `save NAME` works.\n")
        return False
    stdout.write(f"Your last run is kept as '{NEW_RUN_SLOT}' (restore {NEW_RUN_SLOT} "
                 "takes you back to it).\n")
    return True


def _read_autosave(path: Path) -> Autosave:
    """The autosave as read (recording and header), why it cannot be read, or None."""
    if not path.is_file():
        return None
    try:
        return read_save(path)
    except SaveError as exc:
        return exc


def _keep_unreadable(path: Path, found: Autosave, stdout: TextIO) -> bool:
    """Move an autosave this zone-game cannot read (`found` is why: a newer zone-game's, a
    damaged file) out of the new run's way, under a name `restore` and `saves` know: it may
    be the only copy of a run. False (do not autosave) when it can be neither read nor
    moved."""
    if isinstance(found, SaveError):
        stamp = now().replace("-", "").replace(":", "")
        kept = path.with_name(f"{path.stem}-unreadable-{stamp}{path.suffix}")
        try:
            path.rename(kept)
        except OSError as err:
            from zone_game.atomicfile import reason

            stdout.write(f"The last autosave cannot be read ({found}) nor moved aside "
                         f"({reason(err)}); this run is not autosaved, so as not to "
                         "overwrite it. `save NAME` works.\n")
            return False
        stdout.write(f"The last autosave cannot be read ({found}); it is kept as "
                     f"'{kept.stem}'.\n")
    return True


def _wants_to_continue(resume: tuple[int, int, str], stdin: TextIO, stdout: TextIO) -> bool:
    """Ask until the answer is yes or no (Enter means yes)."""
    game_turn, commands, place = resume
    question = f"Continue your last run ({place}, {at_turn(game_turn, commands)})? [Y/n] "
    while True:
        stdout.write(question)
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input (Ctrl-D): no answer, so nothing is given up
            return True
        answer = line.strip().lower()
        if answer in ("", "y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        stdout.write("Please answer y or n.\n")


def _unfinished(found: Autosave, world: World) -> tuple[int, int, str, int] | None:
    """(game turn, commands, place, seed) of the autosave read (`found`) when it is an
    unfinished run of this world."""
    if not isinstance(found, tuple):
        return None
    recording, header = found
    summary = header.get("summary")
    if (recording.world.id != world.id or not recording.turns or not isinstance(summary, dict)
            or summary.get("ending")):
        return None
    place_id = str(summary.get("place", ""))
    place = world.places[place_id].name if place_id in world.places else place_id
    return game_turn_of(summary), len(recording.turns), place, recording.seed
