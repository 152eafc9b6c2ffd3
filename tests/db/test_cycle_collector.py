"""The cycle collector's threshold during bulk writes: raised once for all of them, put back after the last."""

from __future__ import annotations

import gc

import pytest

from db.cycle_collector import BULK_THRESHOLD, fewer_collections


def test_overlapping_bulk_writes_raise_the_threshold_once_and_the_last_puts_it_back() -> None:
    before = gc.get_threshold()
    first, second = fewer_collections(), fewer_collections()

    first.__enter__()
    assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
    second.__enter__()
    first.__exit__(None, None, None)
    # the second write is still running, so the threshold stays raised
    assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
    second.__exit__(None, None, None)

    assert gc.get_threshold() == before


def test_a_write_that_fails_puts_the_threshold_back() -> None:
    before = gc.get_threshold()

    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the write failed")

    assert gc.get_threshold() == before
