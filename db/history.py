"""Recording changes: every accepted write leaves who, when, which record, and its state before and after."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
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
    after = snapshot(record)
    change = Change(
        actor=actor,
        record_table=record.__tablename__,
        record_id=after["id"],
        kind=kind.value,
        version=after.get("version", 1),
        before=before,
        after=after,
    )
    session.add(change)
    return change
