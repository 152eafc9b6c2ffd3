"""Engines and sessions for the register's database: SQLite embedded, PostgreSQL in production."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def async_url(url: str) -> str:
    """The URL with the register's async driver for its database, whatever driver (if any) it named."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"DATABASE_URL {parsed.render_as_string()!r} is neither SQLite nor PostgreSQL")
    return parsed.set(drivername=_ASYNC_DRIVERS[backend]).render_as_string(hide_password=False)


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless each connection asks; WAL lets readers run beside a writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # The sqlite3 driver's legacy mode defers BEGIN to the first INSERT, so a SAVEPOINT before it runs outside
    # any transaction and its release commits. SQLAlchemy emits BEGIN itself instead (see _begin), so a rejected
    # write rolls back to its savepoint and a rolled-back transaction undoes everything in it.
    dbapi_connection.isolation_level = None


def _begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for the register's database, with SQLite's foreign keys switched on."""
    engine = create_async_engine(async_url(url), **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        event.listen(engine.sync_engine, "begin", _begin)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit, so a mutation can return what it wrote."""
    return async_sessionmaker(engine, expire_on_commit=False)
