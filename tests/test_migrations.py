"""The migrations build the whole register from nothing, take it all down again, and match the models."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker

from db import models
from db.base import Base
from db.migrations import alembic_config, downgrade, upgrade
from db.seed import seed_register
from db.version import read_version
from tests.conftest import Database


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
    with warnings.catch_warnings():
        # SQLite cannot reflect expression indexes, so autogenerate skips them there (PostgreSQL compares them).
        warnings.filterwarnings("ignore", message="autogenerate skipping metadata-specified expression-based index")
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        return list(compare_metadata(context, Base.metadata))


async def test_upgrade_builds_every_table_and_downgrade_removes_them(empty_database: Database) -> None:
    # given an empty database
    engine = empty_database.engine()
    try:
        # when it is upgraded to head
        await upgrade(engine)
        async with engine.connect() as connection:
            built = await connection.run_sync(_tables)
        # then every table of the models exists
        assert built == set(Base.metadata.tables)

        # when it is downgraded to base, then nothing of the register is left
        await downgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()

        # and it can be built again
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set(Base.metadata.tables)
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree(empty_database: Database) -> None:
    # given a database built by the migrations alone
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        # when autogenerate compares it with the models, then it finds nothing to change
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await engine.dispose()


def _index_names(connection: Connection) -> set[str]:
    # Read from the catalogue, since reflection cannot see expression indexes on SQLite.
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return {name for (name,) in connection.exec_driver_sql(query).all()}


async def test_every_index_of_the_models_survives_the_migrations(empty_database: Database) -> None:
    # given a database migrated up, down one step and up again (batch copies of tables on SQLite)
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        await downgrade(engine, "-1")
        await upgrade(engine)
        # then every index the models declare for this database is there, the keyset order indexes on expressions
        # and PostgreSQL's GiST indexes for the pipeline included
        async with engine.connect() as connection:
            dialect = connection.dialect.name
            declared = {
                index.name
                for table in Base.metadata.tables.values()
                for index in table.indexes
                if index._ddl_if is None or index._ddl_if.dialect in (None, dialect)
            }
            assert declared - await connection.run_sync(_index_names) == set()
        assert ("ix_contract_end_days" in declared) == (dialect == "postgresql")
    finally:
        await engine.dispose()


async def test_a_seeded_register_migrates_down_and_up_again_with_its_data(empty_database: Database) -> None:
    # given a register migrated to head and seeded from the papers
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine)() as session:
            await seed_register(session)
            await session.commit()
            before = await session.scalar(select(func.count()).select_from(models.Contract))

        # when it is migrated down to the first revision (tables recreated on SQLite) and up again
        await downgrade(engine, "0001")
        await upgrade(engine)

        # then its contracts are all there; seeding again creates nothing, only restores the readings of the papers
        # and cabinet members that 0013_papers's columns held (a downgrade past it drops them), and after that
        # finds nothing to change
        async with async_sessionmaker(engine)() as session:
            assert await session.scalar(select(func.count()).select_from(models.Contract)) == before
            report = await seed_register(session)
            assert report.total.created == 0
            await session.commit()
            report = await seed_register(session)
            assert (report.total.created, report.total.updated) == (0, 0)
    finally:
        await engine.dispose()


async def test_sqlite_timestamps_written_without_an_offset_are_read_as_utc_after_the_migration(
    empty_database: Database,
) -> None:
    # given a seeded register taken back to before timestamps said they were UTC, with a change recorded then
    engine = empty_database.engine()
    sqlite = empty_database.backend == "sqlite"
    utc_revision = "0008_utc"
    before_utc = ScriptDirectory.from_config(alembic_config()).get_revision(utc_revision).down_revision
    assert isinstance(before_utc, str)
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine)() as session:
            await seed_register(session)
            await session.commit()
            created = await session.scalar(select(models.Contract.created_at).order_by(models.Contract.id).limit(1))
        await downgrade(engine, before_utc)
        async with engine.begin() as connection:
            legacy = await connection.scalar(text("SELECT created_at FROM contract ORDER BY id LIMIT 1"))
            await connection.execute(
                text(
                    "INSERT INTO change (actor, record_table, record_id, kind, version, before, after, at) "
                    "VALUES ('finance-system', 'contract', 1, 'UPDATE', 2, :before, :after, :at)"
                ),
                {
                    "before": json.dumps({"id": 1, "updated_at": "2026-07-01T10:00:00.123456"}),
                    "after": json.dumps(
                        {"id": 1, "updated_at": "2026-07-01T11:00:00+00:00", "end_earliest": "2025-12-01"}
                    ),
                    "at": "2026-07-01 11:00:00.000000" if sqlite else datetime(2026, 7, 1, 11, tzinfo=UTC),
                },
            )

        # when it is migrated up again
        await upgrade(engine)

        # then every timestamp reads back as the same instant in UTC, and SQLite's history snapshots say UTC too
        # (PostgreSQL's always did: its timestamps were read back with their zone)
        async with async_sessionmaker(engine)() as session:
            again = await session.scalar(select(models.Contract.created_at).order_by(models.Contract.id).limit(1))
            change = await session.scalar(select(models.Change).where(models.Change.actor == "finance-system"))
        assert created is not None and again == created and again.tzinfo is not None
        assert change is not None and change.at == datetime(2026, 7, 1, 11, tzinfo=UTC)
        offset = "+00:00" if sqlite else ""
        assert change.before == {"id": 1, "updated_at": f"2026-07-01T10:00:00.123456{offset}"}
        assert change.after["end_earliest"] == "2025-12-01"
        if sqlite:
            assert "+" not in str(legacy)
            async with engine.connect() as connection:
                stored = await connection.scalar(text("SELECT created_at FROM contract ORDER BY id LIMIT 1"))
            assert str(stored).endswith("+00:00")
    finally:
        await engine.dispose()


async def test_the_registers_version_written_before_it_said_utc_reads_as_the_same_instant(
    empty_database: Database,
) -> None:
    # given the register taken back to before its version's moment said it was UTC, the version written then
    engine = empty_database.engine()
    sqlite = empty_database.backend == "sqlite"
    try:
        await upgrade(engine)
        await downgrade(engine, "0008_utc")
        async with engine.begin() as connection:
            moment = "2026-07-01 11:00:00.000000" if sqlite else datetime(2026, 7, 1, 11, tzinfo=UTC)
            await connection.execute(text("UPDATE register_version SET changed_at = :at"), {"at": moment})

        # when it is migrated up again
        await upgrade(engine)

        # then the version reads back as that instant in UTC, and SQLite's row now says so
        async with async_sessionmaker(engine)() as session:
            version = await read_version(session)
        assert version.changed_at == datetime(2026, 7, 1, 11, tzinfo=UTC)
        async with engine.connect() as connection:
            stored = await connection.scalar(text("SELECT changed_at FROM register_version"))
        if sqlite:
            assert stored == "2026-07-01 11:00:00.000000+00:00"

        # and taken down again, SQLite's row is as the earlier code wrote it
        await downgrade(engine, "0008_utc")
        async with engine.connect() as connection:
            stored = await connection.scalar(text("SELECT changed_at FROM register_version"))
        assert stored == ("2026-07-01 11:00:00.000000" if sqlite else datetime(2026, 7, 1, 11, tzinfo=UTC))
    finally:
        await engine.dispose()
