"""The pure core: `new_game(world, seed)` and `step(world, state, command)`.

No I/O, no clock, no global randomness: the same world, state and command always give the
same new state and events. A refused command returns the very same state object and a
`Rejected` event, and costs no turn.

A turn is worked on a mutable scratch copy (`_Turn`) and frozen into a new `GameState` at
the end: that is both simpler to read and faster than a `dataclasses.replace` per change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple, TypeVar

from zone_game import fingerprint, rng
from zone_game.evaluator import (
    Code,
    code_at,
    code_for,
    memo_for,
    place_guard,
    places_decided,
)
from zone_game.events import (
    ActBegan,
    Asked,
    ChoicesOffered,
    CompanionMoved,
    ConversationEnded,
    Described,
    Ended,
    Event,
    Examined,
    HazardRevealed,
    HazardTriggered,
    Introduced,
    InventoryListed,
    ItemMoved,
    Moved,
    Narrated,
    ProbedSafe,
    Rejected,
    Said,
)
from zone_game.expr import Context, Tree, render_value
from zone_game.fingerprint import (
    CHARACTER_PLACES,
    CLOSED_BEHIND,
    COUNTERS,
    EXIT_OVERRIDES,
    FIRED,
    FOLLOWING,
    HOLDINGS,
    REACHED_NODES,
    REVEALED,
    VARS,
    VISITED,
    Features,
    Slots,
)
from zone_game.modes import transition
from zone_game.parser import (
    ALL,
    Ambiguity,
    Command,
    Refusal,
    parse,
    tokenize,
    tokens,
    visible_things,
)
from zone_game.state import (
    CONVERSATION,
    DISAMBIGUATION,
    ENDED,
    EXPLORING,
    NUMBER_LIMIT,
    GameState,
    Holdings,
    Pending,
)
from zone_game.vocabulary import BUILTIN_VERBS, DIRECTION_ALIASES, DIRECTIONS, capital
from zone_game.world import (
    NOWHERE,
    PLAYER,
    TRUE,
    Effects,
    Exit,
    Item,
    Line,
    Node,
    Option,
    Remark,
    Rule,
    Text,
    Timer,
    World,
)

# A command's `$item`, `$direction`, … for its rule's effects; effects run by anything
# else (exits, timers, dialogue) have none: one shared empty mapping, not a dict each time.
Bindings = Mapping[str, str]
NO_BINDINGS: Bindings = MappingProxyType({})

# Verbs that take no time: looking around does not let patrols move.
FREE_VERBS = frozenset(("look", "examine", "inventory"))
MAX_NODE_HOPS = 100


# ---------------------------------------------------------------- queries


def items_at(world: World, state: GameState, holder: str) -> list[tuple[str, int]]:
    """(item id, count) for every item with units at `holder`, in authored order."""
    return _items_in(world, state.holdings, holder)


def _items_in(world: World, holdings: tuple[Holdings, ...],
              holder: str) -> list[tuple[str, int]]:
    found = []
    for item_id, holding in zip(world.item_ids, holdings, strict=True):
        for where, count in holding:
            if where == holder:
                found.append((item_id, count))
                break
    return found


def count_held(state: GameState, index: int, holder: str) -> int:
    for where, count in state.holdings[index]:
        if where == holder:
            return count
    return 0


def item_label(item: Item, count: int) -> str:
    """`a nut` for one, `3 nuts` (or the plural the author wrote) for several."""
    if count == 1:
        return item.name
    if item.plural:
        return item.plural.replace("{n}", str(count))
    return f"{count} x {item.name}"


def render_text(world: World, state: GameState, text: Text) -> str:
    """The first variant whose condition holds, with its `{expr}` parts filled in."""
    return _Turn(world, state).text(text)


def status_lines(world: World, state: GameState) -> tuple[tuple[str, str], ...]:
    """The world's status-bar lines that apply now, as (label, value)."""
    turn = _Turn(world, state)
    return tuple((line.label, turn.text(line.value)) for line in world.status
                 if turn.holds(line.when))


# ---------------------------------------------------------------- the start


def new_game(world: World, seed: int) -> GameState:
    """The state at turn 0: everything where the author put it, hazards dealt by the seed."""
    spots = tuple(rng.sample(seed, f"hazard:{hazard_id}", world.hazards[hazard_id].candidates,
                             world.hazards[hazard_id].count) for hazard_id in world.hazards)
    start = _start_of(world)
    return start._replace(seed=seed, hazard_spots=spots,
                          fingerprint=start.fingerprint + fingerprint.of_hazards(spots))


@lru_cache(maxsize=8)
def _start_of(world: World) -> GameState:
    """What every run of `world` starts with — all but the seed and where the hazards lie
    (none, here, and not in the fingerprint): a replay check starts a run per file."""
    holdings: list[Holdings] = []
    player = world.player
    for item_id in world.items:
        item = world.items[item_id]
        holder = item.at
        holdings.append(((holder, item.count),) if holder != NOWHERE else ())
    character_places = []
    following = []
    for char_id in world.characters:
        character = world.characters[char_id]
        where = world.start if char_id == player else character.at
        character_places.append(where)
        if character.follows:
            following.append(char_id)
    for char_id in following:
        character_places[world.character_index[char_id]] = world.start
    return fingerprint.refreshed(GameState(
        seed=0, turn=0, mode=EXPLORING, place=world.start,
        vars=world.var_initial, holdings=tuple(holdings),
        character_places=tuple(character_places), following=frozenset(following),
        visited=frozenset((world.start,)), reached_nodes=frozenset(),
        exit_overrides=frozenset(), closed_behind=frozenset(), hazard_spots=(),
        revealed=frozenset(), fired=frozenset(), conversation="", pending=None,
        last_item="", ending="", counters=(), fingerprint=0))


WAIT_LIMIT = 12  # turns `wait for …` lets pass before it gives up


def ending_screen(world: World, state: GameState) -> Ended:
    """The ending screen of a state whose story has ended (shown again after `undo`,
    `redo` or `restore` lands on it)."""
    assert state.mode is ENDED and state.ending
    return _Turn(world, state).ending_screen()


def opening(world: World, state: GameState) -> tuple[Event, ...]:
    """What the player sees before the first command: title, introduction, first place."""
    turn = _Turn(world, state)
    turn.emit(Introduced(world.title, turn.text(world.intro)))
    act = world.act_of(state.place)
    if act is not None and act.title:
        turn.emit(ActBegan(act.id, act.title, act.theme))
    turn.describe(first_visit=True)
    return tuple(turn.events)


# ---------------------------------------------------------------- the step


def step(world: World, state: GameState, command: str, *, narrate: bool = True
         ) -> tuple[GameState, tuple[Event, ...]]:
    """Carry out one command. Pure; a refusal returns `state` itself.

    `narrate=False` gives the very same state without telling it: no events, unless the
    command is refused, when the refusal is the one `step` gives. For whoever needs only
    the states (a replay check, re-simulating a save or an undo): what only tells is
    left out (`_QuietTurn`) — about a fifth of a command's time on the Stalker walkthroughs.
    """
    if narrate:
        return _step(world, state, command, _Turn)
    after, _ = _step(world, state, command, _QuietTurn)
    # A refusal is rare; it is told as ever (its words come from texts a quiet turn skips).
    return (after, ()) if after is not state else _step(world, state, command, _Turn)


def _step(world: World, state: GameState, command: str,
          make: type[_Turn]) -> tuple[GameState, tuple[Event, ...]]:
    if state.mode is ENDED:
        return state, (Rejected("The story has ended.",
                                "undo, restore a save, or start again"),)
    if state.mode is CONVERSATION:
        return _converse(world, state, command, make)
    trigger = "act"
    if state.mode is DISAMBIGUATION:
        assert state.pending is not None
        answer = _answer_pending(world, state, command)
        if answer is not None:
            command, trigger = answer, "answer"
        else:
            trigger = "drop"
    parsed = parse(world, state, command)
    if isinstance(parsed, Refusal):
        return state, (Rejected(parsed.reason, parsed.hint, parsed.unknown_word),)
    if isinstance(parsed, Ambiguity):
        return _ask_which(world, state, command, parsed)
    # `wait for …` waits until a turn tells something: it is told whatever `make` is.
    turn = _Turn(world, state) if parsed.until else make(world, state)
    if trigger != "act":
        turn.mode = transition(state.mode, trigger)
        turn.pending = None
    turn.timed = parsed.verb not in FREE_VERBS
    refusal = turn.perform(parsed)
    if refusal is not None:
        return state, (refusal,)
    if turn.timed:
        done = len(turn.events)
        turn.end_of_turn()
        if parsed.until and not turn.rule_answered:
            turn.wait_for_something(done)
        if turn.mode is CONVERSATION and 0 <= turn.talk_from < done < len(turn.events):
            # What time passing brought (a timer's line) is told before the talk that
            # began this turn, not between its first words and its options.
            events = turn.events
            events[:] = [*events[:turn.talk_from], *events[done:],
                         *events[turn.talk_from:done]]
    return turn.freeze(), _choices_last(turn.events) if turn.offered else tuple(turn.events)


