"""A request answered early (a failing required field) leaves no database connection behind."""

from __future__ import annotations

import asyncio

from db.settings import Settings
from tests.api.conftest import LiveRegister, running

# `pipeline` is required and its window is bad, so the response goes out while `directorates` still reads.
ANSWERED_EARLY = '{ directorates { totalCount } pipeline(from: "Q5 2017") { from } }'


async def test_a_request_answered_while_a_sibling_field_reads_gives_its_connection_back(
    live_register: LiveRegister,
) -> None:
    # given the register on an engine of its own
    async with live_register.app(Settings()) as live, running(live.app) as client:
        # when a request fails a required field while another field reads
        for _ in range(5):
            response = await client.post("/graphql", json={"query": ANSWERED_EARLY})
            assert response.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"

        # then once the reads still running have finished, every connection is back in the pool
        for _ in range(100):
            if live.engine.pool.checkedout() == 0:  # type: ignore[attr-defined]
                break
            await asyncio.sleep(0.05)
        assert live.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
