"""Keyset pagination in SQL: every page, first or last, is one index range, never an OFFSET scan.

An ordering is a tuple of never-null sort expressions ending with the primary key, so the order is total
and stable; a cursor records the last row's sort values, and the next page starts strictly after them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Row, Select, literal, tuple_

from schema.context import Context
from schema.errors import ErrorCode, RegisterError


@dataclass(frozen=True)
class SortKey:
    """One never-null expression of an ordering, and the Python type its cursor value decodes to."""

    expression: ColumnElement[Any]
    kind: type[date] | type[int] | type[str]

    def encode(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    def decode(self, value: Any) -> Any:
        if self.kind is date and isinstance(value, str):
            return date.fromisoformat(value)
        if self.kind is int and isinstance(value, int) and not isinstance(value, bool) and self._bindable(value):
            return value
        if self.kind is str and isinstance(value, str) and _bindable_text(value):
            return value
        raise ValueError(value)

    def _bindable(self, value: int) -> bool:
        # PostgreSQL refuses a parameter past its column's width: 64 bits for amounts, 32 for keys.
        bits = 64 if isinstance(self.expression.type, BigInteger) else 32
        return -(1 << (bits - 1)) <= value < 1 << (bits - 1)


def _bindable_text(value: str) -> bool:
    # PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded to send at all.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


@dataclass(frozen=True)
class Ordering:
    """A total order of a list: its name (checked against cursors), its keys, and its direction."""

    name: str
    keys: tuple[SortKey, ...]
    descending: bool = False


@dataclass(frozen=True)
class PageRequest:
    """A validated request for one page: forwards (`first` after a cursor) or backwards (`last` before one)."""

    size: int
    backwards: bool
    cursor: str | None

    @classmethod
    def from_arguments(
        cls,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        *,
        default_size: int,
        max_size: int,
    ) -> PageRequest:
        """The page the Relay arguments ask for, or a clear error when they ask for something impossible."""
        if first is not None and last is not None:
            raise RegisterError("Ask for `first` or `last`, not both", argument="last")
        if after is not None and before is not None:
            raise RegisterError("Page `after` a cursor or `before` one, not both", argument="before")
        # Relay pages forwards with first/after and backwards with last/before; a mixed pair would
        # otherwise leave its cursor silently ignored.
        if first is not None and before is not None:
            raise RegisterError("Page forwards with `first` and `after`, not `before`", argument="before")
        if last is not None and after is not None:
            raise RegisterError("Page backwards with `last` and `before`, not `after`", argument="after")
        for name, size in (("first", first), ("last", last)):
            if size is not None and size < 0:
                raise RegisterError(f"`{name}` must not be negative, not {size}", argument=name)
            if size is not None and size > max_size:
                raise RegisterError(
                    f"`{name}` may be at most {max_size}; ask for {max_size} or fewer and page on with cursors",
                    ErrorCode.PAGE_TOO_LARGE,
                    argument=name,
                )
        backwards = last is not None or (first is None and before is not None)
        requested = last if backwards else first
        size = default_size if requested is None else requested
        return cls(size=size, backwards=backwards, cursor=before if backwards else after)


@dataclass(frozen=True)
class Page:
    """The rows of one page in display order, each with its sort values (its cursor's, written only when asked
    for), and whether rows lie either side."""

    rows: Sequence[Row[Any]]
    positions: Sequence[Sequence[Any]]
    has_next: bool
    has_previous: bool


def encode_cursor(ordering: Ordering, values: Sequence[Any]) -> str:
    """An opaque cursor for a row: its sort values, tagged with the ordering they belong to."""
    keys = [key.encode(value) for key, value in zip(ordering.keys, values, strict=True)]
    payload = json.dumps([ordering.name, keys], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode("ascii")


def decode_cursor(ordering: Ordering, cursor: str, argument: str) -> list[Any]:
    """The sort values inside a cursor, or a BAD_CURSOR error when it is malformed or from another order."""
    try:
        name, keys = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if name != ordering.name:
            raise RegisterError(
                f"The cursor {cursor!r} belongs to the order {name}, not {ordering.name}; "
                "start again from the first page when changing the order",
                ErrorCode.BAD_CURSOR,
                argument=argument,
            )
        return [key.decode(value) for key, value in zip(ordering.keys, keys, strict=True)]
    except (ValueError, TypeError, UnicodeError, binascii.Error, RecursionError):
        raise RegisterError(
            f"{cursor!r} is not a cursor this list issued", ErrorCode.BAD_CURSOR, argument=argument
        ) from None


def _bound(key: SortKey, value: Any) -> ColumnElement[Any]:
    # A cursor's values are bound parameters, so every page of an ordering is the same SQL and one prepared
    # statement. Except date.max, the day an unknown date sorts as: asyncpg sends it as PostgreSQL's 'infinity',
    # which sorts after it, so no row would follow a cursor on an unknown date; written into the SQL, it stays a
    # date (one more statement per ordering, for the unknown dates at the end of the list).
    return literal(value, key.expression.type, literal_execute=value == date.max)


def sort_after(ordering: Ordering, values: Sequence[Any], reverse: bool) -> ColumnElement[bool]:
    """Rows strictly after the sort values in the ordering (strictly before them when paging in reverse)."""
    expressions = tuple_(*(key.expression for key in ordering.keys))
    bounds = tuple_(*(_bound(key, value) for key, value in zip(ordering.keys, values, strict=True)))
    return expressions < bounds if ordering.descending != reverse else expressions > bounds


async def fetch_page(context: Context, statement: Select[Any], ordering: Ordering, request: PageRequest) -> Page:
    """One page of a filtered statement, in the ordering, from the request's cursor, in one SQL statement."""
    width = len(ordering.keys)
    sort_columns = [key.expression.label(f"sort_key_{i}") for i, key in enumerate(ordering.keys)]
    statement = statement.add_columns(*sort_columns)
    if request.cursor is not None:
        argument = "before" if request.backwards else "after"
        statement = statement.where(
            sort_after(ordering, decode_cursor(ordering, request.cursor, argument), request.backwards)
        )
    reverse = ordering.descending != request.backwards
    order = [key.expression.desc() if reverse else key.expression.asc() for key in ordering.keys]
    rows = await context.rows(statement.order_by(*order).limit(request.size + 1))
    more = len(rows) > request.size
    rows = rows[: request.size]
    if request.backwards:
        rows.reverse()
    positions = [row[-width:] for row in rows]
    has_more_after_cursor = request.cursor is not None
    return Page(
        rows=rows,
        positions=positions,
        has_next=has_more_after_cursor if request.backwards else more,
        has_previous=more if request.backwards else has_more_after_cursor,
    )