def _choices_last(events: list[Event]) -> tuple[Event, ...]:
    """The player's options are always the last thing shown, even when time passing
    (timers, remarks) added lines after the conversation began."""
    choices = [e for e in events if isinstance(e, ChoicesOffered)]
    if not choices:
        return tuple(events)
    if any(isinstance(e, Ended) for e in events):  # the story ended: nothing to choose
        return tuple(e for e in events if not isinstance(e, ChoicesOffered))
    if events[-1] is choices[-1]:
        return tuple(events)
    return (*(e for e in events if not isinstance(e, ChoicesOffered)), choices[-1])


def _ask_which(world: World, state: GameState, command: str,
               ambiguity: Ambiguity) -> tuple[GameState, tuple[Event, ...]]:
    names = list(ambiguity.names)
    question = "Which do you mean: " + (", ".join(names[:-1]) + " or " + names[-1]) + "?"
    pending = Pending(command, ambiguity.words, ambiguity.candidates)
    new_state = _Turn(world, state)
    new_state.mode = transition(state.mode, "ambiguous")
    new_state.pending = pending
    new_state.emit(Asked(question, tuple(names)))
    return new_state.freeze(), tuple(new_state.events)


def _answer_pending(world: World, state: GameState, answer: str) -> str | None:
    """The held command with the ambiguous words replaced by the chosen thing's noun."""
    assert state.pending is not None
    words = tuple(tokenize(answer))
    if not words:
        return None
    things = [t for t in visible_things(world, state) if t.id in state.pending.candidates]
    # An answer may be a bare adjective ("brass"), so any word of a thing counts here.
    chosen = [t for t in things
              if set(words) <= {w for n in (*t.nouns, *t.adjectives) for w in n.split()}]
    if len(chosen) != 1:
        return None
    thing = chosen[0]
    # Name it unambiguously: its own adjectives and noun, as the parser resolves them.
    phrase = " ".join((*thing.adjectives, thing.nouns[0])) if thing.adjectives else \
        thing.nouns[0]
    held = state.pending.command.lower()
    return held.replace(state.pending.word, f"{phrase}", 1) if state.pending.word in held \
        else f"{held} {phrase}"


# Words that alone are a command even in a conversation: the compass and its letters, up,
# down, in, out, and the looking verbs. (`inside`, `exit` and the like may be an option's.)
_LEAVE_WORDS = frozenset(BUILTIN_VERBS["leave"][0])
_LONE_COMMANDS = frozenset((
    *DIRECTIONS, *(alias for alias, way in DIRECTION_ALIASES.items() if len(alias) <= 2),
    *BUILTIN_VERBS["look"][0], *BUILTIN_VERBS["inventory"][0]))


