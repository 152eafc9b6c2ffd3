"""Retired records stay in the register, with their history, but lists no longer show them.

`node`, `nodes`, relations and history still reach a retired record by its ID; the connections (root and
nested lists), their counts and their value totals leave it out. The rule is applied where every list is
built (schema.relay, schema.nested, schema.values), not in each domain's queries, so a new list gets it too.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Select, Table, and_, true

S = TypeVar("S", bound=Select[Any])


def current(table: FromClause) -> ColumnElement[bool]:
    """Rows of the table that are not retired (every row, for a table whose records are never retired)."""
    column = table.c.get("retired_at")
    return true() if column is None else column.is_(None)


def current_only(statement: S) -> S:
    """The statement without the retired rows of the tables whose columns it selects."""
    tables = [source for source in statement.columns_clause_froms if isinstance(source, Table)]
    clauses = [current(table) for table in tables if "retired_at" in table.c]
    return statement.where(and_(*clauses)) if clauses else statement
