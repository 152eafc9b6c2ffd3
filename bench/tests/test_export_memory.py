"""The server's memory while it streams the OCDS export does not grow with the register.

A register of 100,000 contracts takes minutes to generate and export, too long for the suite; this builds one
register and one four times its size, and compares how far the server's peak memory rises while it streams
each (the in-memory export it replaced rose about 10 kB a contract: some 30 MB more for the larger one here).
The 100,000-contract figures come from `python -m bench.export_memory` and are in bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.export_memory import MB, measure
from bench.generate import Sizes, generate

SMALL = Sizes(contracts=1_000, providers=50, activities=200, plans=12)
LARGE = Sizes(contracts=4_000, providers=200, activities=800, plans=12)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the server's memory from /proc")
async def test_streaming_the_package_of_a_register_four_times_larger_takes_no_more_memory(tmp_path: Path) -> None:
    # given a register and one four times its size
    small, large = f"sqlite:///{tmp_path / 'small.db'}", f"sqlite:///{tmp_path / 'large.db'}"
    await generate(small, 1, SMALL)
    await generate(large, 1, LARGE)

    # when the server streams each register's package
    on_small, on_large = measure(small), measure(large)

    # then the larger package is larger, but the server's peak rose by about as much for both
    assert on_large.built.size > 3 * on_small.built.size
    assert on_large.growth < on_small.growth + 12 * MB, f"small:\n{on_small}\nlarge:\n{on_large}"
    # and the stored copy is what a second caller gets
    assert on_large.stored.size == on_large.built.size
