"""The collector is paused only for the block, whatever happens in it."""

from __future__ import annotations

import gc

import pytest

from zone_game.collector import collector_paused


def test_the_collector_is_on_again_after_the_block_even_after_an_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("bad file")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
