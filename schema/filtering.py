"""The one filter builder: a filter input becomes a SQL where-clause, one small clause per field.

Every filter input has its own fields plus `and`, `or` and `not`, which combine filters of the same type.
A domain lists its clauses as a mapping from input field to a function of (value, whole filter, argument
path, in the names the client wrote); the builder applies those whose field is set and combines the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, true
from strawberry.utils.str_converters import to_camel_case

from schema.errors import RegisterError
from schema.relay import pk_of

Clause = Callable[[Any, Any, str], ColumnElement[bool]]


def build_where(filter_: Any, clauses: Mapping[str, Clause], argument: str = "filter") -> ColumnElement[bool]:
    """The where-clause a filter input means: its set fields all hold, combined with its and/or/not."""
    parts: list[ColumnElement[bool]] = []
    for name, clause in clauses.items():
        value = getattr(filter_, name)
        if value is not None:
            parts.append(clause(value, filter_, f"{argument}.{to_camel_case(name)}"))
    for i, nested in enumerate(filter_.and_ or []):
        parts.append(build_where(nested, clauses, f"{argument}.and[{i}]"))
    if filter_.or_:
        parts.append(or_(*(build_where(f, clauses, f"{argument}.or[{i}]") for i, f in enumerate(filter_.or_))))
    if filter_.not_ is not None:
        # IS NOT TRUE, not NOT: a clause on a null column is unknown, and NOT unknown would drop the row too.
        parts.append(build_where(filter_.not_, clauses, f"{argument}.not").is_not(true()))
    return and_(true(), *parts)


def pks(ids: list[Any], type_name: str, argument: str) -> list[int]:
    """Primary keys from a list of global IDs that must all name records of one type."""
    return [pk_of(str(value), type_name, f"{argument}[{i}]") for i, value in enumerate(ids)]


def contains_text(text: str, argument: str, *columns: ColumnElement[Any]) -> ColumnElement[bool]:
    """Records where any of the columns contains the text, ignoring case; wildcards in the text are literal."""
    if "\x00" in text:
        # No record's text can hold a NUL, and PostgreSQL refuses one outright.
        raise RegisterError("The search text must not contain a NUL character", argument=argument)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))
