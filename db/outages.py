"""Whether a failure is the database's, not the register's: away, overloaded, too slow, or busy with a lock.

Such failures are answered as UNAVAILABLE or TIMEOUT with a warning line in the log, never as INTERNAL with a
traceback: nothing is wrong with the register, and the same request will work once the database answers.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator

import asyncpg
from sqlalchemy import exc

__all__ = ["Outage", "outage_of"]


class Outage(enum.Enum):
    """The kind of database failure, and what a client is told about it."""

    UNAVAILABLE = "The register's database is not answering just now; try again shortly."
    BUSY = "The register is busy with other writes to the same records; try again shortly."
    TIMEOUT = "The request took longer than the register allows; ask for less, or try again later."


# PostgreSQL's SQLSTATEs: class 08 is a lost or refused connection; 57P01-57P03 a server shutting down or
# starting; 53300 too many connections; 57014 a statement cancelled by statement_timeout; 55P03 lock_timeout.
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300"}
_TIMEOUT_STATES = {"57014"}
_BUSY_STATES = {"55P03"}


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _outage(error: BaseException) -> Outage | None:
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free in POOL_TIMEOUT_SECONDS
        return Outage.UNAVAILABLE
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return Outage.UNAVAILABLE
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str):
        if state.startswith("08") or state in _UNAVAILABLE_STATES:
            return Outage.UNAVAILABLE
        if state in _TIMEOUT_STATES:
            return Outage.TIMEOUT
        if state in _BUSY_STATES:
            return Outage.BUSY
    if isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorcode", None) in (
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
    ):
        return Outage.BUSY
    # A refused, reset or timed-out connection (asyncpg raises these unwrapped while connecting), or a
    # connection the driver found closed under it.
    if isinstance(error, OSError | asyncpg.ConnectionDoesNotExistError | asyncpg.ConnectionFailureError):
        return Outage.UNAVAILABLE
    if isinstance(error, asyncpg.InterfaceError) and "connection is closed" in str(error):
        return Outage.UNAVAILABLE
    return None


def outage_of(error: BaseException) -> Outage | None:
    """The database failure behind an error, looking through the exceptions that wrap it; None when there is none."""
    for link in _chain(error):
        if (found := _outage(link)) is not None:
            return found
    return None
