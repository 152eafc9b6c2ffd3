"""The engine's time limits as wired, not only as configured: a cancelled statement really stops on SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from db.engine import make_engine

# Counts to three million, one row at a time: seconds of work, where stopping it takes a moment.
ROWS = 3_000_000
LONG = f"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {ROWS}) SELECT count(tick(x)) FROM n"


async def test_a_cancelled_sqlite_statement_stops_instead_of_running_on_in_the_drivers_thread(
    tmp_path: Path,
) -> None:
    # given a SQLite engine whose connections count each row a statement reaches
    engine = make_engine(f"sqlite:///{tmp_path / 'register.db'}")
    ticks = [0]

    def tick(_x: Any) -> int:
        ticks[0] += 1
        return 1

    @event.listens_for(engine.sync_engine, "connect")
    def count_rows(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.run_async(lambda connection: connection.create_function("tick", 1, tick))

    try:
        # when a long statement is cancelled part-way, as a request past its limit or whose client left is
        async def long() -> None:
            async with engine.connect() as connection:
                await connection.execute(text(LONG))

        running = asyncio.create_task(long())
        async with asyncio.timeout(10):
            while ticks[0] < 1000:
                await asyncio.sleep(0.01)
        running.cancel()
        async with asyncio.timeout(10):
            await asyncio.gather(running, return_exceptions=True)

        # then SQLite has stopped it short of its end, and it reaches no more rows
        stopped_at = ticks[0]
        await asyncio.sleep(0.3)
        assert ticks[0] == stopped_at < ROWS

        # and the engine goes on serving statements
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT 1")) == 1
    finally:
        await engine.dispose()
