"""Room in SQLite's page cache for one big write, such as an import, given back when the write is over.

A write is one transaction, so every page it touches stays dirty until it commits. SQLite's cache holds 2 MB of
pages by default; past that, it spills dirty pages to the write-ahead log and reads back from there the index
pages it needs again. An import of 100,000 contracts touches some 280 MB of pages, and `contract`'s indexes are
inserted into at random, so with the default cache SQLite spent three times as long on the import's INSERTs as
with room for them (56.8 s of CPU against 15.8 s for the rows and history of 100,000 contracts): the write-ahead
log grew to five times the data written, one copy of a hot index page after another.

The room is taken only for the write, on its own connection, and given back after it (SQLite then frees the
pages beyond the old size), so a server's pooled connections do not each keep hundreds of megabytes.
PostgreSQL's buffers belong to the server, so on PostgreSQL this does nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["WRITE_CACHE_KIB", "room_to_write"]

# Enough for the indexes of a register of several hundred thousand contracts, and the pages of a batch.
WRITE_CACHE_KIB = 256 * 1024


@asynccontextmanager
async def room_to_write(session: AsyncSession, kib: int = WRITE_CACHE_KIB) -> AsyncIterator[None]:
    """Give the session's SQLite connection a page cache of ``kib`` KiB while the block runs, then the old size."""
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = await connection.scalar(text("PRAGMA cache_size"))
    # A negative size is in KiB rather than pages, so it holds whatever the page size.
    await connection.exec_driver_sql(f"PRAGMA cache_size = {-abs(int(kib))}")
    try:
        yield
    finally:
        # A connection lost in the block is thrown away, cache and all; one kept goes back to the pool as it was.
        if not connection.invalidated:
            await connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")
