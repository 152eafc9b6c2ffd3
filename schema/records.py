"""What every record type shows besides its own fields: its version, timestamps and provenance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Row


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
