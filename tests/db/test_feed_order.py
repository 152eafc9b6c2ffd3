"""The change feed's order on PostgreSQL: a change written first but committed last is never overtaken.

Writers on PostgreSQL overlap, so the feed cannot be ordered by when a change row was inserted: a change that
took its number first and commits last would appear behind a consumer that had read past it. The register's
version row settles it: a writer advances it before its first change and holds it to commit, so a second writer
waits for the first to commit before it can write a change at all, and its changes number higher. (SQLite takes
the write lock at BEGIN, so its writers never overlap in the first place.)
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db import models
from db.history import record_change
from db.migrations import upgrade
from db.models import ChangeKind, ProviderKind
from tests.conftest import Database

change = models.Change.__table__


async def _add_provider(session: AsyncSession, name: str) -> None:
    provider = models.Provider(name=name, kind=ProviderKind.SUPPLIER.value)
    session.add(provider)
    await record_change(session, provider, actor="feed test", kind=ChangeKind.CREATE, before=None)
    await session.flush()


async def _feed(engine: AsyncEngine) -> list[tuple[str, int]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(change.c.after["name"].as_string(), change.c.register_version).order_by(
                change.c.register_version, change.c.id
            )
        )
        return [(name, version) for name, version in rows.all()]


async def _waiting_for_a_lock(engine: AsyncEngine, application: str) -> None:
    # Polled, not timed: the second writer is seen queued on the first's lock before the first commits.
    async with engine.connect() as connection:
        while not (
            await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name AND wait_event_type = 'Lock'"
                ),
                {"name": application},
            )
        ):
            await asyncio.sleep(0.01)


async def test_a_change_written_first_and_committed_last_comes_before_one_written_while_it_waited(
    empty_database: Database,
) -> None:
    if empty_database.backend != "postgresql":
        pytest.skip("SQLite takes the write lock at BEGIN: its writers never overlap, so there is no race to order")
    engine = empty_database.engine()
    await upgrade(engine)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        # given a writer that has written a change and not yet committed
        async with sessions() as first:
            await _add_provider(first, "Written first")

            # when a second writer writes while the first is still open
            async def second_writer() -> None:
                async with sessions() as second:
                    await _add_provider(second, "Written second")
                    await second.commit()

            second = asyncio.create_task(second_writer())
            await _waiting_for_a_lock(engine, empty_database.schema)

            # then a reader sees neither yet, and the second waits on the first rather than committing ahead of it
            assert await _feed(engine) == []
            assert not second.done()
            await first.commit()
        await second

        # and once both commit, the first written comes first, with a lower version than the second
        (first_name, first_version), (second_name, second_version) = await _feed(engine)
        assert (first_name, second_name) == ("Written first", "Written second")
        assert first_version < second_version
    finally:
        await engine.dispose()
