"""The map of a world as the engine sees it, drawn as Graphviz DOT or Mermaid.

Built from the compiled `World` only (never from a second reading of the YAML), through
the same `flow` facts lint uses. A `WorldMap` is the neutral drawing — nodes and edges
with their meaning — and `to_dot`/`to_mermaid` render it; both are deterministic
(authored order), so a map can be committed and diffed.

What is drawn, and how (the legend of `docs/authoring/graph.md`):

* places, grouped by act (a cluster per act); the start has a thick border;
  hazard candidates are filled and list their hazards;
* exits: solid; conditional exits dashed and labelled with their condition;
  hidden exits dotted; one-way passages bold with an open arrowhead;
* moves by effects (`goto`, `move PLAYER to`): drawn like exits, labelled `goto`;
* endings: distinct nodes, with an edge from every place whose exits, rules, timers or
  hazards can trigger them (from an `anywhere` node when they can happen anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

from zone_game.expr import to_source
from zone_game.flow import Site, effect_sites, place_edges
from zone_game.world import TRUE, World

ANYWHERE = "anywhere"
MAX_CONDITION = 48  # characters of a condition shown on an edge


@dataclass(frozen=True, slots=True)
class MapNode:
    """A place, an ending, or the `anywhere` source of things that can happen anywhere."""

    id: str  # "place:ID", "ending:ID" or "anywhere"
    kind: str  # "place", "ending", "anywhere"
    label: str
    act: str = ""
    start: bool = False
    hazards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MapEdge:
    """A way between places (an exit or a move), or a trigger of an ending."""

    source: str
    target: str
    label: str
    kind: str  # "exit", "move", "ending"
    conditional: bool = False
    hidden: bool = False
    one_way: bool = False


@dataclass(frozen=True, slots=True)
class WorldMap:
    title: str
    acts: tuple[tuple[str, str], ...]  # (act id, title) of acts that have places
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]


def _short(source: str) -> str:
    return source if len(source) <= MAX_CONDITION else source[:MAX_CONDITION - 1] + "…"


def _site_label(verbs: dict[int, str], site: Site) -> str:
    """How a trigger is named on an edge (`verbs`: rule index -> the rule's verb)."""
    if site.kind == "exit":
        return f"exit {site.path[3]}"
    if site.kind == "rule":
        return f"{verbs[int(site.path[1])]} (rule)"
    if site.kind == "hazard":
        return f"hazard {site.path[1]}"
    if site.kind in ("node", "option"):
        return f"dialogue {site.node}"
    return site.kind


def world_map(world: World) -> WorldMap:
    """The drawing of a compiled world."""
    sites = effect_sites(world)
    verbs = {rule.index: rule.verb for rule in world.rules}
    hazards_at: dict[str, list[str]] = {}
    for hazard_id in world.hazards:
        for place_id in world.hazards[hazard_id].candidates:
            hazards_at.setdefault(place_id, []).append(hazard_id)
    nodes = [MapNode(f"place:{p}", "place", f"{world.places[p].name}\n({p})",
                     world.places[p].act, p == world.start, tuple(hazards_at.get(p, ())))
             for p in world.places]
    edges: list[MapEdge] = []
    for place_id in world.places:
        for exit_ in world.places[place_id].exits:
            label = exit_.name
            if exit_.when != TRUE:
                label += f"\nif {_short(to_source(exit_.when))}"
            if exit_.hidden:
                label += "\n(hidden)"
            if exit_.one_way:
                label += "\n(one-way)"
            edges.append(MapEdge(f"place:{place_id}", f"place:{exit_.to}", label, "exit",
                                 conditional=exit_.when != TRUE, hidden=exit_.hidden,
                                 one_way=bool(exit_.one_way)))
    moves, anywhere_moves = place_edges(world, sites)
    uses_anywhere = bool(anywhere_moves)
    for edge in [*moves, *anywhere_moves]:
        if edge.site is None:
            continue  # an exit, drawn above with its details
        source = f"place:{edge.source}" if edge.source else ANYWHERE
        edges.append(MapEdge(source, f"place:{edge.target}",
                             f"goto\n{_site_label(verbs, edge.site)}", "move"))
    triggers: dict[tuple[str, str], list[str]] = {}
    for site in sites:
        for effect in site.effects:
            if effect[0] != "end":
                continue
            label = _site_label(verbs, site)
            if site.places is None:
                uses_anywhere = True
            origins = ([f"place:{p}" for p in site.places] if site.places is not None
                       else [ANYWHERE])
            for origin in origins:
                labels = triggers.setdefault((origin, f"ending:{effect[1]}"), [])
                if label not in labels:
                    labels.append(label)
    edges.extend(MapEdge(origin, target, "\n".join(labels), "ending")
                 for (origin, target), labels in triggers.items())
    for ending_id in world.endings:
        ending = world.endings[ending_id]
        nodes.append(MapNode(f"ending:{ending_id}", "ending",
                             f"{ending.title}\n({ending.kind})"))
    if uses_anywhere:
        nodes.append(MapNode(ANYWHERE, "anywhere", "anywhere"))
    used_acts = {node.act for node in nodes if node.act}
    acts = tuple((act.id, act.title or act.id) for act in world.acts if act.id in used_acts)
    return WorldMap(world.title, acts, tuple(nodes), tuple(edges))


# ---------------------------------------------------------------- Graphviz DOT


def _dot_string(text: str) -> str:
    """A DOT quoted string; newlines become centred line breaks."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_node(node: MapNode) -> str:
    attributes = {"label": node.label}
    if node.kind == "ending":
        attributes.update(shape="doubleoctagon", style="filled", fillcolor="#e8e8ff")
    elif node.kind == "anywhere":
        attributes.update(shape="plaintext", fontcolor="#666666")
    else:
        if node.hazards:
            attributes.update(style="rounded,filled", fillcolor="#ffd6d6",
                              label=f"{node.label}\n⚠ {', '.join(node.hazards)}")
        if node.start:
            attributes.update(penwidth="3")
    body = ", ".join(f"{key}={_dot_string(value)}" for key, value in attributes.items())
    return f"{_dot_string(node.id)} [{body}];"


def _dot_edge(edge: MapEdge) -> str:
    attributes = {"label": edge.label}
    if edge.kind == "ending":
        attributes.update(color="#5555aa", fontcolor="#5555aa", arrowhead="diamond")
    elif edge.kind == "move":
        attributes.update(color="#2a7a2a", fontcolor="#2a7a2a", style="bold")
    else:
        styles = ["dotted" if edge.hidden else "dashed" if edge.conditional else "solid"]
        if edge.one_way:
            styles.append("bold")
            attributes.update(arrowhead="onormal")
        attributes["style"] = ",".join(styles)
    body = ", ".join(f"{key}={_dot_string(value)}" for key, value in attributes.items())
    return f"{_dot_string(edge.source)} -> {_dot_string(edge.target)} [{body}];"


def to_dot(drawing: WorldMap) -> str:
    """The map as a Graphviz digraph (render with `dot -Tsvg`)."""
    lines = [f"digraph {_dot_string(drawing.title)} {{",
             '  graph [rankdir=LR, fontname="Helvetica", compound=true];',
             '  node [shape=box, style=rounded, fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    for act_id, title in drawing.acts:
        lines.append(f"  subgraph {_dot_string('cluster_' + act_id)} {{")
        lines.append(f"    label={_dot_string(title)}; style=rounded; color=\"#999999\";")
        lines.extend(f"    {_dot_node(n)}" for n in drawing.nodes if n.act == act_id)
        lines.append("  }")
    lines.extend(f"  {_dot_node(n)}" for n in drawing.nodes if not n.act)
    lines.extend(f"  {_dot_edge(e)}" for e in drawing.edges)
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- Mermaid


def mermaid_id(node_id: str) -> str:
    """A Mermaid node id: only letters, digits and `_` (ids like `end` or with a colon
    would be read as syntax), kept distinct by the kind prefix."""
    return node_id.replace(":", "_") if node_id != ANYWHERE else "anywhere_"


def _mermaid_text(text: str) -> str:
    """A quoted Mermaid label: quotes and angle brackets as entity codes (Mermaid reads
    labels as HTML), line breaks as <br/>."""
    escaped = (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
               .replace(">", "#gt;").replace("\n", "<br/>"))
    return f'"{escaped}"'


def _mermaid_node(node: MapNode) -> str:
    ident = mermaid_id(node.id)
    label = node.label
    if node.hazards:
        label += f"\n⚠ {', '.join(node.hazards)}"
    if node.kind == "ending":
        return f"{ident}{{{{{_mermaid_text(label)}}}}}"
    if node.kind == "anywhere":
        return f"{ident}(({_mermaid_text(label)}))"
    return f"{ident}({_mermaid_text(label)})"


def to_mermaid(drawing: WorldMap) -> str:
    """The map as a Mermaid `flowchart` (renders in Markdown viewers that support it)."""
    lines = ["flowchart LR"]
    for act_id, title in drawing.acts:
        lines.append(f"  subgraph act_{act_id}[{_mermaid_text(title)}]")
        lines.extend(f"    {_mermaid_node(n)}" for n in drawing.nodes if n.act == act_id)
        lines.append("  end")
    lines.extend(f"  {_mermaid_node(n)}" for n in drawing.nodes if not n.act)
    styles: list[str] = []
    for index, edge in enumerate(drawing.edges):
        arrow = "-->"
        if edge.kind == "ending":
            arrow = "-.->"
            styles.append(f"  linkStyle {index} stroke:#5555aa")
        elif edge.kind == "move":
            arrow = "==>"
            styles.append(f"  linkStyle {index} stroke:#2a7a2a")
        elif edge.one_way:
            arrow = "==>"
        elif edge.hidden or edge.conditional:
            arrow = "-.->"
        if edge.kind == "exit" and edge.hidden:
            styles.append(f"  linkStyle {index} stroke-dasharray:2 4")
        lines.append(f"  {mermaid_id(edge.source)} {arrow}|{_mermaid_text(edge.label)}| "
                     f"{mermaid_id(edge.target)}")
    lines.extend(styles)
    lines.append("  classDef hazard fill:#ffd6d6,stroke:#aa3333")
    lines.append("  classDef ending fill:#e8e8ff,stroke:#5555aa")
    lines.append("  classDef start stroke-width:3px")
    for name, members in (
            ("hazard", [n for n in drawing.nodes if n.hazards]),
            ("ending", [n for n in drawing.nodes if n.kind == "ending"]),
            ("start", [n for n in drawing.nodes if n.start])):
        if members:
            lines.append(f"  class {','.join(mermaid_id(n.id) for n in members)} {name}")
    return "\n".join(lines) + "\n"
