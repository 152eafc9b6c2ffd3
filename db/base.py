"""The declarative base every register table shares, and the columns every editable record carries."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    DateTime,
    Dialect,
    MetaData,
    and_,
    any_,
    bindparam,
    func,
    literal_column,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, QueryableAttribute, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine

from db.intervals import Precision
from db.money import Basis

# Stable constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# SQLite has no timestamp type: the register writes UTC text that says so ("2026-12-01 11:44:17.243554+00:00"),
# so the file is unambiguous to any tool that reads it. Rows written before that have no offset; they were UTC too.
SQLITE_UTC_FORMAT = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d+00:00"
SQLITE_UTC_PATTERN = r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})(?:\+00:00)?$"


class UtcDateTime(TypeDecorator[datetime]):
    """An instant, stored and read back in UTC on both databases (timestamptz on PostgreSQL).

    A moment without a zone is refused rather than guessed at: every moment the register writes is taken
    in UTC (utc_now), and one from elsewhere must say which zone it is in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            stored = sqlite.DATETIME(storage_format=SQLITE_UTC_FORMAT, regexp=SQLITE_UTC_PATTERN)  # type: ignore[no-untyped-call]
            return dialect.type_descriptor(stored)
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"A moment must carry its time zone, not {value.isoformat()}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The register's declarative base, with named constraints; every `datetime` column is a UTC instant."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime}


# Whole-life values reach billions of pence, past a 32-bit integer.
Pence = Annotated[int, mapped_column(BigInteger)]

# PostgreSQL's json type has no equality, so a DISTINCT or GROUP BY over a row holding one fails; jsonb compares.
JsonDocument = JSON().with_variant(postgresql.JSONB(), "postgresql")


def utc_now() -> datetime:
    """The moment of a write, in UTC, taken in Python so both databases record the same value."""
    return datetime.now(UTC)


class Recorded:
    """Columns of every record that people or systems edit: where it came from, when, and its version.

    `version` starts at 1 and goes up by one with each accepted write; an update names the version it
    read so a concurrent edit is detected instead of overwritten.
    """

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    source: Mapped[str | None] = mapped_column(
        comment="Provenance: the paper and section, or the import file and line, this record came from."
    )
    retired_at: Mapped[datetime | None] = mapped_column(
        comment="When the record was retired; retired records stay, with their history."
    )


def one_of(column: str, choices: type[enum.StrEnum]) -> CheckConstraint:
    """A check that a text column holds one of an enumeration's values (or is null)."""
    values = ", ".join(f"'{choice.value}'" for choice in choices)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


def interval_valid(prefix: str) -> CheckConstraint:
    """A check that an imprecise date is whole (all parts or none), ordered, and of a known precision."""
    precisions = ", ".join(f"'{p.value}'" for p in Precision)
    return CheckConstraint(
        f"({prefix}_earliest IS NULL AND {prefix}_latest IS NULL AND {prefix}_precision IS NULL) OR "
        f"({prefix}_earliest <= {prefix}_latest AND {prefix}_precision IN ({precisions}))",
        name=f"{prefix}_valid",
    )


def money_valid(prefix: str) -> CheckConstraint:
    """A check that an amount is never negative and always has a known basis when it is present."""
    bases = ", ".join(f"'{b.value}'" for b in Basis)
    return CheckConstraint(
        f"({prefix}_pence IS NULL AND {prefix}_basis IS NULL) OR ({prefix}_pence >= 0 AND {prefix}_basis IN ({bases}))",
        name=f"{prefix}_valid",
    )


# Unknown dates sort after every known one, and unknown amounts before every known one, so that
# "soonest first" and "largest first" both put the unknowns last. Sorting on these non-null expressions
# (and indexing them) keeps keyset pagination to one index range on both databases.
UNKNOWN_DATE_SORTS_AS = "'9999-12-31'"
UNKNOWN_PENCE_SORTS_AS = "-1"


def date_sort_key(column: ColumnElement[date | None] | QueryableAttribute[date | None]) -> ColumnElement[date]:
    """A never-null ordering expression for an optional date column."""
    return func.coalesce(column, literal_column(UNKNOWN_DATE_SORTS_AS))


def pence_sort_key(column: ColumnElement[int | None] | QueryableAttribute[int | None]) -> ColumnElement[int]:
    """A never-null ordering expression for an optional amount in pence."""
    return func.coalesce(column, literal_column(UNKNOWN_PENCE_SORTS_AS))


def day_range(earliest: Any, latest: Any) -> ColumnElement[Any]:
    """PostgreSQL's range of days from `earliest` to `latest`, both included. The bounds are written into the SQL,
    not bound, so the expression is the very one the GiST indexes on it hold."""
    return func.daterange(earliest, latest, literal_column("'[]'"))


class days_overlap(FunctionElement[bool]):
    """True when the days `earliest`..`latest` (columns) share a day with `low`..`high`; an unknown interval
    (null) shares none. On PostgreSQL it is the GiST-indexed `day_range(...) && day_range(...)`, guarded so that
    a null start (an unbounded range there) never matches; elsewhere the two comparisons a b-tree answers."""

    type = Boolean()
    inherit_cache = True
    name = "days_overlap"
    # A condition in its own right: without this, SQLite (no boolean type) is sent `... = 1`, which no index serves.
    _is_implicitly_boolean = True


@compiles(days_overlap)
def _days_overlap_compared(element: days_overlap, compiler: SQLCompiler, **kw: Any) -> str:
    earliest, latest, low, high = element.clauses.clauses
    return compiler.process(and_(earliest <= high, latest >= low), **kw)


@compiles(days_overlap, "postgresql")
def _days_overlap_ranges(element: days_overlap, compiler: SQLCompiler, **kw: Any) -> str:
    earliest, latest, low, high = element.clauses.clauses
    ranges = day_range(earliest, latest).op("&&")(day_range(low, high))
    return compiler.process(and_(earliest.is_not(None), ranges), **kw)


class _among(FunctionElement[bool]):
    """See `among`: the column, then its keys bound twice, as a list to expand and as one array."""

    type = Boolean()
    inherit_cache = True
    name = "among"
    _is_implicitly_boolean = True


def among(column: ColumnElement[Any] | QueryableAttribute[Any], keys: Iterable[Any]) -> ColumnElement[bool]:
    """True for rows whose `column` is one of `keys`, as one bound parameter: `= ANY(:keys)` on PostgreSQL, so a
    batch of any size is the same SQL and the same prepared statement; `IN (...)` elsewhere, expanded as it runs.
    """
    values = list(keys)
    expression = column.expression if isinstance(column, QueryableAttribute) else column
    expanded = bindparam(None, values, type_=expression.type, expanding=True)
    array = bindparam(None, values, type_=postgresql.ARRAY(expression.type))
    return _among(expression, expanded, array)


@compiles(_among)
def _among_expanded(element: _among, compiler: SQLCompiler, **kw: Any) -> str:
    column, expanded, _array = element.clauses.clauses
    return compiler.process(column.in_(expanded), **kw)


@compiles(_among, "postgresql")
def _among_array(element: _among, compiler: SQLCompiler, **kw: Any) -> str:
    column, _expanded, array = element.clauses.clauses
    return compiler.process(column == any_(array), **kw)
