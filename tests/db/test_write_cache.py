"""An import's room in SQLite's page cache: taken for the import, and given back whether it is accepted or not."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.exchange import ImportRejected
from db.transparency import import_transparency_csv
from db.write_cache import WRITE_CACHE_KIB, room_to_write

HEADER = "Reference Number,Title of Agreement,Supplier Name,Value of Contract,Start Date,End Date\n"


async def cache_size(session: AsyncSession) -> int | None:
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        return None
    return int(await session.scalar(text("PRAGMA cache_size")) or 0)


async def test_the_room_is_the_connections_only_while_the_write_runs(session: AsyncSession) -> None:
    before = await cache_size(session)

    async with room_to_write(session):
        during = await cache_size(session)

    assert await cache_size(session) == before
    assert during == (None if before is None else -WRITE_CACHE_KIB)


async def test_an_accepted_or_rejected_import_leaves_the_cache_as_it_found_it(session: AsyncSession) -> None:
    before = await cache_size(session)

    good = [HEADER, 'ROOM-1,Street lighting,Lamps Ltd,"£12,000",01/04/2022,31/03/2025\n']
    report = await import_transparency_csv(session, good, actor="test", source_name="room.csv")
    assert report.created == 1
    assert await cache_size(session) == before

    bad = [HEADER, 'ROOM-2,Street lighting,Lamps Ltd,"£12,000",01/04/2022,31/02/2025\n']
    with pytest.raises(ImportRejected):
        await import_transparency_csv(session, bad, actor="test", source_name="room.csv")
    assert await cache_size(session) == before
