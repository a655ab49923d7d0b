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
