"""A record's history as front ends see it: every accepted write, who made it, and the record before and after."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from db.models import ChangeKind as DbChangeKind
from schema.history.states import State, changed_fields


@strawberry.enum(description="What a change did to its record; a record's first change is SEED, IMPORT or CREATE.")
class ChangeKind(enum.Enum):
    SEED = strawberry.enum_value(
        "SEED", description="Brought the record onto the register from the council's papers (see `origin`)."
    )
    IMPORT = strawberry.enum_value(
        "IMPORT",
        description="Brought the record onto the register from an imported file, a Transparency Code CSV or an "
        "OCDS package (see `origin`).",
    )
    CREATE = strawberry.enum_value("CREATE", description="Added the record to the register through the API.")
    UPDATE = strawberry.enum_value("UPDATE", description="Changed some of the record's fields.")
    RETIRE = strawberry.enum_value(
        "RETIRE", description="Retired the record: it keeps its ID and history, but lists leave it out."
    )


assert {k.name for k in ChangeKind} == {k.value for k in DbChangeKind}

STATE = (
    "in the API's own terms: the record's fields by their GraphQL names, as a query of the record returns them "
    "(money as Decimal strings in pounds, dates as DateIntervals with their text, earliest and latest days, "
    "related records by global ID, and `record` with its provenance)"
)


@strawberry.type(description="One accepted write to a record: who made it, when, and the record before and after.")
class Change:
    at: datetime = strawberry.field(description="When the register accepted the write (UTC).")
    actor: str = strawberry.field(
        description="Who made the write: the API token's name, the name an import was run under, or "
        "'register seed' for the papers' transcription."
    )
    kind: ChangeKind = strawberry.field(description="Whether the write seeded, imported, created, updated or retired.")
    origin: str | None = strawberry.field(
        description="Where the record came from, for a SEED (the seed file, the record in it and the paper it is "
        "transcribed from) or an import's IMPORT or UPDATE (the format, the file and the line or process); "
        "null for writes through the API."
    )
    version: int = strawberry.field(description="The record's version after the write.")
    before: JSON | None = strawberry.field(
        description=f"The record before the write (null for a first change), {STATE}."
    )
    after: JSON = strawberry.field(description="The record after the write, in the same form as `before`.")
    changed: list[str] = strawberry.field(
        description="The fields the write set or altered, by their GraphQL names (`end`, `annualValue`, "
        "`record.source`), leaving out the version and timestamps every write moves."
    )

    @classmethod
    def from_row(cls, row: Row[Any], show: Callable[[Mapping[str, Any]], State], **extra: Any) -> Change:
        """The change in a row of the change table, its states shown by `show` (the record type's); a subtype
        passes its own fields in `extra`."""
        before = None if row.before is None else show(row.before)
        after = show(row.after)
        return cls(
            at=row.at,
            actor=row.actor,
            kind=ChangeKind[row.kind],
            origin=row.origin,
            version=row.version,
            before=JSON(before),
            after=JSON(after),
            changed=changed_fields(before, after),
            **extra,
        )
