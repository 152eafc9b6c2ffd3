"""Waking the register's live subscriptions when a change commits, in this process or any other.

On PostgreSQL every transaction that records a change also sends a NOTIFY on CHANNEL, inside the transaction, so
it is delivered when (and only if) the transaction commits, to every process listening. Its payload is the
register's version the transaction reached, but it is only a wake-up: a subscriber reads the feed after its own
last cursor, so a notice lost or repeated loses or repeats nothing. A process listens on one connection of its
own, opened for the first subscriber. SQLite has no such notices (and one process writes it): a subscriber
re-reads the feed every SUBSCRIPTION_POLL_SECONDS instead. On PostgreSQL it re-reads at least every
FALLBACK_SECONDS as well, in case the listening connection was lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import Connection, String, cast, event, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from db.models import Change, RegisterVersion

__all__ = ["CHANNEL", "ChangeSignal", "Wakeup", "notify"]

CHANNEL = "register_changes"
FALLBACK_SECONDS = 30.0

log = logging.getLogger(__name__)


def notify(connection: Connection) -> None:
    """Wake every process's subscriptions when the connection's transaction commits (PostgreSQL only)."""
    # The payload is the register's version the transaction has reached (PostgreSQL sends a transaction's
    # notices with one payload once): the first part of the cursors of the changes it wrote.
    if connection.dialect.name == "postgresql":
        version = cast(select(RegisterVersion.number).scalar_subquery(), String)
        connection.execute(select(func.pg_notify(CHANNEL, version)))


@event.listens_for(Session, "after_flush")
def _notify_after_flush(session: Session, _flush: UOWTransaction) -> None:
    if any(isinstance(row, Change) for row in session.new):
        notify(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _notify_on_bulk_insert(state: ORMExecuteState) -> None:
    # Changes inserted by a statement of their own, past the flush (db.bulk notifies for those it writes).
    if state.is_insert and getattr(getattr(state.statement, "table", None), "name", None) == Change.__tablename__:
        notify(state.session.connection())


class Wakeup:
    """One subscriber's alarm: rung by every notice from the moment it is made, until it is closed."""

    def __init__(self, signal: ChangeSignal) -> None:
        self._signal = signal
        self._rung = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()

    def reset(self) -> None:
        """Forget earlier rings: call it before reading the feed, so a change committed during the read rings."""
        self._rung.clear()

    async def wait(self) -> None:
        """Until a change may have committed (a notice), or the poll interval has passed."""
        await self._signal.listen()
        try:
            await asyncio.wait_for(self._rung.wait(), self._signal.interval)
        except TimeoutError:
            pass

    def close(self) -> None:
        self._signal.wakeups.discard(self)


class ChangeSignal:
    """The process's one listener for committed changes, shared by all its subscribers."""

    def __init__(self, engine: AsyncEngine, poll_seconds: float) -> None:
        self.engine = engine
        self.listens = engine.dialect.name == "postgresql"
        self.interval = max(poll_seconds, FALLBACK_SECONDS) if self.listens else poll_seconds
        self.wakeups: set[Wakeup] = set()
        self._connection: AsyncConnection | None = None
        self._driver: Any = None
        self._broken: AsyncConnection | None = None
        self._opening = asyncio.Lock()

    def wakeup(self) -> Wakeup:
        """A new subscriber's alarm, rung from now on."""
        wakeup = Wakeup(self)
        self.wakeups.add(wakeup)
        return wakeup

    async def listen(self) -> None:
        """Listen for notices, unless already listening (or on SQLite, which sends none)."""
        if not self.listens or self._connection is not None:
            return
        async with self._opening:
            if self._connection is not None:
                return
            if self._broken is not None:
                broken, self._broken = self._broken, None
                await broken.invalidate()
                await broken.close()
            connection = await self.engine.connect()
            try:
                driver = (await connection.get_raw_connection()).driver_connection
                assert driver is not None
                await driver.add_listener(CHANNEL, self._notice)
                driver.add_termination_listener(self._lost)
            except BaseException:
                await connection.close()
                raise
            self._connection, self._driver = connection, driver

    def _notice(self, *_notice: Any) -> None:
        for wakeup in list(self.wakeups):
            wakeup.ring()

    def _lost(self, *_connection: Any) -> None:
        # The next wait listens again on a new connection; meanwhile the fallback re-read covers the gap.
        log.warning("The connection listening for the register's changes was lost; listening again")
        self._broken, self._connection, self._driver = self._connection, None, None
        self._notice()

    async def close(self) -> None:
        """Stop listening and give the connection back."""
        connection, driver, self._connection, self._driver = self._connection, self._driver, None, None
        if connection is not None:
            driver.remove_termination_listener(self._lost)
            await driver.remove_listener(CHANNEL, self._notice)
            await connection.close()
