"""Engines and sessions for the register's database: SQLite embedded, PostgreSQL in production.

Every engine carries the register's time limits (db/settings.py): a pooled connection is pinged before use, so
one broken while the database was away is replaced rather than handed out; waits for the pool and for a
connection are short; PostgreSQL cancels a statement or a lock wait past its limit; SQLite writers queue for
the write lock rather than fail.

A request that is cancelled (past its time limit, or its client gone) stops its statement too: asyncpg asks
PostgreSQL to cancel the statement of a cancelled task, and SQLite's is interrupted (_interrupt_if_cancelled).
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_

from db.settings import Settings

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}

# The execution option a write's transaction is begun with (see Context.writing): on SQLite it takes the write
# lock at BEGIN, queueing behind other writers for the busy timeout instead of failing when it first writes.
WRITES = "register_writes"
# Where a SQLite connection's pool record keeps the driver's connection, to interrupt its statement.
_DRIVER = "register_driver_connection"


def async_url(url: str) -> str:
    """The URL with the register's async driver for its database, whatever driver (if any) it named."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"DATABASE_URL {parsed.render_as_string()!r} is neither SQLite nor PostgreSQL")
    return parsed.set(drivername=_ASYNC_DRIVERS[backend]).render_as_string(hide_password=False)


def _milliseconds(seconds: float) -> str:
    return str(max(1, round(seconds * 1000)))


def _sqlite_connection(busy_timeout_ms: str) -> Any:
    def configure(dbapi_connection: Any, record: Any) -> None:
        # SQLite ignores foreign keys unless each connection asks; WAL lets readers run beside a writer; the
        # busy timeout is how long a writer waits for the write lock before giving up.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()
        record.info[_DRIVER] = dbapi_connection.driver_connection
        # The sqlite3 driver's legacy mode defers BEGIN to the first INSERT, so a SAVEPOINT before it runs outside
        # any transaction and its release commits. SQLAlchemy emits BEGIN itself instead (see _begin), so a rejected
        # write rolls back to its savepoint and a rolled-back transaction undoes everything in it.
        dbapi_connection.isolation_level = None

    return configure


def _begin(connection: Any) -> None:
    # A deferred transaction that reads and then writes cannot wait for the lock: another writer may have
    # committed since it read, and SQLite refuses it at once ("database is locked"). A write therefore takes
    # the lock first (IMMEDIATE) and queues; reads stay deferred so they never wait for writers.
    immediate = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _interrupt_if_cancelled(context: ExceptionContext) -> None:
    # aiosqlite runs a statement in a thread of its own, which a cancelled task does not stop: the statement
    # would run on to its end, and SQLAlchemy, closing the connection the cancelled task leaves, would wait
    # for it. Interrupting it makes SQLite stop at once (sqlite3_interrupt; a no-op once it has finished).
    if not isinstance(context.original_exception, asyncio.CancelledError) or context.connection is None:
        return
    driver = context.connection.info.get(_DRIVER)
    if driver is not None:
        await_(driver.interrupt())


def _postgresql_limits(settings: Settings, connect_args: dict[str, Any]) -> dict[str, Any]:
    server_settings = {
        "statement_timeout": _milliseconds(settings.statement_timeout_seconds),
        "lock_timeout": _milliseconds(settings.lock_timeout_seconds),
        **connect_args.get("server_settings", {}),
    }
    return {
        **connect_args,
        "timeout": settings.connect_timeout_seconds,
        # The server's statement_timeout answers first; this bounds a statement when the server answers nothing.
        "command_timeout": settings.statement_timeout_seconds + settings.connect_timeout_seconds,
        "server_settings": server_settings,
    }


def _ping_within(seconds: float) -> Any:
    # SQLAlchemy's ping waits for as long as any statement may (asyncpg's command_timeout), so a database that
    # accepts but no longer answers held every request for half a minute; it now counts as gone as soon as
    # connecting to it would, and the pool replaces the connection (and fails at once if it cannot).
    def ping(dbapi_connection: Any) -> bool:
        try:
            dbapi_connection.run_async(lambda connection: connection.fetchrow(";", timeout=seconds))
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return False
        return True

    return ping


def make_engine(url: str, settings: Settings | None = None, **options: Any) -> AsyncEngine:
    """An async engine for the register's database, with the time limits of the settings (the defaults if none)."""
    settings = settings or Settings()
    backend = make_url(url).get_backend_name()
    pooled = {} if "poolclass" in options else {"pool_timeout": settings.pool_timeout_seconds}
    options = {"pool_pre_ping": True, **pooled, **options}
    if backend in ("postgresql", "postgres"):
        options["connect_args"] = _postgresql_limits(settings, options.get("connect_args", {}))
    engine = create_async_engine(async_url(url), **options)
    if engine.dialect.name == "postgresql":
        engine.dialect.do_ping = _ping_within(settings.connect_timeout_seconds)  # type: ignore[method-assign]
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_connection(_milliseconds(settings.lock_timeout_seconds)))
        event.listen(engine.sync_engine, "begin", _begin)
        event.listen(engine.sync_engine, "handle_error", _interrupt_if_cancelled)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit, so a mutation can return what it wrote."""
    return async_sessionmaker(engine, expire_on_commit=False)
