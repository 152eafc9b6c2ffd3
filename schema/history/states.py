"""A record's state as its history shows it: in the API's field names and units, derived from its GraphQL type.

A change keeps the record's columns as the database holds them (`end_earliest`, pence). To show one, the
columns are read back into the record's GraphQL type with the type's own `from_row`, and each field is written
as the API sends it: camelCase names, money in pounds as the Decimal scalar writes it, dates as the
DateInterval a query returns, related records by their global IDs. A field added to a type is shown with no
more code; a column no field shows is caught by the tests (tests/schema/history/test_states.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, inspect
from strawberry.types.base import StrawberryOptional, get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.private import is_private
from strawberry.utils.str_converters import to_camel_case

from schema.records import FROM_ROW
from schema.relay import global_id
from schema.scalars import SCALARS

# What every record type shows that is not part of its state: its own ID and its list of changes.
NOT_STATE = frozenset({"id", "history"})
# The part of `record` every write moves; `changed` leaves it out so it names what the writer changed.
BOOKKEEPING = frozenset({"version", "createdAt", "updatedAt"})

State = dict[str, Any]


class _Columns:
    """A change's stored columns read as a row: days and instants back to their types, absent columns null."""

    def __init__(self, model: type[Any], stored: Mapping[str, Any]) -> None:
        for column in inspect(model).columns:
            value = stored.get(column.key)
            if isinstance(value, str) and isinstance(column.type, Date):
                value = date.fromisoformat(value)
            elif isinstance(value, str) and column.type.python_type is datetime:
                moment = datetime.fromisoformat(value)
                value = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
            setattr(self, column.key, value)


def _name(field: StrawberryField) -> str:
    return field.graphql_name or to_camel_case(field.python_name)


def _value(value: Any) -> Any:
    """A value as the API writes it on the wire."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, datetime | date | Decimal):
        scalar = datetime if isinstance(value, datetime) else date if isinstance(value, date) else Decimal
        serialize = SCALARS[scalar].serialize
        assert serialize is not None
        return serialize(value)
    if isinstance(value, list):
        return [_value(item) for item in value]
    if get_object_definition(value) is not None:
        return _object(value)
    return value


def _read(value: Any, field: StrawberryField) -> Any:
    """One field of an object, as a query would get it: from its resolver, if it has one."""
    return getattr(value, field.python_name) if field.base_resolver is None else field.base_resolver(value)


def _object(value: Any) -> State:
    """A value object (Money, DateInterval, RecordInfo ...) with every field a query could ask of it."""
    return {_name(field): _value(_read(value, field)) for field in get_object_definition(value, strict=True).fields}


def _type_name(field: StrawberryField) -> str:
    target: Any = field.type
    if isinstance(target, StrawberryOptional):
        target = target.of_type
    if isinstance(target, LazyType):
        target = target.resolve_type()
    return str(getattr(target, "type_name", target.__name__))


def _links(fields: dict[str, StrawberryField]) -> dict[str, Callable[[Any], str | None]]:
    """The related records a type holds by key (`provider_pk`, `subject_key`), as global IDs under the field's name.

    A key is a primary key of the field's type, or, for a field that may be of several types, (kind, pk).
    """
    links: dict[str, Callable[[Any], str | None]] = {}
    for private in fields.values():
        stem = private.python_name.removesuffix("_pk").removesuffix("_key")
        if not is_private(private.type) or stem == private.python_name or stem not in fields:
            continue
        target = _type_name(fields[stem])

        def link(record: Any, attribute: str = private.python_name, target: str = target) -> str | None:
            key = getattr(record, attribute)
            if isinstance(key, tuple):
                kind, key = key
                target = "".join(word.capitalize() for word in str(kind).split("_"))
            return None if key is None else global_id(target, key)

        links[_name(fields[stem])] = link
    return links


def state_shower(record_type: type[Any], model: type[Any]) -> Callable[[Mapping[str, Any]], State]:
    """How to show a stored state of one record type (its table's columns) as the record's GraphQL fields."""
    definition = get_object_definition(record_type, strict=True)
    relations: Mapping[str, Any] = getattr(record_type, "relations", {})
    fields = {field.python_name: field for field in definition.fields}
    links = _links(fields)
    plain = [
        field
        for field in definition.fields
        if field.python_name not in NOT_STATE
        and not is_private(field.type)
        and (field.base_resolver is None or field.metadata.get(FROM_ROW, False))
        and _name(field) not in relations
        and _name(field) not in links
    ]

    def show(stored: Mapping[str, Any]) -> State:
        record = record_type.from_row(_Columns(model, stored))
        shown = {_name(field): _value(_read(record, field)) for field in plain}
        shown.update({name: link(record) for name, link in links.items()})
        return shown

    return show


def changed_fields(before: State | None, after: State) -> list[str]:
    """The fields a change set or altered, `record` by its parts (`record.source`), leaving out bookkeeping."""
    earlier = before or {}
    names: list[str] = []
    for name, value in after.items():
        if name == "record":
            names += [f"record.{part}" for part in changed_fields(earlier.get("record"), value)]
        elif name in BOOKKEEPING:
            continue
        elif (value != earlier.get(name)) if before is not None else value is not None:
            names.append(name)
    return names
