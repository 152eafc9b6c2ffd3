"""Alembic's entry point for the register: migrate a passed-in connection, else the DATABASE_URL database."""

import asyncio
import os
import warnings

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection

import db.models  # noqa: F401  (registers every table on the metadata)
from db.base import Base
from db.engine import make_engine
from db.settings import Settings

config = context.config
target_metadata = Base.metadata


def do_run_migrations(connection: Connection) -> None:
    # Batch mode lets SQLite alter tables by copying them; PostgreSQL ignores it.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction(), warnings.catch_warnings():
        # SQLite cannot reflect expression indexes when batch mode copies a table; the migrations restore
        # them (db.migrations.batch_alter_table), so the warning is expected and not worth alarming anyone.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        context.run_migrations()


async def run_async_migrations(url: str) -> None:
    engine = make_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
        await connection.commit()
    await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
        return
    url = config.attributes.get("url") or Settings.from_environ(os.environ).database_url
    asyncio.run(run_async_migrations(url))


if context.is_offline_mode():
    raise SystemExit("The register's migrations run against a database; offline SQL is not supported.")
run_migrations_online()
