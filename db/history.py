"""Recording changes: every accepted write leaves who, when, which record, and its state before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from db.models import Change, ChangeKind


def snapshot(record: DeclarativeBase) -> dict[str, Any]:
    """A record's column values as JSON-ready data: dates as ISO text, amounts in pence stay integers."""
    state: dict[str, Any] = {}
    for column in inspect(record).mapper.column_attrs:
        value = getattr(record, column.key)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        state[column.key] = value
    return state


def _change(
    record: DeclarativeBase,
    actor: str,
    kind: ChangeKind,
    before: dict[str, Any] | None,
    origin: str | None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    after = snapshot(record) if after is None else after
    return {
        "actor": actor,
        "record_table": record.__tablename__,
        "record_id": after["id"],
        "kind": kind.value,
        "version": after.get("version", 1),
        "before": before,
        "after": after,
        "origin": origin,
    }


async def record_change(
    session: AsyncSession,
    record: DeclarativeBase,
    *,
    actor: str,
    kind: ChangeKind,
    before: dict[str, Any] | None,
) -> Change:
    """Add the change that brought a record to its current state (flushed with the caller's transaction)."""
    await session.flush()
    change = Change(**_change(record, actor, kind, before, None))
    session.add(change)
    return change


@dataclass
class _Noted:
    record: DeclarativeBase
    kind: ChangeKind
    before: dict[str, Any] | None
    origin: str | None
    after: dict[str, Any] | None = None


@dataclass
class ChangeLog:
    """The changes one bulk write (the seed, an import) makes, added all at once when its records have ids.

    A new record has no id until the session flushes, and flushing for each one would cost a round trip per
    record; so changes are noted as they are made and `write` flushes once for a whole batch of them, taking
    each record's state then. A record changed again before that keeps each change: the state before the
    later one is the state after the earlier.
    """

    actor: str
    origin: str | None = None
    pending: list[_Noted] = field(default_factory=list)
    latest: dict[int, _Noted] = field(default_factory=dict)

    def note(
        self,
        record: DeclarativeBase,
        kind: ChangeKind,
        before: dict[str, Any] | None = None,
        *,
        origin: str | None = None,
    ) -> None:
        """Note a change to a record, to be added by `write`; `origin` overrides the log's own."""
        earlier = self.latest.get(id(record))
        if earlier is not None and before is not None:
            earlier.after = before
        noted = _Noted(record, kind, before, origin or self.origin)
        self.pending.append(noted)
        self.latest[id(record)] = noted

    async def write(self, session: AsyncSession) -> None:
        """Add every noted change, each with its record's state after it, after one flush for them all; the
        changes go in as one executemany (nothing reads their ids)."""
        if not self.pending:
            return
        await session.flush()
        rows = [_change(n.record, self.actor, n.kind, n.before, n.origin, n.after) for n in self.pending]
        await session.execute(insert(Change), rows)
        self.pending.clear()
        self.latest.clear()
