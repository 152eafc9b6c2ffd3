"""What a big write tells the database (SQLite's page cache, PostgreSQL's plans): for the write only, and given
back whether an import is accepted or not."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.big_write import WRITE_CACHE_KIB, big_write
from db.exchange import ImportRejected
from db.transparency import import_transparency_csv

HEADER = "Reference Number,Title of Agreement,Supplier Name,Value of Contract,Start Date,End Date\n"


async def told(session: AsyncSession) -> str:
    """What the database was told: SQLite's cache size, PostgreSQL's plan cache mode."""
    if (await session.connection()).dialect.name == "sqlite":
        return str(await session.scalar(text("PRAGMA cache_size")))
    return str(await session.scalar(text("SELECT current_setting('plan_cache_mode')")))


async def test_the_database_is_told_only_while_the_write_runs(session: AsyncSession) -> None:
    before = await told(session)

    async with big_write(session):
        during = await told(session)

    assert await told(session) == before
    assert during in (str(-WRITE_CACHE_KIB), "force_custom_plan")
    assert during != before


async def test_an_accepted_or_rejected_import_leaves_the_database_as_it_found_it(session: AsyncSession) -> None:
    before = await told(session)

    good = [HEADER, 'ROOM-1,Street lighting,Lamps Ltd,"£12,000",01/04/2022,31/03/2025\n']
    report = await import_transparency_csv(session, good, actor="test", source_name="room.csv")
    assert report.created == 1
    assert await told(session) == before

    bad = [HEADER, 'ROOM-2,Street lighting,Lamps Ltd,"£12,000",01/04/2022,31/02/2025\n']
    with pytest.raises(ImportRejected):
        await import_transparency_csv(session, bad, actor="test", source_name="room.csv")
    assert await told(session) == before
