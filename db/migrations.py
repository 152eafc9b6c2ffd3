"""Running the register's alembic migrations from code: the CLI, the app's start-up and the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command, op
from alembic.config import Config
from alembic.operations import BatchOperations
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An alembic configuration for the register's migrations, bound to a URL or an open connection."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if url is not None:
        config.attributes["url"] = url
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate the engine's database up to a revision (by default the newest)."""
    await _migrate(engine, lambda config: command.upgrade(config, revision))


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Migrate the engine's database down to a revision (by default nothing at all)."""
    await _migrate(engine, lambda config: command.downgrade(config, revision))


async def _migrate(engine: AsyncEngine, step: Callable[[Config], None]) -> None:
    async with engine.connect() as connection:
        # SQLite's batch mode drops and recreates tables that other rows point at, which a foreign key
        # checked at the drop refuses; SQLite's own recipe switches the checks off for the copy (possible only
        # outside a transaction, hence on the driver's connection) and checks the whole database before commit.
        driver = (await connection.get_raw_connection()).driver_connection if engine.dialect.name == "sqlite" else None
        if driver is not None:
            await driver.execute("PRAGMA foreign_keys=OFF")
        try:
            async with connection.begin():
                await connection.run_sync(lambda sync: step(alembic_config(connection=sync)))
                if driver is not None:
                    broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise RuntimeError(f"The migration would leave rows pointing at nothing: {broken[:5]}")
        finally:
            if driver is not None:
                await driver.execute("PRAGMA foreign_keys=ON")


@contextmanager
def sqlite_indexes_kept(table: str) -> Iterator[None]:
    """Wrap a batch operation that recreates a table so that its expression indexes survive on SQLite.

    SQLite's batch mode copies the table through reflection, and reflection cannot see indexes on
    expressions (the keyset order indexes), so the copy would silently lose them; they are recreated from
    the SQL SQLite kept for them. (To drop an expression index on purpose, use op.drop_index outside a batch.)
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
    saved = [(name, sql) for name, sql in bind.exec_driver_sql(query, (table,)).all() if _on_expression(name)]
    yield
    present = {name for name, _ in bind.exec_driver_sql(query, (table,)).all()}
    for name, sql in saved:
        if name not in present:
            bind.exec_driver_sql(sql)


def _on_expression(index: str) -> bool:
    # SQLite reports an expression column of an index with column id -2.
    return any(row[1] == -2 for row in op.get_bind().exec_driver_sql(f'PRAGMA index_xinfo("{index}")').all())


@contextmanager
def batch_alter_table(table: str) -> Iterator[BatchOperations]:
    """`op.batch_alter_table` that keeps the table's expression indexes on SQLite: use it in every migration."""
    with sqlite_indexes_kept(table), op.batch_alter_table(table) as batch:
        yield batch
