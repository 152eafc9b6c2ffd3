"""The register's version: a number in the database that every committed write to the register advances.

Every process and replica reads the same number, so anything cached against it (the exports' files, later
responses and HTTP ETags) is right without a time to live. One mechanism advances it, for every writer (the
GraphQL mutations, contractsImport, the CLI's imports, seeding): before a session flushes a change to any
register record, or runs an INSERT, UPDATE or DELETE on a register table, it adds one to the number in the same
transaction (and db.bulk does the same before the rows it writes past the session). So:

- a write that is refused or rolled back (a savepoint included) takes its advance with it;
- a reader sees the new number exactly when it sees the data, never before (they commit together);
- the row is locked before any record the write changes, so writers queue on it in one order and never
  deadlock over it; on PostgreSQL, writing transactions therefore take turns from their first change to commit.

API tokens, persisted GraphQL operations and webhooks' bookkeeping are not register data and leave the number alone.

A cache must read the version *before* the data it stores under it. A write that commits in between then makes
the data newer than the number it is stored under, and that number is already out of date, so nobody is served
the entry; read the other way round, old data could be stored under the new number and served as current.
Better still, read both in one snapshot (`snapshot`): then the data is exactly the number's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from db.base import utc_now
from db.models import (
    ApiToken,
    PersistedOperation,
    RegisterVersion,
    ThrottleBucket,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

__all__ = ["Version", "advance", "advance_for", "read_version", "snapshot"]

_UNVERSIONED = frozenset(
    {
        ApiToken.__tablename__,
        PersistedOperation.__tablename__,
        RegisterVersion.__tablename__,
        ThrottleBucket.__tablename__,
        WebhookAttempt.__tablename__,
        WebhookDelivery.__tablename__,
        WebhookSubscription.__tablename__,
    }
)


@dataclass(frozen=True)
class Version:
    """A state of the register: its number and when it was reached."""

    number: int
    changed_at: datetime

    @property
    def tag(self) -> str:
        """The version as an opaque token for caches and ETags. The moment is part of it so that a database
        restored from a backup, or another database, never reuses a number for different data."""
        return f"{self.number}-{self.changed_at:%Y%m%dT%H%M%S%f}"


async def read_version(session: AsyncSession | AsyncConnection) -> Version:
    """The version the session's transaction sees."""
    row = (await session.execute(select(RegisterVersion.number, RegisterVersion.changed_at))).one()
    return Version(row.number, row.changed_at)


async def snapshot(session: AsyncSession) -> None:
    """Make the session's reads one consistent snapshot (call before its first read).

    SQLite's transactions already are one (the register's engine begins them explicitly); PostgreSQL's default
    READ COMMITTED sees each statement's own moment, so a long export could mix states. A session bound to a
    connection that is already in a transaction (the tests') reads in that transaction, as it is.
    """
    if session.in_transaction() or session.bind is None or session.bind.dialect.name != "postgresql":
        return
    if isinstance(session.bind, AsyncConnection) and session.bind.in_transaction():
        return
    await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def advance(connection: Connection) -> None:
    """Add one to the register's version in the connection's transaction."""
    connection.execute(update(RegisterVersion).values(number=RegisterVersion.number + 1, changed_at=utc_now()))


def advance_for(connection: Connection, table: str | None) -> None:
    """Advance the version before a statement that writes to a table, unless the table is not register data."""
    if table not in _UNVERSIONED:
        advance(connection)


def _is_register_record(instance: Any) -> bool:
    return getattr(instance, "__tablename__", None) not in _UNVERSIONED


@event.listens_for(Session, "before_flush")
def _advance_before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    changed = [*session.new, *session.deleted, *(row for row in session.dirty if session.is_modified(row))]
    if any(_is_register_record(row) for row in changed):
        advance(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _advance_before_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    advance_for(state.session.connection(), getattr(table, "name", None))
