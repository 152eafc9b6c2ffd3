"""Ids for records a bulk write creates, given before they are written, so the rows go in batches.

A record without an id must be inserted with RETURNING to learn it, and a row that others point at (a new
supplier, before its contracts) must be flushed on its own first. SQLite cannot return a batch's ids in the
order the rows were sent, so the ORM inserts such rows one statement each. With the id known in advance, a
batch is one executemany on both databases, and nothing needs flushing early.

On PostgreSQL the ids come from the table's own sequence (a block of them in one statement), as an INSERT
would take them. On SQLite, which has no sequence, they count on from the largest id in the table: SQLite has
one writer at a time, and a writer that committed after this transaction read the largest id makes this
transaction's first write fail (its snapshot is stale) rather than reuse an id, so the write is all or nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["Ids"]

BLOCK = 500


class Ids:
    """Hands out new ids for one model's table within one transaction."""

    def __init__(self, session: AsyncSession, model: Any) -> None:
        self.session = session
        self.table: str = model.__tablename__
        self.id_column = model.id
        self._ready: list[int] = []
        self._largest: int | None = None

    async def take(self) -> int:
        """A new id for the table, not used before and not to be used by anyone else."""
        if not self._ready:
            self._ready = await self._block()
        return self._ready.pop()

    async def _block(self) -> list[int]:
        bind = self.session.bind
        if bind is not None and bind.dialect.name == "postgresql":
            statement = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
            found = await self.session.scalars(statement, {"table": self.table, "count": BLOCK})
            return sorted(found, reverse=True)
        if self._largest is None:
            largest = await self.session.scalar(select(func.max(self.id_column)))
            self._largest = largest or 0
        start, self._largest = self._largest + 1, self._largest + BLOCK
        return list(range(self._largest, start - 1, -1))
