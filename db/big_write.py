"""What the database is told for one big write, such as an import, and told back when the write is over.

**SQLite: room in its page cache.** A write is one transaction, so every page it touches stays dirty until it
commits. SQLite's cache holds 2 MB of pages by default; past that, it spills dirty pages to the write-ahead log and
reads back from there the index pages it needs again. An import of 100,000 contracts touches some 280 MB of
pages, and `contract`'s indexes are inserted into at random, so with the default cache SQLite spent three times as
long on the import's INSERTs as with room for them (56.8 s of CPU against 15.8 s for the rows and history of
100,000 contracts): the write-ahead log grew to five times the data written, one copy of a hot index page after
another. The room is taken on the write's own connection and given back after it (SQLite then frees the pages
beyond the old size), so a server's pooled connections do not each keep hundreds of megabytes.

**PostgreSQL: a plan for each statement as the tables are now.** A prepared statement run more than five times
may be given a generic plan, chosen once for the tables as they were. An import into an empty register looks up
each batch's references in a table it is filling: the plan chosen while the table was empty scanned all of it,
comparing each row with the batch's 500 references one by one, and the 200th batch of 100,000 rows took
3 s. Plans made afresh for each statement (`plan_cache_mode`), for this transaction only, use the index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

__all__ = ["WRITE_CACHE_KIB", "big_write"]

# Enough for the indexes of a register of several hundred thousand contracts, and the pages of a batch.
WRITE_CACHE_KIB = 256 * 1024


@asynccontextmanager
async def big_write(session: AsyncSession, kib: int = WRITE_CACHE_KIB) -> AsyncIterator[None]:
    """Tell the session's database that a big write runs in the block: on SQLite a page cache of ``kib`` KiB, on
    PostgreSQL a fresh plan for each statement; as it was, after."""
    connection = await session.connection()
    if connection.dialect.name == "sqlite":
        setting, value = "cache_size", str(-abs(int(kib)))
    else:
        setting, value = "plan_cache_mode", "force_custom_plan"
    before = await _read(connection, setting)
    await _write(connection, setting, value)
    try:
        yield
    finally:
        # A connection lost in the block is thrown away, settings and all; one kept goes back as it was.
        if not connection.invalidated:
            await _write(connection, setting, before)


async def _read(connection: AsyncConnection, setting: str) -> str:
    if connection.dialect.name == "sqlite":
        return str(await connection.scalar(text(f"PRAGMA {setting}")))
    return str(await connection.scalar(text("SELECT current_setting(:setting)"), {"setting": setting}))


async def _write(connection: AsyncConnection, setting: str, value: str) -> None:
    if connection.dialect.name == "sqlite":
        # A negative cache size is in KiB rather than pages, so it holds whatever the page size.
        await connection.exec_driver_sql(f"PRAGMA {setting} = {int(value)}")
    else:
        # Local to the transaction: a rollback puts it back too.
        await connection.execute(
            text("SELECT set_config(:setting, :value, true)"), {"setting": setting, "value": value}
        )
