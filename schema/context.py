"""What every resolver gets: one read session per request, the settings, and who is calling."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry
from sqlalchemy import Row, Select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable

from db.callers import ANONYMOUS, Authentication
from db.change_signal import ChangeSignal
from db.engine import WRITES
from db.settings import Settings
from db.version import Version, read_version, snapshot


@dataclass
class Context:
    """One request's context. Resolvers at one level run concurrently, so statements take turns on the one
    session (and so one transaction: a request sees a consistent register)."""

    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    auth: Authentication = ANONYMOUS
    # The client's address buckets anonymous callers for the rate limit.
    client: str = "unknown"
    batches: dict[Hashable, Any] = field(default_factory=dict)
    # A websocket's: what its connection_init sent (strawberry sets it), and the process's wake-up for changes.
    connection_params: dict[str, Any] | None = None
    change_signal: ChangeSignal | None = None
    _session: AsyncSession | None = None
    _version: Version | None = None
    _turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    _closed: bool = False

    async def rows(self, statement: Executable) -> list[Row[Any]]:
        """Every row a statement returns, read on the request's session."""
        async with self._turn:
            return list((await self._execute(statement)).all())

    async def scalar(self, statement: Executable) -> Any:
        """The single value a statement returns."""
        async with self._turn:
            return (await self._execute(statement)).scalar_one()

    async def _execute(self, statement: Executable) -> Any:
        session = self.session()
        if isinstance(statement, Select):
            # A read of tables' rows, not of ORM entities, needs none of the session's ORM execution (a tenth of a
            # statement's CPU): it goes straight to the session's connection, in the same transaction. Anything
            # else keeps the session's events (a write must advance the register's version, db/version.py).
            return await (await session.connection()).execute(statement)
        return await session.execute(statement)

    async def version(self) -> Version:
        """The register's version this request reads, read once (the ETag and the response cache share it) and
        first: on PostgreSQL it begins the read's REPEATABLE READ snapshot, so every record read after it is
        exactly that version's (schema/response_cache.py says why that order matters)."""
        if self._version is None:
            async with self._turn:
                session = self.session()
                await snapshot(session)
                self._version = await read_version(session)
        return self._version

    def fresh(self) -> Context:
        """A context for the same caller with a session of its own: a subscription reads the feed afresh each
        time, and must neither hold one transaction open for its life nor share a session with the connection's
        other operations."""
        return Context(self.sessionmaker, self.settings, self.auth, self.client)

    def session(self) -> AsyncSession:
        """The request's session, opened on first use."""
        if self._closed:
            # A sibling field failed a non-null check and the response went out while this one still ran: a new
            # session now would hold a connection that nothing closes.
            raise RequestAnswered("The request was already answered; its database session is closed.")
        if self._session is None:
            self._session = self.sessionmaker()
        return self._session

    async def writing(self) -> AsyncSession:
        """The request's session in a fresh transaction for a write: it holds the database's write lock from its
        start, so concurrent writers queue (for LOCK_TIMEOUT_SECONDS) rather than fail part-way."""
        session = self.session()
        if session.in_transaction():
            # A read earlier in the request would make the write upgrade a stale snapshot, which SQLite refuses.
            await session.commit()
            self._version = None
        await session.connection(execution_options={WRITES: True})
        return session

    async def close(self) -> None:
        """End the request's transaction and give its connection back, once a statement still running is done."""
        async with self._turn:
            self._closed = True
            if self._session is not None:
                await self._session.close()
                self._session = None
                self._version = None


class RequestAnswered(RuntimeError):
    """Raised to a resolver still running after its request was answered and its session closed."""


Info: TypeAlias = strawberry.Info[Context, None]
