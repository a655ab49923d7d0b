"""The JSON Schema is generated from the format table, and the loader agrees with it:
every bundled world and the test zone validate, and defects fail both."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, TESTZONE

from zone_game import spec
from zone_game.loader import bundled_worlds, load_world_with_problems
from zone_game.schema import schema_text, world_schema
from zone_game.source import read_yaml

SCHEMA_FILE = REPO / "docs" / "world.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema="


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(world_schema())


def document(path: Path) -> Any:
    source = read_yaml(str(path), path.read_text(encoding="utf-8"))
    assert not source.problems, source.problems
    return source.document


def world_dirs() -> list[Path]:
    return [TESTZONE, *bundled_worlds().values()]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = world_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "docs/world.schema.json is stale: run `zone-game schema -o docs/world.schema.json`")


def test_command_prints_the_schema() -> None:
    result = subprocess.run([sys.executable, "-m", "zone_game", "schema"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert json.loads(result.stdout) == world_schema()


def test_every_key_of_the_spec_is_in_the_schema_with_its_doc() -> None:
    defs = world_schema()["$defs"]
    for shape in spec.SHAPES.values():
        properties = defs[shape.name]["properties"]
        assert list(properties) == [key.name for key in shape.keys]
        for key in shape.keys:
            assert properties[key.name]["description"] == key.doc
        assert defs[shape.name]["additionalProperties"] is False
        assert defs[shape.name]["required"] == [k.name for k in shape.keys if k.required]


@pytest.mark.parametrize("world", world_dirs(), ids=lambda p: p.name)
def test_world_files_validate_and_name_the_schema(world: Path) -> None:
    files = sorted(world.glob("*.yaml"))
    assert files
    for path in files:
        errors = [e.message for e in validator().iter_errors(document(path))]
        assert errors == [], f"{path}: {errors}"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_LINE), f"{path} must start with the schema line"
        target = (path.parent / first.removeprefix(SCHEMA_LINE)).resolve()
        assert target == SCHEMA_FILE.resolve()


@pytest.mark.parametrize(("file", "old", "new", "loader_says"), [
    ("places.yaml", "    act: inside\n    description: An old stone well.\n",
     "    act: inside\n    smell: damp\n    description: An old stone well.\n",
     "unknown key 'smell'"),
    ("things.yaml", "    count: 3\n", "    count: three\n", "'count' must be"),
    ("world.yaml", "vars:\n", "variables:\n  x: 1\nvars:\n", "unknown section"),
    ("dialogue.yaml", "  helper_why:\n    speaker: helper\n", "  helper_why:\n",
     "missing the required key 'speaker'"),
    ("things.yaml", "  lamp:\n", "  Lamp:\n", "not a valid id"),
])
def test_a_defect_fails_both_schema_and_loader(tmp_path: Path, file: str, old: str, new: str,
                                               loader_says: str) -> None:
    world = tmp_path / "testzone"
    shutil.copytree(TESTZONE, world)
    text = (world / file).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (world / file).write_text(text.replace(old, new), encoding="utf-8")
    assert list(validator().iter_errors(document(world / file))), "schema accepted a defect"
    compiled, problems = load_world_with_problems(world, use_cache=False)
    assert compiled is None
    assert any(loader_says in p.message for p in problems), [p.message for p in problems]


def test_suggested_words_do_not_narrow_what_is_allowed() -> None:
    rules = {"rules": [{"verb": "go", "direction": "north"},
                       {"verb": "throw", "direction": "ladder", "at": ["yard", "hut"]}],
             "places": {"hut": {"name": "Hut", "description": "A hut.",
                                "exits": {"north": "yard", "ladder": {"to": "loft"}}}}}
    assert list(validator().iter_errors(rules)) == []
    rule = world_schema()["$defs"]["rule"]["properties"]
    assert '"northeast"' in json.dumps(rule["direction"])  # offered to editors
    assert '"examine"' in json.dumps(rule["verb"])


def test_editors_get_markdown_and_suggested_kinds_and_themes() -> None:
    schema = world_schema()
    ending = schema["$defs"]["ending"]["properties"]["kind"]
    assert ending["markdownDescription"] == ending["description"]
    offered = ending["anyOf"][0]["anyOf"][0]["enum"]
    assert offered[:2] == ["neutral", "good"] and "death" in offered
    theme = schema["$defs"]["act"]["properties"]["theme"]
    assert "sepia" in theme["anyOf"][0]["anyOf"][0]["enum"]


EDITORS_DOC = REPO / "docs" / "authoring" / "schema-and-editors.md"


def test_the_command_line_check_of_the_docs_works_as_shown(tmp_path: Path) -> None:
    """schema-and-editors.md's `check_schema.py`, run as its console block shows, prints
    what the block shows; it passes the test zone, and reads `no` as text (YAML 1.2)."""
    import re

    from zone_game.scaffold import scaffold

    doc = EDITORS_DOC.read_text(encoding="utf-8")
    script = re.search(r"```python\n(\"\"\"check_schema\.py.*?)```", doc, re.S)
    shown = re.search(r"```console\n\$ python check_schema\.py (.*?)\n(.*?)```", doc, re.S)
    assert script is not None and shown is not None
    (tmp_path / "check_schema.py").write_text(script.group(1), encoding="utf-8")
    world = scaffold("harbour", tmp_path)
    things = world / "things.yaml"
    assert things.read_text().count("    at: orchard\n") == 1
    things.write_text(things.read_text().replace("    at: orchard\n",
                                                 "    at: orchard\n    count: two\n"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "check_schema.py", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    files = sorted(str(p.relative_to(tmp_path)) for p in world.glob("*.yaml"))
    result = run("harbour/world.schema.json", *files)
    assert shown.group(1).split()[0] == "harbour/world.schema.json"
    assert (result.returncode, result.stdout) == (1, shown.group(2)), result.stderr
    zone = sorted(str(p) for p in TESTZONE.glob("*.yaml"))
    assert run(str(SCHEMA_FILE), *zone).returncode == 0
    places = world / "places.yaml"
    assert "    description: Brown water slides past the boards.\n" in places.read_text()
    places.write_text(places.read_text().replace(
        "    description: Brown water slides past the boards.\n", "    description: no\n"))
    things.write_text(things.read_text().replace("    count: two\n", ""))
    clean = run("harbour/world.schema.json", *files)
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stdout
