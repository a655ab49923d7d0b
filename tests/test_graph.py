"""`zone-game graph`: the compiled world's map, as DOT that Graphviz renders and as a
well-formed Mermaid flowchart."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import TESTZONE

from zone_game.graph import MapEdge, to_dot, to_mermaid, world_map
from zone_game.loader import load_world
from zone_game.world import World

TRICKY = """\
world:
  id: tricky
  title: A "Tricky" <World>
  start: end
  player: me
characters:
  me:
    name: you
    talk: hello
dialogue:
  hello:
    speaker: me
    lines: [Enough.]
    do: end subgraph
places:
  end:
    name: The "End" <of> & all
    description: A room named like a keyword.
    exits:
      north:
        to: class
        when: turn > 2 and turn < 9
  class:
    name: Class -> Room
    description: Another.
    exits:
      south: end
endings:
  subgraph:
    title: Over; [done] {really}
    text: Done.
"""


def edge(drawing_edges: tuple[MapEdge, ...], source: str, target: str) -> MapEdge:
    [found] = [e for e in drawing_edges if (e.source, e.target) == (source, target)]
    return found


def test_map_of_the_test_zone(testzone: World) -> None:
    drawing = world_map(testzone)
    places = [n for n in drawing.nodes if n.kind == "place"]
    assert [n.id for n in places] == [f"place:{p}" for p in testzone.places]
    assert [n.id for n in places if n.start] == ["place:hut"]
    assert {n.id: n.hazards for n in places if n.hazards} == {
        "place:hollow": ("anomaly", "burn"), "place:ridge": ("anomaly", "burn")}
    east = edge(drawing.edges, "place:yard", "place:gate")
    assert east.conditional and "if gate_open" in east.label
    assert edge(drawing.edges, "place:hut", "place:cellar").hidden
    assert edge(drawing.edges, "place:gate", "place:meadow").one_way
    triggers = {(e.source, e.target) for e in drawing.edges if e.kind == "ending"}
    assert triggers == {("place:yard", "ending:stayed"), ("place:yard", "ending:caught"),
                        ("place:well", "ending:reached"), ("place:hollow", "ending:died"),
                        ("place:ridge", "ending:died")}
    assert drawing.acts == (("outside", "Outside"), ("inside", "Inside the Zone"))


def test_map_comes_from_the_compiled_world_even_from_the_cache(tmp_path: Path) -> None:
    fresh = load_world(TESTZONE, use_cache=True)  # compiles and writes the cache
    cached = load_world(TESTZONE, use_cache=True)  # read back from JSON, no YAML
    assert to_dot(world_map(cached)) == to_dot(world_map(fresh))


def test_dot_renders_with_graphviz(testzone: World, tmp_path: Path) -> None:
    dot = shutil.which("dot")
    assert dot is not None, "Graphviz `dot` is required (apt-get install graphviz)"
    text = to_dot(world_map(testzone))
    assert 'style="dashed"' in text and 'style="dotted"' in text
    assert 'arrowhead="onormal"' in text and 'shape="doubleoctagon"' in text
    assert 'subgraph "cluster_outside"' in text
    result = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout and "The Hut" in result.stdout


def write_tricky(tmp_path: Path) -> Path:
    path = tmp_path / "tricky.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    return path


def test_dot_escapes_awkward_names(tmp_path: Path) -> None:
    dot = shutil.which("dot")
    assert dot is not None, "Graphviz `dot` is required (apt-get install graphviz)"
    world = load_world(write_tricky(tmp_path), use_cache=False)
    text = to_dot(world_map(world))
    assert '\\"End\\"' in text
    result = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    # A dialogue can end the story anywhere: the ending hangs from the `anywhere` node.
    assert '"anywhere" -> "ending:subgraph"' in text


MERMAID_ID = re.compile(r"[A-Za-z0-9_]+\Z")
NODE = re.compile(r"^\s+([A-Za-z0-9_]+)(\(\(|\{\{|\()\"([^\"]*)\"(\)\)|\}\}|\))$")
EDGE = re.compile(r"^\s+([A-Za-z0-9_]+) (-->|-\.->|==>)\|\"([^\"]*)\"\| ([A-Za-z0-9_]+)$")


def check_mermaid(text: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Parse our Mermaid subset strictly: (defined node ids, edges)."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: set[str] = set()
    edges: list[tuple[str, str]] = []
    depth = 0
    for line in lines[1:]:
        if line.strip().startswith("subgraph "):
            assert re.fullmatch(r"\s+subgraph act_[a-z0-9_]+\[\"[^\"]*\"\]", line), line
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0
        elif match := NODE.match(line):
            assert match.group(1) not in nodes, f"node defined twice: {line}"
            nodes.add(match.group(1))
        elif match := EDGE.match(line):
            edges.append((match.group(1), match.group(4)))
        else:
            assert re.fullmatch(r"\s+(linkStyle \d+ [^;]+|classDef \w+ \S+|class [\w,]+ \w+)",
                                line), f"unexpected line: {line!r}"
    assert depth == 0
    for source, target in edges:
        assert source in nodes and target in nodes, (source, target)
    assert all(MERMAID_ID.match(n) for n in nodes)
    return nodes, edges


def test_mermaid_structure_of_the_test_zone(testzone: World) -> None:
    text = to_mermaid(world_map(testzone))
    nodes, edges = check_mermaid(text)
    assert {f"place_{p}" for p in testzone.places} | {
        f"ending_{e}" for e in testzone.endings} == nodes
    assert ("place_yard", "place_gate") in edges
    assert '-.->|"east<br/>if gate_open"|' in text
    assert "==>|\"east<br/>(one-way)\"|" in text
    link_count = len(edges)
    assert all(int(n) < link_count for n in re.findall(r"linkStyle (\d+)", text))


def test_mermaid_escapes_ids_and_labels(tmp_path: Path) -> None:
    world = load_world(write_tricky(tmp_path), use_cache=False)
    text = to_mermaid(world_map(world))
    nodes, _ = check_mermaid(text)
    assert {"place_end", "place_class", "ending_subgraph", "anywhere_"} == nodes
    assert "The #quot;End#quot; #lt;of#gt; #amp; all" in text
    assert "if turn #gt; 2 and turn #lt; 9" in text


def test_command_writes_both_formats(tmp_path: Path) -> None:
    for fmt, first in (("dot", 'digraph "The Test Zone" {'), ("mermaid", "flowchart LR")):
        out = tmp_path / f"map.{fmt}"
        result = subprocess.run([sys.executable, "-m", "zone_game", "graph", str(TESTZONE),
                                 "--format", fmt, "-o", str(out)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert out.read_text(encoding="utf-8").splitlines()[0] == first
    broken = tmp_path / "broken.yaml"
    broken.write_text("places: {}\n")
    result = subprocess.run([sys.executable, "-m", "zone_game", "graph", str(broken)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "error" in result.stderr


def test_moves_by_effects_are_drawn(tmp_path: Path) -> None:
    world_dir = tmp_path / "testzone"
    shutil.copytree(TESTZONE, world_dir)
    things = world_dir / "things.yaml"
    text = things.read_text()
    old = "    do: [reveal hut.down, set trapdoor_open]\n"
    assert text.count(old) == 1
    things.write_text(text.replace(old, old.replace("]", ", goto well]")))
    drawing = world_map(load_world(world_dir, use_cache=False))
    move = edge(drawing.edges, "place:hut", "place:well")
    assert move.kind == "move" and "pull (rule)" in move.label