@lru_cache(maxsize=4096)
def _words_of(option_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of an option, which typing some of them chooses, without apostrophes
    (curly or straight): players type `im` and `dont` for an option's "I'm", "don't";
    and a possessive also as its noun (`porcupine` for "Porcupine's"). With them, every
    start of four letters or more of those words (`photo` of "photograph")."""
    # (Lists rather than generators, and no apostrophe work for the many options with
    # none: an option's words are first worked out while a run is first checked.)
    text = option_text.replace("\u2019", "'")
    words = tokens(text)
    if "'" in text:
        option_words = frozenset([w.replace("'", "") for w in words]).union(
            [w[:-2] for w in words if w.endswith("'s")])
    else:
        option_words = frozenset(words)
    starts = frozenset([w[:end] for w in option_words if len(w) > 3
                        for end in range(4, len(w) + 1)])
    return option_words, starts


def _fits(typed: frozenset[str], option: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether every typed word is a word of the option, the start (four letters or more)
    of one (`photo` for "photograph"), or a contraction of words it has (`whats` for
    "What is …"). By set operations: most options are tried and do not fit."""
    option_words, starts = option
    rest = typed - option_words
    if not rest:
        return True
    # A loop, not `all` of a generator: a generator is made per option tried, and the
    # first word left over usually decides.
    for word in rest - starts:  # noqa: SIM110
        if not _CONTRACTIONS.get(word, _NO_CONTRACTION) <= option_words:
            return False
    return True


# Contractions as typed without apostrophes -> the words an option may spell out.
_CONTRACTIONS: dict[str, frozenset[str]] = {
    short: frozenset(long.split()) for short, long in (
        ("whats", "what is"), ("wheres", "where is"), ("whos", "who is"),
        ("hows", "how is"), ("thats", "that is"), ("its", "it is"), ("im", "i am"),
        ("youre", "you are"), ("were", "we are"), ("theyre", "they are"),
        ("dont", "do not"), ("doesnt", "does not"), ("didnt", "did not"),
        ("cant", "cannot"), ("wont", "will not"), ("isnt", "is not"),
        ("ill", "i will"), ("ive", "i have"), ("lets", "let us"))}
_NO_CONTRACTION = frozenset(("",))


def _unquoted(words: Sequence[str]) -> frozenset[str]:
    return frozenset(w.replace("'", "") for w in words)


def is_action(option_text: str) -> bool:
    """An option written in parentheses — `(Take the knapsack.)` — is something the player
    does, not says: it is not echoed as the player's speech."""
    text = option_text.strip()
    return text.startswith("(") and text.endswith(")")


def _aside(world: World, state: GameState, parsed: Command, node_id: str,
           options: list[Option], make: type[_Turn]) -> tuple[GameState, tuple[Event, ...]]:
    """Looking, examining or checking what you carry in the middle of a conversation
    (`parsed` is one of those): answered without leaving it (they take no time), then
    the options are offered again."""
    turn = make(world, state)
    refusal = turn.perform(parsed)
    if refusal is not None:
        return state, (refusal,)
    if turn.mode is CONVERSATION and turn.conversation == node_id:
        turn.mode = transition(state.mode, "aside")
        turn.offered = True
        turn.emit(ChoicesOffered(node_id, tuple(o.text for o in options)))
    return turn.freeze(), tuple(turn.events)


def _walk_away(world: World, state: GameState, command: str, speaker: str,
               make: type[_Turn]
               ) -> tuple[tuple[GameState, tuple[Event, ...]] | None, Rejected | None]:
    """A command that is no answer but works outside the conversation — going
    somewhere, talking to someone else, a verb of the world — ends the conversation, as
    `bye` would, and then runs: players expect to walk away from a talk.

    Returns (the outcome, None) when it runs; (None, the refusal) when its verb was
    understood but it cannot be done (that refusal says more than the conversation's
    reminder); (None, None) when it is not a command at all.
    """
    turn = make(world, state)
    turn.emit(Narrated("You end the conversation."))
    turn.mode = transition(state.mode, "walk away")
    turn.conversation = ""
    turn.emit(ConversationEnded(speaker))
    outside = turn.freeze()
    after, events = _step(world, outside, command, make)
    if after is not outside:
        if after.mode is CONVERSATION and after.conversation == state.conversation:
            # The command led straight back to this talk (a rule that re-opens it): it
            # never ended, so it is not said to.
            return (after, events), None
        return (after, (*turn.events, *events)), None
    rejection = events[0] if events else None
    words = tokenize(command)
    if isinstance(rejection, Rejected) and words and rejection.unknown_word != words[0]:
        return None, rejection
    return None, None


def _converse(world: World, state: GameState, command: str,
              make: type[_Turn]) -> tuple[GameState, tuple[Event, ...]]:
    node = world.dialogue[state.conversation]
    turn = make(world, state)
    options = [o for o, when in _node_options(world, node) if when is None or when(turn)]
    words = tokens(command.replace("\u2019", "'"))
    # isdecimal, not isdigit: `²` is a digit that int() refuses
    by_number = len(words) == 1 and words[0].isdecimal()
    # A lone word that is a whole command — a direction, `look`, `inventory` — is that
    # command, not the word "in" or "look" of an option that has it. (Other words, an
    # exit's own name like `home` too, may be just what an option is about.)
    a_command = len(words) == 1 and words[0] in _LONE_COMMANDS
    typed = frozenset() if by_number or a_command else _unquoted(words)
    fits = [o for o in options if _fits(typed, _words_of(o.text))] if typed else []
    # "leave now" answers an option that says "We leave now."; a bare "bye" always leaves.
    answers_option = len(words) > 1 and len(fits) == 1
    if words and words[0] in _LEAVE_WORDS and len(words) <= 2 \
            and not answers_option and not node.hold:
        turn.emit(Narrated("You end the conversation."))
        turn.finish_conversation(node.speaker)
        return turn.freeze(), tuple(turn.events)
    chosen = None
    if by_number:
        number = int(words[0])
        if 1 <= number <= len(options):
            chosen = options[number - 1]
    elif len(fits) == 1:
        chosen = fits[0]
    if chosen is None:
        parsed = parse(world, state, command)
        if isinstance(parsed, Command) and parsed.verb in FREE_VERBS:
            return _aside(world, state, parsed, node.id, options, make)
        if isinstance(parsed, Command) and parsed.verb == "talk" and \
                parsed.person == node.speaker:
            name = capital(world.characters[node.speaker].name)
            return state, (Rejected(f"{name} is waiting for your answer.",
                                    "choose an option by its number or words"),)
        if not node.hold:
            walked, refusal = _walk_away(world, state, command, node.speaker, make)
            if walked is not None:
                return walked
            if refusal is not None:
                return state, (refusal,)
        choices = "1" if len(options) == 1 else f"1 to {len(options)}"
        or_bye = "." if node.hold else ", or say bye."
        if node.speaker == world.player:  # a choice the player makes alone
            reason = f"Choose {choices}{or_bye}"
        else:
            reason = (f"You are talking with {world.characters[node.speaker].name}: "
                      f"choose {choices}{or_bye}")
        hint = ("this has to be answered now; look, examine and inventory still work"
                if node.hold else "type the number of an option or words from it; look, "
                "examine and inventory work too; any other command ends the conversation")
        return state, (Rejected(reason, hint),)
    if turn.told and not is_action(chosen.text):
        turn.speak(world.player, chosen.text)
    turn.apply(chosen.effects)
    if turn.mode is ENDED:
        return turn.freeze(), tuple(turn.events)
    if chosen.goto:
        turn.enter_node(world.dialogue[chosen.goto])
    else:
        turn.finish_conversation(node.speaker)
    return turn.freeze(), tuple(turn.events)


# ---------------------------------------------------------------- the working copy


class _Turn(Context):
    """A mutable copy of the state for the length of one command."""

    __slots__ = ("character_places", "closed_behind", "code", "conversation", "counters",
                 "current_bindings", "effect_code", "emit", "ending", "events",
                 "exit_overrides", "fingerprint", "fired", "following", "holdings",
                 "last_item", "mode",
                 "offered", "pending", "place", "reached_nodes", "revealed", "rule_answered",
                 "state", "talk_from", "timed", "turn", "vars", "visited", "world")

    # Whether the turn is told (`step`'s `narrate`): an untold one skips what only tells.
    told: ClassVar[bool] = True

    def __init__(self, world: World, state: GameState) -> None:
        self.world = world
        self.state = state
        # The state's fields in one unpacking, in GameState's order (checked below the
        # class): twenty reads of a named tuple's fields one by one cost 0.3 µs a turn.
        (_seed, self.turn, self.mode, self.place, self.vars, self.holdings,
         self.character_places, self.following, self.visited, self.reached_nodes,
         self.exit_overrides, self.closed_behind, _hazard_spots, self.revealed, self.fired,
         self.conversation, self.pending, self.last_item, self.ending, self.counters,
         self.fingerprint) = state
        self.events: list[Event] = []
        # What happens, in order: the list's own `append`, bound once (a turn emits three
        # events on average, and a method of our own would add a call to each). The list
        # is only ever changed in place, so this stays bound to it.
        self.emit: Callable[[Event], None] = self.events.append
        self.offered = False  # whether options were offered (`ChoicesOffered`) this turn
        self.current_bindings: Bindings = NO_BINDINGS
        self.code, self.effect_code = _memos(world)
        # Whether this command takes a turn (set by `step` for all but the free verbs):
        # a story that ends during it counts that turn.
        self.timed = False
        self.talk_from = -1  # where in `events` a conversation began this turn, if one did
        self.rule_answered = False  # a world's rule answered the command this turn

    def freeze(self) -> GameState:
        s = self.state
        # Positional, in GameState's field order, and by `tuple.__new__`, not the named
        # tuple's own constructor (a Python function around it): this runs every turn.
        return _new_tuple(GameState, (
            s.seed, self.turn, self.mode, self.place, self.vars, self.holdings,
            self.character_places, self.following, self.visited, self.reached_nodes,
            self.exit_overrides, self.closed_behind, s.hazard_spots, self.revealed,
            self.fired, self.conversation, self.pending, self.last_item, self.ending,
            self.counters, self.fingerprint))

    def count(self, name: str, delta: int = 1) -> None:
        values = dict(self.counters)
        old = values.get(name)
        new = values[name] = (old or 0) + delta
        self.counters = tuple(sorted(values.items()))
        numbers = COUNTERS[name]
        self.fingerprint += numbers[new] - (0 if old is None else numbers[old])

    # ------------------------------------------------ changing the state's sets and tuples
    # Every change of a set or tuple of the state goes through these (and `count`, and the
    # loop that moves companions in `arrive`), which keep the fingerprint (see
    # `fingerprint`) in step: a feature added, removed or changed.

    def plus(self, numbers: Features, names: frozenset[str], name: str) -> frozenset[str]:
        """`names` (a set of the state, whose features are `numbers`) with `name` in it:
        the very same set when it is there already (sets such as the nodes reached grow
        all run, and a union copies them all)."""
        if name in names:
            return names
        self.fingerprint += numbers[name]
        return names | {name}

    def minus(self, numbers: Features, names: frozenset[str], name: str) -> frozenset[str]:
        """`names` (a set of the state, whose features are `numbers`) without `name`."""
        if name not in names:
            return names
        self.fingerprint -= numbers[name]
        return names - {name}

    def slot(self, slots: Slots, values: tuple[_T, ...], index: int, value: _T
             ) -> tuple[_T, ...]:
        """`values` (a tuple of the state, whose features are `slots`) with one slot
        changed (by a list: half the time of slicing it twice)."""
        changed = list(values)
        old = changed[index]
        changed[index] = value
        numbers = slots[index]
        self.fingerprint += numbers[value] - numbers[old]
        return tuple(changed)

    # ------------------------------------------------ expressions (Context)

    def var(self, name: str) -> int | bool:
        return self.vars[self.world.var_index[name]]

    def builtin(self, name: str) -> int:
        if name == "turn":
            return self.turn
        raise AssertionError(name)  # pragma: no cover - the compiler checks names

    def call(self, function: str, args: tuple[Any, ...]) -> int | bool:
        world = self.world
        player = world.player
        if function == "at":
            return self.place in args
        if function == "has":
            return self.held(args[0], player) > 0
        if function == "count":
            return self.held(args[0], player)
        if function == "here":
            thing = args[0]
            if thing in world.character_index:
                return self.character_places[world.character_index[thing]] == self.place
            return self.held(thing, self.place) > 0
        if function == "visited":
            return args[0] in self.visited
        if function == "said":
            return args[0] in self.reached_nodes
        if function == "follows":
            return args[0] in self.following
        if function == "revealed":
            prefix = f"{args[0]}@"
            return any(r.startswith(prefix) for r in self.revealed)
        if function == "hazard_at":
            return any(args[0] in spots for spots in self.state.hazard_spots)
        if function == "chance":
            roll = rng.below(self.state.seed, f"chance:{self.place}", self.turn, 100)
            return roll < int(args[0])
        if function == "ended":
            return bool(self.ending == args[0])
        raise AssertionError(function)  # pragma: no cover - the compiler checks names

    def binding(self, name: str) -> str:
        return self.current_bindings.get(name, "")

    def holds(self, tree: Tree) -> bool:
        if tree is TRUE or tree[0] == "const":
            return bool(tree[1])
        code = self.code.get(id(tree))
        if code is None:
            code = code_for(self.world, tree, self.code)
        return bool(code(self))

    def value(self, tree: Tree) -> Any:
        code = self.code.get(id(tree))
        if code is None:
            code = code_for(self.world, tree, self.code)
        return code(self)

    def text(self, text: Text) -> str:
        for condition, parts in text:
            if condition is None or self.holds(condition):
                if len(parts) == 1 and isinstance(parts[0], str):
                    return parts[0]
                return "".join([p if isinstance(p, str) else render_value(self.value(p))
                                for p in parts])
        return ""

    def say(self, text: Text) -> None:
        if not text:  # nothing to say (most exits and many rules): a third of the calls
            return
        rendered = self.text(text).strip()
        if rendered:
            self.emit(Narrated(rendered))

    # ------------------------------------------------ where things are

    def held(self, item_id: str, holder: str) -> int:
        for where, count in self.holdings[self.world.item_index[item_id]]:
            if where == holder:
                return count
        return 0

    def move_units(self, item_id: str, count: int, source: str | None, dest: str) -> int:
        """Move up to `count` units from `source` (None: from wherever they are)."""
        index = self.world.item_index[item_id]
        holding = dict(self.holdings[index])
        moved = 0
        for where in [source] if source is not None else list(holding):
            if where is None or where not in holding or moved >= count:
                continue
            take = min(count - moved, holding[where])
            holding[where] -= take
            if holding[where] == 0:
                del holding[where]
            moved += take
        if moved and dest != NOWHERE:
            holding[dest] = holding.get(dest, 0) + moved
        self.holdings = self.slot(HOLDINGS, self.holdings, index,
                                  tuple(sorted(holding.items())))
        return moved

    def add_units(self, item_id: str, count: int, dest: str) -> None:
        index = self.world.item_index[item_id]
        holding = dict(self.holdings[index])
        holding[dest] = holding.get(dest, 0) + count
        self.holdings = self.slot(HOLDINGS, self.holdings, index,
                                  tuple(sorted(holding.items())))

    def place_character(self, char_id: str, where: str) -> None:
        self.character_places = self.slot(CHARACTER_PLACES, self.character_places,
                                          self.world.character_index[char_id], where)

    def present_characters(self) -> list[str]:
        return [char_id for char_id, _name in self.people_here()]

    def people_here(self) -> list[tuple[str, str]]:
        """(id, name) of the characters here other than the player, in authored order."""
        place, places = self.place, self.character_places
        if place not in places:  # nobody here, not even the player
            return []
        return [(char_id, name) for slot, char_id, name in _others(self.world)
                if places[slot] == place]

    # ------------------------------------------------ commands

    def perform(self, command: Command) -> Rejected | None:
        """Run rules, then the verb's own action. A refusal leaves nothing changed."""
        world = self.world
        named = command.item or command.person or command.scenery
        if named:  # what `it`, `them`, `him` or `her` will stand for
            self.last_item = named
        bindings: dict[str, str] | None = None
        if self.told:  # its texts may show `{$item}`, `{$target}`… to the turn's end
            bindings = self.current_bindings = self.bindings(command)
        # (An untold turn shows no text, and conditions name no `$` binding: only the
        # effects of a rule that answers need them, worked out when one does.)
        rule_ran = False
        for rule in () if command.bare else _rules_for(world, command, self.place):
            if rule.person and rule.person != command.person:
                continue
            if rule.topic and rule.topic != command.topic:
                continue
            if rule.pattern is not None and rule.pattern != command.pattern:
                continue
            if not self.holds(rule.when):
                continue
            if bindings is None:
                bindings = self.current_bindings = self.bindings(command)
            if command.direction and not bindings["$target"] and _probes_the_way(rule):
                # Testing a way there is none of (`throw nut up` under an open sky) is
                # refused before anything is spent, as walking that way is.
                return Rejected(f"There is no way {_shown_way(command.direction)} from here "
                                "to test.", self.exits_hint())
            self.rule_answered = True
            self.say(rule.say)
            self.apply(rule.effects, bindings)
            if not rule.proceed or self.mode is not EXPLORING:
                return None
            rule_ran = True
            break
        if command.verb not in BUILTIN_VERBS:
            refusal = self.text(world.verbs[command.verb].refuse) or "Nothing happens."
            return Rejected(refusal)
        outcome = _VERB_ACTIONS[command.verb](self, command)
        if outcome is not None and rule_ran:
            # A rule already acted this turn, so the verb's refusal is part of the story.
            self.emit(Narrated(outcome.reason))
            return None
        return outcome

    def bindings(self, command: Command) -> dict[str, str]:
        target = ""
        if command.direction:
            exit_ = self.way_on(command.direction)
            target = exit_.to if exit_ is not None else ""
        return {"$item": command.item, "$person": command.person,
                "$direction": command.direction, "$topic": command.topic,
                "$target": target}

    def ways(self) -> _Ways:
        """The exits of the place the player is in, as they are now."""
        return _ways(self.world, self.place, self.exit_overrides, self.closed_behind)

    def way_on(self, name: str) -> Exit | None:
        """The exit by that name if it is a way on from here: seen, and not shut behind
        the player by a one-way passage (no nut can test that way; none can go there)."""
        ways = self.ways()
        return None if name in ways.shut else ways.seen.get(name)

    def open_exit(self, name: str) -> Exit | None:
        """The exit by that name if the player can see it (open or not)."""
        return self.ways().seen.get(name)

    def verb_go(self, command: Command) -> Rejected | None:
        direction = command.direction
        ways = self.ways()
        exit_ = ways.seen.get(direction)
        if exit_ is None:
            return Rejected(f"You can't go {_shown_way(direction)} from here.",
                            self.exits_hint())
        if direction in ways.shut:
            return Rejected(self._one_way_message(exit_) or "The way back is closed.")
        if not self.holds(exit_.when):
            return Rejected(self.text(exit_.closed) or "You can't go that way now.")
        self.say(exit_.text)
        self.apply(exit_.effects)
        if self.mode is ENDED:
            return None
        origin = self.place
        if exit_.one_way:
            self.close_behind(origin, exit_)
        self.arrive(exit_.to, direction, origin)
        return None

    def _one_way_message(self, back: Exit) -> str:
        """The message of the one-way exit that led here, which `back` would undo."""
        for passed in self.world.places[back.to].exits:
            if passed.to == self.place and passed.one_way:
                return self.text(passed.one_way)
        return ""

    def close_behind(self, origin: str, exit_: Exit) -> None:
        for name in _shut_behind(self.world, origin, exit_.to):
            self.closed_behind = self.plus(CLOSED_BEHIND, self.closed_behind, name)

    def exits_hint(self) -> str:
        names = self.ways().offered
        return "exits here: " + ", ".join(names) if names else "there is no way on from here"

    def arrive(self, destination: str, direction: str, origin: str) -> None:
        """The player arrives: hazards, companions, description, remarks, on-enter timers."""
        world = self.world
        avoided = 0  # revealed hazards stepped around so far: the first is told, then a summary
        for hazard_id in _hazards_in(world, self.state.hazard_spots, destination):
            hazard = world.hazards[hazard_id]
            key = f"{hazard_id}@{destination}"
            if key in self.revealed:
                self.say(_told(hazard.avoid_text, world.avoid_more, avoided))
                avoided += 1
                continue
            self.revealed = self.plus(REVEALED, self.revealed, key)
            self.emit(HazardTriggered(hazard_id, destination, self.text(hazard.trigger_text),
                                      bool(hazard.end)))
            self.apply(hazard.effects)
            if hazard.end:
                self.end(hazard.end)
            if self.mode is ENDED or hazard.stop:
                return
        self.place = destination
        if self.following:  # companions come along: one new tuple (set order is moot:
            # each writes its own slot)
            places = list(self.character_places)
            for char_id in self.following:
                index = world.character_index[char_id]
                numbers = CHARACTER_PLACES[index]
                self.fingerprint += numbers[destination] - numbers[places[index]]
                places[index] = destination
            self.character_places = tuple(places)
        first_visit = destination not in self.visited
        if first_visit:
            self.visited = self.plus(VISITED, self.visited, destination)
        self.tell_arrival(origin, direction, first_visit)
        # The place's own events first, then what the companions make of it — unless an
        # event began a talk (or ended the story): a remark would cut into it, as at the
        # end of a turn.
        for timer in world.timers_on_enter.get(destination, ()):
            self.fire_timer(timer)
        if self.mode is EXPLORING:
            self.remarks(destination)

    def tell_arrival(self, origin: str, direction: str, first_visit: bool) -> None:
        """What arriving shows, companions moved along already: the move, the act if it
        is another, the place."""
        world, destination = self.world, self.place
        self.emit(Moved(origin, destination, direction))
        act = world.act_of(destination)
        if act is not None and act.id != world.places[origin].act and act.title:
            self.emit(ActBegan(act.id, act.title, act.theme))
        self.describe(first_visit)

    def describe(self, first_visit: bool, full: bool = False) -> None:
        world = self.world
        place = world.places[self.place]
        text = place.description
        if not first_visit and not full and place.revisit:
            text = place.revisit
        exits = self.ways().offered
        items = _items_in(world, self.holdings, self.place)
        labels = tuple([(item_id, item_label(world.items[item_id], count))
                        for item_id, count in items]) if items else ()
        self.emit(Described(self.place, place.name, self.text(text).strip(), exits, labels,
                            tuple(self.people_here()), first_visit, place.act))

    def remarks(self, arrived_at: str | None) -> None:
        """Companions' unprompted lines: on arrival (`at`) or whenever they first apply."""
        place, player, places = self.place, self.world.player, self.character_places
        for char_id, slot, by_place in _remarks_at(self.world):
            if places[slot] != place or char_id == player:
                continue
            anytime = by_place[""]
            # `claim` written out, as for timers: checked every turn, seldom made.
            for remark, when in by_place.get(arrived_at, anytime) if arrived_at else anytime:
                if (remark.once and remark.id in self.fired) or not when(self):
                    continue
                if remark.once:
                    self.fired = self.plus(FIRED, self.fired, remark.id)
                self.speak(char_id, self.text(remark.text))

    def verb_look(self, command: Command) -> Rejected | None:
        self.describe(first_visit=False, full=True)
        return None

    def verb_examine(self, command: Command) -> Rejected | None:
        world = self.world
        if not self.told:
            return None  # a close look changes nothing: it is only told
        if command.item:
            item = world.items[command.item]
            text = self.text(item.description) or f"Nothing special about {item.name}."
            self.emit(Examined(command.item, item.name, text.strip()))
        elif command.person:
            person = world.characters[command.person]
            text = self.text(person.description) or f"{person.name} looks back at you."
            self.emit(Examined(command.person, person.name, text.strip()))
        elif command.scenery:
            for scenery in world.places[self.place].scenery:
                if scenery.id == command.scenery:
                    self.emit(Examined(scenery.id, scenery.nouns[0],
                                       self.text(scenery.description).strip()))
        else:
            place = world.places[self.place]
            text = self.text(place.examine) or "You find nothing more than you already see."
            self.emit(Examined(self.place, place.name, text.strip()))
        return None

    def verb_take(self, command: Command) -> Rejected | None:
        world = self.world
        if command.item == ALL:
            return self.take_all()
        item = world.items[command.item]
        here = self.held(command.item, self.place)
        if here == 0:
            for char_id in self.present_characters():
                if self.held(command.item, char_id):
                    owner = capital(world.characters[char_id].name)
                    return Rejected(f"{owner} keeps hold of it.")
            carried = self.held(command.item, world.player)
            elsewhere = sum(count for _where, count in
                            self.holdings[world.item_index[command.item]]) - carried
            if not carried:
                return Rejected(f"There is no {item.nouns[0]} here.")
            if elsewhere:  # some of a stack lie somewhere else: say so, not "you have it"
                return Rejected(f"There is no {item.nouns[0]} here; you have "
                                f"{item_label(item, carried)}.")
            return Rejected(f"You already have {item_label(item, carried)}.")
        if not item.portable:
            return Rejected(self.text(item.fixed) or f"{capital(item.name)} stays where it is.")
        self.move_units(command.item, here, self.place, world.player)
        if self.told:
            self.emit(ItemMoved(command.item, item_label(item, here), here, world.player))
            self.emit(Narrated(f"Taken: {item_label(item, here)}."))
        return None

    def verb_drop(self, command: Command) -> Rejected | None:
        world = self.world
        if command.item == ALL:
            carried = [i for i, _count in _items_in(world, self.holdings, world.player)]
            if not carried:
                return Rejected("You are carrying nothing.")
            for item_id in carried:
                count = self.held(item_id, world.player)
                item = world.items[item_id]
                self.move_units(item_id, count, world.player, self.place)
                if self.told:
                    self.emit(ItemMoved(item_id, item_label(item, count), count, self.place))
                    self.emit(Narrated(f"Dropped: {item_label(item, count)}."))
            return None
        item = world.items[command.item]
        if self.held(command.item, world.player) == 0:
            return Rejected(f"You aren't carrying {item.name}.")
        self.move_units(command.item, 1, world.player, self.place)
        if self.told:
            self.emit(ItemMoved(command.item, item.name, 1, self.place))
            self.emit(Narrated(f"Dropped: {item.name}."))
        return None

    def take_all(self) -> Rejected | None:
        """`take all`: every portable item here, each as if taken by name (rules apply)."""
        world = self.world
        here = [i for i, _count in _items_in(world, self.holdings, self.place)
                if world.items[i].portable]
        if not here:
            return Rejected("There is nothing here to take.")
        for item_id in here:
            outcome = self.perform(Command("take", item=item_id))
            if outcome is not None:
                self.emit(Narrated(outcome.reason))
            if self.mode is not EXPLORING:
                break
        return None

    def verb_inventory(self, command: Command) -> Rejected | None:
        if not self.told:
            return None  # a list of what is carried changes nothing: it is only told
        world = self.world
        carried = tuple((item_id, item_label(world.items[item_id], count))
                        for item_id, count in _items_in(world, self.holdings, world.player))
        self.emit(InventoryListed(carried))
        return None

    def verb_wait(self, command: Command) -> Rejected | None:
        if self.told:
            self.emit(Narrated("Time passes."))
        return None

    def verb_talk(self, command: Command) -> Rejected | None:
        world = self.world
        person = world.characters[command.person]
        for condition, node_id in person.talk:
            if self.holds(condition):
                self.start_conversation(node_id)
                return None
        return Rejected(f"{capital(person.name)} has nothing to say to you now.")

    def verb_leave(self, command: Command) -> Rejected | None:
        return Rejected("You are not talking to anyone.")

    # ------------------------------------------------ conversation

    def start_conversation(self, node_id: str) -> None:
        if self.talk_from < 0:
            self.talk_from = len(self.events)
        self.enter_node(self.world.dialogue[node_id])

    def enter_node(self, node: Node) -> None:
        world = self.world
        for _hop in range(MAX_NODE_HOPS):
            self.say_lines(node)
            # Marked once its lines are said, so a line of the node's own with
            # `if: not said(this node)` is said the first time only, as authors mean it.
            self.reached_nodes = self.plus(REACHED_NODES, self.reached_nodes, node.id)
            self.apply(node.effects)
            if self.mode is ENDED:
                return
            if self.offer(node.id, _node_options(world, node)):
                if self.mode is not CONVERSATION:
                    self.mode = transition(self.mode, "talk")
                else:
                    self.mode = transition(self.mode, "choose")
                self.conversation = node.id
                return
            if not node.next:
                break
            node = world.dialogue[node.next]
        self.finish_conversation(node.speaker)

    def say_lines(self, node: Node) -> None:
        """A node's lines whose conditions hold, in order (they only speak: no line has
        effects)."""
        for line, when, fixed in _node_lines(self.world, node):
            if when is None or when(self):
                if fixed is not None:
                    self.emit(fixed)
                elif line.narrate:
                    self.say(line.text)  # a stage direction, in no one's voice
                else:
                    self.speak(line.by, self.text(line.text))

    def offer(self, node_id: str, options_when: tuple[tuple[Option, Code | None], ...]
              ) -> bool:
        """Offer the node's options that apply now (`ChoicesOffered`); whether there
        were any (none: the talk goes on to the next node, or ends)."""
        options = tuple(o.text for o, when in options_when if when is None or when(self))
        if not options:
            return False
        self.offered = True
        self.emit(ChoicesOffered(node_id, options))
        return True

    def finish_conversation(self, speaker: str) -> None:
        if self.mode is CONVERSATION:
            self.mode = transition(self.mode, "finish")
        self.conversation = ""
        self.talk_from = -1  # that talk is over: nothing is to be told before it
        if self.told:
            self.emit(ConversationEnded(speaker))

    # ------------------------------------------------ effects

    def apply(self, effects: Effects, bindings: Bindings = NO_BINDINGS) -> None:
        if not effects:
            return
        code = self.effect_code.get(id(effects))
        if code is None:
            code = self.effect_code[id(effects)] = tuple(
                _effect_code(self.world, effect) for effect in effects)
        for run in code:
            if self.mode is ENDED:
                return
            run(self, bindings)

    # Each kind of effect but an assignment (`_effect_code` compiles those), by its op:
    # `_EFFECT_OPS` below is the table, so a turn finds one in one lookup.

    def give(self, effect: Tree, bindings: Bindings) -> None:
        world = self.world
        self.add_units(effect[1], effect[2], world.player)
        if self.told:
            item = world.items[effect[1]]
            self.emit(ItemMoved(effect[1], item_label(item, effect[2]), effect[2],
                                world.player))

    def take(self, effect: Tree, bindings: Bindings) -> None:
        world = self.world
        moved = self.move_units(effect[1], effect[2], world.player, NOWHERE)
        if moved and self.told:
            item = world.items[effect[1]]
            self.emit(ItemMoved(effect[1], item_label(item, moved), moved, NOWHERE))

    def move_item(self, effect: Tree, bindings: Bindings) -> None:
        world = self.world
        item_id = bindings.get(effect[1], effect[1]) if effect[1].startswith("$") \
            else effect[1]
        if not item_id:
            return
        dest = self.destination(effect[3], bindings)
        source = world.player if self.held(item_id, world.player) else None
        moved = self.move_units(item_id, effect[2], source, dest)
        if not moved and not self.holdings[world.item_index[item_id]] and dest != NOWHERE:
            # An item that is nowhere yet (`at: nowhere`) is brought into being there.
            self.add_units(item_id, effect[2], dest)
            moved = effect[2]
        if moved and self.told:
            self.emit(ItemMoved(item_id, item_label(world.items[item_id], moved), moved,
                                dest))

    def move_character(self, effect: Tree, bindings: Bindings) -> None:
        world = self.world
        dest = self.destination(effect[2], bindings)
        char_id = effect[1]
        if char_id == world.player:
            if dest != self.place and dest in world.places:
                self.arrive(dest, "", self.place)
            return
        self.place_character(char_id, dest)
        if dest != self.place and char_id in self.following:
            self.following = self.minus(FOLLOWING, self.following, char_id)
        if self.told:
            self.emit(CompanionMoved(char_id, world.characters[char_id].name, dest,
                                     char_id in self.following))

    def goto(self, effect: Tree, bindings: Bindings) -> None:
        if effect[1] != self.place:
            self.arrive(effect[1], "", self.place)

    def follow(self, effect: Tree, bindings: Bindings) -> None:
        char_id = effect[1]
        self.following = self.plus(FOLLOWING, self.following, char_id)
        self.place_character(char_id, self.place)
        if self.told:
            self.emit(CompanionMoved(char_id, self.world.characters[char_id].name,
                                     self.place, True))

    def unfollow(self, effect: Tree, bindings: Bindings) -> None:
        world = self.world
        char_id = effect[1]
        if char_id in self.following:
            self.following = self.minus(FOLLOWING, self.following, char_id)
            if self.told:
                where = self.character_places[world.character_index[char_id]]
                self.emit(CompanionMoved(char_id, world.characters[char_id].name, where,
                                         False))

    def reveal_or_hide(self, effect: Tree, bindings: Bindings) -> None:
        key = f"{effect[1]}.{effect[2]}"
        exit_ = self.world.places[effect[1]].exit(effect[2])
        if exit_ is None:
            return
        want_visible = effect[0] == "reveal"
        flipped = want_visible == exit_.hidden
        self.exit_overrides = (self.plus if flipped else self.minus)(
            EXIT_OVERRIDES, self.exit_overrides, key)

    def end_effect(self, effect: Tree, bindings: Bindings) -> None:
        self.end(effect[1])

    def talk(self, effect: Tree, bindings: Bindings) -> None:
        character = self.world.characters[effect[1]]
        node_id = effect[2]
        if not node_id:
            node_id = next((n for c, n in character.talk if self.holds(c)), "")
        if node_id:
            self.start_conversation(node_id)

    def probe_effect(self, effect: Tree, bindings: Bindings) -> None:
        self.probe(bindings.get(effect[1], "") if effect[1].startswith("$") else effect[1])

    def destination(self, dest: str, bindings: Bindings) -> str:
        if dest == "here":
            return self.place
        if dest == PLAYER:
            return self.world.player
        if dest.startswith("$"):
            return bindings.get(dest) or self.place
        return dest

    def probe(self, direction: str) -> None:
        direction = DIRECTION_ALIASES.get(direction, direction)
        exit_ = self.way_on(direction) if direction else None
        self.count("probes")
        if exit_ is None:
            self.emit(Narrated("Nothing lies that way to test."))
            return
        target = exit_.to
        found = 0
        for hazard_id in _hazards_in(self.world, self.state.hazard_spots, target):
            self.revealed = self.plus(REVEALED, self.revealed, f"{hazard_id}@{target}")
            if self.told:
                hazard = self.world.hazards[hazard_id]
                # Every hazard there is revealed and has its event, but one throw shows
                # one thing: the first in authored order, then one line saying there is
                # more.
                told = _told(hazard.probe_text, self.world.probe_more, found)
                self.emit(HazardRevealed(hazard_id, target, self.text(told)))
            found += 1
        if not found and self.told:
            self.emit(ProbedSafe(target, self.text(self.world.probe_safe)))

    def end(self, ending_id: str) -> None:
        self.ending = ending_id
        if self.mode is CONVERSATION:
            self.conversation = ""
        self.mode = transition(self.mode, "end")
        self.pending = None
        if self.timed:  # the move that ends the story is one of its turns
            self.turn += 1
            self.timed = False
        if self.told:
            self.emit(self.ending_screen())

    def ending_screen(self) -> Ended:
        """The ending reached, with the run's summary as it stands now."""
        world = self.world
        ending = world.endings[self.ending]
        summary = [("Turns", str(self.turn))]
        summary.extend((line.label, self.text(line.value)) for line in world.summary
                       if self.holds(line.when))
        return Ended(self.ending, ending.title, self.text(ending.text).strip(), ending.kind,
                     tuple(summary))

    # ------------------------------------------------ time

    def end_of_turn(self) -> None:
        """A turn passes: count it, run timers, let companions speak."""
        if self.mode is ENDED:
            return
        self.turn += 1
        self.timed = False  # this turn is counted: an ending from here on adds no other
        turn = self.turn
        place = self.place
        # `claim` written out: most timers are checked and do not fire, every turn.
        for timer, every, after, when_here, when_anywhere in _timers_at(self.world, place,
                                                                        self.told):
            if (every and turn % every) or (after and turn != after):
                continue
            # Once a timer has moved the player, the rest are checked in general.
            when = when_here if self.place == place else when_anywhere
            if when is None:  # cannot hold here
                continue
            if timer.once:
                if timer.id in self.fired or not when(self):
                    continue
                self.fired = self.plus(FIRED, self.fired, timer.id)
            elif not when(self):
                continue
            self.run_timer(timer)
            if self.mode is ENDED:  # its effects ended the story
                return
        if self.mode is EXPLORING:
            self.remarks(None)

    def wait_for_something(self, since: int) -> None:
        """`wait for …`: after the first turn, more pass — up to `WAIT_LIMIT` in all —
        until one brings an event (a timer's line, a remark, the story moving on)."""
        waited = 1
        while len(self.events) == since and self.mode is EXPLORING and \
                waited < WAIT_LIMIT:
            self.end_of_turn()
            waited += 1
        if waited == WAIT_LIMIT and len(self.events) == since:
            self.emit(Narrated("You wait a long while. Nothing comes."))

    def claim(self, key: str, once: bool, when: Tree) -> bool:
        """Whether an on-enter timer fires now; a once-only one is marked as fired. (Turn
        timers and remarks, checked every turn, have this written out in their loops.)"""
        if once and key in self.fired:
            return False
        if not self.holds(when):
            return False
        if once:
            self.fired = self.plus(FIRED, self.fired, key)
        return True

    def speak(self, char_id: str, text: str) -> None:
        """A character's line, if there is anything to say."""
        text = text.strip()
        if text:
            speaker = self.world.characters[char_id]
            self.emit(Said(char_id, speaker.name, text, speaker.style))

    def fire_timer(self, timer: Timer) -> None:
        if self.claim(timer.id, timer.once, timer.when):
            self.run_timer(timer)

    def run_timer(self, timer: Timer) -> None:
        """A timer that fires now (already claimed): its line, then its effects."""
        if timer.by:
            # A character's line is heard only where they are.
            if self.character_places[self.world.character_index[timer.by]] == self.place:
                self.speak(timer.by, self.text(timer.say))
        else:
            self.say(timer.say)
        self.apply(timer.effects)


class _QuietTurn(_Turn):
    """A turn that changes the state as `_Turn` does and tells nothing of it (`step` with
    `narrate=False`). What it leaves out never bears on the state: a text's variants are
    chosen only to be told, and a description is only told; the shared code skips the
    events it would only build to drop (`if self.told`: items and companions moved,
    hazards probed, a talk's end, the ending screen) and timers that only speak. The
    events the turn still makes (a few) are dropped by `step`. `wait for …` is never
    quiet: it waits for a turn that tells something."""

    __slots__ = ()
    told = False

    def text(self, text: Text) -> str:
        return ""

    def say(self, text: Text) -> None:
        pass

    def speak(self, char_id: str, text: str) -> None:
        pass

    def tell_arrival(self, origin: str, direction: str, first_visit: bool) -> None:
        pass

    def describe(self, first_visit: bool, full: bool = False) -> None:
        pass

    def say_lines(self, node: Node) -> None:
        pass  # a line's condition decides only whether it is said (nor are they compiled)

    def offer(self, node_id: str, options_when: tuple[tuple[Option, Code | None], ...]
              ) -> bool:
        # Whether any option applies decides the mode; which ones, only what is told.
        # (A loop, not `any` of a generator: a generator is made and resumed per option.)
        for _option, when in options_when:  # noqa: SIM110
            if when is None or when(self):
                return True
        return False


# `_Turn.__init__` and `_Turn.freeze` take the state's fields by position, in this order.
assert GameState._fields == (
    "seed", "turn", "mode", "place", "vars", "holdings", "character_places", "following",
    "visited", "reached_nodes", "exit_overrides", "closed_behind", "hazard_spots",
    "revealed", "fired", "conversation", "pending", "last_item", "ending", "counters",
    "fingerprint"), \
    "GameState's fields changed: change _Turn.__init__ and _Turn.freeze with them"

# The effects other than assignments, by op.
_EFFECT_OPS: dict[str, Callable[[_Turn, Tree, Bindings], None]] = {
    "give": _Turn.give, "take": _Turn.take, "move_item": _Turn.move_item,
    "move_character": _Turn.move_character, "goto": _Turn.goto, "follow": _Turn.follow,
    "unfollow": _Turn.unfollow, "reveal": _Turn.reveal_or_hide, "hide": _Turn.reveal_or_hide,
    "end": _Turn.end_effect, "talk": _Turn.talk, "probe": _Turn.probe_effect,
}

# The built-in verbs' actions, by verb: one dictionary lookup, where `getattr` of a name
# made up each turn was a string to build and a slower lookup.
_VERB_ACTIONS: dict[str, Callable[[_Turn, Command], Rejected | None]] = {
    verb: getattr(_Turn, f"verb_{verb}") for verb in BUILTIN_VERBS}


# Per-world tables below are kept by `lru_cache` (looked up in C every turn; a few worlds
# at most are alive at once, e.g. while `play --watch` reloads one).


# A turn timer as `end_of_turn` checks it at one place: (timer, every, after, condition
# there, condition anywhere).
_Scheduled = tuple[Timer, int, int, Code | None, Code]


@lru_cache(maxsize=16)
def _timers_by_place(world: World, told: bool) -> dict[str, tuple[_Scheduled, ...]]:
    return {}


@lru_cache(maxsize=16)
def _timers_checked(world: World, told: bool) -> tuple[
        tuple[frozenset[str] | None, frozenset[str], _Scheduled], ...]:
    """The turn timers an untold (or told) turn checks anywhere, in authored order, each
    with the places it may hold at (`place_guard`; None: any), the places its place tests
    name (`places_decided`), and its entry for every other place (`_Scheduled`, with its
    condition as `code_at` compiles it there): what `_timers_at` sorts per place, worked
    out once per world. Most places share each timer's entry, one value, not a copy
    each."""
    return tuple((place_guard(t.when), places_decided(t.when),
                  (t, 0 if t.every == 1 else t.every, t.after, code_at(world, t.when, ""),
                   code_for(world, t.when)))
                 for t in world.timers_every_turn if told or t.effects or t.once)


def _timers_at(world: World, place: str, told: bool) -> tuple[_Scheduled, ...]:
    """The turn timers checked in a turn that begins at `place`, in authored order: those
    whose condition requires being somewhere else (see `place_guard`) are left out, and
    in an untold turn (`told` false) those that would only speak (no effects, not once:
    firing changes nothing but what is told; Stalker has ten of its 22 so). Each
    comes with its period and turn (`every` 1 written as 0: both mean every turn), and its
    condition compiled for that place (`evaluator.code_at`: its place tests decided; None
    where it cannot hold there) and in general, for the rest of a turn in which a timer
    moved the player. Worked out once per place."""
    by_place = _timers_by_place(world, told)
    timers = by_place.get(place)
    if timers is None:
        timers = by_place[place] = tuple(
            (entry[0], entry[1], entry[2], code_at(world, entry[0].when, place), entry[4])
            if place in names else entry
            for guard, names, entry in _timers_checked(world, told)
            if guard is None or place in guard)
    return timers


@lru_cache(maxsize=8)
def _rules_by_kind_of_command(world: World) -> dict[tuple[str, str, str, str], tuple[Rule, ...]]:
    return {}


def _rules_for(world: World, command: Command, place: str) -> tuple[Rule, ...]:
    """The verb's rules that may answer this command at `place` — no `at`, or `at` naming
    it; no item or this item; no direction or this one — in authored order. Sorted out
    once per verb, place, item and direction met: Stalker has forty `throw` rules in some
    places, and a throw would otherwise look at each of them."""
    key = (command.verb, place, command.item, command.direction)
    by_place = _rules_by_kind_of_command(world)
    rules = by_place.get(key)
    if rules is None:
        rules = by_place[key] = tuple(
            r for r in world.rules_by_verb.get(command.verb, ())
            if (not r.at or place in r.at) and r.item in ("", command.item)
            and r.direction in ("", command.direction))
    return rules


@lru_cache(maxsize=8)
def _remarks_at(world: World) -> tuple[
        tuple[str, int, dict[str, tuple[tuple[Remark, Code], ...]]], ...]:
    """(character, their slot in the state's places, place arrived at ("" for any other
    turn) -> the remarks that may be made then, in authored order, each with its compiled
    condition), for the characters who have remarks, in authored order; worked out once
    per world, since the end of every turn looks at them."""
    found = []
    for char_id in world.characters:
        remarks = world.characters[char_id].remarks
        if not remarks:
            continue  # no need to see where they are, every turn
        places = {r.at for r in remarks if r.at}
        found.append((char_id, world.character_index[char_id],
                      {where: tuple((r, code_for(world, r.when)) for r in remarks
                                    if r.at in ("", where))
                       for where in ("", *sorted(places))}))
    return tuple(found)


_T = TypeVar("_T")
_Conditional = TypeVar("_Conditional", Line, Option)


@lru_cache(maxsize=8)
def _others(world: World) -> tuple[tuple[int, str, str], ...]:
    """(slot in the state's places, id, name) of every character but the player, in
    authored order: who may be somewhere, as a description and a `take` ask."""
    return tuple((slot, char_id, world.characters[char_id].name)
                 for slot, char_id in enumerate(world.character_ids)
                 if char_id != world.player)


_NodeLine = tuple[Line, "Code | None", "Event | None"]


@lru_cache(maxsize=8)
def _nodes_lines(world: World) -> dict[str, tuple[_NodeLine, ...]]:
    return {}


@lru_cache(maxsize=8)
def _nodes_options(world: World) -> dict[str, tuple[tuple[Option, Code | None], ...]]:
    return {}


def _node_lines(world: World, node: Node) -> tuple[_NodeLine, ...]:
    """A dialogue node's lines, each with its condition compiled (None: it always holds;
    one that never does is left out), as `holds` would read them; a line whose text is
    fixed comes with the event it always makes (`_fixed_event`). Worked out once per
    node, and only for a told turn: an untold one says no line (lines have no effects),
    so a check never builds them."""
    by_id = _nodes_lines(world)
    lines = by_id.get(node.id)
    if lines is None:
        lines = by_id[node.id] = tuple(
            (line, when, _fixed_event(world, "" if line.narrate else line.by, line.text))
            for line, when in _with_code(world, node.lines))
    return lines


def _node_options(world: World, node: Node) -> tuple[tuple[Option, Code | None], ...]:
    """A dialogue node's options, each with its condition compiled, as `_node_lines` has
    its lines: a talk checks them at every command. Worked out once per node."""
    by_id = _nodes_options(world)
    options = by_id.get(node.id)
    if options is None:
        options = by_id[node.id] = _with_code(world, node.options)
    return options


def _fixed_event(world: World, speaker: str, text: Text) -> Event | None:
    """What saying `text` always makes — narration (`speaker` "") or the speaker's line —
    when the text is fixed (one variant, no condition, no `{…}`, not blank); None when it
    must be rendered each time. Made once, shared by every turn that says it (events are
    frozen values)."""
    if len(text) != 1 or text[0][0] is not None or len(text[0][1]) != 1:
        return None
    written = text[0][1][0]
    if not isinstance(written, str) or not written.strip():
        return None
    if not speaker:
        return Narrated(written.strip())
    character = world.characters[speaker]
    return Said(speaker, character.name, written.strip(), character.style)


def _with_code(world: World, records: tuple[_Conditional, ...]
               ) -> tuple[tuple[_Conditional, Code | None], ...]:
    return tuple((record, None if record.when[0] == "const" else code_for(world, record.when))
                 for record in records if record.when[0] != "const" or record.when[1])
_new_tuple = tuple.__new__


EffectCode = Callable[[_Turn, Bindings], None]

def whole_number(value: Any) -> int:
    """What a number variable stores for `value`: a whole number held to 64 bits — an
    assignment past a limit stops at it (`x = x * x` cannot grow without end, and every
    state can be saved)."""
    number = int(value)
    if -NUMBER_LIMIT <= number < NUMBER_LIMIT:
        return number
    return NUMBER_LIMIT - 1 if number > 0 else -NUMBER_LIMIT


@lru_cache(maxsize=8)
def _effect_memo(world: World) -> dict[int, tuple[EffectCode, ...]]:
    """A world's effect lists compiled (`_effect_code`), by the identity of the list, as
    `evaluator.memo_for` keeps conditions (the cache keeps the world and so the lists
    alive: an id is never reused while its entry lives)."""
    return {}


@lru_cache(maxsize=8)
def _memos(world: World) -> tuple[dict[int, Code], dict[int, tuple[EffectCode, ...]]]:
    """The world's compiled conditions and effects (one lookup for a turn, not two)."""
    return memo_for(world), _effect_memo(world)


def _effect_code(world: World, effect: Tree) -> EffectCode:
    """An effect as a closure. Assignments, two thirds of the effects a run carries out,
    are compiled with the variable's slot found and the value's code built once; the rest
    are carried out by the `_Turn` method for their op (`_EFFECT_OPS`)."""
    if effect[0] != "assign":
        run = _EFFECT_OPS[effect[0]]  # a KeyError here is an op the compiler never makes
        return lambda turn, bindings: run(turn, effect, bindings)
    index = world.var_index[effect[1]]
    how, value_tree = effect[2], effect[3]
    # A variable keeps the kind it was declared with: a flag stays yes/no and a number a
    # whole number whatever is assigned (`x = visited(room)` stores 1), held to 64 bits,
    # so that a state always saves and reads back, and states that show the same compare
    # the same.
    kind: Callable[[Any], int | bool] = bool if isinstance(world.var_initial[index], bool) \
        else whole_number
    if how == "=":
        if value_tree[0] == "const":
            constant = kind(value_tree[1])

            def assign_constant(turn: _Turn, bindings: Bindings) -> None:
                turn.vars = turn.slot(VARS, turn.vars, index, constant)
            return assign_constant
        value = code_for(world, value_tree)

        def assign(turn: _Turn, bindings: Bindings) -> None:
            turn.vars = turn.slot(VARS, turn.vars, index, kind(value(turn)))
        return assign
    sign = 1 if how == "+=" else -1
    if value_tree[0] == "const":
        step = sign * int(value_tree[1])

        def add_constant(turn: _Turn, bindings: Bindings) -> None:
            turn.vars = turn.slot(VARS, turn.vars, index,
                                  kind(int(turn.vars[index]) + step))
        return add_constant
    amount = code_for(world, value_tree)

    def add(turn: _Turn, bindings: Bindings) -> None:
        by = int(amount(turn))  # evaluated before the variable is read, as it always was
        turn.vars = turn.slot(VARS, turn.vars, index, kind(int(turn.vars[index]) + sign * by))
    return add


class _Ways(NamedTuple):
    """The exits of one place as the player finds them under one set of revealed, hidden
    and shut exits: what `Place.ways_offered`, `Place.exit` and `Place.exit_shown` answer,
    worked out once. A turn asks several times (the command's `$target`, going, the
    description), and the answers would otherwise build a "place.exit" string per exit."""

    offered: tuple[str, ...]  # `Place.ways_offered`: the names shown to the player
    seen: dict[str, Exit]  # name -> the place's exit by that name, if it is shown
    shut: frozenset[str]  # the names in `seen` shut behind the player


@lru_cache(maxsize=8)
def _ways_of_world(world: World) -> dict[tuple[str, frozenset[str], frozenset[str]], _Ways]:
    return {}


def _ways(world: World, place_id: str, overrides: frozenset[str],
          closed: frozenset[str]) -> _Ways:
    """The exits of `place_id` with these overrides and ways shut behind; remembered (the
    sets' hashes are kept by the sets themselves, so the lookup is cheap)."""
    key = (place_id, overrides, closed)
    table = _ways_of_world(world)
    ways = table.get(key)
    if ways is None:
        if len(table) >= 4096:  # a bound for long-lived programs; a run meets a few dozen
            table.clear()
        place = world.places[place_id]
        seen: dict[str, Exit] = {}
        named: set[str] = set()
        for exit_ in place.exits:
            if exit_.name in named:
                continue  # `Place.exit` finds the first by a name
            named.add(exit_.name)
            if place.exit_shown(exit_, overrides):
                seen[exit_.name] = exit_
        shut = frozenset(name for name in seen if f"{place_id}.{name}" in closed)
        ways = table[key] = _Ways(place.ways_offered(overrides, closed), seen, shut)
    return ways


@lru_cache(maxsize=8)
def _shut_by_passage(world: World) -> dict[tuple[str, str], tuple[str, ...]]:
    return {}


def _shut_behind(world: World, origin: str, to: str) -> tuple[str, ...]:
    """What a one-way passage from `origin` to `to` shuts behind the player: the exits of
    `to` back to `origin`, as `closed_behind` names them ("place.exit"), sorted and each
    once (a set unchanged is kept by `plus`). Worked out once per passage: the Zone's ways
    close behind the player at every other step."""
    table = _shut_by_passage(world)
    names = table.get((origin, to))
    if names is None:
        names = table[(origin, to)] = tuple(sorted(
            {f"{to}.{back.name}" for back in world.places[to].exits if back.to == origin}))
    return names


def _shown_way(direction: str) -> str:
    """A way as a refusal names it: a compass word as it is, an exit's name quoted."""
    return direction if direction in DIRECTIONS else f"'{direction}'"


# A run's hazard places (one tuple, shared by the states the engine makes from one another;
# a loaded state brings its own) -> place -> the hazards there, in authored order. Kept by
# identity with the tuple itself, as `statecodec` keeps its parts, so an id is never reused
# while its entry lives.
_hazard_places: dict[int, tuple[World, tuple[tuple[str, ...], ...],
                                dict[str, tuple[str, ...]]]] = {}


def _hazards_in(world: World, spots: tuple[tuple[str, ...], ...],
                place: str) -> tuple[str, ...]:
    """The hazards lying at `place` in this run, in authored order: a move and a throw ask,
    and a world may have many hazards."""
    found = _hazard_places.get(id(spots))
    if found is None or found[1] is not spots or found[0] is not world:
        if len(_hazard_places) >= 8:  # as many runs as the other per-world tables keep
            _hazard_places.clear()
        by_place: dict[str, list[str]] = {}
        for hazard_id, places in zip(world.hazards, spots, strict=True):
            for where in dict.fromkeys(places):  # a place a hazard lists twice: met once
                by_place.setdefault(where, []).append(hazard_id)
        found = _hazard_places[id(spots)] = (
            world, spots, {where: tuple(ids) for where, ids in by_place.items()})
    return found[2].get(place, ())


def _told(own: Text, more: Text, nth: int) -> Text:
    """What is said for the `nth` (from 0) of the hazards met at once in one place, in
    authored order: the first its own text, the second the world's one line for all the
    rest (`probe_more`, `avoid_more`), later ones nothing. Two texts for one nut or one
    step would contradict each other; the state still records every hazard."""
    if nth == 0:
        return own
    return more if nth == 1 else ()


def _probes_the_way(rule: Rule) -> bool:
    """Whether the rule tests the way the command names (a `probe $direction` effect)."""
    return any(effect[0] == "probe" and effect[1] == "$direction" for effect in rule.effects)



# ---------------------------------------------------------------- what can be done


def available_commands(world: World, state: GameState) -> tuple[str, ...]:
    """Commands that do something now: each candidate is tried, refusals are dropped.

    Candidates come from the verbs, exits, visible things and topics; trying them with
    the pure `step` makes the answer exact rather than a guess.
    """
    candidates: list[str] = []
    if state.mode is ENDED:
        return ()
    if state.mode is CONVERSATION:
        node = world.dialogue[state.conversation]
        turn = _Turn(world, state)
        count = sum(1 for o in node.options if turn.holds(o.when))
        numbers = tuple(str(n) for n in range(1, count + 1))
        return numbers if node.hold else (*numbers, "bye")
    if state.mode is DISAMBIGUATION:
        assert state.pending is not None
        by_id = {t.id: t for t in visible_things(world, state)}
        return tuple(by_id[c].nouns[0] for c in state.pending.candidates if c in by_id)
    place = world.places[state.place]
    # Ways shut behind the player are not offered (they would be refused), not even as
    # somewhere to throw.
    directions = place.ways_offered(state.exit_overrides, state.closed_behind)
    candidates.extend(directions)
    candidates.extend(("look", "inventory", "wait", "examine"))
    things = visible_things(world, state)
    for thing in things:
        noun = thing.nouns[0]
        candidates.append(f"examine {noun}")
        if thing.kind == "item":
            candidates.extend((f"take {noun}", f"drop {noun}"))
        if thing.kind == "person":
            candidates.append(f"talk to {noun}")
    topics = [world.topics[t].nouns[0] for t in world.topics if world.topics[t].nouns]
    fillers = {
        "ITEM": [t.nouns[0] for t in things if t.kind == "item"],
        "PERSON": [t.nouns[0] for t in things if t.kind == "person"],
        "DIRECTION": directions, "TOPIC": topics,
    }
    for verb_id in world.verbs:
        for pattern in world.verbs[verb_id].patterns:
            phrases = [[verb_id]]
            for token in pattern:
                options = fillers.get(token, [token]) if token.isupper() else [token]
                phrases = [[*p, o] for p in phrases for o in options][:400]
            candidates.extend(" ".join(p) for p in phrases)
    seen: set[str] = set()
    outcomes: set[tuple[GameState, tuple[Event, ...]]] = set()
    useful: list[str] = []
    for candidate in candidates:
        if candidate in seen:
            continue
        seen.add(candidate)
        new_state, events = step(world, state, candidate)
        if new_state is state and events and isinstance(events[0], Rejected):
            continue
        # Two phrasings with one outcome (`throw nut north`, `throw nut to north`) are one
        # thing to do: the first written stands for both.
        if (new_state, events) in outcomes:
            continue
        outcomes.add((new_state, events))
        useful.append(candidate)
    return tuple(useful)
