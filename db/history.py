"""Recording changes: every accepted write leaves who, when, which record, and its state before and after."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from db.base import Base
from db.bulk import complete, insert_rows, table_of
from db.models import Change, ChangeKind


def snapshot(record: DeclarativeBase) -> dict[str, Any]:
    """A record's column values as JSON-ready data: dates as ISO text, amounts in pence stay integers."""
    return row_state((column.key, getattr(record, column.key)) for column in inspect(record).mapper.column_attrs)


def row_state(values: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A row's column values, by column, as `snapshot` gives a record's."""
    return {key: _plain(value) for key, value in values}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@cache
def _state_of(table: Table) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """How a complete row of a table becomes its state, as `row_state` gives it: only the columns whose type holds
    dates, moments or decimals are looked at, which is a few of a contract's 49."""
    converted = []
    for column in table.columns:
        try:
            kind = column.type.python_type
        except NotImplementedError:
            kind = object
        if kind is object or issubclass(kind, date | Decimal):
            converted.append(column.key)

    def state(row: Mapping[str, Any]) -> dict[str, Any]:
        values = dict(row)
        for key in converted:
            if (value := values.get(key)) is not None:
                values[key] = _plain(value)
        return values

    return state


def _change(
    table: str,
    actor: str,
    kind: ChangeKind,
    before: dict[str, Any] | None,
    origin: str | None,
    after: dict[str, Any],
) -> dict[str, Any]:
    return {
        "actor": actor,
        "record_table": table,
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
    change = Change(**_change(record.__tablename__, actor, kind, before, None, snapshot(record)))
    session.add(change)
    return change


@dataclass
class _Noted:
    table: str
    record: DeclarativeBase | None
    kind: ChangeKind
    before: dict[str, Any] | None
    origin: str | None
    after: dict[str, Any] | None = None

    def change(self, actor: str) -> dict[str, Any]:
        """The change as a row of `change`; a record's state after it is taken now, after the flush."""
        after = self.after
        if after is None:
            if self.record is None:
                raise ValueError(f"a new {self.table} row is noted with its state")
            after = snapshot(self.record)
        return _change(self.table, actor, self.kind, self.before, self.origin, after)


@dataclass
class ChangeLog:
    """The changes one bulk write (the seed, an import) makes, added all at once when its records have ids.

    A new record has no id until the session flushes, and flushing for each one would cost a round trip per
    record; so changes are noted as they are made and `write` flushes once for a whole batch of them, taking
    each record's state then. A record changed again before that keeps each change: the state before the
    later one is the state after the earlier. A new row written past the session (db.bulk) is noted with its
    values, which are its state.
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
        noted = _Noted(record.__tablename__, record, kind, before, origin or self.origin)
        self.pending.append(noted)
        self.latest[id(record)] = noted

    def note_created(
        self, model: type[Base], row: Mapping[str, Any], kind: ChangeKind, *, origin: str | None = None
    ) -> None:
        """Note a new row written past the session with every column given (db.bulk.complete), to be added by
        `write`: its values are its state after."""
        after = _state_of(table_of(model))(row)
        self.pending.append(_Noted(model.__tablename__, None, kind, None, origin or self.origin, after))

    async def write(self, session: AsyncSession) -> None:
        """Add every noted change, each with its record's state after it, after one flush for them all; the
        changes go in as one statement (db.bulk: nothing reads their ids)."""
        if not self.pending:
            return
        await session.flush()
        await insert_rows(session, Change, [complete(Change, noted.change(self.actor)) for noted in self.pending])
        self.pending.clear()
        self.latest.clear()
