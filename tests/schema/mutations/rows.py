"""Helpers for writing to the register: seeded records' IDs, and rows and the change log straight from the DB."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema.relay import global_id, parse_global_id


async def gid(session: AsyncSession, model: type[Any], **where: Any) -> str:
    """The global ID of the one record of a model whose columns have the given values."""
    pk = await session.scalar(select(model.id).where(*(getattr(model, k) == v for k, v in where.items())))
    assert pk is not None, f"no {model.__name__} with {where}"
    return global_id(model.__name__, pk)


async def row(session: AsyncSession, model: type[Any], id: str) -> dict[str, Any] | None:
    """A record's columns by global ID, straight from the database (never the session's cache)."""
    table = model.__table__
    found = (await session.execute(select(table).where(table.c.id == parse_global_id(id)[1]))).mappings().first()
    return None if found is None else dict(found)


async def count(session: AsyncSession, model: type[Any]) -> int:
    """How many rows a table holds, retired ones included."""
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def state(session: AsyncSession, model: type[Any], id: str | None = None) -> tuple[Any, ...]:
    """What a refused write must leave alone: the record's row (or the table's size) and the change log."""
    record = await count(session, model) if id is None else await row(session, model, id)
    return record, await count(session, models.Change)
