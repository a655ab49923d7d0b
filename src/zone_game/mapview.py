"""The `map`: the places visited so far and how they connect, as text.

A pure function of world and state. Places are laid out on a grid by the compass
directions of their exits (a breadth-first walk from the start, first come first
placed; each group that no compass way joins is laid out on its own and set below the
others); links that do not fit the grid (up, down, in, out, named exits, or geometry that
collides) are listed under the drawing instead of being drawn wrongly. An exit that ends
the story is no link: it leads to no place the player could stand in. Exits seen but not
taken are listed as unexplored, by direction only, so the map never names an unseen place.

The drawing is returned as lines of `(text, style name)` segments so the terminal UI can
colour it through the theme; `map_listing` says the same in linear sentences for plain
mode and screen readers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from zone_game.state import GameState
from zone_game.world import World, ends_story

# compass direction -> (dx, dy) on the grid, y growing southwards
VECTORS: dict[str, tuple[int, int]] = {
    "north": (0, -1), "south": (0, 1), "east": (1, 0), "west": (-1, 0),
    "northeast": (1, -1), "northwest": (-1, -1), "southeast": (1, 1), "southwest": (-1, 1),
}
GAP = 3  # columns between two cells: room for "───" or " ╲ "
# box-drawing diagonals, spelt as escapes because they look like / \\ and X
FALLING, RISING, CROSSING = "\u2572", "\u2571", "\u2573"
MIN_NAME = 8  # below this a cut name is unreadable: cells show numbers and a key instead
MIN_LABEL = 3  # room for a number: below this, no drawing at all, only the listing
FRAME = 4  # the panel around the drawing: two borders and two padding columns

Segment = tuple[str, str]
Line = list[Segment]


@dataclass(frozen=True, slots=True)
class Link:
    """A visible exit between two places the player knows."""

    origin: str
    direction: str
    destination: str


@dataclass(frozen=True, slots=True)
class Layout:
    """Grid positions of placed places, links drawn on the grid, and those listed."""

    positions: dict[str, tuple[int, int]]
    drawn: tuple[Link, ...]
    listed: tuple[Link, ...]
    unexplored: tuple[tuple[str, str], ...]  # (place, direction)


def _visited(world: World, state: GameState) -> list[str]:
    """The places visited, in the order of the story: by act (as the world lists its
    acts), then as authored. Files are read in name order, so authored order alone would
    put a bar before the house where the story starts."""
    act_order = {act.id: index for index, act in enumerate(world.acts)}
    visited = [place for place in world.places if place in state.visited]
    return sorted(visited, key=lambda place: act_order.get(world.places[place].act,
                                                           len(act_order)))


def links(world: World, state: GameState) -> tuple[list[Link], list[tuple[str, str]]]:
    """Visible exits among visited places (authored order), and those leading elsewhere."""
    known: list[Link] = []
    unexplored: list[tuple[str, str]] = []
    for place_id in _visited(world, state):
        place = world.places[place_id]
        for exit_ in place.exits:
            if not place.exit_shown(exit_, state.exit_overrides):
                continue
            # An exit that ends the story leads nowhere on a map, whatever its `to` says
            # (a world must name some place): drawn as a way, it would bend the grid.
            if exit_.to in state.visited and not ends_story(exit_.effects):
                known.append(Link(place_id, exit_.name, exit_.to))
            else:
                unexplored.append((place_id, exit_.name))
    return known, unexplored


def layout(world: World, state: GameState) -> Layout:
    """Place the visited places on a grid, starting from the start place."""
    known, unexplored = links(world, state)
    compass: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    for link in known:
        if link.direction in VECTORS:
            dx, dy = VECTORS[link.direction]
            compass.setdefault(link.origin, []).append((link.destination, (dx, dy)))
            compass.setdefault(link.destination, []).append((link.origin, (-dx, -dy)))
    positions: dict[str, tuple[int, int]] = {}
    roots = [world.start] if world.start in state.visited else []
    roots += [p for p in _visited(world, state) if p != world.start]
    for root in roots:
        if root in positions:
            continue
        # Each group is laid out on a grid of its own, then set below everything placed
        # so far (in a terminal, lines are cheaper than columns): laid out in place, a
        # group's northward places would collide with the bottom row of the one above.
        group = {root: (0, 0)}
        taken = {(0, 0)}
        queue = deque([root])
        while queue:
            here = queue.popleft()
            hx, hy = group[here]
            for there, (dx, dy) in compass.get(here, []):
                spot = (hx + dx, hy + dy)
                if there in positions or there in group or spot in taken:
                    continue
                group[there] = spot
                taken.add(spot)
                queue.append(there)
        shift_x = min((x for x, _ in positions.values()), default=0) - \
            min(x for x, _ in group.values())
        shift_y = max((y for _, y in positions.values()), default=-1) + 1 - \
            min(y for _, y in group.values())
        positions.update({place: (x + shift_x, y + shift_y) for place, (x, y) in group.items()})
    drawn: list[Link] = []
    listed: list[Link] = []
    pairs: set[frozenset[str]] = set()
    for link in known:  # first the links the grid can show …
        vector = VECTORS.get(link.direction)
        ox, oy = positions[link.origin]
        tx, ty = positions[link.destination]
        pair = frozenset((link.origin, link.destination))
        if vector is not None and (tx - ox, ty - oy) == vector and pair not in pairs:
            drawn.append(link)
            pairs.add(pair)
    for link in known:  # … then, once per pair of places, those it cannot
        pair = frozenset((link.origin, link.destination))
        if pair not in pairs:
            listed.append(link)
            pairs.add(pair)
    return Layout(positions, tuple(drawn), tuple(listed), tuple(unexplored))


def _fit(name: str, width: int) -> str:
    if len(name) > width:
        name = name[: width - 1] + "…"
    return name.center(width)


def draw(world: World, state: GameState, width: int = 80) -> list[Line]:
    """The map as styled lines no wider than `width` (the frame included).

    When the grid cannot fit with readable names, the drawing is left out and only the
    listing lines remain.
    """
    plan = layout(world, state)
    lines: list[Line] = []
    if plan.positions:
        xs = [x for x, _ in plan.positions.values()]
        ys = [y for _, y in plan.positions.values()]
        min_x, min_y = min(xs), min(ys)
        cols, rows = max(xs) - min_x + 1, max(ys) - min_y + 1
        names = {p: world.places[p].name for p in plan.positions}
        longest = max(len(name) for name in names.values())
        label = min(longest, (width - FRAME - GAP * (cols - 1)) // cols)
        key: list[str] = []
        if MIN_LABEL <= label < min(longest, MIN_NAME):
            # too narrow for names: number the places, in authored order, with a key
            numbered = [p for p in world.places if p in plan.positions]
            label = min(label, len(str(len(numbered))) + 2)
            names = {p: f"{n}" for n, p in enumerate(numbered, 1)}
            key = [f"{names[p]} {world.places[p].name}" for p in numbered]
        if label >= MIN_LABEL:
            lines = _canvas(state, plan, names, (min_x, min_y, cols, rows), label)
            if key:
                lines.append([])
                lines.extend([(text, "map.link")] for text in key)
    legend = _legend(world, state, plan)
    if lines and legend:
        lines.append([])
    lines.extend([(text, "map.link")] for text in legend)
    return lines


def _canvas(state: GameState, plan: Layout, names: dict[str, str],
            box: tuple[int, int, int, int], label: int) -> list[Line]:
    min_x, min_y, cols, rows = box
    stride = label + GAP
    canvas_width = cols * label + (cols - 1) * GAP
    grid = [[(" ", "") for _ in range(canvas_width)] for _ in range(rows * 2 - 1)]

    def put(row: int, col: int, char: str, style: str) -> None:
        old = grid[row][col][0]
        if {old, char} == {FALLING, RISING}:
            char = CROSSING
        grid[row][col] = (char, style)

    for place_id, (x, y) in plan.positions.items():
        style = "map.here" if place_id == state.place else "map.place"
        text = _fit(names[place_id], label)
        col = (x - min_x) * stride
        for offset, char in enumerate(text):
            grid[(y - min_y) * 2][col + offset] = (char, style)
    for link in plan.drawn:
        ox, oy = plan.positions[link.origin]
        tx, ty = plan.positions[link.destination]
        left, top = min(ox, tx) - min_x, min(oy, ty) - min_y
        if oy == ty:  # horizontal: fill the gap
            for offset in range(GAP):
                put(top * 2, left * stride + label + offset, "─", "map.link")
        elif ox == tx:  # vertical: one bar under the middle of the name
            put(top * 2 + 1, left * stride + label // 2, "│", "map.link")
        else:  # diagonal: one stroke in the middle of the gap
            falling = (tx - ox) * (ty - oy) > 0
            put(top * 2 + 1, left * stride + label + GAP // 2, FALLING if falling else RISING,
                "map.link")
    out: list[Line] = []
    for row in grid:
        line: Line = []
        for char, style in row:
            if line and line[-1][1] == style:
                line[-1] = (line[-1][0] + char, style)
            else:
                line.append((char, style))
        while line and not line[-1][0].strip():
            line.pop()  # no trailing blanks
        out.append(line)
    return out


def _legend(world: World, state: GameState, plan: Layout) -> list[str]:
    name = {p: world.places[p].name for p in world.places if p in state.visited}
    lines = [f"You are at {world.places[state.place].name}."]
    for link in plan.listed:
        lines.append(f"{name[link.origin]} — {link.direction} — {name[link.destination]}")
    by_place: dict[str, list[str]] = {}
    for place_id, direction in plan.unexplored:
        by_place.setdefault(place_id, []).append(direction)
    for place_id, directions in by_place.items():
        lines.append(f"Unexplored from {name[place_id]}: {', '.join(directions)}")
    return lines


def map_listing(world: World, state: GameState) -> list[str]:
    """The map in sentences, one visited place a line: for plain mode and screen readers."""
    known, unexplored = links(world, state)
    lines = []
    for place_id in _visited(world, state):
        ways = [f"{link.direction} to {world.places[link.destination].name}"
                for link in known if link.origin == place_id]
        ways += [f"{direction} unexplored" for origin, direction in unexplored
                 if origin == place_id]
        here = " (you are here)" if place_id == state.place else ""
        lines.append(f"{world.places[place_id].name}{here}: "
                     + ("; ".join(ways) if ways else "no known way on") + ".")
    return lines
