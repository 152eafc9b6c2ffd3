"""A record's history as front ends see it: every accepted write, who made it, and the record before and after."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from db.models import ChangeKind as DbChangeKind

# Bookkeeping every write moves; `changed` leaves them out so it names what the writer changed.
BOOKKEEPING = frozenset({"version", "created_at", "updated_at"})


@strawberry.enum(description="What a change did to its record.")
class ChangeKind(enum.Enum):
    CREATE = strawberry.enum_value("CREATE", description="Added the record to the register.")
    UPDATE = strawberry.enum_value("UPDATE", description="Changed some of the record's fields.")
    RETIRE = strawberry.enum_value(
        "RETIRE", description="Retired the record: it keeps its ID and history, but lists leave it out."
    )


assert {k.name for k in ChangeKind} == {k.value for k in DbChangeKind}


@strawberry.type(description="One accepted write to a record: who made it, when, and the record before and after.")
class Change:
    at: datetime = strawberry.field(description="When the register accepted the write (UTC).")
    actor: str = strawberry.field(description="The name of the API token that made the write.")
    kind: ChangeKind = strawberry.field(description="Whether the write created, updated or retired the record.")
    version: int = strawberry.field(description="The record's version after the write.")
    before: JSON | None = strawberry.field(
        description="The record's columns before the write (null for a create): dates as ISO text, money in pence."
    )
    after: JSON = strawberry.field(description="The record's columns after the write, in the same form as `before`.")
    changed: list[str] = strawberry.field(
        description="The columns the write set or altered, leaving out the version and timestamps every write moves."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Change:
        """The change in a row of the change table."""
        before: dict[str, Any] = row.before or {}
        after: dict[str, Any] = row.after
        changed = [
            column
            for column, value in after.items()
            if column not in BOOKKEEPING
            and (before.get(column) != value if row.before is not None else value is not None)
        ]
        return cls(
            at=row.at,
            actor=row.actor,
            kind=ChangeKind[row.kind],
            version=row.version,
            before=JSON(row.before),
            after=JSON(after),
            changed=changed,
        )
