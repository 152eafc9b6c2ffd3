"""Writing many new rows of one table in one statement: COPY on PostgreSQL, one executemany on SQLite.

An import's new contracts and its history go in this way, past the session's unit of work, which costs far
more per row than the database does. So this does for the rows what a flush does for records: it advances the
register's version first (db.version), wakes live subscriptions when the rows are changes (db.change_signal),
gives each column a row leaves out the default an INSERT would give it, and turns each value into what the
driver sends with the column's own type, so the rows read back exactly as if the ORM had written them. A None
is written as SQL NULL, a JSON column's included.

`complete` gives a row its defaults up front, so a caller recording the row's state (its history) records
what is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, Table, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.base import Base
from db.change_signal import notify
from db.models import Change
from db.version import advance_for

__all__ = ["complete", "insert_rows", "table_of"]


def table_of(model: type[Base]) -> Table:
    """A model's table."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return table


def complete(model: type[Base], values: Mapping[str, Any]) -> dict[str, Any]:
    """The row with every column, in the table's order: the value given, else the default the table gives in
    Python (a value, or a function of nothing), else null. Columns the database fills (an identity, a default
    read by SQL) are left out unless given, for `insert_rows`. A key that is not a column is refused."""
    plan = _plan(table_of(model))
    if not plan.keys >= values.keys():
        unknown = ", ".join(sorted(set(values) - plan.keys))
        raise KeyError(f"{model.__name__} has no column {unknown}")
    # The template holds every column in the table's order, so the values given keep that order too.
    row = {**plan.template, **values}
    for key, fill in plan.called:
        if key not in values:
            row[key] = fill()
    for key in plan.left:
        if key not in values:
            del row[key]
    return row


@dataclass(frozen=True)
class _Plan:
    """How `complete` fills a table's row: a value for every column, the defaults called, the columns left."""

    keys: frozenset[str]
    template: dict[str, Any]
    called: tuple[tuple[str, Callable[[], Any]], ...]
    left: tuple[str, ...]


@cache
def _plan(table: Table) -> _Plan:
    template: dict[str, Any] = {}
    called: list[tuple[str, Callable[[], Any]]] = []
    left: list[str] = []
    for column in table.columns:
        default, key = column.default, column.key
        template[key] = None
        if default is not None and default.is_scalar:
            template[key] = getattr(default, "arg")  # noqa: B009 (not on every default's type)
        elif default is not None and default.is_callable:
            called.append((key, partial(getattr(default, "arg"), None)))  # noqa: B009
        elif default is not None or column.server_default is not None or column is table.autoincrement_column:
            left.append(key)
    return _Plan(frozenset(template), template, tuple(called), tuple(left))


async def insert_rows(session: AsyncSession, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert new rows into a table in the session's transaction, all in one statement.

    Every row is complete (`complete`) and gives the same columns. A column left to the database is left out,
    unless its default is SQL (the register's version a change was written at), which is read once after the
    version is advanced and given to every row, as the INSERT would read it.
    """
    if not rows:
        return
    table = table_of(model)
    connection = await session.connection()
    await connection.run_sync(_written, table)
    columns = [column for column in table.columns if column.key in rows[0]]
    keys = [column.key for column in columns]
    read = [column for column in table.columns if column.key not in rows[0] and _read_by_sql(column)]
    given = [(await connection.scalar(select(getattr(c.default, "arg")))) for c in read]  # noqa: B009
    columns += read
    pick = itemgetter(*keys)
    # Only a few types change a value on its way to the driver (JSON to text, a moment to UTC); None stays SQL NULL.
    processors = _processors(columns, connection.dialect)
    records: list[tuple[Any, ...]] = []
    for row in rows:
        record = [*(pick(row) if len(keys) > 1 else (pick(row),)), *given]
        for index, process in processors:
            if (value := record[index]) is not None:
                record[index] = process(value)
        records.append(tuple(record))
    if connection.dialect.name == "postgresql":
        await _copy(connection, table, [column.name for column in columns], records)
        return
    statement, order = _insert(table, tuple(column.key for column in columns), connection.dialect)
    if order is not None:
        records = [tuple(record[i] for i in order) for record in records]
    await connection.exec_driver_sql(statement, records)


@cache
def _insert(table: Table, keys: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple[int, ...] | None]:
    """The INSERT of these columns, compiled once, and the order of its placeholders when not the table's."""
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    # The compiled statement's placeholders follow its own order of the columns; the records follow the table's.
    order = tuple(keys.index(key) for key in compiled.positiontup or keys)
    return str(compiled), None if order == tuple(range(len(keys))) else order


def _read_by_sql(column: Column[Any]) -> bool:
    return column.default is not None and column.default.is_clause_element


def _written(connection: Connection, table: Table) -> None:
    advance_for(connection, table.name)
    if table.name == Change.__tablename__:
        notify(connection)


def _processors(columns: list[Column[Any]], dialect: Dialect) -> list[tuple[int, Callable[[Any], Any]]]:
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for index, column in enumerate(columns):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            found.append((index, process))
    return found


async def _copy(connection: AsyncConnection, table: Table, columns: list[str], records: list[tuple[Any, ...]]) -> None:
    driver = (await connection.get_raw_connection()).driver_connection
    if driver is None:
        raise RuntimeError("the session's connection was closed")
    # The driver's own connection, in the transaction SQLAlchemy began on it: COPY is rolled back with it.
    await driver.copy_records_to_table(table.name, records=records, columns=columns)
