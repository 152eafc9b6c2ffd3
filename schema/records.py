"""What every record type shows besides its own fields: its version, timestamps and provenance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Row

# Marks a field worked out from the record's row by a resolver, so only when a query asks for it, yet still part of
# the record's state as its history shows it (schema/history/states.py), as a plain field is.
FROM_ROW = "from_row"


def row_field(description: str) -> Any:
    """A record's field worked out from its row when a query asks for it: decorate the method that works it out."""
    return strawberry.field(description=description, metadata={FROM_ROW: True})


@strawberry.type(description="When and where a record came from, and its version for concurrent edits.")
class RecordInfo:
    version: int = strawberry.field(description="Goes up by one with each accepted change; name it when updating.")
    created_at: datetime = strawberry.field(description="When the register first recorded it.")
    updated_at: datetime = strawberry.field(description="When the register last changed it.")
    source: str | None = strawberry.field(
        description="Provenance: the paper and section, or the import file and line, it came from."
    )
    retired_at: datetime | None = strawberry.field(
        default=None, description="When it was retired: lists leave it out, but it keeps its ID and history."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> RecordInfo:
        """The record information in a row of any editable table."""
        return cls(
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            source=row.source,
            retired_at=row.retired_at,
        )


@strawberry.type
class FromRow:
    """A record worked out from its table's row: its `record`, and each field marked `row_field`, read the row only
    when a query asks for them."""

    row: strawberry.Private[Row[Any]]

    @row_field("Version, timestamps and provenance of this record.")
    def record(self) -> RecordInfo:
        return RecordInfo.from_row(self.row)
