"""The second bundled world, YAML only: clean, and its walkthroughs reach every ending."""

from __future__ import annotations

import json

import pytest

from zone_game.cli import main


def test_lighthouse_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "lighthouse"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("lighthouse: ok (11 places")
    assert captured.err == ""


def test_lighthouse_walkthroughs_pass_and_cover_everything(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "lighthouse", "--coverage", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {w["name"]: w["status"] for w in report["walkthroughs"]} == {
        "abandoned": "passed", "aground": "passed", "drowned": "passed",
        "safe_passage": "passed", "wreck": "passed"}
    for category in ("places", "exits", "dialogue_nodes", "hazards", "endings"):
        assert report["coverage"][category]["missing"] == [], category
    assert report["coverage"]["endings"]["total"] == 5


@pytest.mark.parametrize("name", ["lighthouse", "stalker"])
def test_the_bundled_intros_are_paragraphs_not_broken_lines(name: str) -> None:
    """An intro's line breaks are kept and then wrapped again, so a `|` block leaves
    one-word stubs ("with a") in plain mode; a `>` block with two blank lines between
    paragraphs (docs/world-format.md) keeps only the paragraph breaks."""
    from zone_game.loader import load_world

    for _condition, parts in load_world(name).intro:
        text = "".join(part for part in parts if isinstance(part, str))
        paragraphs = text.strip().split("\n\n")
        assert len(paragraphs) >= 2
        assert all("\n" not in paragraph for paragraph in paragraphs), paragraphs
