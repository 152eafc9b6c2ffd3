"""Ordering inputs: one direction enum, and the way a chosen field becomes a keyset ordering."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

import strawberry

from schema.keyset import Ordering, SortKey

Field = TypeVar("Field", bound=enum.Enum)


@strawberry.enum(description="Which way a list is ordered.")
class OrderDirection(enum.Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest, earliest or A first.")
    DESC = strawberry.enum_value("DESC", description="Largest, latest or Z first.")


def ordering(field: Field, direction: OrderDirection, keys: Mapping[Field, tuple[SortKey, ...]]) -> Ordering:
    """The keyset ordering for a field and direction; the keys always end with the primary key."""
    return Ordering(
        name=f"{field.name}:{direction.name}", keys=keys[field], descending=direction is OrderDirection.DESC
    )
