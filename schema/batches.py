"""The shapes every batch load takes: one related record per key, a list of them per key, or records of
several types by (type, key)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, Select, select
from sqlalchemy.orm import DeclarativeBase

from db.base import among
from schema.context import Context
from schema.retired import current_only

Record = TypeVar("Record")


async def one_each(
    context: Context,
    model: type[DeclarativeBase],
    keys: Sequence[Hashable],
    convert: Callable[[Row[Any]], Record],
    column: ColumnElement[Any] | None = None,
) -> dict[Any, Record]:
    """The record for each key (by primary key unless another unique column is named), in one statement."""
    table = model.__table__
    key_column = table.c.id if column is None else column
    rows = await context.rows(select(table, key_column.label("batch_key")).where(among(key_column, keys)))
    return {row.batch_key: convert(row) for row in rows}


async def many_each(
    context: Context,
    statement: Select[Any],
    key: ColumnElement[Any],
    keys: Sequence[Hashable],
    convert: Callable[[Row[Any]], Record],
) -> dict[Any, list[Record]]:
    """The records for each key, in the statement's order, in one statement; retired ones are left out, as
    lists leave them out (a record's own links to one, such as its provider, still reach it)."""
    listed = current_only(statement).add_columns(key.label("batch_key")).where(among(key, keys))
    rows = await context.rows(listed)
    found: dict[Any, list[Record]] = defaultdict(list)
    for row in rows:
        found[row.batch_key].append(convert(row))
    return found


KindLoad = Callable[[Context, Sequence[int]], Awaitable[Mapping[Any, Any]]]


async def each_of_kind(
    context: Context, keys: Sequence[tuple[str, int]], loads: Mapping[str, KindLoad]
) -> dict[Any, Any]:
    """Records of several types by (kind, primary key), one batch per kind with that kind's load."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, pk in keys:
        by_kind[kind].append(pk)
    found: dict[Any, Any] = {}
    for kind, pks in by_kind.items():
        for pk, record in (await loads[kind](context, pks)).items():
            found[(kind, pk)] = record
    return found
